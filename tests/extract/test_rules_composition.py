"""A body named with the states that make it up: MEMBER_OF for each of them."""

from __future__ import annotations

import pytest

from graph.extract import Extractor
from tests.extract.fired import assert_fired, fired_rules

_RULE = "member-composition"


@pytest.mark.parametrize(
    ("text", "org", "states"),
    [
        (
            "The NATO partnership among Norway, Denmark and Iceland was tested in the Arctic.",
            "org:nato",
            ["country:NOR", "country:DNK", "country:ISL"],
        ),
        (
            "The Quad, bringing together India, Japan, Australia and the United States, "
            "issued a statement.",
            "org:quad",
            ["country:IND", "country:JPN", "country:AUS", "country:USA"],
        ),
        (
            "ASEAN, a bloc of Vietnam, Thailand, Malaysia and seven other states, met in Hanoi.",
            "org:asean",
            ["country:VNM", "country:THA", "country:MYS"],
        ),
        (
            "The CSTO, founded by Russia, Armenia and Kazakhstan, held drills in Belarus.",
            "org:csto",
            ["country:RUS", "country:ARM", "country:KAZ"],
        ),
    ],
)
def test_a_body_and_its_states(
    extractor: Extractor, text: str, org: str, states: list[str]
) -> None:
    fired = fired_rules(extractor.extract(text))
    for state in states:
        assert _RULE in fired.get((state, "MEMBER_OF", org), set()), sorted(fired)


@pytest.mark.parametrize(
    "text",
    [
        "The partnership between Kenya and the African Union was renewed.",
        "NATO did not bring together Ukraine and Georgia at the summit.",
        "A summit of Brazil, India and South Africa could revive the BRICS agenda.",
    ],
)
def test_no_membership_without_a_named_body_of_states(extractor: Extractor, text: str) -> None:
    fired = fired_rules(extractor.extract(text))
    assert not [k for k, rules in fired.items() if _RULE in rules], fired


@pytest.mark.parametrize(
    ("text", "triple"),
    [
        ("Estonia, a NATO member since 2004, hosts a battlegroup.", ("country:EST", "org:nato")),
        (
            "Finland, which became NATO's 31st member in 2023, doubled the border.",
            ("country:FIN", "org:nato"),
        ),
        ("Latvia, a NATO Ally since 2004, bought air defences.", ("country:LVA", "org:nato")),
    ],
)
def test_membership_in_apposition(extractor: Extractor, text: str, triple: tuple[str, str]) -> None:
    fired = fired_rules(extractor.extract(text))
    assert "member-appositive" in fired.get((triple[0], "MEMBER_OF", triple[1]), set()), fired


@pytest.mark.parametrize(
    "text",
    [
        "Leaders welcomed Ukraine as a future NATO member.",
        "They discussed Georgia's path as a NATO Ally.",
        "Japan, a close U.S. ally, hosts the Seventh Fleet.",
    ],
)
def test_hoped_for_or_bilateral_allies_are_no_members(extractor: Extractor, text: str) -> None:
    fired = fired_rules(extractor.extract(text))
    assert not [k for k in fired if k[1] == "MEMBER_OF"], fired


@pytest.mark.parametrize(
    "text",
    [
        "Leaders of the India-Japan-Australia-US (Quad) partnership met.",
        "Work went on under the second pillar of the India-Japan-Australia-United States "
        "(Quad) strategic partnership.",
    ],
)
def test_states_joined_by_hyphens_before_a_named_group(extractor: Extractor, text: str) -> None:
    fired = fired_rules(extractor.extract(text))
    for state in ("country:IND", "country:JPN", "country:AUS", "country:USA"):
        assert _RULE in fired.get((state, "MEMBER_OF", "org:quad"), set()), sorted(fired)


def test_hyphened_states_without_a_named_group(extractor: Extractor) -> None:
    fired = fired_rules(extractor.extract("The U.S.-Japan alliance is strong."))
    assert not [k for k in fired if k[1] == "MEMBER_OF"], fired


@pytest.mark.parametrize(
    ("text", "members", "org"),
    [
        (
            "Ministers briefed the Quad countries, including Japan and India, on the plan.",
            ("country:JPN", "country:IND"),
            "org:quad",
        ),
        (
            "The summit thanked NATO Allies such as Estonia and Latvia for their spending.",
            ("country:EST", "country:LVA"),
            "org:nato",
        ),
    ],
)
def test_members_listed_after_the_kind(
    extractor: Extractor, text: str, members: tuple[str, ...], org: str
) -> None:
    for state in members:
        assert_fired(extractor, text, (state, "MEMBER_OF", org), "member-including")


@pytest.mark.parametrize(
    "text",
    [
        "Exporters including China and India raised prices.",
        "European countries such as Estonia and Latvia spend more.",
        "NATO partners including Japan and Australia attended.",
        "As agreed, exporters including China and India raised prices.",  # "as" at token 0
    ],
)
def test_a_list_after_no_body_gives_no_members(extractor: Extractor, text: str) -> None:
    assert not [k for k in fired_rules(extractor.extract(text)) if k[1] == "MEMBER_OF"]


def test_states_listed_in_brackets_after_a_body(extractor: Extractor) -> None:
    fired = fired_rules(
        extractor.extract("Envoys of the CSTO (Armenia, Belarus and Kazakhstan) met in Minsk.")
    )
    for state in ("country:ARM", "country:BLR", "country:KAZ"):
        assert _RULE in fired.get((state, "MEMBER_OF", "org:csto"), set()), fired
    assert not fired_rules(extractor.extract("NATO (the alliance) met in Brussels.")), "no list"


@pytest.mark.parametrize(
    "text",
    [
        "NATO met in Vilnius. Since then we have added Finland and Sweden to the Alliance.",
        "Montenegro was admitted into NATO in 2017.",
    ],
)
def test_states_added_or_admitted_to_a_body(extractor: Extractor, text: str) -> None:
    fired = fired_rules(extractor.extract(text))
    members = {k[0] for k, rules in fired.items() if "member-joined" in rules}
    assert members and members <= {"country:FIN", "country:SWE", "country:MNE"}, fired


def test_a_planned_admission_is_no_membership(extractor: Extractor) -> None:
    fired = fired_rules(
        extractor.extract("NATO met in Vilnius. NATO will add Georgia to the Alliance.")
    )
    assert not [k for k in fired if k[1] == "MEMBER_OF"], fired
