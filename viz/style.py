"""How each kind of node and edge looks: one table the canvas, the legend and the text list share.

Colours were picked to stay apart for the common colour-vision deficiencies (roles use a
blue/orange/purple-led palette, never red against green alone) and to keep white text legible.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.model import RelType, Role


@dataclass(frozen=True)
class NodeStyle:
    shape: str  # a vis-network shape
    background: str
    border: str
    font: str  # label colour
    label: str  # legend text (Chinese first: the corpus and its readers are Chinese)
    size: int = 16  # for shapes with the label outside
    dashed: bool = False


# Shapes with the label inside (box, ellipse) for units, whose names people read; the rest
# carry the label underneath so they stay small.
NODE_STYLES: dict[str, NodeStyle] = {
    "department": NodeStyle("box", "#2f6db5", "#1d4f8a", "#ffffff", "部门 department"),
    "party": NodeStyle("box", "#a23b3b", "#7a2828", "#ffffff", "党委部门 party organ"),
    "government": NodeStyle("box", "#23787a", "#175556", "#ffffff", "政府 government"),
    "enterprise": NodeStyle("box", "#6d5a48", "#4e3f32", "#ffffff", "企业 enterprise"),
    "council": NodeStyle("ellipse", "#e8842b", "#b35f14", "#1a1a1a", "安委会/安委办 council, office"),
    "office": NodeStyle("ellipse", "#f2b36b", "#b35f14", "#1a1a1a", "安委会/安委办 council, office"),
    "committee": NodeStyle("ellipse", "#8a5cb8", "#5e3a86", "#ffffff", "专委会 committee"),
    "group": NodeStyle("box", "#e9e9e4", "#7b7b73", "#333333", "统称 group of units", dashed=True),
    "task": NodeStyle("dot", "#55a868", "#2f7a42", "#1a1a1a", "任务 task", size=12),
    "sector": NodeStyle("diamond", "#e3c22c", "#9c8413", "#1a1a1a", "行业领域 sector", size=18),
    "campaign": NodeStyle("star", "#e377c2", "#a3387f", "#1a1a1a", "专项行动 campaign", size=20),
    "document": NodeStyle("square", "#3d3d46", "#17171c", "#1a1a1a", "文件 document", size=20),
    "section": NodeStyle("triangle", "#9aa3ad", "#5e6670", "#1a1a1a", "章节 section", size=13),
    "jurisdiction": NodeStyle("triangleDown", "#17becf", "#0e7f8a", "#1a1a1a", "行政区 jurisdiction", size=18),
    "target": NodeStyle("dot", "#bcbd22", "#7f8015", "#1a1a1a", "目标 target", size=8),
}
ROLE_COLOURS: dict[Role, str] = {
    Role.LEAD: "#d1495b",
    Role.ORGANIZE: "#ef8a17",
    Role.RESPONSIBLE: "#2f6db5",
    Role.COOPERATE: "#3a9e5c",
    Role.SUPERVISE: "#8a5cb8",
    Role.IMPLEMENT: "#8c8c8c",
}
ROLE_LABELS: dict[Role, str] = {
    Role.LEAD: "牵头",
    Role.ORGANIZE: "组织",
    Role.RESPONSIBLE: "分工负责",
    Role.COOPERATE: "会同/配合",
    Role.SUPERVISE: "督促",
    Role.IMPLEMENT: "落实",
}
ROLE_BY_REL = {role.rel_type.value: role for role in Role}

LINK_COLOUR = "#b4b9c0"
LINK_LABELS: dict[str, str] = {
    RelType.HAS_SECTION.value: "章节",
    RelType.CONTAINS.value: "包含",
    RelType.CONCERNS.value: "涉及",
    RelType.PART_OF.value: "属于",
    RelType.MEMBER_OF.value: "成员",
    RelType.COVERS.value: "分管",
    RelType.IN.value: "位于",
    RelType.ISSUED_BY.value: "印发",
    RelType.HAS_TARGET.value: "目标",
    RelType.REPORTS_TO.value: "报送",
    "TASKS": "任务",  # an aggregate: n tasks between two nodes (landing page)
}


def edge_colour(rel_type: str) -> str:
    role = ROLE_BY_REL.get(rel_type)
    return ROLE_COLOURS[role] if role else LINK_COLOUR


def edge_label(rel_type: str) -> str:
    role = ROLE_BY_REL.get(rel_type)
    return ROLE_LABELS[role] if role else LINK_LABELS.get(rel_type, rel_type)


def node_style(kind: str) -> NodeStyle:
    return NODE_STYLES.get(kind, NODE_STYLES["department"])


def legend_nodes(kinds: set[str]) -> list[tuple[str, NodeStyle]]:
    """Legend rows for the kinds on a page, council and office sharing one row."""
    seen, rows = set(), []
    for kind, style in NODE_STYLES.items():
        if kind in kinds and style.label not in seen:
            seen.add(style.label)
            rows.append((kind, style))
    return rows


def legend_edges(types: set[str]) -> list[tuple[str, str, str]]:
    """(colour, Chinese label, English) for the roles on a page, then one row for plain links."""
    rows = [(ROLE_COLOURS[r], ROLE_LABELS[r], r.value) for r in Role if r.rel_type.value in types]
    if any(t not in ROLE_BY_REL for t in types):
        rows.append((LINK_COLOUR, "其他关系", "structure"))
    return rows
