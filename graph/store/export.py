"""Whole-graph exports of a `NetGraph`: JSON, GraphML and a networkx projection."""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from graph.store.netgraph import NetGraph

__all__ = ["export_graphml", "export_json", "to_networkx"]


def export_json(mg: NetGraph) -> dict[str, object]:
    """`nodes` (aliases, doc_count), `relations` (with evidence), `documents` (with mentions)."""
    nodes = mg.g.nodes
    rels = sorted((rec for _, _, rec in mg.g.edges(data="rel")), key=lambda r: r.key)
    return {
        "nodes": [
            {
                "id": e,
                "type": nodes[e]["type"].value,
                "name": nodes[e]["name"],
                "aliases": list(nodes[e]["aliases"]),
                "doc_count": len(nodes[e]["docs"]),
            }
            for e in sorted(nodes)
        ],
        "relations": [r.stored().model_dump(mode="json") for r in rels],
        "documents": [
            {
                **rec.document.model_dump(mode="json", exclude={"text"}),
                "mentions": dict(sorted(rec.mentions.items())),
            }
            for rec in sorted(mg.docs.values(), key=lambda r: (-r.seq, r.document.id))
        ],
    }


def to_networkx(mg: NetGraph) -> nx.MultiDiGraph:
    """A copy: nodes with `type`, `name`; edges keyed by relation type, with `confidence`
    and `evidence_count`."""
    g = nx.MultiDiGraph()
    for eid, data in mg.g.nodes(data=True):
        g.add_node(eid, type=data["type"].value, name=data["name"])
    for _, _, rec in mg.g.edges(data="rel"):
        g.add_edge(
            rec.source,
            rec.target,
            key=rec.type.value,
            type=rec.type.value,
            confidence=rec.agg.confidence,
            evidence_count=rec.agg.evidence_count,
        )
    return g


def export_graphml(mg: NetGraph) -> str:
    """GraphML with scalar attributes only: lists joined by `|`, properties as a JSON string."""
    g = nx.MultiDiGraph()
    for eid, data in mg.g.nodes(data=True):
        g.add_node(
            eid,
            type=data["type"].value,
            name=data["name"],
            aliases="|".join(data["aliases"]),
            doc_count=len(data["docs"]),
        )
    for _, _, rec in mg.g.edges(data="rel"):
        attrs: dict[str, Any] = {
            "type": rec.type.value,
            "confidence": rec.agg.confidence,
            "evidence_count": rec.agg.evidence_count,
            "doc_ids": "|".join(rec.agg.doc_ids),
        }
        if rec.agg.first_seen:
            attrs["first_seen"] = rec.agg.first_seen
            attrs["last_seen"] = rec.agg.last_seen
        if rec.properties:
            attrs["properties"] = json.dumps(rec.properties, ensure_ascii=False, sort_keys=True)
        g.add_edge(rec.source, rec.target, key=rec.type.value, **attrs)
    return "\n".join(nx.generate_graphml(g))
