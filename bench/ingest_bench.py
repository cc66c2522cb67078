"""Ingest speed: parsing alone, writing alone, and both, on the sample corpus ×N.

Each copy of the five sample documents gets invented place names, so no two
documents are identical and every copy adds its own jurisdictions and units.

    .venv/bin/python bench/ingest_bench.py --copies 200 --out bench/results/ingest.md

Reports medians over --repeat runs; machines are noisy, so quote ratios.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from graph.ingestion import ingest_paths  # noqa: E402
from graph.ladybug_store import LadybugStore  # noqa: E402
from ingest import DocumentParser, IngestError  # noqa: E402

SAMPLES = REPO / "ingest" / "samples"
# Place names in the samples, replaced per copy by invented ones; 004 names
# no place at all (全县), so each copy of it gets a county of its own.
PLACES = ("九江", "宜春", "浔阳", "江苏", "丰城", "江西", "全县")
SYLLABLES = "安宁平昌和兴永泰丰嘉乐康明清远新华洪长定云石桥林青阳岳金宝河沙湖东西南北峰溪源吉祥"


def invented_names(n: int) -> list[str]:
    names = []
    for a in SYLLABLES:
        for b in SYLLABLES:
            if a != b:
                names.append(a + b)
    if n > len(names):
        raise SystemExit(f"at most {len(names)} distinct place names")
    return names[:n]


def make_corpus(folder: Path, copies: int) -> list[Path]:
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))}
    names = invented_names(copies * len(PLACES))
    files = []
    for i in range(copies):
        mapping = dict(zip(PLACES, names[i * len(PLACES):(i + 1) * len(PLACES)]))
        mapping["全县"] += "县"
        for name, text in texts.items():
            for old, new in mapping.items():
                text = text.replace(old, new)
            path = folder / f"c{i:04d}_{name}"
            path.write_text(text, encoding="utf-8")
            files.append(path)
    return files


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()

    parser = DocumentParser()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus"
        corpus.mkdir()
        files = make_corpus(corpus, args.copies)
        n = len(files)
        megabytes = sum(f.stat().st_size for f in files) / 1e6

        parse_times, write_times, per_doc_write_times, e2e_times = [], [], [], []
        edges = 0
        for run in range(args.repeat):
            seconds, parsed = timed(lambda: [parser.parse_file(f) for f in files])
            parse_times.append(seconds)
            edges = sum(len(p.responsibilities) for p in parsed)

            store = LadybugStore(tmp / f"write{run}")
            batches = [parsed[i:i + args.batch_size] for i in range(0, n, args.batch_size)]
            seconds, _ = timed(lambda: [store.write_documents(b) for b in batches])
            write_times.append(seconds)
            store.close()

            if run == 0:  # one transaction per document: the shape we chose not to use
                store = LadybugStore(tmp / "per_doc")
                seconds, _ = timed(lambda: [store.write_documents([p]) for p in parsed])
                per_doc_write_times.append(seconds)
                store.close()

            store = LadybugStore(tmp / f"e2e{run}")
            seconds, report = timed(
                lambda: ingest_paths([corpus], parser, store, batch_size=args.batch_size, parse_error=IngestError)
            )
            assert report.ok and len(report.results) == n, report.failed[:3]
            e2e_times.append(seconds)
            counts = store.counts()
            store.close()

    med = statistics.median
    rows = [
        ("parse only", med(parse_times)),
        (f"write only, batches of {args.batch_size} documents", med(write_times)),
        ("write only, one transaction per document", med(per_doc_write_times)),
        ("end to end (`ingest_paths`: parse on a second thread while writing)", med(e2e_times)),
    ]
    lines = [
        "# Ingest benchmark",
        "",
        f"Command: `.venv/bin/python bench/ingest_bench.py --copies {args.copies} --repeat {args.repeat}`",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
        f" {time.strftime('%Y-%m-%d')}",
        f"Corpus: the 5 sample documents × {args.copies} with invented place names = {n} documents,"
        f" {megabytes:.1f} MB, {edges} responsibility edges; graph after load: {counts.total_nodes} nodes,"
        f" {counts.total_edges} edges. Medians of {args.repeat} runs"
        f" (the per-document row: 1 run).",
        "",
        "| path | seconds | documents/s | responsibility edges/s |",
        "|---|---:|---:|---:|",
    ]
    for label, seconds in rows:
        lines.append(f"| {label} | {seconds:.2f} | {n / seconds:,.0f} | {edges / seconds:,.0f} |")
    parse, write = med(parse_times), med(write_times)
    lines += [
        "",
        f"Split of end-to-end time: parsing {parse / (parse + write):.0%}, writing {write / (parse + write):.0%}."
        f" Batched writes are {med(per_doc_write_times) / write:.1f}× faster than a transaction per document.",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
