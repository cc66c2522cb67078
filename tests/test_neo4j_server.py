"""Smoke test against a real Neo4j server (see tools/neo4j.sh).

Runs only when DUTYGRAPH_NEO4J_URI is set, e.g.:

    URI=$(tools/neo4j.sh start)
    DUTYGRAPH_NEO4J_URI=$URI DUTYGRAPH_NEO4J_USER=neo4j \
    DUTYGRAPH_NEO4J_PASSWORD=dutygraph-test \
        .venv/bin/python -m pytest tests/test_neo4j_server.py
    tools/neo4j.sh stop

DUTYGRAPH_NEO4J_USER / DUTYGRAPH_NEO4J_PASSWORD default to neo4j / dutygraph-test
(the defaults of tools/neo4j.sh). Set DUTYGRAPH_NEO4J_AUTH=none for a server
started with --no-auth (the wrong-password test is then skipped).
"""

from __future__ import annotations

import os
import uuid

import pytest

URI = os.environ.get("DUTYGRAPH_NEO4J_URI", "").strip()

pytestmark = pytest.mark.skipif(
    not URI,
    reason="DUTYGRAPH_NEO4J_URI is not set (start a server with tools/neo4j.sh start)",
)

neo4j = pytest.importorskip("neo4j", reason="the neo4j Python driver is not installed")

USER = os.environ.get("DUTYGRAPH_NEO4J_USER", "neo4j")
PASSWORD = os.environ.get("DUTYGRAPH_NEO4J_PASSWORD", "dutygraph-test")
AUTH_ENABLED = os.environ.get("DUTYGRAPH_NEO4J_AUTH", "basic").lower() != "none"
DATABASE = "neo4j"
AGENCY = "九江市应急管理局"


def _auth(password: str = PASSWORD):
    return neo4j.basic_auth(USER, password) if AUTH_ENABLED else None


@pytest.fixture(scope="module")
def driver():
    drv = neo4j.GraphDatabase.driver(URI, auth=_auth(), connection_timeout=10)
    try:
        drv.verify_connectivity()
        yield drv
    finally:
        drv.close()


def test_return_one(driver):
    records, _, _ = driver.execute_query("RETURN 1 AS one", database_=DATABASE)
    assert [r["one"] for r in records] == [1]


def test_chinese_property_roundtrip(driver):
    marker = f"smoke-{uuid.uuid4()}"
    try:
        driver.execute_query(
            "CREATE (:SmokeTestAgency {name: $name, marker: $marker})",
            name=AGENCY,
            marker=marker,
            database_=DATABASE,
        )
        records, _, _ = driver.execute_query(
            "MATCH (a:SmokeTestAgency {marker: $marker}) RETURN a.name AS name",
            marker=marker,
            database_=DATABASE,
        )
        assert [r["name"] for r in records] == [AGENCY]

        # The same string also works as a lookup key.
        records, _, _ = driver.execute_query(
            "MATCH (a:SmokeTestAgency {name: $name, marker: $marker}) RETURN count(a) AS n",
            name=AGENCY,
            marker=marker,
            database_=DATABASE,
        )
        assert records[0]["n"] == 1
    finally:
        driver.execute_query(
            "MATCH (a:SmokeTestAgency {marker: $marker}) DETACH DELETE a",
            marker=marker,
            database_=DATABASE,
        )


def test_wrong_password_is_rejected():
    if not AUTH_ENABLED:
        pytest.skip("server runs without auth (DUTYGRAPH_NEO4J_AUTH=none)")
    bad = neo4j.GraphDatabase.driver(
        URI, auth=_auth(PASSWORD + "-wrong"), connection_timeout=10
    )
    try:
        with pytest.raises(neo4j.exceptions.AuthError):
            bad.verify_connectivity()
    finally:
        bad.close()
