"""Participant lists of readouts: a state's heading above its people; everyone met everyone
under another heading, and the principals named before the list join their state's side."""

from __future__ import annotations

from graph.extract import Extractor
from tests.extract.fired import fired_rules

_READOUT = """Readout of the Prime Minister's Meeting with the President of Chile

The Prime Minister met with President Gabriel Boric of Chile in Ottawa on Monday.

The following participated in the meeting:

Canada
- Minister of Foreign Affairs Melanie Joly
- Minister of National Defence Bill Blair

Chile
- Minister of Foreign Affairs Alberto van Klaveren
- Minister of National Defense Maya Fernandez

The two sides agreed to meet again next year.
"""


def test_sides_of_a_participant_list(extractor: Extractor) -> None:
    fired = fired_rules(extractor.extract(_READOUT))
    canada = ["person:melanie-joly", "person:bill-blair"]
    chile = ["person:alberto-van-klaveren", "person:maya-fernandez", "person:gabriel-boric"]
    for a in canada:
        for b in chile:
            assert "meeting-list" in fired.get((a, "MET_WITH", b), set()), (a, b)
    for group in (canada, chile):  # never two members of one delegation
        assert (group[0], "MET_WITH", group[1]) not in fired
    for person in canada:  # a bare title under a heading is the heading state's
        assert (person, "LEADER_OF", "country:CAN") in fired
        assert (person, "LEADER_OF", "country:CHL") not in fired


def test_a_heading_without_a_list_introduction_is_text(extractor: Extractor) -> None:
    text = _READOUT.replace("The following participated in the meeting:", "Lists follow.")
    fired = fired_rules(extractor.extract(text))
    assert not [k for k, rules in fired.items() if "meeting-list" in rules], fired
