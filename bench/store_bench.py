"""Both stores on the synthetic 1,000-document corpus: load speed and the lead query.

    .venv/bin/python bench/store_bench.py --documents 1000 --out bench/results/stores.md

For each store, in one run: documents/s and edges/s of a full batched load,
the per-row baseline (one MERGE per responsibility edge, each its own
transaction) on a sample of edges, and p50/p95 latency of "tasks led by org"
over random organizations of the loaded graph.  Neo4j is the test server of
tools/neo4j.sh (started here, and stopped, unless DUTYGRAPH_NEO4J_URI is set).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.synth import write_corpus  # noqa: E402
from graph.model import Role  # noqa: E402
from ingest import DocumentParser  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def load(store, parsed, batch_size) -> float:
    start = time.perf_counter()
    for i in range(0, len(parsed), batch_size):
        store.write_documents(parsed[i:i + batch_size])
    return time.perf_counter() - start


def per_row_edges(store, parsed, run_one) -> tuple[int, float]:
    """Nodes batched, then every responsibility edge as its own MERGE statement and transaction."""
    store.write_documents([dataclasses.replace(p, responsibilities=[]) for p in parsed])
    edges = [r for p in parsed for r in p.responsibilities]
    start = time.perf_counter()
    for r in edges:
        run_one(r)
    return len(edges), time.perf_counter() - start


def edge_params(r) -> dict:
    return {
        "org": r.org, "task": r.task, "document": r.document, "mention": r.mention,
        "evidence": r.evidence, "span_start": r.span[0], "span_end": r.span[1],
    }


def lead_latencies(store, samples: int, rng: random.Random) -> list[float]:
    orgs = [o.id for o in store.organizations() if o.kind != "group"]
    chosen = [rng.choice(orgs) for _ in range(samples)]
    for org in chosen[:20]:  # warm caches and connections
        store.responsibilities(org_ids=[org], role=Role.LEAD)
    times = []
    for org in chosen:
        start = time.perf_counter()
        store.responsibilities(org_ids=[org], role=Role.LEAD)
        times.append((time.perf_counter() - start) * 1000)
    return times


def open_ladybug(tmp: Path, name: str):
    from graph.ladybug_store import LadybugStore

    return LadybugStore(tmp / name)


def open_neo4j(settings: dict):
    import neo4j

    from graph.neo4j_store import Neo4jStore

    with neo4j.GraphDatabase.driver(settings["uri"], auth=(settings["user"], settings["password"])) as driver:
        with driver.session() as session:
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    return Neo4jStore(settings["uri"], settings["user"], settings["password"], timeout=60)


def start_neo4j() -> tuple[dict, bool]:
    if os.environ.get("DUTYGRAPH_NEO4J_URI"):
        return {
            "uri": os.environ["DUTYGRAPH_NEO4J_URI"],
            "user": os.environ.get("DUTYGRAPH_NEO4J_USER", "neo4j"),
            "password": os.environ.get("DUTYGRAPH_NEO4J_PASSWORD", "dutygraph-test"),
        }, False
    # A production-like memory setting, unlike the small test default.
    env = {**os.environ, "NEO4J_PAGECACHE_MB": "1024", "NEO4J_JAVA_OPTS": "-Xms2g -Xmx2g"}
    uri = subprocess.run([str(REPO / "tools" / "neo4j.sh"), "start"], check=True, capture_output=True,
                         text=True, env=env).stdout.strip()
    return {"uri": uri, "user": "neo4j", "password": os.environ.get("DUTYGRAPH_NEO4J_PASSWORD", "dutygraph-test")}, True


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", type=int, default=1000)
    ap.add_argument("--per-row-documents", type=int, default=20)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--stores", default="ladybug,neo4j")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    rng = random.Random(11)

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        files = write_corpus(tmp / "corpus", args.documents)
        parser = DocumentParser()
        start = time.perf_counter()
        parsed = [parser.parse_file(f) for f in files]
        parse_seconds = time.perf_counter() - start
        n_edges = sum(len(p.responsibilities) for p in parsed)
        n_tasks = sum(len(p.tasks) for p in parsed)
        sample = parsed[: args.per_row_documents]

        results = []
        for kind in args.stores.split(","):
            stop = False
            if kind == "ladybug":
                from graph import ladybug_cypher as Q

                store = open_ladybug(tmp, "per-row")

                def run_one(r, store=store):
                    store._query(Q.MERGE_ONE_ROLE_EDGE[r.role.rel_type], edge_params(r))

                rows, row_seconds = per_row_edges(store, sample, run_one)
                store.close()
                store = open_ladybug(tmp, "batched")
            else:
                from graph import neo4j_cypher as Q

                settings, stop = start_neo4j()
                store = open_neo4j(settings)

                def run_one(r, store=store):
                    statement = Q.MERGE_ONE_ROLE_EDGE[r.role.rel_type]
                    store._write_tx(lambda tx: tx.run(statement, edge_params(r)).consume())

                rows, row_seconds = per_row_edges(store, sample, run_one)
                store.close()
                store = open_neo4j(settings)
            try:
                load_seconds = load(store, parsed, args.batch_size)
                counts = store.counts()
                latencies = lead_latencies(store, args.queries, rng)
            finally:
                store.close()
                if stop:
                    subprocess.run([str(REPO / "tools" / "neo4j.sh"), "stop"], capture_output=True)
            results.append((kind, load_seconds, rows / row_seconds, latencies, counts))

    lines = [
        "# Store benchmark",
        "",
        f"Command: `.venv/bin/python bench/store_bench.py --documents {args.documents}`",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
        f" {time.strftime('%Y-%m-%d')}. Neo4j 5.26 Community from tools/neo4j.sh (heap 2 GB, page cache 1 GB) on the same machine.",
        f"Corpus: bench/synth.py, {args.documents} documents, {n_tasks} tasks, {n_edges} responsibility edges"
        f" (parsed in {parse_seconds:.1f} s, not counted below). Loads are batched {args.batch_size} documents"
        f" a transaction; the per-row baseline MERGEs each responsibility edge in its own transaction over the"
        f" first {args.per_row_documents} documents; the lead query runs {args.queries} times on random"
        " organizations of the loaded graph.",
        "",
        "| store | load s | documents/s | responsibility edges/s | all edges/s | per-row edges/s | batched ÷ per-row"
        " | lead query p50 ms | p95 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, seconds, per_row, latencies, counts in results:
        batched = n_edges / seconds
        lines.append(
            f"| {kind} | {seconds:.1f} | {args.documents / seconds:,.0f} | {batched:,.0f} |"
            f" {counts.total_edges / seconds:,.0f} | {per_row:,.0f} | {batched / per_row:.0f}× |"
            f" {statistics.median(latencies):.2f} | {percentile(latencies, 0.95):.2f} |"
        )
    lines.append("")
    lines.append(f"Graph after the load: {results[0][4].total_nodes} nodes, {results[0][4].total_edges} edges.")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
