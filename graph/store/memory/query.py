"""Read queries over a `NetGraph`, answering the `GraphStore` contract.

Orders every store keeps: search by score, then doc_count (desc), name, id;
relations by confidence (desc), then source, type, target; documents newest
ingested first; neighbours hop by hop, each hop by edge confidence (desc), then id;
subgraph nodes hop by hop, each node's neighbours by id; edges by the position of
their source, then target, in `nodes`, then type.

Filters on relations (`walk.keeps`: confidence, `as_of`, `min_sources`, `contested`)
apply to every relation a query looks at, so an entity reached only through relations
filtered out is not reached.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence

from graph.model import (
    SYMMETRIC_RELATIONS,
    DocumentDetail,
    DocumentSummary,
    Edge,
    EntityDetail,
    EntityRef,
    EntitySummary,
    EntityType,
    Path,
    RelationType,
    Stats,
    StoredRelation,
    Subgraph,
)
from graph.store.aggregate import Aggregates
from graph.store.base import Direction
from graph.store.netgraph import NetGraph, RelRecord
from graph.store.walk import MAX_PATHS, breadth_first, follows, keeps

Keep = Callable[[Aggregates], bool] | None  # from `walk.keeps`; None keeps everything

__all__ = [
    "document_detail",
    "documents",
    "entity_detail",
    "neighbors",
    "relations",
    "search",
    "shortest_paths",
    "stats",
    "subgraph",
]


def summary(mg: NetGraph, eid: str, score: float | None = None) -> EntitySummary:
    n = mg.g.nodes[eid]
    return EntitySummary(
        id=eid,
        type=n["type"],
        name=n["name"],
        aliases=list(n["aliases"]),
        doc_count=len(n["docs"]),
        score=score,
    )


def entity_detail(mg: NetGraph, eid: str) -> EntityDetail:
    mg.node(eid)
    counts: dict[str, int] = {}
    for rec in _incident(mg, eid, None, "both"):
        counts[rec.type.value] = counts.get(rec.type.value, 0) + 1
    return EntityDetail(**summary(mg, eid).model_dump(), relation_counts=counts)


def _listing(mg: NetGraph) -> list[str]:
    cached = mg.cache.get("listing")
    if cached is None or cached[0] != mg.version:
        nodes = mg.g.nodes
        order = sorted(nodes, key=lambda e: (-len(nodes[e]["docs"]), nodes[e]["name"], e))
        cached = mg.cache["listing"] = (mg.version, order)
    return cached[1]  # type: ignore[return-value]


def search(
    mg: NetGraph, q: str | None, type_: EntityType | None, limit: int, offset: int
) -> list[EntitySummary]:
    nodes = mg.g.nodes
    if q is None or not q.strip():
        ids = [e for e in _listing(mg) if type_ is None or nodes[e]["type"] is type_]
        return [summary(mg, e) for e in ids[offset : offset + limit]]
    scores = mg.names.search(q, want=offset + limit)
    hits = [
        (s, e)
        for e, s in scores.items()
        if e in nodes and (type_ is None or nodes[e]["type"] is type_)
    ]
    hits.sort(key=lambda h: (-h[0], -len(nodes[h[1]]["docs"]), nodes[h[1]]["name"], h[1]))
    return [summary(mg, e, round(s, 4)) for s, e in hits[offset : offset + limit]]


def _incident(
    mg: NetGraph, eid: str, type_: RelationType | None, direction: Direction, keep: Keep = None
) -> Iterator[RelRecord]:
    """Relations at `eid` seen in `direction` that `keep` keeps; symmetric ones count
    both ways."""
    for outgoing, adjacency in ((True, mg.g.succ[eid]), (False, mg.g.pred[eid])):
        for keyed in adjacency.values():
            for data in keyed.values():
                rec: RelRecord = data["rel"]
                if follows(rec.type, outgoing, type_, direction) and (
                    keep is None or keep(rec.agg)
                ):
                    yield rec


def _edge(rec: RelRecord) -> Edge:
    return Edge(
        source=rec.source,
        type=rec.type,
        target=rec.target,
        confidence=rec.agg.confidence,
        evidence_count=rec.agg.evidence_count,
        ended=rec.agg.ending(),
    )


def _edges_among(
    mg: NetGraph, ids: Sequence[str], type_: RelationType | None, keep: Keep
) -> list[Edge]:
    rank = {eid: i for i, eid in enumerate(ids)}
    among = rank.keys()
    out = []
    for u in ids:
        succ = mg.g.succ[u]
        # Walk whichever side is smaller: a hub's successors can far outnumber `ids`.
        pairs = (
            ((v, succ[v]) for v in among if v in succ)
            if len(among) < len(succ)
            else ((v, keyed) for v, keyed in succ.items() if v in among)
        )
        for _, keyed in pairs:
            for data in keyed.values():
                rec: RelRecord = data["rel"]
                if (type_ is None or rec.type is type_) and (keep is None or keep(rec.agg)):
                    out.append(_edge(rec))
    return sorted(out, key=lambda e: (rank[e.source], rank[e.target], e.type.value))


def neighbors(
    mg: NetGraph,
    eid: str,
    type_: RelationType | None,
    direction: Direction,
    depth: int,
    min_confidence: float,
    limit: int,
    as_of: str | None = None,
    min_sources: int = 0,
) -> Subgraph:
    keep = keeps(min_confidence, as_of, min_sources)
    mg.node(eid)

    def next_hop(frontier: list[str]) -> Iterator[str]:
        for u in frontier:
            steps = [
                (-rec.agg.confidence, rec.target if rec.source == u else rec.source)
                for rec in _incident(mg, u, type_, direction, keep)
            ]
            yield from (v for _, v in sorted(steps))

    order = breadth_first([eid], depth, next_hop, limit)
    return Subgraph(
        nodes=[summary(mg, e) for e in order],
        edges=_edges_among(mg, order, type_, keep),
    )


def relations(
    mg: NetGraph,
    source: str | None,
    target: str | None,
    type_: RelationType | None,
    min_confidence: float,
    limit: int,
    offset: int,
    as_of: str | None = None,
    min_sources: int = 0,
    contested: bool | None = None,
) -> list[StoredRelation]:
    keep = keeps(min_confidence, as_of, min_sources, contested)

    def matches(rec: RelRecord) -> bool:
        if (type_ is not None and rec.type is not type_) or (
            keep is not None and not keep(rec.agg)
        ):
            return False
        if (source is None or rec.source == source) and (target is None or rec.target == target):
            return True
        sym = rec.type in SYMMETRIC_RELATIONS
        return (
            sym
            and (source is None or rec.target == source)
            and (target is None or rec.source == target)
        )

    anchor = source or target
    pool: Iterable[RelRecord]
    if anchor is not None:
        if anchor not in mg.g:
            return []
        pool = {rec.key: rec for rec in _incident(mg, anchor, type_, "both")}.values()
    else:
        pool = (d["rel"] for _, _, d in mg.g.edges(data=True))
    found = sorted(
        (r for r in pool if matches(r)),
        key=lambda r: (-r.agg.confidence, r.source, r.type.value, r.target),
    )
    return [r.stored() for r in found[offset : offset + limit]]


def _adjacent(mg: NetGraph, u: str, keep: Keep) -> Iterator[str]:
    """Entities one relation (in either direction) that `keep` keeps away from `u`."""
    if keep is None:
        yield from dict.fromkeys(itertools.chain(mg.g.succ[u], mg.g.pred[u]))
        return
    seen: set[str] = set()
    for adjacency in (mg.g.succ[u], mg.g.pred[u]):
        for v, keyed in adjacency.items():
            if v not in seen and any(keep(data["rel"].agg) for data in keyed.values()):
                seen.add(v)
                yield v


def _expand(mg: NetGraph, frontier: list[str], mine: dict[str, list[str]], keep: Keep) -> list[str]:
    """One BFS level (edges in either direction); records every parent of a new node."""
    new: dict[str, list[str]] = {}
    for u in frontier:
        for v in _adjacent(mg, u, keep):
            if v not in mine:
                new.setdefault(v, []).append(u)
    mine.update(new)
    return list(new)


def _walks(parents: dict[str, list[str]], end: str, cap: int) -> list[list[str]]:
    """Every parent chain from `end` back to the BFS root (at most `cap`), root last."""
    out: list[list[str]] = []
    stack = [[end]]
    while stack and len(out) < cap:
        walk = stack.pop()
        ups = parents[walk[-1]]
        if not ups:
            out.append(walk)
        stack.extend([*walk, u] for u in ups)
    return out


def _node_paths(
    mg: NetGraph, source: str, target: str, max_hops: int, keep: Keep = None
) -> list[list[str]]:
    """All shortest undirected node paths (up to a cap), by a BFS from both ends."""
    if source == target:
        return [[source]]
    from_s: dict[str, list[str]] = {source: []}
    from_t: dict[str, list[str]] = {target: []}
    front_s, front_t, hops = [source], [target], 0
    while front_s and front_t and hops < max_hops:
        hops += 1
        if len(front_s) <= len(front_t):
            front_s = _expand(mg, front_s, from_s, keep)
            meet = [v for v in front_s if v in from_t]
        else:
            front_t = _expand(mg, front_t, from_t, keep)
            meet = [v for v in front_t if v in from_s]
        if meet:
            paths = []
            for m in sorted(meet):
                for left in _walks(from_s, m, 200):
                    for right in _walks(from_t, m, 200):
                        paths.append(left[::-1] + right[1:])
            return sorted(paths)[:200]
    return []


def shortest_paths(
    mg: NetGraph, source: str, target: str, max_hops: int, as_of: str | None = None
) -> list[Path]:
    keep = keeps(as_of=as_of)
    mg.node(source)
    mg.node(target)
    out: list[Path] = []
    for nodes in _node_paths(mg, source, target, max_hops, keep):
        hops = []
        for a, b in itertools.pairwise(nodes):
            recs = [d["rel"] for d in mg.g.get_edge_data(a, b, default={}).values()]
            recs += [d["rel"] for d in mg.g.get_edge_data(b, a, default={}).values()]
            recs = [r for r in recs if keep is None or keep(r.agg)]
            hops.append(sorted(recs, key=lambda r: (r.type.value, r.source)))
        refs = [
            EntityRef(id=e, type=mg.g.nodes[e]["type"], name=mg.g.nodes[e]["name"]) for e in nodes
        ]
        for combo in itertools.product(*hops):
            out.append(Path(nodes=refs, relations=[_edge(r) for r in combo]))
            if len(out) >= MAX_PATHS:
                return out
    return out


def subgraph(mg: NetGraph, ids: Sequence[str], depth: int, as_of: str | None = None) -> Subgraph:
    keep = keeps(as_of=as_of)
    for eid in ids:
        mg.node(eid)

    def next_hop(frontier: list[str]) -> Iterator[str]:
        for u in frontier:
            yield from sorted(_adjacent(mg, u, keep))

    order = breadth_first(ids, depth, next_hop)
    return Subgraph(
        nodes=[summary(mg, e) for e in order], edges=_edges_among(mg, order, None, keep)
    )


def _doc_summary(mg: NetGraph, doc_id: str) -> DocumentSummary:
    rec = mg.docs[doc_id]
    d = rec.document
    return DocumentSummary(
        id=d.id,
        source=d.source,
        title=d.title,
        url=d.url,
        published=d.published,
        publisher=d.publisher,
        entity_count=len(rec.mentions),
        relation_count=len(mg.doc_relations(doc_id)),
    )


def documents(mg: NetGraph, limit: int, offset: int) -> list[DocumentSummary]:
    # `docs` is kept in ingestion order (seq), so the newest are at its end.
    page = itertools.islice(reversed(mg.docs.keys()), offset, offset + limit)
    return [_doc_summary(mg, doc_id) for doc_id in page]


def document_detail(mg: NetGraph, doc_id: str) -> DocumentDetail:
    """The document, the entities it mentions, and its relations with its own evidence."""
    rec = mg.doc(doc_id)
    nodes = mg.g.nodes
    return DocumentDetail(
        **_doc_summary(mg, doc_id).model_dump(),
        entities=[
            EntityRef(id=e, type=nodes[e]["type"], name=nodes[e]["name"])
            for e in sorted(rec.mentions)
        ],
        relations=[mg.rel(k).stored(doc_id) for k in sorted(mg.doc_relations(doc_id))],
    )


def stats(mg: NetGraph) -> Stats:
    return Stats(
        documents=len(mg.docs),
        entities=dict(sorted(mg.entity_counts.items())),
        relations=dict(sorted(mg.relation_counts.items())),
        evidence=mg.evidence_total,
    )
