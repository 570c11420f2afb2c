"""Titles as real releases write them: portfolios spelled out ("Minister of National
Defence", "Secretary of War", "Minister for Foreign Affairs"), names the tagger does not
know after a title, and a legislature's speaker whose name the tagger ran into the body's."""

from __future__ import annotations

import pytest

from graph.extract import Extractor
from tests.extract.fired import assert_fired, fired_rules


@pytest.mark.parametrize(
    ("text", "triple", "rule"),
    [
        (
            "Estonian Minister of National Defence Hanno Pevkur opened the exercise on Tuesday.",
            ("person:hanno-pevkur", "LEADER_OF", "country:EST"),
            "leader-title",
        ),
        (
            "Norwegian Minister of Defence Tore Onshuus Sandvik inspected the new frigates.",
            ("person:tore-onshuus-sandvik", "LEADER_OF", "country:NOR"),
            "leader-title",
        ),
        (
            "New Zealand's Minister for Foreign Affairs Winston Peters arrived in Suva.",
            ("person:winston-peters", "LEADER_OF", "country:NZL"),
            "leader-title",
        ),
        (
            "The delegation was received by Speaker of the National Assembly Vuong Dinh Hue.",
            ("person:vuong-dinh-hue", "LEADER_OF", "org:national-assembly"),
            "leader-title-of",
        ),
        (
            "Later he met with Amir Sheikh Mishal Al-Ahmad Al-Jaber Al-Sabah of Kuwait.",
            ("person:mishal-al-ahmad-al-jaber-al-sabah", "LEADER_OF", "country:KWT"),
            "leader-title",
        ),
    ],
)
def test_spelled_out_titles(
    extractor: Extractor, text: str, triple: tuple[str, str, str], rule: str
) -> None:
    assert_fired(extractor, text, triple, rule)


def test_a_portfolio_word_is_never_part_of_the_name(extractor: Extractor) -> None:
    ex = extractor.extract("Secretary of War Dan Caldwell met with Polish officials in Warsaw.")
    names = {e.name for e in ex.entities}
    assert "Dan Caldwell" in names and "War Dan Caldwell" not in names


@pytest.mark.parametrize(
    "text",
    [
        "The National Guard Bureau sent engineers to the flooded county.",
        "Officers of the Defense Intelligence Agency briefed the committee.",
    ],
)
def test_bodies_that_begin_with_portfolio_words_are_no_people(
    extractor: Extractor, text: str
) -> None:
    ex = extractor.extract(text)
    assert not [e for e in ex.entities if e.type.value == "Person"], ex.entities
    assert not fired_rules(ex)


def test_a_body_ending_before_a_name_is_not_part_of_it(extractor: Extractor) -> None:
    ex = extractor.extract(
        "Guests included Director of the Office of Science Outreach Maria Lindqvist and "
        "Chair of the Regional Planning Council Tomas Berg."
    )
    people = {e.name for e in ex.entities if e.type.value == "Person"}
    assert people <= {"Maria Lindqvist", "Tomas Berg"}, people


@pytest.mark.parametrize(
    ("text", "triple", "rule"),
    [
        (
            "Chile, whose Defense Minister Maya Fernandez attended, signed the accord.",
            ("person:maya-fernandez", "LEADER_OF", "country:CHL"),
            "leader-title",
        ),
        (
            "Ghana said its President John Mahama would travel to Abuja.",
            ("person:john-mahama", "LEADER_OF", "country:GHA"),
            "leader-title",
        ),
        (
            "Hezbollah, led by Secretary-General Naim Qassem, rejected the plan.",
            ("person:naim-qassem", "LEADER_OF", "org:hezbollah"),
            "leader-heads",
        ),
        (
            "Adm. Samuel Paparo, commander of U.S. Indo-Pacific Command and U.S. Forces Korea, "
            "testified.",
            ("person:samuel-paparo", "LEADER_OF", "org:usfk"),
            "leader-appositive",
        ),
    ],
)
def test_owners_by_pronoun_agent_and_list(
    extractor: Extractor, text: str, triple: tuple[str, str, str], rule: str
) -> None:
    assert_fired(extractor, text, triple, rule)


def test_a_pronoun_after_another_person_gives_no_owner(extractor: Extractor) -> None:
    fired = fired_rules(
        extractor.extract("President Biden said its Prime Minister Kamla Persad-Bissessar spoke.")
    )
    assert not [k for k in fired if k[0] == "person:kamla-persad-bissessar"], fired


def test_a_hyphenated_title_after_a_bracketed_acronym(extractor: Extractor) -> None:
    assert_fired(
        extractor,
        "She met Pacific Islands Forum (PIF) Secretary-General Dr. Baron Waqa in Suva.",
        ("person:baron-waqa", "LEADER_OF", "org:pacific-islands-forum"),
        "leader-title",
    )


def test_a_target_named_by_who_uses_it(extractor: Extractor) -> None:
    assert_fired(
        extractor,
        "U.S. forces carried out strikes against two depots used by the Houthis.",
        ("country:USA", "OPPOSES", "org:houthis"),
        "oppose-assault",
    )


def test_a_name_after_a_long_title_with_its_country(extractor: Extractor) -> None:
    fired = fired_rules(
        extractor.extract(
            "National Security Advisor of Nepal Shri Rajendra Thapa met with U.S. National "
            "Security Advisor Mr. Jake Sullivan in Kathmandu."
        )
    )
    assert ("person:rajendra-thapa", "MET_WITH", "person:jake-sullivan") in fired, fired


def test_no_name_right_after_the(extractor: Extractor) -> None:
    ex = extractor.extract("She is Senior Director for the Western Hemisphere Office Staff.")
    assert not [e for e in ex.entities if e.type.value == "Person"], ex.entities


@pytest.mark.parametrize(
    ("text", "triple"),
    [
        (
            "In Kenya, Ms. Dalton met with President William Ruto and Cabinet Secretary Musalia "
            "Mudavadi.",
            ("person:musalia-mudavadi", "LEADER_OF", "country:KEN"),
        ),
        (
            "While in Peru, the delegation met with President Pedro Castillo.",
            ("person:pedro-castillo", "LEADER_OF", "country:PER"),
        ),
    ],
)
def test_the_country_a_readout_opens_with_hosts_the_titles_met(
    extractor: Extractor, text: str, triple: tuple[str, str, str]
) -> None:
    assert_fired(extractor, text, triple, "leader-title-host")


def test_a_portfolio_before_a_name_the_tagger_made_a_body(extractor: Extractor) -> None:
    assert_fired(
        extractor,
        "He met Secretary of National Defense Gilberto Teodoro of the Philippines.",
        ("person:gilberto-teodoro", "LEADER_OF", "country:PHL"),
        "leader-title",
    )


def test_honorifics_before_a_ruler(extractor: Extractor) -> None:
    assert_fired(
        extractor,
        "He met the Amir of the State of Kuwait HH Sheikh Mishal Al-Ahmad Al-Jaber Al-Sabah.",
        ("person:mishal-al-ahmad-al-jaber-al-sabah", "LEADER_OF", "country:KWT"),
        "leader-title-of",
    )


def test_a_state_named_after_two_titles_is_both_holders(extractor: Extractor) -> None:
    fired = fired_rules(
        extractor.extract(
            "He met Secretary of Foreign Affairs Enrique Manalo and Secretary of National "
            "Defense Gilberto Teodoro of the Philippines."
        )
    )
    assert "leader-title-pair" in fired.get(
        ("person:enrique-manalo", "LEADER_OF", "country:PHL"), set()
    ), sorted(fired)
    fired = fired_rules(
        extractor.extract("Senator Jim Risch met President Ferdinand Marcos of the Philippines.")
    )
    assert ("person:jim-risch", "LEADER_OF", "country:PHL") not in fired


@pytest.mark.parametrize(
    ("text", "person", "body"),
    [
        (
            "Deputy National Security Advisor for International Economics Mike Pyle led a "
            "delegation.",
            "person:mike-pyle",
            None,
        ),
        (
            "She was joined by Deputy Chief Executive Officer of the Millennium Challenge "
            "Corporation Mahmoud Bah and others.",
            "person:mahmoud-bah",
            "org:mcc",
        ),
        (
            "The envoy praised Coordinator for the Lusaka Declaration on Water Security.",
            None,
            None,
        ),
    ],
)
def test_a_name_after_a_title_with_a_remit_or_a_body(
    extractor: Extractor, text: str, person: str | None, body: str | None
) -> None:
    ids = {e.id for e in extractor.extract(text).entities}
    people = {i for i in ids if i.startswith("person:")}
    assert people == ({person} if person else set()), ids
    if body:
        assert body in ids, ids


def test_a_trip_led_by_a_titled_official(extractor: Extractor) -> None:
    fired = fired_rules(
        extractor.extract(
            "Deputy National Security Advisor for International Economics Mike Pyle led a U.S. "
            "delegation to Malawi and Zambia to discuss investment."
        )
    )
    for country in ("country:MWI", "country:ZMB"):
        assert "visit-party" in fired.get(("person:mike-pyle", "VISITED", country), set())


def test_a_known_ruler_leads_his_own_state_not_the_text_s(extractor: Extractor) -> None:
    fired = fired_rules(
        extractor.extract(
            "Israeli and Palestinian officials met in Aqaba. Israel agreed to pause settlement "
            "approvals. Israel and the Palestinian Authority will meet again. The President "
            "thanks His Majesty, King Abdullah II, for hosting the talks."
        )
    )
    leads = {k[2] for k in fired if k[0] == "person:abdullah-ii" and k[1] == "LEADER_OF"}
    assert leads <= {"country:JOR"}, fired


def test_a_list_of_titled_leaders_shares_no_owner(extractor: Extractor) -> None:
    fired = fired_rules(
        extractor.extract(
            "President Joe Biden, Prime Minister Justin Trudeau of Canada, President Emmanuel "
            "Macron of France and Chancellor Olaf Scholz of Germany spoke today."
        )
    )
    assert ("person:joe-biden", "LEADER_OF", "country:CAN") not in fired, fired
