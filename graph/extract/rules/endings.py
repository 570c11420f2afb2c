"""Ending events: a sentence that states a relation's end (evidence `ends`).

- `deploy-withdrawn`:          "X withdrew its forces from Y", "troops were withdrawn from Y",
                               "completed the withdrawal of its troops from Y", "pulled out of
                               Y", "troops left Y", "ended its military mission in Y"
- `deploy-withdrawal-pending`: "Eritrean forces should withdraw from Ethiopia", "called on X to
                               withdraw its troops from Y", "ordered X troops to leave Y": the
                               forces are there (not an end); no place named: the country
                               earlier sentences placed events in
- `member-suspended`:          "froze its participation in the CSTO", "suspended its
                               membership", "was suspended (expelled) from Y", "Y suspended X"
- `member-left`:               "left the alliance", "withdrew from ECOWAS", "X's exit from Y"
- `member-exit-pending`:       "threatened to leave the CSTO" (still a member)
- `oppose-ended`:              "a ceasefire between A and B", "A and B signed a peace deal",
                               "A made peace with B", "A and B ended the war" (both directions)
- `ally-ended`:                "A terminated its defence pact with B", "ended the alliance"

Only a completed end is an end: a demand, threat, plan, condition, modal or negation
("should withdraw", "calls for the withdrawal", "has not withdrawn") states the relation as
holding (the `-pending` rules) or nothing. LEADER_OF ends ("resigned", "was replaced by",
"former President X") are read in `leaders.py` with `ended_holder` from here.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.extract.lexicon import MILITARY_NOUNS
from graph.extract.rules.base import MODALS, Found, Sentence, org_ref, subject_of, words
from graph.extract.rules.registry import fired
from graph.extract.tags import is_noun, is_verb
from graph.extract.triggers import triggered
from graph.model import EntityType

__all__ = ["ended_holder", "endings", "successor", "unreal"]

_C, _O, _P, _B = (
    EntityType.COUNTRY,
    EntityType.ORGANISATION,
    EntityType.PERSON,
    EntityType.MILITARY_BASE,
)
_CONDITIONS = words("if unless whether until")
_PARTIAL = words("northern southern eastern western central parts part areas")
_MEMBERSHIP = words("membership participation")
_ARMED = words("military armed troop naval army peacekeeping combat training counterterrorism")
_MISSIONS = words("mission missions presence operation operations deployment contingent")
_PACTS = words("alliance pact treaty")
_PACT_KINDS = words("defence defense security military mutual alliance")
_WAR = words("war conflict hostilities fighting")
_MEMBERED = frozenset({"alliance", "body", "union"})
_HEDGES = words("potentially possibly eventually perhaps maybe reportedly allegedly")
_ASPIRED = words("of for on to toward towards about")
_OFFICE = words("office post power position presidency premiership government")


def unreal(tok: Token) -> bool:
    """A demand, threat, plan, condition, modal or negation on `tok` or the words governing it
    ("should withdraw", "calls for the withdrawal of", "threatened to leave", "has not left").
    """
    deps = {c.dep_ for c in tok.children}
    if tok.tag_ == "VB" and "nsubj" in deps and not deps & {"aux", "auxpass"}:
        return True  # a subjunctive: "(demands) that Russia withdraw from Ukraine"
    for _ in range(6):
        for child in tok.children:
            if child.dep_ == "neg" or (child.dep_ == "aux" and child.lower_ in MODALS | {"to"}):
                return True  # "should withdraw", "has not left", "(efforts) to reach a truce"
            if child.dep_ == "advmod" and child.lower_ in _HEDGES:
                return True
            if child.dep_ == "mark" and child.lower_ in _CONDITIONS:
                return True
            if child.dep_ == "amod" and triggered(child, "not_yet"):
                return True  # "a possible withdrawal", "the eventual pullout"
        if tok.dep_ == "xcomp" and triggered(tok.head, "intend"):
            return True  # "agreed to withdraw", "began to pull out"
        if tok.head == tok or tok.dep_ == "relcl":
            return False
        if (triggered(tok.head, "unreal_end") or triggered(tok.head, "not_yet")) and (
            tok.dep_ != "nsubj"
        ):
            return True  # "demanded the withdrawal", "calls for a ceasefire", "talks on"
        tok = tok.head
    return False


def _military(tok: Token) -> bool:
    if tok.lower_ in MILITARY_NOUNS or triggered(tok, "military_unit"):
        return True
    return tok.lower_ in ("members", "personnel", "presence") and any(
        c.lower_ in _ARMED for c in tok.children if c.dep_ in ("compound", "amod")
    )


def _moved(tok: Token | None) -> Token | None:
    """ "hundreds of troops", "all of its forces" -> the troops."""
    if tok is not None and (tok.like_num or tok.lower_ in ("hundreds", "thousands", "all")):
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                return next((c for c in prep.children if c.dep_ == "pobj"), tok)
    return tok


def _from_places(s: Sentence, tok: Token) -> list[str]:
    """What `tok`'s "from"/"out of" phrase names (a country, base or organisation), directly:
    not "from parts of Y" or "from northern Y" (a partial withdrawal ends no deployment)."""
    found: list[str] = []
    for prep in tok.children:
        if prep.dep_ != "prep":
            continue
        if prep.lower_ == "out":  # "pulled out of Afghanistan"
            preps = [c for c in prep.children if c.dep_ == "prep" and c.lower_ == "of"] or [prep]
        elif prep.lower_ == "from" or (
            prep.lower_ == "of" and any(c.lower_ == "out" for c in tok.children)
        ):  # "pulled its troops out of Y"
            preps = [prep]
        else:
            continue
        for p in preps:
            for obj in p.children:
                if obj.dep_ != "pobj":
                    continue
                for t in (obj, *obj.conjuncts):
                    if any(c.lower_ in _PARTIAL for c in t.children):
                        continue
                    ent = s.entity(t, _C, _B) or org_ref(s, t)
                    m = s.mention(t)
                    if ent and not (m is not None and m.adjective) and ent not in found:
                        found.append(ent)
    return found


def _membered(s: Sentence, org: str) -> bool:
    """An organisation of members (an alliance, a union, an international body), not an armed
    group or a place the tagger took for one."""
    return s.state.org_kinds.get(org) in _MEMBERED


def _kind(ent: str) -> EntityType | None:
    for prefix, kind in (("country:", _C), ("base:", _B), ("org:", _O)):
        if ent.startswith(prefix):
            return kind
    return None


def _owner(s: Sentence, noun: Token, verb: Token | None) -> str | None:
    """Whose troops, mission or membership: "Russian troops", "Russia's", "its" (the
    subject of the governing verb)."""
    ent = s.modifier(noun, _C, _O)
    if ent:
        return ent
    if any(c.dep_ == "poss" and c.lower_ == "our" for c in noun.children):
        return s.state.voice  # "our troops": the state the publisher speaks for
    if verb is not None and any(c.dep_ == "poss" for c in noun.children):
        return subject_of(verb, s, _C, _O)
    return None


def _doer(s: Sentence, verb: Token) -> str | None:
    """Who does `verb`: its subject, or the one told to ("called on Russia to withdraw",
    "urged Russia to withdraw")."""
    if verb.dep_ in ("xcomp", "ccomp", "advcl") and not any(
        c.dep_ == "nsubj" for c in verb.children
    ):
        for c in verb.head.children:
            if c.dep_ == "dobj" and (e := s.entity(c, _C, _O)):
                return e
            if c.dep_ == "prep" and c.lower_ == "on":
                for e in s.in_subtree(c, _C, _O)[:1]:
                    return e
    return subject_of(verb, s, _C, _O)


def _governing_verb(tok: Token) -> Token | None:
    for _ in range(4):
        if tok.head == tok:
            return None
        tok = tok.head
        if is_verb(tok):
            return tok
    return None


def _left(s: Sentence, actor: str, places: list[str], verb: Token, troops: bool) -> Iterator[Found]:
    """A withdrawal of `actor` from `places`: a deployment's end, or (no troops named, an
    organisation left) a membership's."""
    pending = unreal(verb)
    for place in places:
        if place == actor:
            continue
        kind = _kind(place)
        if kind in (_C, _B):
            yield fired(
                "deploy-withdrawal-pending" if pending else "deploy-withdrawn", actor, place
            )
        elif kind is _O and not troops and _kind(actor) in (_C, _O) and _membered(s, place):
            yield fired("member-exit-pending" if pending else "member-left", actor, place)


def _withdraw_verb(s: Sentence, verb: Token) -> Iterator[Found]:
    """ "France withdrew its forces from Mali", "troops were withdrawn from Y", "pulled out of
    Y", "Mali withdrew from ECOWAS"."""
    obj = _moved(next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None))
    places = _from_places(s, verb)
    if obj is not None:
        if not _military(obj):
            return  # "withdrew its ambassador", "removed sanctions from"
        places += [p for p in _from_places(s, obj) if p not in places]
        actor = s.modifier(obj, _C, _O) or _doer(s, verb)
        if actor:
            yield from _left(s, actor, places, verb, troops=True)
        return
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None:
        actor = _doer(s, verb)
        if actor:
            yield from _left(s, actor, places, verb, troops=False)
        return
    troops = _military(_moved(subj) or subj)
    actor = s.modifier(subj, _C, _O) if troops else s.entity(subj, _C, _O)
    if troops and actor and not places and not any(c.dep_ == "prep" for c in verb.children):
        # "Eritrean forces should withdraw": from where the text placed events
        theatre = s.state.theatre(s.index, actor)
        places = [theatre] if theatre else []
    for a in [actor] if troops else [actor, *(s.entity(c, _C, _O) for c in subj.conjuncts)]:
        if a:
            yield from _left(s, a, places, verb, troops=troops)


def _leave_verb(s: Sentence, verb: Token) -> Iterator[Found]:
    """ "Russian troops left Kazakhstan", "Burkina Faso, Mali and Niger left ECOWAS",
    "threatened to leave the CSTO"."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        yield from _withdraw_verb(s, verb)  # "quit from", "exited from"
        return
    places = [e for t in (obj, *obj.conjuncts) if (e := s.entity(t, _C, _B) or org_ref(s, t))]
    if not places:
        return
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None and verb.dep_ in ("xcomp", "ccomp", "advcl"):
        # "ordered US forces to leave Y", "told the troops to leave": the one told to
        subj = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
    if subj is not None and _military(_moved(subj) or subj):
        actor = s.modifier(subj, _C, _O)
        if actor:
            yield from _left(s, actor, [p for p in places if _kind(p) is not _O], verb, True)
        return
    if subj is not None:
        actors = [e for t in (subj, *subj.conjuncts) if (e := s.entity(t, _C, _O))]
    else:
        actors = [a] if (a := subject_of(verb, s, _C, _O)) else []
    for actor in actors:  # a state that leaves a country is no deployment's end
        yield from _left(s, actor, [p for p in places if _kind(p) is _O], verb, False)


def _withdrawal_noun(s: Sentence, noun: Token) -> Iterator[Found]:
    """ "the withdrawal of Russian troops from Kazakhstan", "Russia's withdrawal from Y",
    "the suspension of Mali from ECOWAS", "Britain's exit from the EU"."""
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    moved = _moved(next((c for c in of.children if c.dep_ == "pobj"), None)) if of else None
    verb = _governing_verb(noun)
    places = _from_places(s, noun)
    if moved is not None:
        places += [p for p in _from_places(s, moved) if p not in places]
        if _military(moved):
            actor = _owner(s, moved, verb) or _owner(s, noun, verb)
            if actor:
                yield from _left(s, actor, places, noun, troops=True)
            return
        member = s.entity(moved, _C, _O)  # "the suspension of Mali from ECOWAS"
        if member:
            yield from _left(s, member, [p for p in places if _kind(p) is _O], noun, False)
        return
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None) if verb else None
    if subj is not None and any(c.lower_ == "their" for c in noun.children if c.dep_ == "poss"):
        actors = [e for t in (subj, *subj.conjuncts) if (e := s.entity(t, _C, _O))]
    else:  # "Mali, Burkina Faso and Niger announced their withdrawal from ECOWAS"
        actors = [a] if (a := _owner(s, noun, verb)) else []
    for actor in actors:
        yield from _left(s, actor, places, noun, troops=False)


def _suspend_verb(s: Sentence, verb: Token) -> Iterator[Found]:
    """ "froze its participation in the CSTO", "suspended its membership in Y", "X was
    suspended from Y", "the AU suspended Mali"."""
    pending = unreal(verb)
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if obj is not None and obj.lower_ in _MEMBERSHIP:
        org = next(
            (
                e
                for t in (obj, verb)
                for p in t.children
                if p.dep_ == "prep" and p.lower_ in ("in", "of", "on", "from")
                for o in p.children
                if o.dep_ == "pobj" and (e := org_ref(s, o))
            ),
            None,
        )
        poss = next((c for c in obj.children if c.dep_ == "poss"), None)
        member = s.entity(poss, _C, _O) if poss is not None else None
        if member is None and poss is not None:
            member = subject_of(verb, s, _C, _O)
        if org and member and member != org:
            yield fired("member-exit-pending" if pending else "member-suspended", member, org)
        return
    if not triggered(verb, "expel") or obj is None:
        return
    members = [e for t in (obj, *obj.conjuncts) if (e := s.entity(t, _C, _O))]
    if obj.dep_ == "nsubjpass":
        orgs = [p for p in _from_places(s, verb) if _kind(p) is _O] or [
            e
            for a in verb.children
            if a.dep_ == "agent"
            for o in a.children
            if (e := org_ref(s, o))
        ]
    else:
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        org = org_ref(s, subj) if subj is not None else None
        orgs = [org] if org else []
        orgs = [o for o in orgs if _kind(o) is _O]
    for org in orgs:
        for member in members:
            if member != org and _membered(s, org):
                yield fired("member-exit-pending" if pending else "member-suspended", member, org)


def _end_verb(s: Sentence, verb: Token) -> Iterator[Found]:
    """ "ended its military mission in Mali", "terminated its defence pact with Y", "A and B
    ended the war", "froze its membership" (via `_suspend_verb`)."""
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if obj is None:  # "the war between A and B ended", "their alliance ended"
        obj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if obj is None or obj.lower_ not in _WAR | _PACTS:
            return
    if obj.lower_ in _MEMBERSHIP:
        yield from _suspend_verb(s, verb)
    elif obj.lower_ in _MISSIONS and (
        obj.lower_ == "deployment" or any(c.lower_ in _ARMED for c in obj.children)
    ):
        actor = _owner(s, obj, verb) or subject_of(verb, s, _C, _O)
        places = [
            e
            for t in (obj, verb)
            for p in t.children
            if p.dep_ == "prep" and p.lower_ in ("in", "to")
            for o in p.children
            if o.dep_ == "pobj"
            for x in (o, *o.conjuncts)
            if (e := s.entity(x, _C, _B))
        ]
        if actor:
            for place in dict.fromkeys(places):
                if place != actor:
                    name = "deploy-withdrawal-pending" if unreal(verb) else "deploy-withdrawn"
                    yield fired(name, actor, place)
    elif obj.lower_ in _PACTS:
        if obj.lower_ != "alliance" and not any(c.lower_ in _PACT_KINDS for c in obj.children):
            return
        if not unreal(verb):
            yield from _pair("ally-ended", s, verb, obj, _C)
    elif obj.lower_ in _WAR and not unreal(verb):
        yield from _pair("oppose-ended", s, verb, obj, _C, _O, both=True)


def _sides(s: Sentence, verb: Token, noun: Token, *types: EntityType) -> list[str]:
    """The two sides of a pact, a war or a truce: "between A and B", "A and B <verb>", "A
    <verb> ... with B", "A's ... with B"."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "between":
            return s.in_subtree(prep, *types)
    sides: list[str] = []
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None) if verb else None
    if subj is not None:
        sides = [e for t in (subj, *subj.conjuncts) if (e := s.entity(t, *types))]
    elif verb is not None and (e := subject_of(verb, s, *types)):
        sides = [e]
    hyphened = [  # "the U.S.-Philippines alliance"
        e
        for c in noun.children
        if c.dep_ in ("compound", "amod", "nmod")
        for t in c.subtree
        if (e := s.entity(t, *types))
    ]
    if len(hyphened) == 2 and any(t.text in ("-", "–") for c in noun.children for t in c.subtree):
        return hyphened
    for t in (noun, verb):
        for prep in t.children if t is not None else ():
            if prep.dep_ == "prep" and prep.lower_ == "with":
                sides += [e for e in s.in_subtree(prep, *types, skip=("prep", "relcl", "acl"))]
    return list(dict.fromkeys(sides))


def _pair(
    name: str, s: Sentence, verb: Token | None, noun: Token, *types: EntityType, both: bool = False
) -> Iterator[Found]:
    sides = _sides(s, verb, noun, *types) if verb is not None else _sides_of_noun(s, noun, types)
    if len(sides) != 2:
        return
    a, b = sides
    yield fired(name, a, b)
    if both:
        yield fired(name, b, a)


def _sides_of_noun(s: Sentence, noun: Token, types: tuple[EntityType, ...]) -> list[str]:
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "between":
            return s.in_subtree(prep, *types)
    return []


def _truce(s: Sentence, noun: Token) -> Iterator[Found]:
    """ "a ceasefire between A and B", "A and B signed a peace agreement", "A and B agreed a
    truce", "A made peace with B"."""
    if noun.lower_ == "peace":
        if not (noun.dep_ == "dobj" and noun.head.lemma_ == "make"):
            return
    elif not triggered(noun, "truce") and not any(
        c.lower_ == "peace" for c in noun.children if c.dep_ in ("compound", "amod")
    ):
        return  # "agreement", "deal": only a peace agreement, a peace deal
    if triggered(noun.head, "breach"):
        return  # "violated the ceasefire": no end of the hostility
    verb = (
        noun.head if noun.dep_ in ("dobj", "nsubjpass") and triggered(noun.head, "settle") else None
    )
    if verb is None and not triggered(noun, "truce"):
        return  # "the importance of a peace agreement between A and B": none signed
    if verb is None and noun.dep_ == "pobj" and noun.head.lower_ in _ASPIRED:
        return  # "a push for a ceasefire", "the road to a truce"
    if unreal(verb if verb is not None else noun):
        return
    sides = _sides(s, verb, noun, _C, _O) if verb is not None else _sides_of_noun(s, noun, (_C, _O))
    if len(sides) == 2:
        a, b = sides
        yield fired("oppose-ended", a, b)
        yield fired("oppose-ended", b, a)


def ended_holder(tok: Token) -> Token | None:
    """The verb by which the person at `tok` (the root of their name) left office: "X
    resigned", "X stepped down", "X left office", "X was dismissed (replaced by Y)", "Y
    replaced X", "parliament ousted X"), or the noun ("X's resignation", "the ouster of X");
    None if not, or only demanded ("calls on X to resign", "called for X's resignation")."""
    verb = tok.head
    if tok.dep_ == "nsubj" and is_verb(verb):
        ends = triggered(verb, "resign") or (
            triggered(verb, "step_down")
            and any(c.lower_ == "down" for c in verb.children)  # not "aside" (from a race)
        )
        ends = ends or (
            verb.lemma_ == "leave"
            and any(c.dep_ == "dobj" and c.lower_ in _OFFICE for c in verb.children)
        )
    elif tok.dep_ in ("nsubjpass", "dobj") and is_verb(verb):
        ends = triggered(verb, "unseat")
    elif (tok.dep_ == "pobj" and verb.lower_ == "of") or tok.dep_ == "poss":
        verb = verb.head if tok.dep_ == "pobj" else verb  # "the resignation of X", "X's ouster"
        ends = is_noun(verb) and triggered(verb, "resignation")
    else:
        return None
    return verb if ends and not unreal(verb) else None


def successor(s: Sentence, verb: Token) -> str | None:
    """The new holder in "X was replaced (succeeded) by Y", "Y succeeded X", "Z replaced X with
    Y" (not the subject of "replaced": often the one who appoints), also where the
    succession is a second verb of the holder's ("X resigned and was replaced by Y")."""
    for v in (verb, *verb.conjuncts):
        if triggered(v, "succession") and (new := _new_holder(s, v)) is not None:
            return new
    return None


def _new_holder(s: Sentence, verb: Token) -> str | None:
    for c in verb.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "with"):
            for o in c.children:
                if (e := s.entity(o, _P)) is not None:
                    return e
        if c.dep_ == "nsubj" and verb.lemma_ == "succeed" and (e := s.entity(c, _P)):
            return e
    return None


def endings(s: Sentence) -> Iterator[Found]:
    """The ends of relations (and the demanded, still pending ones) stated in one sentence."""
    for tok in s.tokens:
        if is_verb(tok):
            if triggered(tok, "withdraw"):
                yield from _withdraw_verb(s, tok)
            elif triggered(tok, "leave"):
                yield from _leave_verb(s, tok)
            elif triggered(tok, "expel"):
                yield from _suspend_verb(s, tok)
            elif triggered(tok, "end"):
                yield from _end_verb(s, tok)
        elif is_noun(tok):
            if triggered(tok, "withdrawal"):
                yield from _withdrawal_noun(s, tok)
            elif triggered(tok, "truce") or tok.lower_ in (
                "agreement",
                "deal",
                "treaty",
                "accord",
                "peace",
            ):
                yield from _truce(s, tok)
