"""Installations and military units matched by token patterns kept as data
(`data/patterns.jsonl`, one spaCy Matcher pattern a line: `{label, id, pattern}`).

- bases: "Nellis Air Force Base", "Lackland AFB" (named "Lackland Air Force Base"), "Manas AB",
  "Bagram Airfield", "Camp Buehring", "Fort Dix", "Naval Support Activity–Bahrain"
- units: "35th Fighter Wing", "3d Assault Amphibian Battalion", "Task Group 56.6"

A mention keeps the text as written; its name spells out the abbreviations, so "Manas AB" and
"Manas Air Base" are one base.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from spacy.attrs import LOWER
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from graph.extract.raw import RawMention
from graph.model import EntityType, entity_id

__all__ = ["pattern_mentions"]

_ABBREVIATIONS = {
    "AFB": "Air Force Base",
    "AB": "Air Base",
    "ARB": "Air Reserve Base",
    "NAS": "Naval Air Station",
    "MCAS": "Marine Corps Air Station",
    "AAF": "Army Airfield",
    "Airbase": "Air Base",
}


@cache
def _matcher(vocab: Vocab) -> tuple[Matcher, frozenset[int]]:
    """The matcher, and the lower-case words (as hashes) one of whose patterns needs."""
    matcher = Matcher(vocab)
    anchors: set[str] = set()
    text = resources.files("graph.extract").joinpath("data/patterns.jsonl").read_text("utf-8")
    for line in text.splitlines():
        if line.strip():
            row = json.loads(line)
            matcher.add(f"{row['label']}|{row['id']}", [row["pattern"]])
            anchors |= _anchor_words(row["pattern"])
    return matcher, frozenset(vocab.strings.add(w) for w in anchors)


def _anchor_words(pattern: list[dict[str, Any]]) -> set[str]:
    """The words a pattern cannot match without: its last required list of words."""
    for spec in reversed(pattern):
        words = spec.get("ORTH", spec.get("LOWER"))
        listed = words["IN"] if isinstance(words, dict) else [words] if words else []
        if spec.get("OP") in (None, "+", "{1,4}") and any(w.isalpha() for w in listed):
            return {w.lower() for w in listed}
    return set()


def _name(words: list[str]) -> str:
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words if w not in ("-", "–"))


def pattern_mentions(doc: Doc, taken: set[int]) -> list[RawMention]:
    """Base and unit mentions the patterns find, longest first, off tokens in `taken`."""
    matcher, anchors = _matcher(doc.vocab)
    if not anchors.intersection(doc.to_array([LOWER]).tolist()):
        return []  # no base or unit word at all: most articles
    spans = []
    for match_id, start, end in matcher(doc):
        while start < end and (start in taken or doc[start].lower_ == "the"):
            start += 1  # a country or force name in front is its own mention
        if end - start >= 2 and not any("\n" in t.text for t in doc[start:end]):
            spans.append(Span(doc, start, end, label=match_id))
    found = []
    for span in filter_spans(spans):
        label = span.label_.split("|")[0]
        type_ = EntityType.MILITARY_BASE if label == "MilitaryBase" else EntityType.ORGANISATION
        name = _name([t.text for t in span])
        found.append(
            RawMention(
                span.start_char,
                span.end_char,
                span.text,
                type_,
                entity_id(type_, name),
                name,
                "composed",
                span.start,
                span.end,
                extra={"unit": "1"} if type_ is EntityType.ORGANISATION else {},
            )
        )
    return found
