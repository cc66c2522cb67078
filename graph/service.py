"""Questions asked by meaning, answered from any GraphStore.

The CLI, the API and the graph browser all go through ``GraphService``; it
never sees a query language, only the store interface.  Names people type
(市应急局, 九江) are resolved here with the same rules ingest uses to name units.

Errors (a person reads ``str(err)``, a program reads the type)::

    ServiceError
    ├── NotFound          an id or a name that matches nothing
    ├── InvalidArgument   a parameter that cannot be understood (an unknown role)
    └── Unsupported       the configured store cannot do this (read-only Cypher on the embedded store)
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from graph.export import triple
from graph.model import Document, Jurisdiction, NodeLabel, Organization, RelType, Role, label_of
from graph.store import (
    Counts,
    EdgeRow,
    GraphStore,
    NodeRow,
    QueryResult,
    ResponsibilityRow,
    TaskDetail,
    TaskRef,
)

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


class Unsupported(ServiceError):
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


@dataclass(frozen=True)
class SectionView:
    id: str
    ordinal: int
    title: str
    tasks: list[TaskRef]


@dataclass(frozen=True)
class DocumentView:
    """A document with its sections, each with its tasks, and every task in order."""

    document: Document
    sections: list[SectionView]
    tasks: list[TaskRef]


@dataclass(frozen=True)
class UnitOnTasks:
    """A unit with a role on some of a topic's tasks: role value → task ids."""

    org: Organization
    roles: dict[str, list[str]]

    @property
    def task_count(self) -> int:
        return len({t for ids in self.roles.values() for t in ids})


@dataclass(frozen=True)
class TopicView:
    """A sector or campaign: its tasks, the units on them and (sectors) the committees covering it."""

    node: NodeRow
    tasks: list[TaskRef]
    units: list[UnitOnTasks]
    committees: list[Organization]


@dataclass(frozen=True)
class JurisdictionView:
    jurisdiction: Jurisdiction
    children: list[Jurisdiction]
    documents: list[Document]
    organizations: int


@dataclass(frozen=True)
class SharedTask:
    """A task several units are on, with each unit's edges to it."""

    task: TaskRef
    rows: list[ResponsibilityRow]


def _years(period: str | None, issued_on: str | None) -> set[int]:
    """The years a document speaks for: its period (2021-2025 is five) or else its issue date."""
    found = [int(y) for y in re.findall(r"(?:19|20)\d\d", period or "")]
    if len(found) >= 2:
        return set(range(min(found), max(found) + 1))
    if found:
        return set(found)
    return {int(issued_on[:4])} if issued_on and issued_on[:4].isdigit() else set()


def _name_matches(query: str | None, *names: str | None) -> bool:
    return not query or any(query in (n or "") for n in names)


def org_from_node(node: NodeRow) -> Organization:
    p = node.properties
    return Organization(
        id=node.id, name=p.get("name", node.name), kind=p.get("kind", ""), jurisdiction=p.get("jurisdiction"),
        standard=p.get("standard", ""), aliases=tuple(sorted(p.get("aliases") or ())),
    )


_COMMITTEE = re.compile(r"^(?:市|县|区|省)?(?:安委会|安全生产委员会)?(?P<topic>.+?)(?:安全)?(?:专委会|专业委员会|安全生产委员会)$")


def _committees_on(name: str, orgs: Sequence[Organization]) -> list[Organization]:
    """危险物品专委会 → the 危险物品 committee: people shorten 专业委员会 and drop 安委会."""
    m = _COMMITTEE.match(name)
    if not m:
        return []
    standard = f"安全生产委员会{m.group('topic')}专业委员会"
    return [o for o in orgs if o.kind == "committee" and o.standard == standard]


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
        loose = [o for o in orgs if rest in o.name or any(rest in a for a in o.aliases)]
        return loose or _committees_on(rest, orgs)

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
        rows = self.store.responsibilities(org_ids=[org_id], role=parse_role(role))
        if not rows:
            self.organization(org_id)  # an unknown id is NotFound, a known one with no such edges []
        return rows

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

    # --- catalogue: lists with filters and detail views ----------------------
    def _document_index(self) -> dict[str, Document]:
        return {d.id: d for d in self.store.documents()}

    def _task_refs(self, nodes: Sequence[NodeRow], docs: dict[str, Document]) -> list[TaskRef]:
        refs = []
        for n in nodes:
            p, doc = n.properties, docs.get(n.properties.get("document", ""))
            refs.append((doc.source if doc else "", p.get("ordinal", 0), TaskRef(
                id=n.id, number=str(p.get("number", "")), title=p.get("title", ""), document=p.get("document", ""),
                source=doc.source if doc else "", jurisdiction=doc.jurisdiction if doc else None,
            )))
        return [ref for *_, ref in sorted(refs, key=lambda r: (r[0], r[1], r[2].id))]

    def list_documents(
        self, *, jurisdiction: str | None = None, year: int | None = None, kind: str | None = None,
        q: str | None = None,
    ) -> list[Document]:
        jur = self.resolve_jurisdiction(jurisdiction)
        return sorted(
            (d for d in self.store.documents()
             if (jur is None or d.jurisdiction == jur) and (kind is None or d.kind == kind)
             and (year is None or year in _years(d.period, d.issued_on)) and _name_matches(q, d.title, d.source)),
            key=lambda d: (d.source, d.id),
        )

    def document(self, doc_id: str) -> DocumentView:
        docs = self._document_index()
        if doc_id not in docs:
            raise NotFound(f"no document with id {doc_id!r}")
        owned = self.store.edges_touching([doc_id])
        section_ids = [e.target for e in owned if e.type == RelType.HAS_SECTION.value and e.source == doc_id]
        task_ids = [e.target for e in owned if e.type == RelType.CONTAINS.value and e.source == doc_id]
        nodes = self.store.nodes([*section_ids, *task_ids])
        tasks = self._task_refs([n for n in nodes if n.label == NodeLabel.TASK.value], docs)
        section_of = {n.id: n.properties.get("section") for n in nodes if n.label == NodeLabel.TASK.value}
        sections = sorted(
            (n for n in nodes if n.label == NodeLabel.SECTION.value), key=lambda n: n.properties.get("ordinal", 0)
        )
        return DocumentView(
            document=docs[doc_id],
            sections=[SectionView(n.id, n.properties.get("ordinal", 0), n.name,
                                  [t for t in tasks if section_of.get(t.id) == n.id]) for n in sections],
            tasks=tasks,
        )

    def list_tasks(
        self, *, document: str | None = None, jurisdiction: str | None = None, year: int | None = None,
        sector: str | None = None, campaign: str | None = None, q: str | None = None,
    ) -> list[TaskRef]:
        """Tasks, filtered; ``sector`` and ``campaign`` are names (燃气, 减量控大)."""
        jur = self.resolve_jurisdiction(jurisdiction)
        docs = self._document_index()
        if document is not None and document not in docs:
            raise NotFound(f"no document with id {document!r}")
        if sector or campaign:
            refs = self.store.tasks_linked_to(sector=sector.strip()) if sector else []
            if campaign:
                linked = self.store.tasks_linked_to(campaign=campaign.strip().strip("“”\""))
                refs = [r for r in refs if r.id in {c.id for c in linked}] if sector else linked
            wanted = {r.id for r in refs}
            nodes = self.store.nodes(sorted(wanted))
        elif document is not None:
            edges = self.store.edges_touching([document])
            nodes = self.store.nodes([e.target for e in edges if e.type == RelType.CONTAINS.value])
        else:
            nodes = self.store.nodes_with_label(NodeLabel.TASK)
        refs = self._task_refs(nodes, docs)
        text = {n.id: n.properties.get("text", "") for n in nodes} if q else {}
        return [
            r for r in refs
            if (document is None or r.document == document) and (jur is None or r.jurisdiction == jur)
            and (year is None or (r.document in docs and year in _years(docs[r.document].period,
                                                                         docs[r.document].issued_on)))
            and _name_matches(q, r.title, text.get(r.id))
        ]

    def list_organizations(
        self, *, q: str | None = None, jurisdiction: str | None = None, kind: str | None = None,
        role: str | Role | None = None, document: str | None = None, year: int | None = None,
    ) -> list[Organization]:
        """Units, by name (aliases count) and filters; ``role``, ``document`` and ``year`` keep
        units with at least one such edge."""
        orgs = self.find_organizations(q, jurisdiction) if q else self.store.organizations(
            self.resolve_jurisdiction(jurisdiction))
        if kind:
            orgs = [o for o in orgs if o.kind == kind]
        wanted_role = role if isinstance(role, Role) else parse_role(role)
        if orgs and (wanted_role or document or year is not None):
            docs = self._document_index()
            if document is not None and document not in docs:
                raise NotFound(f"no document with id {document!r}")
            rows = self.store.responsibilities(org_ids=[o.id for o in orgs], role=wanted_role)
            keep = {
                r.org.id for r in rows
                if (document is None or r.task.document == document)
                and (year is None or (r.task.document in docs and year in _years(
                    docs[r.task.document].period, docs[r.task.document].issued_on)))
            }
            orgs = [o for o in orgs if o.id in keep]
        return orgs

    def organization_roles(self, org_id: str) -> tuple[Organization, dict[Role, list[ResponsibilityRow]]]:
        """A unit's edges grouped by role, in role order; roles it does not hold are left out."""
        org = self.organization(org_id)
        grouped: dict[Role, list[ResponsibilityRow]] = {}
        rows = self.store.responsibilities(org_ids=[org_id])
        for role in Role:
            mine = [r for r in rows if r.role is role]
            if mine:
                grouped[role] = mine
        return org, grouped

    def task_parties(self, task_id: str) -> tuple[TaskDetail, dict[Role, list[ResponsibilityRow]]]:
        detail = self.task(task_id)
        grouped = {role: [p for p in detail.parties if p.role is role] for role in Role}
        return detail, {role: rows for role, rows in grouped.items() if rows}

    def list_topics(self, label: NodeLabel, q: str | None = None) -> list[NodeRow]:
        """Sectors or campaigns (or any label), by name."""
        return [n for n in self.store.nodes_with_label(label) if _name_matches(q, n.name)]

    def topic(self, topic_id: str) -> TopicView:
        """A sector or a campaign by id, with its tasks, the units on them and its committees."""
        label = label_of(topic_id)
        if label not in (NodeLabel.SECTOR, NodeLabel.CAMPAIGN):
            raise NotFound(f"no sector or campaign with id {topic_id!r}")
        node = self.node(topic_id)
        linked = self.store.tasks_linked_to(**{"sector" if label is NodeLabel.SECTOR else "campaign": node.name})
        committees: list[Organization] = []
        if label is NodeLabel.SECTOR:
            covering = [e.source for e in self.store.edges_touching([topic_id]) if e.type == RelType.COVERS.value]
            committees = sorted((org_from_node(n) for n in self.store.nodes(covering)), key=lambda o: o.id)
        return TopicView(node, linked, self.units_on([t.id for t in linked]), committees)

    def units_on(self, task_ids: Sequence[str], role: Role | None = None) -> list[UnitOnTasks]:
        """The units with a role edge to any of these tasks, most tasks first."""
        if not task_ids:
            return []
        wanted = set(task_ids)
        types = {r.rel_type.value: r for r in Role}
        roles: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for e in self.store.edges_touching(sorted(wanted)):
            if e.type in types and e.target in wanted and (role is None or types[e.type] is role):
                ids = roles[e.source][types[e.type].value]
                if e.target not in ids:
                    ids.append(e.target)
        orgs = {n.id: org_from_node(n) for n in self.store.nodes(sorted(roles))}
        units = [
            UnitOnTasks(orgs[oid], {r.value: sorted(roles[oid][r.value]) for r in Role if r.value in roles[oid]})
            for oid in roles if oid in orgs
        ]
        # Named units before collective mentions (各有关部门): they are who a reader is after.
        return sorted(units, key=lambda u: (u.org.kind == "group", -u.task_count, u.org.jurisdiction or "", u.org.name))

    def list_jurisdictions(self, *, level: str | None = None, q: str | None = None) -> list[Jurisdiction]:
        return [j for j in self.store.jurisdictions() if (level is None or j.level == level) and _name_matches(q, j.name)]

    def jurisdiction(self, jur_id: str) -> JurisdictionView:
        every = self.store.jurisdictions()
        found = [j for j in every if j.id == jur_id]
        if not found:
            raise NotFound(f"no jurisdiction with id {jur_id!r}")
        j = found[0]
        return JurisdictionView(
            jurisdiction=j,
            children=[c for c in every if c.parent == j.name],
            documents=[d for d in self.store.documents() if d.jurisdiction == j.name],
            organizations=len(self.store.organizations(j.name)),
        )

    def shared_tasks(self, org_queries: Sequence[str], role: str | Role | None = None,
                     jurisdiction: str | None = None) -> list[SharedTask]:
        """Tasks on which every named unit has an edge (of ``role`` when given)."""
        if len(org_queries) < 2:
            raise InvalidArgument("name at least two organizations")
        wanted_role = role if isinstance(role, Role) else parse_role(role)
        groups = []
        for name in org_queries:
            orgs = self.find_organizations(name, jurisdiction)
            if not orgs:
                raise NotFound(f"no organization matches {name!r}")
            groups.append({o.id for o in orgs})
        rows = self.store.responsibilities(org_ids=sorted(set().union(*groups)), role=wanted_role)
        by_task: dict[str, list[ResponsibilityRow]] = defaultdict(list)
        for r in rows:
            by_task[r.task.id].append(r)
        shared = [
            SharedTask(task_rows[0].task, task_rows) for task_rows in by_task.values()
            if all(any(r.org.id in g for r in task_rows) for g in groups)
        ]
        return sorted(shared, key=lambda s: (s.task.source, s.task.jurisdiction or "", s.task.id))

    # --- power users --------------------------------------------------------
    def read_only_query(self, query: str, params: dict | None = None, *, timeout: float, limit: int) -> QueryResult:
        """A read-only query on stores that run them for power users (Neo4j); Unsupported otherwise."""
        runner = getattr(self.store, "run_read_only", None)
        if runner is None:
            raise Unsupported("read-only queries need the Neo4j store; this server uses the embedded store")
        if not query or not query.strip():
            raise InvalidArgument("a query is required")
        return runner(query, params or {}, timeout=timeout, limit=limit)
