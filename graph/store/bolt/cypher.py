"""Every Cypher statement the Bolt store runs, and nothing else.

Values always travel as parameters. Labels and relationship types appear in the text
only from the closed enums `EntityType` and `RelationType` (plus `Entity`, `Document`
and `MENTIONS`), built once at import into per-type statements; `labelled()` and
`typed()` look them up and refuse anything else. Statements stay inside what both
Neo4j 5 and ArcadeDB accept (see `graph.store.dialect` for the few differences).

Storage layout, chosen to read well in Neo4j Browser:

- `(:Entity:<EntityType> {id, type, name, aliases, search_keys, resolve_keys,
  resolve_key, resolve_multi})`;
- `(:Document {id, title, url, source, published, publisher, text, ingested_at,
  entity_count, relation_count})-[:MENTIONS {count, aliases}]->(:Entity)`;
- `(:Entity)-[:<RelationType> {confidence, evidence_count, doc_ids, first_seen,
  last_seen, ends, ended, ended_on, ended_docs, span_starts, span_ends, source_names,
  source_counts, ev_doc, ev_text, ev_start, ev_end, ev_rule, ev_conf, ev_date, ev_ends,
  <property>...}]->(:Entity)`: evidence as parallel lists (`ev_date` "" when a sentence
  gives none; `ev_ends` true for a sentence stating the relation's end). The aggregates
  are `graph.store.aggregate.Aggregates`: `ends` counts the evidence of an end, `ended`
  (with `ended_on`, `ended_docs`) marks a relation whose latest end is current;
  `span_starts`/`span_ends` are parallel lists of the stretches when the relation held
  ("" for an open end), absent when there is no evidence of an end (then it holds from
  `first_seen`); `source_names`/`source_counts` count documents per publisher;
- `(:Change {seq, at, kind, doc_id, entity, source, type, target})`: the change feed,
  one node per change, written in the transaction that made it; `seq` comes from the
  one `(:ChangeCounter {id: 'feed', seq, at})`, taken by every writing transaction, so
  seq order is commit order; `at` (UTC, microseconds) never falls behind the last.
"""

from __future__ import annotations

from graph.model import EntityType, RelationType

__all__ = [
    "ALL_ALIASES",
    "ALL_RELATION_TYPES",
    "CHANGES_PAGE",
    "CHANGE_COUNTER",
    "COUNT_ALL",
    "COUNT_CHANGES",
    "COUNT_DOCUMENTS",
    "CREATE_CHANGES",
    "CREATE_DOCUMENTS",
    "CREATE_ENTITIES",
    "CREATE_RELATIONS",
    "DELETE_DOCUMENT",
    "DELETE_ENTITIES",
    "DELETE_RELATIONS",
    "DOCUMENTS_BY_URL",
    "DOCUMENTS_PAGE",
    "DOCUMENT_DATES",
    "DOCUMENT_DETAIL",
    "DOCUMENT_EVIDENCE",
    "DOCUMENT_EXPORT",
    "DOCUMENT_RELATIONS",
    "EDGES_AMONG",
    "ENTITIES_BY_ID",
    "ENTITY_DETAIL",
    "ENTITY_EXPORT",
    "ENTITY_LISTING",
    "EVIDENCE_LISTS",
    "EXISTING_DOCUMENTS",
    "EXISTING_IDS",
    "FULLTEXT_INDEX",
    "FULLTEXT_QUERY",
    "HOLDS_ON",
    "INCIDENT",
    "LOCK_CHANGE_COUNTER",
    "MAX_HOPS",
    "MERGE_RELATIONS",
    "NODE_PROPERTIES",
    "ORPHANS_OF_DOCUMENT",
    "PING",
    "REFERENCE_DOCUMENTS",
    "REFERENCE_ENTITIES",
    "REFERENCE_MENTIONS",
    "REFERENCE_RELATIONS",
    "REFERENCE_SCHEMA",
    "RELATIONSHIP_PROPERTIES",
    "RELATIONS_AT",
    "RELATIONS_PAGE",
    "RELATION_EXPORT",
    "RESOLUTION_CANDIDATES",
    "SCHEMA",
    "SEARCH_CANDIDATES",
    "SET_CHANGE_COUNTER",
    "SET_EVIDENCE",
    "SHORTEST_PATHS",
    "SHOW_CONSTRAINTS",
    "STATS_ENTITIES",
    "STATS_RELATIONS",
    "TYPE_PROBES",
    "UPDATE_ENTITIES",
    "WIPE_BATCH",
    "labelled",
    "typed",
]

ALL_RELATION_TYPES = "|".join(t.value for t in RelationType)
EVIDENCE_LISTS = (
    "ev_doc",
    "ev_text",
    "ev_start",
    "ev_end",
    "ev_rule",
    "ev_conf",
    "ev_date",
    "ev_ends",
)
MAX_HOPS = 10
CHANGE_COUNTER = "feed"  # id of the one ChangeCounter node

# --- schema -------------------------------------------------------------------

SCHEMA = [
    "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE",
    "CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name)",
    "CREATE INDEX entity_type IF NOT EXISTS FOR (n:Entity) ON (n.type)",
    "CREATE INDEX document_url IF NOT EXISTS FOR (n:Document) ON (n.url)",
    "CREATE INDEX entity_resolve_key IF NOT EXISTS FOR (n:Entity) ON (n.resolve_key)",
    "CREATE INDEX entity_resolve_multi IF NOT EXISTS FOR (n:Entity) ON (n.resolve_multi)",
    "CREATE CONSTRAINT change_seq IF NOT EXISTS FOR (n:Change) REQUIRE n.seq IS UNIQUE",
    "CREATE INDEX change_at IF NOT EXISTS FOR (n:Change) ON (n.at)",
    "CREATE CONSTRAINT change_counter_id IF NOT EXISTS "
    "FOR (n:ChangeCounter) REQUIRE n.id IS UNIQUE",
]
# Neo4j only (dialect.fulltext): fuzzy candidates for name search.
FULLTEXT_INDEX = (
    "CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.aliases]"
)
# ArcadeDB makes a type per label combination and relationship type on first use, and
# two transactions doing that at once make one fail: create them all at set-up.
TYPE_PROBES = [
    *(f"CREATE (n:Entity:{t.value} {{id: $id}}) DELETE n" for t in EntityType),
    "CREATE (n:Change {id: $id}) DELETE n",
    "CREATE (n:ChangeCounter {id: $id}) DELETE n",
    *(
        f"CREATE (a:Document {{id: $id}})-[r:{t}]->(b:Document {{id: $other}}) DELETE r, a, b"
        for t in [*(r.value for r in RelationType), "MENTIONS"]
    ),
]
SHOW_CONSTRAINTS = "SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties RETURN *"
PING = "RETURN 1 AS one"
WIPE_BATCH = "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"

# --- writes -------------------------------------------------------------------


# Entities are matched by `(:Entity {id})` only: the uniqueness constraint's index
# serves that on every server, while ArcadeDB scans for a two-label pattern. Existing
# entities get new aliases and keys appended (read and written in one clause, so
# concurrent writers never lose each other's); the rest are created with both labels.
UPDATE_ENTITIES = (
    "UNWIND $rows AS row MATCH (n:Entity {id: row.id}) "
    "SET n.aliases = n.aliases + [a IN row.aliases WHERE NOT a IN n.aliases], "
    "n.search_keys = n.search_keys + [k IN row.search_keys WHERE NOT k IN n.search_keys], "
    "n.resolve_keys = n.resolve_keys + [k IN row.resolve_keys WHERE NOT k IN n.resolve_keys] "
    "SET n.resolve_key = n.resolve_keys[0], "
    "n.resolve_multi = CASE WHEN size(n.resolve_keys) > 1 THEN true END"
)


def _create_entities(label: EntityType) -> str:
    return f"UNWIND $rows AS row CREATE (n:Entity:{label.value}) SET n = row"


def _merge_relations(rel: RelationType) -> str:
    # A new relationship gets its lists and aggregates at once (`row.full`). An existing
    # one gets the new evidence appended in a clause that reads and writes r together,
    # so the write lock comes before the read and concurrent appends are never lost;
    # such rows come back (their aggregates are now stale) to be recomputed.
    # `coalesce`: relations stored before a list existed (`ev_ends`) gain it here.
    appends = ", ".join(f"r.{k} = coalesce(r.{k}, []) + row.{k}" for k in EVIDENCE_LISTS)
    returns = ", ".join(f"r.{k} AS {k}" for k in EVIDENCE_LISTS)
    return (
        "UNWIND $rows AS row "
        "MATCH (a:Entity {id: row.source}) MATCH (b:Entity {id: row.target}) "
        f"MERGE (a)-[r:{rel.value}]->(b) ON CREATE SET r += row.full "
        f"ON MATCH SET r += row.props, {appends} "
        "WITH row, r WHERE r.evidence_count <> size(r.ev_doc) "
        f"RETURN row.source AS source, row.target AS target, r.ended AS ended, {returns}"
    )


def _create_relations(rel: RelationType) -> str:
    # Only for relations with an end created in the same transaction: nobody else can
    # have joined that end yet, so there is nothing to merge with.
    return (
        "UNWIND $rows AS row "
        "MATCH (a:Entity {id: row.source}) MATCH (b:Entity {id: row.target}) "
        f"CREATE (a)-[r:{rel.value}]->(b) SET r = row.full"
    )


def _set_evidence(rel: RelationType) -> str:
    return (
        "UNWIND $rows AS row "
        f"MATCH (a:Entity {{id: row.source}})-[r:{rel.value}]->(b:Entity) "
        "WHERE b.id = row.target SET r += row.values"
    )


def _delete_relations(rel: RelationType) -> str:
    return (
        "UNWIND $rows AS row "
        f"MATCH (a:Entity {{id: row.source}})-[r:{rel.value}]->(b:Entity) "
        "WHERE b.id = row.target DELETE r"
    )


CREATE_ENTITIES = {t: _create_entities(t) for t in EntityType}
MERGE_RELATIONS = {t: _merge_relations(t) for t in RelationType}
CREATE_RELATIONS = {t: _create_relations(t) for t in RelationType}
SET_EVIDENCE = {t: _set_evidence(t) for t in RelationType}
DELETE_RELATIONS = {t: _delete_relations(t) for t in RelationType}

# CREATE, not MERGE: a second writer of the same new document fails on the uniqueness
# constraint and is retried, then finds the document stored and changes nothing.
# Documents with their MENTIONS in one statement, after the entities: the document
# is at hand, so only the entity is looked up.
CREATE_DOCUMENTS = (
    "UNWIND $rows AS row CREATE (d:Document) SET d = row.props "
    "WITH d, row UNWIND row.mentions AS m MATCH (n:Entity {id: m.id}) "
    "CREATE (d)-[:MENTIONS {count: m.count, aliases: m.aliases}]->(n)"
)
EXISTING_DOCUMENTS = "UNWIND $ids AS id MATCH (d:Document {id: id}) RETURN d.id AS id"
DOCUMENTS_BY_URL = (
    "UNWIND $rows AS row MATCH (d:Document {url: row.url}) WHERE d.id <> row.id "
    "RETURN row.id AS id, d.id AS replaced"
)
DOCUMENT_DATES = (
    "UNWIND $ids AS id MATCH (d:Document {id: id}) "
    "RETURN d.id AS id, d.published AS date, d.publisher AS publisher"
)
# Resolution candidates through indexes, not a scan: an entity's first key is the
# scalar `resolve_key`; the few entities with more keys carry `resolve_multi`.
_CANDIDATE_FIELDS = (
    "n.id AS id, n.type AS type, n.name AS name, n.aliases AS aliases, n.resolve_keys AS keys"
)
RESOLUTION_CANDIDATES = [
    f"MATCH (n:Entity) WHERE n.resolve_key IN $keys RETURN {_CANDIDATE_FIELDS}",
    "MATCH (n:Entity {resolve_multi: true}) WHERE any(k IN n.resolve_keys WHERE k IN $keys) "
    f"RETURN {_CANDIDATE_FIELDS}",
]
EXISTING_IDS = "UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n.id AS id, n.type AS type"

# Relations carrying a document's evidence, write-locked before they are read (both
# ends of such a relation are mentioned by the document).
DOCUMENT_EVIDENCE = (
    "MATCH (d:Document {id: $doc})-[:MENTIONS]->(a:Entity)"
    f"-[r:{ALL_RELATION_TYPES}]->(b:Entity) "
    "WHERE $doc IN r.doc_ids SET r.lock_ = true REMOVE r.lock_ "
    "RETURN a.id AS source, type(r) AS type, b.id AS target, r.ended AS ended, "
    + ", ".join(f"r.{k} AS {k}" for k in EVIDENCE_LISTS)
)
ORPHANS_OF_DOCUMENT = (
    "MATCH (d:Document {id: $doc})-[:MENTIONS]->(n:Entity) "
    "WHERE NOT EXISTS { MATCH (o:Document)-[:MENTIONS]->(n) WHERE o.id <> $doc } "
    "RETURN n.id AS id"
)
DELETE_ENTITIES = "UNWIND $ids AS id MATCH (n:Entity {id: id}) DETACH DELETE n"
DELETE_DOCUMENT = "MATCH (d:Document {id: $doc}) DETACH DELETE d RETURN count(*) AS deleted"

# The change feed. Every writing transaction locks the counter first (a write in the
# same clause as the read, so Neo4j locks before reading; ArcadeDB fails the later of
# two concurrent writers, which is retried): writers serialise and seq order is commit
# order. The counter is set to the last seq used once the transaction's changes are known.
# The counter also keeps the last change's time, so times never fall behind it.
LOCK_CHANGE_COUNTER = (
    "MERGE (c:ChangeCounter {id: $counter}) SET c.seq = coalesce(c.seq, 0) "
    "RETURN c.seq AS seq, c.at AS at"
)
SET_CHANGE_COUNTER = "MATCH (c:ChangeCounter {id: $counter}) SET c.seq = $seq, c.at = $at"
CREATE_CHANGES = "UNWIND $rows AS row CREATE (c:Change) SET c = row"

# --- reads --------------------------------------------------------------------

_ENTITY_FIELDS = (
    "n.id AS id, n.type AS type, n.name AS name, n.aliases AS aliases, "
    "COUNT { (:Document)-[:MENTIONS]->(n) } AS doc_count"
)
ENTITIES_BY_ID = f"UNWIND $ids AS id MATCH (n:Entity {{id: id}}) RETURN {_ENTITY_FIELDS}"
ENTITY_DETAIL = (
    f"MATCH (n:Entity {{id: $id}}) RETURN {_ENTITY_FIELDS}, "
    f"[(n)-[r:{ALL_RELATION_TYPES}]-(:Entity) | type(r)] AS rel_types"
)
ENTITY_LISTING = (
    "MATCH (n:Entity) WHERE $type IS NULL OR n.type = $type "
    "WITH n, COUNT { (:Document)-[:MENTIONS]->(n) } AS doc_count "
    "RETURN n.id AS id, n.type AS type, n.name AS name, n.aliases AS aliases, doc_count "
    "ORDER BY doc_count DESC, n.name, n.id SKIP $offset LIMIT $limit"
)
# Name search: candidates come back as (id, aliases) and are ranked in Python by the
# same `NameIndex` the memory store uses. Portable: a folded key containing the query.
SEARCH_CANDIDATES = (
    "MATCH (n:Entity) WHERE any(k IN n.search_keys WHERE k CONTAINS $q) "
    "RETURN n.id AS id, n.aliases AS aliases"
)
ALL_ALIASES = "MATCH (n:Entity) RETURN n.id AS id, n.aliases AS aliases"
# Neo4j only: fuzzy candidates from the full-text index ($query holds folded words only).
FULLTEXT_QUERY = (
    "CALL db.index.fulltext.queryNodes('entity_names', $query) YIELD node AS n "
    "RETURN n.id AS id, n.aliases AS aliases LIMIT $limit"
)

# What time and provenance filters read of a relation (see `read.aggregates_of`).
_TIME_FIELDS = (
    "r.confidence AS confidence, r.evidence_count AS evidence_count, "
    "r.first_seen AS first_seen, r.last_seen AS last_seen, r.ends AS ends, "
    "r.ended AS ended, r.ended_on AS ended_on, r.ended_docs AS ended_docs, "
    "r.span_starts AS span_starts, r.span_ends AS span_ends, "
    "r.source_names AS source_names, r.source_counts AS source_counts"
)
_EDGE_FIELDS = f"a.id AS source, type(r) AS type, b.id AS target, {_TIME_FIELDS}"
# Edges at any of $ids, both directions, with the end they were reached from.
INCIDENT = (
    f"UNWIND $ids AS id MATCH (x:Entity {{id: id}})-[r:{ALL_RELATION_TYPES}]-(:Entity) "
    "RETURN id AS at, startNode(r).id AS source, type(r) AS type, endNode(r).id AS target, "
    f"{_TIME_FIELDS}"
)
EDGES_AMONG = (
    f"UNWIND $ids AS id MATCH (a:Entity {{id: id}})-[r:{ALL_RELATION_TYPES}]->(b:Entity) "
    f"WHERE b.id IN $ids RETURN {_EDGE_FIELDS}"
)
_RELATION_FIELDS = "a.id AS source, type(r) AS type, b.id AS target, properties(r) AS props"
# Whether relation r held on $as_of, as `Aggregates.holds_on` decides: stated by then,
# and inside one of its spans when it has evidence of an end.
HOLDS_ON = (
    "r.first_seen <= $as_of AND (coalesce(r.ends, 0) = 0 OR "
    "any(i IN range(0, size(r.span_starts) - 1) WHERE r.span_starts[i] <= $as_of "
    "AND (r.span_ends[i] = '' OR $as_of < r.span_ends[i])))"
)
# Relations page, filtered before it is cut (so pages are right): symmetric relations
# match with either end as `source`.
_RELATION_FILTER = (
    "WHERE ($type IS NULL OR type(r) = $type) AND r.confidence >= $min_confidence "
    f"AND ($as_of IS NULL OR {HOLDS_ON}) "
    "AND size(coalesce(r.source_names, [])) >= $min_sources "
    "AND ($contested IS NULL OR (coalesce(r.ends, 0) > 0) = $contested) "
    "AND (($source IS NULL OR a = $source) AND ($target IS NULL OR b = $target) "
    " OR type(r) IN $symmetric AND ($source IS NULL OR b = $source) "
    " AND ($target IS NULL OR a = $target)) "
    "RETURN a AS source, type(r) AS type, b AS target, properties(r) AS props, "
    "r.confidence AS confidence "
    "ORDER BY confidence DESC, source, type, target SKIP $offset LIMIT $limit"
)
RELATIONS_PAGE = (
    f"MATCH (x:Entity)-[r:{ALL_RELATION_TYPES}]->(y:Entity) "
    f"WITH r, x.id AS a, y.id AS b {_RELATION_FILTER}"
)
# With a source or target: only the relations at that entity (the `$anchor`).
RELATIONS_AT = (
    f"MATCH (:Entity {{id: $anchor}})-[r:{ALL_RELATION_TYPES}]-(:Entity) "
    f"WITH DISTINCT r WITH r, startNode(r).id AS a, endNode(r).id AS b {_RELATION_FILTER}"
)
DOCUMENT_RELATIONS = (
    "MATCH (d:Document {id: $doc})-[:MENTIONS]->(a:Entity)"
    f"-[r:{ALL_RELATION_TYPES}]->(b:Entity) WHERE $doc IN r.doc_ids "
    f"RETURN {_RELATION_FIELDS} ORDER BY source, type, target"
)
_DOCUMENT_FIELDS = (
    "d.id AS id, d.source AS source, d.title AS title, d.url AS url, "
    "d.published AS published, d.publisher AS publisher, d.entity_count AS entity_count, "
    "d.relation_count AS relation_count"
)
DOCUMENTS_PAGE = (
    f"MATCH (d:Document) RETURN {_DOCUMENT_FIELDS} "
    "ORDER BY d.ingested_at DESC, d.id SKIP $offset LIMIT $limit"
)
DOCUMENT_DETAIL = (
    f"MATCH (d:Document {{id: $doc}}) RETURN {_DOCUMENT_FIELDS}, "
    "[(d)-[:MENTIONS]->(n:Entity) | {id: n.id, type: n.type, name: n.name}] AS entities"
)
COUNT_DOCUMENTS = "MATCH (d:Document) RETURN count(d) AS documents"
# The change feed after seq $after, oldest first; one row more than a page shows
# whether more follow.
CHANGES_PAGE = (
    "MATCH (c:Change) WHERE c.seq > $after AND ($since IS NULL OR c.at >= $since) "
    "AND ($entity IS NULL OR c.entity = $entity OR c.source = $entity OR c.target = $entity) "
    "RETURN c.seq AS seq, c.at AS at, c.kind AS kind, c.doc_id AS doc_id, "
    "c.entity AS entity, c.source AS source, c.type AS type, c.target AS target "
    "ORDER BY c.seq LIMIT $limit"
)
STATS_ENTITIES = "MATCH (n:Entity) RETURN n.type AS type, count(*) AS count"
STATS_RELATIONS = (
    f"MATCH (:Entity)-[r:{ALL_RELATION_TYPES}]->(:Entity) "
    "RETURN type(r) AS type, count(*) AS count, sum(r.evidence_count) AS evidence"
)
ENTITY_EXPORT = (
    "MATCH (n:Entity) RETURN n.id AS id, n.type AS type, n.name AS name, "
    "n.aliases AS aliases ORDER BY id"
)
RELATION_EXPORT = (
    f"MATCH (a:Entity)-[r:{ALL_RELATION_TYPES}]->(b:Entity) "
    f"RETURN {_RELATION_FIELDS} ORDER BY source, type, target"
)
DOCUMENT_EXPORT = (
    "MATCH (d:Document) RETURN d.id AS id, d.source AS source, d.title AS title, "
    "d.url AS url, d.published AS published, d.publisher AS publisher, "
    "[(d)-[m:MENTIONS]->(n:Entity) | {id: n.id, count: m.count}] AS mentions "
    "ORDER BY d.ingested_at, d.id DESC"
)


def _shortest(hops: int) -> str:
    return (
        "MATCH (a:Entity {id: $source}), (b:Entity {id: $target}) "
        f"MATCH p = allShortestPaths((a)-[:{ALL_RELATION_TYPES}*..{hops}]-(b)) "
        "RETURN [n IN nodes(p) | n.id] AS ids"
    )


SHORTEST_PATHS = {hops: _shortest(hops) for hops in range(1, MAX_HOPS + 1)}


def labelled(statements: dict[EntityType, str], label: str) -> str:
    """The statement for an entity type; anything outside the enum is refused."""
    return statements[EntityType(label)]


def typed(statements: dict[RelationType, str], rel: str) -> str:
    """The statement for a relationship type; anything outside the enum is refused."""
    return statements[RelationType(rel)]


# --- inspection (tests, bench) ---------------------------------------------------

NODE_PROPERTIES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
RELATIONSHIP_PROPERTIES = "MATCH ()-[r]->() RETURN type(r) AS type, properties(r) AS props"
# The graph's size without the change feed (which only grows).
COUNT_ALL = (
    "MATCH (n) WHERE NOT n:Change AND NOT n:ChangeCounter OPTIONAL MATCH (n)-[r]->() "
    "RETURN count(DISTINCT n) AS nodes, count(r) AS rels"
)
COUNT_CHANGES = "MATCH (c:Change) RETURN count(c) AS changes, max(c.seq) AS last"

# The plain reference loader of bench/load.py: constraints, then UNWIND ... MERGE.
REFERENCE_SCHEMA = SCHEMA[:2]
REFERENCE_DOCUMENTS = "UNWIND $rows AS row MERGE (d:Document {id: row.id}) SET d += row.props"
# One label only: ArcadeDB cannot use the index for a two-label MERGE (it scans), so
# a plain script that wants its speed gives up the type label; geokg keeps both.
REFERENCE_ENTITIES = "UNWIND $rows AS row MERGE (n:Entity {id: row.id}) SET n += row.props"
REFERENCE_MENTIONS = (
    "UNWIND $rows AS row MATCH (d:Document {id: row.doc}) MATCH (n:Entity {id: row.id}) "
    "MERGE (d)-[m:MENTIONS]->(n) SET m += row.props"
)
REFERENCE_RELATIONS = {
    t: "UNWIND $rows AS row MATCH (a:Entity {id: row.source}) MATCH (b:Entity {id: row.target}) "
    f"MERGE (a)-[r:{t.value}]->(b) SET r += row.props"
    for t in RelationType
}
