"""Trigger lemmas of the relation rules, kept as data in `data/triggers.json`."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from spacy.strings import StringStore
from spacy.tokens import Token

__all__ = ["trigger_words", "triggered"]


@cache
def _table() -> dict[str, frozenset[str]]:
    raw = json.loads(resources.files("graph.extract").joinpath("data/triggers.json").read_text())
    return {name: frozenset(words) for name, words in raw.items() if not name.startswith("_")}


@cache
def _hashes(name: str) -> frozenset[int]:
    """The trigger words as spaCy string hashes: tokens are tested without building strings."""
    strings = StringStore()  # the hash of a string is the same in every store
    return frozenset(strings.add(w) for w in _table()[name])


def trigger_words(name: str) -> frozenset[str]:
    """The lemmas listed under `name` (a KeyError names a trigger the data lacks)."""
    return _table()[name]


def triggered(tok: Token, name: str) -> bool:
    """`tok`'s lemma, or its lower-case form where the lemmatizer errs or keeps a proper
    noun's capitals ("Allies"), is a `name` trigger."""
    words = _hashes(name)
    return tok.lemma in words or tok.lower in words
