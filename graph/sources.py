"""Reading ingestion inputs: text files, JSONL files, directories and stdin.

    for item in read_sources(["articles/", "feed.jsonl", "-"]):
        if isinstance(item, Failure): print(item)         # "feed.jsonl:3: invalid JSON ..."
        else: item.document                                # a graph.model.Document

A `.txt` file is one document; header lines at its top, `# source: URL`,
`# published: YYYY-MM-DD` and `# publisher: NAME` (any of them, in any order), set
those fields and are not part of the text, and a short first line followed by more
text is its title. A `.jsonl` file (or gzipped `.jsonl.gz`, both read line by line)
holds one object per line: `text`, optional `title`, `url`, `published` (ISO 8601
date) and `publisher` (or `source`). Directories are searched recursively for all
three; `-` reads stdin (JSONL when it starts with `{`, else one text). Problems are returned
as `Failure`s naming the input (`file:line` for JSONL), never raised.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sys
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.model import Document, document_id

__all__ = [
    "Failure",
    "SourceDocument",
    "expand",
    "parse_jsonl",
    "parse_jsonl_line",
    "parse_text",
    "read_sources",
    "stream_jsonl",
]

STDIN = "-"
_HEADERS = {"source", "published", "publisher"}  # `# key: value` lines atop a .txt
_TITLE_MAX = 200
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")


@dataclass(frozen=True)
class SourceDocument:
    origin: str  # path, path:line, or <stdin>
    document: Document
    size: int = 0  # bytes of input it was read from (progress goes by them)


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
    origin: str,
    text: str,
    title: str | None,
    url: str | None,
    published: str | None,
    publisher: str | None = None,
    size: int = 0,
) -> SourceDocument | Failure:
    if not text.strip():
        return Failure(origin, "empty document (no text)")
    if published is not None:
        try:
            dt.date.fromisoformat(published[:10])
        except ValueError:
            return Failure(origin, f"`published` is not an ISO 8601 date: {published!r}")
    doc = Document(
        id=document_id(text),
        source=origin,
        title=title,
        url=url,
        published=published,
        publisher=publisher,
        text=text,
    )
    return SourceDocument(origin, doc, size)


def parse_text(raw: bytes, origin: str) -> SourceDocument | Failure:
    """One text document; `# source:`, `# published:` and `# publisher:` header lines
    at the top set the url, date and publisher."""
    text = _decode(raw, origin)
    if isinstance(text, Failure):
        return text
    headers: dict[str, str] = {}
    while text.startswith("#"):
        first, _, rest = text.partition("\n")
        key, colon, value = first[1:].partition(":")
        if not colon or key.strip().lower() not in _HEADERS:
            break
        headers[key.strip().lower()] = value.strip()
        text = rest
    head = text.strip().split("\n", 1)
    title = None
    if (
        len(head) == 2
        and len(head[0]) <= _TITLE_MAX
        and not head[0].rstrip().endswith((".", '"', "”"))
    ):
        title = head[0].strip()
    return _make(
        origin,
        text,
        title,
        headers.get("source") or None,
        headers.get("published") or None,
        headers.get("publisher") or None,
        len(raw),
    )


def _optional_str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is None or isinstance(value, str):
        return value or None
    raise ValueError(f"`{key}` must be a string, not {type(value).__name__}")


def parse_jsonl_line(line: bytes, where: str) -> SourceDocument | Failure | None:
    """One JSONL line (`where` is `file:line`); None for a blank line."""
    if not line.strip():
        return None
    text = _decode(line, where)
    if isinstance(text, Failure):
        return text
    try:
        obj = json.loads(text)
    except ValueError as exc:
        return Failure(where, f"invalid JSON ({exc})")
    if not isinstance(obj, dict):
        return Failure(where, "expected a JSON object with a `text` field")
    if not isinstance(obj.get("text"), str):
        return Failure(where, "missing `text` (a string)")
    try:
        title, url, published = (_optional_str(obj, k) for k in ("title", "url", "published"))
        publisher = _optional_str(obj, "publisher") or _optional_str(obj, "source")
    except ValueError as exc:
        return Failure(where, str(exc))
    return _make(where, obj["text"], title, url, published, publisher, len(line))


def parse_jsonl(raw: bytes, origin: str) -> Iterator[SourceDocument | Failure]:
    """One document per non-blank line; failures are named `origin:line`."""
    for number, line in enumerate(raw.split(b"\n"), start=1):
        item = parse_jsonl_line(line, f"{origin}:{number}")
        if item is not None:
            yield item


def is_jsonl(path: Path) -> bool:
    return path.name.endswith(JSONL_SUFFIXES)


def stream_jsonl(path: Path) -> Iterator[SourceDocument | Failure]:
    """A `.jsonl` or gzipped `.jsonl.gz` file line by line: memory stays one line deep."""
    origin, number = str(path), 0
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:
            for number, line in enumerate(fh, start=1):
                item = parse_jsonl_line(line, f"{origin}:{number}")
                if item is not None:
                    yield item
    except (OSError, EOFError, zlib.error) as exc:  # unreadable, or a truncated/corrupt gzip
        where = f"{origin}:{number + 1}" if number else origin
        yield Failure(where, f"cannot read ({getattr(exc, 'strerror', None) or exc})")


def expand(path: Path) -> list[Path]:
    """The input files a path names: itself, or a directory's inputs, sorted."""
    if path.is_dir():
        found = [p for p in path.rglob("*") if (p.suffix == ".txt" or is_jsonl(p)) and p.is_file()]
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
        for path in expand(root):
            if is_jsonl(path):
                yield from stream_jsonl(path)
                continue
            try:
                raw = path.read_bytes()
            except OSError as exc:
                yield Failure(str(path), f"cannot read ({exc.strerror or exc})")
                continue
            yield from _read_one(path, raw, str(path))
