"""Neo4j as a store: same CLI and API answers as the embedded store, and clean failures.

Runs against the real server tests/run.sh starts (tools/neo4j.sh); a small TCP
relay in front of it lets a test cut the connection for real, mid-query.
"""

from __future__ import annotations

import json
import socket
import threading

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from conftest import SAMPLES, clear_neo4j, free_port, neo4j_settings, run_cli
from graph.store import StoreError, StoreUnavailable

NEO4J = neo4j_settings()
pytestmark = pytest.mark.skipif(NEO4J is None, reason="no test Neo4j (run `bash tests/run.sh`)")


def neo4j_env(**changes) -> dict:
    env = {
        "DUTYGRAPH_NEO4J_URI": NEO4J["uri"] if NEO4J else "",
        "DUTYGRAPH_NEO4J_USER": NEO4J["user"] if NEO4J else "",
        "DUTYGRAPH_NEO4J_PASSWORD": NEO4J["password"] if NEO4J else "",
    }
    env.update(changes)
    return env


class Relay:
    """Forwards 127.0.0.1:port to the Neo4j server until cut (or until a byte budget is spent)."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.budget: int | None = None  # bytes client→server left before the relay cuts everything
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.cut_done = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.cut_done.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            with self.lock:
                self.sockets += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, src, dst, upstream_bound):
        try:
            while data := src.recv(65536):
                if upstream_bound and self.budget is not None:
                    self.budget -= len(data)
                    if self.budget <= 0:
                        self.cut()
                        return
                dst.sendall(data)
        except OSError:
            pass

    def cut(self):
        self.cut_done.set()
        try:  # shutdown, not just close: it wakes the thread blocked in accept()
            self.listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.listener.close()
        with self.lock:
            for s in self.sockets:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()


@pytest.fixture
def empty_neo4j():
    clear_neo4j(NEO4J)
    return NEO4J


def test_cli_gives_the_same_answers_on_both_stores(empty_neo4j, tmp_path):
    run_cli("ingest", str(SAMPLES), env=neo4j_env(), check=True)
    run_cli("ingest", str(SAMPLES), db=tmp_path / "g", check=True)
    for args in (["tasks", "市应急局", "--role", "lead", "--json"],
                 ["tasks", "应急管理局", "--jurisdiction", "宜春", "--json"],
                 ["export", "triples"]):
        on_neo4j = run_cli(*args, env=neo4j_env(), check=True).stdout
        embedded = run_cli(*args, db=tmp_path / "g", check=True).stdout
        assert on_neo4j == embedded, args
    stats = json.loads(run_cli("stats", "--json", env=neo4j_env(), check=True).stdout)
    assert stats == json.loads(run_cli("stats", "--json", db=tmp_path / "g", check=True).stdout)
    again = run_cli("ingest", str(SAMPLES), env=neo4j_env(), check=True)
    assert "5 unchanged" in again.stdout


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"DUTYGRAPH_NEO4J_PASSWORD": "not-the-password"}, "refused the credentials"),
        ({"DUTYGRAPH_NEO4J_URI": "bolt://127.0.0.1:1"}, "unreachable"),
        ({"DUTYGRAPH_NEO4J_URI": "http://127.0.0.1:7474"}, "bad Neo4j address"),
    ],
)
def test_cli_neo4j_failures_are_one_line(changes, words):
    result = run_cli("stats", env=neo4j_env(**changes))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: ") and words in line


def test_api_with_neo4j_down_is_503_and_health_names_the_store():
    settings = Settings(db_path=None, neo4j_uri=f"bolt://127.0.0.1:{free_port()}", neo4j_password="x")
    with TestClient(create_app(settings)) as client:
        health = client.get("/health")
        assert health.status_code == 503
        assert health.json()["store"]["ok"] is False and "unreachable" in health.json()["store"]["error"]
        body = client.get("/orgs").json()
        assert body["status"] == 503 and body["code"] == "store_unavailable"
        assert body["details"] == {"dependency": "store"}


def test_a_dropped_connection_is_503_not_500(empty_neo4j, parsed_samples):
    from graph.neo4j_store import Neo4jStore

    port = int(NEO4J["uri"].rsplit(":", 1)[1])
    relay = Relay(port)
    store = Neo4jStore(f"bolt://127.0.0.1:{relay.port}", NEO4J["user"], NEO4J["password"], timeout=2)
    store.write_documents(parsed_samples[:1])
    settings = Settings(db_path=None)
    from graph.service import GraphService

    with TestClient(create_app(settings, service_factory=lambda s: GraphService(store, None))) as client:
        assert client.get("/health").status_code == 200
        relay.cut()
        health = client.get("/health")
        assert health.status_code == 503 and health.json()["store"]["ok"] is False
        response = client.get("/orgs")
        assert response.status_code == 503 and response.json()["code"] == "store_unavailable"


def test_a_connection_cut_mid_write_leaves_no_partial_document(empty_neo4j, parsed_samples):
    from graph.neo4j_store import Neo4jStore

    port = int(NEO4J["uri"].rsplit(":", 1)[1])
    relay = Relay(port)
    store = Neo4jStore(f"bolt://127.0.0.1:{relay.port}", NEO4J["user"], NEO4J["password"], timeout=2)
    relay.budget = 20_000  # bytes: a few batches into the write of five documents
    with pytest.raises(StoreError):
        store.write_documents(parsed_samples)
    assert relay.cut_done.is_set()
    direct = Neo4jStore(NEO4J["uri"], NEO4J["user"], NEO4J["password"])
    try:
        assert direct.documents() == []
        assert direct.counts().total_nodes == 0
    finally:
        direct.close()


def test_wrong_password_and_no_server_raise_store_unavailable():
    from graph.neo4j_store import Neo4jStore

    with pytest.raises(StoreUnavailable, match="refused the credentials"):
        Neo4jStore(NEO4J["uri"], NEO4J["user"], "wrong-password")
    with pytest.raises(StoreUnavailable, match="unreachable"):
        Neo4jStore(f"bolt://127.0.0.1:{free_port()}", "neo4j", "x", timeout=2)
