"""Coarse word classes from the tagger's Penn Treebank tags.

geokg leaves out the model's attribute ruler (it only maps these tags to `pos_`), so the
rules ask here instead of reading `pos_`.
"""

from __future__ import annotations

from spacy.tokens import Token

__all__ = ["is_noun", "is_propn", "is_verb"]


def is_propn(tok: Token) -> bool:
    return tok.tag_ in ("NNP", "NNPS")


def is_noun(tok: Token) -> bool:
    """A common noun."""
    return tok.tag_ in ("NN", "NNS")


def is_verb(tok: Token) -> bool:
    """A verb or an auxiliary ("has", "will")."""
    return tok.tag_.startswith("VB") or tok.tag_ == "MD"
