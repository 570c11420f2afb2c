"""docker-compose.yml and the Dockerfile, checked by parsing (no Docker engine runs here)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from api.settings import Settings

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    assert isinstance(data, dict)
    return data


def environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):  # the KEY=value list form
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


def test_neo4j_service(compose: dict[str, Any]) -> None:
    neo4j = compose["services"]["neo4j"]
    image = neo4j["image"]
    assert re.fullmatch(r"neo4j:5([.\d]*)?(-community)?", image), image
    published = {str(p).split(":")[-1] for p in neo4j["ports"]}
    assert {"7474", "7687"} <= published
    auth = environment(neo4j)["NEO4J_AUTH"]
    assert "${" in auth and "/" in auth  # user/password from the environment, not literal
    volumes = [str(v) for v in neo4j["volumes"]]
    data_volume = next(v.split(":")[0] for v in volumes if v.endswith(":/data"))
    assert data_volume in compose["volumes"]
    health = neo4j["healthcheck"]
    assert health["test"] and health["interval"] and int(health["retries"]) >= 3


def test_api_service_waits_for_healthy_neo4j(compose: dict[str, Any]) -> None:
    api = compose["services"]["api"]
    assert api["build"] in (".", {"context": "."})
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    env = environment(api)
    assert env["GEOKG_HOST"] == "0.0.0.0"
    assert env["GEOKG_STORE"] == "neo4j"
    assert env["GEOKG_NEO4J_URI"] == "bolt://neo4j:7687"
    assert "${" in env["GEOKG_NEO4J_PASSWORD"]
    # every GEOKG_ variable is one the settings actually read
    fields = {f"GEOKG_{name.upper()}" for name in Settings.model_fields}
    assert set(env) - fields == set()
    published = {str(p).split(":")[-1] for p in api["ports"]}
    assert env["GEOKG_PORT"] in published


def test_dockerfile_builds_and_serves_the_package() -> None:
    text = (REPO / "Dockerfile").read_text()
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    assert lines[0] == "FROM python:3.11-slim"
    assert any(ln.startswith("RUN pip install .") for ln in lines)
    assert 'CMD ["geokg", "serve"]' in lines
    assert "GEOKG_HOST=0.0.0.0" in text
    ignored = set((REPO / ".dockerignore").read_text().split())
    assert {".git", ".venv"} <= ignored
    for line in lines:
        if line.startswith("COPY "):
            *sources, _ = line.split()[1:]
            for source in sources:
                assert (REPO / source).exists(), source
                assert source not in ignored, source
