"""`RawMention`: a typed span found in a parsed chunk, before linking."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.model import EntityType

__all__ = ["RawMention"]


@dataclass
class RawMention:
    """A span of text naming something; `key` is a fixed entity id when already known."""

    start: int  # char offsets into the chunk (shifted to the full text by the caller)
    end: int
    text: str
    type: EntityType | None  # None: only a person if linking finds the surname elsewhere
    key: str | None = None
    name: str | None = None
    source: str = "stat"
    tok_start: int = 0
    tok_end: int = 0
    adjective: bool = False  # demonym/adjective form ("Russian")
    extra: dict[str, str] = field(default_factory=dict)
    entity: str | None = None  # entity id, set by linking
