"""Sectors, campaigns and jurisdictions: lists and detail views."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api import schemas
from api.deps import Limit, Offset, Service
from api.errors import responses
from graph.model import NodeLabel

router = APIRouter(responses=responses(404, 422, 503))
Q = Annotated[str | None, Query(description="words the name contains", max_length=100)]


@router.get("/sectors", response_model=schemas.Page[schemas.Topic], tags=["sectors"])
def list_sectors(service: Service, q: Q = None, limit: Limit = 100, offset: Offset = 0):
    """Sectors (燃气, 危险化学品, …)."""
    return schemas.Page.slice(service.list_topics(NodeLabel.SECTOR, q or None), limit, offset, schemas.Topic.of)


@router.get("/sectors/{sector_id}", response_model=schemas.TopicDetail, tags=["sectors"])
def get_sector(sector_id: Annotated[str, Path(examples=["sector:燃气"])], service: Service):
    """A sector's tasks, the units on them and the committees that cover it."""
    if not sector_id.startswith("sector:"):
        raise_unknown("sector", sector_id)
    return schemas.TopicDetail.of(service.topic(sector_id))


@router.get("/campaigns", response_model=schemas.Page[schemas.Topic], tags=["campaigns"])
def list_campaigns(service: Service, q: Q = None, limit: Limit = 100, offset: Offset = 0):
    """Campaigns (减量控大, 打非治违, …)."""
    return schemas.Page.slice(service.list_topics(NodeLabel.CAMPAIGN, q or None), limit, offset, schemas.Topic.of)


@router.get("/campaigns/{campaign_id}", response_model=schemas.TopicDetail, tags=["campaigns"])
def get_campaign(campaign_id: Annotated[str, Path(examples=["campaign:减量控大"])], service: Service):
    """A campaign's tasks and the units on them."""
    if not campaign_id.startswith("campaign:"):
        raise_unknown("campaign", campaign_id)
    return schemas.TopicDetail.of(service.topic(campaign_id))


@router.get("/jurisdictions", response_model=schemas.Page[schemas.JurisdictionOut], tags=["jurisdictions"])
def list_jurisdictions(
    service: Service, q: Q = None,
    level: Annotated[str | None, Query(pattern="^(province|city|county|district|township)$")] = None,
    limit: Limit = 100, offset: Offset = 0,
):
    """Jurisdictions (江西省 › 九江市 › 浔阳区), by level or name."""
    return schemas.Page.slice(service.list_jurisdictions(level=level, q=q or None), limit, offset,
                              schemas.JurisdictionOut.of)


@router.get("/jurisdictions/{jurisdiction_id}", response_model=schemas.JurisdictionDetail, tags=["jurisdictions"])
def get_jurisdiction(jurisdiction_id: Annotated[str, Path(examples=["jur:九江市"])], service: Service):
    """A jurisdiction with the ones under it, its documents and how many units it has."""
    return schemas.JurisdictionDetail.of(service.jurisdiction(jurisdiction_id))


def raise_unknown(kind: str, topic_id: str):
    from graph.service import NotFound

    raise NotFound(f"no {kind} with id {topic_id!r}")
