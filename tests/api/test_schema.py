"""The OpenAPI document: complete, with examples, and honoured (schemathesis)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from api.app import create_app
from api.routes._examples import EXAMPLES
from api.schemas import (
    CentralityResult,
    DocumentIn,
    DocumentWritten,
    Health,
    Page,
    Paths,
    Ready,
)
from api.settings import Settings
from graph.extract import Extractor
from graph.model import (
    ChangePage,
    DocumentDetail,
    DocumentSummary,
    EntityDetail,
    EntitySummary,
    Evidence,
    Stats,
    StoredRelation,
    Subgraph,
)
from tests.api.conftest import API_KEY, make_settings, store_of
from tests.api.sample import sample_extractions

PROBLEM = "application/problem+json"


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if not ref:
        return schema
    name = ref.rsplit("/", 1)[-1]
    resolved: dict[str, Any] = spec["components"]["schemas"][name]
    return resolved


def test_every_operation_documents_answers_and_examples(sample_api: TestClient) -> None:
    spec = sample_api.get("/openapi.json").json()
    operations = [
        (path, method, op)
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
        if not path.startswith("/static") and path != "/"
    ]
    assert len(operations) >= 14
    for path, method, op in operations:
        where = f"{method.upper()} {path}"
        assert op.get("description"), where
        ok = [s for s in op["responses"] if s.startswith("2")]
        assert ok, where
        for status in ok:
            media = op["responses"][status].get("content", {}).get("application/json")
            if status == "204":
                continue
            assert media and "schema" in media, where
            has_example = "example" in media or "examples" in _resolve(spec, media["schema"])
            assert has_example, f"{where} {status} has no example"
        for status, answer in op["responses"].items():
            if status.startswith(("4", "5")) and not (path == "/ready" and status == "503"):
                assert list(answer["content"]) == [PROBLEM], f"{where} {status}"


@pytest.fixture(scope="module")
def api_schema(
    request: pytest.FixtureRequest, extractor: Extractor
) -> Iterator[schemathesis.schemas.BaseSchema]:
    app = create_app(make_settings("memory", request), extractor=extractor)
    with TestClient(app):
        store = store_of(app)
        for extraction in sample_extractions():
            store.upsert(extraction)
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


def _operation_labels() -> list[str]:
    spec = create_app(Settings()).openapi()  # no lifespan: nothing opens
    return [f"{method.upper()} {path}" for path, ops in spec["paths"].items() for method in ops]


# Driven through hypothesis directly: schemathesis' pytest fixture loader does not
# work with pytest 9.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("label", _operation_labels())
def test_api_honours_its_schema(
    api_schema: schemathesis.schemas.BaseSchema, label: str, mode: GenerationMode
) -> None:
    """No 5xx; every answer matches its documented status, media type and schema."""
    operation = api_schema.find_operation_by_label(label)
    assert operation is not None

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=8,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def check(case: schemathesis.Case[Any]) -> None:
        case.call_and_validate(headers={"X-API-Key": API_KEY})

    try:
        check()
    except Unsatisfiable:
        assert mode is GenerationMode.NEGATIVE  # nothing invalid to send (no constraints)


EXAMPLE_MODELS: dict[str, Any] = {
    "entity_page": Page[EntitySummary],
    "entity": EntityDetail,
    "subgraph": Subgraph,
    "relation_page": Page[StoredRelation],
    "evidence_page": Page[Evidence],
    "paths": Paths,
    "document_page": Page[DocumentSummary],
    "document": DocumentDetail,
    "stats": Stats,
    "changes": ChangePage,
}


def test_examples_are_valid_answers() -> None:
    assert set(EXAMPLE_MODELS) == set(EXAMPLES)
    for name, model in EXAMPLE_MODELS.items():
        model.model_validate(EXAMPLES[name])
    for model in (DocumentIn, DocumentWritten, CentralityResult, Health, Ready):
        examples = model.model_json_schema()["examples"]
        assert examples, model
        for example in examples:
            model.model_validate(example)
