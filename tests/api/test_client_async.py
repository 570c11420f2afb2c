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

    asyncio.run(scenario())
