"""Attacks as releases word them: coordinated nouns sharing one owner, an attacker named
in a "by" phrase with the target after it, counted projectiles, and a subject's "its" or
"whose" read as the state the sentence names."""

from __future__ import annotations

import pytest

from graph.extract import Extractor
from tests.extract.fired import WH, assert_fired, fired_rules


@pytest.mark.parametrize(
    ("text", "triple", "rule"),
    [
        (
            "Iranian rocket and drone strikes on Israel's northern towns resumed at dawn.",
            ("country:IRN", "OPPOSES", "country:ISR"),
            "oppose-assault",
        ),
        (
            "The council deplored Azerbaijan's renewed artillery and mortar attacks against "
            "Armenia.",
            ("country:AZE", "OPPOSES", "country:ARM"),
            "oppose-assault",
        ),
        (
            "The raids conducted by Israeli F-35 jets against Syrian air defence sites lasted "
            "an hour.",
            ("country:ISR", "OPPOSES", "country:SYR"),
            "oppose-assault",
        ),
        (
            "The Pentagon said its drones had carried out three strikes against the Houthis.",
            ("org:dod", "OPPOSES", "org:houthis"),
            "oppose-assault",
        ),
        (
            "North Korea, whose artillery continues to shell South Korean islands, ignored the "
            "warning.",
            ("country:PRK", "OPPOSES", "country:KOR"),
            "oppose-verb",
        ),
        (
            "Hamas fired hundreds of rockets into Israel on Saturday.",
            ("org:hamas", "OPPOSES", "country:ISR"),
            "oppose-attack",
        ),
    ],
)
def test_attack_forms(
    extractor: Extractor, text: str, triple: tuple[str, str, str], rule: str
) -> None:
    assert_fired(extractor, text, triple, rule)


@pytest.mark.parametrize(
    "text",
    [
        "Poland said its soldiers had never carried out strikes against Belarus.",
        "Analysts asked whether Iranian missile and drone attacks on Israel would resume.",
    ],
)
def test_denied_or_asked_attacks_are_no_hostility(extractor: Extractor, text: str) -> None:
    found = fired_rules(extractor.extract(text))
    assert not [k for k in found if k[1] == "OPPOSES"], found


def test_a_cyberattack_on_an_ally_named_in_apposition(extractor: Extractor) -> None:
    assert_fired(
        extractor,
        "The United States condemns Russia's cyberattack against our NATO Ally, Estonia.",
        ("country:RUS", "OPPOSES", "country:EST"),
        "oppose-assault",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Sanctions are ready should Russia further invade Georgia.",
        "Analysts warned that China could blockade Taiwan.",
        "If Iran attacks Israel, the region will burn.",
    ],
)
def test_hypothetical_attacks_are_no_hostility(extractor: Extractor, text: str) -> None:
    found = fired_rules(extractor.extract(text))
    assert not [k for k in found if k[1] == "OPPOSES"], found


def test_an_attacker_named_in_a_relative_clause(extractor: Extractor) -> None:
    assert_fired(
        extractor,
        "We condemn the missile attacks that Iran perpetrated on Iraqi towns this week.",
        ("country:IRN", "OPPOSES", "country:IRQ"),
        "oppose-assault",
    )


@pytest.mark.parametrize(
    ("text", "triple", "rule"),
    [
        (
            "Officials discussed the conflict between Israel and Hezbollah.",
            ("org:hezbollah", "OPPOSES", "country:ISR"),
            "war-between",
        ),
        (
            "Officials discussed new EU sanctions against Belarus.",
            ("org:eu", "OPPOSES", "country:BLR"),
            "oppose-assault",
        ),
        (
            "The Houthis have fired at British warships several times.",
            ("org:houthis", "OPPOSES", "country:GBR"),
            "oppose-attack",
        ),
    ],
)
def test_conflicts_sanctions_and_fire(
    extractor: Extractor, text: str, triple: tuple[str, str, str], rule: str
) -> None:
    assert_fired(extractor, text, triple, rule)


def test_lifted_sanctions_oppose_nothing(extractor: Extractor) -> None:
    found = fired_rules(extractor.extract("The UN lifted its sanctions on Iraq in 2003."))
    assert not [k for k in found if k[1] == "OPPOSES"], found


@pytest.mark.parametrize(
    ("text", "triple"),
    [
        (
            "We back Taiwan's ability to defend itself against Chinese aggression.",
            ("country:CHN", "OPPOSES", "country:TWN"),
        ),
        (
            "We affirm Israel's right to defend itself against attacks from Iran.",
            ("country:IRN", "OPPOSES", "country:ISR"),
        ),
    ],
)
def test_the_defender_of_itself_and_attacks_from(
    extractor: Extractor, text: str, triple: tuple[str, str, str]
) -> None:
    assert_fired(extractor, text, triple, "oppose-assault")


@pytest.mark.parametrize(
    "text",
    [
        "Ministers renewed their backing for Moldova as it defends itself from Russia's hybrid "
        "war.",
        "The envoys talked about Moldova's plans in its struggle against Russian aggression.",
        "Aid will reach the people of Moldova as they endure an unprovoked assault by Russian "
        "forces.",
        "The ministers pledged solidarity with the people of Moldova in the face of Russian "
        "aggression.",
        "Both sides restated their support for Moldova as Russia wages its war of aggression.",
        "Donors met to fund aid for Moldova and to impose costs on Russia for its war.",
    ],
)
def test_an_untargeted_assault_is_against_the_side_defending_or_supported(
    extractor: Extractor, text: str
) -> None:
    assert_fired(extractor, text, ("country:RUS", "OPPOSES", "country:MDA"), "oppose-assault")


@pytest.mark.parametrize(
    "text",
    [
        "Canada expanded its trade with Moldova, while Russia's war drags on.",
        "Russia's war has raised bread prices in Moldova and Georgia.",
    ],
)
def test_an_assault_beside_a_state_is_not_against_it(extractor: Extractor, text: str) -> None:
    assert ("country:RUS", "OPPOSES", "country:MDA") not in fired_rules(extractor.extract(text))


def test_the_publisher_state_imposes_what_we_impose(extractor: Extractor) -> None:
    text = (
        "# source: https://www.whitehouse.gov/briefing-room/statements-releases/2024/01/01/x/\n"
        "Americans came home today. We will continue to impose costs on Iran for its conduct. "
        "I have directed my administration to impose sanctions on the Wagner Group."
    )
    fired = fired_rules(extractor.extract(text))
    assert "oppose-impose" in fired.get(("country:USA", "OPPOSES", "country:IRN"), set()), fired
    wagner = ("country:USA", "OPPOSES", "org:wagner-group")
    assert "oppose-impose" in fired.get(wagner, set()), fired


@pytest.mark.parametrize(
    "text",
    [
        "Americans came home today. We urged Japan to impose costs on Iran.",
        "Americans came home today. We will impose no costs on Iran.",
    ],
)
def test_urged_or_refused_costs_are_no_hostility(extractor: Extractor, text: str) -> None:
    wh = "# source: https://www.whitehouse.gov/briefing-room/statements-releases/2024/01/01/x/\n"
    fired = fired_rules(extractor.extract(wh + text))
    assert not [k for k in fired if k[1] == "OPPOSES"], fired


def test_an_attack_aimed_by_a_participle(extractor: Extractor) -> None:
    assert_fired(
        extractor,
        "Hezbollah launched a large drone attack on Sunday, directly targeting Israeli bases.",
        ("org:hezbollah", "OPPOSES", "country:ISR"),
        "oppose-assault",
    )


@pytest.mark.parametrize(
    ("text", "triples", "rule"),
    [
        (
            WH + "The United States will hold Iran accountable for the attack.",
            [("country:USA", "OPPOSES", "country:IRN")],
            "oppose-accountable",
        ),
        (
            "German Chancellor Olaf Scholz met with President Emmanuel Macron of France in Berlin. "
            "The two leaders agreed to continue to impose costs on Belarus.",
            [("country:FRA", "OPPOSES", "country:BLR"), ("country:DEU", "OPPOSES", "country:BLR")],
            "oppose-impose",
        ),
        (
            "Canadian forces, together with Norway, conducted strikes against ISIS targets.",
            [("country:CAN", "OPPOSES", "org:isis"), ("country:NOR", "OPPOSES", "org:isis")],
            "oppose-assault",
        ),
        (
            "Ministers welcomed the sanctions adopted by Japan and Canada against Iranian "
            "officials.",
            [("country:JPN", "OPPOSES", "country:IRN"), ("country:CAN", "OPPOSES", "country:IRN")],
            "oppose-assault",
        ),
        (
            "Since then, Canada has issued three sets of sanctions targeting Iran's drone program.",
            [("country:CAN", "OPPOSES", "country:IRN")],
            "oppose-assault",
        ),
    ],
)
def test_who_acts_with_whom_against_whom(
    extractor: Extractor, text: str, triples: list[tuple[str, str, str]], rule: str
) -> None:
    for triple in triples:
        assert_fired(extractor, text, triple, rule)


@pytest.mark.parametrize(
    "text",
    [
        "Chancellor Olaf Scholz met with President Emmanuel Macron of France in Berlin. The two "
        "leaders prepared to impose costs on Belarus should it attack Lithuania.",
        "Canada urged Japan to hold Iran accountable.",
        "Ministers discussed Israeli strikes near Homs and talks between Turkey and Israel.",
    ],
)
def test_conditions_requests_and_neighbours_are_no_hostility(
    extractor: Extractor, text: str
) -> None:
    found = fired_rules(extractor.extract(text))
    assert not [
        k
        for k in found
        if k[1] == "OPPOSES"
        and k[0] in ("country:FRA", "country:DEU", "country:JPN", "country:CAN", "country:TUR")
    ], found


def test_a_repelled_onslaught_was_against_the_side_repelling_it(extractor: Extractor) -> None:
    fired = fired_rules(extractor.extract("Finland repelled Russia's onslaught in 1940."))
    assert "oppose-assault" in fired.get(("country:RUS", "OPPOSES", "country:FIN"), set())
    assert "oppose-resist" in fired.get(("country:FIN", "OPPOSES", "country:RUS"), set())


def test_a_threat_to_a_state(extractor: Extractor) -> None:
    assert_fired(
        extractor,
        "Ministers condemned Belarus's threat to Lithuania's sovereignty.",
        ("country:BLR", "OPPOSES", "country:LTU"),
        "oppose-assault",
    )


@pytest.mark.parametrize(
    ("text", "triple", "rule"),
    [
        (
            "We condemn the Hezbollah attacks over the last 48 hours against villages in Israel.",
            ("org:hezbollah", "OPPOSES", "country:ISR"),
            "oppose-assault",
        ),
        (
            "The culprit is Iran, which launched a barrage of missiles on Israel overnight.",
            ("country:IRN", "OPPOSES", "country:ISR"),
            "oppose-attack",
        ),
        (
            WH + "The United States and Canada met. They discussed our determination to "
            "impose severe economic consequences on Belarus.",
            ("country:USA", "OPPOSES", "country:BLR"),
            "oppose-impose",
        ),
    ],
)
def test_parser_detours_in_attacks_and_costs(
    extractor: Extractor, text: str, triple: tuple[str, str, str], rule: str
) -> None:
    assert_fired(extractor, text, triple, rule)


def test_sanctions_reimposed_against_a_state_s_firms(extractor: Extractor) -> None:
    assert_fired(
        extractor,
        "In response, Canada will re-impose full blocking sanctions against nine Iranian "
        "state-owned enterprises.",
        ("country:CAN", "OPPOSES", "country:IRN"),
        "oppose-impose",
    )
