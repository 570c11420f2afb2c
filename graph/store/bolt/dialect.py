"""The few differences between Bolt servers the Bolt store talks to.

Neo4j 5 is the production server; ArcadeDB (which speaks Bolt and openCypher) runs the
tests. Every statement in `graph.store.cypher` works on both; what differs is here:

- `fulltext`: Neo4j has `CREATE FULLTEXT INDEX` and `db.index.fulltext.queryNodes`, used
  to widen name-search candidates with fuzzy matches; elsewhere a portable
  prefix/CONTAINS match on the folded `search_keys` list is used alone.
- `constraint_retries`: ArcadeDB may reject one of two concurrent `MERGE`s of the same
  new id with `ConstraintError` (Neo4j serialises them under the uniqueness constraint,
  and only two writers of one new document collide there). The upsert is idempotent,
  so the store runs it again.
- `create_types`: ArcadeDB creates a type for each label combination and relationship
  type on first use, and two transactions doing so at once make one fail; the store
  creates them all when it sets the schema up.
- `batch_size`: rows per `UNWIND`; the configured size, capped where a server slows
  down sharply on larger batches.
- `counter_first`: where a writing transaction takes the change-feed counter. Neo4j
  locks, so first (writers queue there, in commit order); ArcadeDB does not lock
  but fails the later of two writers that both took it, so last, which keeps the
  window for such collisions short (see `graph.store.bolt.changes`).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ARCADEDB", "NEO4J", "Dialect", "detect"]


@dataclass(frozen=True)
class Dialect:
    name: str
    fulltext: bool
    constraint_retries: int
    create_types: bool
    max_batch: int
    counter_first: bool

    def batch_size(self, configured: int) -> int:
        """Rows per UNWIND batch for this server."""
        return max(1, min(configured, self.max_batch))


NEO4J = Dialect(
    name="neo4j",
    fulltext=True,
    constraint_retries=2,
    create_types=False,
    max_batch=50_000,
    counter_first=True,
)
# ArcadeDB slowed down sharply with 5,000+ row batches that update existing nodes.
ARCADEDB = Dialect(
    name="arcadedb",
    fulltext=False,
    constraint_retries=10,
    create_types=True,
    max_batch=2_000,
    counter_first=False,
)


def detect(agent: str, override: str | None = None) -> Dialect:
    """The dialect for a server agent string (`driver.get_server_info().agent`).

    `override` ("neo4j" or "arcadedb") wins when given. ArcadeDB announces itself as
    "Neo4j/5.x compatible (ArcadeDB ...)", so it is matched first.
    """
    name = (override or "").strip().lower()
    if name:
        for dialect in (NEO4J, ARCADEDB):
            if dialect.name == name:
                return dialect
        raise ValueError(f"unknown Bolt dialect {override!r}; expected 'neo4j' or 'arcadedb'")
    return ARCADEDB if "arcadedb" in agent.lower() else NEO4J
