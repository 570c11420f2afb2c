"""`AsyncClient` against a real uvicorn: the same answers and errors, as coroutines."""

from __future__ import annotations

import asyncio

import pytest

from api.client import AsyncClient, NotFound, RetryPolicy, Unauthorized, ValidationError
from api.schemas import DocumentWritten, Health
from graph.model import EntityDetail
from tests.api.conftest import API_KEY
from tests.api.sample import IDS


def test_async_client(live_url: str) -> None:
    async def scenario() -> None:
        async with AsyncClient(live_url, retry=RetryPolicy(retries=1, backoff=0.01)) as kg:
            assert await kg.health() == Health()
            entity = await kg.get_entity(IDS["kaz"])
            assert isinstance(entity, EntityDetail) and entity.name == "Kazakhstan"
            page = await kg.search_entities("tajikstan")
            assert page.items[0].id == IDS["tjk"]
            ids = [e.id async for e in kg.iter_entities(page_size=3)]
            assert len(ids) == len(set(ids)) and set(ids) >= set(IDS.values())
            many = await asyncio.gather(*(kg.get_entity(i) for i in IDS.values()))
            assert [e.id for e in many] == list(IDS.values())
            with pytest.raises(NotFound):
                await kg.get_entity("org:nothing")
            with pytest.raises(ValidationError):
                await kg.shortest_paths(IDS["kaz"], IDS["rus"], max_hops=7)
            with pytest.raises(Unauthorized):
                await kg.delete_document("doc:0000000000000000")

        async with AsyncClient(live_url, api_key=API_KEY) as writer:
            text = "Tajikistan hosts the 201st Military Base of Russia."
            written = await writer.add_document(text)
            assert isinstance(written, DocumentWritten) and written.status == "created"
            await writer.delete_document(written.id)
            # The change feed sees a write and its delete, under the document's id.
            text = "Uzbekistan is a member of the Collective Security Treaty Organization."
            member = await writer.add_document(text, published="2023-09-01")
            await writer.delete_document(member.id)
            mine = [c async for c in writer.iter_changes(page_size=7) if c.doc_id == member.id]
            kinds = {(c.kind, c.entity) for c in mine}
            assert {("entity_created", "country:UZB"), ("entity_removed", "country:UZB")} <= kinds
            first = await writer.changes(limit=1)
            assert len(first.changes) == 1 and first.more
            rest = [c.seq async for c in writer.iter_changes(cursor=first.cursor, page_size=2)]
            assert rest and rest[0] > first.changes[0].seq

    asyncio.run(scenario())


def test_async_client_as_of(live_url: str) -> None:
    async def scenario() -> None:
        async with AsyncClient(live_url) as kg:
            early = await kg.relations(as_of="2024-05-15", contested=False, min_sources=1)
            assert {r.type for r in early.items} == {"MEMBER_OF", "OPERATES", "LOCATED_IN"}
            graph = await kg.neighbors(IDS["kaz"], as_of="2024-05-15")
            assert {n.id for n in graph.nodes} == {IDS["kaz"], IDS["csto"]}
            paths = await kg.shortest_paths(IDS["tjk"], IDS["csto"], as_of="2024-05-15")
            assert len(paths.paths) == 1
            assert (await kg.subgraph([IDS["kaz"]], as_of="2023-01-01")).edges == []

    asyncio.run(scenario())
