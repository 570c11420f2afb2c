"""`/docs` (Swagger UI) and `/redoc` (ReDoc), served from local files, never a CDN.

The Swagger UI and ReDoc bundles come from the `fastapi-offline` package (which
ships the upstream release files); the two pages and Swagger UI's start-up script
are ours, in `api/apidocs/`, so the pages need no inline script and work offline.
Asset names are looked up in a fixed table: a request never names a file path.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter
from fastapi.responses import FileResponse

from graph.errors import NotFound

__all__ = ["DOCS_CSP", "router"]

_OURS = Path(__file__).resolve().parent.parent / "apidocs"
_BUNDLES = Path(fastapi_offline.__file__).resolve().parent / "static"

# Both UIs style elements inline and ReDoc runs its search in a blob: worker.
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
_ASSETS: dict[str, tuple[Path, str]] = {
    "swagger-ui.css": (_BUNDLES / "swagger-ui.css", "text/css; charset=utf-8"),
    "swagger-ui-bundle.js": (_BUNDLES / "swagger-ui-bundle.js", "text/javascript; charset=utf-8"),
    "redoc.standalone.js": (_BUNDLES / "redoc.standalone.js", "text/javascript; charset=utf-8"),
    "favicon.png": (_BUNDLES / "favicon.png", "image/png"),
    "swagger-init.js": (_OURS / "swagger-init.js", "text/javascript; charset=utf-8"),
}

router = APIRouter(include_in_schema=False)


def _file(path: Path, media_type: str) -> FileResponse:
    return FileResponse(path, media_type=media_type, headers={"Content-Security-Policy": DOCS_CSP})


@router.get("/docs")
def swagger_ui() -> FileResponse:
    return _file(_OURS / "swagger.html", "text/html; charset=utf-8")


@router.get("/redoc")
def redoc() -> FileResponse:
    return _file(_OURS / "redoc.html", "text/html; charset=utf-8")


@router.get("/docs/assets/{name}")
def docs_asset(name: str) -> FileResponse:
    if name not in _ASSETS:
        raise NotFound(f"no docs asset {name!r}")
    return _file(*_ASSETS[name])
