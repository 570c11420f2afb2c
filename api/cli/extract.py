"""`geokg extract`: print entities and relations found in text files."""

from __future__ import annotations

from api.cli.app import app


@app.command()
def extract() -> None:
    """Extract entities and relations from text files (stdin when none)."""
    raise NotImplementedError
