"""DEPLOYED_TO: troops, units and presences sent to or kept in a country or at a base.

- `deploy-verb`:         "the CSTO sent troops to Kazakhstan", "Russia deployed jets to Belarus",
                         "Moscow deployed the 49th Army ... to Belarus"
- `deploy-troops-in`:    "Russian troops (arrived|are stationed|crossed) in(to) Kazakhstan", "US
                         forces in Syria", "US service members are stationed in Japan", "keeps a
                         military presence in A, B and C", "X, where Iranian advisers are present"
- `deploy-group`:        "Wagner has operated in Mali" (an armed group or force of the gazetteer)
- `deploy-arrived`:      "Belarusian detachments arrived" -> the country the previous two
                         sentences placed events in (lower confidence)
- `deploy-verb-context`: "sent troops to one of its members" -> the member earlier sentences
                         placed events in (lower confidence)
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.extract.gazetteer import LABEL_CAPITAL, LABEL_COUNTRY, capital_state
from graph.extract.lexicon import MILITARY_NOUNS
from graph.extract.places import city_country
from graph.extract.raw import RawMention
from graph.extract.rules.base import Found, Sentence, negated, subject_of, words
from graph.extract.rules.endings import unreal
from graph.extract.rules.registry import fired
from graph.extract.tags import is_noun, is_propn, is_verb
from graph.extract.triggers import triggered
from graph.model import EntityType

__all__ = ["base_state", "city_country_at", "deployments", "places_of", "with_base_states"]

_C, _O, _B = EntityType.COUNTRY, EntityType.ORGANISATION, EntityType.MILITARY_BASE
_KEEP = frozenset({"has", "have", "had", "keeps", "keep", "kept", "maintains", "maintain"})
_ARRIVE = words(
    "arrived landed entered deployed stationed remain remained rotating based operating "
    "present positioned operated crossed rotated"
)
_QUANTITIES = frozenset({"hundreds", "thousands", "dozens", "tens", "scores", "some", "many"})
_VAGUE = frozenset(
    {"one", "country", "republic", "nation", "state", "ally", "neighbour", "neighbor"}
)
_ARMED = words("service military troop naval army armed")
_ARMED_KINDS = frozenset({"militant", "armed_forces", "pmc"})
_CREW = words("fighters members mercenaries militants units")
_GROUP_VERBS = words("operated operates operating deployed stationed")
_UNITS = words("army fleet corps brigade division regiment")
_BASED = words("base headquarter fly operate garrison")
_HOLDERS = words("presence deployment rotation number contingent garrison")
_NEAR = frozenset({"near", "along", "close", "across", "from", "outside"})


def places_of(s: Sentence, tok: Token, *types: EntityType, adjectives: bool = True) -> list[str]:
    """Entities under `tok`'s in/to/at phrases, skipping near/along/border and clauses."""
    found: list[str] = []
    for prep in tok.children:
        if prep.dep_ != "prep" or prep.lower_ not in (
            "in",
            "to",
            "into",
            "at",
            "inside",
            "through",
        ):
            continue
        allowed = (_B,) if prep.lower_ == "at" else types  # "fired at a boat" is no location
        stack = list(prep.children)
        while stack:
            t = stack.pop()
            if t.lower_ in _NEAR or t.lower_ in ("border", "borders", "frontier"):
                continue
            if t.dep_ in ("acl", "relcl"):
                continue
            mm = s.mention(t)
            if (
                mm is not None
                and mm.type in allowed
                and mm.entity
                and (adjectives or not mm.adjective)
            ) and mm.entity not in found:
                found.append(mm.entity)
            elif mm is None and _C in allowed and (country := city_country_at(s, t)):
                found.append(country)  # "stationed in Rota": the city's country
            elif mm is None and _C in allowed and t.head == prep and (country := capital_state(t)):
                found.append(country)  # "the 201st base in Dushanbe": the capital's state
            stack.extend(t.children)
    return found


def base_state(s: Sentence, m: RawMention) -> str | None:
    """The state a base's own name places it in: a country or a capital after its first word
    ("Naval Support Activity–Bahrain", "the Niamey air base"; a leading "Russian" is the
    operator, never the place)."""
    if m.extra.get("operator"):
        return None
    doc = s.span.doc
    for t in doc[m.tok_start : m.tok_end]:
        if t.i == m.tok_start and t.ent_type_ != LABEL_CAPITAL:
            continue
        if t.ent_type_ in (LABEL_COUNTRY, LABEL_CAPITAL) and t.ent_id_.startswith("country:"):
            return t.ent_id_
    return None


def with_base_states(s: Sentence, places: list[str]) -> list[str]:
    """`places`, each base followed by the state its name places it in (a unit stationed at
    "the Niamey air base" is deployed to Niger too)."""
    found: list[str] = []
    for place in places:
        found.append(place)
        if place.startswith("base:"):
            m = next((x for x in s.mentions(_B) if x.entity == place), None)
            state = base_state(s, m) if m is not None else None
            if state and state in s.state.country_counts:
                found.append(state)
    return list(dict.fromkeys(found))


def city_country_at(s: Sentence, tok: Token) -> str | None:
    """The country of the city a statistical place name starting at `tok` names."""
    if tok.ent_iob_ != "B" or tok.ent_type_ not in ("GPE", "LOC"):
        return None
    end = tok.i + 1
    while end < len(tok.doc) and tok.doc[end].ent_iob_ == "I":
        end += 1
    country = city_country(tok.doc[tok.i : end].text, s.state.country_counts)
    return country if country in s.state.country_counts else None


def _deploy_verbs(s: Sentence, tok: Token) -> Iterator[Found]:
    obj = _quantity_of(next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None))
    unit = obj is not None and obj.lower_ in _UNITS and s.entity(obj, _O) is not None
    if obj is None or not (unit or any(_military(t) for t in (obj, *obj.conjuncts))):
        return
    # "Moscow deployed the 49th Army to Belarus": the state that sends its unit
    actor = (subject_of(tok, s, _C) if unit else None) or (
        s.modifier(obj, _C, _O) or subject_of(tok, s, _C, _O)
    )
    if triggered(obj, "hardware") and triggered(tok, "transfer"):
        return  # "delivered missiles to Ukraine": security assistance, not a deployment
    rule = "deploy-verb"
    if actor is None and _subjectless(tok):
        # a fact sheet's "Stationing two squadrons in the United Kingdom": the publisher's state
        actor, rule = s.state.voice, "deploy-voice"
    if actor is None:
        return
    places = places_of(s, tok, _C, _B) + [  # "squadrons of F-35 aircraft in the UK"
        p for t in obj.subtree if t.dep_ != "relcl" for p in places_of(s, t, _C, _B)
    ]
    home = _home(s, actor)
    for place in dict.fromkeys(p for p in with_base_states(s, places) if p != home):
        s.state.deploy_targets.append((s.index, place))
        yield fired(rule, actor, place)
    if not places and _vague_destination(tok):
        members = s.state.members.get(actor) if _of_its_members(tok) else None
        theatre = s.state.theatre(s.index, actor, among=members) if members else None
        theatre = theatre or _vague_place(s, tok, actor) or s.state.theatre(s.index, actor)
        if theatre:
            yield fired("deploy-verb-context", actor, theatre)


def _home(s: Sentence, actor: str) -> str | None:
    """An armed force's own state ("Russia's Black Sea Fleet ... moved warships to
    Novorossiysk" is no deployment abroad)."""
    if actor.startswith("country:"):
        return actor
    home = s.state.forces.get(actor)
    for m in s.mentions(_O):
        if home is None and m.entity == actor:
            home = m.extra.get("country") or s.modifier(s.span.doc[m.tok_end - 1], _C)
    return home


def _military(tok: Token) -> bool:
    return tok.lower_ in MILITARY_NOUNS or triggered(tok, "military_unit")


def _deploy_noun(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "the deployment of NATO troops to Lithuania", "Russia's deployment of jets to Belarus"."""
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    moved = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if moved is None and not negated(tok):
        # "the 4th Brigade's deployment to Kosovo", "NATO's rotation in Poland": the unit, force
        # or alliance that is deployed (a state's "deployment" may be of anything)
        owner = s.modifier(tok, _O)
        kind = s.state.org_kinds.get(owner or "")
        if owner and (kind in _MISSION_KINDS or _is_unit(s, owner)):
            for place in _noun_places(s, tok):
                if place != _home(s, owner):
                    yield fired("deploy-noun", owner, place)
        return
    if moved is None or not _military(_quantity_of(moved) or moved) or negated(tok):
        return
    actor = s.modifier(tok, _C, _O) or s.modifier(moved, _C, _O)
    if actor is None:
        return
    for place in _noun_places(s, tok):
        if place != actor:
            yield fired("deploy-noun", actor, place)


def _noun_places(s: Sentence, tok: Token) -> list[str]:
    """Countries and bases right under a deployment noun's to/in/into/at phrases."""
    places = [
        m.entity
        for prep in tok.children
        if prep.dep_ == "prep" and prep.lower_ in ("to", "in", "into", "at")
        for obj in prep.children
        if obj.dep_ == "pobj"
        for t in (obj, *obj.conjuncts)  # "to Lithuania and Poland", not what follows
        if (m := s.mention(t)) and m.type in (_C, _B) and not m.adjective and m.entity
    ]
    return list(dict.fromkeys(places))


def _is_unit(s: Sentence, org: str) -> bool:
    """A numbered unit or a state's armed force."""
    return (
        any(m.entity == org and ("unit" in m.extra or "country" in m.extra) for m in s.mentions(_O))
        or s.state.org_kinds.get(org) == "armed_forces"
    )


def _subjectless(verb: Token) -> bool:
    """A gerund or participle opening a list item, with no subject of its own."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in verb.children):
        return False
    return verb.tag_ in ("VBG", "VBN") and verb.dep_ in ("ROOT", "conj", "csubj")


def _quantity_of(tok: Token | None) -> Token | None:
    """ "Hundreds of Wagner mercenaries" -> "mercenaries"."""
    if tok is not None and (tok.lower_ in _QUANTITIES or tok.like_num):
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                return next((c for c in prep.children if c.dep_ == "pobj"), tok)
    return tok


def _vague_destination(verb: Token) -> bool:
    """ "sent troops to one of its members": a destination named only by description."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("to", "into"):
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.lower_ in _VAGUE:
                return True
    return False


def _vague_place(s: Sentence, verb: Token, actor: str) -> str | None:
    """ "arrived in the country": the last country named before it (not the actor)."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "to", "into"):
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.lower_ in ("country", "republic", "nation"):
                before = [
                    m.entity
                    for m in s.mentions(_C)
                    if m.tok_end <= obj.i and m.entity != actor and not m.adjective
                ]
                if before:
                    return before[-1]
                recent = [c for c in s.state.recent(s.state.countries, s.index, 2) if c != actor]
                return recent[0] if recent else None
    return None


def _of_its_members(verb: Token) -> bool:
    """ "sent troops to one of its members"."""
    return any(t.lower_ in ("members", "member") for t in verb.subtree)


def _our(s: Sentence, tok: Token) -> str | None:
    """ "our troops", "our military presence": the state the publisher speaks for."""
    if any(c.dep_ == "poss" and c.lower_ == "our" for c in tok.children):
        return s.state.voice
    return None


def _troops(s: Sentence, tok: Token) -> Iterator[Found]:
    """A military noun with a country modifier, placed in a country or base."""
    senders = [  # "troops from Kenya in Somalia", "troops from France, Germany and Italy"
        e
        for p in tok.children
        if p.dep_ == "prep" and p.lower_ == "from"
        for e in s.in_subtree(p, _C, skip=("prep", "relcl", "acl"))
    ]
    actor = s.modifier(tok, _C, _O) or _our(s, tok) or (senders[0] if senders else None)
    if actor is None and tok.dep_ == "dobj" and tok.head.lower_ in _KEEP:
        keeper = subject_of(tok.head, s, _C, _O)  # "Turkey has troops stationed in Syria"
        if keeper is None or negated(tok.head):
            return
        inner = [o for p in tok.children if p.lower_ == "of" for o in p.children]
        places = (
            places_of(s, tok, _C, _B)
            + places_of(s, tok.head, _C, _B)
            + [p for c in tok.children if c.dep_ == "acl" for p in places_of(s, c, _C, _B)]
            + [p for o in inner for p in places_of(s, o, _C, _B)]  # "a contingent of troops in X"
        )
        for place in places:
            yield fired("deploy-troops-in", keeper, place)
        return
    if actor is None:
        return
    places = places_of(s, tok, _C, _B) + [
        p
        for c in tok.children
        if c.dep_ == "acl" and c.lower_ in _ARRIVE
        for p in places_of(s, c, _C, _B)
    ]
    subj = tok.head if tok.dep_ == "conj" else tok  # "Iranian advisers and Hezbollah fighters"
    verb = subj.head if subj.dep_ in ("nsubj", "nsubjpass") else None
    if verb is not None and not places and not negated(verb):
        places = places_of(s, verb, _C, _B) or _where(s, verb)
        arrival = verb.lower_ in _ARRIVE or (
            verb.lower_ in ("were", "was", "are")
            and any(c.lower_ == "ground" for c in verb.subtree)
        )
        vague = tok.lower_ not in ("team", "teams")  # "our teams will remain": negotiators too
        if not places and arrival and vague and not any(c.lower_ == "where" for c in verb.children):
            theatre = _vague_place(s, verb, actor) or s.state.theatre(s.index, actor)
            if theatre:
                yield fired("deploy-arrived", actor, theatre)
            return
    holder = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "of" else None
    if not places and holder is not None and holder.lower_ in _HOLDERS:
        places = places_of(s, holder, _C, _B)  # "the presence of 10,000 U.S. troops in Poland"
    if not places and tok.dep_ == "pobj" and is_verb(tok.head.head) and not negated(tok.head):
        # "handed over to U.S. forces at Bagram Air Base": the base the clause puts them at
        places = places_of(s, tok.head.head, _B)[:1]
    moved_by = (
        verb if verb is not None else next((c for c in tok.children if c.dep_ == "acl"), None)
    )
    if triggered(tok, "hardware") and moved_by is not None and triggered(moved_by, "transfer"):
        return  # "Iranian drones going to Russia": a transfer of arms, not a deployment
    others = senders[1:] if senders and actor == senders[0] else []  # every listed sender
    for place in with_base_states(s, places) + (_share_of_them(s, actor) if places else []):
        for sender in (actor, *others):
            if sender != place:
                yield fired("deploy-troops-in", sender, place)


def _share_of_them(s: Sentence, actor: str) -> list[str]:
    """ "..., many of them at Camp Humphreys": where part of the troops just placed are."""
    found = []
    for tok in s.tokens:
        if tok.lower_ in _QUANTITIES or tok.lower_ in ("most", "half", "all"):
            of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            if of is not None and any(c.lower_ == "them" for c in of.children):
                found += [p for p in places_of(s, tok, _C, _B) if p != actor]
    return found


def _where(s: Sentence, verb: Token) -> list[str]:
    """ "<base or country>, ..., where troops are stationed": the place the clause hangs on."""
    if verb.dep_ != "relcl" or not any(c.lower_ == "where" for c in verb.children):
        return []
    tok = verb.head
    for _ in range(6):
        ent = s.entity(tok, _C, _B)
        if ent:
            return [ent]
        if tok.head == tok:
            break
        tok = tok.head
    return []


def _military_phrase(tok: Token) -> bool:
    """ "service members", "military personnel", "a military presence"."""
    if tok.lower_ not in ("members", "personnel", "presence", "contingent", "guards", "garrison"):
        return False
    if tok.lower_ in ("presence", "garrison") and any(
        p.lower_ == "at" and any(t.ent_type_ or t.is_title for t in p.subtree) for p in tok.children
    ):
        return True  # "the Turkish presence at X Air Base": only a base takes "at"
    armed = _ARMED | {"border"} if tok.lower_ == "guards" else _ARMED  # "Russian border guards"
    return any(c.lower_ in armed for c in tok.children if c.dep_ in ("compound", "amod"))


def _armed_group(s: Sentence, verb: Token) -> Iterator[Found]:
    """ "Wagner has operated in Mali", "Hezbollah deployed in Syria": an armed group in a place."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None and verb.dep_ == "acl":
        subj = verb.head  # "the Africa Corps, which absorbed ..., deployed to Burkina Faso"
    group = s.entity(subj, _O) if subj is not None else None
    if (
        group is None
        and subj is not None
        and (subj.lower_ in MILITARY_NOUNS or subj.lower_ in _CREW)
    ):
        # "Fighters of the Wagner Group have operated in Mali"
        of = next((c for c in subj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        group = s.entity(obj, _O) if obj is not None else None
    if group is None or s.state.org_kinds.get(group) not in _ARMED_KINDS or negated(verb):
        return
    if any(c.lower_ in ("will", "would", "may", "might", "could") for c in verb.children):
        return
    for place in places_of(s, verb, _C, _B, adjectives=False):
        yield fired("deploy-group", group, place)


_MISSIONS = words("mission missions operation operations battlegroup battlegroups group groups")
_MISSION_KINDS = frozenset({"alliance", "armed_forces"})
_ARMED_MISSION = words("military combat peacekeeping training naval air security battle")


def _owner_in_name(s: Sentence, tok: Token) -> str | None:
    """The state or organisation opening a named mission or force: "NATO's Resolute Support
    Mission", "the NATO Forward Land Force Battlegroup" (through the name's compounds)."""
    stack = [c for c in tok.children if c.dep_ in ("compound", "poss", "nmod", "amod")]
    while stack:
        t = stack.pop()
        ent = s.entity(t, _C, _O)
        if ent:
            return ent
        stack.extend(c for c in t.children if c.dep_ in ("compound", "poss", "nmod", "amod"))
    return None


def _missions(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "NATO's Resolute Support Mission in Afghanistan", "NATO missions and operations in the
    Balkans and Iraq", "NATO's battle groups in Poland": an alliance's or armed force's
    mission placed in a country (a state's only when the mission is a military one)."""
    head, owner = tok, _owner_in_name(s, tok)
    if owner is None and tok.dep_ == "conj" and tok.head.lower_ in _MISSIONS - {"group", "groups"}:
        head = tok.head  # "NATO missions and operations in Iraq"
        owner = _owner_in_name(s, head)
    armed = any(c.lower_ in _ARMED_MISSION for c in head.subtree if c.i < head.i)
    armed = armed or tok.lower_ in ("battlegroup", "battlegroups")
    if tok.lower_ in ("group", "groups"):  # "battle groups", not any group
        armed = armed and any(c.lower_ == "battle" for c in head.children)
        if not armed:
            return
    rule = "deploy-mission"
    if owner is None and armed and tok.lower_ in ("group", "groups", "battlegroup", "battlegroups"):
        # "four new battle groups in Slovakia": the alliance the text is about
        owner = s.state.last_org(s.index, window=8, kind="alliance")
        if owner is None or s.state.org_kinds.get(owner) != "alliance":
            return
        rule = "deploy-mission-context"
    if owner is None or negated(tok):
        return
    kind = s.state.org_kinds.get(owner)
    if not (
        kind in _MISSION_KINDS or (armed and (kind is not None or owner.startswith("country:")))
    ):
        return
    for place in places_of(s, tok, _C, adjectives=False):
        if place != owner:
            yield fired(rule, owner, place)


_HOST = words("hosts hosted host")
_HOSTED = words("base bases facility facilities garrison")


def _hosts(s: Sentence, verb: Token) -> Iterator[Found]:
    """ "Djibouti hosts American troops", "the country reluctantly hosts a large Russian naval
    base" (the country: the last other one named): the guests' state is deployed there."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if subj is None or obj is None or negated(verb):
        return
    for t in (obj, *obj.conjuncts):
        force = s.entity(t, _O)
        if force is not None and force not in s.state.forces:
            force = None  # "hosts U.S. Naval Forces Central Command": a national force
        if force is None and not (_military(t) or _military_phrase(t) or t.lower_ in _HOSTED):
            continue
        owner = force or s.modifier(t, _C)
        if owner is None:
            continue
        host = s.entity(subj, _C, _B)
        if host is None and subj.tag_ == "WDT" and verb.dep_ == "relcl":
            host = s.entity(verb.head, _C, _B)  # "Bahrain, which hosts ..."
        if host is None and subj.lower_ in ("country", "nation", "republic"):
            before = [
                m.entity
                for m in s.mentions(_C)
                if m.tok_end <= subj.i and m.entity != owner and not m.adjective
            ]
            recent = [c for c in s.state.recent(s.state.countries, s.index, 2) if c != owner]
            host = before[-1] if before else (recent[0] if recent else None)
        if host and host != owner:
            yield fired("deploy-hosted", owner, host)


def _based(s: Sentence, verb: Token) -> Iterator[Found]:
    """ "the 380th Wing flies from Al Dhafra Air Base", "the Fifth Fleet is headquartered at
    NSA Bahrain", "the battalion is based in Estonia": a unit or national force where it is
    based (a place it flies or operates from must be a base)."""
    if negated(verb) or unreal(verb):
        return
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    mention = s.mention(subj) if subj is not None else None
    if mention is None or mention.type is not _O or not mention.entity:
        return
    unit = mention.extra.get("unit") or mention.entity in s.state.forces
    if not unit:
        return
    places = places_of(s, verb, _C, _B)
    if verb.lemma_ in ("fly", "operate"):
        places = [
            p
            for prep in verb.children
            if prep.dep_ == "prep" and prep.lower_ in ("from", "out")
            for p in s.in_subtree(prep, _B)
        ]
    home = _home(s, mention.entity)
    for place in with_base_states(s, places):
        if place != home:
            yield fired("deploy-based", mention.entity, place)


def deployments(s: Sentence) -> Iterator[Found]:
    """DEPLOYED_TO relations of one sentence."""
    for tok in s.tokens:
        low = tok.lower_
        if tok.lemma_ in _BASED and is_verb(tok):
            yield from _based(s, tok)
        if low in _HOST:
            yield from _hosts(s, tok)
        if low in _MISSIONS and (is_noun(tok) or is_propn(tok)):
            yield from _missions(s, tok)
        if low in _GROUP_VERBS and is_verb(tok):
            yield from _armed_group(s, tok)
        if triggered(tok, "deploy") and is_verb(tok) and not negated(tok):
            yield from _deploy_verbs(s, tok)
        elif is_noun(tok) and triggered(tok, "deployment"):
            yield from _deploy_noun(s, tok)
        elif is_noun(tok) and (_military(tok) or _military_phrase(tok)):
            yield from _troops(s, tok)
