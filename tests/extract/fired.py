"""What rule tests ask of an extraction: which rules found which relation."""

from __future__ import annotations

from graph.extract import Extractor
from graph.model import SYMMETRIC_RELATIONS, Extraction

__all__ = ["WH", "assert_fired", "fired_rules"]

_SYMMETRIC = frozenset(t.value for t in SYMMETRIC_RELATIONS)

# A first line that makes a text a White House release (the publisher speaks for the U.S.).
WH = "# source: https://www.whitehouse.gov/briefing-room/statements-releases/2024/01/01/x/\n"


def fired_rules(ex: Extraction) -> dict[tuple[str, str, str], set[str]]:
    """(source, type, target) -> the rules of its evidence; symmetric ones in both orders."""
    found = {(r.source, r.type.value, r.target): {e.rule for e in r.evidence} for r in ex.relations}
    return found | {(t, k, s): rules for (s, k, t), rules in found.items() if k in _SYMMETRIC}


def assert_fired(extractor: Extractor, text: str, triple: tuple[str, str, str], rule: str) -> None:
    """`triple` is found in `text` (symmetric types in either order), by `rule`."""
    fired = fired_rules(extractor.extract(text))
    assert triple in fired, sorted(fired)
    assert rule in fired[triple], fired[triple]
