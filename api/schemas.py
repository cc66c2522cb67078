"""Response shapes of the HTTP API (they are also the OpenAPI schema)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel

from graph import store as st
from graph.model import Organization

try:
    VERSION = version("dutygraph")
except PackageNotFoundError:  # running from a source tree that was not installed
    VERSION = "0.0.0"

RoleName = Literal["lead", "organize", "responsible", "cooperate", "supervise", "implement"]
T = TypeVar("T")


class Dependency(BaseModel):
    ok: bool
    documents: int | None = None
    error: str | None = None


class Health(BaseModel):
    status: Literal["ok", "unavailable"]
    version: str
    store: Dependency


class Page(BaseModel, Generic[T]):
    total: int
    limit: int
    offset: int
    items: list[T]


class Org(BaseModel):
    id: str
    name: str
    kind: str
    jurisdiction: str | None
    standard: str
    aliases: list[str]

    @classmethod
    def of(cls, org: Organization) -> "Org":
        return cls(
            id=org.id, name=org.name, kind=org.kind, jurisdiction=org.jurisdiction,
            standard=org.standard, aliases=list(org.aliases),
        )

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": "org:九江市应急管理局", "name": "九江市应急管理局", "kind": "department",
                    "jurisdiction": "九江市", "standard": "应急管理局", "aliases": ["市应急局"],
                }
            ]
        }
    }


class TaskRef(BaseModel):
    id: str
    number: str
    title: str
    document: str
    source: str
    jurisdiction: str | None

    @classmethod
    def of(cls, ref: st.TaskRef) -> "TaskRef":
        return cls(**ref.__dict__)


class Responsibility(BaseModel):
    org: Org
    task: TaskRef
    role: RoleName
    mention: str
    evidence: str
    span: tuple[int, int]

    @classmethod
    def of(cls, row: st.ResponsibilityRow) -> "Responsibility":
        return cls(
            org=Org.of(row.org), task=TaskRef.of(row.task), role=row.role.value,
            mention=row.mention, evidence=row.evidence, span=row.span,
        )


class DocumentOut(BaseModel):
    id: str
    title: str
    jurisdiction: str | None
    issuer: str | None
    issued_on: str | None
    period: str | None
    kind: str
    source: str


class TaskDetail(BaseModel):
    id: str
    number: str
    title: str
    text: str
    span: tuple[int, int]
    section: str | None
    document: DocumentOut
    parties: list[Responsibility]
    sectors: list[str]
    campaigns: list[str]

    @classmethod
    def of(cls, detail: st.TaskDetail) -> "TaskDetail":
        t, d = detail.task, detail.document
        return cls(
            id=t.id, number=t.number, title=t.title, text=t.text, span=t.span, section=detail.section_title,
            document=DocumentOut(
                id=d.id, title=d.title, jurisdiction=d.jurisdiction, issuer=d.issuer, issued_on=d.issued_on,
                period=d.period, kind=d.kind, source=d.source,
            ),
            parties=[Responsibility.of(p) for p in detail.parties],
            sectors=detail.sectors, campaigns=detail.campaigns,
        )
