"""The HTTP API: ``create_app(settings)`` builds a FastAPI app over the service.

Every error leaves as one JSON shape, pinned by tests (api/errors.py)::

    {"status": 404, "code": "not_found", "message": "no task with id 'x'", "details": {}}

Routes live in one module per resource (api/routes_*.py); this module wires them up.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import errors, schemas
from api.cache import ResponseCache
from api.deps import get_service
from api.examples import add_examples
from api.routes_ask import router as ask_router
from api.routes_cypher import router as cypher_router
from api.routes_documents import router as documents_router
from api.routes_graph import router as graph_router
from api.routes_ingest import router as ingest_router
from api.routes_meta import router as meta_router
from api.routes_orgs import router as orgs_router
from api.routes_topics import router as topics_router
from api.settings import Settings, get_settings
from graph.service import GraphService
from graph.store import StoreError
from viz.routes import build_router

ServiceFactory = Callable[[Settings], GraphService]

DESCRIPTION = """Who owns which task in Chinese work-safety plans: a responsibility graph.

Entities (documents, tasks, organizations, sectors, campaigns, jurisdictions) have lists with
filters and a detail view; relations are asked by meaning (an organization's tasks by role, a
task's parties, a campaign's units, a node's neighbourhood); `/ask` answers questions in Chinese.
Every error is `{"status", "code", "message", "details"}`.  `/ingest` and `/cypher` need the
`X-API-Key` header."""


def create_app(settings: Settings | None = None, service_factory: ServiceFactory | None = None) -> FastAPI:
    settings = settings or get_settings()
    if service_factory is None:
        from api.wiring import build_service

        service_factory = build_service

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Sync routes run on this loop's worker threads (40 unless set); see Settings.threads.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        app.state.service = None
        app.state.store_error = None
        try:
            app.state.service = service_factory(settings)
        except StoreError as exc:
            app.state.store_error = str(exc)
        yield
        if app.state.service is not None:
            app.state.service.store.close()

    app = FastAPI(
        title="dutygraph",
        summary="Who owns which task in Chinese work-safety plans: a responsibility graph.",
        description=DESCRIPTION,
        version=schemas.VERSION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.service = None
    app.state.store_error = "the app has not started"
    app.state.uploader = None
    app.state.generation = 0  # bumped by every ingest through this app
    # Added before CORS so that it sits inside it: CORS headers are computed per request.
    app.add_middleware(ResponseCache)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
            allow_headers=["X-API-Key", "Content-Type"],
        )
    errors.install(app)
    for router in (meta_router, orgs_router, documents_router, topics_router, graph_router, ask_router,
                   ingest_router, cypher_router):
        app.include_router(router)
    app.include_router(build_router(get_service))
    add_examples(app)
    return app
