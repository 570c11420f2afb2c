"""What every relation rule sees (`Sentence`) and returns (`Found`), plus parse helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Span, Token

from graph.extract.lexicon import TITLE_WORDS
from graph.extract.raw import RawMention
from graph.extract.triggers import trigger_words, word_hashes
from graph.model import EntityType, RelationType

__all__ = [
    "MODALS",
    "DocState",
    "Found",
    "Rule",
    "Sentence",
    "negated",
    "org_ref",
    "person_pronoun",
    "recent_org",
    "subject_of",
    "words",
]


@dataclass(frozen=True)
class Found:
    """One relation a rule read in one sentence."""

    source: str
    type: RelationType
    target: str
    rule: str
    confidence: float
    role: str | None = None
    ends: bool = False  # the sentence states the relation's end (evidence `ends`)


@dataclass
class DocState:
    """What earlier sentences of the document left for later ones."""

    leaders: dict[str, str] = field(default_factory=dict)  # person id -> country id
    places: list[tuple[int, str]] = field(default_factory=list)  # (sentence no, country id)
    persons: list[tuple[int, str]] = field(default_factory=list)  # (sentence no, person id)
    subjects: list[tuple[int, str]] = field(default_factory=list)  # people who were subjects
    deploy_targets: list[tuple[int, str]] = field(default_factory=list)
    countries: list[tuple[int, str]] = field(default_factory=list)  # every country named
    members: dict[str, list[str]] = field(default_factory=dict)  # org id -> member countries
    country_counts: dict[str, int] = field(default_factory=dict)  # mentions in the whole text
    named: set[str] = field(default_factory=set)  # countries named by name, not only adjective
    orgs: list[tuple[int, str]] = field(default_factory=list)  # (sentence no, organisation id)
    org_kinds: dict[str, str] = field(default_factory=dict)  # gazetteer kind ("alliance")
    forces: dict[str, str] = field(default_factory=dict)  # national armed force id -> country id
    officials: dict[str, str] = field(default_factory=dict)  # known official -> the state served
    voice: str | None = None  # the state the publisher speaks for ("our Allies")
    trips: dict[str, list[str]] = field(default_factory=dict)  # traveller -> places gone to
    travellers: list[str] = field(default_factory=list)  # the people of the last group trip
    met: list[str] = field(default_factory=list)  # the people meetings so far brought together
    list_hosts: list[str] = field(default_factory=list)  # who a list of participants met
    list_open: bool = False  # the last lines introduced a list of participants
    list_sides: dict[str, list[str]] = field(default_factory=dict)  # heading state -> people
    list_side: str | None = None  # the heading the list's current items stand under
    met_groups: list[str] = field(default_factory=list)  # the group met ("the B9 group")
    titled: dict[str, set[str]] = field(default_factory=dict)  # "prime minister" -> people
    # "Spangdahlem, Germany": per parsed text, the place names it puts in a country
    place_pairs: dict[int, tuple[object, dict[str, str]]] = field(default_factory=dict)

    def state_of(self, person: str) -> str | None:
        """The state a person leads in this text, else the one a known official serves."""
        return self.leaders.get(person) or self.officials.get(person)

    def last_org(self, now: int, window: int = 4, kind: str | None = None) -> str | None:
        """The organisation named last in the previous `window` sentences ("the alliance"),
        of `kind` if one such was named."""
        recent = self.recent(self.orgs, now, window)
        typed = [o for o in recent if kind and self.org_kinds.get(o) == kind]
        found = typed or recent
        return found[0] if found else None

    def the_alliance(self, now: int) -> str | None:
        """The alliance the text is about: the last named in the eight sentences before, else
        the only alliance the whole document names."""
        org = self.last_org(now, window=8, kind="alliance")
        if org and self.org_kinds.get(org) == "alliance":
            return org
        named = [o for o, kind in self.org_kinds.items() if kind == "alliance"]
        return named[0] if len(named) == 1 else None

    def dominant(self, exclude: set[str | None] | frozenset[str] = frozenset()) -> str | None:
        """The country the whole document names most (leaving out `exclude`), if clearly
        ahead of the next."""
        ranked = sorted(
            ((c, n) for c, n in self.country_counts.items() if c not in exclude),
            key=lambda kv: -kv[1],
        )
        if ranked and ranked[0][0] not in self.named:
            return None  # only ever an adjective ("Indian Country"): too weak to lend a state
        if not ranked or ranked[0][1] < 2:
            return None
        if len(ranked) > 1 and ranked[1][1] * 3 > ranked[0][1] * 2:
            return None
        return ranked[0][0]

    def pair(self, now: int, exclude: set[str] | frozenset[str] = frozenset()) -> list[str]:
        """ "both countries", "the two states": the two countries the whole document is
        clearly about (each named at least twice, the third far behind), else the two the
        last two sentences named; [] when neither reading is clear."""
        ranked = sorted(
            ((c, n) for c, n in self.country_counts.items() if c not in exclude),
            key=lambda kv: -kv[1],
        )
        third = ranked[2][1] if len(ranked) > 2 else 0
        if len(ranked) >= 2 and ranked[1][1] >= 2 and third * 2 <= ranked[1][1]:
            return [ranked[0][0], ranked[1][0]]
        named = [c for c in self.recent(self.countries, now, 2) if c not in exclude]
        recent = list(dict.fromkeys(named))
        return recent if len(recent) == 2 else []

    def group(self, now: int, n: int) -> list[str]:
        """ "the three countries": the `n` different countries the three sentences before
        named by name (not adjective: "expelled French forces" names no member), when
        exactly `n` were; else []."""
        found = list(dict.fromkeys(self.recent(self.countries, now, 3)))
        return found if len(found) == n else []

    def accept(self, found: Found) -> None:
        """Note a relation a rule found (after its signature was checked)."""
        if found.type is RelationType.MEMBER_OF and not found.ends:
            self.members.setdefault(found.target, []).append(found.source)
        if found.type is RelationType.MET_WITH:
            self.met.extend(p for p in (found.source, found.target) if p not in self.met)
        if found.type is RelationType.LEADER_OF and found.role:
            self.titled.setdefault(found.role.lower(), set()).add(found.source)

    def remember(self, sent: Sentence) -> None:
        """Note the places ("in Kazakhstan") and people a sentence names, for later sentences."""
        for m in sent.mentions():
            assert m.entity is not None
            if m.type is EntityType.COUNTRY and not m.adjective:
                self.countries.append((sent.index, m.entity))
            if m.type is EntityType.PERSON:
                self.persons.append((sent.index, m.entity))
                if sent.span.doc[m.tok_end - 1].dep_ in ("nsubj", "nsubjpass"):
                    self.subjects.append((sent.index, m.entity))
            if m.type is EntityType.ORGANISATION:
                self.orgs.append((sent.index, m.entity))
            elif m.type is EntityType.COUNTRY and not m.adjective and "metonym" not in m.extra:
                root = sent.span.doc[m.tok_end - 1]
                if root.dep_ == "pobj" and root.head.lower_ in ("in", "into", "to", "of"):
                    self.places.append((sent.index, m.entity))

    def theatre(self, now: int, exclude: str, among: list[str] | None = None) -> str | None:
        """The country earlier sentences most often placed events in (ties: most recent)."""
        counts: dict[str, tuple[int, int]] = {}
        for n, ent in self.places + self.deploy_targets:
            if n < now and ent != exclude and (among is None or ent in among):
                c, last = counts.get(ent, (0, -1))
                counts[ent] = (c + 1, max(last, n))
        return max(counts, key=lambda e: counts[e]) if counts else None

    def recent(self, items: list[tuple[int, str]], now: int, window: int) -> list[str]:
        """Ids noted in the last `window` sentences before `now`, most recent first."""
        return [ent for n, ent in reversed(items) if now - window <= n < now]


@dataclass
class Sentence:
    """One parsed sentence with its linked mentions."""

    span: Span
    index: int
    tok2m: dict[int, RawMention]
    state: DocState

    @cached_property
    def tokens(self) -> list[Token]:
        """The sentence's tokens, built once (spaCy makes a new object on every access)."""
        return list(self.span)

    @cached_property
    def _keys(self) -> list[tuple[int, int]]:
        """(lemma hash, lower-case hash) of each token, read from the doc in one call."""
        doc = self.span.doc
        table = doc.user_data.get("geokg_keys")
        if table is None:  # one array per parsed text, not one per sentence
            table = doc.user_data["geokg_keys"] = doc.to_array([LEMMA, LOWER])
        rows = table[self.span.start : self.span.end]
        return [(int(lemma), int(lower)) for lemma, lower in rows]

    def with_trigger(self, name: str) -> list[Token]:
        """The tokens whose lemma or lower-case form is a `name` trigger, in order."""
        return self.with_words(trigger_words(name))

    def with_words(self, listed: frozenset[str]) -> list[Token]:
        """The tokens whose lemma or lower-case form is one of `listed`, in order."""
        words = word_hashes(listed)
        return [
            self.tokens[k]
            for k, (lemma, lower) in enumerate(self._keys)
            if lemma in words or lower in words
        ]

    def mention(self, tok: Token) -> RawMention | None:
        m = self.tok2m.get(tok.i)
        return m if m is not None and m.entity else None

    def entity(self, tok: Token, *types: EntityType) -> str | None:
        m = self.mention(tok)
        if m is None or (types and m.type not in types):
            return None
        return m.entity

    def mentions(self, *types: EntityType) -> list[RawMention]:
        """Linked mentions in this sentence, in text order."""
        seen: dict[int, RawMention] = {}
        for i in range(self.span.start, self.span.end):
            m = self.tok2m.get(i)
            if m is not None and m.entity and (not types or m.type in types):
                seen.setdefault(id(m), m)
        return list(seen.values())

    def in_subtree(self, tok: Token, *types: EntityType, skip: Iterable[str] = ()) -> list[str]:
        """Entities in `tok`'s subtree, not descending into children whose dep is in `skip`."""
        skip_set = set(skip)
        found: dict[str, None] = {}
        stack = [tok]
        while stack:
            t = stack.pop()
            ent = self.entity(t, *types)
            if ent:
                found[ent] = None
            stack.extend(c for c in t.children if c.dep_ not in skip_set)
        return list(found)

    def modifier(self, tok: Token, *types: EntityType) -> str | None:
        """An entity modifying `tok` ("Russian troops", "Russia's troops", "US forces")."""
        for child in tok.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod"):
                ent = self.entity(child, *types)
                if ent:
                    return ent
        for child in tok.children:  # "the U.S. Army garrison": the state behind the service
            if child.dep_ == "compound":
                for inner in child.children:
                    if inner.dep_ == "compound" and (ent := self.entity(inner, *types)):
                        return ent
        return None


Rule = Callable[[Sentence], Iterator[Found]]


def words(text: str) -> frozenset[str]:
    """A trigger-word set written as one space-separated string."""
    return frozenset(text.split())


# Auxiliaries that put a verb in the future or the hypothetical ("will welcome", "should
# withdraw"): what such a verb states has not happened.
MODALS = words("should must will would could may might shall can ought wo 'll 'd")

_UNREAL = frozenset({"cannot", "never", "would", "could"})
_CONDITIONS = frozenset({"if", "unless", "whether"})


def negated(tok: Token) -> bool:
    """A negation, an unreal modal or a condition ("if Russia invades ...") on the token or
    the verbs governing it."""
    steps = 0
    while steps < 4:
        for child in tok.children:
            if child.dep_ == "neg" or child.lower_ in _UNREAL:
                return True
            if child.dep_ == "mark" and child.lower_ in _CONDITIONS:
                return True
        if tok.head == tok or _own_clause(tok):
            break
        tok = tok.head
        steps += 1
    return False


_ASSERTING_MARKS = frozenset({"since", "after", "when", "because", "as", "while", "before"})


def _own_clause(tok: Token) -> bool:
    """A relative clause, or a since/after/because clause, states its own fact: "North Korea,
    which has deepened ties since Kim hosted Putin, is not party to ..." negates neither."""
    if tok.dep_ == "relcl":
        return True
    return tok.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in _ASSERTING_MARKS for c in tok.children
    )


def subject_of(verb: Token, sent: Sentence, *types: EntityType) -> str | None:
    """The entity that is the subject of `verb`, climbing xcomp/conj/relative chains."""
    tok = verb
    for _ in range(5):
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass") or (child.dep_ == "agent"):
                target = child if child.dep_ != "agent" else next(iter(child.children), child)
                if target.tag_ in ("WDT", "WP") and tok.dep_ == "relcl" and tok.head != tok:
                    return sent.entity(tok.head, *types)  # "China, which ... is"
                ent = sent.entity(target, *types) or sent.modifier(target, *types)
                if ent is None and EntityType.PERSON in types:
                    ent = person_pronoun(sent, target) or title_holder(sent, target)
                return ent or _possessor_ref(sent, tok, target, types)
        if tok.dep_ in ("xcomp", "conj", "advcl", "pcomp") and tok.head != tok:
            tok = tok.head
        elif tok.dep_ in ("relcl", "acl") and tok.head != tok:
            return sent.entity(tok.head, *types)
        else:
            return None
    return None


_PERSONAL = frozenset({"he", "she", "him", "her", "his"})
_OWNER_PRONOUNS = frozenset({"its", "their", "whose"})


def _possessor_ref(
    sent: Sentence, verb: Token, subj: Token, types: tuple[EntityType, ...]
) -> str | None:
    """The owner of a subject's "its"/"whose": "Russia, whose forces strike ..." (the noun
    the clause hangs on), "X said its aircraft had carried out ..." (the one who said it)."""
    owner = next((c for c in subj.children if c.lower_ in _OWNER_PRONOUNS), None)
    if owner is None:
        return None
    tok = verb
    for _ in range(4):
        if tok.dep_ == "relcl" and owner.lower_ == "whose":
            return sent.entity(tok.head, *types)
        if tok.dep_ == "ccomp" and owner.lower_ != "whose":
            speaker = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            return sent.entity(speaker, *types) if speaker is not None else None
        if tok.dep_ not in ("xcomp", "conj", "advcl") or tok.head == tok:
            return None
        tok = tok.head
    return None


_TITLE_HEADS = frozenset({"president", "minister", "chancellor", "premier", "secretary"})


def title_holder(s: Sentence, tok: Token) -> str | None:
    """The person named inside a title the parser made the head: "Advisor for International
    Economics Mike Pyle" (one person in the title's phrase, no clause)."""
    if tok.lower_ not in TITLE_WORDS:
        return None
    inside = {t.i for t in tok.subtree} - {
        t.i for c in tok.children if c.dep_ in ("relcl", "acl", "conj") for t in c.subtree
    }
    people = {m.entity for m in s.mentions(EntityType.PERSON) if m.entity and m.tok_start in inside}
    return people.pop() if len(people) == 1 else None


def titled_person(s: Sentence, tok: Token) -> str | None:
    """ "the Prime Minister", "the Chancellor": the one person the text has so far given that
    title (none when two have held it: "President Biden ... President Macron")."""
    if tok.lower_ not in _TITLE_HEADS or not tok.text[:1].isupper():
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
        return None
    words = [c.text for c in tok.children if c.dep_ == "compound" and c.i < tok.i]
    held = s.state.titled.get(" ".join([*words, tok.text]).lower(), set())
    return next(iter(held)) if len(held) == 1 else None


_PAIR_WORDS = frozenset({"they", "leaders", "sides", "both", "governments", "countries"})


def pair_states(s: Sentence, tok: Token | None = None) -> list[str]:
    """The states of the two people "they", "the (two) leaders" or "their countries" at `tok`
    follows (any subject when `tok` is None): the two last named in this or the two sentences
    before, each of a known and different state. (`DocState.pair` reads "both countries"
    from the countries a text names; after a meeting the people are the better guide.)"""
    if tok is not None and tok.lower_ not in _PAIR_WORDS:
        return []
    people = list(dict.fromkeys(s.state.recent(s.state.persons, s.index + 1, 3)))[:2]
    states = [s.state.state_of(p) for p in people]
    if len(states) == 2 and all(states) and states[0] != states[1]:
        return [st for st in states if st]
    return []


def pronoun_owner(s: Sentence, t: int) -> str | None:
    """ "Argentina, whose Defense Minister X", "Chad said its President X", "Ukraine in its
    fight": the state or body named last before the pronoun at token `t`, in the same clause
    run (no person between)."""
    doc = s.span.doc
    for k in range(t - 1, s.span.start - 1, -1):
        m = s.mention(doc[k])
        if m is None:
            continue
        if m.type is EntityType.PERSON:
            return None
        if m.type in (EntityType.COUNTRY, EntityType.ORGANISATION) and m.entity and not m.adjective:
            return m.entity
    return None


_WE = frozenset({"we", "i", "our", "my"})  # "our" as the owner of "our decision to impose"
_OWN_GOVERNMENT = frozenset({"administration", "government", "country", "nation"})


def voice_ref(s: Sentence, tok: Token | None) -> str | None:
    """ "we", "I", "my administration", "our government" as the one who acts: the state the
    publisher speaks for (none for a document of unknown voice)."""
    if tok is None:
        return None
    if tok.lower_ in _WE or (
        tok.lemma_ in _OWN_GOVERNMENT
        and any(c.dep_ == "poss" and c.lower_ in ("my", "our") for c in tok.children)
    ):
        return s.state.voice
    return None


def person_pronoun(s: Sentence, tok: Token) -> str | None:
    """ "he"/"she": the last person who was a subject, here or in the three sentences before;
    "the Prime Minister": the one person the text gave that title."""
    if tok.lower_ not in _PERSONAL:
        return titled_person(s, tok)
    doc = s.span.doc
    here = [
        m.entity
        for m in s.mentions(EntityType.PERSON)
        if m.tok_end <= tok.i and doc[m.tok_end - 1].dep_ in ("nsubj", "nsubjpass")
    ]
    if here:
        return here[-1]
    recent = s.state.recent(s.state.subjects, s.index, window=3)
    return recent[0] if recent else None


ORG_NOUNS = frozenset({"alliance", "bloc", "organisation", "organization", "grouping", "union"})


def org_ref(s: Sentence, tok: Token) -> str | None:
    """An organisation named at `tok`, or "the alliance"/"the bloc": the last one named."""
    ent = s.entity(tok, EntityType.ORGANISATION)
    if ent or tok.lower_ not in ORG_NOUNS:
        return ent
    if not any(c.lower_ in ("the", "this", "that") for c in tok.children):
        return None
    return recent_org(s, tok)


def recent_org(s: Sentence, tok: Token) -> str | None:
    """The organisation "the alliance" or "the bloc" at `tok` refers to."""
    kind = "alliance" if tok.lower_ == "alliance" else None
    here = [
        m.entity for m in s.mentions(EntityType.ORGANISATION) if m.tok_end <= tok.i and m.entity
    ]
    typed = [o for o in here if kind and s.state.org_kinds.get(o) == kind]
    if typed:
        return typed[-1]
    prior = s.state.last_org(s.index, window=8 if kind else 4, kind=kind)
    if kind and prior and s.state.org_kinds.get(prior) == kind:
        return prior  # "the alliance": the last alliance named, not the last group
    return here[-1] if here else prior
