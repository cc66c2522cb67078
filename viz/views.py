"""Views of one entity: an organization, a task, a sector or campaign, a document, any node.

Each function asks the service (and its store's read methods) and returns a ``View``.  Large
views are capped at ``limit`` nodes, nearest first, and say so in ``notes``.
"""

from __future__ import annotations

import re
from urllib.parse import quote
from collections import Counter
from collections.abc import Iterable

from graph.model import RelType, Role, campaign_id, label_of, sector_id
from graph.service import GraphService, InvalidArgument, NotFound
from graph.store import EdgeRow
from viz.model import Filter, View, edge_of, href_of, node_of, place_labels
from viz.style import ROLE_BY_REL, ROLE_LABELS

DEFAULT_LIMIT = 250
ROLE_TYPES = frozenset(ROLE_BY_REL)


class GraphBuilder:
    """Nodes in order of importance up to a limit, then the edges between the nodes kept."""

    def __init__(self, service: GraphService, limit: int):
        if limit < 1:
            raise InvalidArgument("limit must be at least 1")
        self.store = service.store
        self.limit = limit
        self.nodes: dict = {}
        self.edges: dict = {}
        self.wanted: set[str] = set()

    def add_nodes(self, ids: Iterable[str]) -> None:
        fresh = [i for i in dict.fromkeys(ids) if i not in self.nodes]
        self.wanted.update(fresh)
        room = self.limit - len(self.nodes)
        if room <= 0 or not fresh:
            return
        rows = {r.id: r for r in self.store.nodes(fresh[:room])}
        for node_id in fresh[:room]:
            if node_id in rows:
                self.nodes[node_id] = node_of(rows[node_id])

    def add_edges(self, rows: Iterable[EdgeRow]) -> None:
        names = {i: n.name for i, n in self.nodes.items()}
        for row in rows:
            key = (row.source, row.target, row.type)
            if row.source in self.nodes and row.target in self.nodes and key not in self.edges:
                self.edges[key] = edge_of(row, names)

    def view(self, kind: str, title: str, path: str, **fields) -> View:
        view = View(kind, title, path, nodes=list(self.nodes.values()), edges=list(self.edges.values()), **fields)
        place_labels(view.nodes)
        view.in_reach = len(self.wanted | set(self.nodes))
        if view.in_reach > len(view.nodes):
            view.capped = True
            view.notes.append(
                f"节点过多,图中只显示最相关的 {len(view.nodes)} 个(共 {view.in_reach} 个)。"
                f"Capped: showing {len(view.nodes)} of {view.in_reach} nodes; use the filters or ?limit= to see more."
            )
        return view


def _role_edges(edges: Iterable[EdgeRow]) -> list[EdgeRow]:
    return [e for e in edges if e.type in ROLE_TYPES]


def _busiest(edges: Iterable[EdgeRow], exclude: set[str]) -> list[str]:
    """Units on these role edges, most tasks first (ties by id, so a page is stable)."""
    counts = Counter(e.source for e in edges if e.source not in exclude)
    return sorted(counts, key=lambda o: (-counts[o], o))


def _years(doc) -> set[str]:
    text = " ".join(str(v) for v in (doc.period, doc.issued_on) if v)
    years = {int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", text)}
    span = re.search(r"((?:19|20)\d\d)\s*[-–—至]\s*((?:19|20)\d\d)", doc.period or "")
    if span:
        years |= set(range(int(span.group(1)), int(span.group(2)) + 1))
    return {str(y) for y in years}


def org_view(service: GraphService, org_id: str, *, role: str | None = None, document: str | None = None,
             year: str | None = None, jurisdiction: str | None = None, limit: int = DEFAULT_LIMIT) -> View:
    """A unit's tasks by role, the other units on those tasks, its committees; filterable."""
    org = service.organization(org_id)
    rows = service.organization_tasks(org_id)
    docs = {d.id: d for d in service.store.documents()}
    wanted_role = Role.parse(role) if role else None
    jur = service.resolve_jurisdiction(jurisdiction) if jurisdiction else None

    def keep(r) -> bool:
        return ((wanted_role is None or r.role is wanted_role)
                and (not document or document in (r.task.document, r.task.source))
                and (not year or (r.task.document in docs and year in _years(docs[r.task.document])))
                and (not jur or r.task.jurisdiction == jur))

    mine = [r for r in rows if keep(r)]
    task_ids = list(dict.fromkeys(r.task.id for r in mine))
    own_types = {(r.task.id, r.role.rel_type.value) for r in mine}
    b = GraphBuilder(service, limit)
    b.add_nodes([org_id, *task_ids])
    around = service.store.edges_touching([org_id])
    structural = [e for e in around if e.type in (RelType.MEMBER_OF.value, RelType.COVERS.value,
                                                   RelType.REPORTS_TO.value)]
    b.add_nodes(e.target if e.source == org_id else e.source for e in structural)
    on_tasks = [e for e in _role_edges(service.store.edges_touching(task_ids)) if e.target in set(task_ids)]
    on_tasks = [e for e in on_tasks if e.source != org_id or (e.target, e.type) in own_types]
    b.add_nodes(_busiest(on_tasks, {org_id}))
    b.add_edges([*structural, *on_tasks])

    by_role = Counter(r.role for r in mine)
    facts = [("全称", org.name), ("类型", org.kind), ("辖区", org.jurisdiction or "—")]
    if org.aliases:
        facts.append(("简称", "、".join(org.aliases)))
    facts.append(("任务", "、".join(f"{ROLE_LABELS[r]} {by_role[r]}" for r in Role if by_role[r]) or "无"))
    filters = [
        Filter("role", "角色 role", [("", "全部")] + [(r.value, f"{ROLE_LABELS[r]} {r.value}") for r in Role
                                                       if any(x.role is r for x in rows)], role or ""),
        Filter("document", "文件 document", [("", "全部")] + sorted(
            {(r.task.document, docs[r.task.document].title if r.task.document in docs else r.task.source)
             for r in rows}), document or ""),
        Filter("year", "年份 year", [("", "全部")] + [(y, y) for y in sorted(
            {y for r in rows if r.task.document in docs for y in _years(docs[r.task.document])})], year or ""),
        Filter("jurisdiction", "辖区 jurisdiction", [("", "全部")] + [(j, j) for j in sorted(
            {r.task.jurisdiction for r in rows if r.task.jurisdiction})], jur or ""),
    ]
    notes = [] if mine else ["没有符合筛选条件的任务。No task matches these filters."]
    return b.view("org", org.name, href_of(org_id), subtitle="单位的任务与协同单位 · a unit's tasks by role",
                  facts=facts, filters=filters, notes=notes)


def task_view(service: GraphService, task_id: str) -> View:
    """Every party by role, the sectors, campaigns, document and section, the evidence."""
    detail = service.task(task_id)
    t = detail.task
    around = service.store.edges_touching([task_id])
    b = GraphBuilder(service, 10_000)  # a task's neighbourhood is small by nature
    b.add_nodes([task_id, detail.document.id, *([t.section] if t.section else [])])
    b.add_nodes(_busiest(_role_edges(around), set()))
    b.add_nodes(e.target if e.source == task_id else e.source for e in around)
    b.add_edges(around)
    evidence = list(dict.fromkeys(p.evidence for p in detail.parties if p.evidence))
    facts = [("文件", f"{detail.document.title}({detail.document.source})"),
             ("章节", detail.section_title or "—"), ("编号", t.number)]
    if t.deadline:
        facts.append(("时限", t.deadline))
    for role in Role:
        names = [p.org.name for p in detail.parties if p.role is role]
        if names:
            facts.append((ROLE_LABELS[role], "、".join(dict.fromkeys(names))))
    facts += [("依据", e) for e in evidence]
    facts += [("行业领域", "、".join(detail.sectors) or "—"), ("专项行动", "、".join(detail.campaigns) or "—"),
              ("原文", " ".join(t.text.split()))]
    return b.view("task", f"{t.number} {t.title}", href_of(task_id),
                  subtitle=f"任务 · {detail.document.title}", facts=facts)


def topic_view(service: GraphService, kind: str, name: str, limit: int = DEFAULT_LIMIT) -> View:
    """A sector or campaign: its tasks, the units on them, the committee that covers it."""
    name = name.strip().strip("“”\"")
    node_id = sector_id(name) if kind == "sector" else campaign_id(name)
    service.node(node_id)
    refs = service.tasks_of_sector(name) if kind == "sector" else service.tasks_of_campaign(name)
    task_ids = [r.id for r in refs]
    around = service.store.edges_touching([node_id])
    covering = [e for e in around if e.type == RelType.COVERS.value]
    b = GraphBuilder(service, limit)
    b.add_nodes([node_id, *(e.source for e in covering), *task_ids])
    roles = [e for e in _role_edges(service.store.edges_touching(task_ids)) if e.target in set(task_ids)]
    b.add_nodes(_busiest(roles, set()))
    b.add_edges([*around, *roles])
    places = Counter(r.jurisdiction or "—" for r in refs)
    facts = [("任务", f"{len(refs)} 项(" + "、".join(f"{j} {n}" for j, n in sorted(places.items())) + ")"),
             ("分管的专委会", "、".join(b.nodes[e.source].name for e in covering if e.source in b.nodes) or "—")]
    if kind == "sector":
        return b.view("sector", name, href_of(node_id), subtitle="行业领域 · sector", facts=facts)
    return b.view("campaign", name, href_of(node_id), subtitle="专项行动 · campaign", facts=facts)


def resolve_document(service: GraphService, text: str) -> str:
    """A document id from its id, file name or title."""
    wanted = text.strip()
    for d in service.store.documents():
        if wanted in (d.id, d.source, d.title):
            return d.id
    raise NotFound(f"no document {wanted!r}")


def document_view(service: GraphService, document: str, limit: int = DEFAULT_LIMIT) -> View:
    """One plan's responsibility map: its sections, tasks and units."""
    doc_id = resolve_document(service, document)
    doc = next(d for d in service.store.documents() if d.id == doc_id)
    around = service.store.edges_touching([doc_id])
    sections = sorted((e.target for e in around if e.type == RelType.HAS_SECTION.value),
                      key=lambda s: int(s.rsplit(":", 1)[1]))
    in_sections = [e for e in service.store.edges_touching(sections) if e.type == RelType.CONTAINS.value]
    sectioned = {e.target for e in in_sections}
    contained = [e for e in around if e.type == RelType.CONTAINS.value]
    task_ids = sorted({e.target for e in contained}, key=lambda t: int(t.rsplit(":", 1)[1]))
    roles = [e for e in _role_edges(service.store.edges_touching(task_ids)) if e.target in set(task_ids)]
    issued = [e for e in around if e.type == RelType.ISSUED_BY.value]
    b = GraphBuilder(service, limit)
    b.add_nodes([doc_id, *sections, *task_ids, *(e.target for e in issued)])
    b.add_nodes(_busiest(roles, set()))
    b.add_edges([e for e in around if e.type in (RelType.HAS_SECTION.value, RelType.ISSUED_BY.value)])
    b.add_edges([*in_sections, *(e for e in contained if e.target not in sectioned), *roles])
    facts = [("文件", doc.source), ("辖区", doc.jurisdiction or "—"), ("印发", doc.issuer or "—"),
             ("日期", doc.issued_on or "—"), ("期间", doc.period or "—"), ("类别", doc.kind),
             ("规模", f"{len(sections)} 个章节 · {len(task_ids)} 项任务 · {len(roles)} 条职责")]
    return b.view("document", doc.title, href_of(doc_id), subtitle="文件的职责全图 · a plan's responsibility map",
                  facts=facts)


def node_view(service: GraphService, node_id: str, limit: int = DEFAULT_LIMIT) -> View:
    """Any node's neighbourhood (sections, jurisdictions, targets have no view of their own)."""
    sub = service.neighbourhood(node_id, depth=1, limit=limit)
    b = GraphBuilder(service, limit)
    b.nodes = {n.id: node_of(n) for n in sub.nodes}
    b.add_edges(sub.edges)
    center = b.nodes[node_id]
    view = b.view("node", center.name, "node/" + quote(node_id, safe=":"), subtitle=f"{label_of(node_id).value} · 相邻节点")
    if sub.capped:
        view.capped = True
        view.notes.append(f"相邻节点过多,只显示前 {len(view.nodes)} 个。Capped at {limit} nodes; raise ?limit= to see more.")
    return view
