"""The embedded store: LadybugDB (the maintained fork of Kùzu), no server needed.

The store lives in a folder; the database file inside it is ``graph.lbdb``.
One process may hold it for writing; others may open it read-only meanwhile.
LadybugDB's RuntimeErrors are translated into graph.store's exceptions here
and nowhere else.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import ladybug

from graph import ladybug_cypher as Q
from graph.cypher_store import DELETE_ORPHANS, CypherStore, batched_writes
from graph.model import ParsedDocument
from graph.rows import WriteRows, plan_writes, write_rows
from graph.store import (
    StoreError,
    StoreLocked,
    StoreNotFound,
    StoreUnavailable,
    StoreWriteError,
    WriteOutcome,
)

DATABASE_FILE = "graph.lbdb"
# LadybugDB checkpoints the write-ahead log into the database file whenever the
# log outgrows this; at its default (a few MB) bulk ingest spent most of its
# time checkpointing (bench/results/ingest.md), so let the log grow larger.
CHECKPOINT_THRESHOLD = 256 << 20
_LOCK_PID = re.compile(r"Lock is held by PID (\d+)")


def describe_process(pid: int) -> str:
    """``dutygraph serve (PID 42)`` where the command line can be read."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return f"PID {pid}"
    words = [w for w in raw.decode(errors="replace").split("\0") if w]
    for i, word in enumerate(words[:-1]):
        if word.endswith("dutygraph") or (word == "-m" and words[i + 1] == "api"):
            command = words[i + 2] if word == "-m" and i + 2 < len(words) else words[i + 1]
            return f"`dutygraph {command}` (PID {pid})"
    return f"PID {pid} ({' '.join(words)[:80]})"


class LadybugStore(CypherStore):
    cypher = Q

    def __init__(self, path: str | Path, *, read_only: bool = False):
        self.path = Path(path).expanduser()
        self.read_only = read_only
        # One connection serves every thread (the API's worker pool), one call at a time.
        self._lock = threading.RLock()
        self._db = self._conn = None
        db_file = self.path / DATABASE_FILE
        if read_only and not db_file.exists():
            raise StoreNotFound(f"no graph at {self.path} yet: run `dutygraph ingest PATH...` first")
        if self.path.exists() and not self.path.is_dir():
            raise StoreUnavailable(f"{self.path} is not a folder; --db names the folder that holds the graph")
        try:
            if not read_only:
                self.path.mkdir(parents=True, exist_ok=True)
            self._db = ladybug.Database(
                str(db_file), read_only=read_only, checkpoint_threshold=CHECKPOINT_THRESHOLD
            )
            self._conn = ladybug.Connection(self._db)
        except (RuntimeError, OSError) as exc:
            raise self._translate_open_error(exc) from None
        if not read_only:
            for statement in Q.SCHEMA:
                self._query(statement)

    def _translate_open_error(self, exc: Exception) -> StoreError:
        message = str(exc)
        match = _LOCK_PID.search(message)
        if match:
            holder = describe_process(int(match.group(1)))
            return StoreLocked(
                f"the graph at {self.path} is held for writing by {holder}; stop that process and try again,"
                " or point --db (or DUTYGRAPH_DB) at another folder"
            )
        first_line = message.strip().splitlines()[0] if message.strip() else type(exc).__name__
        return StoreUnavailable(f"cannot open the graph at {self.path}: {first_line}")

    # --- plumbing -------------------------------------------------------
    def _query(self, statement: str, params: dict | None = None) -> list[list]:
        if self._conn is None:
            raise StoreUnavailable(f"the graph at {self.path} is closed")
        try:
            with self._lock:
                result = self._conn.execute(statement, params or {})
                rows = []
                while result.has_next():
                    rows.append(result.get_next())
            return rows
        except RuntimeError as exc:
            raise StoreError(f"graph query failed: {str(exc).strip().splitlines()[0]}") from None

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock:
            self._query(Q.BEGIN)
            try:
                yield
            except BaseException:
                try:
                    self._query(Q.ROLLBACK)
                except StoreError:
                    pass  # a failed statement may already have ended the transaction
                raise
            self._query(Q.COMMIT)

    def _write_rows(self, statement: str, rows: list[dict]) -> None:
        if rows:
            self._query(statement, {"rows": rows})

    # --- writing --------------------------------------------------------
    def write_documents(self, docs: Sequence[ParsedDocument]) -> list[WriteOutcome]:
        if self.read_only:
            raise StoreWriteError(f"the graph at {self.path} was opened read-only")
        existing = self._query(
            Q.FIND_DOCUMENTS_BY_SOURCE_OR_ID,
            {"sources": [d.document.source for d in docs], "ids": [d.document.id for d in docs]},
        )
        outcomes, to_write, to_delete = plan_writes(docs, [tuple(row) for row in existing])
        if not to_write:
            return outcomes
        try:
            with self._transaction():
                touched = set()
                for doc_id in sorted(to_delete):
                    touched |= self._delete_owned(doc_id)
                self._write(write_rows(to_write))
                if to_delete:
                    self._refresh_aliases(touched)
                    self._delete_orphans()
        except StoreError as exc:
            names = ", ".join(p.document.source for p in to_write)
            raise StoreWriteError(f"writing {names} failed, nothing was kept: {exc}") from None
        return outcomes

    def _write(self, rows: WriteRows) -> None:
        ids = [row["id"] for row in rows.organizations]
        known = {row[0] for row in self._query(Q.EXISTING_ORGANIZATIONS, {"ids": ids})} if ids else set()
        self._write_rows(Q.CREATE_ORGANIZATIONS, [row for row in rows.organizations if row["id"] not in known])
        self._write_rows(Q.UPDATE_ORGANIZATIONS, [row for row in rows.organizations if row["id"] in known])
        for statement, batch in batched_writes(Q, rows):
            self._write_rows(statement, batch)

    def _delete_owned(self, doc_id: str) -> set[str]:
        """Delete a document's own nodes and edges; return the orgs it touched."""
        touched = {row[0] for row in self._query(Q.ORG_IDS_OF_DOCUMENT, {"document": doc_id})}
        for statement in Q.DELETE_DOCUMENT_OWNED:
            self._query(statement, {"document": doc_id})
        return touched

    def _delete_orphans(self) -> None:
        for statement in DELETE_ORPHANS:
            self._query(statement)

    def _refresh_aliases(self, org_ids: set[str]) -> None:
        if not org_ids:
            return
        mentions = dict(self._query(Q.ORG_MENTIONS, {"ids": sorted(org_ids)}))
        self._write_rows(
            Q.SET_ORG_ALIASES,
            [{"id": oid, "aliases": sorted(mentions.get(oid, []))} for oid in sorted(org_ids)],
        )

    def delete_document(self, document_id: str) -> bool:
        if not self._query(Q.FIND_DOCUMENTS_BY_SOURCE_OR_ID, {"sources": [], "ids": [document_id]}):
            return False
        with self._transaction():
            touched = self._delete_owned(document_id)
            self._refresh_aliases(touched)
            self._delete_orphans()
        return True

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        conn, db = getattr(self, "_conn", None), getattr(self, "_db", None)
        if conn is not None:
            conn.close()
            self._conn = None
        if db is not None:
            db.close()
            self._db = None
