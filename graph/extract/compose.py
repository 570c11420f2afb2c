"""Composed mentions: ministries, armed forces and military bases built from tokens.

These are open classes (every country has a defence ministry, bases have any name), so
they are recognised by pattern around a head word ("Ministry", "army", "Air Base") and
the country mention next to it, and named canonically:

- "Russian Defense Ministry", "Ministry of Defence of Russia" ->
  "Ministry of Defence of the Russian Federation"; a bare "the Defense Ministry" is left
  for linking to join a qualified ministry of the same portfolio in the document.
- "the Kazakh army", "Armed Forces of Kazakhstan", "the Russian military" ->
  the country's armed forces ("Russian Airborne Forces", "Kazakh Army", ...).
- "201st Military Base", "Hmeimim Air Base", "Camp Lemonnier", "Tartus naval base",
  "the Russian air base in Kant" (-> "Kant Air Base", operated by Russia).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from graph.extract.gazetteer import Gazetteer
from graph.extract.lexicon import BASE_KINDS, FORCE_HEADS, LEADER_TITLES, NAME_PARTICLES, PORTFOLIOS
from graph.extract.raw import RawMention
from graph.extract.tags import is_noun, is_propn
from graph.model import EntityType, entity_id

__all__ = ["compose_mentions"]

_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$", re.IGNORECASE)
_POSSESSIVE = frozenset({"'s", "’s"})
# National bodies with their own established names.
_NAMED_BODIES = {
    ("country:USA", "Defence"): "org:dod",
    ("country:USA", "Foreign Affairs"): "org:state-department",
    ("country:GBR", "Foreign Affairs"): "org:foreign-office",
}


class _Composer:
    def __init__(self, doc: Doc, gaz: Gazetteer, mentions: list[RawMention]) -> None:
        self.doc = doc
        self.gaz = gaz
        countries = [m for m in mentions if m.type is EntityType.COUNTRY and m.source == "gaz"]
        self.by_end = {m.tok_end: m for m in countries}
        self.by_start = {m.tok_start: m for m in countries}
        self.gaz_tokens = {
            i for m in mentions if m.source == "gaz" for i in range(m.tok_start, m.tok_end)
        }
        self.out: list[RawMention] = []

    # -- helpers -------------------------------------------------------------
    def country_before(self, i: int) -> RawMention | None:
        """A country mention ending at token i, directly or through a possessive."""
        if i in self.by_end:
            return self.by_end[i]
        if i > 0 and self.doc[i - 1].lower_ in _POSSESSIVE:
            return self.by_end.get(i - 1)
        return None

    def country_after_of(self, i: int) -> tuple[RawMention | None, int]:
        """`of [the] <country>` starting at token i -> (mention, end token)."""
        doc = self.doc
        if i < len(doc) and doc[i].lower_ == "of":
            j = i + 1
            if j < len(doc) and doc[j].lower_ == "the":
                j += 1
            m = self.by_start.get(j)
            if m is not None:
                return m, m.tok_end
        return None, i

    def emit(
        self,
        start: int,
        end: int,
        type_: EntityType,
        key: str | None,
        name: str | None,
        **extra: str,
    ) -> None:
        span = self.doc[start:end]
        self.out.append(
            RawMention(
                span.start_char,
                span.end_char,
                span.text,
                type_,
                key,
                name,
                "composed",
                start,
                end,
                extra=dict(extra),
            )
        )

    # -- ministries ------------------------------------------------------------
    def ministry(self, i: int) -> None:
        doc = self.doc
        j = i
        while j > 0 and (doc[j - 1].lower_ in PORTFOLIOS or doc[j - 1].lower_ == "affairs"):
            j -= 1
        portfolio = PORTFOLIOS.get(doc[j].lower_) if j < i else None
        end = i + 1
        if portfolio is None and end + 1 < len(doc) and doc[end].lower_ == "of":
            portfolio = PORTFOLIOS.get(doc[end + 1].lower_)
            if portfolio is not None:
                end += 2
                while end < len(doc) and doc[end].lower_ in ("affairs", "and"):
                    end += 1
        if portfolio is None:
            return
        country = self.country_before(j)
        start = country.tok_start if country else j
        if country is None:
            country, end = self.country_after_of(end)
        if country is None:
            self.emit(start, end, EntityType.ORGANISATION, None, None, ministry=portfolio)
            return
        assert country.key is not None
        named = _NAMED_BODIES.get((country.key, portfolio))
        if named and named in self.gaz.entries:
            name = self.gaz.entries[named].name
            self.emit(start, end, EntityType.ORGANISATION, named, name, portfolio=portfolio)
            return
        facts = self.gaz.countries[country.key]
        name = f"Ministry of {portfolio} of {facts.official}"
        key = entity_id(EntityType.ORGANISATION, f"{facts.iso3} ministry of {portfolio}")
        self.emit(
            start, end, EntityType.ORGANISATION, key, name, country=country.key, portfolio=portfolio
        )

    # -- armed forces ----------------------------------------------------------
    def forces(self, i: int) -> None:
        doc = self.doc
        low = doc[i].lower_
        prev = doc[i - 1].lower_ if i > 0 else ""
        head = FORCE_HEADS.get(f"{prev} {low}")
        first = i - 1
        if head is None:
            if low not in ("army", "navy", "military"):
                return
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            if nxt is not None and (is_noun(nxt) or is_propn(nxt)):
                return  # "Kazakh military officials": an adjective, not the institution
            head, first = ("Armed Forces" if low == "military" else FORCE_HEADS[low]), i
        country = self.country_before(first)
        start, end = (country.tok_start if country else first), i + 1
        if country is None and head == "Armed Forces":
            country, end = self.country_after_of(i + 1)
        if country is None or country.key not in self.gaz.countries:
            return
        facts = self.gaz.countries[country.key]
        if head == "Armed Forces":
            name = f"Armed Forces of {facts.official}"
        elif not country.adjective and country.tok_end == first and doc[first].text[:1].isupper():
            name = doc[start:end].text  # a proper name: "Guyana Defence Force"
        else:
            name = f"{facts.adjective} {head}"
        key = entity_id(EntityType.ORGANISATION, name)
        self.emit(start, end, EntityType.ORGANISATION, key, name, country=country.key)

    # -- military bases --------------------------------------------------------
    def base(self, i: int) -> None:
        doc = self.doc
        tok = doc[i]
        kinds: list[str] = []
        j = i
        if tok.lower_ == "airbase":
            kinds.append("Air")
        while j > 0 and (doc[j - 1].lower_ in BASE_KINDS or doc[j - 1].lower_ == "force"):
            low = doc[j - 1].lower_
            kinds.insert(0, "Force" if low == "force" else BASE_KINDS[low])
            j -= 1
        if tok.lower_ == "facility" and not kinds:
            return  # only "naval/air/military facility" names an installation
        kind = " ".join(kinds)
        label = f"{kind or 'Military'} {'Facility' if tok.lower_ == 'facility' else 'Base'}"
        k = j
        if k > 0 and _ORDINAL.match(doc[k - 1].text):
            k -= 1
            name = f"{doc[k].text} {label}"
        else:
            while k > 0 and self._name_token(k - 1):
                k -= 1
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            if k < j and (kinds or tok.text == "Base"):
                name = f"{doc[k:j].text} {label}"
            elif k == j and kinds and tok.text == "Base" and nxt is not None and nxt.like_num:
                name = f"{label} {nxt.text}"  # "Air Base 201"
                self.emit(
                    j,
                    i + 2,
                    EntityType.MILITARY_BASE,
                    entity_id(EntityType.MILITARY_BASE, name),
                    name,
                )
                return
            else:
                self.base_in_place(k, i, label, has_kind=j < i)
                return
        operator = self.country_before(k)
        start = operator.tok_start if operator else k
        extra = {"operator": operator.key} if operator and operator.key else {}
        self.emit(
            start,
            i + 1,
            EntityType.MILITARY_BASE,
            entity_id(EntityType.MILITARY_BASE, name),
            name,
            **extra,
        )

    def _name_token(self, i: int) -> bool:
        tok = self.doc[i]
        return (
            is_propn(tok)
            and tok.text[:1].isupper()
            and i not in self.gaz_tokens
            and "\n" not in tok.text
        )

    def base_in_place(self, k: int, i: int, label: str, has_kind: bool) -> None:
        """ "the Russian air base in Kant": a base named by the place it is in."""
        doc = self.doc
        if i + 2 >= len(doc) or doc[i + 1].lower_ not in ("in", "at", "near"):
            return
        p = i + 2
        while p < len(doc) and self._name_token(p):
            p += 1
        head = doc[i].head.i if doc[i].dep_ == "appos" else -1
        if p == i + 2 or any(o.tok_start <= head < o.tok_end for o in self.out):
            return  # "Camp X, the largest US base in Africa" describes X, it names no base
        place = doc[i + 2 : p].text
        operator = self.country_before(k)
        if operator is None and not has_kind:
            return  # "a base in X" with neither operator nor kind is too vague to name
        name = f"{place} {label}"
        extra = {"operator": operator.key or "", "nest": "1"} if operator else {}
        self.emit(
            operator.tok_start if operator else k,
            p,
            EntityType.MILITARY_BASE,
            entity_id(EntityType.MILITARY_BASE, name),
            name,
            **extra,
        )

    def camp(self, i: int) -> None:
        doc = self.doc
        p = i + 1
        while p < len(doc) and p - i <= 4 and self._name_token(p):
            p += 1
        if p > i + 1:
            name = doc[i:p].text
            self.emit(
                i, p, EntityType.MILITARY_BASE, entity_id(EntityType.MILITARY_BASE, name), name
            )


def _paren_name(comp: _Composer, i: int) -> None:
    """ "the President of Kazakhstan (Kasim-Yomart Tokáyev)": a name the NER often misses."""
    doc = comp.doc
    country = comp.by_end.get(i)
    j = (country.tok_start if country else i) - 1
    if j > 0 and doc[j].lower_ == "the":
        j -= 1
    if country is None or j < 1 or doc[j].lower_ != "of" or doc[j - 1].lower_ not in LEADER_TITLES:
        return
    p = i + 1
    while (
        p < len(doc)
        and p - i <= 6
        and (is_propn(doc[p]) or doc[p].text == "-" or doc[p].lower_ in NAME_PARTICLES)
    ):
        p += 1
    words = [t for t in doc[i + 1 : p] if t.text != "-"]
    if (
        len(words) >= 2
        and p < len(doc)
        and doc[p].text == ")"
        and all(t.text[:1].isupper() or t.lower_ in NAME_PARTICLES for t in words)
    ):
        comp.emit(i + 1, p, EntityType.PERSON, None, None)


def compose_mentions(doc: Doc, gaz: Gazetteer, mentions: list[RawMention]) -> list[RawMention]:
    """Ministries, armed forces and bases found in `doc` (given the gazetteer mentions)."""
    comp = _Composer(doc, gaz, mentions)
    for i, tok in enumerate(doc):
        low = tok.lower_
        if low == "ministry":
            comp.ministry(i)
        elif low in ("forces", "army", "navy", "force", "military", "guard"):
            comp.forces(i)
        elif low in ("base", "airbase", "facility"):
            comp.base(i)
        elif tok.text == "Camp":
            comp.camp(i)
        elif tok.text == "(":
            _paren_name(comp, i)
    return comp.out
