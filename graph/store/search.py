"""A name and alias index for the memory store: exact, prefix, substring, then fuzzy.

Keys are `graph.model.fold`ed aliases (ASCII, lower case), so search is case- and
diacritic-insensitive. When the spelling itself finds little, rapidfuzz over keys
and their words (those with the same first letter) adds typo tolerance
("kazakstan" finds Kazakhstan). Scores fall in tiers so that every exact match
outranks every prefix match, and so on:

    exact 1.0 | key prefix 0.8-0.9 | word prefix 0.7-0.8 | substring 0.6-0.7 | fuzzy < 0.6
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable, Iterator

from rapidfuzz import fuzz, process

from graph.model import fold
from graph.store.gcpause import gc_paused

__all__ = ["NameIndex"]

_FUZZY_LIMIT = 50
_SUBSTRING_LIMIT = 5000  # a one-letter query need not rank every key in a huge graph


class NameIndex:
    """Folded alias -> entity ids, with lazily rebuilt sorted views for search."""

    def __init__(self) -> None:
        self._keys: dict[str, set[str]] = {}
        self._words: dict[str, set[str]] = {}
        self._sorted: list[str] | None = None
        self._blob = ""  # "\n".join(sorted keys): substring search at C speed
        self._starts: list[int] = []
        self._choices: dict[str, list[str]] | None = None  # first letter -> keys and words
        # While deferred (`defer`): the adds (True) and removes (False) of folded keys, in
        # order, applied by the first search.
        self._log: list[tuple[bool, str, list[str]]] | None = None

    def defer(self) -> None:
        """Record changes from now on and index them only when first searched: opening a
        large graph need not build an index that few sessions use at once."""
        if self._log is None:
            self._log = []

    def _apply_log(self) -> None:
        log, self._log = self._log, None
        with gc_paused():
            for add, entity_id, keys in log or ():
                if add:
                    self.add_folded(entity_id, keys)
                else:
                    self._remove_folded(entity_id, keys)

    def add(self, entity_id: str, aliases: Iterable[str]) -> None:
        self.add_folded(entity_id, [fold(alias) for alias in aliases])

    def add_folded(self, entity_id: str, keys: Iterable[str]) -> None:
        """`add` for aliases already `fold`ed (as a store keeps them, to open faster)."""
        if self._log is not None:
            self._log.append((True, entity_id, list(keys)))
            return
        for key in keys:
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
        keys = [fold(alias) for alias in aliases]
        if self._log is not None:
            self._log.append((False, entity_id, keys))
        else:
            self._remove_folded(entity_id, keys)

    def _remove_folded(self, entity_id: str, keys: Iterable[str]) -> None:
        for key in keys:
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
            self._blob = "\n".join(self._sorted)
            self._starts, pos = [], 0
            for key in self._sorted:
                self._starts.append(pos)
                pos += len(key) + 1
        return self._sorted

    def _containing(self, q: str) -> Iterator[str]:
        """Keys that contain `q` (folded, so never a newline), in sorted order."""
        keys, blob, starts = self._sorted_keys(), self._blob, self._starts
        pos = blob.find(q)
        for _ in range(_SUBSTRING_LIMIT):
            if pos < 0:
                return
            i = bisect.bisect_right(starts, pos) - 1
            yield keys[i]
            pos = blob.find(q, starts[i + 1]) if i + 1 < len(starts) else -1

    def search(self, query: str, want: int) -> dict[str, float]:
        """Entity id -> best score for `query`; fuzzy matching only when spelling finds < 3."""
        if self._log is not None:
            self._apply_log()
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
        for key in self._containing(q):
            if not key.startswith(q):
                tier = 0.7 if spaced in key else 0.6
                hit(self._keys[key], tier + 0.1 * len(q) / len(key))
        # Typo tolerance when the spelling itself finds (almost) nothing.
        if len(scores) < min(want, 3) and len(q) >= 3:
            self._fuzzy(q, hit)
        return scores

    def _fuzzy(self, q: str, hit: Callable[[Iterable[str], float], None]) -> None:
        # Compare only with keys and words sharing the first letter: typos rarely hit it,
        # and it keeps a typo search over 100k entities in the low milliseconds.
        if self._choices is None:
            self._choices = {}
            for choice in dict.fromkeys(itertools.chain(self._keys, self._words)):
                self._choices.setdefault(choice[0], []).append(choice)
        cutoff = 80.0 if len(q) < 6 else 75.0
        found = process.extract(
            q,
            self._choices.get(q[0], []),
            scorer=fuzz.ratio,
            score_cutoff=cutoff,
            limit=_FUZZY_LIMIT,
        )
        for choice, score, _ in found:
            ids = self._keys.get(choice, set()) | self._words.get(choice, set())
            hit(ids, 0.6 * score / 100.0)
