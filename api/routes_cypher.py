"""POST /cypher: read-only Cypher for power users, when the store is Neo4j.

Writes are refused by Neo4j itself (the session runs in read access mode); the query
also has a time limit and a row cap from the settings, and the endpoint needs the API key.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from api.deps import Service, require_api_key
from api.errors import responses
from api.schemas_ops import CypherQuery, CypherResult

router = APIRouter(tags=["power users"], responses=responses(400, 401, 403, 408, 422, 501, 503))


@router.post("/cypher", response_model=CypherResult, dependencies=[Depends(require_api_key)])
def cypher(body: CypherQuery, service: Service, request: Request):
    """Run one read-only Cypher query (Neo4j store only; 501 on the embedded store)."""
    settings = request.app.state.settings
    limit = min(body.limit or settings.cypher_max_rows, settings.cypher_max_rows)
    result = service.read_only_query(body.query, body.params, timeout=settings.cypher_timeout, limit=limit)
    return CypherResult(columns=result.columns, rows=result.rows, truncated=result.truncated, limit=limit)
