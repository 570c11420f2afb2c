"""Alliances as a government's releases state them: "our Alliance" after the states it binds,
"our Japanese allies" (the publisher's state's), and "As NATO Allies, they" after a meeting."""

from __future__ import annotations

import pytest

from graph.extract import Extractor
from tests.extract.fired import WH, fired_rules


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        (
            "Canada and Denmark reaffirmed their resolve to strengthen their Alliance.",
            [("country:CAN", "country:DNK")],
        ),
        (
            "The United States will always stand by our Polish and Lithuanian allies.",
            [("country:USA", "country:POL"), ("country:USA", "country:LTU")],
        ),
        (
            "The United States pledged to defend the Philippines and Thai allies.",
            [("country:USA", "country:PHL"), ("country:USA", "country:THA")],
        ),
    ],
)
def test_allies_the_publisher_or_the_clause_names(
    extractor: Extractor, text: str, pairs: list[tuple[str, str]]
) -> None:
    fired = fired_rules(extractor.extract(WH + text))
    for a, b in pairs:
        assert "ally-ours" in fired.get((a, "ALLIED_WITH", b), set()), fired


@pytest.mark.parametrize(
    "text",
    [
        "The United States keeps its promise to resettle our Afghan allies.",
        "The United States consulted Poland's allies.",
        "Canada and Denmark discussed the alliance between Chile and Peru.",
    ],
)
def test_no_alliance_of_the_publisher_or_the_clause(extractor: Extractor, text: str) -> None:
    fired = fired_rules(extractor.extract(WH + text))
    assert not [k for k, rules in fired.items() if "ally-ours" in rules], fired


def test_they_after_a_meeting_are_the_two_states(extractor: Extractor) -> None:
    fired = fired_rules(
        extractor.extract(
            "Prime Minister Justin Trudeau met with Prime Minister Mette Frederiksen of Denmark "
            "in Ottawa. As NATO Allies, they discussed Arctic security and Greenland."
        )
    )
    assert "member-ally" in fired.get(("country:DNK", "MEMBER_OF", "org:nato"), set()), fired
    assert ("country:GRL", "MEMBER_OF", "org:nato") not in fired


def test_alliance_commitments_to_states(extractor: Extractor) -> None:
    fired = fired_rules(
        extractor.extract(
            "Canada reaffirmed its ironclad alliance commitments to both Denmark and Norway."
        )
    )
    for state in ("country:DNK", "country:NOR"):
        assert "ally-commitment" in fired.get(("country:CAN", "ALLIED_WITH", state), set())


def test_an_acronym_after_hyphened_states(extractor: Extractor) -> None:
    fired = fired_rules(
        extractor.extract(
            "They welcomed the Australia-United Kingdom-United States (AUKUS) leaders' statement."
        )
    )
    for state in ("country:AUS", "country:GBR", "country:USA"):
        assert "member-composition" in fired.get((state, "MEMBER_OF", "org:aukus"), set())


def test_an_alliance_shared_with_a_relationship(extractor: Extractor) -> None:
    fired = fired_rules(
        extractor.extract(
            "The leaders reaffirmed the strong relationship and security alliance between "
            "Canada and Denmark."
        )
    )
    assert "ally-between" in fired.get(("country:CAN", "ALLIED_WITH", "country:DNK"), set())


def test_our_alliance_after_a_meeting_is_the_two_states(extractor: Extractor) -> None:
    text = (
        "Prime Minister Justin Trudeau of Canada met with Prime Minister Mette Frederiksen of "
        "Denmark in Ottawa. And our alliance is critical to Arctic security."
    )
    fired = fired_rules(extractor.extract(text))
    assert "ally-ours" in fired.get(("country:CAN", "ALLIED_WITH", "country:DNK"), set()), fired
    capitalised = text.replace("our alliance", "our Alliance")
    assert ("country:CAN", "ALLIED_WITH", "country:DNK") not in fired_rules(
        extractor.extract(capitalised)
    )
