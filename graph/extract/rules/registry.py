"""The rule registry (`data/rules.json`): each rule's name, relation, confidence and module,
and whether it reads the relation's end (`"ends": true`: a withdrawal, a resignation).

Handlers build their findings with `fired(name, source, target)`, so a rule's relation and
confidence are declared once, in data; `python -m graph.extract.rules` prints the README's
rule table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from graph.extract.rules.base import Found
from graph.model import RelationType

__all__ = ["RuleSpec", "fired", "markdown", "rule_specs"]


@dataclass(frozen=True)
class RuleSpec:
    name: str
    relation: RelationType
    confidence: float
    module: str
    reads: str
    ends: bool = False


@cache
def rule_specs() -> dict[str, RuleSpec]:
    text = resources.files("graph.extract").joinpath("data/rules.json").read_text("utf-8")
    return {
        row["name"]: RuleSpec(
            row["name"],
            RelationType(row["relation"]),
            float(row["confidence"]),
            row["module"],
            row["reads"],
            bool(row.get("ends", False)),
        )
        for row in json.loads(text)["rules"]
    }


def fired(
    name: str, source: str, target: str, role: str | None = None, confidence: float | None = None
) -> Found:
    """A finding of rule `name` (relation, confidence and whether it states the relation's
    end from the registry, unless a handler states a weaker reading's own confidence)."""
    spec = rule_specs()[name]
    weight = spec.confidence if confidence is None else confidence
    return Found(source, spec.relation, target, name, weight, role, spec.ends)


def markdown() -> str:
    """The rule table of the README."""
    rows = ["| rule | relation | confidence | reads |", "| --- | --- | --- | --- |"]
    for spec in rule_specs().values():
        relation = f"{spec.relation.value} (ends)" if spec.ends else spec.relation.value
        rows.append(f"| `{spec.name}` | {relation} | {spec.confidence} | {spec.reads} |")
    return "\n".join(rows)
