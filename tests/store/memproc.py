"""Child processes for the memory-store tests: `python -m tests.store.memproc MODE PATH ...`.

Modes:
  ingest PATH TAG N   upsert N documents, one transaction each (they share entities across tags)
  saveloop PATH       upsert documents forever, one transaction each (killed by the test)
  ackloop PATH TAG    like saveloop, printing each document's id once its write returned
  hold PATH SECONDS   take the write lock, print "locked", hold it for SECONDS
"""

from __future__ import annotations

import itertools
import sys
import time

from graph.model import Entity, Extraction, RelationType
from graph.store.memory import MemoryStore
from tests.store.factories import COUNTRY, ORG, doc, ent, fact

CSTO = ent(ORG, "Collective Security Treaty Organization", "CSTO", key="csto")


def country(i: int) -> Entity:
    return ent(COUNTRY, f"Land {i}", key=f"L{chr(65 + i // 26 % 26)}{chr(65 + i % 26)}")


def numbered_doc(tag: str, i: int) -> Extraction:
    """Document i of a writer; entity `Land i % 10` is shared by every writer."""
    return doc(
        fact(country(i % 10), RelationType.MEMBER_OF, CSTO, f"Land {i % 10} joined ({tag} {i})."),
    )


def main(argv: list[str]) -> None:
    mode, path = argv[0], argv[1]
    if mode == "ingest":
        store = MemoryStore(path, lock_timeout=60)
        print("ready", flush=True)
        for i in range(int(argv[3])):
            store.upsert(numbered_doc(argv[2], i))
    elif mode == "saveloop":
        store = MemoryStore(path, lock_timeout=60)
        i = 0
        while True:
            store.upsert(numbered_doc("loop", i))
            i += 1
            if i == 1:
                print("saving", flush=True)
    elif mode == "ackloop":
        store = MemoryStore(path, lock_timeout=60)
        for i in itertools.count():
            print(store.upsert(numbered_doc(argv[2], i)).doc_id, flush=True)
    elif mode == "hold":
        store = MemoryStore(path)
        with store.batch():
            print("locked", flush=True)
            time.sleep(float(argv[2]))
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
