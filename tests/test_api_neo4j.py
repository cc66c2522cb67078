"""POST /cypher against the real test Neo4j, and the API's answers on Neo4j matching the embedded store's."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from conftest import clear_neo4j, neo4j_settings

KEY = "cypher-key"


@pytest.fixture(scope="module")
def client(parsed_samples, tmp_path_factory):
    settings = neo4j_settings()
    if settings is None:
        pytest.skip("no test Neo4j: run `bash tests/run.sh`, or start one with tools/neo4j.sh start")
    clear_neo4j(settings)
    from graph.neo4j_store import Neo4jStore

    with Neo4jStore(settings["uri"], settings["user"], settings["password"]) as store:
        store.write_documents(parsed_samples)
    app_settings = Settings(
        db_path=tmp_path_factory.mktemp("unused"), neo4j_uri=settings["uri"], neo4j_user=settings["user"],
        neo4j_password=settings["password"], api_key=KEY, cypher_timeout=2.0, cypher_max_rows=50,
    )
    with TestClient(create_app(app_settings), raise_server_exceptions=False) as c:
        yield c


def cypher(client, query, key=KEY, **extra):
    return client.post("/cypher", headers={"X-API-Key": key}, json={"query": query, **extra})


def assert_error(response, status, code):
    assert response.status_code == status, response.text
    assert set(response.json()) == {"status", "code", "message", "details"} and response.json()["code"] == code


def test_read_query_returns_rows(client):
    body = cypher(client, "MATCH (o:Organization)-[:LEADS]->(t:Task) WHERE o.id = $id RETURN o.name AS org,"
                          " count(t) AS n", params={"id": "org:九江市应急管理局"}).json()
    assert body == {"columns": ["org", "n"], "rows": [["九江市应急管理局", 9]], "truncated": False, "limit": 50}
    node = cypher(client, "MATCH (s:Sector {name: '燃气'}) RETURN s, 0.0/0.0 AS nan").json()["rows"][0]
    assert node[0]["labels"] == ["Sector"] and node[0]["properties"]["name"] == "燃气" and node[1] == "nan"


def test_row_cap(client):
    body = cypher(client, "MATCH (t:Task) RETURN t.id").json()
    assert len(body["rows"]) == 50 and body["truncated"]
    assert len(cypher(client, "MATCH (t:Task) RETURN t.id", limit=5).json()["rows"]) == 5
    assert cypher(client, "MATCH (t:Task) RETURN t.id", limit=5000).json()["limit"] == 50


def test_writes_are_refused_by_the_server(client):
    for query in ("CREATE (:Task {id: 'x'})", "MATCH (n) DETACH DELETE n", "MERGE (o:Organization {id: 'y'})"):
        assert_error(cypher(client, query), 403, "read_only")
    assert client.get("/stats").json()["nodes"]["Task"] == 124


def test_time_limit_bad_queries_and_off_limits(client):
    # 10^10 rows, streamed: minutes of work on any machine, and no large list in memory
    slow = "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b WITH a, b WHERE (a * b) % 7 = 3 RETURN count(*)"
    assert_error(cypher(client, slow), 408, "query_timeout")
    assert_error(cypher(client, "MATCH (n RETURN n"), 400, "bad_query")
    assert_error(cypher(client, "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l"), 400, "bad_query")
    assert_error(cypher(client, "CALL dbms.listConfig()"), 400, "bad_query")
    assert_error(cypher(client, "RETURN 1", key="nope"), 403, "forbidden")
    assert_error(client.post("/cypher", json={"query": "RETURN 1"}), 401, "unauthorized")
    assert_error(cypher(client, ""), 422, "invalid_parameter")


def test_the_api_answers_the_same_on_neo4j(client):
    rows = client.get(f"/orgs/{quote('org:宜春市应急管理局')}/tasks", params={"role": "lead"}).json()
    assert [int(r["task"]["number"]) for r in rows] == [1, 4, 8, 34, 35]
    assert client.get("/ask", params={"q": "市应急局牵头哪些任务"}).json()["count"] == 14
    assert client.get("/ready").json() == {"status": "ready", "store": "neo4j", "error": None}
    assert len(client.get(f"/campaigns/{quote('campaign:减量控大')}").json()["tasks"]) == 4


def test_cypher_on_the_embedded_store_is_501(tmp_path, parsed_samples):
    with TestClient(create_app(Settings(db_path=tmp_path / "db", api_key=KEY))) as c:
        assert_error(cypher(c, "RETURN 1"), 501, "unsupported")
