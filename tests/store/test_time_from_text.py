"""Time from text to answer: dated texts through the real extractor into each store.

A membership stated in 2021 and frozen in 2024, a deployment started then withdrawn,
a minister replaced: asked as of dates before, between and after. Unlike
test_contract_time.py (hand-built extractions), this depends on the extractor reading
the ending phrasings, so a regression in either shows here.
"""

from __future__ import annotations

import pytest

from graph.extract import Extractor
from graph.ingest import SourceDocument, ingest, parse_text
from graph.model import RelationType
from graph.store.base import GraphStore

R = RelationType

TEXTS = [
    (
        "2021-03-01",
        "YEREVAN — Armenia is a member of the Collective Security Treaty Organization, "
        "officials said on Monday.",
    ),
    (
        "2024-02-23",
        "YEREVAN — Armenia has frozen its participation in the Collective Security "
        "Treaty Organization, Prime Minister Nikol Pashinyan said.",
    ),
    (
        "2019-05-01",
        "NIAMEY — The United States deployed troops to Niger to train local forces.",
    ),
    (
        "2024-08-05",
        "NIAMEY — The United States completed the withdrawal of its troops from Niger on Monday.",
    ),
    (
        "2018-05-11",
        "KYIV — Defense Minister Stepan Poltorak of Ukraine met NATO officials in Brussels.",
    ),
    (
        "2019-08-29",
        "KYIV — Ukraine's Defense Minister Stepan Poltorak resigned and was replaced by "
        "Andriy Zagorodnyuk.",
    ),
]


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _sources() -> list[SourceDocument]:
    out = []
    for i, (published, body) in enumerate(TEXTS):
        raw = f"# published: {published}\n# source: https://news.example.com/{i}\n{body}\n"
        got = parse_text(raw.encode("utf-8"), f"text{i}.txt")
        assert isinstance(got, SourceDocument)
        out.append(got)
    return out


def held(store: GraphStore, type_: RelationType, as_of: str) -> set[tuple[str, str]]:
    return {(r.source, r.target) for r in store.relations(type=type_, as_of=as_of, limit=500)}


def test_dated_texts_answer_as_of(store: GraphStore, extractor: Extractor) -> None:
    report = ingest(store, _sources(), extractor)
    assert report.created == len(TEXTS) and not report.failures
    member = ("country:ARM", "org:csto")
    assert member not in held(store, R.MEMBER_OF, "2020-01-01")
    assert member in held(store, R.MEMBER_OF, "2023-01-01")
    assert member not in held(store, R.MEMBER_OF, "2025-01-01")
    deployed = ("country:USA", "country:NER")
    assert deployed not in held(store, R.DEPLOYED_TO, "2019-01-01")
    assert deployed in held(store, R.DEPLOYED_TO, "2022-01-01")
    assert deployed not in held(store, R.DEPLOYED_TO, "2024-09-01")
    (withdrawn,) = store.relations(source="country:USA", target="country:NER", type=R.DEPLOYED_TO)
    assert withdrawn.ended is not None and withdrawn.ended.on == "2024-08-05"

    def ministers(as_of: str) -> set[str]:
        return {s for s, t in held(store, R.LEADER_OF, as_of) if t == "country:UKR"}

    assert ministers("2018-01-01") == set()
    assert ministers("2019-01-01") == {"person:stepan-poltorak"}
    assert ministers("2020-01-01") == {"person:andriy-zagorodnyuk"}
