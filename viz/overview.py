"""Views across the graph: the landing page, two jurisdictions side by side, search."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from graph.model import NodeLabel, RelType, Role, campaign_id, sector_id
from graph.service import GraphService, InvalidArgument
from viz.model import Link, Table, View, VizEdge, href_of, node_of, place_labels
from viz.style import ROLE_LABELS

BUSIEST = 15


def _aggregate(source: str, target: str, n: int, what: str, type_: str = "TASKS", label: str = "") -> VizEdge:
    return VizEdge(source, target, type_, label or f"{n}项", [what], width=1 + math.log2(n))


def _topics(service: GraphService) -> list[tuple[str, str, list]]:
    """(node id, name, task refs) of every sector and campaign that has tasks."""
    found = []
    for label, make, ask in ((NodeLabel.SECTOR, sector_id, service.tasks_of_sector),
                             (NodeLabel.CAMPAIGN, campaign_id, service.tasks_of_campaign)):
        for row in service.store.nodes_with_label(label):
            refs = ask(row.name)
            if refs:
                found.append((make(row.name), row.name, refs))
    return found


def home_view(service: GraphService) -> View:
    """Documents, the busiest units, campaigns and sectors, and how they meet."""
    store = service.store
    docs = store.documents()
    rows = store.responsibilities()
    per_org = Counter(r.org.id for r in rows)
    orgs = {r.org.id: r.org for r in rows}
    busiest = [o for o in sorted(per_org, key=lambda o: (-per_org[o], o)) if orgs[o].kind != "group"][:BUSIEST]
    topics = _topics(service)
    ids = [d.id for d in docs] + busiest + [t[0] for t in topics]
    nodes = {r.id: node_of(r) for r in store.nodes(ids)}
    edges = []
    by_org_doc = Counter((r.org.id, r.task.document) for r in rows if r.org.id in set(busiest))
    for (org, doc), n in sorted(by_org_doc.items()):
        edges.append(_aggregate(org, doc, n, f"{orgs[org].name} 在本文件中承担 {n} 项任务职责"))
    for topic, name, refs in topics:
        for doc, n in sorted(Counter(r.document for r in refs).items()):
            if doc in nodes:
                edges.append(_aggregate(doc, topic, n, f"本文件有 {n} 项任务涉及 {name}"))
    tasks_in = Counter(e.source for e in store.edges_touching([d.id for d in docs]) if e.type == RelType.CONTAINS.value)
    tables = [
        Table("文件 Documents", ["文件", "辖区", "期间", "任务"],
              [[Link(d.title, href_of(d.id)), Link(d.jurisdiction or "—"), Link(d.period or "—"),
                Link(str(tasks_in[d.id]))] for d in docs]),
        Table("任务最多的单位 Busiest units", ["单位", "辖区", "职责"],
              [[Link(orgs[o].name, href_of(o)), Link(orgs[o].jurisdiction or "—"), Link(_role_summary(
                  [r for r in rows if r.org.id == o]))] for o in busiest]),
        Table("专项行动与行业领域 Campaigns and sectors", ["名称", "类别", "任务"],
              [[Link(name, href_of(tid)), Link("专项行动" if tid.startswith("campaign:") else "行业领域"),
                Link(str(len(refs)))] for tid, name, refs in sorted(topics, key=lambda t: (-len(t[2]), t[1]))]),
    ]
    pairs = _comparable(service, rows)
    if pairs:
        tables.append(Table("对比 Compare jurisdictions", ["对比"], [
            [Link(f"{a} ⇄ {b}", f"compare?a={a}&b={b}")] for a, b in pairs]))
    stats = service.stats()
    place_labels(list(nodes.values()))
    return View("home", "dutygraph 责任图谱", "", subtitle="安全生产工作职责知识图谱 · the responsibility graph",
                nodes=list(nodes.values()), edges=[e for e in edges if e.source in nodes and e.target in nodes],
                facts=[("文件", str(stats.documents)), ("辖区", "、".join(stats.jurisdictions) or "—"),
                       ("节点 / 关系", f"{stats.counts.total_nodes} / {stats.counts.total_edges}")],
                tables=tables)


def _role_summary(rows) -> str:
    counts = Counter(r.role for r in rows)
    return "、".join(f"{ROLE_LABELS[r]} {counts[r]}" for r in Role if counts[r])


def _comparable(service: GraphService, rows) -> list[tuple[str, str]]:
    """Pairs of jurisdictions of the same level that both have responsibility edges."""
    busy = {r.org.jurisdiction for r in rows if r.org.jurisdiction}
    levels = defaultdict(list)
    for j in service.jurisdictions():
        if j.name in busy:
            levels[j.level].append(j.name)
    return [(a, b) for names in levels.values() for i, a in enumerate(sorted(names)) for b in sorted(names)[i + 1:]]


COLUMN = 420  # horizontal distance between the topic column and each side
ROW = 64


def compare_view(service: GraphService, a: str, b: str) -> View:
    """Two jurisdictions side by side: who leads each topic, the functions both have."""
    ja, jb = service.resolve_jurisdiction(a), service.resolve_jurisdiction(b)
    if not ja or not jb or ja == jb:
        raise InvalidArgument("compare needs two different jurisdictions")
    rows = service.store.responsibilities()
    side = {ja: [r for r in rows if r.org.jurisdiction == ja], jb: [r for r in rows if r.org.jurisdiction == jb]}
    leaders: dict[tuple[str, str], Counter] = {}
    kept_topics = []
    for topic, name, refs in _topics(service):
        task_ids = {r.id for r in refs}
        found = False
        for j, mine in side.items():
            on = [r for r in mine if r.task.id in task_ids]
            lead = [r for r in on if r.role is Role.LEAD] or [r for r in on if r.role is Role.RESPONSIBLE]
            leaders[(topic, j)] = Counter((r.org.id, r.role) for r in lead)
            found = found or bool(lead)
        if found:
            kept_topics.append((topic, name))
    ids = [t for t, _ in kept_topics] + [f"jur:{ja}", f"jur:{jb}"]
    ids += sorted({org for c in leaders.values() for org, _ in c})
    nodes = {r.id: node_of(r) for r in service.store.nodes(ids)}
    for i, (topic, _) in enumerate(kept_topics):
        nodes[topic].x, nodes[topic].y = 0, i * ROW
    edges = []
    for j, sign in ((ja, -1), (jb, 1)):
        mine = [(topic, org, role, n) for (topic, jj), c in leaders.items() if jj == j for (org, role), n in c.items()]
        ys = defaultdict(list)
        for topic, org, _, _ in mine:
            ys[org].append(nodes[topic].y)
        # Each unit sits at the mean height of its topics, then rows are spread evenly: fewer crossings.
        order = sorted(ys, key=lambda o: (sum(ys[o]) / len(ys[o]), o))
        height = max(len(kept_topics) - 1, 1) * ROW
        step = max(ROW * 0.8, height / max(len(order) - 1, 1))
        for k, org in enumerate(order):
            nodes[org].x, nodes[org].y = sign * COLUMN, k * step
        nodes[f"jur:{j}"].x, nodes[f"jur:{j}"].y = sign * COLUMN, -ROW * 1.5
        for topic, org, role, n in mine:
            what = f"{nodes[org].name} {ROLE_LABELS[role]} {nodes[topic].name} 的 {n} 项任务"
            edges.append(_aggregate(org, topic, n, what, role.rel_type.value, f"{ROLE_LABELS[role]} {n}"))
    tables = [_topic_table(kept_topics, leaders, ja, jb, nodes), _functions_table(side, ja, jb),
              _same_tasks_table(side, ja, jb)]
    return View("compare", f"{ja} ⇄ {jb}", f"compare?a={ja}&b={jb}", subtitle="两地对比:同一领域谁牵头,共同的职能",
                nodes=list(nodes.values()), edges=edges, tables=tables, fixed_layout=True,
                height=int((len(kept_topics) + 2) * ROW * 0.9) + 60,
                facts=[("左", ja), ("右", jb), ("说明", "每个行业领域/专项行动连到两地牵头的单位;无牵头单位时连到分工负责的单位")])


def _names(counter: Counter, nodes) -> str:
    return "、".join(f"{nodes[o].name}({ROLE_LABELS[r]} {n})" for (o, r), n in counter.most_common()) or "—"


def _topic_table(topics, leaders, ja, jb, nodes) -> Table:
    return Table("同一领域谁牵头 Who leads the same topic", ["领域/行动", ja, jb],
                 [[Link(name, href_of(t)), Link(_names(leaders[(t, ja)], nodes)), Link(_names(leaders[(t, jb)], nodes))]
                  for t, name in topics])


def _functions_table(side, ja, jb) -> Table:
    units = {j: {r.org.standard: r.org for r in rows} for j, rows in side.items()}
    shared = sorted(set(units[ja]) & set(units[jb]))
    rows = []
    for std in shared:
        cells = [Link(std)]
        for j in (ja, jb):
            org = units[j][std]
            cells.append(Link(org.name, href_of(org.id), _role_summary([r for r in side[j] if r.org.id == org.id])))
        rows.append(cells)
    return Table(f"共同职能 Shared functions({len(shared)})", ["职能", ja, jb], rows)


def _same_tasks_table(side, ja, jb) -> Table:
    def leads(rows):
        found = defaultdict(list)
        for r in rows:
            if r.role is Role.LEAD:
                found[r.task.title].append(r.org.name)
        return found, {r.task.title: r.task.id for r in rows}

    (la, ta), (lb, tb) = leads(side[ja]), leads(side[jb])
    same = sorted(set(ta) & set(tb))
    return Table(f"同名任务 Same task in both plans({len(same)})", ["任务", ja, jb],
                 [[Link(t), Link("、".join(la.get(t, [])) or "—", href_of(ta[t])),
                   Link("、".join(lb.get(t, [])) or "—", href_of(tb[t]))] for t in same])


def search_hits(service: GraphService, query: str) -> list[Link]:
    """Every entity a typed text names: units by name, short name or alias, then the rest by substring."""
    q = query.strip()
    if not q:
        return []
    hits = [Link(o.name, href_of(o.id), f"单位 {o.jurisdiction or ''}") for o in service.find_organizations(q)]
    for d in service.store.documents():
        if q in d.title or q == d.source or q == d.id:
            hits.append(Link(d.title, href_of(d.id), "文件"))
    for label, what in ((NodeLabel.SECTOR, "行业领域"), (NodeLabel.CAMPAIGN, "专项行动"),
                        (NodeLabel.JURISDICTION, "辖区"), (NodeLabel.TASK, "任务")):
        for row in service.store.nodes_with_label(label):
            if q in row.name or q == row.id:
                target = f"node/{row.id}" if label is NodeLabel.JURISDICTION else href_of(row.id)
                hits.append(Link(row.name, target, what))
    return hits


def search_view(service: GraphService, query: str) -> View:
    hits = search_hits(service, query)
    table = Table(f"“{query}”的结果({len(hits)})", ["名称", "类别"], [[h, Link(h.extra)] for h in hits])
    notes = [] if hits else ["没有找到。Nothing matches; try a short name such as 应急局 or 消防."]
    return View("search", f"搜索:{query}", f"search?q={query}", subtitle="搜索 · search", tables=[table], notes=notes)


def search_names(service: GraphService) -> list[str]:
    """What the search box suggests: every unit's name and aliases, documents, sectors, campaigns."""
    names = []
    for o in service.store.organizations():
        names += [o.name, *o.aliases]
    names += [d.title for d in service.store.documents()]
    for label in (NodeLabel.SECTOR, NodeLabel.CAMPAIGN):
        names += [r.name for r in service.store.nodes_with_label(label)]
    return sorted(set(names))
