"""The responsibility graph's data model (../shared/ONTOLOGY.md is the contract).

Everything here is plain data: ingest produces a ``ParsedDocument``, the stores
persist it, the service reads it back.  Ids are derived from content so that
re-ingesting the same file produces the same ids and changes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import Enum


class NodeLabel(str, Enum):
    DOCUMENT = "Document"
    SECTION = "Section"
    TASK = "Task"
    ORGANIZATION = "Organization"
    SECTOR = "Sector"
    CAMPAIGN = "Campaign"
    JURISDICTION = "Jurisdiction"
    TARGET = "Target"


class Role(str, Enum):
    """The six responsibility roles; ``rel_type`` is the graph edge type."""

    LEAD = "lead"
    ORGANIZE = "organize"
    RESPONSIBLE = "responsible"
    COOPERATE = "cooperate"
    SUPERVISE = "supervise"
    IMPLEMENT = "implement"

    @property
    def rel_type(self) -> "RelType":
        return _ROLE_REL[self]

    @classmethod
    def parse(cls, value: str) -> "Role":
        """Accept a role value (``lead``) or its edge type (``LEADS``)."""
        text = value.strip()
        for role in cls:
            if text.lower() == role.value or text.upper() == role.rel_type.value:
                return role
        raise ValueError(
            f"unknown role {value!r}; expected one of {', '.join(r.value for r in cls)}"
        )


class RelType(str, Enum):
    LEADS = "LEADS"
    ORGANIZES = "ORGANIZES"
    RESPONSIBLE_FOR = "RESPONSIBLE_FOR"
    COOPERATES_ON = "COOPERATES_ON"
    SUPERVISES = "SUPERVISES"
    IMPLEMENTS = "IMPLEMENTS"
    HAS_SECTION = "HAS_SECTION"
    CONTAINS = "CONTAINS"
    CONCERNS = "CONCERNS"
    PART_OF = "PART_OF"
    MEMBER_OF = "MEMBER_OF"
    COVERS = "COVERS"
    IN = "IN"
    ISSUED_BY = "ISSUED_BY"
    HAS_TARGET = "HAS_TARGET"
    REPORTS_TO = "REPORTS_TO"


_ROLE_REL = {
    Role.LEAD: RelType.LEADS,
    Role.ORGANIZE: RelType.ORGANIZES,
    Role.RESPONSIBLE: RelType.RESPONSIBLE_FOR,
    Role.COOPERATE: RelType.COOPERATES_ON,
    Role.SUPERVISE: RelType.SUPERVISES,
    Role.IMPLEMENT: RelType.IMPLEMENTS,
}

ROLE_REL_TYPES: tuple[RelType, ...] = tuple(_ROLE_REL.values())

# The node labels each plain link type joins (source, target).
LINK_ENDPOINTS: dict[RelType, tuple[NodeLabel, NodeLabel]] = {
    RelType.CONCERNS: (NodeLabel.TASK, NodeLabel.SECTOR),
    RelType.PART_OF: (NodeLabel.TASK, NodeLabel.CAMPAIGN),
    RelType.MEMBER_OF: (NodeLabel.ORGANIZATION, NodeLabel.ORGANIZATION),
    RelType.COVERS: (NodeLabel.ORGANIZATION, NodeLabel.SECTOR),
    RelType.IN: (NodeLabel.ORGANIZATION, NodeLabel.JURISDICTION),
    RelType.ISSUED_BY: (NodeLabel.DOCUMENT, NodeLabel.ORGANIZATION),
}

# Links between shared nodes outlive any one document, so stores merge them.
SHARED_LINKS = frozenset({RelType.MEMBER_OF, RelType.COVERS, RelType.IN})

# Every edge the graph can hold, as (type, source label, target label): the
# schema both stores create, and what a neighbourhood walks.
EDGE_SCHEMA: tuple[tuple[RelType, NodeLabel, NodeLabel], ...] = (
    *((t, NodeLabel.ORGANIZATION, NodeLabel.TASK) for t in ROLE_REL_TYPES),
    (RelType.HAS_SECTION, NodeLabel.DOCUMENT, NodeLabel.SECTION),
    (RelType.CONTAINS, NodeLabel.DOCUMENT, NodeLabel.TASK),
    (RelType.CONTAINS, NodeLabel.SECTION, NodeLabel.TASK),
    (RelType.HAS_TARGET, NodeLabel.DOCUMENT, NodeLabel.TARGET),
    (RelType.HAS_TARGET, NodeLabel.TASK, NodeLabel.TARGET),
    (RelType.REPORTS_TO, NodeLabel.ORGANIZATION, NodeLabel.ORGANIZATION),
    *((t, src, dst) for t, (src, dst) in LINK_ENDPOINTS.items()),
)

# The property each label is shown by.
NAME_PROPERTY: dict[NodeLabel, str] = {
    NodeLabel.DOCUMENT: "title",
    NodeLabel.SECTION: "title",
    NodeLabel.TASK: "title",
    NodeLabel.ORGANIZATION: "name",
    NodeLabel.SECTOR: "name",
    NodeLabel.CAMPAIGN: "name",
    NodeLabel.JURISDICTION: "name",
    NodeLabel.TARGET: "indicator",
}


def label_of(node_id: str) -> NodeLabel | None:
    """A node's label, read off its id (ids are built by the functions below)."""
    head, _, rest = node_id.partition(":")
    if head == "doc":
        if ":task:" in rest:
            return NodeLabel.TASK
        if ":sec:" in rest:
            return NodeLabel.SECTION
        if ":target:" in rest:
            return NodeLabel.TARGET
        return NodeLabel.DOCUMENT if rest and ":" not in rest else None
    return {
        "org": NodeLabel.ORGANIZATION,
        "sector": NodeLabel.SECTOR,
        "campaign": NodeLabel.CAMPAIGN,
        "jur": NodeLabel.JURISDICTION,
    }.get(head) if rest else None


class OrgKind(str, Enum):
    DEPARTMENT = "department"
    PARTY = "party"
    COUNCIL = "council"
    OFFICE = "office"
    COMMITTEE = "committee"
    GOVERNMENT = "government"
    ENTERPRISE = "enterprise"
    GROUP = "group"


Span = tuple[int, int]


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def document_id(sha256: str) -> str:
    return f"doc:{sha256[:16]}"


def task_id(doc_id: str, ordinal: int) -> str:
    return f"{doc_id}:task:{ordinal}"


def section_id(doc_id: str, ordinal: int) -> str:
    return f"{doc_id}:sec:{ordinal}"


def organization_id(canonical_name: str) -> str:
    return f"org:{canonical_name}"


def sector_id(name: str) -> str:
    return f"sector:{name}"


def campaign_id(name: str) -> str:
    return f"campaign:{name}"


def jurisdiction_id(name: str) -> str:
    return f"jur:{name}"


def target_id(doc_id: str, ordinal: int) -> str:
    return f"{doc_id}:target:{ordinal}"


@dataclass(frozen=True)
class Jurisdiction:
    id: str
    name: str  # 九江市
    level: str  # province / city / county / district / township
    parent: str | None = None  # parent jurisdiction's name, when known


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    jurisdiction: str | None  # Jurisdiction.name
    issuer: str | None  # canonical name of the issuing Organization
    issued_on: str | None  # ISO date
    period: str | None  # "2023", "2021-2025"
    kind: str  # 工作要点 / 规划 / 工作总结 / other
    source: str  # the file's base name
    sha256: str


@dataclass(frozen=True)
class Section:
    id: str
    document: str
    ordinal: int
    title: str


@dataclass(frozen=True)
class Task:
    id: str
    document: str
    ordinal: int  # position in the document, 1-based; unique per document
    number: str  # as printed: "14", "一"
    title: str
    text: str
    span: Span
    section: str | None = None  # Section.id
    deadline: str | None = None  # as written: "3月底前", "2023年底前", "每季度", "长期坚持"


@dataclass(frozen=True)
class Organization:
    id: str
    name: str  # canonical full name
    kind: str  # OrgKind value
    jurisdiction: str | None
    standard: str  # name without the jurisdiction
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sector:
    id: str
    name: str


@dataclass(frozen=True)
class Campaign:
    id: str
    name: str


@dataclass(frozen=True)
class Responsibility:
    """An Organization -[role]-> Task edge, tied to the sentence it came from."""

    org: str  # Organization.id
    task: str  # Task.id
    role: Role
    document: str  # Document.id
    mention: str  # the mention as written (curly quotes removed)
    evidence: str  # the clause text
    span: Span  # character offsets of the mention in the cleaned source text


@dataclass(frozen=True)
class Target:
    """A quantified goal: an indicator table row (专栏1) or a sentence (死亡人数同比下降3%)."""

    id: str
    document: str  # Document.id (stores can derive Document-HAS_TARGET->Target from it)
    indicator: str  # 生产安全事故起数
    value: str  # 下降15%, <1%, 100%
    deadline: str | None = None  # "2025", "2023年底前"
    category: str | None = None  # the table's 分类 column: 安全生产, 防灾减灾
    task: str | None = None  # Task.id when the goal is stated inside a task (Task-HAS_TARGET->Target)


@dataclass(frozen=True)
class ReportingDuty:
    """A cover notice's reporting duty: Organization -REPORTS_TO-> Organization, with a deadline.

    Kept apart from Responsibility on purpose: it is no task of the plan, so it stays out of
    the task triples (and their scores) while still being an edge of the graph.
    """

    org: str  # Organization.id of the unit that reports
    recipient: str | None  # Organization.id it reports to (None when the text names none)
    document: str  # Document.id
    mention: str  # the reporting unit as written
    deadline: str | None
    evidence: str  # the sentence
    span: Span


@dataclass(frozen=True)
class Link:
    """A plain edge between two nodes, e.g. Task-CONCERNS->Sector."""

    type: RelType
    source: str
    target: str


@dataclass
class ParsedDocument:
    document: Document
    text: str  # the cleaned text all spans refer to
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    jurisdictions: list[Jurisdiction] = field(default_factory=list)
    sectors: list[Sector] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)
    responsibilities: list[Responsibility] = field(default_factory=list)
    # CONCERNS, PART_OF, MEMBER_OF, COVERS, IN, ISSUED_BY (not the structural
    # HAS_SECTION / CONTAINS edges, which stores derive from sections and tasks)
    links: list[Link] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    reporting: list[ReportingDuty] = field(default_factory=list)
