"""Reading ingestion inputs: text files, JSONL files, directories and stdin.

    for item in read_sources(["articles/", "feed.jsonl", "-"]):
        if isinstance(item, Failure): print(item)         # "feed.jsonl:3: invalid JSON ..."
        else: item.document                                # a graph.model.Document

A `.txt` file is one document; a first line `# source: URL` sets its url and is not
part of the text, and a short first line followed by more text is its title. A
`.jsonl` file holds one object per line: `text`, optional `title`, `url`,
`published` (ISO 8601 date). Directories are searched recursively for both; `-`
reads stdin (JSONL when it starts with `{`, else one text). Problems are returned
as `Failure`s naming the input (`file:line` for JSONL), never raised.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.model import Document, document_id

__all__ = ["Failure", "SourceDocument", "parse_jsonl", "parse_text", "read_sources"]

STDIN = "-"
_SOURCE_PREFIX = "# source:"
_TITLE_MAX = 200


@dataclass(frozen=True)
class SourceDocument:
    origin: str  # path, path:line, or <stdin>
    document: Document


@dataclass(frozen=True)
class Failure:
    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


def _decode(raw: bytes, origin: str) -> str | Failure:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Failure(
            origin, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        )


def _make(
    origin: str, text: str, title: str | None, url: str | None, published: str | None
) -> SourceDocument | Failure:
    if not text.strip():
        return Failure(origin, "empty document (no text)")
    if published is not None:
        try:
            dt.date.fromisoformat(published[:10])
        except ValueError:
            return Failure(origin, f"`published` is not an ISO 8601 date: {published!r}")
    doc = Document(
        id=document_id(text), source=origin, title=title, url=url, published=published, text=text
    )
    return SourceDocument(origin, doc)


def parse_text(raw: bytes, origin: str) -> SourceDocument | Failure:
    """One text document; a `# source: URL` first line sets the url."""
    text = _decode(raw, origin)
    if isinstance(text, Failure):
        return text
    url = None
    first, _, rest = text.partition("\n")
    if first.lower().startswith(_SOURCE_PREFIX):
        url = first[len(_SOURCE_PREFIX) :].strip() or None
        text = rest
    head = text.strip().split("\n", 1)
    title = None
    if (
        len(head) == 2
        and len(head[0]) <= _TITLE_MAX
        and not head[0].rstrip().endswith((".", '"', "”"))
    ):
        title = head[0].strip()
    return _make(origin, text, title, url, None)


def _optional_str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is None or isinstance(value, str):
        return value or None
    raise ValueError(f"`{key}` must be a string, not {type(value).__name__}")


def parse_jsonl(raw: bytes, origin: str) -> Iterator[SourceDocument | Failure]:
    """One document per non-blank line; failures are named `origin:line`."""
    for number, line in enumerate(raw.split(b"\n"), start=1):
        where = f"{origin}:{number}"
        if not line.strip():
            continue
        text = _decode(line, where)
        if isinstance(text, Failure):
            yield text
            continue
        try:
            obj = json.loads(text)
        except ValueError as exc:
            yield Failure(where, f"invalid JSON ({exc})")
            continue
        if not isinstance(obj, dict):
            yield Failure(where, "expected a JSON object with a `text` field")
            continue
        if not isinstance(obj.get("text"), str):
            yield Failure(where, "missing `text` (a string)")
            continue
        try:
            fields = [_optional_str(obj, k) for k in ("title", "url", "published")]
        except ValueError as exc:
            yield Failure(where, str(exc))
            continue
        yield _make(where, obj["text"], *fields)


def _expand(path: Path) -> list[Path]:
    if path.is_dir():
        found = [p for p in path.rglob("*") if p.suffix in (".txt", ".jsonl") and p.is_file()]
        return sorted(found)
    return [path]


def _read_one(path: Path, raw: bytes, origin: str) -> Iterator[SourceDocument | Failure]:
    if path.suffix == ".jsonl" or (origin == "<stdin>" and raw.lstrip().startswith(b"{")):
        yield from parse_jsonl(raw, origin)
    else:
        yield parse_text(raw, origin)


def read_sources(
    paths: Sequence[str], stdin: Callable[[], bytes] | None = None
) -> Iterator[SourceDocument | Failure]:
    """Every document under `paths` in order; `-` (or no paths) reads `stdin()`."""
    read_stdin = stdin or sys.stdin.buffer.read
    for name in paths or [STDIN]:
        if name == STDIN:
            yield from _read_one(Path("stdin"), read_stdin(), "<stdin>")
            continue
        root = Path(name)
        if not root.exists():
            yield Failure(name, "no such file or directory")
            continue
        for path in _expand(root):
            try:
                raw = path.read_bytes()
            except OSError as exc:
                yield Failure(str(path), f"cannot read ({exc.strerror or exc})")
                continue
            yield from _read_one(path, raw, str(path))
