"""Trigger lemmas of the relation rules, kept as data in `data/triggers.json`."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from spacy.tokens import Token

__all__ = ["trigger_words", "triggered"]


@cache
def _table() -> dict[str, frozenset[str]]:
    raw = json.loads(resources.files("graph.extract").joinpath("data/triggers.json").read_text())
    return {name: frozenset(words) for name, words in raw.items() if not name.startswith("_")}


def trigger_words(name: str) -> frozenset[str]:
    """The lemmas listed under `name` (a KeyError names a trigger the data lacks)."""
    return _table()[name]


def triggered(tok: Token, name: str) -> bool:
    """`tok`'s lemma, or its lower-case form where the lemmatizer errs, is a `name` trigger."""
    words = _table()[name]
    return tok.lemma_.lower() in words or tok.lower_ in words
