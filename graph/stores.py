"""Opening the configured store: the one place that knows which backends exist."""

from __future__ import annotations

from pathlib import Path

from graph.store import GraphStore


def open_store(
    db_path: str | Path,
    *,
    read_only: bool = False,
    neo4j_uri: str | None = None,
    neo4j_user: str = "neo4j",
    neo4j_password: str = "",
    neo4j_database: str = "neo4j",
) -> GraphStore:
    """Neo4j when a URI is configured, else the embedded LadybugDB store in the folder ``db_path``."""
    if neo4j_uri:
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore(neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
    from graph.ladybug_store import LadybugStore

    return LadybugStore(db_path, read_only=read_only)
