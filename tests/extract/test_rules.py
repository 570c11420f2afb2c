"""One or more sentences per rule family: what must be found, and what must not."""

from __future__ import annotations

import pytest

from graph.extract import Extractor
from graph.model import Extraction


def _triples(ex: Extraction) -> set[tuple[str, str, str]]:
    return {(r.source, r.type.value, r.target) for r in ex.relations}


@pytest.mark.parametrize(
    ("text", "expected", "rule"),
    [
        (
            "German Defence Minister Boris Pistorius arrived in Vilnius on Monday.",
            ("person:boris-pistorius", "LEADER_OF", "country:DEU"),
            "leader-title",
        ),
        (
            "Mark Rutte, the secretary general of NATO, spoke in Brussels.",
            ("person:mark-rutte", "LEADER_OF", "org:nato"),
            "leader-appositive",
        ),
        (
            "The request came from the President of Brazil (Luiz Inacio Lula da Silva) last week.",
            ("person:luiz-inacio-lula-da-silva", "LEADER_OF", "country:BRA"),
            "leader-title-of",
        ),
        (
            "Poland, a founding member of the Visegrad Group and a key member of NATO, "
            "bought tanks.",
            ("country:POL", "MEMBER_OF", "org:nato"),
            "member-appositive",
        ),
        (
            "The summit of the Shanghai Cooperation Organisation, which includes India, "
            "Pakistan and China, opened on Tuesday.",
            ("country:PAK", "MEMBER_OF", "org:sco"),
            "member-includes",
        ),
        (
            "Sweden joined NATO in March 2024.",
            ("country:SWE", "MEMBER_OF", "org:nato"),
            "member-joined",
        ),
        (
            "The Hmeimim Air Base, located in western Syria, hosts Russian jets.",
            ("base:hmeimim-air-base", "LOCATED_IN", "country:SYR"),
            "base-located",
        ),
        (
            "Analysts watched the Russian air base in Kant closely.",
            ("country:RUS", "OPERATES", "base:kant-air-base"),
            "base-operator",
        ),
        (
            "France deployed 300 troops to Estonia in 2017.",
            ("country:FRA", "DEPLOYED_TO", "country:EST"),
            "deploy-verb",
        ),
        (
            "Turkish troops are stationed in Qatar.",
            ("country:TUR", "DEPLOYED_TO", "country:QAT"),
            "deploy-troops-in",
        ),
        (
            "Indian Prime Minister Narendra Modi visited Japan on 3 May 2023.",
            ("person:narendra-modi", "VISITED", "country:JPN"),
            "visit",
        ),
        (
            "Serbia, a close ally of Russia, refused to impose sanctions.",
            ("country:RUS", "ALLIED_WITH", "country:SRB"),
            "ally-noun",
        ),
        (
            "Russia invaded Ukraine in February 2022.",
            ("country:RUS", "OPPOSES", "country:UKR"),
            "oppose-verb",
        ),
        (
            "Mongolia borders China and Russia.",
            ("country:CHN", "BORDERS", "country:MNG"),
            "border",
        ),
        (
            "French President Emmanuel Macron met German Chancellor Olaf Scholz in Paris.",
            ("person:emmanuel-macron", "MET_WITH", "person:olaf-scholz"),
            "meeting",
        ),
    ],
)
def test_rule_finds(
    extractor: Extractor, text: str, expected: tuple[str, str, str], rule: str
) -> None:
    ex = extractor.extract(text)
    assert expected in _triples(ex), sorted(_triples(ex))
    relation = next(r for r in ex.relations if (r.source, r.type.value, r.target) == expected)
    assert rule in {e.rule for e in relation.evidence}
    ev = relation.evidence[0]
    assert ev.doc_id == ex.document.id and text[ev.start : ev.end] == ev.text


@pytest.mark.parametrize(
    "text",
    [
        "Ukraine cannot be a member of NATO, according to the Kremlin.",
        "Georgia is a candidate member of the European Union.",
        "Kremlin spokesman Dmitry Peskov said the talks were useful.",
        "Biden will meet Xi Jinping in San Francisco next week.",
        "Austin spoke by phone with Israeli Defense Minister Yoav Gallant, who then met nobody.",
    ],
)
def test_rule_does_not_overreach(extractor: Extractor, text: str) -> None:
    ex = extractor.extract(text)
    kinds = {r.type.value for r in ex.relations}
    assert not kinds & {"MEMBER_OF", "MET_WITH"}, _triples(ex)
    assert not any(
        r.type.value == "LEADER_OF" and r.source == "person:dmitry-peskov" for r in ex.relations
    )


def test_leader_role_and_date(extractor: Extractor) -> None:
    ex = extractor.extract("On 12 January 2022 Russian President Vladimir Putin spoke.")
    rel = next(r for r in ex.relations if r.type.value == "LEADER_OF")
    assert rel.properties == {"role": "President"}
    assert rel.evidence[0].date == "2022-01-12"


def test_symmetric_relations_once_in_id_order(extractor: Extractor) -> None:
    ex = extractor.extract("Mongolia borders Russia. Russia borders Mongolia.")
    borders = [r for r in ex.relations if r.type.value == "BORDERS"]
    assert len(borders) == 1
    assert borders[0].source < borders[0].target
    assert len(borders[0].evidence) == 2
    assert 0.9 < borders[0].confidence <= 1.0  # two sentences agree
