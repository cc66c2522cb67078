"""A View → one HTML page: pyvis builds the vis-network data, our own template draws the page.

pyvis's templates load vis-network and Bootstrap from public CDNs (and a node_modules path
that does not exist), so a page of theirs is never offline.  Ours either links the
vis-network files shipped inside the pyvis package (served by viz.routes under /viz/static/)
or inlines them (an exported file that opens with no server and no network at all).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

from viz.model import View
from viz.style import ROLE_BY_REL, edge_colour, legend_edges, legend_nodes, node_style

VIS_DIR = "lib/vis-9.1.2"
VIS_FILES = {"vis-network.min.js": "application/javascript", "vis-network.css": "text/css"}
FONT_FACE = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
BIG = 120  # above this many nodes, skip the slow initial layout and draw straight edges


def asset_path(name: str) -> Path:
    """A vis-network file shipped inside pyvis (the only copy the browser ever loads)."""
    if name not in VIS_FILES:
        raise FileNotFoundError(name)
    return Path(str(files("pyvis"))) / VIS_DIR / name


@dataclass(frozen=True)
class PageMode:
    base: str | None  # the browser's root URL ("/viz/") on a served page; None in an exported file
    search_names: tuple[str, ...] = ()

    @property
    def served(self) -> bool:
        return self.base is not None


def _node_options(view: View, center: str | None, served: bool) -> list[tuple[str, dict]]:
    out = []
    for n in view.nodes:
        st = node_style(n.kind)
        colour = {"background": st.background, "border": st.border,
                  "highlight": {"background": st.background, "border": "#111111"},
                  "hover": {"background": st.background, "border": "#111111"}}
        opts = {
            "label": n.short, "title": "\n".join(n.details), "shape": st.shape, "color": colour,
            "font": {"color": st.font, "size": 15, "face": FONT_FACE, "multi": False},
            "borderWidth": 3 if n.id == center else 1, "size": st.size,
            "kind": n.kind, "fullName": n.name, "href": n.href if served else None,
        }
        if st.dashed:
            opts["shapeProperties"] = {"borderDashes": [4, 3]}
        if st.shape in ("box", "ellipse"):
            opts["margin"] = 8
        if n.kind == "task":
            opts["mass"] = 2  # tasks carry their label underneath: more repulsion keeps labels apart
        if n.id == center:
            opts["font"] = {**opts["font"], "size": 17}
            opts["mass"] = 3
        if n.x is not None:
            opts.update(x=n.x, y=n.y, fixed=True, physics=False)
        out.append((n.id, opts))
    return out


def network_of(view: View, served: bool) -> Network:
    """The pyvis network of a view: every node and edge, styled, with physics tuned to its size."""
    net = Network(height="100%", width="100%", directed=True)
    center = view.nodes[0].id if view.nodes and view.kind not in ("home", "compare") else None
    for node_id, opts in _node_options(view, center, served):
        net.add_node(node_id, **opts)
    kinds = {n.id: n.kind for n in view.nodes}
    for e in view.edges:
        colour = edge_colour(e.type)
        role = e.type in ROLE_BY_REL
        # Collective units (各有关部门) touch almost every task; longer springs keep them from
        # pulling the whole picture into one knot.
        extra = {"length": 220} if kinds.get(e.source) == "group" and not view.fixed_layout else {}
        net.add_edge(
            e.source, e.target, label=e.label, title="\n".join(e.details), width=e.width if role else 1,
            color={"color": colour, "highlight": colour, "hover": colour, "opacity": 0.9 if role else 0.7},
            font={"size": 12, "color": colour if role else "#6b7078", "strokeWidth": 3, "strokeColor": "#ffffff",
                  "face": FONT_FACE, "align": "middle"},
            dashes=not role and e.type != "TASKS", relType=e.type, **extra,
        )
    net.options = _options(view)
    return net


def _options(view: View) -> dict:
    n = len(view.nodes)
    big = n > BIG
    if view.fixed_layout:
        smooth = {"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal", "roundness": 0.45}
    else:
        smooth = {"enabled": not big, "type": "continuous", "roundness": 0.3}
    return {
        "autoResize": True,
        "layout": {"improvedLayout": not big and not view.fixed_layout, "randomSeed": 11},
        "nodes": {"font": {"face": FONT_FACE}, "scaling": {"label": {"drawThreshold": 6}}},
        # Edge labels appear once zoomed in enough to read them; colour carries the role before that.
        "edges": {"smooth": smooth, "scaling": {"label": {"drawThreshold": 9}}, "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "selectionWidth": 2, "hoverWidth": 1},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": big, "navigationButtons": False,
                        "keyboard": {"enabled": True, "bindToWindow": False}},
        "physics": {
            "enabled": not view.fixed_layout,
            "solver": "forceAtlas2Based",
            # Strong repulsion and damping: labelled boxes need room, and a damped system comes to rest
            # within the stabilization budget, after which the page turns physics off for good.
            "forceAtlas2Based": {"gravitationalConstant": -70 if big else -60, "centralGravity": 0.02,
                                 "springLength": 100 if big else 90, "springConstant": 0.05, "damping": 0.6,
                                 "avoidOverlap": 0.8},
            "maxVelocity": 60, "minVelocity": 1.5, "timestep": 0.45,
            "stabilization": {"enabled": True, "iterations": min(150 + 2 * n, 900), "updateInterval": 50,
                              "fit": True},
        },
    }


def canvas_height(view: View) -> int | None:
    """Pixels for the canvas when the default (68% of the window) would shrink labels past reading."""
    if view.height:
        return view.height
    return min(1500, 300 + 8 * len(view.nodes)) if len(view.nodes) > 60 else None


def render_page(view: View, mode: PageMode) -> str:
    """The whole page: canvas, legend, notes, tables and the text list of nodes and edges."""
    net = network_of(view, mode.served)
    nodes, edges, _, _, _, options = net.get_network_data()
    names = {n.id: n for n in view.nodes}
    env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    assets = {}
    if not mode.served:
        assets = {name: asset_path(name).read_text(encoding="utf-8") for name in VIS_FILES}
    data = {"nodes": nodes, "edges": edges, "options": json.loads(options), "fixed": view.fixed_layout}
    return env.get_template("page.html").render(
        view=view, mode=mode, height=canvas_height(view), base=mode.base or "", assets=assets, names=names,
        data_json=json.dumps(data, ensure_ascii=False).replace("</", "<\\/"),
        legend_nodes=legend_nodes({n.kind for n in view.nodes}), legend_edges=legend_edges({e.type for e in view.edges}),
        node_style=node_style, edge_colour=edge_colour,
    )


def render_error(title: str, message: str, base: str) -> str:
    env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True)
    return env.get_template("error.html").render(title=title, message=message, base=base)
