"""Linking: fold one document's mentions into canonical entities.

- Gazetteer and composed mentions carry their entity id already.
- A bare "the Defense Ministry" joins the one qualified ministry of that portfolio.
- Organisations: "Full Name (ACR)" and initials make acronym and name one entity.
- People: full names cluster when the folded surnames are within a small edit distance
  and the given names agree (Tokáyev/Tokayev, Belyousov/Belousov); a surname alone joins
  the one full name it fits; the canonical spelling comes from `data/people.json` when a
  known official agrees, else the text's own full name. Lone single words tagged PERSON
  stay only with a cue (a title before, "said" after), which filters NER noise.

`link()` sets `RawMention.entity` (None for dropped mentions) and returns the entities.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from graph.extract.gazetteer import Gazetteer
from graph.extract.lexicon import LEADER_TITLES, NAME_PARTICLES, NAMING_TITLES, TITLE_WORDS
from graph.extract.raw import RawMention
from graph.extract.spans import NO_NAME_ENDS
from graph.model import Entity, EntityType, Mention, entity_id, fold

__all__ = ["link", "same_person"]

_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Za-z0-9.&-]{1,9})\)")
_SPEECH_AFTER = re.compile(r"^[\s,]*(said|says|told|stressed|added|warned|noted|wrote)\b")
_POSSESSIVE = re.compile(r"[’']s?$")


def _limit(length: int) -> int:
    """How many edits two surnames may differ by, the shorter being `length` long."""
    return 2 if length >= 9 else 1 if length >= 5 else 0


def _close(a: str, b: str) -> bool:
    """Folded surnames that are one spelling apart (transliteration, typos)."""
    if a == b:
        return True
    limit = _limit(min(len(a), len(b)))
    return Levenshtein.distance(a, b, score_cutoff=limit) <= limit


@lru_cache(maxsize=4096)
def _variants(word: str) -> frozenset[str]:
    """`word` with up to `_limit(len(word))` letters deleted: two words within that many
    edits of each other always share one, so `_Near` needs no pairwise scan."""
    found = {word}
    for _ in range(_limit(len(word))):
        found |= {w[:i] + w[i + 1 :] for w in found for i in range(len(w))}
    return frozenset(found)


class _Near:
    """Items (numbers) indexed by surname: `candidates(word)` lists, in ascending order, every
    item whose surname may be `_close` to `word`; callers still check each one."""

    def __init__(self) -> None:
        self.items: dict[str, set[int]] = defaultdict(set)

    def add(self, surname: str, item: int) -> None:
        for key in _variants(surname):
            self.items[key].add(item)

    def candidates(self, word: str) -> list[int]:
        hits: set[int] = set()
        for key in _variants(word):
            hits.update(self.items.get(key, ()))
        return sorted(hits)


_RANKS = frozenset(
    [
        "sergeant",
        "major",
        "master",
        "corporal",
        "private",
        "specialist",
        "captain",
        "lieutenant",
        "commander",
        "agent",
        "special",
        "officer",
        "petty",
        "senior",
        "chief",
        "warrant",
        "brigadier",
        "ensign",
        "seaman",
        "airman",
    ]
)
_CUES = TITLE_WORDS | _RANKS  # words before a name that mark it as a person's
_TITLED_AFTER = re.compile(
    r"^,\s+the\s+(?:\w+\s+){0,3}?(?:" + "|".join(sorted(NAMING_TITLES)) + r")\b", re.I
)


@lru_cache(maxsize=4096)
def _words(name: str) -> tuple[str, ...]:
    return tuple(w for w in fold(name).split() if w not in NAME_PARTICLES)


def same_person(a: str, b: str) -> bool:
    """Do two full names (any spelling) name the same person?"""
    wa, wb = _words(a), _words(b)
    if not wa or not wb or not _close(wa[-1], wb[-1]):
        return False
    ga, gb = " ".join(wa[:-1]), " ".join(wb[:-1])
    if not ga or not gb:
        return True
    return ga[0] == gb[0] and (ga.startswith(gb) or gb.startswith(ga) or fuzz.ratio(ga, gb) >= 70)


@lru_cache(maxsize=4096)
def _canonical_person(name: str, gaz: Gazetteer) -> str:
    for canonical, forms in gaz.people:
        if any(same_person(name, form) for form in forms):
            return canonical
    return name


def _curated_by_surname(surname: str, gaz: Gazetteer) -> str | None:
    hits = {c for c, s in gaz.surnames.items() if _close(s, surname)}  # Zelenskyy/Zelensky
    return hits.pop() if len(hits) == 1 else None


class _Linker:
    def __init__(self, text: str, mentions: list[RawMention], gaz: Gazetteer) -> None:
        self.text = text
        self.mentions = mentions
        self.gaz = gaz
        self.names: dict[str, str] = {}
        self.types: dict[str, EntityType] = {}

    def assign(self, m: RawMention, key: str, name: str, type_: EntityType) -> None:
        m.entity = key
        m.type = type_
        self.names.setdefault(key, name)
        self.types.setdefault(key, type_)

    def fixed(self) -> None:
        for m in self.mentions:
            if m.key and m.name and m.type:
                self.assign(m, m.key, m.name, m.type)
        by_portfolio: dict[str, set[str]] = defaultdict(set)
        for m in self.mentions:
            if m.entity and "portfolio" in m.extra:
                by_portfolio[m.extra["portfolio"]].add(m.entity)
        for m in self.mentions:
            portfolio = m.extra.get("ministry")
            if portfolio and not m.entity:
                keys = by_portfolio.get(portfolio, set())
                if len(keys) == 1:
                    key = next(iter(keys))
                    self.assign(m, key, self.names[key], EntityType.ORGANISATION)

    def people(self) -> None:
        clusters, singles = self._full_names()
        self._lone_names(clusters, singles)
        for name, members in clusters:
            key = entity_id(EntityType.PERSON, name)
            for m in members:
                self.assign(m, key, name, EntityType.PERSON)

    def _full_names(self) -> tuple[list[tuple[str, list[RawMention]]], list[RawMention]]:
        """Clusters of full names that name one person (canonical name, mentions), and the
        one-word mentions left for `_lone_names`."""
        clusters: list[tuple[str, list[RawMention]]] = []
        near = _Near()  # clusters by the surname of each name they have had
        singles: list[RawMention] = []
        curated = {c for c, _ in self.gaz.people}
        for m in self.mentions:
            if m.entity or m.type not in (EntityType.PERSON, None, EntityType.ORGANISATION):
                continue
            words = _POSSESSIVE.sub("", m.text).split()
            if len(words) == 1:
                singles.append(m)
            if len(words) < 2 or not (m.type is EntityType.PERSON or self._set_by_title(m, words)):
                continue
            name = _canonical_person(" ".join(words), self.gaz)
            last = _words(name)[-1:]
            for i in near.candidates(last[0]) if last else []:
                cname, members = clusters[i]
                if same_person(name, cname):
                    members.append(m)
                    if name in curated and cname not in curated:
                        clusters[i] = (name, members)
                        near.add(last[0], i)
                    break
            else:
                if last:
                    near.add(last[0], len(clusters))
                clusters.append((name, [m]))
        return clusters, singles

    def _lone_names(
        self, clusters: list[tuple[str, list[RawMention]]], singles: list[RawMention]
    ) -> None:
        """A one-word name joins the one cluster whose surname it spells, else starts its own
        when it is a known official's surname or reads as a person."""
        surnames = [(self.surname(c), c, ms) for c, ms in clusters]
        by_surname = _Near()  # entries of `surnames`
        first: dict[str, int] = {}  # canonical name -> its first entry in `surnames`
        for i, (s, c, _) in enumerate(surnames):
            by_surname.add(s, i)
            first.setdefault(c, i)
        for m in singles:
            word = " ".join(_words(_POSSESSIVE.sub("", m.text)))  # "Al-Sisi" -> "sisi"
            found = by_surname.candidates(word) if word else []
            hits = [surnames[i][1] for i in found if _close(word, surnames[i][0])]
            if len(hits) == 1:
                surnames[first[hits[0]]][2].append(m)
            elif not hits and (
                m.type is EntityType.PERSON or (m.type is None and self.after_title(m))
            ):  # "Chancellor Scholz" even where the tagger read a place
                known = _curated_by_surname(word, self.gaz)
                if known or self.cue(m):
                    clusters.append((known or m.text, [m]))
                    by_surname.add(word, len(surnames))
                    first.setdefault(known or m.text, len(surnames))
                    surnames.append((word, known or m.text, clusters[-1][1]))

    def surname(self, name: str) -> str:
        """The folded name used alone for this person (family name first for some)."""
        if name in self.gaz.surnames:
            return self.gaz.surnames[name]
        words = _words(name)
        return words[-1] if words else ""

    def titled(self, m: RawMention) -> str | None:
        """The rank or title written right before a mention, with it ("Sergeant Major
        Bell", "Special Agent Parsons"), else None."""
        words = self.text[max(0, m.start - 40) : m.start].split()
        kept: list[str] = []
        for word in reversed(words):
            low = word.lower()
            if not word[:1].isupper() or (low not in TITLE_WORDS and low not in _RANKS):
                break
            kept.insert(0, word)
        if not kept or not self.text[m.start - 1 : m.start].isspace():
            return None
        return " ".join([*kept, m.text])

    def _set_by_title(self, m: RawMention, words: list[str]) -> bool:
        """A name the tagger read as a place or a body, set beside a title phrase: "the
        Minister of Defence of Japan, Minoru Kihara", "Akiba Takeo, the Secretary General"."""
        shaped = len(words) <= 3 and all(
            w[:1].isupper() and w.isalpha() and w.lower() not in TITLE_WORDS for w in words
        )
        body = words[-1].lower() in NO_NAME_ENDS  # "Central Command", "Kenesh"
        return shaped and not body and m.key is None and self.beside_title(m)

    def after_title(self, m: RawMention) -> bool:
        """Right after a capitalised leader's title ("Chancellor Scholz", not "of Idaho")."""
        before = self.text[max(0, m.start - 20) : m.start].split()
        return bool(before) and before[-1][:1].isupper() and before[-1].lower() in LEADER_TITLES

    def cue(self, m: RawMention) -> bool:
        """A title right before the name, a title phrase it is set beside, or speech after."""
        before = self.text[max(0, m.start - 30) : m.start].split()
        if before and before[-1].lower().strip(".,") in _CUES:
            return True
        return self.beside_title(m) or bool(_SPEECH_AFTER.match(self.text[m.end : m.end + 20]))

    def beside_title(self, m: RawMention) -> bool:
        """Set beside a title phrase by a comma: "the Minister of Defence of Japan, X", "X,
        the Secretary General of ..."."""
        if _TITLED_AFTER.match(self.text[m.end : m.end + 40]):
            return True
        before = self.text[max(0, m.start - 60) : m.start]
        if not before.rstrip().endswith(","):
            return False
        phrase = before.split(",")[-2].split()
        return any(w.lower() in NAMING_TITLES for w in phrase)

    def organisations(self) -> None:
        acronyms: dict[str, tuple[str | None, str]] = {}  # acronym -> (known id, name)
        for m in self.mentions:
            if m.type is EntityType.ORGANISATION:
                hit = _ACRONYM_AFTER.match(self.text, m.end)
                if hit and hit.group(1) != m.text:  # "<name> (<acronym>)": one organisation
                    known = (m.entity, m.name or m.text) if m.entity else (None, m.text)
                    acronyms[hit.group(1)] = known
        for m in self.mentions:
            if m.type is not EntityType.ORGANISATION or m.entity:
                continue
            known_id, name = acronyms.get(m.text, (None, m.text))
            name = _POSSESSIVE.sub("", name).strip()
            key = known_id or entity_id(EntityType.ORGANISATION, name)
            if key in self.types and self.types[key] is not EntityType.ORGANISATION:
                continue
            self.assign(m, key, self.names.get(key, name), EntityType.ORGANISATION)

    def entities(self) -> list[Entity]:
        grouped: dict[str, list[RawMention]] = defaultdict(list)
        for m in self.mentions:
            if m.entity:
                grouped[m.entity].append(m)
        result = []
        for key, ms in grouped.items():
            ms.sort(key=lambda m: m.start)
            aliases = list(dict.fromkeys(m.text for m in ms))
            if self.types[key] is EntityType.PERSON and len(self.names[key].split()) == 1:
                # a surname alone: how the text calls them ("Major General Goldhorn") too
                aliases += [t for m in ms if (t := self.titled(m)) and t not in aliases]
            mentions = [Mention(text=m.text, start=m.start, end=m.end) for m in ms]
            result.append(
                Entity(
                    id=key,
                    type=self.types[key],
                    name=self.names[key],
                    aliases=aliases,
                    mentions=mentions,
                )
            )
        result.sort(key=lambda e: e.mentions[0].start)
        return result


def link(text: str, mentions: list[RawMention], gaz: Gazetteer) -> list[Entity]:
    """Assign every mention an entity id (or None) and return the document's entities."""
    linker = _Linker(text, mentions, gaz)
    linker.fixed()
    linker.people()
    linker.organisations()
    return linker.entities()
