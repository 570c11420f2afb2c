"""Relation families that need context: bare titles, coordinated subjects, coreference,
relative clauses, reported places; and the traps next to them."""

from __future__ import annotations

import pytest

from graph.extract import Extractor
from graph.model import SYMMETRIC_RELATIONS, Extraction

SYMMETRIC_VALUES = frozenset(t.value for t in SYMMETRIC_RELATIONS)


def _triples(ex: Extraction) -> set[tuple[str, str, str]]:
    """Every relation, symmetric ones in both orders."""
    found = {(r.source, r.type.value, r.target) for r in ex.relations}
    return found | {(t, k, s) for s, k, t in found if k in SYMMETRIC_VALUES}


FINDS = [
    (  # bare title: the document's dominant state
        "Chile and Peru signed a deal. Chile said the deal helps Chile. "
        "President Gabriel Boric praised it.",
        ("person:gabriel-boric", "LEADER_OF", "country:CHL"),
    ),
    (  # bare title, the state named in what the person said
        "Prime Minister Mark Carney told reporters that Canada would buy submarines.",
        ("person:mark-carney", "LEADER_OF", "country:CAN"),
    ),
    (  # the second of a coordinated pair of titled people
        "Dutch Prime Minister Dick Schoof and Foreign Minister Caspar Veldkamp met Estonian "
        "President Alar Karis.",
        ("person:caspar-veldkamp", "LEADER_OF", "country:NLD"),
    ),
    (
        "Dutch Prime Minister Dick Schoof and Foreign Minister Caspar Veldkamp met Estonian "
        "President Alar Karis.",
        ("person:caspar-veldkamp", "MET_WITH", "person:alar-karis"),
    ),
    (
        "US Secretary of State Antony Blinken arrived in Hanoi on Friday, his third trip to "
        "Vietnam.",
        ("person:antony-blinken", "LEADER_OF", "country:USA"),
    ),
    (  # a capital as the destination stands for its state, not the title's state
        "US Secretary of State Antony Blinken arrived in Hanoi on Friday. Vietnam welcomed him.",
        ("person:antony-blinken", "VISITED", "country:VNM"),
    ),
    (
        "The Philippines' defence secretary, Gilberto Teodoro, inspected the port.",
        ("person:gilberto-teodoro", "LEADER_OF", "country:PHL"),
    ),
    (
        "Slovenia joined the European Union in 2004 and Croatia became the 28th member of the "
        "bloc in 2013.",
        ("country:HRV", "MEMBER_OF", "org:eu"),
    ),
    (
        "Leaders gathered at the African Union, of which Egypt and Nigeria are members.",
        ("country:NGA", "MEMBER_OF", "org:au"),
    ),
    (
        "Guatemala and Belize belong to the Organization of American States.",
        ("country:BLZ", "MEMBER_OF", "org:oas"),
    ),
    (
        "Bolivia, Paraguay and Peru, which all border Brazil, met on Monday.",
        ("country:BRA", "BORDERS", "country:PRY"),
    ),
    (
        "Chad, which borders both Libya and Sudan, closed its airspace.",
        ("country:SDN", "BORDERS", "country:TCD"),
    ),
    (
        "About 3,000 French service members are stationed in Djibouti.",
        ("country:FRA", "DEPLOYED_TO", "country:DJI"),
    ),
    (
        "Turkey keeps a military presence in Iraq and Syria.",
        ("country:TUR", "DEPLOYED_TO", "country:SYR"),
    ),
    (
        "Rwandan troops had crossed into Congo by Tuesday, the UN said.",
        ("country:RWA", "DEPLOYED_TO", "country:COD"),
    ),
    (
        "Hezbollah fighters exchanged fire with Israeli soldiers near the border with Syria.",
        ("country:ISR", "OPPOSES", "org:hezbollah"),
    ),
    (
        "Ankara regards the Kurdistan Workers' Party (PKK) as a terrorist organisation.",
        ("country:TUR", "OPPOSES", "org:pkk"),
    ),
    (
        "Thai jets struck Cambodian positions after Cambodia's incursion into Thailand.",
        ("country:KHM", "OPPOSES", "country:THA"),
    ),
    (
        "Egyptian President Abdel Fattah al-Sisi welcomed Sudanese leader Abdel Fattah "
        "al-Burhan in Cairo. The two men held talks on the war.",
        ("person:abdel-fattah-al-burhan", "MET_WITH", "person:abdel-fattah-al-sisi"),
    ),
]

FINDS += [
    (
        "BAMAKO\n\nMali's junta hosted envoys. Colonel Assimi Goita, who heads the junta, "
        "spoke in Bamako.",
        ("person:assimi-goita", "LEADER_OF", "country:MLI"),
    ),
    (
        "Wagner has operated in the Central African Republic since 2018.",
        ("org:wagner-group", "DEPLOYED_TO", "country:CAF"),
    ),
    (  # "the alliance": the last alliance named, not the last organisation
        "NATO leaders met in Vilnius. Hamas was discussed. Finland, which joined the alliance "
        "in 2023, hosted a dinner.",
        ("country:FIN", "MEMBER_OF", "org:nato"),
    ),
    (
        "Ghana and Togo signed a pact. Both countries are members of ECOWAS.",
        ("country:TGO", "MEMBER_OF", "org:ecowas"),
    ),
    (
        "Camp Lemonnier, the largest US base in Africa, hosts drones.",
        ("country:USA", "OPERATES", "base:camp-lemonnier"),
    ),
]

FINDS += [
    (
        "Senegal hosted French President Emmanuel Macron in Dakar on Monday.",
        ("person:emmanuel-macron", "VISITED", "country:SEN"),
    ),
    (
        "Greek Prime Minister Kyriakos Mitsotakis and Foreign Minister George Gerapetritis held "
        "talks with Cypriot President Nikos Christodoulides.",
        ("person:george-gerapetritis", "MET_WITH", "person:nikos-christodoulides"),
    ),
    (
        "NATO welcomed Sweden in March. Sweden became the alliance's 32nd member that day.",
        ("country:SWE", "MEMBER_OF", "org:nato"),
    ),
    (
        "Syria and Hezbollah united against Israel in the 2006 war.",
        ("org:hezbollah", "OPPOSES", "country:ISR"),
    ),
    (
        "The United States rotated troops through sites in Australia last year.",
        ("country:USA", "DEPLOYED_TO", "country:AUS"),
    ),
    (
        "Baghdad wants action against groups Turkey regards as terrorists, chief among them "
        "the PKK.",
        ("country:TUR", "OPPOSES", "org:pkk"),
    ),
]

FINDS += [
    (
        "Ethiopia launched an offensive against al-Shabaab in Somalia.",
        ("country:ETH", "OPPOSES", "org:al-shabaab"),
    ),
]

FINDS += [
    (
        "Foreign Minister Penny Wong renewed Canberra's pledge during a visit to Port Moresby. "
        "Papua New Guinea welcomed it.",
        ("person:penny-wong", "VISITED", "country:PNG"),
    ),
    (
        "Troops from Burundi are stationed in Somalia.",
        ("country:BDI", "DEPLOYED_TO", "country:SOM"),
    ),
]

FINDS += [
    (
        "NATO leaders met in Madrid. North Macedonia joined in 2020.",
        ("country:MKD", "MEMBER_OF", "org:nato"),
    ),
    (
        "The Kremlin warned NATO against expanding into Central Asia.",
        ("country:RUS", "OPPOSES", "org:nato"),
    ),
    (
        "Norwegian Prime Minister Jonas Gahr Store said the border his country shares with "
        "Russia would stay open.",
        ("country:NOR", "BORDERS", "country:RUS"),
    ),
]

TRAPS = [
    # a phone call, a planned meeting, an application to join, a denial
    "Kenyan President William Ruto spoke by phone with Ethiopian Prime Minister Abiy Ahmed.",
    "Kenyan President William Ruto and Ethiopian Prime Minister Abiy Ahmed will hold talks "
    "in Nairobi next month.",
    "Bosnia has applied to join the alliance. NATO said the application was under review.",
    "Mexico said it has no troops stationed in Guatemala and will not send any.",
    "Hezbollah fighters exchanged fire with Israeli soldiers near the border with Syria.",
]


@pytest.mark.parametrize(("text", "expected"), FINDS)
def test_context_rule_finds(
    extractor: Extractor, text: str, expected: tuple[str, str, str]
) -> None:
    ex = extractor.extract(text)
    assert expected in _triples(ex), sorted(_triples(ex))


@pytest.mark.parametrize("text", TRAPS)
def test_context_rule_traps(extractor: Extractor, text: str) -> None:
    ex = extractor.extract(text)
    kinds = {r.type.value for r in ex.relations}
    assert not kinds & {"MET_WITH", "MEMBER_OF", "DEPLOYED_TO", "VISITED"}, _triples(ex)
    assert not any("country:SYR" in (s, t) for s, k, t in _triples(ex) if k == "OPPOSES")


def test_capital_destination_is_not_the_title_state(extractor: Extractor) -> None:
    ex = extractor.extract(
        "US Defense Secretary Lloyd Austin arrived in Tokyo. Japan and the US agreed."
    )
    assert ("person:lloyd-austin", "VISITED", "country:JPN") in _triples(ex)
    assert ("person:lloyd-austin", "VISITED", "country:USA") not in _triples(ex)


def test_future_handover_is_no_meeting(extractor: Extractor) -> None:
    ex = extractor.extract(
        "Zelensky spoke in Kyiv alongside Jens Stoltenberg, who is due to hand over to "
        "Mark Rutte in October."
    )
    pairs = {frozenset((r.source, r.target)) for r in ex.relations if r.type.value == "MET_WITH"}
    assert frozenset(("person:jens-stoltenberg", "person:mark-rutte")) not in pairs
    assert all("person:mark-rutte" not in p for p in pairs)


def test_two_officials_of_one_state_do_not_meet_each_other(extractor: Extractor) -> None:
    ex = extractor.extract(
        "Dutch Prime Minister Dick Schoof and Foreign Minister Caspar Veldkamp met Estonian "
        "President Alar Karis."
    )
    pairs = {frozenset((r.source, r.target)) for r in ex.relations if r.type.value == "MET_WITH"}
    assert frozenset(("person:dick-schoof", "person:caspar-veldkamp")) not in pairs
    assert frozenset(("person:dick-schoof", "person:alar-karis")) in pairs


def test_advice_is_not_hostility(extractor: Extractor) -> None:
    ex = extractor.extract("The United States warned Israel against a ground operation in Rafah.")
    assert not [r for r in ex.relations if r.type.value == "OPPOSES"], _triples(ex)


def test_bare_organisation_titles_take_no_state(extractor: Extractor) -> None:
    ex = extractor.extract(
        "Ukraine asked for help. Ukraine got jets. Secretary General Mark Rutte said allies "
        "would help. Director General Rafael Grossi visited."
    )
    leaders = {(r.source, r.target) for r in ex.relations if r.type.value == "LEADER_OF"}
    assert not {t for _, t in leaders} & {"country:UKR"}, leaders
