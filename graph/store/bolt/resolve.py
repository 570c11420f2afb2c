"""Write-time entity resolution for a batch of documents written in one transaction.

`BatchResolver.load` reads, once per batch, the stored entities the batch's
resolution keys point at and which of its entity ids exist; `lookup` and `exists`
then answer `graph.store.resolve.resolve` for each document in turn, also seeing the
entities written by earlier documents of the same batch (`pending`), so a batch
resolves exactly as the same documents upserted one by one would.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.errors import ExtractionError
from graph.model import Entity, EntityType, Extraction
from graph.store.bolt import cypher
from graph.store.prepare import merge_aliases
from graph.store.resolve import Candidate, resolution_keys

__all__ = ["BatchResolver", "PendingEntities"]

Tx = Any  # neo4j.ManagedTransaction


@dataclass
class PendingEntities:
    """Entities written earlier in the same batch, so later documents resolve against them."""

    entities: dict[str, Candidate] = field(default_factory=dict)
    keys: dict[str, set[str]] = field(default_factory=dict)

    def add(self, ent: Entity) -> None:
        prev = self.entities.get(ent.id)
        name = prev.name if prev else ent.name
        aliases = merge_aliases(list(prev.aliases) if prev else [], ent.aliases)
        self.entities[ent.id] = Candidate(ent.id, ent.type, name, tuple(aliases))
        for key in resolution_keys(ent.type, name, aliases):
            self.keys.setdefault(key, set()).add(ent.id)


@dataclass
class BatchResolver:
    """`lookup` and `exists` for `resolve`, reading the store once for the whole batch."""

    stored: dict[str, Candidate]
    stored_keys: dict[str, set[str]]
    existing: dict[str, str]  # id -> type of every batch entity id already stored
    pending: PendingEntities = field(default_factory=PendingEntities)

    @classmethod
    def load(cls, tx: Tx, prepared: Sequence[Extraction]) -> BatchResolver:
        keys: set[str] = set()
        types: dict[str, str] = {}
        for ex in prepared:
            for ent in ex.entities:
                types[ent.id] = ent.type.value
                keys.update(resolution_keys(ent.type, ent.name, ent.aliases))
        stored: dict[str, Candidate] = {}
        stored_keys: dict[str, set[str]] = {}
        for statement in cypher.RESOLUTION_CANDIDATES if keys else []:
            for rec in tx.run(statement, keys=sorted(keys)):
                cid = rec["id"]
                stored[cid] = Candidate(
                    cid, EntityType(rec["type"]), rec["name"], tuple(rec["aliases"] or ())
                )
                for key in rec["keys"] or ():
                    stored_keys.setdefault(key, set()).add(cid)
        existing = {r["id"]: r["type"] for r in tx.run(cypher.EXISTING_IDS, ids=sorted(types))}
        for eid, stored_type in existing.items():
            if stored_type != types[eid]:
                raise ExtractionError(
                    f"entity {eid!r} is stored as {stored_type}, not {types[eid]}"
                )
        return cls(stored, stored_keys, existing)

    def _candidate(self, cid: str) -> Candidate:
        old, new = self.stored.get(cid), self.pending.entities.get(cid)
        if old and new:
            aliases = merge_aliases(list(old.aliases), list(new.aliases))
            return Candidate(cid, old.type, old.name, tuple(aliases))
        found = old or new
        assert found is not None
        return found

    def lookup(self, wanted: Sequence[str]) -> list[Candidate]:
        hits: set[str] = set()
        for key in wanted:
            hits.update(self.stored_keys.get(key, ()))
            hits.update(self.pending.keys.get(key, ()))
        return [self._candidate(cid) for cid in sorted(hits)]

    def exists(self, entity_id: str) -> bool:
        return entity_id in self.existing or entity_id in self.pending.entities

    def stored_before(self) -> set[str]:
        """Ids of the batch's entities that the store held before it."""
        return set(self.existing) | set(self.stored)
