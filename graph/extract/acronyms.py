"""Organisation names introduced with a parenthesised acronym: "Lashkar-e-Taiba (LeT)".

The full name is the run of words before the parenthesis whose capitalised words spell the
acronym (lower-case joining words such as "of", "in", "i" may spell a letter or be skipped);
the name and the acronym become one organisation, even where the gazetteer or the tagger cut
the name into pieces ("Tehrik-i-Taliban Pakistan (TTP)", "United States Forces Japan (USFJ)").
"""

from __future__ import annotations

from spacy.tokens import Doc

from graph.extract.raw import RawMention
from graph.model import EntityType

__all__ = ["acronym_names"]

_MAX_WORDS = 8
_SKIPPED = frozenset({"-", "'s", "’s", "'", "’", "&"})


def _letters(acronym: str) -> str:
    """ "LeT" -> "LT" (mixed case spells with its capitals), "USFJ" -> "USFJ"."""
    caps = "".join(c for c in acronym if c.isupper())
    return caps if acronym != acronym.upper() else "".join(c for c in acronym if c.isalpha())


def _spelled_start(doc: Doc, paren: int, letters: str) -> int | None:
    """The first token of the name before `paren` that spells `letters`, if any."""
    p = len(letters) - 1
    k = paren - 1
    floor = max(0, paren - 2 * _MAX_WORDS)
    while k >= floor and p >= 0:
        tok = doc[k]
        if tok.text in _SKIPPED:
            k -= 1
            continue
        if not tok.is_alpha or "\n" in tok.whitespace_:
            return None
        initial = tok.text[0]
        if initial.isupper():
            if initial != letters[p].upper():
                return None
            p -= 1
        elif initial.upper() == letters[p].upper() and len(tok) <= 3:
            p -= 1  # "Mission in Somalia" spelling "MIS"
        elif len(tok) > 3:
            return None  # a long lower-case word is not part of a name
        k -= 1
    if p >= 0 or not doc[k + 1].text[:1].isupper():
        return None
    return k + 1


def _mention(doc: Doc, start: int, end: int, key: str | None, name: str) -> RawMention:
    span = doc[start:end]
    return RawMention(
        span.start_char,
        span.end_char,
        span.text,
        EntityType.ORGANISATION,
        key,
        name,
        "composed",
        start,
        end,
    )


def acronym_names(doc: Doc, mentions: list[RawMention]) -> list[RawMention]:
    """Full-name and acronym mentions for every "<Name> (<ACRONYM>)" in `doc`."""
    by_end = {m.tok_end: m for m in mentions}
    by_start = {m.tok_start: m for m in mentions}
    out: list[RawMention] = []
    for i, tok in enumerate(doc):
        if tok.text != "(" or i + 2 >= len(doc) or doc[i + 2].text != ")" or i == 0:
            continue
        acronym = doc[i + 1].text
        letters = _letters(acronym)
        if not 2 <= len(letters) <= _MAX_WORDS or not acronym[:1].isupper():
            continue
        known = by_start.get(i + 1)
        if known is not None and known.source == "gaz":
            continue  # a gazetteer acronym ("NATO") is already linked
        before = by_end.get(i)
        start = _spelled_start(doc, i, letters)
        if start is None:
            continue
        if (
            before is not None
            and before.type is EntityType.ORGANISATION
            and before.tok_start <= start
            and before.key
        ):
            key, name = before.key, before.name or before.text
        else:  # no id: linking joins later uses of the acronym to this name
            key, name = None, doc[start:i].text
            out.append(_mention(doc, start, i, key, name))
        out.append(_mention(doc, i + 1, i + 2, key, name))
    return out
