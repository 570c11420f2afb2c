"""LEADER_OF from title patterns around a person's name.

- `leader-title`:       "Russian Defense Minister Andrei Belousov", "NATO Secretary General X",
                        "Russia's President X", "President X of Kazakhstan"
- `leader-title-of`:    "the President of Kazakhstan (X)", "the Secretary General of NATO, X"
- `leader-appositive`:  "X, the secretary general of NATO", "X, Kazakhstan's president",
                        "The Philippines' defence secretary, X"
- `leader-heads`:       "General X, who heads the junta" (the document's dominant state)
- `leader-title-pair`:  "Polish President A and Prime Minister B" (B leads Poland too)
- `leader-title-context`: "President X" with no state named: the state X speaks for ("told
                        parliament that Kenya would"), or the document's dominant state, left
                        out the states the sentence sends X to or gives another leader
- `leader-title-host`:  "held talks with Defense Minister X in Seoul": the host's capital
- `leader-ended`:       any of these whose holder left office in the sentence ("Prime Minister
                        X resigned", "stepped down", "was dismissed", "parliament ousted X")
- `leader-former`:      "former US President X", "ex-Prime Minister X": a past holder
- `leader-successor`:   "Chancellor X was replaced by Y": Y holds the office X left

Spokespeople, ambassadors, envoys and advisers are not leaders; a title with no named
state takes its state from the text around it, never from world knowledge.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from graph.extract.gazetteer import capital_state
from graph.extract.lexicon import (
    COURTESY_WORDS,
    HONORIFICS,
    LEADER_TITLES,
    NON_LEADER_TITLES,
    TITLE_WORDS,
)
from graph.extract.raw import RawMention
from graph.extract.rules.base import Found, Sentence, negated, pronoun_owner
from graph.extract.rules.endings import ended_holder, successor
from graph.extract.rules.lists import is_list_item
from graph.extract.rules.registry import fired
from graph.extract.tags import is_propn
from graph.model import EntityType

__all__ = ["leaders"]

_C, _O, _P = EntityType.COUNTRY, EntityType.ORGANISATION, EntityType.PERSON
_POSS = frozenset({"'s", "’s", "'", "’"})
# Titles that, with no owner named, belong to a state (not "Secretary General", "Commander").
_STATE_TITLES = frozenset(
    {
        "president",
        "minister",
        "chancellor",
        "king",
        "queen",
        "emir",
        "premier",
        "sultan",
        "prince",
        "secretary",
        "supreme",
    }
)
_HEAD_VERBS = frozenset({"heads", "headed", "leads", "led", "rules", "ruled", "chairs"})
_LEAD_LEMMAS = frozenset({"lead", "command", "head", "chair", "rule"})
_REGIMES = frozenset({"junta", "government", "country", "state", "regime", "military"})
_SAY = frozenset({"said", "says", "told", "tells", "announced", "insisted", "stressed"})
_JOINERS = frozenset({"of", "for"})
_TITLE_NO_JOINERS = TITLE_WORDS - _JOINERS

_HONORIFICS = HONORIFICS | {"ayatollah", "general", "gen.", "marshal", "admiral"}


def _role(doc: Doc, start: int, end: int) -> str | None:
    words = [
        t for t in doc[start:end] if t.lower_ in TITLE_WORDS and t.lower_ not in COURTESY_WORDS
    ]
    lows = {t.lower_ for t in words}
    if not lows & LEADER_TITLES or lows & NON_LEADER_TITLES:
        return None  # "Dr." or "Mr." before a name is courtesy; "Ambassador" is an office
    while words and words[-1].lower_ in _JOINERS:
        words.pop()
    text = " ".join(t.text for t in words)
    return " ".join(w if w in _JOINERS else w[:1].upper() + w[1:] for w in text.split()) or None


def _title_start(doc: Doc, end: int, floor: int) -> int:
    """Where the title words before `end` begin; "of"/"for" only inside one ("Secretary of
    State", "Minister for Foreign Affairs")."""
    k = end
    while k > floor and (
        doc[k - 1].lower_ in TITLE_WORDS
        or (doc[k - 1].text == "-" and k - 2 >= floor and doc[k - 2].lower_ in TITLE_WORDS)
    ):  # "Secretary-General" is three tokens
        if doc[k - 1].lower_ in _JOINERS and not (
            k - 2 >= floor and k < end and doc[k - 2].lower_ in LEADER_TITLES
        ):
            break
        k -= 1
    return k


def _owner_before(s: Sentence, k: int) -> str | None:
    doc = s.span.doc
    # a title at a sentence start may have lost its owner to a wrong split ("US | Secretary")
    floor = s.span.start
    if floor > 0 and not doc[floor - 1].is_punct and not doc[floor - 1].is_space:
        floor -= 1
    t = k - 1
    if t >= floor and doc[t].lower_ in _POSS:
        t -= 1
    if t - 2 >= floor and doc[t].text == ")" and doc[t - 2].text == "(":
        t -= 3  # "Caribbean Community (CARICOM) Secretary-General X"
    if t >= floor and doc[t].lower_ in ("whose", "its"):
        return pronoun_owner(s, t)
    return s.entity(doc[t], _C, _O) if t >= floor else None


def _owner_after_of(s: Sentence, i: int) -> tuple[str | None, int]:
    doc, end = s.span.doc, s.span.end
    if i < end and doc[i].lower_ == "of":
        j = i + 1 + (i + 1 < end and doc[i + 1].lower_ == "the")
        if j < end:
            m = s.mention(doc[j])
            if m is not None and m.type in (_C, _O) and m.entity:
                return m.entity, m.tok_end
    return None, i


def _prefix(s: Sentence, m: RawMention, person: str) -> Iterator[Found]:
    doc = s.span.doc
    k = _title_start(doc, m.tok_start, s.span.start)
    role = _role(doc, k, m.tok_start) if k < m.tok_start else None
    if role is None:
        return
    owner = _owner_before(s, k) or _owner_after_of(s, m.tok_end)[0]
    if owner:
        yield fired("leader-title", person, owner, role=role)


def _title_of(s: Sentence, m: RawMention, person: str) -> Iterator[Found]:
    """`<title> of <owner> (X)` or `<title> of <owner>, X`."""
    doc = s.span.doc
    t = m.tok_start - 1
    while t > s.span.start and doc[t].lower_ in _HONORIFICS:
        t -= 1  # "the emir of Qatar, Sheikh Tamim"
    while t > s.span.start and doc[t].text in ("(", ",", "-", "–"):
        t -= 1
    owner_m = s.mention(doc[t]) if t >= s.span.start else None
    if owner_m is None or owner_m.type not in (_C, _O) or owner_m.adjective:
        return
    if t == m.tok_start - 1 and owner_m.type is not _C and owner_m.source != "stat":
        return  # "President of Finland Sauli Niinisto": a country or a body the tagger named
    of = owner_m.tok_start - 1
    if of > s.span.start and doc[of].lower_ == "the":
        of -= 1
    if of <= s.span.start or doc[of].lower_ != "of":
        return
    k = _title_start(doc, of, s.span.start)
    role = _role(doc, k, of)
    if role and owner_m.entity:
        yield fired("leader-title-of", person, owner_m.entity, role=role)


def _owner_title_comma(s: Sentence, m: RawMention, person: str) -> Iterator[Found]:
    """`<owner>'s <title>, [rank] X` ("Niger's leader, General Abdourahamane Tiani")."""
    doc = s.span.doc
    k = m.tok_start
    while k > s.span.start and doc[k - 1].lower_ in _TITLE_NO_JOINERS:
        k -= 1  # a rank or title right before the name
    if k - 1 <= s.span.start or doc[k - 1].text != ",":
        return
    end = k - 1
    start = _title_start(doc, end, s.span.start)
    role = _role(doc, start, end) if start < end else None
    owner = _owner_before(s, start) if role else None
    if role and owner:
        yield fired("leader-title", person, owner, role=role, confidence=0.8)


def _appositive(s: Sentence, m: RawMention, person: str) -> Iterator[Found]:
    """`X, the secretary general of NATO` / `X, Kazakhstan's president`."""
    doc, end = s.span.doc, s.span.end
    i = m.tok_end
    if i >= end or doc[i].text != ",":
        return
    i += 1
    owner = None
    if i < end and doc[i].lower_ == "the":
        i += 1
    mm = s.mention(doc[i]) if i < end else None
    if mm is not None and mm.type in (_C, _O):
        owner = mm.entity
        i = mm.tok_end + (mm.tok_end < end and doc[mm.tok_end].lower_ in _POSS)
    j = i
    while j < end and doc[j].lower_ in _TITLE_NO_JOINERS:
        j += 1
    role = _role(doc, i, j) if j > i else None
    if role is None or _next_item_names_a_person(s, i):
        return  # "X, Department of Health Deputy Secretary Y": the next item of a list
    also: list[str] = []
    if owner is None:
        owner, after_end = _owner_after_of(s, j)
        also = _listed_after(s, after_end) if owner else []
    if owner is None and j + 1 < end and doc[j].text == ",":
        # "Admiral Samuel Paparo, Commander, U.S. Indo-Pacific Command"
        after = [s.mention(t) for t in doc[j + 1 : min(j + 4, end)]]  # "U.S. Indo-Pacific ..."
        owner = next((a.entity for a in after if a is not None and a.type is _O), None)
    for one in [owner, *also] if owner else []:
        yield fired("leader-appositive", person, one, role=role)


def _listed_after(s: Sentence, i: int) -> list[str]:
    """Bodies listed on from token `i` ("commander of A, B and C": B and C), stopping at
    anything that is not a body, a comma or "and"."""
    doc, found = s.span.doc, []
    while i < s.span.end:
        m = s.mention(doc[i])
        if m is not None and m.type is _O and m.entity:
            found.append(m.entity)
            i = m.tok_end
        elif doc[i].lower_ == "and" or (
            doc[i].text == "," and i + 1 < s.span.end and s.mention(doc[i + 1]) is not None
        ):
            i += 1
        else:
            break
    return found


def _next_item_names_a_person(s: Sentence, i: int) -> bool:
    """Whether the comma-separated item starting at token `i` names another person."""
    doc = s.span.doc
    for t in doc[i : s.span.end]:
        if t.text in (",", ";", ":"):
            return False
        m = s.mention(t)
        if m is not None and m.type is EntityType.PERSON:
            return True
    return False


def _reported(s: Sentence, m: RawMention) -> str | None:
    """ "President X told parliament that Kenya would ...": the state X speaks for."""
    verb = s.span.doc[m.tok_end - 1].head
    if s.span.doc[m.tok_end - 1].dep_ != "nsubj" or verb.lower_ not in _SAY:
        return None
    for clause in verb.children:
        if clause.dep_ == "ccomp":
            subj = next((c for c in clause.children if c.dep_ == "nsubj"), None)
            ent = s.entity(subj, _C) if subj is not None else None
            if ent:
                return ent
    return None


def _own_possessive(s: Sentence, m: RawMention) -> str | None:
    """ "X reaffirmed Washington's commitment": the state whose commitment X speaks of."""
    root = s.span.doc[m.tok_end - 1]
    if root.dep_ != "nsubj":
        return None
    for obj in root.head.children:
        if obj.dep_ == "dobj":
            for c in obj.children:
                if c.dep_ == "poss" and (ent := s.entity(c, _C)):
                    return ent
    return None


_NOT_HEADS = frozenset(
    {"general", "director", "director-general", "deputy", "assistant", "under", "principal"}
)


def _bare(s: Sentence, m: RawMention, person: str, pair: str | None) -> Iterator[Found]:
    """ "President X" with no state named: the state of the titled person coordinated before
    ("Polish President A and Prime Minister B"), the state this person led earlier in the
    document, or else the document's dominant state (lower confidence)."""
    doc = s.span.doc
    k = _title_start(doc, m.tok_start, s.span.start)
    if k == m.tok_start or _role(doc, k, m.tok_start) is None:
        return
    role = _role(doc, k, m.tok_start)
    if k > s.span.start and doc[k - 1].lower_ in ("of", "'s", "’s", "'", "’"):
        return  # an owner the rules above could not read
    before = k - 1 - (k - 1 > s.span.start and doc[k - 1].lower_ == "the")
    if (
        before > s.span.start
        and doc[before].lower_ in ("to", "for")
        and doc[before - 1].lower_ in TITLE_WORDS
    ):
        return  # "Advisor to the Vice President X": X serves the office, X does not hold it
    if doc[k - 1].lower_ == "and" and pair:
        yield fired("leader-title-pair", person, pair, role=role)
        return
    owner_tok = doc[k - 1] if k > s.span.start else None
    owner_m = s.mention(owner_tok) if owner_tok is not None else None
    if (
        owner_tok is not None
        and is_propn(owner_tok)
        and not owner_tok.text.endswith(".")  # "... Dong Jun. Prime Minister X": a sentence end
        and (owner_m is None or owner_m.type is _P)
    ):
        return  # "Sioux Tribe President X": an owner the gazetteer does not know
    lows = {t.lower_ for t in doc[k : m.tok_start]}
    if not lows & _STATE_TITLES or lows & _NOT_HEADS:
        # "Secretary General X", "Commander X": the body is not a state by default;
        # "Deputy Secretary X": a deputy or an assistant leads nothing
        return
    known = (
        s.state.leaders.get(person)
        or s.state.officials.get(person)
        or _own_possessive(s, m)
        or _reported(s, m)
        or _listed_under(s)
    )
    if known is None and (host := _host_capital(s, m)):
        yield fired("leader-title-host", person, host, role=role)
        return
    if known is None:
        # not a state this sentence sends the person to or gives another leader
        others = [p for p in s.mentions(EntityType.PERSON) if p is not m]
        foreign = {_owner_before(s, _title_start(doc, p.tok_start, s.span.start)) for p in others}
        foreign |= {s.state.state_of(p.entity or "") for p in others}
        dest = {
            t.ent_id_ or (s.entity(t, _C) or "")
            for t in s.span.doc[m.tok_end - 1].head.subtree
            if t.dep_ in ("pobj", "dobj")
        }
        # a bare title in a government's own release is mostly a foreign guest's
        known = s.state.dominant(exclude=foreign | dest | {s.state.voice})
    if known:
        yield fired("leader-title-context", person, known, role=role)


def _listed_under(s: Sentence) -> str | None:
    """The state heading the participant list this line is an item of ("Canada" above
    "- Minister of National Defence X")."""
    if s.state.list_open and s.state.list_side and is_list_item(s):
        return s.state.list_side
    return None


def _host_capital(s: Sentence, m: RawMention) -> str | None:
    """ "held talks with Defense Minister X in Seoul", "met Foreign Minister X in Beijing",
    "In Nigeria, Y met with Vice President X": the state the meeting with X took place in
    (X met, not the visitor)."""
    tok = s.span.doc[m.tok_end - 1]
    for _ in range(6):  # "met with President A, Minister B and Minister C": the list's head
        if tok.dep_ not in ("conj", "appos") or tok.head == tok:
            break
        tok = tok.head
    if tok.dep_ == "pobj" and tok.head.lower_ == "with":
        chain = [tok.head.head, tok.head.head.head]
    elif tok.dep_ == "dobj" and tok.head.lower_ in ("met", "received", "hosted"):
        chain = [tok.head]
    else:
        return None
    for node in [tok, *chain]:
        for prep in node.children:
            if prep.dep_ == "prep" and prep.lower_ == "in":
                for obj in prep.children:
                    if capital := capital_state(obj):
                        return capital
                    place = s.mention(obj)  # "In Nigeria, X met with Vice President Y"
                    if place is not None and place.type is _C and not place.adjective:
                        return place.entity
    return _opening_place(s)


def _opening_place(s: Sentence) -> str | None:
    """The country a sentence opens with: "In Peru, ...", "While in Peru, ..."."""
    words = [t for t in s.tokens if not t.is_space][:4]
    lows = [t.lower_ for t in words]
    k = 1 if lows[:1] == ["in"] else 2 if lows[:2] == ["while", "in"] else 0
    place = s.mention(words[k]) if k and k < len(words) else None
    if place is None or place.type is not _C or place.adjective:
        return None
    after = s.span.doc[place.tok_end] if place.tok_end < s.span.end else None
    return place.entity if after is not None and after.text == "," else None


def _heads(s: Sentence, m: RawMention, person: str) -> Iterator[Found]:
    """ "X, who heads the junta" / "X, who leads NATO": the body named or the junta's state."""
    root = s.span.doc[m.tok_end - 1]
    for clause in root.children:
        if clause.dep_ != "relcl" or clause.lower_ not in _HEAD_VERBS or negated(clause):
            continue
        obj = next((c for c in clause.children if c.dep_ == "dobj"), None)
        if obj is None:
            continue
        owner = s.entity(obj, _C, _O) or s.modifier(obj, _C)
        if owner is None and obj.lower_ in _REGIMES:
            owner = s.state.dominant(exclude=set())
        if owner:
            role = "Head" if obj.lower_ not in _REGIMES else f"Head of the {obj.lower_}"
            yield fired("leader-heads", person, owner, role=role)
    # "the Sudanese Armed Forces, led by General X", "the RSF is commanded by X"
    by = root.head
    verb = by.head
    if root.dep_ == "pobj" and by.dep_ == "agent" and verb.lemma_ in _LEAD_LEMMAS:
        if negated(verb) or verb.tag_ != "VBN":
            return
        led = verb.head if verb.dep_ == "acl" else None
        led = led or next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        owner = s.entity(led, _C, _O) if led is not None else None
        if owner:
            role = "Commander" if verb.lemma_ == "command" else "Head"
            yield fired("leader-heads", person, owner, role=role)


def leaders(s: Sentence) -> Iterator[Found]:
    """All LEADER_OF relations of one sentence; records person -> country for later rules."""
    pair: str | None = None  # the state of the titled person just named ("A and ...")
    last_end = -1
    unowned: tuple[RawMention, str] | None = None  # a titled person whose state comes after
    for m in s.mentions(EntityType.PERSON):
        assert m.entity is not None
        found = [
            *_prefix(s, m, m.entity),
            *_title_of(s, m, m.entity),
            *_owner_title_comma(s, m, m.entity),
            *_appositive(s, m, m.entity),
            *_heads(s, m, m.entity),
        ]
        if not found:
            k = _title_start(s.span.doc, m.tok_start, s.span.start)
            found = list(_bare(s, m, m.entity, pair if k - 1 == last_end else None))
        for f in found:
            if f.target.startswith("country:"):
                s.state.leaders.setdefault(f.source, f.target)
        # "Polish President A and Prime Minister B": only a state the text names carries over
        pair = found[0].target if found and found[0].rule != "leader-title-context" else None
        if pair and unowned is not None:  # "Secretary A and Secretary B of the Philippines"
            earlier, role = unowned
            if _joined_titles(s, earlier, m):
                yield fired("leader-title-pair", earlier.entity or "", pair, role=role)
        unowned = _titled_alone(s, m, found)
        last_end = m.tok_end
        for f in found:  # the first reading, and the other bodies its own list names
            if f is found[0] or (f.rule == found[0].rule and f.role == found[0].role):
                yield from _tense(s, m, f)


def _titled_alone(s: Sentence, m: RawMention, found: list[Found]) -> tuple[RawMention, str] | None:
    """`m` and its title's role when the title named no owner, else None."""
    if found and found[0].rule != "leader-title-context":
        return None
    doc = s.span.doc
    k = _title_start(doc, m.tok_start, s.span.start)
    role = _role(doc, k, m.tok_start) if k < m.tok_start else None
    return (m, role) if role else None


def _joined_titles(s: Sentence, earlier: RawMention, later: RawMention) -> bool:
    """ "A and <title> B": only "and" (or a comma) between A and B's title."""
    doc = s.span.doc
    k = _title_start(doc, later.tok_start, s.span.start)
    between = [t.lower_ for t in doc[earlier.tok_end : k]]
    if between == [","] and len(s.mentions(_P)) > 2:
        return False  # "President A, Prime Minister B of Canada, President C of France": a list
    return k < later.tok_start and between in (["and"], [","], [",", "and"])


_PAST = frozenset({"former", "ex", "ex-", "erstwhile", "onetime", "one-time"})


def _tense(s: Sentence, m: RawMention, found: Found) -> Iterator[Found]:
    """The title relation as the sentence times it: held, ended there ("X resigned", "X was
    replaced by Y": Y takes the office) or past ("former President X")."""
    doc = s.span.doc
    root = doc[m.tok_start : m.tok_end].root
    before = list(doc[root.left_edge.i : m.tok_start])
    if root.dep_ == "appos":  # "the former President of Brazil, X"
        before += list(doc[root.head.left_edge.i : root.head.i + 1])
    if any(
        (t.lower_ in _PAST or t.lower_.startswith("ex-"))
        and (t.head.lower_ in TITLE_WORDS or t.head.i == root.i)  # not "former Soviet state"
        for t in before
    ):
        yield fired("leader-former", found.source, found.target, role=found.role)
        return
    verb = ended_holder(root)
    if verb is None:
        yield found
        return
    yield fired("leader-ended", found.source, found.target, role=found.role)
    new = successor(s, verb)
    if new and new != found.source:
        yield fired("leader-successor", new, found.target, role=found.role)
