"""Write-time entity resolution against what a store already holds; shared by every store.

The extractor links mentions within one document. Across documents, a new
document may name a person by surname only ("Putin") or in another
transliteration ("Belyousov" for "Belousov"). `resolve` joins such an entity to
the one existing entity it fits, and leaves it apart when several fit.

A store supports resolution in two steps:

1. index every stored entity under `resolution_keys(type, name, aliases)` (the
   memory store keeps a dict key -> ids; the Bolt store a list property);
2. before writing a document, call `resolve(extraction, lookup)` where
   `lookup(keys)` returns the stored entities indexed under any of `keys`, and
   write `result.extraction`; report `result.merged` and `result.ambiguous`.

What fits, kept narrow on purpose:

- Person: the candidate has a full name (two or more words); the surnames fold
  to the same word or differ by at most two edits (same initial, 5+ letters);
  a new full name must also agree on the first name (equal, an initial, or one
  edit apart such as Andrei/Andrey). A new surname-only mention needs no first name.
- Organisation: the new entity carries an acronym (e.g. `CSTO`) that exactly one
  stored organisation also carries.

An entity whose own id is already stored is never moved.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from graph.model import Entity, EntityType, Extraction, fold
from graph.store.prepare import merge_aliases, prepare

__all__ = ["Candidate", "Lookup", "Resolution", "resolution_keys", "resolve"]


@dataclass(frozen=True)
class Candidate:
    """A stored entity as resolution sees it."""

    id: str
    type: EntityType
    name: str
    aliases: tuple[str, ...] = ()


Lookup = Callable[[Sequence[str]], Iterable[Candidate]]


@dataclass
class Resolution:
    extraction: Extraction
    merged: dict[str, str] = field(default_factory=dict)  # new id -> existing id
    ambiguous: list[str] = field(default_factory=list)


_VOWELS = frozenset("aeiouy")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,7}")


def _skeleton(word: str) -> str:
    """First letter + consonants, repeats collapsed: belyousov/belousov -> blsv."""
    out = [word[0]]
    for ch in word[1:]:
        if ch not in _VOWELS and ch != out[-1]:
            out.append(ch)
    return "".join(out)


def _surname(name: str) -> str:
    words = fold(name).split()
    return words[-1] if words else ""


def _acronyms(name: str, aliases: Iterable[str]) -> set[str]:
    forms = (a.replace(".", "") for a in [name, *aliases])
    return {fold(a) for a in forms if _ACRONYM.fullmatch(a)}


def resolution_keys(type_: EntityType, name: str, aliases: Iterable[str] = ()) -> list[str]:
    """The keys a store indexes an entity under, and looks a new entity up by."""
    if type_ is EntityType.PERSON:
        surnames = {_surname(n) for n in [name, *aliases]} - {""}
        return sorted(f"person:{_skeleton(s)}" for s in surnames)
    if type_ is EntityType.ORGANISATION:
        return sorted(f"org:{a}" for a in _acronyms(name, aliases))
    return []


def _close(a: str, b: str, *, edits: int, min_len: int) -> bool:
    if a == b:
        return True
    if a[:1] != b[:1] or min(len(a), len(b)) < min_len:
        return False
    return Levenshtein.distance(a, b, score_cutoff=edits) <= edits


def _first_names_agree(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return _close(a, b, edits=1, min_len=4)


def _person_fits(entity: Entity, cand: Candidate) -> bool:
    new = fold(entity.name).split()
    if not new or len(fold(cand.name).split()) < 2:
        return False
    for full in [cand.name, *cand.aliases]:
        old = fold(full).split()
        if len(old) < 2 or not _close(new[-1], old[-1], edits=2, min_len=5):
            continue
        if len(new) == 1 or _first_names_agree(new[0], old[0]):
            return True
    return False


def _fits(entity: Entity, cand: Candidate) -> bool:
    if cand.type is not entity.type or cand.id == entity.id:
        return False
    if entity.type is EntityType.PERSON:
        return _person_fits(entity, cand)
    return bool(_acronyms(entity.name, entity.aliases) & _acronyms(cand.name, cand.aliases))


def _rewrite(extraction: Extraction, mapping: dict[str, str], names: dict[str, str]) -> Extraction:
    entities: list[Entity] = []
    for ent in extraction.entities:
        target = mapping.get(ent.id)
        if target is None:
            entities.append(ent)
            continue
        aliases = merge_aliases([ent.name], ent.aliases)
        entities.append(
            ent.model_copy(update={"id": target, "name": names[target], "aliases": aliases})
        )
    relations = [
        rel.model_copy(
            update={
                "source": mapping.get(rel.source, rel.source),
                "target": mapping.get(rel.target, rel.target),
            }
        )
        if rel.source in mapping or rel.target in mapping
        else rel
        for rel in extraction.relations
    ]
    return prepare(extraction.model_copy(update={"entities": entities, "relations": relations}))


def resolve(
    extraction: Extraction, lookup: Lookup, exists: Callable[[str], bool] | None = None
) -> Resolution:
    """Join the extraction's entities to stored ones where exactly one fits.

    `lookup(keys)` returns stored entities indexed under any of `keys`;
    `exists(id)`, when given, says whether an id is stored (such entities stay).
    The returned extraction has ids rewritten and is `prepare`d.
    """
    mapping: dict[str, str] = {}
    names: dict[str, str] = {}
    ambiguous: list[str] = []
    for ent in extraction.entities:
        keys = resolution_keys(ent.type, ent.name, ent.aliases)
        if not keys:
            continue
        cands = {c.id: c for c in lookup(keys)}
        if ent.id in cands or (exists is not None and exists(ent.id)):
            continue
        fits = [c for c in cands.values() if _fits(ent, c)]
        if len(fits) == 1:
            mapping[ent.id] = fits[0].id
            names[fits[0].id] = fits[0].name
        elif len(fits) > 1:
            ambiguous.append(ent.id)
    if not mapping:
        return Resolution(extraction, {}, ambiguous)
    return Resolution(_rewrite(extraction, mapping, names), mapping, ambiguous)
