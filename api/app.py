"""The HTTP API: ``create_app(settings)`` builds a FastAPI app over the service.

Every error leaves as one JSON shape, pinned by tests::

    {"status": 404, "code": "not_found", "message": "no task with id 'x'", "details": {}}
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import schemas
from api.settings import Settings, get_settings
from graph.service import GraphService, InvalidArgument, NotFound
from graph.store import StoreError

ServiceFactory = Callable[[Settings], GraphService]


def error_body(status: int, code: str, message: str, details: dict | None = None) -> dict:
    return {"status": status, "code": code, "message": message, "details": details or {}}


def _error(status: int, code: str, message: str, details: dict | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, details), status_code=status)


class StoreDown(Exception):
    def __init__(self, message: str):
        super().__init__(message)


def get_service(request: Request) -> GraphService:
    """The app's service; tests may override this dependency."""
    service = request.app.state.service
    if service is None:
        raise StoreDown(request.app.state.store_error or "the graph store is not open")
    return service


Service = Annotated[GraphService, Depends(get_service)]


def create_app(settings: Settings | None = None, service_factory: ServiceFactory | None = None) -> FastAPI:
    settings = settings or get_settings()
    if service_factory is None:
        from api.wiring import build_service

        service_factory = build_service

    @asynccontextmanager
    async def lifespan(app: FastAPI):
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
        version=schemas.VERSION,
        lifespan=lifespan,
    )

    @app.exception_handler(NotFound)
    async def not_found(request, exc):
        return _error(404, "not_found", str(exc))

    @app.exception_handler(InvalidArgument)
    async def invalid(request, exc):
        return _error(422, "invalid_parameter", str(exc))

    @app.exception_handler(StoreError)
    async def store_error(request, exc):
        return _error(503, "store_unavailable", str(exc), {"dependency": "store"})

    @app.exception_handler(StoreDown)
    async def store_down(request, exc):
        return _error(503, "store_unavailable", str(exc), {"dependency": "store"})

    @app.exception_handler(RequestValidationError)
    async def validation(request, exc):
        problems = [
            {"field": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg", "")} for e in exc.errors()
        ]
        first = problems[0] if problems else {"field": "request", "message": "invalid"}
        return _error(422, "invalid_parameter", f"{first['field']}: {first['message']}", {"errors": problems})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request, exc):
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return _error(exc.status_code, code, str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(request, exc):
        return _error(500, "internal_error", f"unexpected {type(exc).__name__}; see the server log")

    @app.get("/health", response_model=schemas.Health, tags=["service"])
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
        return schemas.Health(
            status="ok", version=schemas.VERSION, store=schemas.Dependency(ok=True, documents=documents)
        )

    @app.get("/orgs", response_model=schemas.Page[schemas.Org], tags=["organizations"])
    def list_orgs(
        service: Service,
        q: Annotated[str | None, Query(description="a name, abbreviation or alias, e.g. 市应急局")] = None,
        jurisdiction: Annotated[str | None, Query(description="九江 or 九江市")] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0)] = 0,
    ):
        """Organizations, optionally matching a name (aliases count: 应急局 finds 应急管理局)."""
        if q:
            orgs = service.find_organizations(q, jurisdiction)
        else:
            orgs = service.store.organizations(service.resolve_jurisdiction(jurisdiction))
        items = [schemas.Org.of(o) for o in orgs[offset : offset + limit]]
        return schemas.Page(total=len(orgs), limit=limit, offset=offset, items=items)

    @app.get("/orgs/{org_id}", response_model=schemas.Org, tags=["organizations"])
    def get_org(org_id: str, service: Service):
        return schemas.Org.of(service.organization(org_id))

    @app.get("/orgs/{org_id}/tasks", response_model=list[schemas.Responsibility], tags=["organizations"])
    def org_tasks(
        org_id: str,
        service: Service,
        role: Annotated[schemas.RoleName | None, Query(description="only edges of this role")] = None,
    ):
        """The organization's tasks, each with its role, evidence and source span."""
        return [schemas.Responsibility.of(r) for r in service.organization_tasks(org_id, role)]

    @app.get("/tasks/{task_id}", response_model=schemas.TaskDetail, tags=["tasks"])
    def get_task(task_id: str, service: Service):
        """One task with its document, section, parties by role, sectors and campaigns."""
        return schemas.TaskDetail.of(service.task(task_id))

    return app
