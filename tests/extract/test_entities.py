"""Gazetteer, composed mentions and linking."""

from __future__ import annotations

from graph.extract import Extractor
from graph.extract.linking import same_person
from graph.model import Document, Extraction


def _by_id(ex: Extraction) -> dict[str, list[str]]:
    return {e.id: e.aliases for e in ex.entities}


def test_demonyms_acronyms_and_seats(extractor: Extractor) -> None:
    text = (
        "The Kremlin said Belarusian units joined the Collective Security Treaty Organization "
        "(CSTO) drills. The CSTO and Türkiye watched."
    )
    ents = _by_id(extractor.extract(text))
    assert set(ents["country:RUS"]) == {"Kremlin"}
    assert ents["country:BLR"] == ["Belarusian"]
    assert ents["org:csto"] == ["Collective Security Treaty Organization", "CSTO"]
    assert "country:TUR" in ents


def test_capital_counts_only_where_the_state_acts(extractor: Extractor) -> None:
    assert "country:RUS" in _by_id(extractor.extract("Moscow warned Kyiv on Friday."))
    assert "country:RUS" not in _by_id(extractor.extract("The delegation flew to Moscow."))


def test_ministries_forces_and_bases(extractor: Extractor) -> None:
    text = (
        "The Russian Defense Ministry said the Kazakh army and the 201st Military Base were "
        "ready. Later the Defense Ministry and the Pentagon met at Camp Lemonnier."
    )
    ex = extractor.extract(text)
    names = {e.id: e.name for e in ex.entities}
    ents = _by_id(ex)
    assert names["org:rus-ministry-of-defence"] == "Ministry of Defence of the Russian Federation"
    assert ents["org:rus-ministry-of-defence"] == ["Russian Defense Ministry", "Defense Ministry"]
    assert names["org:dod"] == "United States Department of Defense"
    assert "base:201st-military-base" in names and "base:camp-lemonnier" in names
    assert any(e.startswith("org:") and "kazakh" in e for e in names)


def test_person_linking_folds_spellings(extractor: Extractor) -> None:
    text = (
        "Defense Minister Andrei Belyousov arrived. Belyousov inspected troops. "
        "President Kasim-Yomart Tokáyev said Tokayev's government agreed. Putin said nothing."
    )
    ents = _by_id(extractor.extract(text))
    assert ents["person:andrei-belousov"] == ["Andrei Belyousov", "Belyousov"]
    assert "Tokayev" in ents["person:kassym-jomart-tokayev"]
    assert ents["person:vladimir-putin"] == ["Putin"]


def test_same_person() -> None:
    assert same_person("Andrei Belyousov", "Andrei Belousov")
    assert same_person("Kasim-Yomart Tokáyev", "Kassym-Jomart Tokayev")
    assert not same_person("Andrei Belousov", "Anton Belousov")
    assert not same_person("Joe Biden", "Hunter Bidenko")


def test_source_line_offsets_and_empty_text(extractor: Extractor) -> None:
    text = "# source: https://example.org/a\nKazakhstan borders Russia."
    ex = extractor.extract(Document(id="doc:1", text=text))
    assert ex.document.url == "https://example.org/a"
    for e in ex.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text and m.start > 30
    assert extractor.extract("   \n ").entities == []


def test_long_text_is_chunked_with_original_offsets(extractor: Extractor) -> None:
    para = "Kazakhstan, a key member of the CSTO, borders Russia. " * 4 + "\n\n"
    text = para * 12
    old = extractor.nlp.max_length
    extractor.nlp.max_length = 600  # force several chunks
    try:
        ex = extractor.extract(text)
    finally:
        extractor.nlp.max_length = old
    kaz = next(e for e in ex.entities if e.id == "country:KAZ")
    assert len(kaz.mentions) == 48
    assert all(text[m.start : m.end] == "Kazakhstan" for m in kaz.mentions)
    member = next(r for r in ex.relations if r.type.value == "MEMBER_OF")
    assert len(member.evidence) == 48


def test_extract_many_keeps_order_and_empty_documents(extractor: Extractor) -> None:
    docs = [
        Document(id="doc:a", text="Russia borders Mongolia."),
        Document(id="doc:b", text=""),
        Document(id="doc:c", text="NATO met."),
    ]
    out = list(extractor.extract_many(docs))
    assert [x.document.id for x in out] == ["doc:a", "doc:b", "doc:c"]
    assert out[1].entities == [] and out[2].entities[0].id == "org:nato"


def test_extract_is_safe_from_several_threads(extractor: Extractor) -> None:
    from concurrent.futures import ThreadPoolExecutor

    texts = [f"Russia borders Mongolia. Text number {i}." for i in range(8)]
    expected = [extractor.extract(t).model_dump() for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda t: extractor.extract(t).model_dump(), texts))
    assert got == expected


def test_country_names_that_are_first_names(extractor: Extractor) -> None:
    text = "Chad Smith opened a diner. Israel Katz spoke. Jordan and Chad signed a deal."
    ents = _by_id(extractor.extract(text))
    assert ents["person:chad-smith"] == ["Chad Smith"]
    assert ents["person:israel-katz"] == ["Israel Katz"]
    assert "country:ISR" not in ents
    assert ents["country:TCD"] == ["Chad"] and ents["country:JOR"] == ["Jordan"]


def test_a_surname_with_a_particle_joins_the_full_name(extractor: Extractor) -> None:
    ex = extractor.extract(
        "President Biden met President Abdel Fattah Al-Sisi of Egypt. He thanked President "
        "Al-Sisi for his help."
    )
    people = sorted(e.name for e in ex.entities if e.type.value == "Person")
    assert people == ["Abdel Fattah al-Sisi", "Joe Biden"], people


def test_a_hyphenated_given_name_stays_whole(extractor: Extractor) -> None:
    ex = extractor.extract(
        "Vice President Kamala Harris met with Prime Minister Han Duck-soo of the Republic of "
        "Korea in Tokyo."
    )
    people = sorted(e.name for e in ex.entities if e.type.value == "Person")
    assert people == ["Han Duck-soo", "Kamala Harris"], people
    assert any(
        r.source == "person:han-duck-soo" and r.target == "country:KOR" for r in ex.relations
    )


def test_a_surname_right_after_a_title_is_a_person_whatever_the_tagger_read(
    extractor: Extractor,
) -> None:
    ex = extractor.extract("We thank President Macron of France, Chancellor Scholz of Germany.")
    assert ("person:olaf-scholz", "country:DEU") in {(r.source, r.target) for r in ex.relations}
    ex = extractor.extract("The 1st Battalion returned to Camp Blaz in Guam and to Idaho.")
    assert not [e for e in ex.entities if e.type.value == "Person"], ex.entities


def test_federal_agencies_in_a_bulleted_list(extractor: Extractor) -> None:
    """The tagger finds nothing on short list lines; the gazetteer knows the agencies."""
    text = (
        "Representatives of these agencies attended:\n\n"
        "- Department of Justice\n- Federal Bureau of Investigation\n"
        "- Department of Veterans Affairs\n- Small Business Administration\n"
    )
    ids = {e.id for e in extractor.extract(text).entities}
    assert {"org:doj", "org:fbi", "org:veterans-affairs-department", "org:sba"} <= ids, ids


def test_an_acronym_defined_for_a_known_body_is_that_body(extractor: Extractor) -> None:
    found = extractor.extract(
        "The Department of Transportation (DOT) announced grants. DOT will fund ports."
    )
    assert [e.id for e in found.entities] == ["org:transportation-department"]


def test_a_surname_right_after_a_leader_title(extractor: Extractor) -> None:
    ids = {
        e.id
        for e in extractor.extract(
            "I thank Speaker Pelosi, Leader Schumer and the Chief Scientist of NOAA."
        ).entities
    }
    assert "person:pelosi" in ids and not any("scientist" in i for i in ids), ids
