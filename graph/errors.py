"""The exceptions of the `graph` package; the API translates them to HTTP statuses."""

from __future__ import annotations

__all__ = [
    "ExtractionError",
    "GeoKGError",
    "InputDecodeError",
    "NotFound",
    "StoreCorrupt",
    "StoreError",
    "StoreLocked",
    "StoreUnavailable",
]


class GeoKGError(Exception):
    """Base class of every error geokg raises on purpose."""


class ExtractionError(GeoKGError):
    """Text could not be turned into an extraction."""


class InputDecodeError(ExtractionError):
    """Input bytes are not UTF-8; the message names the source."""


class StoreError(GeoKGError):
    """A store could not do what was asked."""


class NotFound(StoreError):
    """An entity or document id the store does not hold."""


class StoreUnavailable(StoreError):
    """The store cannot be reached (server down, connection refused)."""


class StoreLocked(StoreError):
    """Another process holds the embedded store's file."""


class StoreCorrupt(StoreError):
    """The embedded store's file cannot be read; it is left untouched."""
