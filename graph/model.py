"""The schema shared by extraction, stores, the API and the client.

Everything that crosses a package boundary is one of these pydantic models. The
module imports only pydantic and the standard library, so the client stays light.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "RELATION_SIGNATURES",
    "SYMMETRIC_RELATIONS",
    "Change",
    "ChangeKind",
    "ChangePage",
    "Document",
    "DocumentDetail",
    "DocumentSummary",
    "Edge",
    "Ending",
    "Entity",
    "EntityDetail",
    "EntityRef",
    "EntitySummary",
    "EntityType",
    "Evidence",
    "Extraction",
    "Mention",
    "Path",
    "Relation",
    "RelationType",
    "Stats",
    "StoredRelation",
    "Subgraph",
    "UpsertResult",
    "document_id",
    "entity_id",
    "fold",
    "normalise_text",
    "slugify",
]


class EntityType(StrEnum):
    """Node labels (besides `Entity`). The first four are the scored types."""

    COUNTRY = "Country"
    ORGANISATION = "Organisation"
    PERSON = "Person"
    MILITARY_BASE = "MilitaryBase"
    REGION = "Region"
    CITY = "City"


class RelationType(StrEnum):
    """Relationship types: a closed set, the only ones ever written to a store."""

    MEMBER_OF = "MEMBER_OF"
    LEADER_OF = "LEADER_OF"
    LOCATED_IN = "LOCATED_IN"
    OPERATES = "OPERATES"
    VISITED = "VISITED"
    DEPLOYED_TO = "DEPLOYED_TO"
    ALLIED_WITH = "ALLIED_WITH"
    OPPOSES = "OPPOSES"
    BORDERS = "BORDERS"
    MET_WITH = "MET_WITH"


SYMMETRIC_RELATIONS: frozenset[RelationType] = frozenset(
    {RelationType.ALLIED_WITH, RelationType.BORDERS, RelationType.MET_WITH}
)

_C, _O, _P, _B = (
    EntityType.COUNTRY,
    EntityType.ORGANISATION,
    EntityType.PERSON,
    EntityType.MILITARY_BASE,
)

# Which entity types each relation may join: (allowed sources, allowed targets).
RELATION_SIGNATURES: dict[RelationType, tuple[frozenset[EntityType], frozenset[EntityType]]] = {
    RelationType.MEMBER_OF: (frozenset({_C, _O}), frozenset({_O})),
    RelationType.LEADER_OF: (frozenset({_P}), frozenset({_C, _O})),
    RelationType.LOCATED_IN: (frozenset({_B}), frozenset({_C})),
    RelationType.OPERATES: (frozenset({_C, _O}), frozenset({_B})),
    RelationType.VISITED: (frozenset({_P}), frozenset({_C, _B})),
    RelationType.DEPLOYED_TO: (frozenset({_C, _O}), frozenset({_C, _B})),
    RelationType.ALLIED_WITH: (frozenset({_C}), frozenset({_C})),
    RelationType.OPPOSES: (frozenset({_C, _O, _P}), frozenset({_C, _O})),
    RelationType.BORDERS: (frozenset({_C}), frozenset({_C})),
    RelationType.MET_WITH: (frozenset({_P}), frozenset({_P})),
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- text helpers -------------------------------------------------------------

_WS = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """NFC, unified line ends, trailing spaces stripped: the form a document id hashes."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def document_id(text: str) -> str:
    """`doc:` + the first 16 hex digits of sha256 of the normalised text."""
    digest = hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()
    return f"doc:{digest[:16]}"


def fold(text: str) -> str:
    """Fold a name for comparison: ASCII, lower case, punctuation to spaces, no "the"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split()
    return " ".join(w for w in words if w != "the")


def slugify(text: str) -> str:
    """`Vladimir Putin` -> `vladimir-putin`; `201st Military Base` -> `201st-military-base`."""
    return fold(text).replace(" ", "-") or "unnamed"


_ID_PREFIX = {
    EntityType.COUNTRY: "country",
    EntityType.ORGANISATION: "org",
    EntityType.PERSON: "person",
    EntityType.MILITARY_BASE: "base",
    EntityType.REGION: "region",
    EntityType.CITY: "city",
}


def entity_id(type_: EntityType, key: str) -> str:
    """Stable id: `country:KAZ` (key is the ISO alpha-3 code), else `<prefix>:<slug>`."""
    if type_ is EntityType.COUNTRY and re.fullmatch(r"[A-Z]{3}", key):
        return f"country:{key}"
    return f"{_ID_PREFIX[type_]}:{slugify(key)}"


# --- extraction ---------------------------------------------------------------


class Mention(_Model):
    """One surface form of an entity; offsets index the original input text."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Entity(_Model):
    id: str
    type: EntityType
    name: str
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)


class Evidence(_Model):
    """One sentence supporting a relation."""

    doc_id: str = ""
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    rule: str
    confidence: float = Field(ge=0.0, le=1.0)
    date: str | None = None  # ISO 8601 date the sentence gives, if any
    # True when the sentence states the relation's end (a withdrawal, a suspension, a
    # resignation, a ceasefire) rather than the relation itself.
    ends: bool = False


class Relation(_Model):
    source: str
    type: RelationType
    target: str
    confidence: float = Field(ge=0.0, le=1.0)
    properties: dict[str, str] = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)

    @model_validator(mode="after")
    def _symmetric_in_id_order(self) -> Relation:
        if self.type in SYMMETRIC_RELATIONS and self.source > self.target:
            self.source, self.target = self.target, self.source
        return self


class Document(_Model):
    id: str
    source: str | None = None  # file path or URL the text came from
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date
    # Who published it: JSONL `publisher` (or `source`), else the URL's registered domain.
    publisher: str | None = None
    text: str = ""


class Extraction(_Model):
    """What the extractor returns for one document."""

    document: Document
    entities: list[Entity] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)

    def to_contract(self) -> dict[str, object]:
        """The per-document object of `geokg extract --format json` (docs/design.md)."""
        return {
            "id": self.document.id,
            "source": self.document.source,
            "entities": [e.model_dump(mode="json") for e in self.entities],
            "relations": [r.model_dump(mode="json") for r in self.relations],
        }


# --- what stores answer -------------------------------------------------------


class EntityRef(_Model):
    id: str
    type: EntityType
    name: str


class EntitySummary(EntityRef):
    aliases: list[str] = Field(default_factory=list)
    doc_count: int = 0
    score: float | None = None  # search rank, higher is better


class EntityDetail(EntitySummary):
    relation_counts: dict[str, int] = Field(default_factory=dict)


class Ending(_Model):
    """A relation's current end: the latest statement of its end, with no later one of
    the relation itself (a relation stated again after its end is current again)."""

    on: str | None = None  # the latest dated statement of the end (YYYY-MM-DD)
    doc_ids: list[str] = Field(default_factory=list)  # documents stating an end


class StoredRelation(_Model):
    """A relation as stored: aggregates over all its evidence.

    `first_seen`/`last_seen` span the evidence stating the relation (its dates, or the
    documents' `published` dates); `sources` counts documents per independent publisher;
    `contested` marks a relation with evidence of its end (ended, resumed, or an end
    without a start), whose evidence then holds both sides (`Evidence.ends`).
    """

    source: str
    type: RelationType
    target: str
    confidence: float = Field(ge=0.0, le=1.0)
    evidence_count: int = 0
    doc_ids: list[str] = Field(default_factory=list)
    first_seen: str | None = None
    last_seen: str | None = None
    ended: Ending | None = None
    contested: bool = False
    sources: dict[str, int] = Field(default_factory=dict)
    properties: dict[str, str] = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)


class Edge(_Model):
    """A relation without its evidence, for drawing and paths."""

    source: str
    type: RelationType
    target: str
    confidence: float
    evidence_count: int
    ended: Ending | None = None


class Subgraph(_Model):
    nodes: list[EntitySummary] = Field(default_factory=list)
    edges: list[Edge] = Field(default_factory=list)


class Path(_Model):
    nodes: list[EntityRef]
    relations: list[Edge]


class DocumentSummary(_Model):
    id: str
    source: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    publisher: str | None = None
    entity_count: int = 0
    relation_count: int = 0


class DocumentDetail(DocumentSummary):
    entities: list[EntityRef] = Field(default_factory=list)
    relations: list[StoredRelation] = Field(default_factory=list)


class Stats(_Model):
    documents: int
    entities: dict[str, int]
    relations: dict[str, int]
    evidence: int


ChangeKind = Literal[
    "entity_created",
    "entity_removed",
    "relation_created",
    "evidence_added",
    "evidence_removed",
    "relation_ended",
    "relation_resumed",
    "relation_removed",
]


class Change(_Model):
    """One entry of the change feed: what a document's write or delete did to the graph.

    Entity changes name `entity`; relation changes name `source`, `type` and `target`.
    `seq` orders the feed (commit order); `at` is when the change was stored (UTC).
    """

    seq: int
    at: str
    kind: ChangeKind
    doc_id: str
    entity: str | None = None
    source: str | None = None
    type: RelationType | None = None
    target: str | None = None


class ChangePage(_Model):
    """A page of the change feed. Pass `cursor` back to read on from this page's end:
    `more` says whether further changes are there now; later writes continue after it."""

    changes: list[Change] = Field(default_factory=list)
    cursor: str
    more: bool = False


class UpsertResult(_Model):
    doc_id: str
    status: Literal["created", "updated", "unchanged"]
    replaced: list[str] = Field(default_factory=list)  # doc ids superseded (same url)
    merged: dict[str, str] = Field(default_factory=dict)  # entity id -> existing id it joined
    ambiguous: list[str] = Field(default_factory=list)  # entity ids left apart on purpose
