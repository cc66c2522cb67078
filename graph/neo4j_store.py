"""The production store: Neo4j 5 through the official `neo4j` driver.

(py2neo, which the product card names, is end-of-life upstream and does not
support Neo4j 5.)  A batch of documents is written in one transaction, so it
lands whole or not at all; reads are routed as reads.  The driver's
exceptions are translated into graph.store's here and nowhere else.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import TypeVar

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired

from graph import neo4j_cypher as Q
from graph.cypher_store import DELETE_ORPHANS, CypherStore, batched_writes
from graph.model import ParsedDocument
from graph.rows import WriteRows, plan_writes, write_rows
from graph.store import QueryRejected, QueryResult, StoreError, StoreUnavailable, StoreWriteError, WriteOutcome

T = TypeVar("T")
_OFF_LIMITS = re.compile(r"\bLOAD\s+CSV\b|\b(?:dbms|apoc|db\.create|gds)\.", re.IGNORECASE)
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class Neo4jStore(CypherStore):
    cypher = Q

    def __init__(self, uri: str, user: str, password: str, database: str = "neo4j", *, timeout: float = 10.0):
        self.uri, self.user, self.database = uri, user, database
        if uri.split("://", 1)[0] not in SCHEMES or "://" not in uri:
            raise StoreUnavailable(f"bad Neo4j address {uri!r}: use bolt://HOST:PORT or neo4j://HOST:PORT")
        try:
            self._driver = GraphDatabase.driver(
                uri, auth=(user, password), connection_timeout=timeout, max_transaction_retry_time=timeout
            )
            self._driver.verify_connectivity()
        except Exception as exc:  # the driver raises ValueError for a malformed URI too
            raise self._translate(exc) from None
        self._apply_schema()

    # --- the one boundary where driver exceptions become ours ------------
    def _translate(self, exc: Exception, writing: bool = False) -> StoreError:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if isinstance(exc, AuthError):
            return StoreUnavailable(f"Neo4j at {self.uri} refused the credentials of user {self.user!r}")
        if isinstance(exc, (ServiceUnavailable, SessionExpired, OSError)):
            return StoreUnavailable(f"Neo4j at {self.uri} is unreachable ({_reason(str(exc))})")
        if isinstance(exc, ValueError):
            return StoreUnavailable(f"bad Neo4j address {self.uri!r}: {detail}")
        if isinstance(exc, Neo4jError) and exc.code and "DatabaseNotFound" in exc.code:
            return StoreUnavailable(f"Neo4j at {self.uri} has no database {self.database!r}")
        return (StoreWriteError if writing else StoreError)(f"Neo4j query failed: {detail}")

    def _query(self, statement: str, params: dict | None = None) -> list[list]:
        def work(tx):
            return [list(record.values()) for record in tx.run(statement, params or {})]

        try:
            with self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                return session.execute_read(work)
        except (DriverError, Neo4jError, OSError) as exc:
            raise self._translate(exc) from None

    def _write_tx(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        try:
            with self._driver.session(database=self.database) as session:
                return session.execute_write(work)
        except (DriverError, Neo4jError, OSError) as exc:
            raise self._translate(exc, writing=True) from None

    def _apply_schema(self) -> None:
        # Schema statements may not share a transaction with each other or with data.
        for statement in Q.SCHEMA:
            self._write_tx(lambda tx: tx.run(statement).consume())

    # --- writing --------------------------------------------------------
    def write_documents(self, docs: Sequence[ParsedDocument]) -> list[WriteOutcome]:
        existing = self._query(
            Q.FIND_DOCUMENTS_BY_SOURCE_OR_ID,
            {"sources": [d.document.source for d in docs], "ids": [d.document.id for d in docs]},
        )
        outcomes, to_write, to_delete = plan_writes(docs, [tuple(row) for row in existing])
        if not to_write:
            return outcomes
        rows = write_rows(to_write)

        def work(tx):
            touched: set[str] = set()
            for doc_id in sorted(to_delete):
                touched |= _delete_owned(tx, doc_id)
            _write(tx, rows)
            if to_delete:
                _refresh_aliases(tx, touched)
                for statement in DELETE_ORPHANS:
                    tx.run(statement).consume()

        try:
            self._write_tx(work)
        except StoreUnavailable:
            raise
        except StoreError as exc:
            names = ", ".join(p.document.source for p in to_write)
            raise StoreWriteError(f"writing {names} failed, nothing was kept: {exc}") from None
        return outcomes

    def delete_document(self, document_id: str) -> bool:
        if not self._query(Q.FIND_DOCUMENTS_BY_SOURCE_OR_ID, {"sources": [], "ids": [document_id]}):
            return False

        def work(tx):
            _refresh_aliases(tx, _delete_owned(tx, document_id))
            for statement in DELETE_ORPHANS:
                tx.run(statement).consume()

        self._write_tx(work)
        return True

    # --- power users ----------------------------------------------------
    def run_read_only(self, query: str, params: dict, *, timeout: float, limit: int) -> QueryResult:
        """One query in a READ session: Neo4j itself refuses writes; ``timeout`` seconds; ``limit`` rows."""
        if _OFF_LIMITS.search(query):
            # Read mode still lets these read files, fetch URLs or administer the server.
            raise QueryRejected("LOAD CSV and dbms/apoc procedures are not offered here", "refused")

        def collect(tx) -> tuple[list[str], list[list], bool]:
            result = tx.run(query, params)
            columns, rows = list(result.keys()), []
            for record in result:
                if len(rows) == limit:
                    return columns, rows, True
                rows.append([_plain(v) for v in record.values()])
            return columns, rows, False

        try:
            with self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                # An explicit transaction, not execute_read: a user's query runs once, never retried.
                with session.begin_transaction(timeout=timeout) as tx:
                    columns, rows, truncated = collect(tx)
        except Neo4jError as exc:
            raise _rejected(exc) or self._translate(exc) from None
        except (DriverError, OSError) as exc:
            raise self._translate(exc) from None
        return QueryResult(columns, rows, truncated)

    def close(self) -> None:
        self._driver.close()


def _rejected(exc: Neo4jError) -> QueryRejected | None:
    """The server's refusals of a user's query, by its status code."""
    code = exc.code or ""
    detail = (exc.message or str(exc)).strip().splitlines()[0] if (exc.message or str(exc)).strip() else code
    if "AccessMode" in code or "WriteOnReadOnlyAccess" in code or "ForbiddenOnReadOnlyDatabase" in code:
        return QueryRejected(f"only read queries run here: {detail}", "write")
    if "Timeout" in code or "TransactionTimedOut" in code:
        return QueryRejected(f"the query ran past its time limit: {detail}", "timeout")
    if code.startswith("Neo.ClientError.Statement") or code.startswith("Neo.ClientError.Procedure"):
        return QueryRejected(f"the query cannot run: {detail}", "syntax")
    if code.startswith("Neo.ClientError.Security"):
        return QueryRejected(f"the query was refused: {detail}", "refused")
    return None


def _plain(value):
    """A driver value as JSON: nodes and relationships as their properties, the rest as text."""
    if isinstance(value, neo4j.graph.Node):
        return {"labels": sorted(value.labels), "properties": {k: _plain(v) for k, v in value.items()}}
    if isinstance(value, neo4j.graph.Relationship):
        return {"type": value.type, "start": value.start_node.get("id") if value.start_node else None,
                "end": value.end_node.get("id") if value.end_node else None,
                "properties": {k: _plain(v) for k, v in value.items()}}
    if isinstance(value, neo4j.graph.Path):
        return {"nodes": [_plain(n) for n in value.nodes], "relationships": [_plain(r) for r in value.relationships]}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # JSON has no NaN or Infinity
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _reason(message: str) -> str:
    """The driver's multi-line connection error, as a few words."""
    lowered = message.lower()
    for needle, reason in (("refused", "connection refused"), ("timed out", "timed out"),
                           ("reset", "connection reset"), ("defunct", "connection lost"),
                           ("closed", "connection closed")):
        if needle in lowered:
            return reason
    first = message.strip().splitlines()[0] if message.strip() else "no answer"
    return first.rstrip(":")


def _write(tx, rows: WriteRows) -> None:
    for statement, batch in [(Q.MERGE_ORGANIZATIONS, rows.organizations), *batched_writes(Q, rows)]:
        if batch:
            tx.run(statement, rows=batch).consume()


def _delete_owned(tx, doc_id: str) -> set[str]:
    touched = {record[0] for record in tx.run(Q.ORG_IDS_OF_DOCUMENT, document=doc_id)}
    for statement in Q.DELETE_DOCUMENT_OWNED:
        tx.run(statement, document=doc_id).consume()
    return touched


def _refresh_aliases(tx, org_ids: set[str]) -> None:
    if not org_ids:
        return
    mentions = {r[0]: r[1] for r in tx.run(Q.ORG_MENTIONS, ids=sorted(org_ids))}
    rows = [{"id": oid, "aliases": sorted(mentions.get(oid, []))} for oid in sorted(org_ids)]
    tx.run(Q.SET_ORG_ALIASES, rows=rows).consume()
