"""HTTP API benchmark: requests/s and p50/p99 latency under wrk, over a 1,000-document graph.

    .venv/bin/python bench/api_bench.py [--store embedded|neo4j|both] [--documents 1000] [--duration 10]

Builds the synthetic corpus (bench/synth.py), ingests it with `dutygraph ingest` into a fresh
embedded store (and, for neo4j, into the Neo4j named by DUTYGRAPH_NEO4J_* — which it EMPTIES
first), serves it with `dutygraph serve` (one uvicorn process) on 127.0.0.1 and drives requests
with wrk (Debian's `wrk`) at 1, 10 and 50 connections: one organization's tasks, the tasks of
any organization at random (a Lua script), a neighbourhood of depth 2 and /ask.  Prints a
Markdown table and appends it to --out.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from bench.synth import write_corpus  # noqa: E402

DUTYGRAPH = str(Path(sys.executable).parent / "dutygraph")
CONNECTIONS = (1, 10, 50)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def child_env(store: str, db: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUTYGRAPH_")}
    env["DUTYGRAPH_DB"] = str(db)
    if os.environ.get("DUTYGRAPH_RESPONSE_CACHE"):
        env["DUTYGRAPH_RESPONSE_CACHE"] = os.environ["DUTYGRAPH_RESPONSE_CACHE"]
    if store == "neo4j":
        for key in ("URI", "USER", "PASSWORD", "DATABASE"):
            if os.environ.get(f"DUTYGRAPH_NEO4J_{key}"):
                env[f"DUTYGRAPH_NEO4J_{key}"] = os.environ[f"DUTYGRAPH_NEO4J_{key}"]
    return env


def empty_neo4j() -> None:
    import neo4j

    auth = (os.environ.get("DUTYGRAPH_NEO4J_USER", "neo4j"), os.environ.get("DUTYGRAPH_NEO4J_PASSWORD", ""))
    with neo4j.GraphDatabase.driver(os.environ["DUTYGRAPH_NEO4J_URI"], auth=auth) as driver, driver.session() as s:
        # CALL … IN TRANSACTIONS needs an implicit (auto-commit) transaction: session.run, not execute_query
        s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def random_paths_script(paths: list[str], out: Path) -> Path:
    """A wrk script that asks for one of ``paths`` at random on every request."""
    listed = ",\n".join(f'  "{p}"' for p in paths)
    out.write_text(
        f"local paths = {{\n{listed}\n}}\n"
        "local counter = 0\n"
        "function setup(thread) counter = counter + 1; thread:set('seed', counter) end\n"
        "function init(args) math.randomseed(seed or 1) end\n"
        "function request() return wrk.format('GET', paths[math.random(#paths)]) end\n"
    )
    return out


def wrk(url: str, connections: int, duration: int, script: Path | None = None) -> tuple[float, float, float, int]:
    """(requests/s, p50 ms, p99 ms, non-2xx) from one wrk run."""
    out = subprocess.run(
        ["wrk", f"-t{min(connections, 4)}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s",
         *(["-s", str(script)] if script else []), url],
        capture_output=True, text=True, check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)

    def pct(p: str) -> float:
        value, unit = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    return rps, pct("50"), pct("99"), int(errors.group(1)) if errors else 0


def bench_store(store: str, corpus: Path, documents: int, duration: int, work: Path) -> list[str]:
    db = work / f"db-{store}"
    env = child_env(store, db)
    if store == "neo4j":
        empty_neo4j()
    started = time.perf_counter()
    subprocess.run([DUTYGRAPH, "ingest", str(corpus), "--json"], env=env, check=True, stdout=subprocess.DEVNULL)
    ingest_s = time.perf_counter() - started
    port = free_port()
    log = (work / f"serve-{store}.log").open("w")
    server = subprocess.Popen([DUTYGRAPH, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if server.poll() is not None:
                sys.exit(f"dutygraph serve exited:\n{(work / f'serve-{store}.log').read_text()}")
            try:
                httpx.get(f"{base}/health", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        stats = httpx.get(f"{base}/stats").json()
        org = httpx.get(f"{base}/orgs", params={"q": "应急管理局", "limit": 1}).json()["items"][0]
        n_rows = len(httpx.get(f"{base}/orgs/{quote(org['id'])}/tasks").json())
        question = f"{org['name']}牵头哪些任务"
        orgs = httpx.get(f"{base}/orgs", params={"limit": 1000, "offset": 0}).json()
        all_orgs = [o["id"] for o in orgs["items"]]
        while len(all_orgs) < orgs["total"]:
            all_orgs += [o["id"] for o in httpx.get(f"{base}/orgs", params={"limit": 1000, "offset": len(all_orgs)})
                         .json()["items"]]
        spread = random_paths_script([f"/orgs/{quote(o)}/tasks" for o in all_orgs], work / "orgs.lua")
        targets = [
            ("organization's tasks", f"{base}/orgs/{quote(org['id'])}/tasks", None),
            (f"organization's tasks, any of {len(all_orgs):,} at random", base, spread),
            ("neighbourhood, depth 2", f"{base}/nodes/{quote(org['id'])}/neighbourhood?depth=2", None),
            ("/ask", f"{base}/ask?{urlencode({'q': question})}", None),
        ]
        lines = [
            f"### {store}: {stats['documents']} documents, {sum(stats['nodes'].values())} nodes,"
            f" {sum(stats['edges'].values())} edges (ingest {ingest_s:.0f} s)",
            "",
            f"Organization: {org['name']} ({n_rows} role edges); question: {question}",
            "",
            "| request | connections | requests/s | p50 ms | p99 ms | errors |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, url, script in targets:
            if script is None:
                httpx.get(url, timeout=30).raise_for_status()
                wrk(url, 4, 1)  # warm-up
            for c in CONNECTIONS:
                rps, p50, p99, errors = wrk(url, c, duration, script)
                lines.append(f"| {name} | {c} | {rps:,.0f} | {p50:.1f} | {p99:.1f} | {errors} |")
                print(lines[-1], flush=True)
        return lines
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", choices=("embedded", "neo4j", "both"), default="both")
    ap.add_argument("--documents", type=int, default=1000)
    ap.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "api.md")
    ap.add_argument("--no-cache", action="store_true",
                    help="serve with DUTYGRAPH_RESPONSE_CACHE=0: every request reaches the store")
    args = ap.parse_args()
    if args.no_cache:
        os.environ["DUTYGRAPH_RESPONSE_CACHE"] = "0"
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    stores = ["embedded", "neo4j"] if args.store == "both" else [args.store]
    if "neo4j" in stores and not os.environ.get("DUTYGRAPH_NEO4J_URI"):
        sys.exit('neo4j needs DUTYGRAPH_NEO4J_URI: tools/neo4j.sh start; eval "$(tools/neo4j.sh env)"')
    with tempfile.TemporaryDirectory(prefix="dutygraph-api-bench-") as tmp:
        work = Path(tmp)
        write_corpus(work / "corpus", args.documents)
        sections = [
            f"## {time.strftime('%Y-%m-%d')}: `{' '.join(['bench/api_bench.py', *sys.argv[1:]])}`",
            "",
            f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; one uvicorn process;"
            f" wrk on the same machine, {args.duration} s per row; response cache"
            f" {'off' if args.no_cache else 'on for the embedded store (Neo4j has none): repeated requests are cache hits'}.",
            "",
        ]
        for store in stores:
            sections += [*bench_store(store, work / "corpus", args.documents, args.duration, work), ""]
    text = "\n".join(sections)
    print(text)
    with args.out.open("a", encoding="utf-8") as out:
        out.write(text + "\n")


if __name__ == "__main__":
    main()
