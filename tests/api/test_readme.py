"""The README's examples run as written: the Python client block against a live server,
and type-checked with mypy (strict), so the example a user copies works."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from graph.extract import Extractor
from tests.api.conftest import API_KEY, serve_sample
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)


def test_the_client_example_runs(
    tmp_path_factory: pytest.TempPathFactory,
    extractor: Extractor,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (block,) = [b for b in _python_blocks() if "from api.client import" in b]
    with serve_sample(tmp_path_factory, extractor) as url:  # its own: the example writes
        code = block.replace("http://127.0.0.1:8000", url).replace("dev-key", API_KEY)
        exec(compile(code, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "MEMBER_OF" in out and "404 Not Found: no entity with id 'country:XXX'" in out


def test_the_client_example_passes_mypy(tmp_path: Path) -> None:
    (block,) = [b for b in _python_blocks() if "from api.client import" in b]
    example = tmp_path / "readme_example.py"
    example.write_text(block, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(example)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
