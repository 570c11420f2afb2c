"""OPPOSES and BORDERS from trigger words on the parse.

- `oppose-verb`:   "Russia aspires to ... contain NATO", "annexed by Moscow" (the object's
                   country), "X invaded Y", "X sanctioned Y"
- `oppose-noun`:   "the CSTO, ... the new antagonist of NATO", "X's rival Y"
- `oppose-attack`: "Iran launched drones at Israel", "vessels fired water cannon at a
                   Philippine boat"
- `oppose-clash`:  "Indian and Chinese troops clashed" (both ways), "X clashed with Y"
- `war-between`:   "the war between Armenians and Azerbaijanis" (both directions)
- `border`:        "X borders Y", "X and Y share a frontier", "X shares a border with Y",
                   "in X near the Y border"
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Token

from graph.extract.gazetteer import capital_state
from graph.extract.rules.base import (
    MODALS,
    Found,
    Sentence,
    negated,
    org_ref,
    pair_states,
    person_pronoun,
    pronoun_owner,
    subject_of,
    voice_ref,
    words,
)
from graph.extract.rules.deployment import city_country_at
from graph.extract.rules.registry import fired
from graph.extract.tags import is_noun, is_verb
from graph.extract.triggers import triggered
from graph.model import EntityType

__all__ = ["hostility"]

_C, _O, _P = EntityType.COUNTRY, EntityType.ORGANISATION, EntityType.PERSON
_OPPOSE_VERBS = words(
    "contain counter confront oppose opposed opposes threaten threatened attack strike "
    "attacked attacks invade invaded invades annexed annex occupied occupies bombed "
    "struck sanction sanctioned condemned condemns deter accused shell shelled blockaded"
)
_OPPOSE_NOUNS = words(
    "antagonist adversary adversaries enemy enemies foe rival rivals opponent archrival nemesis"
)
_LAUNCH = frozenset({"launched", "fired", "lobbed", "launches", "fires"})
_PROJECTILES = words(
    "missiles missile drones rockets cannon shells strikes attack attacks artillery "
    "torpedoes munitions"
)
_CLASH = frozenset({"clashed", "fought", "clash", "skirmished"})
_TARGET_NOUNS = words(
    "positions position hideouts hideout bases camps targets fighters militants forces troops "
    "outposts strongholds depots"
)
_MAY = MODALS - {"will", "wo", "'ll"}  # what may happen ("will" is said of plans too)
_HELD_BY = words("use utilize operate control occupy hold run")
_COUNTS = words("dozens hundreds scores several many some tens thousands barrage salvo wave volley")
_EXCHANGE = frozenset({"exchanged", "traded", "exchange", "exchanging"})
_FIRE = words("fire gunfire shots artillery strikes salvoes")
_MOVES = words(
    "expanding expansion expand enlargement enlarging admitting deploying escalation escalating"
)
_UNITE = words("unite united unites rallied mobilised mobilized")
_REGARD = words("regards regard regarded considers considered designated designates brands")
_HOSTILE = words("terrorist terrorists terrorism threat enemy enemies occupier occupiers")
_PRONOUNS = frozenset({"it", "its", "they", "their"})
_WAR = frozenset({"war", "conflict", "clashes", "fighting", "hostilities", "confrontation"})


def _hypothetical(verb: Token) -> bool:
    """ "should Russia further invade Ukraine", "if Iran attacks", "China could blockade":
    what may happen, not what did."""
    return any(
        (c.dep_ == "aux" and c.lower_ in _MAY)
        or (c.dep_ == "mark" and c.lower_ in ("if", "unless"))
        for c in verb.children
    )


def _opposes(s: Sentence, tok: Token) -> Iterator[Found]:
    if negated(tok) or (is_verb(tok) and _hypothetical(tok)):
        return
    if tok.lower_ in _OPPOSE_NOUNS:
        targets = [
            e
            for p in tok.children
            if p.dep_ == "prep" and p.lower_ in ("of", "to")
            for e in s.in_subtree(p, _C, _O)
        ]
        head = tok
        actor = None
        for _ in range(4):
            if head.dep_ in ("appos", "conj", "attr", "oprd", "acl") and head.head != head:
                head = head.head
                actor = s.entity(head, _C, _O)
                if actor:
                    break
            else:
                break
        for t in targets:
            if actor:
                yield fired("oppose-noun", actor, t)
        return
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if tok.dep_ == "acl" and obj is None:
        obj = tok.head
    if obj is None:
        return
    obj = _counted(obj)  # "struck dozens of Hezbollah positions"
    hits = [  # "sanctioned former President X and the Ministry of Intelligence"
        hit
        for o in (obj, *obj.conjuncts)
        if (
            hit := s.entity(o, _C, _O)
            or s.modifier(o, *((_C, _O) if o.lower_ in _TARGET_NOUNS else (_C,)))
            or _place_country(s, o)
        )
    ]
    actor = subject_of(tok, s, _C, _O, _P) or voice_ref(s, _subject_token(tok))
    if actor is None:
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        if agent is not None:
            actor = next(
                (s.entity(c, _C, _O, _P) for c in agent.children if s.entity(c, _C, _O, _P)), None
            )
    for target in hits:
        if actor and target != actor:
            yield fired("oppose-verb", actor, target)


def _counted(obj: Token) -> Token:
    """What a count noun counts: "dozens of positions", "a barrage of missiles"; else `obj`."""
    if obj.lower_ not in _COUNTS and not obj.like_num:
        return obj
    return next(
        (o for p in obj.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"), obj
    )


def _place_country(s: Sentence, obj: Token) -> str | None:
    """The state of a city attacked: "shelled Kharkiv", "shelled the city of Kharkiv"."""
    places = [obj, *(o for p in obj.children if p.lower_ == "of" for o in p.children)]
    return next((c for t in places if (c := city_country_at(s, t))), None)


def _launch(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "Iran launched drones at Israel", "vessels fired water cannon at a Philippine boat"."""
    if negated(tok) or not is_verb(tok):
        return
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if obj is None:  # "the Houthis have fired at U.S. Navy warships"
        yield from _fired_at(s, tok)
        return
    counted, obj = obj, _counted(obj)  # "thousands of rockets", "a barrage of missiles on X"
    if obj.lower_ not in _PROJECTILES:
        return
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is not None and subj.tag_ in ("WDT", "WP") and tok.dep_ == "relcl":
        subj = tok.head  # "Russia, which launched a barrage of missiles on Ukraine"
    own = (s.entity(subj, _C, _O) or s.modifier(subj, _C, _O)) if subj is not None else None
    actors = [own] if own else s.in_subtree(subj, _C, _O) if subj is not None else []
    if not actors:
        return
    for prep in dict.fromkeys((*tok.children, *obj.children, *counted.children)):
        if prep.dep_ == "prep" and prep.lower_ in ("at", "into", "on", "against"):
            for target in s.in_subtree(prep, _C, _O)[:1]:
                yield fired("oppose-attack", actors[0], target)


def _fired_at(s: Sentence, verb: Token) -> Iterator[Found]:
    """ "X fired at Y's vessels", "X fired at U.S. Navy warships": whose target it was."""
    actor = subject_of(verb, s, _C, _O)
    for prep in verb.children:
        if actor and prep.dep_ == "prep" and prep.lower_ == "at":
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                target = s.entity(obj, _C, _O) or s.modifier(obj, _C, _O)
                if target and target != actor:
                    yield fired("oppose-attack", actor, target)


def _war(s: Sentence, tok: Token) -> Iterator[Found]:
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "between":
            sides = s.in_subtree(prep, _C, _O)  # "the conflict between Israel and Hamas"
            if len(sides) == 2:
                a, b = sides
                yield fired("war-between", a, b)
                yield fired("war-between", b, a)


def _clash(s: Sentence, tok: Token, mutual: bool = False) -> Iterator[Found]:
    """ "Indian and Chinese troops clashed" (both ways); "Pakistan clashed with India";
    `mutual` ("exchanged fire with"): both ways also when the sides are subject and object."""
    if not is_verb(tok) or negated(tok):
        return
    # the subject nearest the verb ("NEW DELHI, 26 April — Indian and Pakistani troops
    # exchanged fire": a dateline parsed as a second subject)
    subj = next((c for c in reversed(list(tok.lefts)) if c.dep_ == "nsubj"), None)
    subj = subj or next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return
    kinds = (_C, _O) if mutual else (_C,)
    sides = [e for e in (s.entity(subj, *kinds) or s.modifier(subj, *kinds),) if e]
    sides += [
        e for c in subj.children if c.dep_ == "amod" for e in _conj_entities(s, c) if e not in sides
    ]
    heads = [tok, *(c for c in tok.children if mutual and c.dep_ == "dobj")]
    withs = [
        e
        for h in heads
        for p in h.children
        if p.dep_ == "prep" and p.lower_ in ("with", "against")
        # not "near the border with X": only the other side itself
        for e in s.in_subtree(p, *kinds, skip=("prep", "relcl", "acl"))
    ]
    rule = "oppose-exchange" if mutual else "oppose-clash"
    if len(sides) == 2 and not withs:
        yield fired(rule, sides[0], sides[1])
        yield fired(rule, sides[1], sides[0])
    elif len(sides) == 1:
        for other in withs:
            yield fired(rule, sides[0], other)
            if mutual:
                yield fired(rule, other, sides[0])


def _exchange(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "A and B exchanged fire", "A exchanged fire with B" (both directions)."""
    if any(c.dep_ == "dobj" and c.lower_ in _FIRE for c in tok.children):
        yield from _clash(s, tok, mutual=True)


def _assault_actor(s: Sentence, tok: Token) -> str | None:
    """Who carries out the assault noun `tok`: "Russia's war", "Houthi attacks", "attacks
    from Iran", "an attack by Russian forces", "the attacks that Russia perpetrated",
    "Putin launched his war" (the subject of a carrying-out verb)."""
    return (
        _actor_from(s, tok)
        or _actor_modifier(s, tok)
        or _actor_by(s, tok)
        or _actor_clause(s, tok)
        or _actor_carrying_out(s, tok)
    )


def _co_actors(s: Sentence, tok: Token, actor: str) -> list[str]:
    """Who acts with the actor of the assault noun `tok`: the states or bodies coordinated
    with it ("by the European Union and the United Kingdom") or joined "together with" it,
    within the assault's phrase or the clause of the verb that carries it out."""
    scope = {t.i for t in tok.subtree}
    if tok.dep_ == "dobj" and triggered(tok.head, "carry_out"):
        scope |= {t.i for t in tok.head.subtree}
    roots = [
        s.span.doc[m.tok_end - 1]
        for m in s.mentions(_C, _O)
        if m.entity == actor and m.tok_end - 1 in scope
    ]
    found: list[str] = []
    for root in roots:
        heads = [root, root.head] if root.dep_ in ("nmod", "compound", "amod", "poss") else [root]
        joined = [  # "together with X", "with" hung on "together" or on the actor's noun
            o
            for h in heads
            for p in (
                *h.children,
                *(g for c in h.children if c.lower_ == "together" for g in c.children),
            )
            if p.lower_ == "with" and p.i > 0 and p.nbor(-1).lower_ == "together"
            for o in p.children
        ]
        for t in (*root.conjuncts, *joined, *(c for j in joined for c in j.conjuncts)):
            if (e := s.entity(t, _C, _O)) and e != actor and e not in found:
                found.append(e)
    return found


def _actor_from(s: Sentence, tok: Token) -> str | None:
    """ "attacks from Iran (and Iranian-backed groups)"."""
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "from"):
        for obj in prep.children:
            if e := s.entity(obj, _C, _O):
                return e
    return None


def _actor_modifier(s: Sentence, tok: Token) -> str | None:
    """ "Russia's missile and drone attacks": the owner of the first noun owns them all."""
    shared = [tok.head] if tok.dep_ == "conj" and is_noun(tok.head) else []
    for t in (tok, *shared):
        for c in (c for left in t.lefts for c in left.subtree):
            owner = c.dep_ in ("poss", "amod", "compound") or (
                c.dep_ == "conj" and c.head.dep_ == "poss"  # "the pandemic and Russia's war"
            )
            if owner and (e := s.entity(c, _C, _O, _P)):
                return e
            if c.dep_ == "poss" and c.lower_ in _PRONOUNS and (e := pronoun_owner(s, c.i)):
                return e  # "costs on Russia for its war"
    return None


def _actor_by(s: Sentence, tok: Token) -> str | None:
    """ "an attack by Russian forces", "strikes on Houthi targets by U.S. aircraft"."""
    for c in (t for t in tok.subtree if t.dep_ != "relcl"):
        if c.dep_ in ("prep", "agent") and c.lower_ == "by" and c.head.lemma_ not in _HELD_BY:
            for obj in c.children:
                if e := s.entity(obj, _C, _O, _P) or s.modifier(obj, _C, _O):
                    return e
    return None


def _actor_clause(s: Sentence, tok: Token) -> str | None:
    """ "the attacks that Russia perpetrated on Ukrainian cities"."""
    for clause in tok.children:
        if clause.dep_ == "relcl" and triggered(clause, "carry_out") and not negated(clause):
            subj = next((c for c in clause.children if c.dep_ == "nsubj"), None)
            if subj is not None and (e := s.entity(subj, _C, _O, _P)):
                return e
    return None


def _actor_carrying_out(s: Sentence, tok: Token) -> str | None:
    """ "X launched strikes", "strikes were launched by X"."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and is_noun(tok.head.head):
        tok = tok.head.head  # "issued three sets of sanctions", "launched a wave of strikes"
    head = tok.head
    if tok.dep_ == "dobj" and triggered(head, "carry_out"):
        return subject_of(head, s, _C, _O, _P)
    if tok.dep_ == "nsubjpass" and triggered(head, "carry_out"):
        for agent in head.children:
            if agent.dep_ == "agent":
                return next((e for c in agent.children if (e := s.entity(c, _C, _O, _P))), None)
    return None


def _assault_targets(s: Sentence, tok: Token) -> list[str]:
    """What the assault noun `tok` is against: "against/on/into X", "of X" (invasion), "in X"
    (war), also through a participle ("attacks launched against X")."""
    heads = [tok, *(c for c in tok.children if c.dep_ in ("acl", "relcl"))]
    timed = [tok, tok.head] if tok.dep_ == "dobj" else [tok]
    heads += [  # "attacks over the last 48 hours against X": the parser hangs it on "hours"
        o
        for h in timed
        for p in h.children
        if p.dep_ == "prep" and p.lower_ in ("over", "during", "in", "since")
        for o in p.children
        if o.ent_type_ in ("DATE", "TIME")
    ]
    heads += [  # "war of aggression against X"
        o for p in tok.children if p.lower_ == "of" for o in p.children if triggered(o, "assault")
    ]
    if tok.dep_ in ("dobj", "nsubj", "nsubjpass") and triggered(tok.head, "carry_out"):
        heads.append(tok.head)  # "executed an airstrike against X", "attacks launched on X"
    heads += [  # "strikes carried out by X bombers against Y": the parser hangs it on X
        o
        for h in list(heads)
        for a in h.children
        if a.dep_ == "agent" or (a.dep_ == "prep" and a.lower_ == "by")
        for o in a.children
    ]
    aimed = [  # "launched an attack, directly targeting American ships"
        e
        for h in heads
        for c in h.children
        if c.dep_ in ("advcl", "acl") and c.lemma_ == "target"
        for o in c.children
        if o.dep_ == "dobj" and (e := s.entity(o, _C, _O) or s.modifier(o, _C, _O))
    ]
    if aimed:
        return aimed
    preps = {"against", "on", "into", "upon"}
    if triggered(tok, "assault_of"):
        preps.add("of")
    if triggered(tok, "assault_in"):
        preps.add("in")
    if triggered(tok, "assault_to"):
        preps.add("to")  # "Russia's threat to Ukraine's sovereignty"
    return [
        e
        for h in heads
        for p in h.children
        if p.dep_ == "prep" and p.lower_ in preps
        for e in _first_target(s, p)
    ]


def _first_target(s: Sentence, prep: Token) -> list[str]:
    """The country or organisation a target phrase names first, reading a capital as its state
    ("a drone attack on Kyiv"), never the attacker's "by" phrase."""
    for obj in (c for c in prep.children if c.dep_ == "pobj"):
        for appos in (c for c in obj.children if c.dep_ == "appos"):
            if e := s.entity(appos, _C, _O):
                return [e]  # "against our NATO Ally, Albania": the ally named after
    for t in prep.subtree:  # "strikes against three locations used by Kataib Hezbollah"
        if t.dep_ == "acl" and t.lemma_ in _HELD_BY and t.tag_ == "VBN":
            for agent in (c for c in t.children if c.dep_ == "agent"):
                found = [e for o in agent.children if (e := s.entity(o, _C, _O))]
                if found:
                    return found[:1]
    for t in prep.subtree:
        if t.dep_ in ("relcl", "acl") or (t.lower_ == "by" and t != prep):
            break
        if e := s.entity(t, _C, _O):
            return [e]
        if capital := capital_state(t):
            return [capital]
    return []


def _defender(s: Sentence, tok: Token) -> str | None:
    """The side an untargeted assault is against: "support Ukraine against Russia's aggression"
    (the object of the verb the "against" hangs on), whoever defends or fights against it
    ("Ukraine's ability to defend itself against Russian aggression", "Ukraine in its fight
    against Russian aggression"), whoever suffers it ("they suffer an attack by X")."""
    head = tok.head
    if tok.dep_ == "dobj" and triggered(head, "endure") and not negated(head):
        return _side_at(s, _subject_token(head))
    if tok.dep_ != "pobj" or head.lower_ not in ("against", "from"):
        return None
    holder = head.head
    if triggered(holder, "defence"):
        return _defending_side(s, holder)
    obj = next((c for c in holder.children if c.dep_ == "dobj"), None)
    return s.entity(obj, _C, _O) if obj is not None and head.lower_ == "against" else None


def _defending_side(s: Sentence, holder: Token) -> str | None:
    """Whose the defending is: "Ukraine's fight", "its defense" (the state before), "Israel's
    right to defend itself", "defend Ukraine", "as it continues to defend itself"."""
    if is_noun(holder):
        return _side_at(s, next((c for c in holder.children if c.dep_ == "poss"), None))
    obj = next((c for c in holder.children if c.dep_ == "dobj"), None)
    if obj is not None and obj.lower_ not in ("itself", "themselves"):
        return s.entity(obj, _C, _O)
    if holder.dep_ in ("acl", "xcomp") and is_noun(holder.head):  # "Israel's right to defend"
        owner = next((c for c in holder.head.children if c.dep_ == "poss"), None)
        if owner is not None:
            return _side_at(s, owner)
    return _side_at(s, _subject_token(holder))


def _subject_token(verb: Token) -> Token | None:
    """The subject of `verb`, climbing "continues to defend" and coordinated verbs; the object
    of "directed my administration to impose" (who is to do it)."""
    for _ in range(4):
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        owner = next((c for c in verb.head.children if c.dep_ == "poss"), None)
        if subj is None and verb.dep_ == "acl" and owner is not None:
            return owner  # "our determination to impose costs", "Japan's decision to impose"
        if subj is not None or verb.dep_ not in ("xcomp", "conj", "advcl") or verb.head == verb:
            return subj
        doer = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
        if verb.dep_ == "xcomp" and doer is not None:  # "urged Russia to impose": not done
            return doer if triggered(verb.head, "direct") else None
        verb = verb.head
    return None


def _side_at(s: Sentence, tok: Token | None) -> str | None:
    """The state or body at `tok`, reading "it"/"its"/"they" as the one named last before."""
    if tok is None:
        return None
    if tok.lower_ in _PRONOUNS:
        return pronoun_owner(s, tok.i)
    return s.entity(tok, _C, _O)


def _contrasted(tok: Token) -> bool:
    """ "X supports Egypt, while Russia's war continues": a clause set against the rest."""
    return any(
        c.dep_ == "mark" and c.lower_ in ("while", "whereas", "although", "though")
        for a in tok.ancestors
        for c in a.children
    )


def _supported(s: Sentence, actor: str) -> str | None:
    """The one state a sentence supports, other than the attacker: "support for the people of
    Ukraine in the face of Russian aggression", "support for Ukraine as Russia wages its war"."""
    sides = {
        e
        for t in s.with_trigger("support")
        for c in (*t.children, *(t.head.children if t.dep_ == "dobj" else ()))
        if (c.dep_ == "dobj" and c.head == t)
        or (c.dep_ == "prep" and c.lower_ in ("for", "with", "to"))  # "pledged solidarity with"
        for e in s.in_subtree(c, _C, skip=("relcl", "acl"))
        if e != actor
    }
    return sides.pop() if len(sides) == 1 else None


def _assault(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "Russia's invasion of Ukraine", "Russia's war against Ukraine", "Houthi attacks
    launched against Saudi Arabia", "an attack by X on Y"; resisting one ("Ukrainian forces
    repelled the Russian attack") opposes the attacker."""
    if not is_noun(tok) or negated(tok) or (tok.dep_ == "dobj" and triggered(tok.head, "relieve")):
        return  # "the UN lifted its sanctions on Iraq"
    actor = _assault_actor(s, tok)
    if actor is None:
        return
    targets = _assault_targets(s, tok) or [t for t in (_defender(s, tok),) if t]
    if not targets and not triggered(tok, "penalty") and not _contrasted(tok):
        targets = [t for t in (_supported(s, actor),) if t]
    for who in (actor, *_co_actors(s, tok, actor)):
        for target in targets:
            if target != who:
                yield fired("oppose-assault", who, target)
    head = tok.head
    if tok.dep_ == "dobj" and triggered(head, "resist") and not negated(head):
        side = subject_of(head, s, _C, _O)
        if side and side != actor and not actor.startswith("person:"):
            yield fired("oppose-resist", side, actor)
            if not targets:  # "Ukraine repelled Russia's onslaught": the attack was on them
                yield fired("oppose-assault", actor, side)


def _impose(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "the United States will impose costs/sanctions on Russia"."""
    if not is_verb(tok) or negated(tok):
        return
    penalty = next(
        (
            c
            for c in tok.children
            if c.dep_ == "dobj"
            and triggered(c, "penalty")
            and not negated(c)
            and not any(d.lower_ == "no" for d in c.children)  # "will impose no costs"
        ),
        None,
    )
    if penalty is None or _should_clause(tok):
        return
    targets = [  # "impose costs on X", "imposed sanctions on X" (the parser's two readings)
        e
        for p in (*tok.children, *penalty.children)
        if p.dep_ == "prep" and p.lower_ in ("on", "upon", "against")  # not "UAE-based firms"
        for e in s.in_subtree(p, _C, _O, skip=("relcl", "acl", "npadvmod"))[:1]
    ]
    for actor in _acting_states(s, tok):
        for target in targets:
            if actor != target:
                yield fired("oppose-impose", actor, target)


def _should_clause(tok: Token) -> bool:
    """ "... impose costs on Russia should it further invade Ukraine": a condition written as
    an inverted "should", on the verb's own clause or the one the parser made its head."""
    for clause in (tok, *tok.ancestors, *(c for c in tok.children if c.dep_ == "advcl")):
        should = next(
            (c for c in clause.children if c.dep_ == "aux" and c.lower_ == "should"), None
        )
        subj = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if should is not None and subj is not None and should.i < subj.i:
            return True
    return False


def _accountable(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "The United States will hold Russia accountable", "... holding Russia accountable for
    its aggression": who holds whom to account."""
    if not is_verb(tok) or negated(tok):
        return
    held = [
        t
        for c in tok.children
        if c.lower_ == "accountable"
        for t in (*(d for d in c.children if d.dep_ == "nsubj"), *tok.children)
        if t.dep_ in ("nsubj", "dobj") and t.head in (c, tok) and t.i > tok.i
    ]
    target = next((e for t in held if (e := s.entity(t, _C, _O))), None)
    for actor in _acting_states(s, tok):
        if target and actor != target:
            yield fired("oppose-accountable", actor, target)


def _acting_states(s: Sentence, verb: Token) -> list[str]:
    """The states or bodies doing what `verb` says: its subject ("the United States and
    Japan"), "we" (the publisher's state), "the two leaders" (the states of the pair met), the
    state owning the commitment the verb completes ("He reaffirmed the U.S. commitment to ...,
    holding Russia accountable"), or the state of the person who is the subject; with no
    subject at all, the states of the pair who met."""
    subj = _subject_token(verb)
    if subj is None:  # "their contributions to the effort ... to impose costs on X"
        return pair_states(s)
    named = s.in_subtree(subj, _C, _O, skip=("relcl", "acl", "prep"))
    named = named or [e for e in (s.modifier(subj, _C, _O) or voice_ref(s, subj),) if e]
    if named or (named := pair_states(s, subj)):
        return named
    head = verb
    for _ in range(3):
        head = head.head
        for obj in (c for c in head.children if c.dep_ == "dobj"):
            if state := s.modifier(obj, _C):
                return [state]
    person = s.entity(subj, _P) or person_pronoun(s, subj)
    state = s.state.state_of(person) if person else None
    return [state] if state else []


def _united(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "Iran and its allies united against Israel"."""
    if not is_verb(tok) or negated(tok) or tok.tag_ not in ("VBD", "VBN", "VBZ", "VBP"):
        return
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    sides = s.in_subtree(subj, _C, _O, skip=("relcl", "acl", "prep")) if subj is not None else []
    for p in tok.children:
        if p.dep_ == "prep" and p.lower_ == "against":
            for target in s.in_subtree(p, _C, _O, skip=("relcl", "acl", "prep"))[:1]:
                for side in sides:
                    if side != target:
                        yield fired("oppose-united", side, target)


def _warned(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "Moscow warned the alliance against expanding": a warning against a rival's move."""
    if not is_verb(tok) or negated(tok):
        return
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    against = any(  # a warning against expanding or escalating, not any advice
        c.dep_ == "prep" and c.lower_ == "against" and any(t.lower_ in _MOVES for t in c.subtree)
        for c in tok.children
    )
    target = (s.entity(obj, _C, _O) or org_ref(s, obj)) if obj is not None and against else None
    actor = subject_of(tok, s, _C, _O)
    if actor and target and actor != target:
        yield fired("oppose-warned", actor, target)


def _regards(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "Pakistan regards the TTP as a terrorist group"."""
    if not is_verb(tok) or negated(tok):
        return
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if obj is None and tok.dep_ == "relcl":
        obj = tok.head  # "groups Turkey regards as terrorists"
    as_ = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "as"), None)
    if obj is None or as_ is None or not any(t.lower_ in _HOSTILE for t in as_.subtree):
        return
    target = s.entity(obj, _C, _O)
    if target is None and obj.lower_ in ("groups", "organisations", "organizations"):
        # "..., chief among them the PKK" / "..., including the PKK"
        named = [
            m.entity
            for m in s.mentions(_O)
            if m.tok_start > tok.i
            and any(t.lower_ in ("among", "including") for t in s.span.doc[tok.i : m.tok_start])
        ]
        target = named[0] if named else None
    actor = subject_of(tok, s, _C, _O)
    if actor and target and actor != target:
        yield fired("oppose-regards", actor, target)


def _conj_entities(s: Sentence, tok: Token) -> list[str]:
    return [e for t in (tok, *tok.conjuncts) if (e := s.entity(t, _C))]


def hostility(s: Sentence) -> Iterator[Found]:
    """OPPOSES relations of one sentence; a national force's act is also its state's
    ("the China Coast Guard fired at ..." -> China too)."""
    for finding in _hostility(s):
        yield finding
        state = s.state.forces.get(finding.source)
        if state and state != finding.target:
            yield replace(finding, source=state, confidence=finding.confidence * 0.9)
        state = s.state.forces.get(finding.target)  # "fired at U.S. Navy warships"
        if state and state != finding.source:
            yield replace(finding, target=state, confidence=finding.confidence * 0.9)


def _hostility(s: Sentence) -> Iterator[Found]:
    for tok in s.tokens:
        low = tok.lower_
        if is_noun(tok) and triggered(tok, "assault"):
            yield from _war(s, tok)
            yield from _assault(s, tok)
        elif (
            low in _OPPOSE_VERBS
            or low in _OPPOSE_NOUNS
            or (is_verb(tok) and tok.lemma_ in _OPPOSE_VERBS)
        ):
            yield from _opposes(s, tok)
        elif low in _LAUNCH:
            yield from _launch(s, tok)
        elif low in _WAR:
            yield from _war(s, tok)
        elif low in _CLASH:
            yield from _clash(s, tok)
        elif low in _EXCHANGE:
            yield from _exchange(s, tok)
        elif triggered(tok, "impose"):
            yield from _impose(s, tok)
        elif tok.lemma_ == "hold":
            yield from _accountable(s, tok)
        elif low in _REGARD:
            yield from _regards(s, tok)
        elif low in _UNITE:
            yield from _united(s, tok)
        elif low in ("warned", "warns"):
            yield from _warned(s, tok)
