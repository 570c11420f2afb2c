"""The Bolt store's change feed: `(:Change)` nodes written with each document write.

Every writing transaction with changes writes the one change counter, so concurrent
writers serialise on it and commit order is `seq` order. A reader paging by `seq`
therefore never sees a later seq before every earlier one has committed, which is
what makes the feed's cursors exact. The log collects the transaction's changes as
they are found and `write` stores them, numbered on from the counter, at the end.

Where the counter is taken depends on the server (`Dialect.counter_first`): Neo4j
locks, so the counter is the transaction's first statement and later writers wait
there (taking it first also means no writer holds it while waiting for another
lock). ArcadeDB does not lock: the later of two writers that took the counter fails
at commit (a concurrent modification, or a duplicate `Change.seq`) and runs again,
so there the counter is taken last, when the changes are known, which keeps the
stretch in which two writers can collide short.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from graph.model import Change, ChangeKind, ChangePage
from graph.store.aggregate import RelationKey
from graph.store.bolt import cypher

__all__ = ["ChangeLog", "changes_page"]

Tx = Any  # neo4j.ManagedTransaction


@dataclass(frozen=True)
class _Counter:
    seq: int  # the last seq used
    at: str  # the last change's time ("" before the first)


def _take_counter(tx: Tx) -> _Counter:
    """Lock the change counter and read where the feed stands."""
    record = tx.run(cypher.LOCK_CHANGE_COUNTER, counter=cypher.CHANGE_COUNTER).single()
    if record is None:
        return _Counter(0, "")
    return _Counter(int(record["seq"] or 0), record["at"] or "")


@dataclass
class ChangeLog:
    """The changes of one writing transaction, numbered after the counter (read when
    the counter was taken)."""

    counter: _Counter | None = None
    rows: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def start(cls, tx: Tx, counter_first: bool) -> ChangeLog:
        """A log for a transaction; call before its first statement."""
        return cls(_take_counter(tx) if counter_first else None)

    def entity(self, kind: ChangeKind, doc_id: str, entity_id: str) -> None:
        self.rows.append({"kind": kind, "doc_id": doc_id, "entity": entity_id})

    def relation(self, kind: ChangeKind, doc_id: str, key: RelationKey) -> None:
        source, rel_type, target = key
        self.rows.append(
            {
                "kind": kind,
                "doc_id": doc_id,
                "source": source,
                "type": rel_type.value,
                "target": target,
            }
        )

    def write(self, tx: Tx, batch_size: int) -> None:
        """Store the changes with their seq and time, and move the counter on.

        The time is now (UTC, always with microseconds, so times compare as strings)
        but never before the feed's last, so times rise with seq even when the clock
        steps back or writers' clocks disagree, and `since` means a stretch of seqs.
        """
        if not self.rows:
            return
        counter = self.counter or _take_counter(tx)
        at = max(datetime.now(UTC).isoformat(timespec="microseconds"), counter.at)
        rows = [{**row, "seq": counter.seq + n, "at": at} for n, row in enumerate(self.rows, 1)]
        for start in range(0, len(rows), batch_size):
            tx.run(cypher.CREATE_CHANGES, rows=rows[start : start + batch_size])
        tx.run(cypher.SET_CHANGE_COUNTER, counter=cypher.CHANGE_COUNTER, seq=rows[-1]["seq"], at=at)


def changes_page(
    tx: Tx, since: str | None, entity: str | None, after: int, limit: int
) -> ChangePage:
    """Changes after seq `after` (at or after `since`, touching `entity`), oldest first."""
    limit = max(limit, 0)
    rows = list(
        tx.run(cypher.CHANGES_PAGE, after=after, since=since, entity=entity, limit=limit + 1)
    )
    changes = [Change(**{k: v for k, v in rec.items() if v is not None}) for rec in rows[:limit]]
    cursor = str(changes[-1].seq) if changes else str(after)
    return ChangePage(changes=changes, cursor=cursor, more=len(rows) > limit)
