"""What routes depend on: the app's service, the API key guard, the paging parameters."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Query, Request, Security
from fastapi.security import APIKeyHeader

from api.errors import ApiError, StoreDown
from graph.service import GraphService

API_KEY_HEADER = "X-API-Key"
_key_header = APIKeyHeader(name=API_KEY_HEADER, auto_error=False,
                           description="The key in DUTYGRAPH_API_KEY; without one configured the endpoint is off.")


async def get_service(request: Request) -> GraphService:
    """The app's service; tests may override this dependency."""
    service = request.app.state.service
    if service is None:
        raise StoreDown(request.app.state.store_error or "the graph store is not open")
    return service


Service = Annotated[GraphService, Depends(get_service)]


async def require_api_key(request: Request, key: Annotated[str | None, Security(_key_header)] = None) -> None:
    expected = request.app.state.settings.api_key
    if not expected:
        raise ApiError(403, "disabled", "this endpoint is off: the server has no DUTYGRAPH_API_KEY")
    if not key:
        raise ApiError(401, "unauthorized", f"send the API key in the {API_KEY_HEADER} header")
    # compare_digest: the time taken must not tell how much of a guessed key was right
    if not hmac.compare_digest(key.encode(), expected.encode()):
        raise ApiError(403, "forbidden", "wrong API key")


Limit = Annotated[int, Query(ge=1, le=1000, description="page size")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="items to skip")]
