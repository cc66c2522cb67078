"""The full API in-process over the real embedded store: entities, relations, /ask, errors, OpenAPI."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings

ERROR_KEYS = {"status", "code", "message", "details"}
JJ = "doc:c15b9bc8eae37365"


@pytest.fixture(scope="module")
def db(parsed_samples, tmp_path_factory):
    from graph.ladybug_store import LadybugStore

    path = tmp_path_factory.mktemp("api-entities") / "db"
    with LadybugStore(path) as store:
        store.write_documents(parsed_samples)
    return path


@pytest.fixture(scope="module")
def client(db):
    settings = Settings(db_path=db, cors_origins=("https://oa.example.org",))
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c


def get(client, path, **params):
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def assert_error(response, status, code):
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == ERROR_KEYS and body["status"] == status and body["code"] == code, body
    assert isinstance(body["details"], dict) and "\n" not in body["message"]


def test_lists_paginate_with_total_and_next_offset(client):
    first = get(client, "/tasks", document=JJ, limit=10)
    assert first["total"] == 36 and len(first["items"]) == 10 and first["next_offset"] == 10
    last = get(client, "/tasks", document=JJ, limit=10, offset=30)
    assert len(last["items"]) == 6 and last["next_offset"] is None
    ids = [t["id"] for o in (0, 10, 20, 30) for t in get(client, "/tasks", document=JJ, limit=10, offset=o)["items"]]
    assert len(set(ids)) == 36


def test_entity_lists_and_filters(client):
    assert [d["id"] for d in get(client, "/documents", jurisdiction="九江")["items"]] == [JJ]
    assert get(client, "/documents", year=2025)["total"] == 1
    assert get(client, "/orgs", q="应急局", role="lead")["total"] == 2
    assert {o["kind"] for o in get(client, "/orgs", kind="committee")["items"]} == {"committee"}
    assert get(client, "/orgs", document=JJ, jurisdiction="九江市")["total"] > 10
    assert get(client, "/tasks", sector="燃气", jurisdiction="九江")["total"] == 3
    assert [s["name"] for s in get(client, "/sectors", q="燃")["items"]] == ["燃气"]
    assert get(client, "/campaigns")["total"] == 14
    assert [j["name"] for j in get(client, "/jurisdictions", level="city")["items"]] == ["九江市", "宜春市"]


def test_detail_views(client):
    doc = get(client, f"/documents/{JJ}")
    assert doc["document"]["jurisdiction"] == "九江市" and len(doc["sections"]) == 8 and len(doc["tasks"]) == 36
    assert get(client, f"/jurisdictions/{quote('jur:九江市')}")["children"][0]["name"] == "浔阳区"
    sector = get(client, f"/sectors/{quote('sector:烟花爆竹')}")
    assert sector["committees"] and sector["tasks"] and sector["units"]
    campaign = get(client, f"/campaigns/{quote('campaign:减量控大')}")
    assert len(campaign["tasks"]) == 4 and all(u["tasks"] >= 1 for u in campaign["units"])
    assert get(client, f"/nodes/{quote('sector:燃气')}")["label"] == "Sector"


def test_relations_by_meaning(client):
    roles = get(client, f"/orgs/{quote('org:九江市应急管理局')}/roles")
    assert roles["total"] == 13 and list(roles["roles"]) == ["lead", "responsible"]
    row = roles["roles"]["lead"][0]
    start, end = row["span"]
    assert row["evidence"] and end - start == len(row["mention"])
    parties = get(client, f"/tasks/{quote(JJ + ':task:4')}/parties")
    assert [p["mention"] for p in parties["roles"]["organize"]] == ["市安委会"]
    assert [p["org"]["name"] for p in parties["roles"]["lead"]] == ["九江市应急管理局"]


def test_neighbourhood_is_capped_and_says_so(client):
    full = get(client, f"/nodes/{quote('campaign:十有两禁')}/neighbourhood", depth=2)
    assert not full["capped"] and full["nodes"][0]["id"] == "campaign:十有两禁"
    ids = {n["id"] for n in full["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in full["edges"])
    capped = get(client, f"/nodes/{quote('org:九江市应急管理局')}/neighbourhood", depth=2, limit=10)
    assert capped["capped"] and len(capped["nodes"]) == 10


def test_ask_endpoint(client):
    body = get(client, "/ask", q="市应急局牵头哪些任务")
    assert body["understood"] and body["intent"]["name"] == "org_tasks" and body["intent"]["slots"]["role"] == "lead"
    assert body["count"] == 14 and all(e["role"] == "lead" and e["evidence"] for e in body["evidence"])
    units = get(client, "/ask", q="减量控大涉及哪些部门")
    assert units["units"] and units["intent"]["slots"]["topic"] == "减量控大"
    lost = get(client, "/ask", q="今天吃什么")
    assert not lost["understood"] and lost["intent"] is None and lost["suggestions"]
    assert len(get(client, "/ask", q="市应急局有哪些任务", limit=3)["evidence"]) == 3


def test_every_error_has_one_shape(client, db):
    assert_error(client.get("/tasks/doc:nothing:task:1"), 404, "not_found")
    assert_error(client.get("/documents/doc:nothing"), 404, "not_found")
    assert_error(client.get(f"/sectors/{quote('campaign:减量控大')}"), 404, "not_found")
    assert_error(client.get("/nodes/nothing/neighbourhood"), 404, "not_found")
    assert_error(client.get("/tasks", params={"document": "doc:nothing"}), 404, "not_found")
    assert_error(client.get("/orgs", params={"kind": "boss"}), 422, "invalid_parameter")
    assert_error(client.get("/nodes/sector:燃气/neighbourhood", params={"depth": 9}), 422, "invalid_parameter")
    assert_error(client.get("/ask"), 422, "invalid_parameter")
    assert_error(client.get("/documents", params={"year": "soon"}), 422, "invalid_parameter")
    assert_error(client.post("/orgs"), 405, "method_not_allowed")
    assert_error(client.post("/cypher", json={"query": "RETURN 1"}), 403, "disabled")
    assert_error(client.post("/ingest"), 403, "disabled")


def test_store_down_is_503_everywhere_and_health_says_so(tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    with TestClient(create_app(Settings(db_path=not_a_folder))) as c:
        health = c.get("/health")
        assert health.status_code == 503 and health.json()["store"]["ok"] is False
        assert c.get("/ready").status_code == 503 and c.get("/ready").json()["status"] == "unavailable"
        for path in ("/documents", "/tasks", "/orgs", "/sectors", "/ask?q=市应急局牵头哪些任务", "/stats"):
            assert_error(c.get(path), 503, "store_unavailable")
        assert c.get("/version").status_code == 200


def test_ready_version_and_cors(client):
    assert get(client, "/ready") == {"status": "ready", "store": "embedded", "error": None}
    assert get(client, "/version")["store"] == "embedded"
    preflight = client.options("/orgs", headers={"Origin": "https://oa.example.org",
                                                 "Access-Control-Request-Method": "GET"})
    assert preflight.headers["access-control-allow-origin"] == "https://oa.example.org"
    other = client.get("/version", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_openapi_lists_every_endpoint_with_an_example(client):
    schema = client.get("/openapi.json").json()
    wanted = {"/health", "/ready", "/version", "/stats", "/orgs", "/orgs/{org_id}", "/orgs/{org_id}/tasks",
              "/orgs/{org_id}/roles", "/documents", "/documents/{document_id}", "/tasks", "/tasks/{task_id}",
              "/tasks/{task_id}/parties", "/sectors", "/sectors/{sector_id}", "/campaigns", "/campaigns/{campaign_id}",
              "/jurisdictions", "/jurisdictions/{jurisdiction_id}", "/nodes/{node_id}",
              "/nodes/{node_id}/neighbourhood", "/ask", "/ingest", "/cypher"}
    assert wanted <= set(schema["paths"])
    for path in wanted:
        for method, operation in schema["paths"][path].items():
            example = operation["responses"]["200"]["content"]["application/json"].get("example")
            assert example, f"{method.upper()} {path} has no example"
            for status, response in operation["responses"].items():
                if status not in ("200",) and "content" in response and path not in ("/health", "/ready"):
                    assert response["content"]["application/json"]["schema"]["$ref"].endswith("/Error"), (path, status)
    assert "multipart/form-data" in schema["paths"]["/ingest"]["post"]["requestBody"]["content"]


def test_recorded_examples_are_this_api_s_answers(client):
    from api.example_data import EXAMPLES
    from api.examples import REQUESTS, _shorten

    for method, path, query in REQUESTS:
        params, url = dict(query), path
        for name in [p[1:-1] for p in path.split("/") if p.startswith("{")]:
            url = url.replace("{" + name + "}", quote(params.pop(name)))
        if path in ("/health", "/version", "/ready", "/stats"):
            continue  # version and counts move with the package and the corpus
        assert _shorten(get(client, url, **params)) == EXAMPLES[f"GET {path}"], path
