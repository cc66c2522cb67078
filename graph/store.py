"""The store interface every backend implements, and the errors it may raise.

Exception tree (backends translate their own exceptions into these at one
boundary, so callers never see a driver's or database's exception type)::

    StoreError                  any failure of the store; str() is one line
    ├── StoreUnavailable        the store cannot be reached or opened
    │   ├── StoreLocked         another process holds the embedded store for writing
    │   └── StoreNotFound       a read-only open of a store that does not exist yet
    ├── StoreWriteError         a write failed; nothing of that batch was kept
    └── QueryRejected           a power user's read-only query was refused (see ``reason``)

Queries take ids and enum values only; free text is matched by the service
layer against names the store returns, never spliced into a query.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field

from graph.model import Document, Jurisdiction, NodeLabel, Organization, ParsedDocument, Role, Task


class StoreError(Exception):
    """A store failure; the message is one line meant for a person."""


class StoreUnavailable(StoreError):
    pass


class StoreLocked(StoreUnavailable):
    pass


class StoreNotFound(StoreUnavailable):
    pass


class StoreWriteError(StoreError):
    pass


class QueryRejected(StoreError):
    """A read-only query the store would not run; ``reason`` is one of REASONS."""

    REASONS = ("syntax", "write", "timeout", "refused")

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class TaskRef:
    """A task with just enough of its document to show it in a list."""

    id: str
    number: str
    title: str
    document: str  # Document.id
    source: str  # Document.source (file base name)
    jurisdiction: str | None


@dataclass(frozen=True)
class ResponsibilityRow:
    org: Organization
    task: TaskRef
    role: Role
    mention: str
    evidence: str
    span: tuple[int, int]


@dataclass(frozen=True)
class TaskDetail:
    task: Task
    document: Document
    section_title: str | None
    parties: list[ResponsibilityRow]
    sectors: list[str]
    campaigns: list[str]


@dataclass(frozen=True)
class NodeRow:
    """Any node, for views that walk the graph: its label, display name and properties."""

    id: str
    label: str  # NodeLabel value
    name: str
    properties: dict


@dataclass(frozen=True)
class EdgeRow:
    source: str
    target: str
    type: str  # RelType value
    properties: dict  # role edges: document, mention, evidence, span_start, span_end


@dataclass(frozen=True)
class WriteOutcome:
    document: str  # Document.id
    source: str
    status: str  # "added", "replaced" or "unchanged"


@dataclass(frozen=True)
class QueryResult:
    """Rows of a read-only query, as plain JSON-ready values."""

    columns: list[str]
    rows: list[list]
    truncated: bool  # True when the row limit cut the result short


@dataclass
class Counts:
    nodes: dict[str, int] = field(default_factory=dict)
    edges: dict[str, int] = field(default_factory=dict)

    @property
    def total_nodes(self) -> int:
        return sum(self.nodes.values())

    @property
    def total_edges(self) -> int:
        return sum(self.edges.values())


class GraphStore(ABC):
    """A persistent responsibility graph.

    A document is the unit of writing: ``write_documents`` lands each document
    whole or not at all, replaces an earlier version of the same source file
    (its tasks, sections and edges, nothing else) and leaves an identical
    re-ingest unchanged.
    """

    @abstractmethod
    def write_documents(self, docs: Sequence[ParsedDocument]) -> list[WriteOutcome]: ...

    @abstractmethod
    def delete_document(self, document_id: str) -> bool: ...

    @abstractmethod
    def documents(self) -> list[Document]: ...

    @abstractmethod
    def jurisdictions(self) -> list[Jurisdiction]: ...

    @abstractmethod
    def organizations(self, jurisdiction: str | None = None) -> list[Organization]: ...

    @abstractmethod
    def organization(self, org_id: str) -> Organization | None: ...

    @abstractmethod
    def responsibilities(
        self,
        *,
        org_ids: Sequence[str] | None = None,
        task_id: str | None = None,
        role: Role | None = None,
    ) -> list[ResponsibilityRow]:
        """Role edges, filtered; ``org_ids=None`` and ``task_id=None`` means all."""

    @abstractmethod
    def task(self, task_id: str) -> TaskDetail | None: ...

    @abstractmethod
    def tasks_linked_to(self, *, sector: str | None = None, campaign: str | None = None) -> list[TaskRef]:
        """Tasks that CONCERN a sector or are PART_OF a campaign (by name)."""

    @abstractmethod
    def nodes(self, ids: Sequence[str]) -> list[NodeRow]:
        """The nodes with these ids (unknown ids are left out), in no particular order."""

    @abstractmethod
    def nodes_with_label(self, label: NodeLabel) -> list[NodeRow]:
        """Every node of one label, ordered by id."""

    @abstractmethod
    def edges_touching(self, ids: Sequence[str]) -> list[EdgeRow]:
        """Every edge with either end among these node ids."""

    @abstractmethod
    def counts(self) -> Counts: ...

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
