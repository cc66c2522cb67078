"""Building the parser and the service from settings: the composition root."""

from __future__ import annotations

from api.settings import Settings
from graph.service import GraphService
from graph.stores import open_store


def build_parser():
    from ingest import DocumentParser

    return DocumentParser()


def build_service(settings: Settings, *, read_only: bool = False) -> GraphService:
    from ingest.resolve import OrgLexicon, Resolver

    store = open_store(
        settings.db_path,
        read_only=read_only,
        neo4j_uri=settings.neo4j_uri,
        neo4j_user=settings.neo4j_user,
        neo4j_password=settings.neo4j_password,
        neo4j_database=settings.neo4j_database,
    )
    return GraphService(store, Resolver(OrgLexicon.load()))
