"""`/health` (the process answers) and `/ready` (the store answers too)."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from api.deps import SettingsDep, StoreHolderDep
from api.schemas import Health, Ready
from graph.errors import StoreError

__all__ = ["router"]

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
async def health() -> Health:
    """Always `ok` while the process runs; cheap enough for liveness probes."""
    return Health()


@router.get(
    "/ready",
    response_model=Ready,
    responses={503: {"model": Ready, "description": "The store is not reachable"}},
)
def ready(response: Response, settings: SettingsDep, holder: StoreHolderDep) -> Ready:
    """Whether the store answers; 503 with `ready: false` when it does not."""
    try:
        ok, detail = holder.get().ping(), None
    except StoreError as exc:
        ok, detail = False, str(exc) or type(exc).__name__
    if not ok:
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    return Ready(ready=ok, store=settings.store, detail=detail)
