"""HTTP routes, one module per resource; each module exposes an APIRouter `router`."""
