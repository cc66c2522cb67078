"""The graph browser in a real headless Chromium (Debian's, driven by Selenium), against a live server.

One browser and one server for the module.  For every view: no request leaves 127.0.0.1, no
console error, the drawn nodes and edges are exactly the API's, and a screenshot is saved under
tests/artifacts/viz/.  tests/run.sh installs chromium and chromium-driver.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx
import pytest

from conftest import DUTYGRAPH, REPO, SAMPLES, cli_env, free_port, run_cli, wait_for_http

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
ARTIFACTS = REPO / "tests" / "artifacts" / "viz"

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="needs Debian's chromium and chromium-driver (bash tests/run.sh installs them)",
)

VIEWS = {
    "home": "",
    "org": "org/" + quote("org:九江市应急管理局", safe=":"),
    "org-filtered": "org/" + quote("org:宜春市应急管理局", safe=":") + "?role=lead",
    "committee": "org/" + quote("org:九江市安全生产委员会", safe=":"),
    "task": None,  # filled from the graph: 九江 task 14
    "sector": "sector/" + quote("危险化学品"),
    "campaign": "campaign/" + quote("打非治违"),
    "document": "document/000_7c9ea98fe633aa61.txt",
    "compare": "compare?a=" + quote("九江") + "&b=" + quote("宜春"),
    "jurisdiction": "node/" + quote("jur:九江市", safe=":"),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("viz") / "graph"
    run_cli("ingest", str(SAMPLES), db=db, check=True)
    port = free_port()
    proc = subprocess.Popen([*DUTYGRAPH, "serve", "--port", str(port)], env=cli_env(db), cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base + "/health")
        yield base, db
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1440,1000", "--lang=zh-CN",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    # An explicit driver path: Selenium Manager never runs, so nothing is downloaded.
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()


def requested_urls(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def foreign(urls: list[str], allowed_schemes: tuple[str, ...]) -> list[str]:
    bad = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            continue
        if parts.scheme not in allowed_schemes or (parts.scheme.startswith("http") and parts.hostname != "127.0.0.1"):
            bad.append(url)
    return bad


def console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def screenshot(driver, name: str) -> None:
    # The window, not a capture beyond it: resizing the viewport for a capture makes the canvas
    # redraw at another size after the fit, and the shot would not be what a person sees.
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def load(driver, url: str, timeout: float = 45) -> dict:
    """Open a page and wait until the layout has settled and physics is off."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("performance"), driver.get_log("browser")  # start each page with empty logs
    driver.get(url)
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script("return window.dutygraphReady || null"))
    return driver.execute_script("return window.dutygraphReady")


def view_path(name: str, base: str) -> str:
    if name == "task":  # 九江's task 14, found through the document view's own data
        org = httpx.get(f"{base}/viz/data/{VIEWS['document']}", timeout=30).json()
        task = next(n for n in org["nodes"] if n["kind"] == "task" and n["name"].startswith("14 "))
        return task["href"]
    return VIEWS[name]


@pytest.mark.parametrize("name", list(VIEWS))
def test_view_draws_the_apis_graph_offline(server, browser, name):
    base, _ = server
    path = view_path(name, base)
    api = httpx.get(f"{base}/viz/data/{path}", timeout=30).json()
    # A window as tall as the canvas, so the layout is fitted (and shot) at the size people see.
    browser.set_window_size(1440, 1000 if not api.get("height") and api["counts"]["nodes"] <= 60 else 1500)
    started = time.monotonic()
    drawn = load(browser, f"{base}/viz/{path}")
    settle = time.monotonic() - started
    urls = requested_urls(browser)
    errors = console_errors(browser)
    screenshot(browser, name)
    assert urls, "the performance log recorded no request at all"
    assert foreign(urls, ("http",)) == []
    assert errors == []
    assert drawn == api["counts"], f"drawn {drawn}, API {api['counts']}"
    assert api["counts"]["nodes"] > 0
    # The text list below the canvas carries the same nodes and edges.
    rows = browser.execute_script(
        "return [document.querySelectorAll('#node-list tbody tr').length,"
        " document.querySelectorAll('#edge-list tbody tr').length]")
    assert rows == [api["counts"]["nodes"], api["counts"]["edges"]]
    assert browser.title.endswith("· dutygraph") and api["title"] in browser.title
    assert settle < 30, f"{name} took {settle:.1f}s to settle"
    moving = browser.execute_script("return window.dutygraphNetwork.physics.physicsEnabled")
    assert moving is False


def click_node(driver, node_id: str) -> None:
    """Click a node where it is drawn, after checking that this point picks that node."""
    from selenium.webdriver.common.action_chains import ActionChains

    canvas = driver.find_element("css selector", "#graph canvas")
    x, y, width, height = driver.execute_script(
        """const net = window.dutygraphNetwork, id = arguments[0];
           net.focus(id, {scale: 1.3, animation: false});
           const p = net.canvasToDOM(net.getPositions([id])[id]);
           const c = document.querySelector('#graph canvas');
           return [p.x, p.y, c.clientWidth, c.clientHeight];""", node_id)
    picked = driver.execute_script("return window.dutygraphNetwork.getNodeAt({x: arguments[0], y: arguments[1]})", x, y)
    assert picked == node_id
    ActionChains(driver).move_to_element_with_offset(canvas, int(x - width / 2), int(y - height / 2)).click().perform()


def test_clicking_a_task_node_opens_that_tasks_view(server, browser):
    from selenium.webdriver.support.ui import WebDriverWait

    base, _ = server
    path = VIEWS["org"]
    api = httpx.get(f"{base}/viz/data/{path}").json()
    task = next(n for n in api["nodes"] if n["kind"] == "task")
    load(browser, f"{base}/viz/{path}")
    click_node(browser, task["id"])
    WebDriverWait(browser, 20).until(lambda d: "/viz/task/" in d.current_url)
    drawn = load(browser, browser.current_url)
    assert browser.execute_script("return document.querySelector('h1').textContent") == task["name"]
    assert drawn["nodes"] >= 2
    assert console_errors(browser) == []


def test_search_jumps_to_an_entity_by_alias(server, browser):
    base, _ = server
    browser.get(f"{base}/viz/search?q={quote('九江市应急局')}")
    assert "/viz/org/" in browser.current_url
    assert "九江市应急管理局" in browser.title
    browser.get(f"{base}/viz/search?q={quote('市应急局')}")  # two cities: a list of both
    text = browser.find_element("css selector", "main").text
    assert "九江市应急管理局" in text and "宜春市应急管理局" in text


def test_exported_file_opens_offline(server, browser, tmp_path):
    _, db = server
    out = tmp_path / "org.html"
    run_cli("viz", "org", "市应急局", "--jurisdiction", "九江", "--out", str(out), db=db, check=True)
    data = json.loads(out.read_text(encoding="utf-8").split('<script id="graph-data" type="application/json">')[1]
                      .split("</script>")[0])
    drawn = load(browser, out.as_uri())
    screenshot(browser, "export-org")
    assert foreign(requested_urls(browser), ("file",)) == []
    assert console_errors(browser) == []
    assert drawn == {"nodes": len(data["nodes"]), "edges": len(data["edges"])}
