"""The documents the README and the code point to exist in the repository."""

from __future__ import annotations

import re

from tests.conftest import REPO

SOURCES = [REPO / "README.md", *sorted((REPO / "graph").rglob("*.py"))]
SOURCES += sorted((REPO / "api").rglob("*.py"))


def test_every_referenced_markdown_file_exists() -> None:
    missing = []
    for source in SOURCES:
        text = source.read_text(encoding="utf-8")
        for name in re.findall(r"[\w./-]*[A-Za-z_]\.md\b", text):
            if name.startswith(("http", "//")):
                continue
            if not (REPO / name).exists() and not (source.parent / name).exists():
                missing.append(f"{source.relative_to(REPO)}: {name}")
    assert missing == []


def test_the_changelog_names_the_current_version() -> None:
    from api import __version__

    assert f"## {__version__}" in (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
