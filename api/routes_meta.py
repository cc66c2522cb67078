"""Liveness, readiness, version and counts."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api import schemas
from api.deps import Service
from api.errors import responses
from graph.store import StoreError

router = APIRouter(tags=["service"])


@router.get("/health", response_model=schemas.Health, responses={503: {"model": schemas.Health}})
def health(request: Request):
    """Liveness plus the store's state; 503 when the store is down."""
    service = request.app.state.service
    if service is None:
        body = schemas.Health(
            status="unavailable", version=schemas.VERSION,
            store=schemas.Dependency(ok=False, error=request.app.state.store_error),
        )
        return JSONResponse(body.model_dump(), status_code=503)
    try:
        documents = len(service.store.documents())
    except StoreError as exc:
        body = schemas.Health(
            status="unavailable", version=schemas.VERSION, store=schemas.Dependency(ok=False, error=str(exc))
        )
        return JSONResponse(body.model_dump(), status_code=503)
    return schemas.Health(status="ok", version=schemas.VERSION, store=schemas.Dependency(ok=True, documents=documents))


@router.get("/ready", response_model=schemas.Ready, responses={503: {"model": schemas.Ready}})
def ready(request: Request):
    """Ready when the store answers a query; 503 otherwise (for load balancers)."""
    store_name = request.app.state.settings.store_name
    service = request.app.state.service
    try:
        if service is None:
            raise StoreError(request.app.state.store_error or "the graph store is not open")
        service.store.jurisdictions()
    except StoreError as exc:
        body = schemas.Ready(status="unavailable", store=store_name, error=str(exc))
        return JSONResponse(body.model_dump(), status_code=503)
    return schemas.Ready(status="ready", store=store_name)


@router.get("/version", response_model=schemas.VersionInfo)
def version(request: Request):
    return schemas.VersionInfo(name="dutygraph", version=schemas.VERSION, store=request.app.state.settings.store_name)


@router.get("/stats", response_model=schemas.StatsOut, responses=responses(503))
def stats(service: Service):
    """Node and edge counts by label and type."""
    s = service.stats()
    return schemas.StatsOut(documents=s.documents, jurisdictions=s.jurisdictions, nodes=s.counts.nodes,
                            edges=s.counts.edges)
