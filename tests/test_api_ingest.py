"""POST /ingest: the API key, the size limit, safe names, no duplicates; and once through real uvicorn."""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from api.uploads import safe_name
from conftest import DUTYGRAPH, REPO, SAMPLES, cli_env, free_port, wait_for_http

KEY = "test-key-9f2c"
JIUJIANG = SAMPLES / "000_7c9ea98fe633aa61.txt"
YICHUN = SAMPLES / "001_a902ce98f8d38ddd.txt"


@pytest.fixture()
def client(tmp_path):
    settings = Settings(db_path=tmp_path / "db", api_key=KEY, max_upload_bytes=400_000)
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c


def upload(client, *files, key=KEY):
    headers = {"X-API-Key": key} if key is not None else {}
    return client.post("/ingest", headers=headers, files=[("files", f) for f in files])


def assert_error(response, status, code):
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"status", "code", "message", "details"} and body["code"] == code


def test_upload_reports_like_the_cli_and_is_idempotent(client):
    body = upload(client, ("000.txt", JIUJIANG.read_bytes(), "text/plain")).json()
    assert body["added"] == 1 and body["results"] == [
        {"path": "000.txt", "status": "added", "tasks": 36, "edges": 140, "error": None}]
    again = upload(client, ("000.txt", JIUJIANG.read_bytes())).json()
    assert again["unchanged"] == 1 and again["added"] == 0
    assert client.get("/stats").json()["documents"] == 1
    rows = client.get(f"/orgs/{quote('org:九江市应急管理局')}/tasks", params={"role": "lead"}).json()
    assert len(rows) == 9


def test_key_is_required_and_checked(client, tmp_path):
    assert_error(upload(client, ("a.txt", b"x"), key=None), 401, "unauthorized")
    assert_error(upload(client, ("a.txt", b"x"), key="wrong"), 403, "forbidden")
    with TestClient(create_app(Settings(db_path=tmp_path / "off"))) as off:
        assert_error(upload(off, ("a.txt", b"x")), 403, "disabled")


def test_size_limit_is_413(client):
    assert_error(upload(client, ("big.txt", b"x" * 500_000)), 413, "too_large")

    def chunked():  # no Content-Length: the limit must still hold
        yield b"--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\n\r\n"
        for _ in range(50):
            yield b"y" * 10_000

    response = client.post("/ingest", headers={"X-API-Key": KEY, "Content-Type": "multipart/form-data; boundary=b"},
                           content=chunked())
    assert_error(response, 413, "too_large")


def test_bad_bodies_are_422(client):
    assert_error(client.post("/ingest", headers={"X-API-Key": KEY}, json={"files": []}), 422, "invalid_parameter")
    assert_error(client.post("/ingest", headers={"X-API-Key": KEY}, data={"other": "x"},
                             files=[("other", ("a.txt", b"x"))]), 422, "invalid_parameter")


def test_names_cannot_escape_and_bad_files_fail_alone(client, tmp_path):
    body = upload(client, ("../../etc/passwd.txt", JIUJIANG.read_bytes()), ("notes.exe", b"MZ\x00\x01")).json()
    assert [r["path"] for r in body["results"]] == ["passwd.txt", "notes.exe"]
    assert [r["status"] for r in body["results"]] == ["added", "failed"]
    assert "dutygraph-upload" not in body["results"][1]["error"]
    assert not (tmp_path / "etc").exists()


@pytest.mark.parametrize("raw,expected", [
    ("../../x.txt", "x.txt"), ("..\\..\\x.txt", "x.txt"), ("/abs/path/九江.txt", "九江.txt"), ("", "upload-3"),
    ("..", "upload-3"), (".hidden.txt", "hidden.txt"), ("a\x00b\n.txt", "ab.txt"), ("x" * 300 + ".txt", "x" * 196 + ".txt"),
])
def test_safe_name(raw, expected):
    assert safe_name(raw, 3) == expected


def test_same_document_twice_in_one_batch_and_concurrently_is_kept_once(client):
    data = YICHUN.read_bytes()
    body = upload(client, ("one.txt", data), ("two.txt", data), ("one.txt", b"other")).json()
    assert [r["status"] for r in body["results"]] == ["added", "unchanged", "failed"]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: upload(client, ("001.txt", JIUJIANG.read_bytes())).json(), range(4)))
    assert sorted(r["results"][0]["status"] for r in results) == ["added", "unchanged", "unchanged", "unchanged"]
    stats = client.get("/stats").json()
    assert stats["documents"] == 2 and stats["nodes"]["Task"] == 72


def test_end_to_end_through_uvicorn_with_a_key(tmp_path):
    port = free_port()
    env = cli_env(tmp_path / "db", {"DUTYGRAPH_API_KEY": KEY})
    server = subprocess.Popen([*DUTYGRAPH, "serve", "--host", "127.0.0.1", "--port", str(port)],
                              cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/health")
        files = [("files", (p.name, p.read_bytes())) for p in (JIUJIANG, YICHUN)]
        report = httpx.post(f"{base}/ingest", headers={"X-API-Key": KEY}, files=files, timeout=120).json()
        assert report["added"] == 2
        answer = httpx.get(f"{base}/ask", params={"q": "市应急局牵头哪些任务"}).json()
        assert answer["count"] == 14
        assert httpx.get(f"{base}/ready").json()["status"] == "ready"
        assert httpx.get(f"{base}/orgs", params={"limit": 0}).json()["code"] == "invalid_parameter"
    finally:
        server.terminate()
        server.wait(timeout=30)
