"""The graph browser without a browser: its pages, their JSON twins, the CLI export."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest

from conftest import run_cli

JJ_EMERGENCY = "org/" + quote("org:九江市应急管理局", safe=":")
PAGES = [
    "",
    JJ_EMERGENCY,
    "org/" + quote("org:九江市安全生产委员会", safe=":"),
    "sector/" + quote("危险化学品"),
    "campaign/" + quote("打非治违"),
    "document/000_7c9ea98fe633aa61.txt",
    "compare?a=" + quote("九江") + "&b=" + quote("宜春"),
    "node/" + quote("jur:九江市", safe=":"),
]


def graph_data(html: str) -> dict:
    return json.loads(html.split('<script id="graph-data" type="application/json">')[1].split("</script>")[0])


def outside_references(html: str) -> list[str]:
    """src/href attributes that would make the browser leave the page's own server."""
    return [u for u in re.findall(r'(?:src|href)="([^"]*)"', html) if re.match(r"(?i)(https?:)?//", u)]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_draws_what_its_json_twin_lists(client, path):
    page = client.get(f"/viz/{path}")
    assert page.status_code == 200, page.text[:300]
    data = client.get(f"/viz/data/{path}").json()
    drawn = graph_data(page.text)
    assert data["counts"] == {"nodes": len(drawn["nodes"]), "edges": len(drawn["edges"])}
    assert data["counts"]["nodes"] > 1 and data["counts"]["edges"] > 0
    assert outside_references(page.text) == []
    assert f"<title>{data['title']} · dutygraph</title>" in page.text.replace("&#39;", "'")
    ids = {n["id"] for n in drawn["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in drawn["edges"])


def test_organization_view_has_its_tasks_by_role_and_filters(client):
    data = client.get(f"/viz/data/{JJ_EMERGENCY}").json()
    own = [e for e in data["edges"] if e["source"] == "org:九江市应急管理局"]
    assert {e["type"] for e in own} == {"LEADS", "RESPONSIBLE_FOR"}
    assert all(any("依据" in d for d in e["details"]) for e in own)  # the evidence rides on every role edge
    leads = client.get(f"/viz/data/{JJ_EMERGENCY}?role=lead").json()
    tasks = sorted(int(n["name"].split()[0]) for n in leads["nodes"] if n["kind"] == "task")
    assert tasks == [1, 4, 29, 30, 32, 33, 34, 35, 36]
    assert {f["name"] for f in leads["filters"]} == {"role", "document", "year", "jurisdiction"}
    none = client.get(f"/viz/data/{JJ_EMERGENCY}?year=1999").json()
    assert none["counts"]["nodes"] == 1 and none["notes"]


def test_a_capped_view_says_so(client):
    data = client.get("/viz/data/document/000_7c9ea98fe633aa61.txt?limit=20").json()
    assert data["capped"] and data["counts"]["nodes"] == 20 and data["in_reach"] > 20
    page = client.get("/viz/document/000_7c9ea98fe633aa61.txt?limit=20").text
    assert "Capped: showing 20 of" in page


def test_task_view_has_parties_sectors_campaigns_and_evidence(client):
    doc = client.get("/viz/data/document/000_7c9ea98fe633aa61.txt").json()
    task = next(n for n in doc["nodes"] if n["kind"] == "task" and n["name"].startswith("14 "))
    data = client.get(f"/viz/data/{task['href']}").json()
    kinds = {n["kind"] for n in data["nodes"]}
    assert {"task", "document", "section", "sector", "campaign", "committee"} <= kinds
    facts = dict(data["facts"])
    assert facts["依据"].startswith("市安委会危险物品安全专业委员会牵头")
    assert "危险化学品" in facts["行业领域"]


def test_sector_view_shows_the_covering_committee(client):
    data = client.get("/viz/data/sector/" + quote("危险化学品")).json()
    covers = [e for e in data["edges"] if e["type"] == "COVERS"]
    assert covers and all("危险物品" in e["source"] for e in covers)


def test_compare_view_puts_two_cities_side_by_side(client):
    data = client.get("/viz/data/compare", params={"a": "九江", "b": "宜春"}).json()
    xs = {n["x"] for n in data["nodes"]}
    assert xs == {-420, 0, 420} and data["fixed_layout"]
    shared = next(t for t in data["tables"] if t["title"].startswith("共同职能"))
    assert any(row[0]["text"] == "应急管理局" for row in shared["rows"])
    same = next(t for t in data["tables"] if t["title"].startswith("同名任务"))
    assert len(same["rows"]) >= 20
    assert client.get("/viz/data/compare", params={"a": "九江", "b": "九江"}).status_code == 422


def test_search_jumps_by_alias_and_lists_several(client):
    one = client.get("/viz/search", params={"q": "九江市应急局"}, follow_redirects=False)
    assert one.status_code == 303 and one.headers["location"] == f"/viz/{JJ_EMERGENCY}"
    several = client.get("/viz/search", params={"q": "市应急局"})
    assert "九江市应急管理局" in several.text and "宜春市应急管理局" in several.text
    assert "没有找到" in client.get("/viz/search", params={"q": "不存在的单位"}).text


def test_missing_entities_are_an_html_page_and_a_json_error(client):
    page = client.get("/viz/org/org:nope")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    data = client.get("/viz/data/org/org:nope")
    assert data.status_code == 404 and data.json()["code"] == "not_found"
    assert client.get(f"/viz/data/{JJ_EMERGENCY}?role=boss").status_code == 422


def test_vis_network_is_served_from_the_pyvis_package(client):
    js = client.get("/viz/static/vis-network.min.js")
    assert js.status_code == 200 and "vis-network" in js.text[:2000]
    assert client.get("/viz/static/../../etc/passwd").status_code == 404


def test_cli_export_is_one_self_contained_file(db, tmp_path):
    out = tmp_path / "compare.html"
    result = run_cli("viz", "compare", "九江", "宜春", "--out", str(out), db=db, check=True)
    html = out.read_text(encoding="utf-8")
    assert "written to" in result.stderr
    assert "<script src=" not in html and 'rel="stylesheet"' not in html and outside_references(html) == []
    assert "vis.Network" in html and len(graph_data(html)["nodes"]) > 10
    ambiguous = run_cli("viz", "org", "市应急局", "--out", str(tmp_path / "x.html"), db=db)
    assert ambiguous.returncode == 1 and "pass --jurisdiction" in ambiguous.stderr
    assert not (tmp_path / "x.html").exists()
