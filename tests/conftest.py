"""Shared fixtures: real parsers, real stores in temporary folders, no mocks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "ingest" / "samples"
GOLD = REPO / "tests" / "fixtures" / "gold"
_SCRIPT = Path(sys.executable).parent / "dutygraph"
DUTYGRAPH = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "api"]


@pytest.fixture(scope="session")
def parser():
    from ingest import DocumentParser

    return DocumentParser()


@pytest.fixture(scope="session")
def parsed_samples(parser):
    return [parser.parse_file(p) for p in sorted(SAMPLES.glob("*.txt"))]


@pytest.fixture(scope="module")
def service(parser, parsed_samples, tmp_path_factory):
    """The service over a real embedded store holding the five samples, once per test module."""
    from graph.ladybug_store import LadybugStore
    from graph.service import GraphService

    store = LadybugStore(tmp_path_factory.mktemp("service") / "db")
    store.write_documents(parsed_samples)
    yield GraphService(store, parser.resolver)
    store.close()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """The five samples ingested by the real CLI into a fresh embedded store, once per test module."""
    path = tmp_path_factory.mktemp("samples") / "graph"
    run_cli("ingest", str(SAMPLES), db=path, check=True)
    return path


@pytest.fixture(scope="module")
def client(db):
    """The app in-process over ``db`` (lifespan included)."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    with TestClient(create_app(Settings(db_path=db))) as c:
        yield c


def neo4j_settings() -> dict | None:
    """The test Neo4j started by tests/run.sh (tools/neo4j.sh), if any."""
    uri = os.environ.get("DUTYGRAPH_NEO4J_URI", "").strip()
    if not uri:
        if os.environ.get("DUTYGRAPH_REQUIRE_NEO4J"):
            raise RuntimeError("DUTYGRAPH_REQUIRE_NEO4J is set but DUTYGRAPH_NEO4J_URI is not")
        return None
    return {
        "uri": uri,
        "user": os.environ.get("DUTYGRAPH_NEO4J_USER", "neo4j"),
        "password": os.environ.get("DUTYGRAPH_NEO4J_PASSWORD", "dutygraph-test"),
    }


def clear_neo4j(settings: dict) -> None:
    """Empty the test server's database with the official driver (Community has one database)."""
    import neo4j

    auth = (settings["user"], settings["password"])
    with neo4j.GraphDatabase.driver(settings["uri"], auth=auth) as driver, driver.session() as session:
        # In batches, so a large graph left by a benchmark does not exceed the transaction memory
        # limit; IN TRANSACTIONS needs an auto-commit transaction (session.run).
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def open_test_store(kind: str, tmp_path: Path):
    """A fresh, empty store of the given kind: the one switch of the contract suite."""
    if kind == "ladybug":
        from graph.ladybug_store import LadybugStore

        return LadybugStore(tmp_path / "db")
    settings = neo4j_settings()
    if settings is None:
        pytest.skip("no test Neo4j: run `bash tests/run.sh`, or start one with tools/neo4j.sh start")
    clear_neo4j(settings)
    from graph.neo4j_store import Neo4jStore

    return Neo4jStore(settings["uri"], settings["user"], settings["password"])


STORE_KINDS = ["ladybug", "neo4j"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli_env(db: Path | None = None, env: dict | None = None) -> dict:
    """The environment of a child `dutygraph`: none of ours (e.g. the test Neo4j) leaks in."""
    child = {k: v for k, v in os.environ.items() if not k.startswith("DUTYGRAPH_")}
    child.update(env or {})
    if db is not None:
        child["DUTYGRAPH_DB"] = str(db)
    child["COLUMNS"] = "200"
    return child


def run_cli(
    *args: str, db: Path | None = None, env: dict | None = None, check: bool = False, timeout: float = 300
) -> subprocess.CompletedProcess:
    """Run the real `dutygraph` command in a child process, configured only by ``db`` and ``env``."""
    result = subprocess.run(
        [*DUTYGRAPH, *args], capture_output=True, text=True, env=cli_env(db, env), cwd=REPO, timeout=timeout
    )
    if check and result.returncode != 0:
        raise AssertionError(f"dutygraph {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
    return result


def wait_for_http(url: str, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {timeout}s")
