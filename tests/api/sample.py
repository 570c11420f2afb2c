"""A small hand-built graph (no spaCy) that the read tests query over every store."""

from __future__ import annotations

from graph.model import Extraction, RelationType
from tests.store.factories import BASE, COUNTRY, ORG, PERSON, doc, ent, fact

__all__ = ["IDS", "sample_extractions"]

KAZ = ent(COUNTRY, "Kazakhstan", "Kazakh", key="KAZ")
RUS = ent(COUNTRY, "Russia", "Russian", key="RUS")
TJK = ent(COUNTRY, "Tajikistan", key="TJK")
CSTO = ent(ORG, "Collective Security Treaty Organization", "CSTO", key="csto")
BASE_201 = ent(BASE, "201st Military Base")
PUTIN = ent(PERSON, "Vladimir Putin", "Putin")
TOKAYEV = ent(PERSON, "Kassym-Jomart Tokayev", "Tokayev")

IDS = {
    "kaz": KAZ.id,
    "rus": RUS.id,
    "tjk": TJK.id,
    "csto": CSTO.id,
    "base": BASE_201.id,
    "putin": PUTIN.id,
    "tokayev": TOKAYEV.id,
}


def sample_extractions() -> list[Extraction]:
    """Two documents: memberships and a base; leaders, a meeting and an alliance."""
    r = RelationType
    first = doc(
        fact(KAZ, r.MEMBER_OF, CSTO, "Kazakhstan is a key member of the CSTO.", confidence=0.9),
        fact(RUS, r.MEMBER_OF, CSTO, "Russia leads the CSTO as a member.", confidence=0.9),
        fact(RUS, r.OPERATES, BASE_201, "Russia runs the 201st Military Base.", confidence=0.8),
        fact(BASE_201, r.LOCATED_IN, TJK, "The 201st Military Base is in Tajikistan."),
        url="https://example.org/news/csto",
        title="CSTO members",
        published="2024-05-02",
    )
    second = doc(
        fact(
            PUTIN,
            r.LEADER_OF,
            RUS,
            "Russian President Vladimir Putin spoke.",
            confidence=0.9,
            properties={"role": "President"},
        ),
        fact(
            TOKAYEV,
            r.LEADER_OF,
            KAZ,
            "Kazakh President Tokayev replied.",
            confidence=0.9,
            properties={"role": "President"},
        ),
        fact(
            PUTIN,
            r.MET_WITH,
            TOKAYEV,
            "Putin met Tokayev in Astana.",
            confidence=0.7,
            date="2024-06-01",
        ),
        fact(RUS, r.ALLIED_WITH, KAZ, "Russia calls Kazakhstan an ally.", confidence=0.4),
        url="https://example.org/news/summit",
        title="Summit",
        published="2024-06-01",
    )
    return [first, second]
