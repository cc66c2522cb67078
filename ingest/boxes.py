"""Boxed tables (专栏) of a plan, read from their one-cell-a-line text copy.

Web pages, .docx and .html all reach us with a table written one cell a line:
``专栏1 …预期指标 / 序号 / 分类 / 指标 / 指标值 / 安全生产 / 生产安全事故起数 / 下降15% …``.
The header cells say what the box holds:
- an indicator table (指标 … 指标值/目标值) gives Targets: a value line closes the indicator
  line before it, and a line followed by an indicator (not a value) is a category (分类);
- any other numbered table (序号 | 分类 | 主要任务, 序号 | 重点推进项目) gives one task a row:
  a row opens at its bare number line, its 分类 cell (the sector the row is about) becomes
  the task's topic, and its other cells its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

BOX_RE = re.compile(r"^专栏\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*(.*)$")
_HEADER = re.compile(
    r"^(序号|编号|分类|类别|类型|领域|行业领域|指标|指标名称|主要指标|指标值|目标值|预期值|预期性|约束性|属性|指标属性|"
    r"现状值|基期值|\d{4}年(目标值|预期)?|主要任务|重点任务|任务|工作任务|主要内容|重点推进项目|重点项目|项目|"
    r"项目名称|工程|重点工程|建设内容|内容|责任单位|牵头单位)$"
)
_VALUE = re.compile(
    r"^[<>≤≥＜＞]?\s*[\d.]+\s*(%|％|‰|小时|分钟|天|个|人|次|万|亿|元|起|家|处|项|以上|以下|以内)?\s*(以上|以下|以内)?$|"
    r"(下降|降低|减少|提高|提升|增长|达到|不低于|不高于|不少于|不超过|控制在|低于|高于)\s*[<>≤≥]?[\d.]+|"
    r"[\d.]+\s*[%％‰]"
)
_ROW_NUMBER = re.compile(r"^\d{1,3}$")


@dataclass
class BoxTarget:
    indicator: str
    value: str
    category: str | None
    start: int  # offset of the indicator line


@dataclass
class BoxRow:
    number: str  # the row's 序号
    topic: str | None  # the 分类 cell
    title: str
    start: int
    end: int


@dataclass
class Box:
    number: str
    title: str
    start: int
    end: int
    targets: list[BoxTarget] = field(default_factory=list)
    rows: list[BoxRow] = field(default_factory=list)
    section: int | None = None  # index of the heading it sits under


def is_value(text: str) -> bool:
    return len(text) <= 24 and bool(_VALUE.search(text))


def read_box(lines: list[tuple[str, int]], number: str, title: str) -> Box:
    """``lines`` are the box's (text, offset) lines after the 专栏 line, up to the next heading."""
    end = lines[-1][1] + len(lines[-1][0]) if lines else 0
    box = Box(number, title, lines[0][1] if lines else 0, end)
    header: list[str] = []
    i = 0
    while i < len(lines) and _HEADER.match(lines[i][0].replace(" ", "")):
        header.append(lines[i][0].replace(" ", ""))
        i += 1
    cells = lines[i:]
    if any(h.startswith("指标") or h in ("主要指标",) for h in header):
        box.targets = _targets(cells)
    elif "序号" in header or "编号" in header:
        box.rows = _rows(cells, has_topic=any(h in ("分类", "类别", "领域", "行业领域", "类型") for h in header))
    return box


def _targets(cells: list[tuple[str, int]]) -> list[BoxTarget]:
    out: list[BoxTarget] = []
    category: str | None = None
    pending: tuple[str, int] | None = None
    for text, start in cells:
        if pending and is_value(text):
            out.append(BoxTarget(pending[0], text.replace(" ", ""), category, pending[1]))
            pending = None
            continue
        if _ROW_NUMBER.match(text):
            continue  # a 序号 cell (a bare 0 after an indicator was its value, above)
        if pending:  # two labels in a row: the first was a category
            category = pending[0]
        pending = (text, start)
    return out


def _rows(cells: list[tuple[str, int]], has_topic: bool) -> list[BoxRow]:
    rows: list[BoxRow] = []
    current: BoxRow | None = None
    expect_topic = False
    for text, start in cells:
        if _ROW_NUMBER.match(text):
            current = BoxRow(text, None, "", start, start + len(text))
            rows.append(current)
            expect_topic = has_topic
            continue
        if current is None:
            continue
        if expect_topic and len(text) <= 12:
            current.topic = text
            expect_topic = False
        elif not current.title:
            # a row's cell is often a list of measures: its first one names the row
            first = re.split(r"[。；;，,]", text, maxsplit=1)[0]
            if len(first) > 40:  # a 、-list of measures: the first names the row
                first = first.split("、", 1)[0][:60]
            current.title = f"{current.topic}:{first}" if current.topic else first
        current.end = start + len(text)
    for r in rows:
        if not r.title and r.topic:
            r.title = r.topic
    return [r for r in rows if r.title]
