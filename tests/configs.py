"""Store configurations for tests, built the way the app builds them (from `Settings`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from api.settings import Settings
from graph.store.base import StoreConfig

__all__ = ["memory_config", "store_config"]


def store_config(**settings: Any) -> StoreConfig:
    """`Settings(**settings).store_config()`: every default comes from the settings."""
    return Settings(**settings).store_config()


def memory_config(path: str | Path) -> StoreConfig:
    return store_config(store="memory", memory_path=str(path))
