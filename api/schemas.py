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
    next_offset: int | None = None  # the offset of the next page; null on the last page

    @classmethod
    def slice(cls, items: list, limit: int, offset: int, convert) -> "Page":
        end = offset + limit
        return cls(total=len(items), limit=limit, offset=offset, items=[convert(i) for i in items[offset:end]],
                   next_offset=end if end < len(items) else None)


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


# --- shapes added for the full API (entities, relations by meaning) -----------------------------
class Error(BaseModel):
    """Every error the API returns, whatever the status."""

    status: int
    code: str
    message: str
    details: dict

    model_config = {"json_schema_extra": {"examples": [
        {"status": 404, "code": "not_found", "message": "no task with id 'doc:x:task:1'", "details": {}}
    ]}}


class Ready(BaseModel):
    status: Literal["ready", "unavailable"]
    store: str  # embedded or neo4j
    error: str | None = None


class VersionInfo(BaseModel):
    name: str
    version: str
    store: str


class StatsOut(BaseModel):
    documents: int
    jurisdictions: list[str]
    nodes: dict[str, int]
    edges: dict[str, int]


class DocumentRef(DocumentOut):
    sha256: str

    @classmethod
    def of(cls, d) -> "DocumentRef":
        return cls(id=d.id, title=d.title, jurisdiction=d.jurisdiction, issuer=d.issuer, issued_on=d.issued_on,
                   period=d.period, kind=d.kind, source=d.source, sha256=d.sha256)


class SectionOut(BaseModel):
    id: str
    ordinal: int
    title: str
    tasks: list[TaskRef]


class DocumentDetail(BaseModel):
    document: DocumentRef
    sections: list[SectionOut]
    tasks: list[TaskRef]

    @classmethod
    def of(cls, view) -> "DocumentDetail":
        return cls(
            document=DocumentRef.of(view.document),
            sections=[SectionOut(id=s.id, ordinal=s.ordinal, title=s.title, tasks=[TaskRef.of(t) for t in s.tasks])
                      for s in view.sections],
            tasks=[TaskRef.of(t) for t in view.tasks],
        )


class Party(BaseModel):
    """One unit's edge to a task: who, as written, and the clause that says so."""

    org: Org
    mention: str
    evidence: str
    span: tuple[int, int]


class TaskParties(BaseModel):
    task: TaskRef
    roles: dict[RoleName, list[Party]]

    @classmethod
    def of(cls, detail, grouped) -> "TaskParties":
        t, d = detail.task, detail.document
        ref = TaskRef(id=t.id, number=t.number, title=t.title, document=d.id, source=d.source,
                      jurisdiction=d.jurisdiction)
        return cls(task=ref, roles={
            role.value: [Party(org=Org.of(r.org), mention=r.mention, evidence=r.evidence, span=r.span) for r in rows]
            for role, rows in grouped.items()
        })


class OrgRoles(BaseModel):
    """A unit's tasks grouped by role, each with its evidence and source span."""

    org: Org
    total: int
    roles: dict[RoleName, list[Responsibility]]

    @classmethod
    def of(cls, org, grouped) -> "OrgRoles":
        return cls(org=Org.of(org), total=sum(len(rows) for rows in grouped.values()),
                   roles={role.value: [Responsibility.of(r) for r in rows] for role, rows in grouped.items()})


class Topic(BaseModel):
    id: str
    name: str
    kind: Literal["sector", "campaign"]

    @classmethod
    def of(cls, node) -> "Topic":
        return cls(id=node.id, name=node.name, kind=node.label.lower())


class UnitOnTasks(BaseModel):
    org: Org
    roles: dict[RoleName, list[str]]  # role → task ids
    tasks: int

    @classmethod
    def of(cls, unit) -> "UnitOnTasks":
        return cls(org=Org.of(unit.org), roles=unit.roles, tasks=unit.task_count)


class TopicDetail(BaseModel):
    """A sector or campaign: its tasks, the units on them and (sectors) the committees that cover it."""

    topic: Topic
    tasks: list[TaskRef]
    units: list[UnitOnTasks]
    committees: list[Org]

    @classmethod
    def of(cls, view) -> "TopicDetail":
        return cls(topic=Topic.of(view.node), tasks=[TaskRef.of(t) for t in view.tasks],
                   units=[UnitOnTasks.of(u) for u in view.units], committees=[Org.of(c) for c in view.committees])


class JurisdictionOut(BaseModel):
    id: str
    name: str
    level: str
    parent: str | None

    @classmethod
    def of(cls, j) -> "JurisdictionOut":
        return cls(id=j.id, name=j.name, level=j.level, parent=j.parent)


class JurisdictionDetail(BaseModel):
    jurisdiction: JurisdictionOut
    children: list[JurisdictionOut]
    documents: list[DocumentRef]
    organizations: int

    @classmethod
    def of(cls, view) -> "JurisdictionDetail":
        return cls(jurisdiction=JurisdictionOut.of(view.jurisdiction),
                   children=[JurisdictionOut.of(c) for c in view.children],
                   documents=[DocumentRef.of(d) for d in view.documents], organizations=view.organizations)


class Node(BaseModel):
    id: str
    label: str
    name: str
    properties: dict

    @classmethod
    def of(cls, row) -> "Node":
        return cls(id=row.id, label=row.label, name=row.name, properties=row.properties)


class Edge(BaseModel):
    source: str
    target: str
    type: str
    properties: dict


class Neighbourhood(BaseModel):
    """Nodes and edges around a node: the shape the graph browser draws."""

    center: str
    depth: int
    limit: int
    capped: bool
    nodes: list[Node]
    edges: list[Edge]

    @classmethod
    def of(cls, sub, limit: int) -> "Neighbourhood":
        return cls(center=sub.center, depth=sub.depth, limit=limit, capped=sub.capped,
                   nodes=[Node.of(n) for n in sub.nodes],
                   edges=[Edge(source=e.source, target=e.target, type=e.type, properties=e.properties)
                          for e in sub.edges])
