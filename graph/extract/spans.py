"""Statistical NER spans: trimming, joining cut names and the filters that keep precision."""

from __future__ import annotations

import json
from importlib import resources

from spacy.tokens import Doc, Span, Token

from graph.extract.gazetteer import country_words
from graph.extract.lexicon import (
    LEADER_TITLES,
    NAME_PARTICLES,
    NAMING_TITLES,
    PORTFOLIO_WORDS,
    PORTFOLIOS,
    TITLE_WORDS,
)

__all__ = [
    "NO_NAME_ENDS",
    "RANKS",
    "named_token",
    "org_ok",
    "org_then_name",
    "person_ok",
    "person_shaped",
    "rank_led",
    "titled_name_end",
    "trim_span",
    "whole_name",
]

# Title words that may lead a name on their own; portfolio words only inside a title
# ("National" in "National Guard" is no title).
_LEADING_TITLES = TITLE_WORDS - PORTFOLIO_WORDS
# Titles a lone surname may follow ("Speaker Pelosi,"; not "Chief Scientist", "Prince Hotel").
_SURNAME_TITLES = frozenset({"president", "speaker", "chancellor", "premier", "leader", "minister"})
_AFTER_SURNAME = frozenset({"and", "'s", "’s", "said", "says", "told", "met"})
_QUOTES = set('"“”„«»‘’`')
_DOCUMENTS = frozenset(
    {"treaty", "agreement", "accord", "accords", "convention", "deal", "charter"}
    | {"declaration", "initiative", "protocol", "compact", "framework"}
)
_PLACE_NOUNS = frozenset(
    {"crossing", "town", "city", "village", "region", "province", "district", "port", "pass"}
    | {"valley", "airport", "checkpoint", "border", "island", "strait", "county"}
)
_NAMES = json.loads(resources.files("graph.extract").joinpath("data/names.json").read_text())
RANKS = frozenset(_NAMES["ranks"])
_NOT_ORG_HEADS = frozenset(_NAMES["not_org_heads"])
_SERVICE_WORDS = frozenset(_NAMES["service_words"])
_NOT_BODIES = frozenset(_NAMES["not_bodies"])  # recurring phrases tagged as bodies
_DANGLING = frozenset({"and", "&", "or"})
_TRAILING = frozenset({"at", "in", "on", "to", "with", "by", "from"})  # "of": a country may follow
_PAIR_HEADS = frozenset({"alliance", "administration", "relationship", "partnership"})
# Words that end an organisation's name: a name after one is someone else's.
_ORG_HEADS = frozenset(
    {"assembly", "council", "command", "parliament", "ministry", "party", "organization"}
    | {"organisation", "union", "agency", "army", "navy", "forces", "front", "congress"}
    | {"senate", "committee", "commission", "kenesh", "duma", "majlis", "knesset", "sejm"}
    | {"committees", "councils", "commissions", "operations", "agencies", "ministries"}
    | {"office", "staff", "bureau", "department", "directorate", "secretariat"}
    | {"corporation", "institute", "foundation", "bank", "fund", "authority", "service"}
    | {"administration", "board", "services", "cross", "corps", "centers", "center", "centre"}
    | {"association", "society", "university", "school", "college", "academy", "museum"}
    | {"company", "group", "network", "trust", "alliance", "coalition", "federation", "league"}
)
NO_NAME_ENDS = _NOT_ORG_HEADS | _ORG_HEADS | _DOCUMENTS  # a person's name never ends so
_TITLES_AND_RANKS = _LEADING_TITLES | RANKS
_INNER_TITLES = frozenset({"ceo", "chairman", "chairwoman", "president", "director", "chief"})
_GENERIC_BODIES = frozenset(
    {"army", "navy", "police", "government", "parliament", "military", "cabinet", "senate"}
)


def trim_span(doc: Doc, start: int, end: int, person: bool, named: bool = False) -> tuple[int, int]:
    """Drop determiners, quotes, punctuation, possessive endings and (people) titles."""
    while start < end and (
        doc[start].lower_ in ("the", "a", "an")
        or doc[start].is_punct
        or (person and (doc[start].lower_ in _LEADING_TITLES or doc[start].lower_ in RANKS))
        or (named and end - start > 2 and doc[start].text in country_words())
    ):
        start += 1  # "Gunnery Sergeant X", "Kenya Meg Whitman" (a country glued to a name)
    while end > start and (
        doc[end - 1].is_punct
        or doc[end - 1].lower_ in ("'s", "’s", "'")
        or doc[end - 1].lower_ in _DANGLING  # "Departments of State and"
    ):
        end -= 1
    return start, end


def rank_led(toks: Span) -> int:
    """How many leading tokens are ranks or titles ("Major General Goldhorn": 2)."""
    n = 0
    while n < len(toks) and (toks[n].lower_ in RANKS or toks[n].lower_ in _LEADING_TITLES):
        n += 1
    return n


def person_ok(toks: Span) -> bool:
    if any(c in _QUOTES for c in toks.text) or any(ch.isdigit() for ch in toks.text):
        return False
    # "Shin Won-sik": a lower-case syllable glued to a hyphen is part of the name
    words = [t for t in toks if not t.is_punct and not (t.i > 0 and t.doc[t.i - 1].text == "-")]
    if not words or not any(w.text[:1].isupper() for w in words):
        return False
    if len(words) == 1 and (words[0].text.isupper() or words[0].lower_ in RANKS):
        return False  # "MYRICK.": a speaker tag or a heading; "Brig.": a rank
    if words[-1].lower_ in NO_NAME_ENDS:
        return False  # "Purple Heart", "Partnership Program", "Intelligence Agency"
    return all(w.text[:1].isupper() or w.lower_ in NAME_PARTICLES for w in words)


def _dateline(toks: Span) -> bool:
    """ "MINSK" opening a paragraph (alone on its line or before a dash): where, not who."""
    doc = toks.doc
    if len(toks) > 3 or not all(t.text.isupper() and t.is_alpha for t in toks):
        return False
    if toks.start > 0 and "\n" not in doc[toks.start - 1].text + doc[toks.start - 1].whitespace_:
        return False
    after = doc[toks.end] if toks.end < len(doc) else None
    return (
        after is None
        or "\n" in toks[-1].whitespace_ + after.text
        or after.text in ("—", "–", "-", ",", "(")
    ) and len(toks.text) > 3


def _place_name(toks: Span) -> bool:
    """ "the Torkham crossing", "the town of Mandera": a place, not an organisation."""
    root = toks.root
    if root.dep_ == "compound" and root.head.lower_ in _PLACE_NOUNS and root.head.is_lower:
        return True
    return (
        root.dep_ == "pobj"
        and root.head.lower_ == "of"
        and root.head.head.lower_ in _PLACE_NOUNS
        and root.head.head.is_lower
    )


def person_shaped(toks: Span) -> bool:
    """An "organisation" right after a person's title that reads as a name ("Olaf Scholz")."""
    before = toks.doc[toks.start - 1] if toks.start > 0 else None
    if before is None or before.lower_ not in LEADER_TITLES or not 2 <= len(toks) <= 3:
        return False
    return all(t.is_alpha and t.text[:1].isupper() and t.text[1:].islower() for t in toks)


def _parenthesized(doc: Doc) -> frozenset[str]:
    """The words the text writes alone in brackets ("(CSTO)"), found once per parsed text."""
    found = doc.user_data.get("geokg_parenthesized")
    if found is None:
        found = frozenset(
            doc[i].text
            for i in range(1, len(doc) - 1)
            if doc[i - 1].text == "(" and doc[i + 1].text == ")"
        )
        doc.user_data["geokg_parenthesized"] = found
    return found


def org_ok(toks: Span) -> bool:
    text = toks.text
    if any(c in _QUOTES for c in text) or not any(c.isalpha() for c in text):
        return False
    if len(toks) == 1 and (
        not toks[0].text[:1].isupper()
        or toks[0].lower_ in PORTFOLIOS
        or toks[0].lower_ in TITLE_WORDS
        or toks[0].lower_ in _GENERIC_BODIES
    ):
        return False  # "Supreme" (Leader), "Army" (chief): a word, not a name
    if _dateline(toks) or _place_name(toks):
        return False
    if text.lower() in _NOT_BODIES or toks[0].lower_ == "government":
        return False  # "the Government of Guatemala" is the state; an FTO is a designation
    if "/" in text or toks[-1].lower_ in _TRAILING:
        return False  # "Pembina/Emerson" (two crossings), "Climate Crisis at" (a cut phrase)
    if toks[-1].lower_ in _DOCUMENTS or toks[-1].lower_ in _NOT_ORG_HEADS:
        return False  # a treaty, a strategy or an award is not an organisation
    if toks[-1].lower_ in RANKS and len(toks[-1].text.rstrip(".")) <= 4:
        return False  # "Marine Corps Sgt.": a service inside an abbreviated rank
    if all(t.lower_ in TITLE_WORDS for t in toks) and toks[-1].lower_ in ("for", "of"):
        return False  # "National Security Advisor for": a title cut from its name
    if all(t.lower_ in _SERVICE_WORDS or t.lower_ in RANKS or t.is_punct for t in toks):
        return False  # "Alliance", "Transatlantic", "Gunnery Sergeant": words, not names
    if len(toks) == 1 and not toks[0].text.isupper():
        return False  # one capitalised word the gazetteer does not know: rarely a body
    if len(toks) == 1 and toks[0].text not in _parenthesized(toks.doc):
        return False  # an acronym the gazetteer does not know and the text never spells out
    if any("-" in t.text for t in toks) and toks[-1].lower_ in _PAIR_HEADS:
        return False  # "U.S.-Japan Alliance", "Biden-Harris Administration": not a body
    before = toks.doc[max(0, toks.start - 2) : toks.start]
    if len(toks) == 1 and before and all(t.lower_ in TITLE_WORDS for t in before):
        return False  # "Secretary of State": part of a title
    after = toks.doc[toks.end] if toks.end < len(toks.doc) else None
    if after is not None and after.text == "-" and not toks[-1].whitespace_:
        return False  # the first half of a hyphenated word ("Post-Soviet")
    doc = toks.doc
    line_start = toks.start == 0 or "\n" in doc[toks.start - 1].text
    line_end = toks.end == len(doc) or "\n" in doc[toks.end].text
    return not (line_start and line_end and len(toks) > 1)  # a heading, not a name


def whole_name(doc: Doc, ent: Span) -> Span:
    """A person's name the tagger cut in two ("Hassan Sheikh | Mohamud") or whose given name
    it left out ("Gilberto | Teodoro") joined again."""
    start = ent.start
    given = doc[start - 1] if start > 0 else None
    if (
        given is not None
        and given.tag_ in ("NNP", "NNPS")
        and not given.ent_type_
        and given.text[:1].isupper()
        and given.text[1:].islower()
        and given.lower_ not in TITLE_WORDS
        and not _name_continues(doc, given.i - 1)
    ):
        start -= 1  # one given name, not the end of a body's name ("Office of Public Engagement")
    end = ent.end
    if (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].is_alpha
        and doc[end + 1].text[:1].islower()
    ):
        end += 2  # "Han Duck-soo": the tagger stopped at the hyphen of a given name
    while end < len(doc) and doc[end].ent_type_ == "PERSON" and doc[end].ent_iob_ == "B":
        end += 1
        while end < len(doc) and doc[end].ent_type_ == "PERSON" and doc[end].ent_iob_ == "I":
            end += 1
    return doc[start:end] if (start, end) != (ent.start, ent.end) else ent


def _name_continues(doc: Doc, i: int) -> bool:
    """Whether token `i` is a capitalised word that is no title, so a name would run on."""
    if i < 0:
        return False
    tok = doc[i]
    return tok.text[:1].isupper() and tok.is_alpha and tok.lower_ not in _TITLES_AND_RANKS


def _name_word(tok: Token) -> bool:
    return (
        tok.tag_ in ("NNP", "NNPS")
        and tok.is_alpha
        and tok.text[:1].isupper()
        and tok.lower_ not in TITLE_WORDS
        and tok.lower_ not in RANKS
        and tok.lower_ not in _ORG_HEADS
    ) or (tok.lower_ in NAME_PARTICLES and tok.i > 0 and tok.doc[tok.i - 1].text[:1].isupper())


def named_token(tok: Token) -> bool:
    """Part of a gazetteer name or of a person the tagger found (a statistical place or
    organisation label after a title is often a name it misread: "Tomas Ridge" as GPE)."""
    return tok.ent_type_.startswith("GEO_") or tok.ent_type_ in ("PERSON", "DATE", "CARDINAL")


def _in_title_run(doc: Doc, start: int) -> bool:
    """Whether a leader's or official's title ends at `start` ("Director for", "Secretary
    of State for")."""
    k = start
    while k > 0 and start - k < 8 and _in_title(doc[k - 1]):
        k -= 1
    return any(t.lower_ in NAMING_TITLES for t in doc[k:start])


def _in_title(tok: Token) -> bool:
    """A word of a title phrase: "National Security Advisor of India Shri", "Chief Executive
    Officer of the"."""
    low = tok.lower_
    return (
        low in TITLE_WORDS
        or low in RANKS
        or low in ("the", "executive", "operating")
        or tok.ent_type_.startswith("GEO_")
    )


def titled_name_end(doc: Doc, i: int) -> int:
    """Where a name the tagger missed ends, when one starts at token `i` right after a
    leader's title ("Minister of National Defence Dovile Sakaliene"); else `i`.

    Two to four capitalised proper nouns, none a title word, after a run of title words
    that holds a leader title; the name must end where the proper nouns do."""
    if i == 0 or doc[i - 1].lower_ in ("the", "for", "of"):
        return i  # "Director for (the) Western Hemisphere X": a title's remit, not a name
    k = i
    while k > 0 and i - k < 10 and _in_title(doc[k - 1]):
        k -= 1
    if k == i or not any(t.lower_ in NAMING_TITLES for t in doc[k:i]):
        return i
    end = i
    while end < len(doc) and end - i < 5 and _name_word(doc[end]) and not named_token(doc[end]):
        end += 1
    if end < len(doc) and doc[end].tag_ in ("NNP", "NNPS"):
        return i
    after = doc[end] if end < len(doc) else None
    surname = (  # "Speaker Pelosi, Leader McConnell and ...": a surname the tagger missed
        end - i == 1
        and doc[i - 1].lower_ in _SURNAME_TITLES
        and doc[i - 1].text[:1].isupper()
        and (i < 2 or doc[i - 2].lower_ not in ("the", "chief"))  # "the President Emeritus"
        and (after is None or after.is_punct or after.lower_ in _AFTER_SURNAME)
    )
    if not (2 <= end - i <= 4 or surname):  # "Speaker Pelosi," a surname right after the title
        return i
    if not doc[i].text[:1].isupper() or not doc[end - 1].text[:1].isupper():
        return i
    return end


def org_then_name(doc: Doc, ent: Span) -> tuple[int, int] | None:
    """(where the organisation's name ends, where a person's name starts) when the tagger ran
    a name into a body's or a title's: "Speaker of the Grand National Assembly | Numan
    Kurtulmus", "Promsvyazbank | CEO | Petr Fradkov", "Secretary of Transportation | Pete
    Buttigieg", "Senior Director for Africa | Dana Banks"; else None."""
    return (
        _portfolio_then_name(doc, ent)
        or _officer_then_name(doc, ent)
        or _body_then_name(doc, ent)
        or _remit_then_name(doc, ent)
    )


def _portfolio_then_name(doc: Doc, ent: Span) -> tuple[int, int] | None:
    lead = 0
    while lead < len(ent) - 2 and (ent[lead].lower_ in TITLE_WORDS or ent[lead].lower_ == "and"):
        lead += 1
    if lead and ent.start > 0 and doc[ent.start - 1].lower_ in ("of", "for"):
        name = ent[lead:]
        if 2 <= len(name) <= 3 and all(_name_word(t) for t in name):
            return ent.start, ent.start + lead
    return None


def _officer_then_name(doc: Doc, ent: Span) -> tuple[int, int] | None:
    titles = [t.i for t in ent[1:-2] if t.lower_ in _INNER_TITLES]
    if titles:
        name = doc[titles[-1] + 1 : ent.end]
        if 2 <= len(name) <= 3 and all(_name_word(t) for t in name):
            return titles[-1], titles[-1] + 1
    return None


def _body_then_name(doc: Doc, ent: Span) -> tuple[int, int] | None:
    heads = [t.i for t in ent[:-2] if t.lower_ in _ORG_HEADS]
    if not heads:
        return None
    cut = heads[-1] + 1
    name = doc[cut : ent.end]
    before = [t.lower_ for t in doc[max(0, ent.start - 3) : ent.start]]
    titled = any(w in LEADER_TITLES for w in before) or _in_title_run(doc, ent.start)
    if not titled or not 2 <= len(name) <= 4:
        return None
    return (cut, cut) if all(_name_word(t) for t in name) else None


def _remit_then_name(doc: Doc, ent: Span) -> tuple[int, int] | None:
    """A title's remit ends where a two-word name does ("for Management and Resources |
    Richard Verma")."""
    remit = next((t.i for t in ent[1:-2] if t.lower_ in ("for", "of")), ent.start)
    if len(ent) < 3 or not (_in_title_run(doc, ent.start) or _in_title_run(doc, remit)):
        return None  # a title before the name, or leading it: "Advisor for X | Daleep Singh"
    right_after = remit == ent.start and doc[ent.start - 1].lower_ not in ("for", "of", "the")
    if right_after and len(ent) <= 4 and all(_name_word(t) for t in ent):
        return ent.start, ent.start  # right after the title: "President | Mahamat Idriss Deby"
    name = ent[-2:]
    if (
        all(_name_word(t) and not t.ent_type_.startswith("GEO_") for t in name)
        and name[-1].tag_ != "NNPS"  # "Medicaid Services": a body's plural, not a surname
        and person_ok(name)
    ):
        return ent.start, ent.end - 2
    return None
