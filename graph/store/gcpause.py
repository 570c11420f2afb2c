"""Pausing Python's cyclic garbage collector while a store builds a large structure."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic GC passes inside the block, which allocates many objects that all stay
    alive (each pass would only walk them: it doubled the time of building an index over
    a large graph), and what it built frozen after (`gc.freeze`, as the embedded store
    does after loading and after each write), so later passes do not walk it either."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
