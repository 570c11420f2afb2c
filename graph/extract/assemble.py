"""Parsed chunks of one document -> `Extraction` (mentions, linking, rules, evidence)."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from graph.extract.dates import sentence_date
from graph.extract.gazetteer import LABEL_COUNTRY, LABEL_DEMONYM, Gazetteer
from graph.extract.learned import Layer
from graph.extract.linking import link
from graph.extract.mentions import collect_mentions, token_index
from graph.extract.raw import RawMention
from graph.extract.rules import RULES, DocState, Found, Sentence
from graph.extract.rules.inferred import inferred
from graph.model import (
    RELATION_SIGNATURES,
    SYMMETRIC_RELATIONS,
    Document,
    EntityType,
    Evidence,
    Extraction,
    Relation,
)

__all__ = ["assemble"]


def _shifted(mentions: list[RawMention], offset: int, text: str) -> list[RawMention]:
    return [
        replace(
            m,
            start=m.start + offset,
            end=m.end + offset,
            text=text[m.start + offset : m.end + offset],
        )
        for m in mentions
    ]


def _sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _allowed(found: Found, types: dict[str, EntityType]) -> bool:
    sources, targets = RELATION_SIGNATURES[found.type]
    if found.source == found.target:
        return False
    return types.get(found.source) in sources and types.get(found.target) in targets


def _ends_supersede(found: list[Found]) -> list[Found]:
    """A sentence that states a relation's end ("Armenia froze its participation in the CSTO")
    does not also state it as current: its ending findings replace the others of that triple."""
    ended = {_key(f) for f in found if f.ends}
    if not ended:
        return found
    return [f for f in found if f.ends or _key(f) not in ended]


def _key(found: Found) -> tuple[str, str, str]:
    """(source, type, target); a symmetric relation's ends in id order."""
    a, b = found.source, found.target
    if found.type in SYMMETRIC_RELATIONS and a > b:
        a, b = b, a
    return a, found.type.value, b


def _noisy_or(values: list[float]) -> float:
    remaining = 1.0
    for v in values:
        remaining *= 1.0 - v
    return round(1.0 - remaining, 4)


def _merge(items: list[tuple[Found, Evidence]]) -> list[Relation]:
    """One relation per (source, type, target); symmetric ones once, in id order."""
    merged: dict[tuple[str, str, str], tuple[Found, list[Evidence]]] = {}
    seen: set[tuple[tuple[str, str, str], int, str]] = set()  # (key, sentence start, rule)
    for found, evidence in items:
        source, target = found.source, found.target
        if found.type in SYMMETRIC_RELATIONS and source > target:
            source, target = target, source
        key = (source, found.type.value, target)
        if key not in merged:
            merged[key] = (found, [])
        if (key, evidence.start, evidence.rule) not in seen:
            seen.add((key, evidence.start, evidence.rule))
            merged[key][1].append(evidence)
    relations = []
    for (source, _, target), (found, evs) in merged.items():
        best: dict[int, float] = {}
        for e in evs:  # one vote per sentence
            best[e.start] = max(best.get(e.start, 0.0), e.confidence)
        properties = {"role": found.role} if found.role else {}
        relations.append(
            Relation(
                source=source,
                type=found.type,
                target=target,
                confidence=_noisy_or(list(best.values())),
                properties=properties,
                evidence=evs,
            )
        )
    return relations


def assemble(
    document: Document, docs: list[tuple[int, Doc]], gaz: Gazetteer, layer: Layer | None = None
) -> Extraction:
    """Build the extraction of `document` from its parsed chunks (offset, Doc); `layer`, when
    given, adds what it reads in each sentence to what the rules found there."""
    text = document.text
    per_chunk = [(offset, doc, collect_mentions(doc, gaz)) for offset, doc in docs]
    shifted = [_shifted(ms, offset, text) for offset, _, ms in per_chunk]
    entities = link(text, [m for ms in shifted for m in ms], gaz)
    types = {e.id: e.type for e in entities}
    state = DocState()
    known = [gaz.entries[e.id] for e in entities if e.id in gaz.entries]
    state.org_kinds = {g.id: g.kind for g in known}
    state.forces = {  # armed forces composed from a country ("the Polish Army") and known ones
        m.key: m.extra["country"]
        for ms in shifted
        for m in ms
        if m.key and m.type is EntityType.ORGANISATION and m.extra.get("country")
    }
    state.forces |= {g.id: g.country for g in known if g.kind == "armed_forces" and g.country}
    state.officials = {e.id: gaz.officials[e.id] for e in entities if e.id in gaz.officials}
    state.voice = gaz.voice(document.url)
    counts = state.country_counts
    for _, doc in docs:  # every country name and adjective, also inside composed names
        for ent in doc.ents:
            if ent.label_ in (LABEL_COUNTRY, LABEL_DEMONYM) and ent.ent_id_ in types:
                counts[ent.ent_id_] = counts.get(ent.ent_id_, 0) + 1
                if ent.label_ == LABEL_COUNTRY:
                    state.named.add(ent.ent_id_)
    dateline = text.split(maxsplit=1)[0] if text.strip() else ""
    home = gaz.capitals.get(dateline.lower()) if dateline.isupper() else None
    if home in counts:  # "ISLAMABAD\n\n...": the story is told from that country
        counts[home] += 2
    items: list[tuple[Found, Evidence]] = []
    n = 0
    for (offset, doc, _), mentions in zip(per_chunk, shifted, strict=True):
        tok2m = token_index(mentions)
        for sent in doc.sents:
            sentence = Sentence(sent, n, tok2m, state)
            found = []
            for rule in RULES:
                for f in rule(sentence):
                    if _allowed(f, types):
                        found.append(f)
                        state.accept(f)
            found = _ends_supersede(found)
            if layer is not None:
                found += layer.relations(sentence, found, types)
            if found:
                start, end = _sentence_span(text, offset + sent.start_char, offset + sent.end_char)
                when = sentence_date(text[start:end])
                for f in found:
                    evidence = Evidence(
                        doc_id=document.id,
                        text=text[start:end],
                        start=start,
                        end=end,
                        rule=f.rule,
                        confidence=f.confidence,
                        date=when,
                        ends=f.ends,
                    )
                    items.append((f, evidence))
            state.remember(sentence)
            n += 1
    items += [
        (f, e.model_copy(update={"rule": f.rule, "confidence": f.confidence, "ends": f.ends}))
        for f, e in inferred(items, state.forces)
        if _allowed(f, types)
    ]
    return Extraction(document=document, entities=entities, relations=_merge(items))
