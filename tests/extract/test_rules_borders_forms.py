"""Borders as texts state them: lists with compass directions and a last item with "the",
a frontier the subject guards, a relative "which shares a border with", hyphenated pairs;
"the borders with A and B" is no border between A and B."""

from __future__ import annotations

import pytest

from graph.extract import Extractor
from tests.extract.fired import fired_rules


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        (
            "Austria borders Germany to the north and Italy and Slovenia to the south.",
            [
                ("country:AUT", "country:DEU"),
                ("country:AUT", "country:ITA"),
                ("country:AUT", "country:SVN"),
            ],
        ),
        (
            "Niger borders Mali, Chad and the Central African Republic.",
            [("country:NER", "country:CAF")],
        ),
        ("Uzbekistan patrols a long frontier with Afghanistan.", [("country:UZB", "country:AFG")]),
        (
            "Mongolia, which shares a border with China's Inner Mongolia region, sent envoys.",
            [("country:MNG", "country:CHN")],
        ),
        ("The Azerbaijani-Iranian border was closed.", [("country:AZE", "country:IRN")]),
    ],
)
def test_border_forms(extractor: Extractor, text: str, pairs: list[tuple[str, str]]) -> None:
    fired = fired_rules(extractor.extract(text))
    for a, b in pairs:
        assert (a, "BORDERS", b) in fired, sorted(fired)


def test_the_borders_with_two_states_join_neither_to_the_other(extractor: Extractor) -> None:
    fired = fired_rules(extractor.extract("The camp sits near the borders with Iraq and Jordan."))
    assert ("country:IRQ", "BORDERS", "country:JOR") not in fired
