"""Mentions: typed spans found in one parsed chunk, before linking.

Gazetteer hits come from the entity ruler; ministries, armed forces and bases are composed
from tokens (`compose.py`); the statistical NER adds people and organisations, filtered for
precision. A capital counts as its country only where the state acts ("Moscow said",
"annexed by Moscow"), never as a place ("in Moscow").
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from graph.extract import compose
from graph.extract.acronyms import acronym_names
from graph.extract.gazetteer import (
    LABEL_CAPITAL,
    LABEL_COUNTRY,
    LABEL_DEMONYM,
    LABEL_ORG,
    LABEL_REGION,
    LABEL_SEAT,
    Gazetteer,
)
from graph.extract.lexicon import AGENT_PREPS, STATE_BODY_NOUNS, TITLE_WORDS
from graph.extract.patterns import pattern_mentions
from graph.extract.places import is_city
from graph.extract.raw import RawMention
from graph.extract.spans import (
    named_token,
    org_ok,
    org_then_name,
    person_ok,
    person_shaped,
    rank_led,
    titled_name_end,
    trim_span,
    whole_name,
)
from graph.extract.stations import station_names
from graph.extract.tags import is_propn
from graph.model import EntityType

__all__ = ["RawMention", "collect_mentions", "token_index"]

_GAZ_TYPES = {
    LABEL_COUNTRY: EntityType.COUNTRY,
    LABEL_DEMONYM: EntityType.COUNTRY,
    LABEL_SEAT: EntityType.COUNTRY,
    LABEL_CAPITAL: EntityType.COUNTRY,
    LABEL_ORG: EntityType.ORGANISATION,
    LABEL_REGION: EntityType.REGION,
}
_STAT_TYPES = {"PERSON": EntityType.PERSON, "ORG": EntityType.ORGANISATION}
# Statistical labels that may hide a person's surname ("Belyousov" tagged GPE).
_MAYBE_PERSON = frozenset({"GPE", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT"})
# Capitalised words after "Jordan"/"Georgia" that are not a surname.
_NOT_SURNAMES = frozenset(
    {
        "army",
        "armed",
        "navy",
        "air",
        "defence",
        "defense",
        "ministry",
        "government",
        "valley",
        "river",
        "initiative",
        "strategic",
        "comprehensive",
        "climate",
        "partnership",
        "dialogue",
        "forum",
        "summit",
        "out",
    }
)
_PRIORITY = {"composed": 3, "gaz": 2, "stat": 1, "maybe": 0}


def _capital_acts(span: Span) -> bool:
    """True where a capital stands for its state: subject, possessor, agent, 'Moscow officials'."""
    tok = span.root
    while tok.dep_ == "conj" and tok.head != tok:
        tok = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass", "poss"):
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ in AGENT_PREPS:
        return True
    return tok.dep_ in ("compound", "amod") and tok.head.lower_ in STATE_BODY_NOUNS


def _given_names(doc: Doc, gaz: Gazetteer) -> dict[int, int]:
    """One-word country names that begin a person's name ("Jordan Henderson", "Chad Smith").

    Returns start token -> end token of the whole name.
    """
    names: dict[int, int] = {}
    for ent in doc.ents:
        if ent.label_ != LABEL_COUNTRY or len(ent) != 1 or ent.end >= len(doc):
            continue
        nxt = doc[ent.end]
        if ent.text not in gaz.given_names or (
            ent.start > 0 and doc[ent.start - 1].lower_ in ("of", "to", "for", "in", "-", "–", "—")
        ):
            # "Prime Minister of Sweden Magdalena Andersson", "Ambassador to Kenya Meg
            # Whitman": the title's country
            continue
        person_next = nxt.ent_type_ == "PERSON" and nxt.ent_iob_ == "B"
        name_next = (
            is_propn(nxt)
            and nxt.text[:1].isupper()
            and nxt.ent_type_ in ("", "PERSON")
            and nxt.lower_ not in _NOT_SURNAMES
        )
        if ent[0].whitespace_ and (person_next or name_next):
            end = ent.end + 1
            while end < len(doc) and doc[end].ent_type_ == "PERSON" and doc[end].ent_iob_ == "I":
                end += 1
            names[ent.start] = end
    return names


def _from_ents(doc: Doc, gaz: Gazetteer) -> list[RawMention]:
    found: list[RawMention] = []
    given = _given_names(doc, gaz)
    for start, end in given.items():
        found.append(_person(doc[start:end]))
    inside = {i for start, end in given.items() for i in range(start, end)}
    for ent in doc.ents:
        label = ent.label_
        if ent.start in inside:
            continue  # part of a person's name found above
        if label == "PERSON":
            ent = whole_name(doc, ent)
            inside.update(range(ent.start, ent.end))
        if label == "ORG" and (cut := org_then_name(doc, ent)) is not None:
            found.append(_person(doc[cut[1] : ent.end]))
            ent = doc[ent.start : cut[0]]
        if label in _GAZ_TYPES:
            if label == LABEL_CAPITAL and not _capital_acts(ent):
                continue
            entry = gaz.entries.get(ent.ent_id_)
            if entry is None:
                continue
            found.append(
                RawMention(
                    ent.start_char,
                    ent.end_char,
                    ent.text,
                    entry.type,
                    entry.id,
                    entry.name,
                    "gaz",
                    ent.start,
                    ent.end,
                    adjective=label == LABEL_DEMONYM,
                    extra={"metonym": "1"} if label in (LABEL_CAPITAL, LABEL_SEAT) else {},
                )
            )
            continue
        mention = _statistical(doc, ent, label)
        if mention is not None:
            found.append(mention)
    named = {i for m in found if m.type is EntityType.PERSON for i in range(m.tok_start, m.tok_end)}
    found.extend(_titled_names(doc, named))
    return found


def _person(span: Span) -> RawMention:
    return RawMention(
        span.start_char,
        span.end_char,
        span.text,
        EntityType.PERSON,
        None,
        None,
        "stat",
        span.start,
        span.end,
    )


def _titled_names(doc: Doc, named: set[int]) -> list[RawMention]:
    """Names right after a leader's title that the tagger did not tag at all (a guess never
    runs over a name already found: "for International Economics | Daleep Singh")."""
    found = []
    for tok in doc:
        if named_token(tok) or not tok.text[:1].isupper() or tok.i == 0:
            continue
        end = titled_name_end(doc, tok.i)
        if end > tok.i and not named & set(range(tok.i, end)) and person_ok(doc[tok.i : end]):
            found.append(_person(doc[tok.i : end]))
    return found


def _statistical(doc: Doc, ent: Span, label: str) -> RawMention | None:
    """A statistical span labelled `label`, trimmed and filtered; None when it names no entity."""
    kind = _STAT_TYPES.get(label)
    if kind is None and (label not in _MAYBE_PERSON or is_city(ent.text)):
        return None  # a city is a place, never a person
    if kind is EntityType.ORGANISATION and person_shaped(ent):
        kind = EntityType.PERSON
    start, end = trim_span(
        doc,
        ent.start,
        ent.end,
        person=kind is not EntityType.ORGANISATION,
        named=kind is EntityType.PERSON,  # "Kenya Meg Whitman": a tagged name, not a guess
    )
    if start >= end:
        return None
    toks = doc[start:end]
    ranks = rank_led(toks)
    if kind is EntityType.ORGANISATION and 0 < ranks < len(toks) and person_ok(toks[ranks:]):
        kind, start = EntityType.PERSON, start + ranks  # "Major General Goldhorn"
        toks = doc[start:end]
    if kind is EntityType.ORGANISATION and not org_ok(toks):
        return None
    if kind is not EntityType.ORGANISATION and not person_ok(toks):
        return None
    source = "stat" if kind is not None else "maybe"
    extra: dict[str, str] = {}
    if kind is EntityType.ORGANISATION and doc[end - 1].lower_ in ("of", "the"):
        # "Grand National Assembly of | Turkey": the country ends the name
        nxt = doc[end] if end < len(doc) else None
        if nxt is not None and nxt.ent_type_ == LABEL_COUNTRY and nxt.ent_iob_ == "B":
            end = next(
                k for k in range(end + 1, len(doc) + 1) if k == len(doc) or doc[k].ent_iob_ != "I"
            )
            toks, source, extra = doc[start:end], "composed", {"nest": "1"}
    return RawMention(
        toks.start_char,
        toks.end_char,
        toks.text,
        kind,
        None,
        None,
        source,
        start,
        end,
        extra=extra,
    )


def _resolve_overlaps(mentions: list[RawMention]) -> list[RawMention]:
    """Keep the higher-priority (then longer) mention where spans overlap.

    A composed mention marked `nest` ("the Russian air base in Kant") lets the gazetteer
    mention inside it ("Russian") stand too.
    """
    ranked = sorted(
        mentions,
        key=lambda m: (-_PRIORITY[m.source], -(m.tok_end - m.tok_start), not m.key, m.tok_start),
    )
    hard: set[int] = set()
    soft: set[int] = set()
    kept: list[RawMention] = []
    for m in ranked:
        toks = set(range(m.tok_start, m.tok_end))
        if toks & hard or (toks & soft and m.source != "gaz"):
            continue
        (soft if m.extra.get("nest") else hard).update(toks)
        kept.append(m)
    kept.sort(key=lambda m: (m.start, -m.end))
    return kept


def collect_mentions(doc: Doc, gaz: Gazetteer) -> list[RawMention]:
    """All mentions in `doc`, overlaps resolved, in text order."""
    mentions = _from_ents(doc, gaz)
    mentions.extend(compose.compose_mentions(doc, gaz, mentions))
    mentions.extend(acronym_names(doc, mentions))
    mentions.extend(station_names(doc, mentions))
    gazetteer_tokens = {
        i for m in mentions if m.source == "gaz" for i in range(m.tok_start, m.tok_end)
    }
    mentions.extend(pattern_mentions(doc, gazetteer_tokens))
    kept = _resolve_overlaps(mentions)
    return sorted(kept + _lone_surnames(doc, kept), key=lambda m: (m.start, -m.end))


def _lone_surnames(doc: Doc, kept: list[RawMention]) -> list[RawMention]:
    """A surname the tagger missed ("Rubio later toured", tagged a date) where the full name
    appears in the same text; linking joins it to that person."""
    surnames = {
        doc[m.tok_end - 1].text
        for m in kept
        if m.type is EntityType.PERSON and m.tok_end - m.tok_start >= 2
    }
    covered = {i for m in kept for i in range(m.tok_start, m.tok_end)}
    found = []
    for tok in doc:
        if tok.i in covered or tok.text not in surnames or tok.tag_ != "NNP":
            continue
        near = [doc[j] for j in (tok.i - 1, tok.i + 1) if 0 <= j < len(doc)]
        if any(
            t.tag_ == "NNP" and t.text[:1].isupper() and t.lower_ not in TITLE_WORDS for t in near
        ):
            continue  # part of some other name ("Chancellor Scholz" is the person's title)
        found.append(
            RawMention(
                tok.idx,
                tok.idx + len(tok),
                tok.text,
                EntityType.PERSON,
                None,
                None,
                "stat",
                tok.i,
                tok.i + 1,
            )
        )
    return found


def token_index(mentions: list[RawMention]) -> dict[int, RawMention]:
    """Token index -> the mention covering it (the outer one where nested)."""
    index: dict[int, RawMention] = {}
    for m in mentions:
        for i in range(m.tok_start, m.tok_end):
            if i not in index or m.source == "composed":
                index[i] = m
    return index
