"""The HTTP API: in-process for behaviour, and once end to end through real uvicorn."""

from __future__ import annotations

import subprocess
from urllib.parse import quote

import httpx

from conftest import cli_env, DUTYGRAPH, REPO, SAMPLES, free_port, run_cli, wait_for_http

ERROR_KEYS = {"status", "code", "message", "details"}


def assert_error(response, status, code):
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == ERROR_KEYS, body
    assert body["status"] == status and body["code"] == code
    assert isinstance(body["message"], str) and "\n" not in body["message"]


def test_health(client):
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["store"] == {"ok": True, "documents": 5, "error": None}


def test_orgs_search_with_aliases(client):
    body = client.get("/orgs", params={"q": "市应急局"}).json()
    assert body["total"] == 2
    assert [o["name"] for o in body["items"]] == ["九江市应急管理局", "宜春市应急管理局"]
    body = client.get("/orgs", params={"q": "应急局", "jurisdiction": "九江"}).json()
    assert [o["id"] for o in body["items"]] == ["org:九江市应急管理局"]


def test_org_tasks_by_role(client):
    rows = client.get(f"/orgs/{quote('org:宜春市应急管理局')}/tasks", params={"role": "lead"}).json()
    assert [int(r["task"]["number"]) for r in rows] == [1, 4, 8, 34, 35]
    assert all(r["role"] == "lead" and r["evidence"] for r in rows)
    start, end = rows[0]["span"]
    assert end - start == len(rows[0]["mention"])


def test_task_detail(client):
    [row] = [r for r in client.get(f"/orgs/{quote('org:九江市应急管理局')}/tasks", params={"role": "lead"}).json()
             if r["task"]["number"] == "4"]
    task = client.get(f"/tasks/{quote(row['task']['id'])}").json()
    assert task["title"] == "压实党政领导责任"
    assert task["document"]["jurisdiction"] == "九江市"
    assert {(p["mention"], p["role"]) for p in task["parties"]} >= {("市安委会", "organize"), ("市应急局", "lead")}


def test_errors_have_one_shape(client):
    assert_error(client.get("/tasks/doc:nothing:task:1"), 404, "not_found")
    assert_error(client.get("/orgs/org:nowhere/tasks"), 404, "not_found")
    assert_error(client.get(f"/orgs/{quote('org:九江市应急管理局')}/tasks", params={"role": "boss"}), 422,
                 "invalid_parameter")
    assert_error(client.get("/orgs", params={"limit": 0}), 422, "invalid_parameter")
    assert_error(client.get("/orgs", params={"jurisdiction": "火星"}), 404, "not_found")
    assert_error(client.get("/no/such/route"), 404, "not_found")


def test_openapi_lists_the_endpoints(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/health", "/orgs", "/orgs/{org_id}", "/orgs/{org_id}/tasks", "/tasks/{task_id}"} <= set(paths)


def test_end_to_end_through_uvicorn(db, tmp_path):
    served = tmp_path / "served"
    run_cli("ingest", str(SAMPLES), db=served, check=True)
    port = free_port()
    server = subprocess.Popen(
        [*DUTYGRAPH, "serve", "--host", "127.0.0.1", "--port", str(port), "--db", str(served)],
        cwd=REPO, env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/health")
        assert httpx.get(f"{base}/health").json()["status"] == "ok"
        orgs = httpx.get(f"{base}/orgs", params={"q": "市应急局", "jurisdiction": "九江市"}).json()["items"]
        rows = httpx.get(f"{base}/orgs/{quote(orgs[0]['id'])}/tasks", params={"role": "lead"}).json()
        assert [int(r["task"]["number"]) for r in rows] == [1, 4, 29, 30, 32, 33, 34, 35, 36]
    finally:
        server.terminate()
        server.wait(timeout=30)
