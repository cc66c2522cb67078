"""docker-compose.yml and the Dockerfile: the structure users rely on (no Docker engine runs here)."""

from __future__ import annotations

import re

import yaml

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def compose() -> dict:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_has_neo4j_with_volume_auth_and_healthcheck():
    c = compose()
    neo4j = c["services"]["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert any(v.split(":")[0] in c["volumes"] for v in neo4j["volumes"])
    assert "NEO4J_PASSWORD" in neo4j["environment"]["NEO4J_AUTH"]
    test = " ".join(neo4j["healthcheck"]["test"])
    assert "cypher-shell" in test and "RETURN 1" in test
    assert all(p.startswith("127.0.0.1:") for p in neo4j["ports"])


def test_compose_api_waits_for_neo4j_and_is_wired_to_it():
    api = compose()["services"]["api"]
    assert api["build"] == "."
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    env = api["environment"]
    assert env["DUTYGRAPH_NEO4J_URI"] == "bolt://neo4j:7687"
    assert "NEO4J_PASSWORD" in env["DUTYGRAPH_NEO4J_PASSWORD"]
    assert api["ports"] == ["127.0.0.1:8000:8000"]
    assert "/health" in " ".join(api["healthcheck"]["test"])


def test_dockerfile_installs_like_the_readme():
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    [run] = re.findall(r"^RUN (.+)$", dockerfile, flags=re.M)
    main_command = next(line.strip() for line in README.splitlines() if "dutygraph serve" in line
                        and line.startswith("    python3 -m venv"))
    assert main_command.startswith(run + " && ")
    assert '"dutygraph", "serve"' in dockerfile


def test_readme_documents_the_compose_route():
    assert "docker compose up -d --wait" in README
    assert "docker compose exec api dutygraph ingest" in README
