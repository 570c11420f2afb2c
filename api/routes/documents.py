"""`/documents`: list, read, add (extract + store) and delete documents."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from api.deps import ExtractorDep, StoreCallDep, StoreDep, WriteAccess
from api.errors import problem_responses
from api.routes._examples import example
from api.routes._params import (
    ID_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    DocId,
    EvidenceLimit,
    Limit,
    Offset,
)
from api.routes.relations import cap_evidence
from api.schemas import DEFAULT_EVIDENCE, DocumentIn, DocumentWritten, Page
from graph.model import Document, DocumentDetail, DocumentSummary, document_id

__all__ = ["router"]

router = APIRouter(tags=["documents"])


@router.get(
    "/documents",
    response_model=Page[DocumentSummary],
    responses={**READ_ERRORS, **example("document_page")},
)
async def list_documents(
    store: StoreDep, run: StoreCallDep, limit: Limit = 50, offset: Offset = 0
) -> Page[DocumentSummary]:
    """Stored documents with their entity and relation counts."""
    found = await run(store.documents, limit + 1, offset)
    return Page[DocumentSummary].of(found, limit, offset)


@router.get(
    "/documents/{doc_id}",
    response_model=DocumentDetail,
    responses={**ID_ERRORS, **example("document")},
)
async def get_document(
    store: StoreDep,
    run: StoreCallDep,
    doc_id: DocId,
    evidence_limit: EvidenceLimit = DEFAULT_EVIDENCE,
) -> DocumentDetail:
    """One document with the entities it names and the relations it supports."""
    found = await run(store.get_document, doc_id)
    return found.model_copy(update={"relations": cap_evidence(found.relations, evidence_limit)})


@router.post(
    "/documents",
    status_code=status.HTTP_201_CREATED,
    response_model=DocumentWritten,
    dependencies=[WriteAccess],
    responses={
        200: {"model": DocumentWritten, "description": "Updated or unchanged"},
        **WRITE_ERRORS,
    },
)
def add_document(
    body: DocumentIn, store: StoreDep, extractor: ExtractorDep, response: Response
) -> DocumentWritten:
    """Extract entities and relations from the text and store them; idempotent by content.

    Answers 201 when the document is new, 200 when it was updated or unchanged.
    """
    doc = Document(
        id=document_id(body.text),
        source=body.url,
        title=body.title,
        url=body.url,
        published=body.published.isoformat() if body.published else None,
        publisher=body.publisher,
        text=body.text,
    )
    extraction = extractor.extract(doc)
    result = store.upsert(extraction)
    if result.status != "created":
        response.status_code = status.HTTP_200_OK
    return DocumentWritten.from_upsert(result, len(extraction.entities), len(extraction.relations))


@router.delete(
    "/documents/{doc_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[WriteAccess],
    responses=problem_responses(401, 403, 404, 422, 503),
)
def delete_document(store: StoreDep, doc_id: DocId) -> Response:
    """Remove the document, its evidence, and relations or entities left without any."""
    store.delete_document(doc_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
