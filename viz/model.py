"""What a view is: nodes, edges and the words around them, independent of how it is drawn.

A View is built from the service (viz.views, viz.overview), drawn by viz.render and served as
JSON by viz.routes, so the canvas and the API count exactly the same nodes and edges.
Links (``href``) are paths relative to the browser's root (``org/org%3A…``); the page decides
whether they can be followed (a served page) or not (a file exported for offline reading).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from urllib.parse import quote

from graph.model import NodeLabel, label_of
from graph.store import EdgeRow, NodeRow
from viz.style import edge_label

SHORT_LEN = 12  # characters of a name drawn on the canvas; the tooltip has the rest


@dataclass
class VizNode:
    id: str
    kind: str  # a key of viz.style.NODE_STYLES
    name: str  # the full name
    short: str  # what the canvas shows
    href: str | None = None  # the node's own view
    details: list[str] = field(default_factory=list)  # tooltip lines, plain text
    jurisdiction: str | None = None  # units only: views that mix places prefix it to the label
    x: float | None = None  # fixed position (side-by-side layouts); None lets physics place it
    y: float | None = None


@dataclass
class VizEdge:
    source: str
    target: str
    type: str  # a RelType value, or TASKS for an aggregate
    label: str
    details: list[str] = field(default_factory=list)
    width: float = 1.5


@dataclass
class Link:
    text: str
    href: str | None = None
    extra: str = ""


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Link]]


@dataclass
class Filter:
    name: str  # the query parameter
    label: str
    options: list[tuple[str, str]]  # (value, text); value "" means any
    selected: str = ""


@dataclass
class View:
    kind: str  # home, org, task, campaign, sector, document, compare, node, search
    title: str
    path: str  # this view's own path, relative like the hrefs
    subtitle: str = ""
    nodes: list[VizNode] = field(default_factory=list)
    edges: list[VizEdge] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. that the graph was capped
    tables: list[Table] = field(default_factory=list)
    filters: list[Filter] = field(default_factory=list)
    capped: bool = False
    in_reach: int = 0  # nodes the view would hold without the cap
    fixed_layout: bool = False  # positions come from the view, physics stays off
    height: int | None = None  # canvas height in px when the layout needs it (tall side-by-side columns)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["counts"] = {"nodes": len(self.nodes), "edges": len(self.edges)}
        return data


def href_of(node_id: str) -> str | None:
    """The view a node opens; every node has one except targets, which open their document."""
    label = label_of(node_id)
    if label is None:
        return None
    if label is NodeLabel.ORGANIZATION:
        return "org/" + quote(node_id, safe=":")
    if label is NodeLabel.TASK:
        return "task/" + quote(node_id, safe=":")
    if label is NodeLabel.DOCUMENT:
        return "document/" + quote(node_id, safe=":")
    if label is NodeLabel.SECTOR:
        return "sector/" + quote(node_id.partition(":")[2], safe="")
    if label is NodeLabel.CAMPAIGN:
        return "campaign/" + quote(node_id.partition(":")[2], safe="")
    if label is NodeLabel.TARGET:
        return "document/" + quote(node_id.split(":target:")[0], safe=":")
    return "node/" + quote(node_id, safe=":")


def shorten(text: str, n: int = SHORT_LEN) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def wrap(text: str, width: int) -> str:
    """Chinese has no spaces to break at: cut a label into lines of ``width`` characters."""
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))


def org_short(props: dict, name: str) -> str:
    """The short name people write (市应急局) when the document gave one, else the standard name."""
    standard = props.get("standard") or name
    aliases = [a for a in props.get("aliases") or [] if a]
    best = min(aliases, key=len) if aliases else standard
    if len(best) > len(standard):
        best = standard
    return wrap(shorten(best, 16), 8)


def task_short(props: dict) -> str:
    number, title = str(props.get("number") or ""), props.get("title") or ""
    return wrap(shorten(f"{number} {title}".strip(), 15), 8)


def node_of(row: NodeRow) -> VizNode:
    """A stored node as the canvas shows it."""
    p = row.properties
    label = row.label
    if label == NodeLabel.ORGANIZATION.value:
        kind = p.get("kind") or "department"
        details = [row.name, f"类型 {kind}", f"辖区 {p.get('jurisdiction') or '—'}"]
        if p.get("aliases"):
            details.append("简称 " + "、".join(p["aliases"]))
        return VizNode(row.id, kind, row.name, org_short(p, row.name), href_of(row.id), details,
                       jurisdiction=p.get("jurisdiction"))
    if label == NodeLabel.TASK.value:
        details = [f"任务 {p.get('number', '')} {p.get('title', '')}"]
        if p.get("deadline"):
            details.append(f"时限 {p['deadline']}")
        text = " ".join((p.get("text") or "").split())
        if text:
            details.append(shorten(text, 160))
        return VizNode(row.id, "task", f"{p.get('number', '')} {p.get('title', '')}".strip(), task_short(p),
                       href_of(row.id), details)
    if label == NodeLabel.DOCUMENT.value:
        details = [row.name, p.get("source") or "", " · ".join(str(p[k]) for k in ("jurisdiction", "period", "kind")
                                                                if p.get(k))]
        return VizNode(row.id, "document", row.name, wrap(shorten(row.name, 20), 10), href_of(row.id),
                       [d for d in details if d])
    if label == NodeLabel.TARGET.value:
        name = f"{row.name} {p.get('value', '')}".strip()
        return VizNode(row.id, "target", name, wrap(shorten(name, 12), 8), href_of(row.id),
                       [name, f"期限 {p.get('deadline') or '—'}"])
    kind = label.lower()
    short = wrap(shorten(row.name, 16), 8)
    return VizNode(row.id, kind, row.name, short, href_of(row.id), [row.name])


def place_labels(nodes: list[VizNode]) -> None:
    """When units of several places share a picture, 各有关部门 alone is ambiguous: prefix the place."""
    places = {n.jurisdiction for n in nodes if n.jurisdiction}
    if len(places) < 2:
        return
    for n in nodes:
        if n.jurisdiction:
            place = n.jurisdiction[:-1] if len(n.jurisdiction) > 2 else n.jurisdiction
            n.short = f"{place}·{n.short}"


def edge_of(row: EdgeRow, names: dict[str, str]) -> VizEdge:
    """A stored edge; role edges carry their evidence clause into the tooltip."""
    label = edge_label(row.type)
    details = [f"{names.get(row.source, row.source)} —{label}→ {names.get(row.target, row.target)}"]
    props = row.properties or {}
    if props.get("mention"):
        details.append(f"原文写作 {props['mention']}")
    if props.get("evidence"):
        details.append(f"依据 {props['evidence']}")
    if props.get("deadline"):
        details.append(f"时限 {props['deadline']}")
    return VizEdge(row.source, row.target, row.type, label, details, 2.0 if props.get("evidence") else 1.0)
