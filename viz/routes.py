"""The graph browser over HTTP: ``build_router(get_service)`` mounts it under /viz.

Every page ``/viz/X`` has a JSON twin ``/viz/data/X`` with the very nodes and edges the page
draws (tests compare the two).  Pages turn a missing entity into an HTML error page; the
JSON twins let the app's error handlers answer in its one JSON error shape.
"""

# No `from __future__ import annotations`: FastAPI must see the closure-local `Service` type itself.

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse

from graph.service import GraphService, InvalidArgument, NotFound
from viz import overview, views
from viz.model import View
from viz.render import VIS_FILES, PageMode, asset_path, render_error, render_page

Limit = Annotated[int, Query(ge=1, le=2000, description="most nodes drawn; the page says when it bites")]
Opt = Annotated[str | None, Query()]


def build_router(get_service: Callable[..., GraphService]) -> APIRouter:
    router = APIRouter(prefix="/viz", tags=["graph browser"])
    Service = Annotated[GraphService, Depends(get_service)]

    def base_of(request: Request) -> str:
        return request.scope.get("root_path", "") + "/viz/"

    def page(request: Request, service: GraphService, build: Callable[[], View]) -> HTMLResponse:
        base = base_of(request)
        try:
            view = build()
        except NotFound as exc:
            return HTMLResponse(render_error("找不到 Not found", str(exc), base), status_code=404)
        except InvalidArgument as exc:
            return HTMLResponse(render_error("参数有误 Invalid parameter", str(exc), base), status_code=422)
        names = tuple(overview.search_names(service))
        return HTMLResponse(render_page(view, PageMode(base, names)))

    def both(path: str, summary: str):
        """Register one view builder as a page and as its JSON twin."""

        def register(make):
            def html(request: Request, service: Service, built=Depends(make)):
                return page(request, service, built)

            def data(service: Service, built=Depends(make)):
                return JSONResponse(built().as_dict())

            router.add_api_route(path, html, methods=["GET"], response_class=HTMLResponse, summary=summary)
            router.add_api_route("/data" + path, data, methods=["GET"], summary=f"{summary} (JSON)")
            return make

        return register

    @router.get("", include_in_schema=False)
    def root(request: Request):
        return RedirectResponse(base_of(request), status_code=307)

    @router.get("/static/{name}", include_in_schema=False)
    def static(name: str):
        if name not in VIS_FILES:
            raise NotFound(f"no static file {name!r}")
        return FileResponse(asset_path(name), media_type=VIS_FILES[name],
                            headers={"Cache-Control": "public, max-age=86400"})

    @both("/", "Landing page: documents, busiest units, campaigns, sectors")
    def home(service: Service):
        return lambda: overview.home_view(service)

    @both("/org/{org_id:path}", "An organization's tasks by role")
    def org(service: Service, org_id: str, role: Opt = None, document: Opt = None, year: Opt = None,
            jurisdiction: Opt = None, limit: Limit = views.DEFAULT_LIMIT):
        def build():
            try:
                return views.org_view(service, org_id, role=role or None, document=document or None,
                                      year=year or None, jurisdiction=jurisdiction or None, limit=limit)
            except ValueError as exc:  # an unknown role
                raise InvalidArgument(str(exc)) from None
        return build

    @both("/task/{task_id:path}", "A task with every party, sector, campaign and the evidence")
    def task(service: Service, task_id: str):
        return lambda: views.task_view(service, task_id)

    @both("/sector/{name}", "A sector: its tasks, units and covering committee")
    def sector(service: Service, name: str, limit: Limit = views.DEFAULT_LIMIT):
        return lambda: views.topic_view(service, "sector", name, limit)

    @both("/campaign/{name}", "A campaign: its tasks and units")
    def campaign(service: Service, name: str, limit: Limit = views.DEFAULT_LIMIT):
        return lambda: views.topic_view(service, "campaign", name, limit)

    @both("/document/{document:path}", "A document's sections, tasks and units")
    def document(service: Service, document: str, limit: Limit = views.DEFAULT_LIMIT):
        return lambda: views.document_view(service, document, limit)

    @both("/compare", "Two jurisdictions side by side")
    def compare(service: Service, a: Annotated[str, Query(description="e.g. 九江")],
                b: Annotated[str, Query(description="e.g. 宜春")]):
        return lambda: overview.compare_view(service, a, b)

    @both("/node/{node_id:path}", "Any node's neighbourhood")
    def node(service: Service, node_id: str, limit: Limit = views.DEFAULT_LIMIT):
        return lambda: views.node_view(service, node_id, limit)

    @router.get("/search", response_class=HTMLResponse, summary="Jump to an entity by name (aliases count)")
    def search(request: Request, service: Service, q: str = ""):
        hits = overview.search_hits(service, q)
        if len(hits) == 1 and hits[0].href:
            return RedirectResponse(base_of(request) + hits[0].href, status_code=303)
        return page(request, service, lambda: overview.search_view(service, q))

    return router
