"""Any node by id, and its neighbourhood as nodes + edges (what the graph browser draws)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api import schemas
from api.deps import Service
from api.errors import responses

router = APIRouter(prefix="/nodes", tags=["graph"], responses=responses(404, 422, 503))
NodeId = Annotated[str, Path(description="any node's id", examples=["org:九江市应急管理局"])]


@router.get("/{node_id}", response_model=schemas.Node)
def get_node(node_id: NodeId, service: Service):
    return schemas.Node.of(service.node(node_id))


@router.get("/{node_id}/neighbourhood", response_model=schemas.Neighbourhood)
def neighbourhood(
    node_id: NodeId,
    service: Service,
    depth: Annotated[int, Query(ge=0, le=5, description="edges away from the node")] = 1,
    limit: Annotated[int, Query(ge=1, le=2000, description="at most this many nodes; `capped` says when it bit")] = 300,
):
    """Everything within `depth` edges of a node, nearer nodes first when the limit bites."""
    return schemas.Neighbourhood.of(service.neighbourhood(node_id, depth, limit), limit)
