"""Rules added for real text: trigger lemmas, the publisher's voice, known officials, travelling
parties and lists. Each case names the rule that must fire, and traps name what must not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import graph.extract.rules as rules_package
from graph.extract import Extractor
from graph.extract.rules.registry import markdown, rule_specs
from tests.extract.fired import WH, assert_fired, fired_rules

RULES_DIR = Path(rules_package.__file__).parent


@pytest.mark.parametrize(
    ("text", "triple", "rule"),
    [
        (
            "Russia's brutal war against Ukraine entered its third year.",
            ("country:RUS", "OPPOSES", "country:UKR"),
            "oppose-assault",
        ),
        (
            "Putin launched his war of aggression against the people of Ukraine.",
            ("person:vladimir-putin", "OPPOSES", "country:UKR"),
            "oppose-assault",
        ),
        (
            "The Houthi attacks launched against Saudi Arabia must end.",
            ("org:houthis", "OPPOSES", "country:SAU"),
            "oppose-assault",
        ),
        (
            "Ukrainian soldiers repelled the Russian assault on Kharkiv.",
            ("country:UKR", "OPPOSES", "country:RUS"),
            "oppose-resist",
        ),
        (
            "We will support Ukraine against Russia's aggression.",
            ("country:RUS", "OPPOSES", "country:UKR"),
            "oppose-assault",
        ),
        (
            "The United States and its partners will impose severe costs on Russia.",
            ("country:USA", "OPPOSES", "country:RUS"),
            "oppose-impose",
        ),
        (
            WH + "The United States will coordinate closely with our NATO Allies.",
            ("country:USA", "MEMBER_OF", "org:nato"),
            "member-ally",
        ),
        (
            "The President was proud to welcome Finland as NATO's 31st Ally.",
            ("country:FIN", "MEMBER_OF", "org:nato"),
            "member-ally",
        ),
        (
            "Leaders reaffirmed the strength of the U.S.-Philippines Alliance.",
            ("country:PHL", "ALLIED_WITH", "country:USA"),
            "ally-hyphen",
        ),
        (
            # the text names China most: the known official's own state wins
            "Prime Minister Fumio Kishida criticised China. China and China's navy answered "
            "him, while Japan stayed calm.",
            ("person:fumio-kishida", "LEADER_OF", "country:JPN"),
            "leader-title-context",
        ),
        (
            WH + "U.S. posture in Europe includes:\n\n"
            "- Rotating an armored brigade in Lithuania and Latvia.\n",
            ("country:USA", "DEPLOYED_TO", "country:LVA"),
            "deploy-voice",
        ),
        (
            "A U.S. delegation traveled to Fiji last week. The delegation included "
            "Admiral John Aquilino and Kurt Campbell.",
            ("person:kurt-campbell", "VISITED", "country:FJI"),
            "visit-party",
        ),
        (
            "Mr. Finer traveled to Peru. He was accompanied by Senior Director Ana Ruiz.",
            ("person:ana-ruiz", "VISITED", "country:PER"),
            "visit-accompanied",
        ),
        (
            "Joining President Macron at the meeting were these leaders:\n\n"
            "- Italian Prime Minister Giorgia Meloni\n- Polish President Andrzej Duda\n",
            ("person:andrzej-duda", "MET_WITH", "person:emmanuel-macron"),
            "meeting-list",
        ),
    ],
)
def test_rule_fires(
    extractor: Extractor, text: str, triple: tuple[str, str, str], rule: str
) -> None:
    assert_fired(extractor, text, triple, rule)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # no publisher: "our Allies" is nobody in particular
        (
            "The United States will coordinate closely with our NATO Allies.",
            ("country:USA", "MEMBER_OF", "org:nato"),
        ),
        # a plan is no trip, so its party visits nothing
        (
            "A U.S. delegation will travel to Fiji. The delegation includes Kurt Campbell.",
            ("person:kurt-campbell", "VISITED", "country:FJI"),
        ),
        # a guest's bare title in a government's own release is not that government's office
        (
            WH + "The United States welcomed the visit. President Ruto spoke with reporters "
            "about the United States and the United States Congress.",
            ("person:william-ruto", "LEADER_OF", "country:USA"),
        ),
        # "Ally" with no alliance named in the text belongs to nothing
        (
            WH + "We thank our Allies and partners in the Armed Forces of Ukraine.",
            ("country:USA", "MEMBER_OF", "org:armed-forces-of-ukraine"),
        ),
        # a list after a sentence that introduces no meeting
        (
            "The following leaders spoke:\n\n- Italian Prime Minister Giorgia Meloni\n"
            "- Polish President Andrzej Duda\n",
            ("person:andrzej-duda", "MET_WITH", "person:giorgia-meloni"),
        ),
    ],
)
def test_trap_gives_nothing(extractor: Extractor, text: str, absent: tuple[str, str, str]) -> None:
    assert absent not in fired_rules(extractor.extract(text))


def test_publisher_voice_reads_the_domain(extractor: Extractor) -> None:
    assert extractor.gazetteer.voice("https://bidenwhitehouse.archives.gov/briefing-room/x") == (
        "country:USA"
    )
    assert extractor.gazetteer.voice("https://www.example.com/news") is None
    assert extractor.gazetteer.voice(None) is None


@pytest.mark.parametrize(
    ("text", "entity_type", "name"),
    [
        ("Gunnery Sergeant Maria Lopez led the patrol.", "Person", "Maria Lopez"),
        ("Major General Tom Hale inspected the unit.", "Person", "Tom Hale"),
    ],
)
def test_ranks_are_trimmed(extractor: Extractor, text: str, entity_type: str, name: str) -> None:
    names = {(e.type.value, e.name) for e in extractor.extract(text).entities}
    assert (entity_type, name) in names, names


@pytest.mark.parametrize(
    "text",
    [
        "The Alliance has never been stronger.",
        "They adopted the National Defense Strategy last year.",
        "The Biden-Harris Administration acted quickly.",
    ],
)
def test_words_and_documents_are_no_organisations(extractor: Extractor, text: str) -> None:
    assert not extractor.extract(text).entities


def test_readme_rule_table_is_the_registry() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text("utf-8")
    block = readme.split("<!-- rules:start -->\n", 1)[1].split("\n<!-- rules:end -->", 1)[0]
    assert block == markdown(), "regenerate: python -m graph.extract.rules"


def test_every_rule_fired_in_the_source_is_registered() -> None:
    source = "".join(p.read_text("utf-8") for p in RULES_DIR.glob("*.py"))
    named = set(re.findall(r'fired\(\s*"([a-z-]+)"', source))
    named |= set(re.findall(r'rule(?:, rule)? = [^\n]*"([a-z-]+)"', source))
    specs = rule_specs()
    assert named and named <= set(specs), sorted(named - set(specs))
    assert all((RULES_DIR / f"{spec.module}.py").exists() for spec in specs.values())


@pytest.mark.parametrize(
    ("text", "triple"),
    [
        (
            "President Lula met with the Presidents of Argentina, Paraguay and Uruguay "
            "today for the annual Mercosur summit in Brazil.",
            ("country:PRY", "MEMBER_OF", "org:mercosur"),
        ),
        (
            "Chancellor Olaf Scholz met today with the Bucharest Nine (B9) group of our NATO "
            "Allies.\n\nJoining Chancellor Scholz at the meeting were the following leaders:\n\n"
            "- Romanian President Klaus Iohannis\n- Estonian President Alar Karis\n",
            ("country:EST", "MEMBER_OF", "org:b9"),
        ),
    ],
)
def test_members_of_a_meeting_group(
    extractor: Extractor, text: str, triple: tuple[str, str, str]
) -> None:
    assert_fired(extractor, text, triple, "member-summit")


@pytest.mark.parametrize(
    ("text", "triple", "rule"),
    [
        (
            "Colonel Ann Reyes was assigned to serve as the Commander of the 48th Fighter Wing.",
            ("person:ann-reyes", "LEADER_OF", "org:48th-fighter-wing"),
            "leader-role",
        ),
        (
            "Ann Reyes joined the Air Force in 1990. In 2007, she was selected to command "
            "the 48th Fighter Wing.",
            ("person:ann-reyes", "LEADER_OF", "org:48th-fighter-wing"),
            "leader-role",
        ),
        (
            "Secretary Antony Blinken arrived in Manila. The next day he met with Foreign "
            "Secretary Enrique Manalo of the Philippines.",
            ("person:antony-blinken", "MET_WITH", "person:enrique-manalo"),
            "meeting",
        ),
        (
            "The 35th Fighter Wing at Misawa Air Base, Japan, flew the mission.",
            ("org:35th-fighter-wing", "DEPLOYED_TO", "country:JPN"),
            "deploy-unit",
        ),
        (
            "He praised the construction at Camp Lemonnier in Djibouti.",
            ("base:camp-lemonnier", "LOCATED_IN", "country:DJI"),
            "base-comma",
        ),
        (
            "Spain agreed to host more U.S. destroyers stationed in Rota.",
            ("country:USA", "DEPLOYED_TO", "country:ESP"),
            "deploy-troops-in",
        ),
    ],
)
def test_roles_units_and_places(
    extractor: Extractor, text: str, triple: tuple[str, str, str], rule: str
) -> None:
    assert_fired(extractor, text, triple, rule)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        (
            "Iranian drones are going to Russia in large numbers.",
            ("country:IRN", "DEPLOYED_TO", "country:RUS"),
        ),
        (
            "Maria Lopez is the nominee to be the next Chairman of the Federal Reserve.",
            ("person:maria-lopez", "LEADER_OF", "org:federal-reserve"),
        ),
        (
            "If Russia launches an attack on Ukraine, the response will be swift.",
            ("country:RUS", "OPPOSES", "country:UKR"),
        ),
        (
            "Assistant Secretary Karen Donfried met NATO Allies in Brussels; Russia and Russia's "
            "envoys were discussed.",
            ("person:karen-donfried", "LEADER_OF", "country:RUS"),
        ),
        (
            "Sioux Tribe President Kevin Killer said the funds helped Indian Country and India.",
            ("person:kevin-killer", "LEADER_OF", "country:IND"),
        ),
        (
            "Lanhee J. Chen, of California, to be a Director of the Amtrak Board of Directors.",
            ("person:lanhee-j-chen", "LEADER_OF", "org:amtrak-board-of-directors"),
        ),
        (
            "Today, U.S. National Security Advisor Jake Sullivan, Singapore Minister for Foreign "
            "Affairs Dr. Vivian Balakrishnan, and others met.",
            ("person:jake-sullivan", "LEADER_OF", "country:SGP"),
        ),
    ],
)
def test_audit_traps(extractor: Extractor, text: str, absent: tuple[str, str, str]) -> None:
    """Readings a hand audit of bulk-corpus output found wrong."""
    assert absent not in fired_rules(extractor.extract(text))


@pytest.mark.parametrize(
    ("text", "triple", "rule"),
    [
        (
            "The deployment of NATO troops to Lithuania began in 2017.",
            ("org:nato", "DEPLOYED_TO", "country:LTU"),
            "deploy-noun",
        ),
        (
            "Finland's accession to NATO in 2023 doubled the alliance's border with Russia.",
            ("country:FIN", "MEMBER_OF", "org:nato"),
            "member-accession",
        ),
        (
            "Strikes on Houthi targets in Yemen by U.S. and British aircraft continued.",
            ("country:USA", "OPPOSES", "org:houthis"),
            "oppose-assault",
        ),
        (
            "Russia launched a massive drone attack on Kyiv overnight, Ukrainian officials said.",
            ("country:RUS", "OPPOSES", "country:UKR"),
            "oppose-assault",
        ),
    ],
)
def test_nominal_and_passive_forms(
    extractor: Extractor, text: str, triple: tuple[str, str, str], rule: str
) -> None:
    assert_fired(extractor, text, triple, rule)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        (
            "Kyiv hopes that Ukraine's accession to NATO will come soon.",
            ("country:UKR", "MEMBER_OF", "org:nato"),
        ),
        (
            "Germany supported Ukraine's accession to the European Union.",
            ("country:UKR", "MEMBER_OF", "org:eu"),
        ),
        (
            "Russia's deployment of tactical nuclear weapons to Belarus alarmed Poland.",
            ("country:RUS", "DEPLOYED_TO", "country:POL"),
        ),
    ],
)
def test_nominal_traps(extractor: Extractor, text: str, absent: tuple[str, str, str]) -> None:
    assert absent not in fired_rules(extractor.extract(text))


@pytest.mark.parametrize(
    ("text", "triple", "rule"),
    [
        (
            "Kenya's President William Ruto and French President Emmanuel Macron held talks.",
            ("person:emmanuel-macron", "MET_WITH", "person:william-ruto"),
            "meeting",
        ),
        (
            "NATO Secretary General Mark Rutte arrived in Ukraine on Thursday for talks with "
            "President Volodymyr Zelensky.",
            ("person:mark-rutte", "MET_WITH", "person:volodymyr-zelensky"),
            "meeting",
        ),
        (
            "Russian forces shelled the city of Kharkiv, Ukrainian officials said.",
            ("country:RUS", "OPPOSES", "country:UKR"),
            "oppose-verb",
        ),
        (
            "Troops from France, Germany and Italy were sent to Estonia last month.",
            ("country:ITA", "DEPLOYED_TO", "country:EST"),
            "deploy-troops-in",
        ),
    ],
)
def test_news_phrasings(
    extractor: Extractor, text: str, triple: tuple[str, str, str], rule: str
) -> None:
    assert_fired(extractor, text, triple, rule)


def test_a_sea_named_after_a_state_is_no_target(extractor: Extractor) -> None:
    fired = fired_rules(
        extractor.extract("North Korea fired a ballistic missile into the Sea of Japan.")
    )
    assert ("country:PRK", "OPPOSES", "country:JPN") not in fired
