"""Relation rules: each reads one parsed sentence and yields `Found` relations.

Rules run in `RULES` order (LEADER_OF first: later rules use the person -> country map it
records). Every rule names itself in `Found.rule`, which becomes `Evidence.rule`.
"""

from __future__ import annotations

from graph.extract.rules.alliances import alliances
from graph.extract.rules.base import DocState, Found, Rule, Sentence
from graph.extract.rules.borders import borders
from graph.extract.rules.diplomacy import diplomacy
from graph.extract.rules.endings import endings
from graph.extract.rules.hostility import hostility
from graph.extract.rules.leaders import leaders
from graph.extract.rules.lists import lists
from graph.extract.rules.membership import membership
from graph.extract.rules.military import military
from graph.extract.rules.others import others
from graph.extract.rules.roles import roles
from graph.extract.rules.summits import summits
from graph.extract.rules.travel import travel
from graph.extract.rules.units import units

__all__ = ["RULES", "DocState", "Found", "Rule", "Sentence"]

RULES: tuple[Rule, ...] = (
    leaders,
    roles,
    membership,
    alliances,
    military,
    diplomacy,
    hostility,
    borders,
    travel,
    summits,
    lists,
    others,
    units,
    endings,
)
