"""Ending events: the relation read with evidence `ends`, and demanded or hypothetical ends
that state the relation (or nothing), never its end."""

from __future__ import annotations

import pytest

from graph.extract import Extractor
from graph.model import Extraction


def _evidence(ex: Extraction) -> dict[tuple[str, str, str], set[tuple[str, bool]]]:
    return {
        (r.source, r.type.value, r.target): {(e.rule, e.ends) for e in r.evidence}
        for r in ex.relations
    }


@pytest.mark.parametrize(
    ("text", "triple", "rule"),
    [
        # DEPLOYED_TO ended
        (
            "Moscow completed the withdrawal of its troops from Tajikistan in May 2005.",
            ("country:RUS", "DEPLOYED_TO", "country:TJK"),
            "deploy-withdrawn",
        ),
        (
            "Canada withdrew its forces from Afghanistan in 2014.",
            ("country:CAN", "DEPLOYED_TO", "country:AFG"),
            "deploy-withdrawn",
        ),
        (
            "The withdrawal of Cuban troops from Angola ended in 1991.",
            ("country:CUB", "DEPLOYED_TO", "country:AGO"),
            "deploy-withdrawn",
        ),
        (
            "Italy pulled out of Iraq in 2006.",
            ("country:ITA", "DEPLOYED_TO", "country:IRQ"),
            "deploy-withdrawn",
        ),
        (
            "Syria pulled its soldiers out of Lebanon in 2005.",
            ("country:SYR", "DEPLOYED_TO", "country:LBN"),
            "deploy-withdrawn",
        ),
        (
            "The last Vietnamese troops left Cambodia in 1989.",
            ("country:VNM", "DEPLOYED_TO", "country:KHM"),
            "deploy-withdrawn",
        ),
        (
            "Germany ended its military mission in Mali last year.",
            ("country:DEU", "DEPLOYED_TO", "country:MLI"),
            "deploy-withdrawn",
        ),
        (
            "German soldiers were withdrawn from Niger in August.",
            ("country:DEU", "DEPLOYED_TO", "country:NER"),
            "deploy-withdrawn",
        ),
        # MEMBER_OF ended
        (
            "Armenia has frozen its participation in the CSTO.",
            ("country:ARM", "MEMBER_OF", "org:csto"),
            "member-suspended",
        ),
        (
            "Russia suspended its membership in the Council of Europe.",
            ("country:RUS", "MEMBER_OF", "org:council-of-europe"),
            "member-suspended",
        ),
        (
            "Guinea was suspended from ECOWAS after the coup.",
            ("country:GIN", "MEMBER_OF", "org:ecowas"),
            "member-suspended",
        ),
        (
            "Russia was expelled from the Council of Europe in March.",
            ("country:RUS", "MEMBER_OF", "org:council-of-europe"),
            "member-suspended",
        ),
        (
            "The African Union suspended Gabon.",
            ("country:GAB", "MEMBER_OF", "org:au"),
            "member-suspended",
        ),
        (
            "Niger and Mali left ECOWAS.",
            ("country:NER", "MEMBER_OF", "org:ecowas"),
            "member-left",
        ),
        (
            "Burkina Faso withdrew from ECOWAS in January.",
            ("country:BFA", "MEMBER_OF", "org:ecowas"),
            "member-left",
        ),
        (
            "Britain's exit from the European Union took effect in 2020.",
            ("country:GBR", "MEMBER_OF", "org:eu"),
            "member-left",
        ),
        # LEADER_OF ended
        (
            "Japanese Prime Minister Yoshihide Suga stepped down in 2021.",
            ("person:yoshihide-suga", "LEADER_OF", "country:JPN"),
            "leader-ended",
        ),
        (
            "Italian Prime Minister Mario Draghi resigned in July.",
            ("person:mario-draghi", "LEADER_OF", "country:ITA"),
            "leader-ended",
        ),
        (
            "Mario Draghi resigned as prime minister of Italy.",
            ("person:mario-draghi", "LEADER_OF", "country:ITA"),
            "leader-ended",
        ),
        (
            "Pakistani Prime Minister Imran Khan was dismissed by parliament.",
            ("person:imran-khan", "LEADER_OF", "country:PAK"),
            "leader-ended",
        ),
        (
            "Former Brazilian President Jair Bolsonaro spoke to reporters.",
            ("person:jair-bolsonaro", "LEADER_OF", "country:BRA"),
            "leader-former",
        ),
        # OPPOSES ended (both ways)
        (
            "A ceasefire between Armenia and Azerbaijan took effect on Tuesday.",
            ("country:AZE", "OPPOSES", "country:ARM"),
            "oppose-ended",
        ),
        (
            "Eritrea and Ethiopia signed a peace agreement in 2018.",
            ("country:ERI", "OPPOSES", "country:ETH"),
            "oppose-ended",
        ),
        (
            "Jordan made peace with Israel in 1994.",
            ("country:ISR", "OPPOSES", "country:JOR"),
            "oppose-ended",
        ),
        (
            "Iran and Iraq ended the war in 1988.",
            ("country:IRQ", "OPPOSES", "country:IRN"),
            "oppose-ended",
        ),
        (
            "The war between Iran and Iraq ended in 1988.",
            ("country:IRN", "OPPOSES", "country:IRQ"),
            "oppose-ended",
        ),
        (
            "The resignation of Italian Prime Minister Mario Draghi came in July.",
            ("person:mario-draghi", "LEADER_OF", "country:ITA"),
            "leader-ended",
        ),
        # ALLIED_WITH ended
        (
            "Pakistan terminated its defence pact with the United States.",
            ("country:PAK", "ALLIED_WITH", "country:USA"),
            "ally-ended",
        ),
    ],
)
def test_ending_rule(
    extractor: Extractor, text: str, triple: tuple[str, str, str], rule: str
) -> None:
    found = _evidence(extractor.extract(text))
    assert (rule, True) in found.get(triple, set()), found
    # the sentence states the end: not also the relation as current
    assert all(ends for _, ends in found[triple]), found[triple]


def test_replaced_holder_ends_and_successor_holds(extractor: Extractor) -> None:
    found = _evidence(
        extractor.extract("Japanese Prime Minister Shinzo Abe was replaced by Yoshihide Suga.")
    )
    assert ("leader-ended", True) in found[("person:shinzo-abe", "LEADER_OF", "country:JPN")]
    assert ("leader-successor", False) in found[
        ("person:yoshihide-suga", "LEADER_OF", "country:JPN")
    ]


def test_resigned_and_replaced_names_the_successor(extractor: Extractor) -> None:
    text = "Italy's Defence Minister Marco Rossi resigned and was replaced by Paolo Bianchi."
    found = _evidence(extractor.extract(text))
    assert ("leader-ended", True) in found[("person:marco-rossi", "LEADER_OF", "country:ITA")]
    assert ("leader-successor", False) in found[
        ("person:paolo-bianchi", "LEADER_OF", "country:ITA")
    ]


@pytest.mark.parametrize(
    ("text", "triple", "rule"),
    [
        (
            "Eritrean forces should withdraw from Ethiopia.",
            ("country:ERI", "DEPLOYED_TO", "country:ETH"),
            "deploy-withdrawal-pending",
        ),
        (
            "The assembly called on Russia to withdraw its troops from Moldova.",
            ("country:RUS", "DEPLOYED_TO", "country:MDA"),
            "deploy-withdrawal-pending",
        ),
        (
            "Kenya demanded the withdrawal of Ethiopian troops from Somalia.",
            ("country:ETH", "DEPLOYED_TO", "country:SOM"),
            "deploy-withdrawal-pending",
        ),
        (
            "Russia has not withdrawn its troops from Georgia.",
            ("country:RUS", "DEPLOYED_TO", "country:GEO"),
            "deploy-withdrawal-pending",
        ),
        (
            "The assembly demanded that Russia withdraw from Moldova.",
            ("country:RUS", "DEPLOYED_TO", "country:MDA"),
            "deploy-withdrawal-pending",
        ),
        (
            "The government stopped the withdrawal of American troops from Poland.",
            ("country:USA", "DEPLOYED_TO", "country:POL"),
            "deploy-withdrawal-pending",
        ),
        (
            "Heavy fighting was reported in Sudan on Monday. Chadian forces must withdraw.",
            ("country:TCD", "DEPLOYED_TO", "country:SDN"),
            "deploy-withdrawal-pending",
        ),
        (
            "The junta ordered French troops to leave Niger.",
            ("country:FRA", "DEPLOYED_TO", "country:NER"),
            "deploy-withdrawal-pending",
        ),
        (
            "Gabon and Chad announced their withdrawal from the African Union.",
            ("country:TCD", "MEMBER_OF", "org:au"),
            "member-exit-pending",
        ),
        (
            "Armenia threatened to leave the CSTO.",
            ("country:ARM", "MEMBER_OF", "org:csto"),
            "member-exit-pending",
        ),
    ],
)
def test_demanded_end_states_the_relation(
    extractor: Extractor, text: str, triple: tuple[str, str, str], rule: str
) -> None:
    found = _evidence(extractor.extract(text))
    assert found.get(triple) == {(rule, False)}, found


@pytest.mark.parametrize(
    "text",
    [
        "The opposition called on Japanese Prime Minister Fumio Kishida to resign.",
        "Brazilian President Jair Bolsonaro stepped aside from the race.",
        "Protesters demanded the resignation of Italian Prime Minister Mario Draghi.",
        "The United Nations called for a ceasefire between Israel and Lebanon.",
        "Talks on a peace deal between Russia and Ukraine stalled.",
        "Israel and Lebanon violated the ceasefire.",
        "Russian forces withdrew from northern Ukraine in April.",
        "France withdrew its ambassador from Niger.",
        "The suspension of Mali from ECOWAS was lifted.",
        "Former Soviet republic Kazakhstan's President Kassym-Jomart Tokayev spoke.",
    ],
)
def test_no_end_where_none_happened(extractor: Extractor, text: str) -> None:
    ex = extractor.extract(text)
    assert not [(r.source, r.target) for r in ex.relations if any(e.ends for e in r.evidence)]


def test_dated_text_yields_the_ended_relation(extractor: Extractor) -> None:
    text = (
        "Russian troops arrived in Kazakhstan on 6 January 2022.\n\n"
        "Russia completed the withdrawal of its troops from Kazakhstan on 19 January 2022."
    )
    rel = next(
        r
        for r in extractor.extract(text).relations
        if (r.source, r.type.value, r.target) == ("country:RUS", "DEPLOYED_TO", "country:KAZ")
    )
    by_date = {e.date: e.ends for e in rel.evidence}
    assert by_date == {"2022-01-06": False, "2022-01-19": True}
