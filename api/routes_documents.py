"""Documents and tasks: lists with filters, detail views, a task's parties by role."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api import schemas
from api.deps import Limit, Offset, Service
from api.errors import responses

router = APIRouter(responses=responses(404, 422, 503))
Jurisdiction = Annotated[str | None, Query(description="九江 or 九江市", max_length=100)]
Year = Annotated[int | None, Query(ge=1949, le=2100, description="plans for this year (a 2021-2025 plan counts for each)")]
Q = Annotated[str | None, Query(description="words the title contains", max_length=200)]
TaskId = Annotated[str, Path(description="a task id", examples=["doc:c15b9bc8eae37365:task:4"])]


@router.get("/documents", response_model=schemas.Page[schemas.DocumentRef], tags=["documents"])
def list_documents(
    service: Service, jurisdiction: Jurisdiction = None, year: Year = None,
    kind: Annotated[str | None, Query(description="工作要点, 规划, 工作总结, …", max_length=50)] = None,
    q: Q = None, limit: Limit = 100, offset: Offset = 0,
):
    """Documents in the graph, by jurisdiction, year, kind or title."""
    docs = service.list_documents(jurisdiction=jurisdiction, year=year, kind=kind or None, q=q or None)
    return schemas.Page.slice(docs, limit, offset, schemas.DocumentRef.of)


@router.get("/documents/{document_id}", response_model=schemas.DocumentDetail, tags=["documents"])
def get_document(
    document_id: Annotated[str, Path(description="a document id", examples=["doc:c15b9bc8eae37365"])], service: Service,
):
    """A document with its sections (each with its tasks) and all its tasks in order."""
    return schemas.DocumentDetail.of(service.document(document_id))


@router.get("/tasks", response_model=schemas.Page[schemas.TaskRef], tags=["tasks"])
def list_tasks(
    service: Service,
    document: Annotated[str | None, Query(description="a document id")] = None,
    jurisdiction: Jurisdiction = None, year: Year = None,
    sector: Annotated[str | None, Query(description="a sector's name, e.g. 燃气", max_length=50)] = None,
    campaign: Annotated[str | None, Query(description="a campaign's name, e.g. 减量控大", max_length=50)] = None,
    q: Q = None, limit: Limit = 100, offset: Offset = 0,
):
    """Tasks, by document, jurisdiction, year, sector, campaign or words in their text."""
    tasks = service.list_tasks(document=document, jurisdiction=jurisdiction, year=year, sector=sector or None,
                               campaign=campaign or None, q=q or None)
    return schemas.Page.slice(tasks, limit, offset, schemas.TaskRef.of)


@router.get("/tasks/{task_id}", response_model=schemas.TaskDetail, tags=["tasks"])
def get_task(task_id: TaskId, service: Service):
    """One task with its document, section, parties by role, sectors and campaigns."""
    return schemas.TaskDetail.of(service.task(task_id))


@router.get("/tasks/{task_id}/parties", response_model=schemas.TaskParties, tags=["tasks"])
def task_parties(task_id: TaskId, service: Service):
    """Who is on a task, grouped by role, with the clause that says so."""
    detail, grouped = service.task_parties(task_id)
    return schemas.TaskParties.of(detail, grouped)
