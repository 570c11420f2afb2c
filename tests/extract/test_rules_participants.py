"""Participant lists of readouts: a state's heading above its people; everyone met everyone
under another heading, and the principals named before the list join their state's side."""

from __future__ import annotations

import pytest

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


_JOINED = (
    "Secretary of Defense Lloyd Austin met with Polish Minister of National Defence Mariusz "
    "Blaszczak in Warsaw on Tuesday. U.S. Ambassador Mark Brzezinski and Commander of U.S. "
    "European Command Gen. Christopher Cavoli also participated in the meeting. Polish Chief "
    "of the General Staff Gen. Rajmund Andrzejczak also joined the meeting."
)


def test_people_who_joined_the_meeting_met_the_other_side(extractor: Extractor) -> None:
    fired = fired_rules(extractor.extract(_JOINED))
    for a, b in [
        ("person:mark-brzezinski", "person:mariusz-blaszczak"),
        ("person:christopher-cavoli", "person:mariusz-blaszczak"),
        ("person:rajmund-andrzejczak", "person:lloyd-austin"),
    ]:
        assert "meeting-joined" in fired.get((a, "MET_WITH", b), set()), (a, b)
    assert ("person:mark-brzezinski", "MET_WITH", "person:lloyd-austin") not in fired
    assert ("person:rajmund-andrzejczak", "MET_WITH", "person:mariusz-blaszczak") not in fired


def test_joining_a_call_or_a_future_meeting_is_no_meeting(extractor: Extractor) -> None:
    for later in (
        "Gen. Christopher Cavoli will join the meeting tomorrow.",
        "Gen. Christopher Cavoli did not attend the meeting.",
    ):
        fired = fired_rules(extractor.extract(_JOINED.split(" U.S. Ambassador")[0] + " " + later))
        assert not [k for k, r in fired.items() if "meeting-joined" in r], fired


def test_travel_stated_by_the_trip_a_person_made(extractor: Extractor) -> None:
    fired = fired_rules(
        extractor.extract(
            "Secretary of State Antony Blinken concluded a three-day trip to Chile, Peru and "
            "Colombia on Friday. He postponed his trip to Ecuador."
        )
    )
    for country in ("country:CHL", "country:PER", "country:COL"):
        assert "visit" in fired.get(("person:antony-blinken", "VISITED", country), set())
    assert ("person:antony-blinken", "VISITED", "country:ECU") not in fired


def test_everyone_who_joined_a_traveller_went_there(extractor: Extractor) -> None:
    fired = fired_rules(
        extractor.extract(
            "Jon Finer traveled to Ghana. He was joined by Senior Director Judd Devermont and "
            "Deputy Assistant Secretary Michael Gonzales."
        )
    )
    for person in ("person:judd-devermont", "person:michael-gonzales"):
        assert "visit-accompanied" in fired.get((person, "VISITED", "country:GHA"), set())


def test_a_guest_welcomed_to_the_white_house_met_the_host(extractor: Extractor) -> None:
    fired = fired_rules(
        extractor.extract(
            "President Biden welcomed Prime Minister Mark Rutte of the Netherlands to the White "
            "House today. Vice President Harris welcomed the election of President Peter "
            "Pellegrini."
        )
    )
    assert "meeting" in fired.get(("person:joe-biden", "MET_WITH", "person:mark-rutte"), set())
    assert ("person:kamala-harris", "MET_WITH", "person:peter-pellegrini") not in fired


def test_a_delegation_led_to_places_and_its_listed_members(extractor: Extractor) -> None:
    fired = fired_rules(
        extractor.extract(
            "Deputy Secretary Kurt Campbell led an interagency delegation to Fiji and Samoa. "
            "Members of the delegation included Admiral John Aquilino and Ambassador Marie Damour."
        )
    )
    for person in ("person:kurt-campbell", "person:john-aquilino", "person:marie-damour"):
        for place in ("country:FJI", "country:WSM"):
            assert "visit-party" in fired.get((person, "VISITED", place), set()), (person, place)
    fired = fired_rules(extractor.extract("Jon Finer led the talks with Canada in Geneva."))
    assert not [k for k in fired if k[1] == "VISITED"], fired


@pytest.mark.parametrize(
    "text",
    [
        # the parser reads "the Netherlands" as in apposition to the first country
        "Trade Representative Katherine Tai traveled to Chile, the Netherlands, and Peru.",
        "Katherine Tai spoke at the forum. She described her recent trip to Chile, the "
        "Netherlands and Peru.",
    ],
)
def test_every_country_of_a_trip_list(extractor: Extractor, text: str) -> None:
    fired = fired_rules(extractor.extract(text))
    for country in ("country:CHL", "country:NLD", "country:PER"):
        assert "visit" in fired.get(("person:katherine-tai", "VISITED", country), set()), fired


@pytest.mark.parametrize(
    "text",
    [
        "The talks, co-chaired by Canadian Foreign Minister Melanie Joly and Mexican Foreign "
        "Secretary Alicia Barcena, closed with a joint plan.",
        "Melanie Joly and Alicia Barcena co-chaired the dialogue in Ottawa.",
    ],
)
def test_the_chairs_of_a_meeting_met(extractor: Extractor, text: str) -> None:
    fired = fired_rules(extractor.extract(text))
    assert "meeting" in fired.get(
        ("person:melanie-joly", "MET_WITH", "person:alicia-barcena"), set()
    )


@pytest.mark.parametrize(
    "text",
    [
        "The board will be co-chaired by Melanie Joly and Alicia Barcena.",
        "The video call, co-chaired by Melanie Joly and Alicia Barcena, closed early.",
    ],
)
def test_chairs_of_a_body_or_a_call_did_not_meet(extractor: Extractor, text: str) -> None:
    assert not [k for k in fired_rules(extractor.extract(text)) if k[1] == "MET_WITH"]


def test_a_meeting_with_a_title_whose_holder_follows(extractor: Extractor) -> None:
    fired = fired_rules(
        extractor.extract(
            "Secretary Antony Blinken met with the Crown Prince and Prime Minister of the Kingdom "
            "of Bahrain, His Royal Highness Salman bin Hamad Al Khalifa, in Manama."
        )
    )
    pair = ("person:antony-blinken", "MET_WITH", "person:salman-bin-hamad-al-khalifa")
    assert "meeting" in fired.get(pair, set()), fired
    leads = ("person:salman-bin-hamad-al-khalifa", "LEADER_OF", "country:BHR")
    assert "leader-title-of" in fired.get(leads, set()), fired


@pytest.mark.parametrize(
    ("text", "other"),
    [
        (
            "Jake Sullivan met with the Minister of Defence of Japan, Minoru Kihara.",
            "person:minoru-kihara",
        ),
        (
            "Jake Sullivan met today with Akiba Takeo, the Secretary General of Japan's National "
            "Security Secretariat.",
            "person:akiba-takeo",
        ),
    ],
)
def test_a_name_set_beside_a_title_is_a_person(extractor: Extractor, text: str, other: str) -> None:
    fired = fired_rules(extractor.extract(text))
    assert "meeting" in fired.get(("person:jake-sullivan", "MET_WITH", other), set()), fired


def test_the_office_a_person_serves_names_no_one_met(extractor: Extractor) -> None:
    fired = fired_rules(
        extractor.extract(
            "Jake Sullivan met with Bjoern Seibert, Chief of Cabinet for European Commission "
            "President Ursula von der Leyen."
        )
    )
    met = {k[2] for k in fired if k[1] == "MET_WITH"} | {k[0] for k in fired if k[1] == "MET_WITH"}
    assert "person:bjoern-seibert" in met and "person:ursula-von-der-leyen" not in met, fired


def test_a_group_trip_and_the_meetings_they_held(extractor: Extractor) -> None:
    fired = fired_rules(
        extractor.extract(
            "This week, Deputy Secretary Kurt Campbell, INDOPACOM Commander Admiral John Aquilino "
            "and Assistant Secretary Ely Ratner traveled to Fiji and Tonga. In Suva, they met "
            "with Fijian Prime Minister Sitiveni Rabuka."
        )
    )
    people = ("person:kurt-campbell", "person:john-aquilino", "person:ely-ratner")
    for who in people:
        for country in ("country:FJI", "country:TON"):
            assert "visit" in fired.get((who, "VISITED", country), set()), (who, country)
        assert "meeting" in fired.get((who, "MET_WITH", "person:sitiveni-rabuka"), set()), who
