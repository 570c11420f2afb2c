"""The explorer page: `GET /` serves it, `GET /static/{name}` its script and style,
`GET /static/vendor/{name}` the vendored Cytoscape.js and its layout (from npm).

The page draws the graph from the JSON API alone (`/entities`,
`/entities/{id}/neighbors`, `/relations`, `/paths`, `/analytics/centrality`,
`/documents/{id}`), so it works the same over every store. Include `router` in the
app; these routes stay out of the OpenAPI schema because they are not part of the
JSON API.
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from graph.errors import NotFound

__all__ = ["STATIC_DIR", "router"]

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
VENDOR_DIR = STATIC_DIR / "vendor"  # third-party libraries, see its README.md

# The page loads nothing from elsewhere; this keeps it that way (and makes any
# slip show up as a console error in the browser test).
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
_MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
}
# One flat folder: a plain file name, no separators, no leading dot.
_ASSET_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*")

router = APIRouter(tags=["explorer"])


def _asset(name: str, folder: Path = STATIC_DIR) -> FileResponse:
    suffix = Path(name).suffix
    path = folder / name
    # Matched against the folder's listing, never stat()ed: a name the file system
    # refuses (too long, odd bytes) is a 404 like any other unknown name.
    known = _ASSET_NAME.fullmatch(name) and suffix in _MEDIA_TYPES
    if not known or name not in {p.name for p in folder.iterdir() if p.is_file()}:
        raise NotFound(f"no static file {name[:80]!r}")
    return FileResponse(
        path,
        media_type=_MEDIA_TYPES[suffix],
        headers={"Cache-Control": "no-cache", "Content-Security-Policy": _CSP},
    )


@router.get("/", include_in_schema=False)
def explorer_page() -> FileResponse:
    """The explorer page; `/?focus=<entity id>` opens with that neighbourhood drawn."""
    return _asset("index.html")


@router.get("/static/{name}", include_in_schema=False)
def explorer_asset(name: str) -> FileResponse:
    """A file of the page (script, style); 404 for anything else."""
    return _asset(name)


@router.get("/static/vendor/{name}", include_in_schema=False)
def explorer_vendor_asset(name: str) -> FileResponse:
    """A vendored library of the page (Cytoscape.js and its layout); 404 for anything else."""
    return _asset(name, VENDOR_DIR)
