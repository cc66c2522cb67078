"""Ingest a batch of files into a store: find, parse, write, report.

Parsing happens before anything is written, so a file that cannot be read
never leaves a trace; parsed documents are written in batches (one
transaction each) because a transaction per document costs the embedded store
more than the parsing does.  The next batch is parsed on a second thread while
one is written (the stores release the GIL while they work), and at most two
batches are held in memory.  When a batch fails, its documents are retried one
by one so that one bad document cannot sink the others.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from graph.model import ParsedDocument
from graph.store import GraphStore, StoreUnavailable, StoreWriteError


class Parser(Protocol):
    supported_suffixes: frozenset[str]

    def parse_file(self, path: Path) -> ParsedDocument: ...


@dataclass(frozen=True)
class FileResult:
    path: str
    status: str  # added / replaced / unchanged / failed
    tasks: int = 0
    edges: int = 0
    error: str | None = None


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failed

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)


# A folder walk stops at these, so a tree of nested folders (a "zip bomb" of
# directories) cannot make ingest run or grow without end.
MAX_FOLDER_DEPTH = 16
MAX_FILES_PER_FOLDER = 100_000


def collect_files(paths: Iterable[str | Path], suffixes: frozenset[str]) -> tuple[list[Path], list[FileResult]]:
    """Files to ingest under the given paths, and a failure for each path that has none or too many."""
    files: list[Path] = []
    problems: list[FileResult] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found, limit_hit = _documents_under(path, suffixes)
            if limit_hit:
                problems.append(FileResult(str(path), "failed", error=f"{path}: {limit_hit}"))
            elif not found:
                wanted = ", ".join(sorted(suffixes))
                problems.append(FileResult(str(path), "failed", error=f"{path}: no documents in this folder ({wanted})"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif path.exists():
            problems.append(FileResult(str(path), "failed", error=f"{path}: not a regular file"))
        else:
            problems.append(FileResult(str(path), "failed", error=f"{path}: no such file or folder"))
    return files, problems


def _documents_under(folder: Path, suffixes: frozenset[str]) -> tuple[list[Path], str | None]:
    """Documents below ``folder`` in a stable order, and what limit cut the walk short, if any."""
    found: list[Path] = []
    too_deep = False
    base_depth = len(folder.parts)
    # followlinks=False: a link back up the tree must not make the walk endless.
    for root, dirs, names in os.walk(folder, followlinks=False):
        if len(Path(root).parts) - base_depth >= MAX_FOLDER_DEPTH:
            too_deep = too_deep or bool(dirs)
            dirs[:] = []
        else:
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith(".") and Path(name).suffix.lower() in suffixes:
                found.append(Path(root) / name)
                if len(found) >= MAX_FILES_PER_FOLDER:
                    return found, (f"more than {MAX_FILES_PER_FOLDER:,} documents; only the first"
                                   f" {MAX_FILES_PER_FOLDER:,} were read")
    if too_deep:
        return sorted(found), f"folders nested more than {MAX_FOLDER_DEPTH} deep were skipped"
    return sorted(found), None


def ingest_paths(
    paths: Iterable[str | Path],
    parser: Parser,
    store: GraphStore,
    *,
    batch_size: int = 128,
    on_file: Callable[[FileResult], None] | None = None,
    parse_error: type[Exception] = Exception,
) -> IngestReport:
    files, problems = collect_files(paths, parser.supported_suffixes)
    report = IngestReport(list(problems))
    notify = on_file or (lambda result: None)
    for problem in problems:
        notify(problem)

    def parse_batch(batch: list[Path]) -> list[tuple[Path, ParsedDocument | Exception]]:
        parsed: list[tuple[Path, ParsedDocument | Exception]] = []
        for path in batch:
            try:
                parsed.append((path, parser.parse_file(path)))
            except parse_error as exc:
                parsed.append((path, exc))
        return parsed

    batches = [files[i:i + batch_size] for i in range(0, len(files), batch_size)]
    if not batches:
        return report
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="parse") as pool:
        pending = pool.submit(parse_batch, batches[0])
        for upcoming in [*batches[1:], None]:
            results = pending.result()
            if upcoming is not None:
                pending = pool.submit(parse_batch, upcoming)
            good = []
            for path, outcome in results:
                if isinstance(outcome, Exception):
                    result = FileResult(str(path), "failed", error=str(outcome))
                    report.results.append(result)
                    notify(result)
                else:
                    good.append((path, outcome))
            if good:
                _write_batch(good, store, report, notify)
    return report


def _write_batch(batch, store: GraphStore, report: IngestReport, notify) -> None:
    try:
        outcomes = store.write_documents([parsed for _, parsed in batch])
        pairs = list(zip(batch, outcomes))
    except StoreUnavailable:
        raise
    except StoreWriteError:
        if len(batch) == 1:
            (path, _), = batch
            result = FileResult(str(path), "failed", error=f"{path}: could not be written to the graph")
            report.results.append(result)
            notify(result)
            return
        for item in batch:
            _write_batch([item], store, report, notify)
        return
    for (path, parsed), outcome in pairs:
        result = FileResult(
            str(path), outcome.status, tasks=len(parsed.tasks), edges=len(parsed.responsibilities)
        )
        report.results.append(result)
        notify(result)
