"""A name and alias index for the memory store: exact, prefix, substring, then fuzzy.

Keys are `graph.model.fold`ed aliases (ASCII, lower case), so search is case- and
diacritic-insensitive; rapidfuzz over keys and their words adds typo tolerance
("kazakstan" finds Kazakhstan). Scores fall in tiers so that every exact match
outranks every prefix match, and so on:

    exact 1.0 | key prefix 0.8-0.9 | word prefix 0.7-0.8 | substring 0.6-0.7 | fuzzy < 0.6
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable

from rapidfuzz import fuzz, process

from graph.model import fold

__all__ = ["NameIndex"]

_FUZZY_LIMIT = 50


class NameIndex:
    """Folded alias -> entity ids, with lazily rebuilt sorted views for search."""

    def __init__(self) -> None:
        self._keys: dict[str, set[str]] = {}
        self._words: dict[str, set[str]] = {}
        self._sorted: list[str] | None = None
        self._choices: list[str] | None = None

    def add(self, entity_id: str, aliases: Iterable[str]) -> None:
        for alias in aliases:
            key = fold(alias)
            if not key:
                continue
            if key not in self._keys:
                self._sorted = self._choices = None
            self._keys.setdefault(key, set()).add(entity_id)
            for word in key.split():
                if len(word) >= 3:
                    if word not in self._words:
                        self._choices = None
                    self._words.setdefault(word, set()).add(entity_id)

    def remove(self, entity_id: str, aliases: Iterable[str]) -> None:
        for alias in aliases:
            key = fold(alias)
            for table, k in [(self._keys, key)] + [(self._words, w) for w in key.split()]:
                ids = table.get(k)
                if ids is not None:
                    ids.discard(entity_id)
                    if not ids:
                        del table[k]
                        self._sorted = self._choices = None

    def _sorted_keys(self) -> list[str]:
        if self._sorted is None:
            self._sorted = sorted(self._keys)
        return self._sorted

    def search(self, query: str, want: int) -> dict[str, float]:
        """Entity id -> best score for `query`; fuzzy matching only while fewer than `want`."""
        q = fold(query)
        if not q:
            return {}
        scores: dict[str, float] = {}

        def hit(ids: Iterable[str], score: float) -> None:
            for eid in ids:
                if score > scores.get(eid, -1.0):
                    scores[eid] = score

        hit(self._keys.get(q, ()), 1.0)
        keys = self._sorted_keys()
        i = bisect.bisect_left(keys, q)
        while i < len(keys) and keys[i].startswith(q):
            hit(self._keys[keys[i]], 0.8 + 0.1 * len(q) / len(keys[i]))
            i += 1
        spaced = " " + q
        for key in keys:
            if q in key and not key.startswith(q):
                tier = 0.7 if spaced in key else 0.6
                hit(self._keys[key], tier + 0.1 * len(q) / len(key))
        if len(scores) < want and len(q) >= 3:
            self._fuzzy(q, hit)
        return scores

    def _fuzzy(self, q: str, hit: Callable[[Iterable[str], float], None]) -> None:
        if self._choices is None:
            self._choices = list(self._keys) + [w for w in self._words if w not in self._keys]
        cutoff = 80.0 if len(q) < 6 else 75.0
        found = process.extract(
            q, self._choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=_FUZZY_LIMIT
        )
        for choice, score, _ in found:
            ids = self._keys.get(choice) or self._words.get(choice, set())
            hit(ids, 0.6 * score / 100.0)
