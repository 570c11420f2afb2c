"""Installations not called "base": "Marine Corps Air Station Futenma", "Naval Station
Rota", "the Vileyka naval communications centre", "the Gabala radar station".

The name runs from the capitalised words before the kind words to the proper name after
"Station" (if any); the text as written is the name.
"""

from __future__ import annotations

from spacy.tokens import Doc

from graph.extract.raw import RawMention
from graph.extract.tags import is_propn
from graph.model import EntityType, entity_id

__all__ = ["station_names"]

_HEADS = frozenset({"station", "centre", "center"})
_KINDS = frozenset(
    {"air", "naval", "communications", "radar", "missile", "early-warning", "military", "signals"}
)


def _name_tok(doc: Doc, i: int, taken: set[int]) -> bool:
    tok = doc[i]
    return is_propn(tok) and tok.text[:1].isupper() and i not in taken and "\n" not in tok.text


def station_names(doc: Doc, mentions: list[RawMention]) -> list[RawMention]:
    """Installation mentions ending in station/centre (see the module docstring)."""
    taken = {i for m in mentions if m.source == "gaz" for i in range(m.tok_start, m.tok_end)}
    out: list[RawMention] = []
    for i, tok in enumerate(doc):
        if tok.lower_ not in _HEADS or i == 0:
            continue
        j = i
        while j > 0 and doc[j - 1].lower_ in _KINDS:
            j -= 1
        if j == i:
            continue  # "a station", "the centre": no kind, no installation
        k = j
        while k > 0 and _name_tok(doc, k - 1, taken):
            k -= 1
        end = i + 1
        if tok.text == "Station":
            while end < len(doc) and end - i <= 3 and _name_tok(doc, end, taken):
                end += 1
        if k == j and end == i + 1:
            continue  # no proper name on either side
        span = doc[k:end]
        out.append(
            RawMention(
                span.start_char,
                span.end_char,
                span.text,
                EntityType.MILITARY_BASE,
                entity_id(EntityType.MILITARY_BASE, span.text),
                span.text,
                "composed",
                k,
                end,
            )
        )
    return out
