"""Questions asked by meaning, answered from any GraphStore.

The CLI, the API and the graph browser all go through ``GraphService``; it
never sees a query language, only the store interface.  Names people type
(市应急局, 九江) are resolved here with the same rules ingest uses to name units.

Errors (a person reads ``str(err)``, a program reads the type)::

    ServiceError
    ├── NotFound          an id or a name that matches nothing
    └── InvalidArgument   a parameter that cannot be understood (an unknown role)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from graph.export import triple
from graph.model import Jurisdiction, Organization, Role
from graph.store import Counts, EdgeRow, GraphStore, NodeRow, ResponsibilityRow, TaskDetail, TaskRef

# Level suffixes a jurisdiction name may be typed without (九江 → 九江市).
_LEVEL_SUFFIXES = ("市", "县", "区", "省", "旗", "镇", "乡", "街道", "自治州", "盟", "地区")
# A unit typed with a level in front (市应急局) means a unit of that level.
_LEVEL_PREFIXES = {"省": "province", "市": "city", "县": "county", "区": "district", "镇": "township",
                   "乡": "township"}


class ServiceError(Exception):
    pass


class NotFound(ServiceError):
    pass


class InvalidArgument(ServiceError):
    pass


class NameKeys(Protocol):
    """What the service needs of ingest's resolver to read a typed name."""

    def split_jurisdiction(self, name: str, known: list[str]) -> tuple[str | None, str]: ...

    def query_key(self, name: str) -> str: ...


@dataclass(frozen=True)
class OrgTasks:
    """One unit's role edges: what `dutygraph tasks ORG` shows per unit."""

    jurisdiction: str | None
    org: Organization
    rows: list[ResponsibilityRow]


@dataclass(frozen=True)
class Subgraph:
    """Nodes and edges around a node: what the graph browser draws."""

    center: str
    depth: int
    nodes: list[NodeRow]
    edges: list[EdgeRow]
    capped: bool  # True when more nodes were in reach than the limit allowed


@dataclass(frozen=True)
class Stats:
    counts: Counts
    documents: int
    jurisdictions: list[str]


def parse_role(value: str | None) -> Role | None:
    if value is None or value == "":
        return None
    try:
        return Role.parse(value)
    except ValueError as exc:
        raise InvalidArgument(str(exc)) from None


class GraphService:
    def __init__(self, store: GraphStore, names: NameKeys):
        self.store = store
        self.names = names

    # --- names ----------------------------------------------------------
    def resolve_jurisdiction(self, name: str | None) -> str | None:
        """``九江`` or ``九江市`` → ``九江市``; None stays None (every jurisdiction)."""
        if name is None or not name.strip():
            return None
        wanted = name.strip()
        known = [j.name for j in self.store.jurisdictions()]
        if wanted in known:
            return wanted
        for candidate in known:
            if candidate.startswith(wanted) and candidate[len(wanted):] in _LEVEL_SUFFIXES:
                return candidate
        listed = "、".join(known) if known else "none yet"
        raise NotFound(f"unknown jurisdiction {wanted!r} (known: {listed})")

    def find_organizations(self, query: str, jurisdiction: str | None = None) -> list[Organization]:
        """Units a typed name means, in every jurisdiction unless one is given or named.

        Exact names and aliases count, and so does the same function under its
        standard name (市应急局 = 市应急管理局 = 应急管理局); a leading level (市, 县,
        区) keeps units of that level only.  Substrings are the last resort."""
        text = query.strip()
        if not text:
            raise InvalidArgument("an organization name is required")
        jur = self.resolve_jurisdiction(jurisdiction)
        jurisdictions = self.store.jurisdictions()
        named_jur, rest = self.names.split_jurisdiction(text, [j.name for j in jurisdictions])
        if named_jur is not None and jur is not None and named_jur != jur:
            return []
        orgs = self.store.organizations(named_jur or jur)
        key = self.names.query_key(rest)
        level = _LEVEL_PREFIXES.get(rest[:1]) if named_jur is None else None
        if level and self.names.query_key(rest[1:]) == key:
            levels = {j.name: j.level for j in jurisdictions}
            orgs = [o for o in orgs if levels.get(o.jurisdiction) in (level, None)]
        found = [o for o in orgs if text == o.name or text in o.aliases or o.standard == key]
        if found:
            return found
        return [o for o in orgs if rest in o.name or any(rest in a for a in o.aliases)]

    # --- questions ------------------------------------------------------
    def tasks_of(self, org: str, role: str | Role | None = None, jurisdiction: str | None = None) -> list[OrgTasks]:
        """"Which tasks does 市应急局 lead?": per matching unit, grouped by jurisdiction."""
        wanted_role = role if isinstance(role, Role) else parse_role(role)
        orgs = self.find_organizations(org, jurisdiction)
        if not orgs:
            where = f" in {self.resolve_jurisdiction(jurisdiction)}" if jurisdiction else ""
            raise NotFound(f"no organization matches {org!r}{where}")
        rows = self.store.responsibilities(org_ids=[o.id for o in orgs], role=wanted_role)
        grouped = []
        for o in sorted(orgs, key=lambda o: (o.jurisdiction or "", o.name)):
            mine = [r for r in rows if r.org.id == o.id]
            if mine or len(orgs) == 1:
                grouped.append(OrgTasks(o.jurisdiction, o, mine))
        return grouped

    def organization(self, org_id: str) -> Organization:
        org = self.store.organization(org_id)
        if org is None:
            raise NotFound(f"no organization with id {org_id!r}")
        return org

    def organization_tasks(self, org_id: str, role: str | None = None) -> list[ResponsibilityRow]:
        self.organization(org_id)
        return self.store.responsibilities(org_ids=[org_id], role=parse_role(role))

    def task(self, task_id: str) -> TaskDetail:
        detail = self.store.task(task_id)
        if detail is None:
            raise NotFound(f"no task with id {task_id!r}")
        return detail

    def tasks_of_campaign(self, name: str) -> list[TaskRef]:
        return self.store.tasks_linked_to(campaign=name.strip().strip("“”\""))

    def tasks_of_sector(self, name: str) -> list[TaskRef]:
        return self.store.tasks_linked_to(sector=name.strip())

    def node(self, node_id: str) -> NodeRow:
        found = self.store.nodes([node_id])
        if not found:
            raise NotFound(f"no node with id {node_id!r}")
        return found[0]

    def neighbourhood(self, node_id: str, depth: int = 1, limit: int = 300) -> Subgraph:
        """Everything within ``depth`` edges of a node, at most ``limit`` nodes.

        Nearer nodes win when the limit bites; within a ring, nodes are taken in
        id order so the same question always draws the same picture."""
        if not 0 <= depth <= 5:
            raise InvalidArgument("depth must be between 0 and 5")
        if limit < 1:
            raise InvalidArgument("limit must be at least 1")
        self.node(node_id)
        kept, frontier, capped = {node_id}, [node_id], False
        edges: dict[tuple, EdgeRow] = {}
        for _ in range(depth):
            if not frontier:
                break
            ring: set[str] = set()
            for edge in self.store.edges_touching(frontier):
                edges[(edge.source, edge.target, edge.type, edge.properties.get("mention"))] = edge
                ring.update(end for end in (edge.source, edge.target) if end not in kept)
            room = limit - len(kept)
            if len(ring) > room:
                capped = True
                ring = set(sorted(ring)[: max(room, 0)])
            kept |= ring
            frontier = sorted(ring)
            if capped:
                break
        nodes = sorted(self.store.nodes(sorted(kept)), key=lambda n: (n.id != node_id, n.label, n.id))
        inside = [e for e in edges.values() if e.source in kept and e.target in kept]
        return Subgraph(node_id, depth, nodes, sorted(inside, key=lambda e: (e.type, e.source, e.target)), capped)

    def jurisdictions(self) -> list[Jurisdiction]:
        return self.store.jurisdictions()

    def triples(self) -> Iterator[dict]:
        for r in self.store.responsibilities():
            yield triple(
                source=r.task.source,
                number=r.task.number,
                title=r.task.title,
                mention=r.mention,
                org=r.org.name,
                org_kind=r.org.kind,
                role=r.role.value,
                evidence=r.evidence,
            )

    def stats(self) -> Stats:
        return Stats(
            counts=self.store.counts(),
            documents=len(self.store.documents()),
            jurisdictions=[j.name for j in self.store.jurisdictions()],
        )
