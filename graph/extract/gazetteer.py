"""The curated gazetteer shipped as package data, and the entity-ruler patterns built from it.

`data/countries.json`, `data/organisations.json`, `data/regions.json` and `data/people.json`
are written by hand (ISO codes checked against pycountry). `load_gazetteer()` reads them
once per process and returns a `Gazetteer`: entries by id, surface-form lookups and the
phrase patterns the entity ruler matches (case-sensitive, so "turkey" or "polish" in
lower case never fire).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from spacy.tokens import Token

from graph.model import EntityType, entity_id, fold

__all__ = [
    "LABEL_CAPITAL",
    "LABEL_COUNTRY",
    "LABEL_DEMONYM",
    "LABEL_ORG",
    "LABEL_REGION",
    "LABEL_SEAT",
    "RULER_LABELS",
    "Country",
    "GazEntry",
    "Gazetteer",
    "capital_state",
    "country_words",
    "load_gazetteer",
]

# Entity-ruler labels. A capital is a country mention only where the state acts
# (decided after parsing); a seat of government ("the Kremlin") always is.
LABEL_COUNTRY = "GEO_COUNTRY"
LABEL_DEMONYM = "GEO_DEMONYM"
LABEL_CAPITAL = "GEO_CAPITAL"
LABEL_SEAT = "GEO_SEAT"
LABEL_ORG = "GEO_ORG"
LABEL_REGION = "GEO_REGION"
RULER_LABELS = frozenset(
    {LABEL_COUNTRY, LABEL_DEMONYM, LABEL_CAPITAL, LABEL_SEAT, LABEL_ORG, LABEL_REGION}
)


@dataclass(frozen=True)
class GazEntry:
    """One gazetteer entity: its stable id, type, canonical name and (national bodies) country."""

    id: str
    type: EntityType
    name: str
    country: str | None = None
    kind: str = ""


@dataclass(frozen=True)
class Country:
    """A country's facts used for composing names ("Ministry of Defence of the ...")."""

    iso3: str
    name: str
    official: str
    adjective: str


@dataclass(eq=False)  # hashed by identity: one per process, used as a cache key
class Gazetteer:
    """Everything the extractor knows without reading the text."""

    entries: dict[str, GazEntry] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)  # by entity id
    patterns: list[dict[str, Any]] = field(default_factory=list)
    given_names: set[str] = field(default_factory=set)  # country names that are first names
    people: list[tuple[str, list[str]]] = field(default_factory=list)  # (canonical, folded forms)
    surnames: dict[str, str] = field(default_factory=dict)  # canonical -> folded name used alone
    capitals: dict[str, str] = field(default_factory=dict)  # lower-case capital -> country id
    officials: dict[str, str] = field(default_factory=dict)  # person id -> the state served
    publishers: dict[str, str] = field(default_factory=dict)  # web domain -> country id

    def voice(self, url: str | None) -> str | None:
        """The state a document published at `url` speaks for (a government's own site)."""
        host = urlsplit(url).hostname if url and "://" in url else None
        while host:
            if host in self.publishers:
                return self.publishers[host]
            host = host.partition(".")[2]
        return None


def _read(name: str) -> dict[str, Any]:
    data = resources.files("graph.extract").joinpath("data", name).read_text("utf-8")
    result: dict[str, Any] = json.loads(data)
    return result


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _add(gaz: Gazetteer, label: str, surface: str, ent_id: str) -> None:
    gaz.patterns.append({"label": label, "pattern": surface, "id": ent_id})
    # Curly and straight apostrophes both occur in news text.
    if "'" in surface:
        gaz.patterns.append({"label": label, "pattern": surface.replace("'", "’"), "id": ent_id})


def _official(name: str, names: list[str]) -> str:
    """The long official form ("the Russian Federation") used inside composed names."""
    for candidate in names:
        words = candidate.split()
        if len(words) > 1 and words[0] in {"Republic", "Kingdom", "Russian", "United", "State"}:
            return "the " + candidate
        if len(words) > 2 and " of " in candidate:
            return "the " + candidate
    return name


def _load_countries(gaz: Gazetteer) -> None:
    for row in _read("countries.json")["countries"]:
        cid = entity_id(EntityType.COUNTRY, row["iso3"])
        gaz.entries[cid] = GazEntry(cid, EntityType.COUNTRY, row["name"])
        adjectives = row["adjectives"] or [row["name"]]
        gaz.countries[cid] = Country(
            row["iso3"], row["name"], _official(row["name"], row["names"]), adjectives[0]
        )
        if row.get("given_name"):
            gaz.given_names.add(row["name"])
        for surface in [row["name"], *row["names"]]:
            _add(gaz, LABEL_COUNTRY, surface, cid)
            if surface.startswith("The "):
                _add(gaz, LABEL_COUNTRY, surface[4:], cid)
        for surface in [*row["adjectives"], *row["demonyms"]]:
            _add(gaz, LABEL_DEMONYM, surface, cid)
        for surface in row["capitals"]:
            _add(gaz, LABEL_CAPITAL, surface, cid)
            gaz.capitals[surface.lower()] = cid
        for surface in row["seats"]:
            _add(gaz, LABEL_SEAT, surface, cid)


def _load_organisations(gaz: Gazetteer) -> None:
    for row in _read("organisations.json")["organisations"]:
        oid = entity_id(EntityType.ORGANISATION, row["key"])
        country = row.get("country")
        gaz.entries[oid] = GazEntry(
            oid,
            EntityType.ORGANISATION,
            row["name"],
            entity_id(EntityType.COUNTRY, country) if country else None,
            row["kind"],
        )
        for surface in {row["name"], *row["aliases"]}:
            _add(gaz, LABEL_ORG, surface, oid)


def _load_regions(gaz: Gazetteer) -> None:
    for row in _read("regions.json")["regions"]:
        rid = entity_id(EntityType.REGION, row["name"])
        gaz.entries[rid] = GazEntry(rid, EntityType.REGION, row["name"])
        for surface in [row["name"], *row.get("aliases", [])]:
            _add(gaz, LABEL_REGION, surface, rid)


_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def _family_name(name: str) -> str:
    """The last word of a name that is no generational suffix ("Ferdinand Marcos Jr.")."""
    words = [w for w in name.replace(",", " ").split() if w.lower() not in _SUFFIXES]
    return words[-1] if words else name


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Read the package data once per process."""
    gaz = Gazetteer()
    _load_countries(gaz)
    _load_organisations(gaz)
    _load_regions(gaz)
    for row in _read("people.json")["people"]:
        forms = [fold(row["name"]), *(fold(v) for v in row.get("variants", []))]
        gaz.people.append((row["name"], forms))
        for written in {row["name"], *row.get("variants", [])}:
            for surface in {written, _ascii(written)}:  # "Niinistö" and "Niinisto"
                gaz.patterns.append({"label": "PERSON", "pattern": surface})
        gaz.surnames[row["name"]] = fold(row.get("surname") or _family_name(row["name"]))
        if row.get("state"):
            gaz.officials[entity_id(EntityType.PERSON, row["name"])] = f"country:{row['state']}"
    gaz.publishers = {
        domain: f"country:{iso3}" for domain, iso3 in _read("publishers.json")["domains"].items()
    }
    return gaz


@lru_cache(maxsize=1)
def country_words() -> frozenset[str]:
    """One-word country names and demonyms ("Sweden", "Kenyan") as written."""
    return frozenset(
        p["pattern"]
        for p in load_gazetteer().patterns
        if p["label"] in (LABEL_COUNTRY, LABEL_DEMONYM)
        and isinstance(p["pattern"], str)
        and " " not in p["pattern"]
    )


def capital_state(tok: Token) -> str | None:
    """The state whose capital `tok` names ("arrived in Doha", "the base in Dushanbe"), else
    None: a capital as a place or a destination, where it is no mention of the state."""
    if tok.ent_type_ == LABEL_CAPITAL and tok.ent_id_.startswith("country:"):
        return tok.ent_id_
    return None
