"""POST/DELETE /documents with the real extractor, on every store."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from api.schemas import DocumentWritten
from tests.api.conftest import API_KEY
from tests.api.problems import assert_problem

KEY = {"X-API-Key": API_KEY}


def _seed_texts(seeds_dir: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]


def test_post_extracts_and_stores(empty_api: TestClient, seeds_dir: Path) -> None:
    text = _seed_texts(seeds_dir)[0]
    body = {
        "text": text,
        "title": "Seed",
        "url": "https://example.org/seed",
        "published": "2024-01-05",
    }
    response = empty_api.post("/documents", json=body, headers=KEY)
    assert response.status_code == 201, response.text
    written = DocumentWritten.model_validate(response.json())
    assert written.status == "created" and written.id.startswith("doc:")
    assert written.entity_count > 0

    detail = empty_api.get(f"/documents/{written.id}").json()
    assert detail["title"] == "Seed" and detail["url"] == "https://example.org/seed"
    assert len(detail["entities"]) == written.entity_count
    assert len(detail["relations"]) == written.relation_count
    # Every stored entity answers on its own id, and search finds it by name.
    first = detail["entities"][0]
    assert empty_api.get(f"/entities/{first['id']}").json()["name"] == first["name"]
    found = empty_api.get("/entities", params={"q": first["name"], "limit": 5}).json()["items"]
    assert first["id"] in {e["id"] for e in found}


def test_post_is_idempotent_by_content(empty_api: TestClient, seeds_dir: Path) -> None:
    text = _seed_texts(seeds_dir)[-1]
    first = empty_api.post("/documents", json={"text": text}, headers=KEY)
    again = empty_api.post("/documents", json={"text": text}, headers=KEY)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["status"] == "unchanged" and again.json()["id"] == first.json()["id"]
    stats = empty_api.get("/stats").json()
    assert stats["documents"] == 1


def test_same_url_new_text_replaces(empty_api: TestClient) -> None:
    url = "https://example.org/live-blog"
    old = empty_api.post(
        "/documents", json={"text": "Russia is a member of the CSTO.", "url": url}, headers=KEY
    ).json()
    new = empty_api.post(
        "/documents",
        json={"text": "Kazakhstan is a member of the CSTO, its officials said.", "url": url},
        headers=KEY,
    )
    assert new.status_code in (200, 201)
    assert old["id"] in new.json()["replaced"]
    ids = [d["id"] for d in empty_api.get("/documents").json()["items"]]
    assert ids == [new.json()["id"]]


def test_delete_removes_document_and_its_evidence(empty_api: TestClient, seeds_dir: Path) -> None:
    texts = _seed_texts(seeds_dir)
    ids = [empty_api.post("/documents", json={"text": t}, headers=KEY).json()["id"] for t in texts]
    before = empty_api.get("/stats").json()
    response = empty_api.delete(f"/documents/{ids[0]}", headers=KEY)
    assert response.status_code == 204 and response.content == b""
    assert_problem(empty_api.get(f"/documents/{ids[0]}"), 404)
    assert_problem(empty_api.delete(f"/documents/{ids[0]}", headers=KEY), 404)
    after = empty_api.get("/stats").json()
    assert after["documents"] == before["documents"] - 1
    assert after["evidence"] <= before["evidence"]
    relations = empty_api.get("/relations", params={"limit": 500}).json()["items"]
    assert all(ids[0] not in r["doc_ids"] for r in relations)
    assert empty_api.get(f"/documents/{ids[1]}").status_code == 200
