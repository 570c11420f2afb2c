"""Relations the document states in two steps, read once every sentence is done.

- `deploy-via-base`:    "the 8th Fighter Wing at Kunsan Air Base" and, anywhere in the text,
                        "Kunsan Air Base, South Korea": the wing is deployed to South Korea too
- `deploy-force-state`: "the U.S. Air Force deployed F-35s to Poland": a national armed
                        force's deployment is its state's

Each keeps the sentence of the deployment as its evidence and a lower confidence.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from graph.extract.rules.base import Found
from graph.extract.rules.registry import fired
from graph.model import RelationType

__all__ = ["inferred"]

_E = TypeVar("_E")
_LOCATED, _DEPLOYED = RelationType.LOCATED_IN, RelationType.DEPLOYED_TO


def inferred(items: list[tuple[Found, _E]], forces: dict[str, str]) -> list[tuple[Found, _E]]:
    """The findings `items` (each with its evidence) imply, that they do not already hold."""
    host = {f.source: f.target for f, _ in items if f.type is _LOCATED and not f.ends}
    have = {(f.source, f.type, f.target) for f, _ in items}
    out: list[tuple[Found, _E]] = []

    def add(found: Found, base: Found, evidence: _E) -> None:
        key = (found.source, found.type, found.target)
        if found.source != found.target and key not in have:
            have.add(key)
            weaker = replace(found, confidence=round(base.confidence * found.confidence, 3))
            out.append((replace(weaker, ends=base.ends), evidence))

    for f, evidence in items:
        if f.type is not _DEPLOYED:
            continue
        state = forces.get(f.source)
        if state:
            add(fired("deploy-force-state", state, f.target), f, evidence)
        country = host.get(f.target)
        if country:
            add(fired("deploy-via-base", f.source, country), f, evidence)
            if state:
                add(fired("deploy-via-base", state, country), f, evidence)
    return out
