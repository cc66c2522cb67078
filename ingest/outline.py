"""The outline of a plan: headings, tasks and boxed tables, from numbered lines.

The genre numbers four levels — 一、 › （一） › 1. / 1、 / 1． › （1） — plus narrative items
(一是…, 第一,) and chapters (第一章).  Which level holds the *tasks* differs by document: the
deepest of 1. / （一） / （1） that occurs (a （1） under a 1. is only a sub-item of its task, and
a clause after the sub-items stays with that task), else 一是…, else 一、 paragraphs that carry
a body.  Levels above the task level are headings (Sections).

Items under a heading about the plan itself — 指导思想, 基本原则, 规划目标 … — are principles
and goals, not tasks.  When the task numbers restart under each heading (1、… in every
（一）), a task's number is qualified by its headings' markers (二(一)1) so that it names one
task.  A 专栏 box ends the task before it; its rows become tasks and targets (boxes.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.boxes import BOX_RE, Box, read_box

_CN = "一二三四五六七八九十百"
LEVELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chapter", re.compile(rf"^第([{_CN}\d]+)[章部篇]|^第([{_CN}\d]+)部分")),
    ("L1", re.compile(rf"^([{_CN}]+)\s*[、.．]")),
    ("L2", re.compile(rf"^[（(]\s*([{_CN}]+)\s*[）)]")),
    ("L3", re.compile(r"^(\d{1,3})\s*[.、．](?!\d)\s*")),
    ("L4", re.compile(r"^[（(]\s*(\d{1,3})\s*[）)]\s*")),
    ("N", re.compile(rf"^([{_CN}]+)是|^第([{_CN}]+)(?=\s*[,，、:：])")),
)
_RANK = {name: i for i, (name, _) in enumerate(LEVELS)}
# headings about the plan itself: what sits under them are principles and goals, not tasks
_NOT_TASKS = re.compile(
    r"指导思想|基本原则|总体要求|总体思路|规划目标|工作目标|主要目标|发展目标|目标要求|编制依据|发展环境|"
    r"形势分析|现状与形势|发展现状|面临形势|发展基础|形势与挑战|现状和形势"
)
_HEADING_MAX = 60


@dataclass
class Line:
    text: str
    start: int


@dataclass
class RawTask:
    number: str
    title: str
    start: int
    end: int
    section: int | None  # index into sections
    clause: str | None = None
    clause_start: int | None = None  # offset of the clause text (inside the bracket) in the doc
    topic: str | None = None  # a box row's 分类 cell (the sector it is about)
    markers: tuple[str, ...] = ()  # the headings' markers above it: ("二", "(一)")


@dataclass
class Outline:
    sections: list[tuple[str, int]] = field(default_factory=list)  # (title, start)
    tasks: list[RawTask] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    first_start: int | None = None  # where the plan's first heading or task begins


def split_lines(text: str) -> list[Line]:
    out, pos = [], 0
    for part in text.split("\n"):
        out.append(Line(part, pos))
        pos += len(part) + 1
    return out


def level_of(text: str) -> tuple[str, re.Match[str]] | None:
    for name, pattern in LEVELS:
        m = pattern.match(text)
        if m:
            return name, m
    return None


def _has_body(text: str, m: re.Match[str]) -> bool:
    rest = text[m.end():]
    return len(text) > _HEADING_MAX or bool(re.search(r"[。；;]\s*\S", rest))


def task_level(lines: list[Line]) -> str | None:
    found: dict[str, bool] = {}
    for ln in lines:
        lv = level_of(ln.text)
        if lv:
            found[lv[0]] = found.get(lv[0], False) or _has_body(ln.text, lv[1])
    for name in ("L3", "L2", "L4", "N", "L1"):
        if name not in found:
            continue
        if name in ("L2", "L1") and not found[name]:
            continue  # bare headings only: not the task level
        return name
    return None


def _marker(name: str, m: re.Match[str]) -> str:
    value = next(g for g in m.groups() if g)
    return f"({value})" if name in ("L2", "L4") else value


def find_outline(lines: list[Line], start_line: int = 0) -> Outline:
    out = Outline()
    tl = task_level(lines[start_line:])
    heading_rank = _RANK[tl] if tl else len(LEVELS)
    stack: list[tuple[int, str, bool]] = []  # (rank, marker, not-tasks) of the open headings
    open_task: RawTask | None = None
    i = start_line

    def close(end: int) -> None:
        nonlocal open_task
        if open_task is not None:
            open_task.end = max(end, open_task.start + 1)
            out.tasks.append(open_task)
            open_task = None

    while i < len(lines):
        ln = lines[i]
        t = ln.text
        box = BOX_RE.match(t)
        if box:
            close(ln.start - 1)
            j = i + 1
            while j < len(lines) and not (level_of(lines[j].text) or BOX_RE.match(lines[j].text)):
                j += 1
            body = [(lines[k].text, lines[k].start) for k in range(i + 1, j) if lines[k].text.strip()]
            read = read_box(body, box.group(1), box.group(2).strip())
            read.section = len(out.sections) - 1 if out.sections else None
            out.boxes.append(read)
            if out.first_start is None:
                out.first_start = ln.start
            i = j
            continue
        lv = level_of(t)
        rank = _RANK[lv[0]] if lv else None
        if lv and rank < heading_rank and len(t) <= _HEADING_MAX and not (lv[0] == "N"):
            close(ln.start - 1)
            while stack and stack[-1][0] >= rank:
                stack.pop()
            excluded = bool(_NOT_TASKS.search(t)) or any(s[2] for s in stack)
            stack.append((rank, _marker(*lv), excluded))
            out.sections.append((t.strip(), ln.start))
            out.first_start = ln.start if out.first_start is None else out.first_start
        elif lv and lv[0] == tl:
            close(ln.start - 1)
            if out.first_start is None:
                out.first_start = ln.start
            if stack and stack[-1][2]:
                i += 1
                continue  # a principle or goal, not a task
            body = t[lv[1].end():].lstrip(" ,，、:：")
            title = re.split(r"[。！？]", body, maxsplit=1)[0].strip()
            open_task = RawTask(_marker(*lv), title, ln.start, ln.start + len(t),
                                len(out.sections) - 1 if out.sections else None,
                                markers=tuple(s[1] for s in stack))
        elif open_task is not None and t.strip():
            open_task.end = ln.start + len(t)
        i += 1
    close(open_task.end if open_task else 0)
    _qualify_repeated_numbers(out.tasks)
    return out


def _qualify_repeated_numbers(tasks: list[RawTask]) -> None:
    numbers = [t.number for t in tasks]
    if len(set(numbers)) == len(numbers):
        return
    for t in tasks:
        t.number = "".join(t.markers) + t.number
