// geokg starter queries for Neo4j Browser.
//
// Load the style first: drag neo4j/geokg.grass onto the Browser window (or run
// `:style` and paste it). Then, for each query below, run its `:param` line(s),
// edit the value to the entity you want (a name, an alias or an id such as
// 'country:KAZ'), and run the query. Every value is a parameter.
//
// Layout the graph uses: (:Entity:<Country|Organisation|Person|MilitaryBase|...>
// {id, name, aliases}); relations between entities carry confidence,
// evidence_count, doc_ids, first_seen, last_seen and the evidence as parallel lists
// ev_text, ev_doc, ev_rule, ev_conf, ev_start, ev_end, ev_date, ev_ends (true for a
// sentence stating the relation's end); a relation with evidence of its end also
// carries ends, ended, ended_on and the stretches it held as parallel lists
// span_starts / span_ends ("" while still open); source_names / source_counts count
// its documents per publisher. (:Document {publisher, ...})-[:MENTIONS]->(:Entity).
// The change feed: (:Change {seq, at, kind, doc_id, entity, source, type, target}).
//
// tests/test_neo4j_kit.py runs each query below with its :param values over Bolt
// (ArcadeDB in the test suite, or a Neo4j 5 named by GEOKG_TEST_BOLT_URI). All seven
// run unchanged on ArcadeDB, so none needs a separate portable form.

// == Neighbourhood of an entity ==
:param entity => 'Kazakhstan'

MATCH (n:Entity)-[r]-(m:Entity)
WHERE n.id = $entity OR n.name = $entity OR $entity IN n.aliases
RETURN n, r, m, m.name AS neighbour, type(r) AS relation, r.confidence AS confidence
ORDER BY neighbour, relation;

// == Members of an organisation ==
:param organisation => 'CSTO'

MATCH (member:Entity)-[r:MEMBER_OF]->(o:Organisation)
WHERE o.id = $organisation OR o.name = $organisation OR $organisation IN o.aliases
RETURN o.name AS organisation, member.name AS member, r.confidence AS confidence,
       r.evidence_count AS sentences
ORDER BY member;

// == Who visited a base ==
:param base => '201st Military Base'

MATCH (p:Person)-[r:VISITED]->(b:MilitaryBase)
WHERE b.id = $base OR b.name = $base OR $base IN b.aliases
RETURN b.name AS base, p.name AS visitor, r.confidence AS confidence,
       r.first_seen AS first_seen, r.last_seen AS last_seen, r.ev_text AS sentences
ORDER BY visitor;

// == Evidence of a relation ==
// One row per supporting sentence, with the document it comes from.
:param source => 'Kazakhstan'
:param relation => 'MEMBER_OF'
:param target => 'CSTO'

MATCH (a:Entity)-[r]->(b:Entity)
WHERE (a.id = $source OR a.name = $source OR $source IN a.aliases)
  AND (b.id = $target OR b.name = $target OR $target IN b.aliases)
  AND type(r) = $relation
UNWIND range(0, size(r.ev_text) - 1) AS i
OPTIONAL MATCH (d:Document {id: r.ev_doc[i]})
RETURN a.name AS source, type(r) AS relation, b.name AS target, r.ev_text[i] AS sentence,
       r.ev_rule[i] AS rule, r.ev_conf[i] AS confidence, r.ev_doc[i] AS doc_id,
       coalesce(d.title, d.source) AS document
ORDER BY confidence DESC, doc_id;

// == Shortest path between two entities ==
// Only entity-entity relations count (not shared documents); up to 6 hops.
:param from => 'Kassym-Jomart Tokayev'
:param to => 'NATO'

MATCH (a:Entity), (b:Entity)
WHERE (a.id = $from OR a.name = $from OR $from IN a.aliases)
  AND (b.id = $to OR b.name = $to OR $to IN b.aliases)
MATCH p = shortestPath((a)-[:MEMBER_OF|LEADER_OF|LOCATED_IN|OPERATES|VISITED|DEPLOYED_TO|ALLIED_WITH|OPPOSES|BORDERS|MET_WITH*..6]-(b))
RETURN p, [n IN nodes(p) | n.name] AS names, [r IN relationships(p) | type(r)] AS relations,
       length(p) AS hops;

// == Relations that held on a date ==
// As the API's as_of: stated on or before the date and not ended since. Relations
// with evidence of their end held only inside their spans; undated ones never show.
:param entity => 'Armenia'
:param as_of => '2022-06-01'

MATCH (n:Entity)-[r]-(m:Entity)
WHERE (n.id = $entity OR n.name = $entity OR $entity IN n.aliases)
  AND r.first_seen <= $as_of
  AND (coalesce(r.ends, 0) = 0
       OR any(i IN range(0, size(r.span_starts) - 1)
              WHERE r.span_starts[i] <= $as_of
                AND (size(r.span_ends[i]) = 0 OR $as_of < r.span_ends[i])))
RETURN n, r, m, m.name AS neighbour, type(r) AS relation, r.first_seen AS first_seen,
       r.ended_on AS ended_on, r.source_names AS publishers
ORDER BY neighbour, relation;

// == Latest changes for an entity ==
// The change feed, newest first: entities created and removed, relations created,
// given or losing evidence, ended, resumed and removed, each with its document.
:param entity => 'Kazakhstan'

MATCH (n:Entity)
WHERE n.id = $entity OR n.name = $entity OR $entity IN n.aliases
MATCH (c:Change)
WHERE c.entity = n.id OR c.source = n.id OR c.target = n.id
RETURN c.seq AS seq, c.at AS at, c.kind AS kind, c.source AS source, c.type AS relation,
       c.target AS target, c.entity AS entity, c.doc_id AS doc_id
ORDER BY seq DESC
LIMIT 20;
