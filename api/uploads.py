"""Uploaded files into the graph: safe names, a size limit, one batch at a time.

Uploads are written under their (cleaned) names into a private temporary folder, so the
graph records the name the client sent (a document's `source`) and nothing a client sends
can point outside that folder.  Batches are serialised, and files with the same content in
one batch are written once, so concurrent or repeated uploads of one document never
duplicate it (the stores are idempotent on content and source besides).
"""

from __future__ import annotations

import hashlib
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from graph.ingestion import FileResult, IngestReport, ingest_paths

MAX_NAME_BYTES = 200
_FORBIDDEN = set('<>:"|?*\\/')


def safe_name(raw: str | None, index: int) -> str:
    """A client's file name as a plain base name: no folders, no control characters, no leading dots."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if ch.isprintable() and ch not in _FORBIDDEN).strip().lstrip(".").strip()
    while len(name.encode()) > MAX_NAME_BYTES:
        stem, dot, suffix = name.rpartition(".")
        name = f"{stem[:-1]}{dot}{suffix}" if dot and len(suffix) < 10 and stem else name[:-1]
    return name or f"upload-{index}"


@dataclass(frozen=True)
class Upload:
    name: str  # as the client sent it
    data: bytes


class Uploader:
    """Ingests batches of uploads through one open store, one batch at a time."""

    def __init__(self, store, parser_factory):
        self.store = store
        self._parser_factory = parser_factory
        self._parser = None
        self._lock = threading.Lock()

    def ingest(self, uploads: list[Upload]) -> IngestReport:
        from ingest import IngestError

        with self._lock:
            if self._parser is None:
                self._parser = self._parser_factory()
            report = IngestReport()
            with tempfile.TemporaryDirectory(prefix="dutygraph-upload-") as tmp:
                folder = Path(tmp)
                first_by_hash: dict[str, str] = {}
                names: dict[str, str] = {}  # safe name → content hash
                to_ingest: list[Path] = []
                later: list[tuple[int, str, str]] = []  # (position, name, twin name)
                for i, upload in enumerate(uploads):
                    name = safe_name(upload.name, i + 1)
                    digest = hashlib.sha256(upload.data).hexdigest()
                    if name in names and names[name] != digest:
                        later.append((i, name, ""))
                        continue
                    if digest in first_by_hash or name in names:
                        later.append((i, name, first_by_hash.get(digest, name)))
                        continue
                    names[name], first_by_hash[digest] = digest, name
                    (folder / name).write_bytes(upload.data)
                    to_ingest.append(folder / name)
                done = ingest_paths(to_ingest, self._parser, self.store, parse_error=IngestError) if to_ingest else None
                by_name = {Path(r.path).name: _relative(r, folder) for r in (done.results if done else [])}
                for i, upload in enumerate(uploads):
                    name = safe_name(upload.name, i + 1)
                    twin = next((t for pos, n, t in later if pos == i), None)
                    if twin is None:
                        report.results.append(by_name[name])
                    elif twin == "":
                        report.results.append(FileResult(name, "failed", error=f"{name}: another upload in this "
                                                                                     "batch has the same name"))
                    else:
                        same = by_name[twin]
                        status = "failed" if same.status == "failed" else "unchanged"
                        report.results.append(FileResult(name, status, same.tasks, same.edges, same.error))
            return report


def _relative(result: FileResult, folder: Path) -> FileResult:
    """Reports name the upload, never the private folder it was staged in."""
    prefix = f"{folder}/"
    error = result.error.replace(prefix, "") if result.error else None
    return FileResult(Path(result.path).name, result.status, result.tasks, result.edges, error)
