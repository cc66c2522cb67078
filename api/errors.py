"""One JSON shape for every error: {status, code, message, details}, and the handlers that make it.

Service and store exceptions are mapped here, once; routes raise them or ``ApiError``.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.schemas import Error
from graph.service import InvalidArgument, NotFound, Unsupported
from graph.store import QueryRejected, StoreError


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, details: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details or {}


class StoreDown(Exception):
    """The store could not be opened when the app started."""


def error_body(status: int, code: str, message: str, details: dict | None = None) -> dict:
    return {"status": status, "code": code, "message": message, "details": details or {}}


def error_response(status: int, code: str, message: str, details: dict | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, details), status_code=status)


def responses(*statuses: int) -> dict:
    """OpenAPI entries for the errors a route may return, all of the one Error shape."""
    described = {
        400: "the request cannot be run (a bad query)", 401: "no API key given", 403: "wrong API key, or disabled",
        404: "unknown id or name", 408: "the query ran past its time limit", 413: "the upload is too large",
        422: "a parameter that cannot be understood", 501: "the configured store cannot do this",
        503: "the graph store is unreachable",
    }
    return {s: {"model": Error, "description": described[s]} for s in statuses}


_QUERY_REJECTED = {"syntax": (400, "bad_query"), "write": (403, "read_only"), "timeout": (408, "query_timeout"),
                   "refused": (400, "bad_query")}


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request, exc: ApiError):
        return error_response(exc.status, exc.code, exc.message, exc.details)

    @app.exception_handler(NotFound)
    async def not_found(request, exc):
        return error_response(404, "not_found", str(exc))

    @app.exception_handler(InvalidArgument)
    async def invalid(request, exc):
        return error_response(422, "invalid_parameter", str(exc))

    @app.exception_handler(Unsupported)
    async def unsupported(request, exc):
        return error_response(501, "unsupported", str(exc))

    @app.exception_handler(QueryRejected)
    async def rejected(request, exc: QueryRejected):
        status, code = _QUERY_REJECTED.get(exc.reason, (400, "bad_query"))
        return error_response(status, code, str(exc), {"reason": exc.reason})

    @app.exception_handler(StoreError)
    async def store_error(request, exc):
        return error_response(503, "store_unavailable", str(exc), {"dependency": "store"})

    @app.exception_handler(StoreDown)
    async def store_down(request, exc):
        return error_response(503, "store_unavailable", str(exc), {"dependency": "store"})

    @app.exception_handler(RequestValidationError)
    async def validation(request, exc):
        problems = [
            {"field": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg", "")} for e in exc.errors()
        ]
        first = problems[0] if problems else {"field": "request", "message": "invalid"}
        return error_response(422, "invalid_parameter", f"{first['field']}: {first['message']}", {"errors": problems})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request, exc):
        code = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(request, exc):
        return error_response(500, "internal_error", f"unexpected {type(exc).__name__}; see the server log")
