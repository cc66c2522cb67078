"""Organizations: search (aliases count), filters, detail, tasks by role."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api import schemas
from api.deps import Limit, Offset, Service
from api.errors import responses
from graph.model import OrgKind

router = APIRouter(prefix="/orgs", tags=["organizations"], responses=responses(404, 422, 503))
OrgKindName = Annotated[str | None, Query(description="department, party, council, office, committee, government, "
                                                      "enterprise or group", pattern="^(" + "|".join(
                                                          k.value for k in OrgKind) + ")$")]
OrgId = Annotated[str, Path(description="an organization id", examples=["org:九江市应急管理局"])]


@router.get("", response_model=schemas.Page[schemas.Org])
def list_orgs(
    service: Service,
    q: Annotated[str | None, Query(description="a name, abbreviation or alias, e.g. 市应急局", max_length=200)] = None,
    jurisdiction: Annotated[str | None, Query(description="九江 or 九江市", max_length=100)] = None,
    kind: OrgKindName = None,
    role: Annotated[schemas.RoleName | None, Query(description="only units with an edge of this role")] = None,
    document: Annotated[str | None, Query(description="only units named in this document (its id)")] = None,
    year: Annotated[int | None, Query(ge=1949, le=2100, description="only units named in plans for this year")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
):
    """Organizations, optionally matching a name (aliases count: 应急局 finds 应急管理局)."""
    orgs = service.list_organizations(q=q or None, jurisdiction=jurisdiction, kind=kind, role=role,
                                      document=document, year=year)
    return schemas.Page.slice(orgs, limit, offset, schemas.Org.of)


@router.get("/{org_id}", response_model=schemas.Org)
def get_org(org_id: OrgId, service: Service):
    return schemas.Org.of(service.organization(org_id))


@router.get("/{org_id}/tasks", response_model=list[schemas.Responsibility])
def org_tasks(
    org_id: OrgId,
    service: Service,
    role: Annotated[schemas.RoleName | None, Query(description="only edges of this role")] = None,
):
    """The organization's tasks, each with its role, evidence and source span."""
    return [schemas.Responsibility.of(r) for r in service.organization_tasks(org_id, role)]


@router.get("/{org_id}/roles", response_model=schemas.OrgRoles)
def org_roles(org_id: OrgId, service: Service):
    """The organization's tasks grouped by role (lead, organize, …), each with evidence and source span."""
    org, grouped = service.organization_roles(org_id)
    return schemas.OrgRoles.of(org, grouped)
