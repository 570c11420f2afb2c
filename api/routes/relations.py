"""`/relations`: relations with their evidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import StoreCallDep, StoreDep
from api.routes._examples import example
from api.routes._params import (
    ID_ERRORS,
    READ_ERRORS,
    AsOf,
    EvidenceLimit,
    Limit,
    MinConfidence,
    MinSources,
    Offset,
    day,
)
from api.schemas import DEFAULT_EVIDENCE, Page
from graph.errors import NotFound
from graph.model import Evidence, RelationType, StoredRelation

__all__ = ["router"]

router = APIRouter(tags=["relations"])

EndId = Annotated[str | None, Query(max_length=200, examples=["country:KAZ"])]
Contested = Annotated[
    bool | None,
    Query(
        description="`true`: only relations with evidence of their end (a withdrawal, a "
        "suspension, a resignation), whose evidence then holds both sides (`ends` marks "
        "the sentences stating the end); `false`: only relations without. Unset: both."
    ),
]


@router.get(
    "/relations",
    response_model=Page[StoredRelation],
    responses={**READ_ERRORS, **example("relation_page")},
)
async def list_relations(
    store: StoreDep,
    run: StoreCallDep,
    source: EndId = None,
    target: EndId = None,
    type: RelationType | None = None,
    min_confidence: MinConfidence = 0.0,
    limit: Limit = 50,
    offset: Offset = 0,
    evidence_limit: EvidenceLimit = DEFAULT_EVIDENCE,
    as_of: AsOf = None,
    min_sources: MinSources = 0,
    contested: Contested = None,
) -> Page[StoredRelation]:
    """Relations filtered by their ends and type, each with its first supporting sentences.

    Each relation says when it was seen (`first_seen`, `last_seen`), whether it has ended
    (`ended`: the date and the documents stating the end), whether it is `contested`, and
    how many documents each publisher gave (`sources`).
    """
    found = await run(
        store.relations,
        source,
        target,
        type,
        min_confidence,
        limit + 1,
        offset,
        as_of=day(as_of),
        min_sources=min_sources,
        contested=contested,
    )
    return Page[StoredRelation].of(cap_evidence(found, evidence_limit), limit, offset)


@router.get(
    "/relations/evidence",
    response_model=Page[Evidence],
    responses={**ID_ERRORS, **example("evidence_page")},
)
async def relation_evidence(
    store: StoreDep,
    run: StoreCallDep,
    source: Annotated[str, Query(min_length=1, max_length=200, examples=["country:KAZ"])],
    type: RelationType,
    target: Annotated[str, Query(min_length=1, max_length=200, examples=["org:csto"])],
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[Evidence]:
    """Every sentence supporting one relation, a page at a time (404 when there is none)."""
    found = await run(store.relations, source, target, type, 0.0, MAX_VARIANTS, 0)
    if not found:
        raise NotFound(f"no {type} relation between {source!r} and {target!r}")
    # Relations differing only in properties (a leader's role) share one list here.
    evidence = [e for rel in found for e in rel.evidence]
    return Page[Evidence].of(evidence[offset : offset + limit + 1], limit, offset)


# Relations of one type between the same ends differ only in their properties.
MAX_VARIANTS = 50


def cap_evidence(relations: list[StoredRelation], most: int) -> list[StoredRelation]:
    """`relations` with at most `most` evidence sentences each (`evidence_count` keeps
    the total)."""
    return [
        r if len(r.evidence) <= most else r.model_copy(update={"evidence": r.evidence[:most]})
        for r in relations
    ]
