"""The embedded server keeps GET answers until its own next ingest (api/cache.py)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from conftest import SAMPLES

KEY = "cache-test-key"


def upload(client, name):
    path = SAMPLES / name
    return client.post("/ingest", headers={"X-API-Key": KEY},
                       files=[("files", (path.name, path.read_bytes(), "text/plain"))])


def test_answers_are_kept_until_an_ingest_changes_the_graph(tmp_path):
    settings = Settings(db_path=tmp_path / "db", api_key=KEY)
    with TestClient(create_app(settings)) as client:
        assert upload(client, "000_7c9ea98fe633aa61.txt").json()["added"] == 1
        first = client.get("/orgs", params={"q": "市应急局"})
        assert [o["name"] for o in first.json()["items"]] == ["九江市应急管理局"]
        # A second store call would see the same; what matters is that it is not made.
        store = client.app.state.service.store
        calls = []
        original = store._query
        store._query = lambda *a, **k: calls.append(a[0]) or original(*a, **k)
        again = client.get("/orgs", params={"q": "市应急局"})
        assert again.content == first.content and calls == []
        assert client.get("/health").status_code == 200 and calls  # liveness always asks the store

        assert upload(client, "001_a902ce98f8d38ddd.txt").json()["added"] == 1
        after = client.get("/orgs", params={"q": "市应急局"}).json()
        assert [o["name"] for o in after["items"]] == ["九江市应急管理局", "宜春市应急管理局"]


def test_errors_are_not_kept_and_the_cache_can_be_turned_off(tmp_path):
    with TestClient(create_app(Settings(db_path=tmp_path / "db", response_cache=False))) as client:
        assert client.get("/tasks/doc:none:task:1").status_code == 404
        assert client.get("/orgs").status_code == 200
    with TestClient(create_app(Settings(db_path=tmp_path / "db2"))) as client:
        assert client.get("/tasks/doc:none:task:1").status_code == 404
        assert client.get("/tasks/doc:none:task:1").json()["code"] == "not_found"


def test_the_least_recently_used_answers_go_first_beyond_the_byte_budget():
    import asyncio
    from types import SimpleNamespace

    from api.cache import ResponseCache

    calls = []

    async def answer(scope, receive, send):  # a body of 400 bytes per path
        calls.append(scope["path"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"x" * 400})

    state = SimpleNamespace(service=object(), generation=0,
                            settings=Settings(db_path=Path("unused"), response_cache=True))
    cache = ResponseCache(answer, max_bytes=1000)

    async def get(path):
        scope = {"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": [],
                 "app": SimpleNamespace(state=state)}
        sent = []
        await cache(scope, None, lambda m: asyncio.sleep(0, sent.append(m)))
        return sent[1]["body"]

    async def scenario():
        for path in ("/a", "/b", "/a", "/c", "/a", "/b"):
            assert await get(path) == b"x" * 400

    asyncio.run(scenario())
    # /a and /b fill 800 bytes; /c pushes out /b (least recently used), so only /b is asked twice.
    assert calls == ["/a", "/b", "/c", "/b"] and cache.size <= 1000
