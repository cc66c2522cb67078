"""Document structure: title, kind, period, date, issuer, jurisdiction, sections and tasks.

Jurisdiction comes from the title (九江市2023年… → 九江市; 九江市浔阳区… → 浔阳区 under 九江市),
then from the signature line (九江市安全生产委员会), then — for provincial reports written in the
first person (我厅) — from the province the text names most.  Documents that only say 全县 /
某县 (004) have no name to take: their jurisdiction stays None, and the resolver gives their
units a per-document placeholder place (see resolve.Resolver.for_document) so that two
anonymous counties never merge into one unit.

Issuer: the signature above a date (cover or closing), else the letterhead or the notice title
(cover.py).  Headings, tasks and 专栏 boxes come from outline.py.  The responsibility clause
is the bracket closing the task paragraph, else 牵头单位:/责任单位: lines inside the task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.boxes import Box
from ingest.cover import cover_issuer
from ingest.lexicon import rows
from ingest.outline import Line, RawTask, find_outline, split_lines

__all__ = ["Line", "RawTask", "Place", "Skeleton", "StructureRules", "parse_structure", "attach_clause", "split_lines"]

DATE_LINE_RE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
ISO_DATE_RE = re.compile(r"(?:发布日期|发布时间|成文日期)\s*[:：]\s*(\d{4})-(\d{1,2})-(\d{1,2})")
TITLE_SUFFIX_RE = re.compile(r"(要点|规划|方案|计划|总结|情况|意见|办法|清单|细则|安排|任务分工)(（[^）]*）|\([^)]*\))?$")
PLACE_RE = re.compile(r"([\u4e00-\u9fff]{1,7}?(?:省|自治区|自治州|市|州|盟|地区|县|区|旗|镇|乡|街道))")
_NOT_PLACE_START = "全本某我各该"
# words ending like a place that name none (乡镇 is "townships", 城乡 "town and country")
NOT_PLACES = ("乡镇", "城乡", "市县", "县区", "省市", "城区", "社区", "园区", "景区", "辖区")
_TOWNSHIP_RE = re.compile(r"([\u4e00-\u9fff]{1,7}?(?:镇|乡|街道))")
_BRACKETS = {"〕": "〔", "】": "【", ")": "(（", "）": "(（", "]": "[", "］": "［"}
_LEVEL = {"省": "province", "自治区": "province", "市": "city", "州": "city", "自治州": "city", "盟": "city",
          "地区": "city", "县": "county", "旗": "county", "区": "district", "镇": "township", "乡": "township",
          "街道": "township"}
# 牵头单位:X / 责任单位:Y written as lines (or a sentence) of the task instead of a bracket
_LABEL_RE = re.compile(r"(?:牵头|主责|主办|责任|负责|承办|实施|配合|协办|参加|参与|协助|协同|组织|落实|督导|指导)(?:单位|部门)\s*[:：]")
_DEADLINE_LABEL_RE = re.compile(r"(?:完成时限|完成时间|时间节点|时限要求|完成期限)\s*[:：]")


@dataclass
class Place:
    name: str
    level: str
    parent: str | None = None


@dataclass
class Skeleton:
    title: str
    kind: str
    period: str | None
    issued_on: str | None
    issuer_name: str | None  # as written on the signature line (or inferred)
    places: list[Place]  # outermost first; the last is the document's jurisdiction
    sections: list[tuple[str, int]] = field(default_factory=list)  # (title, start)
    tasks: list[RawTask] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    body_start: int = 0  # where the plan itself begins: before it is the cover notice

    @property
    def jurisdiction(self) -> Place | None:
        return self.places[-1] if self.places else None


@dataclass(frozen=True)
class StructureRules:
    provinces: tuple[tuple[str, str], ...]  # (short, full)
    self_refs: tuple[tuple[str, str], ...]  # (我厅, 应急管理厅)

    @classmethod
    def load(cls) -> "StructureRules":
        return cls(tuple((s, f) for s, f in rows("provinces.tsv", 2)),
                   tuple((s, f) for s, f in rows("self_refs.tsv", 2)))


def parse_structure(text: str, rules: StructureRules, raw: str | None = None) -> Skeleton:
    """``raw`` is the text before cleaning: a web page's 发布日期 lives in the chrome we drop."""
    lines = split_lines(text)
    title = find_title(lines)
    date_idx, issued_on = find_date(lines, text)
    if issued_on is None and raw:
        m = ISO_DATE_RE.search(raw)
        issued_on = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None
    issuer = signature(lines, date_idx)
    if issuer is None:
        issuer = cover_issuer([ln.text for ln in lines])
    places = places_in(title)
    if not places and issuer:
        places = places_in(issuer)
    if not places:
        issuer, places = infer_from_self_reference(text, rules, issuer)
    sk = Skeleton(title=title, kind=kind_of(title), period=period_of(title, text),
                  issued_on=issued_on, issuer_name=issuer, places=places)
    title_line = next((i for i, ln in enumerate(lines[:80]) if ln.text.strip() and ln.text.strip() in title), 0)
    outline = find_outline(lines, 0)
    sk.sections, sk.tasks, sk.boxes = outline.sections, outline.tasks, outline.boxes
    starts = [s for s in (outline.first_start, lines[title_line].start if title_line else None) if s is not None]
    sk.body_start = min(starts) if starts else 0
    return sk


def find_title(lines: list[Line]) -> str:
    quoted, plain = [], []
    for ln in lines[:60]:
        t = ln.text.strip()
        if len(t) > 60 or not t:
            continue
        m = re.fullmatch(r"《(.+)》", t)
        if m:
            quoted.append(m.group(1))
        elif TITLE_SUFFIX_RE.search(t) and not t.startswith("关于") and not re.search(r"[。,，；;:：]", t):
            plain.append(re.sub(r"(?<=\d)\s+(?=年)", "", t))
    for cand in plain:
        for q in quoted:  # a title broken over two lines survives whole in the cover's 《》
            if cand in q:
                return q
        return cand
    if quoted:
        return quoted[0]
    return next((ln.text.strip() for ln in lines if ln.text.strip()), "")


def kind_of(title: str) -> str:
    if "要点" in title:
        return "工作要点"
    if "规划" in title:
        return "规划"
    if re.search(r"总结|开展情况|完成情况|工作情况", title):
        return "工作总结"
    return "other"


def period_of(title: str, text: str) -> str | None:
    m = re.search(r"(\d{4})\s*[-—–~至]\s*(\d{4})", title) or re.search(r"[（(](\d{4})\s*[-—–~至]\s*(\d{4})[）)]", text[:3000])
    if m:
        return f"{m.group(1)}-{m.group(2)}"
    if "十四五" in title:
        return "2021-2025"
    if "十五五" in title:
        return "2026-2030"
    m = re.search(r"(\d{4})\s*年", title)
    return m.group(1) if m else None


def find_date(lines: list[Line], text: str) -> tuple[int | None, str | None]:
    for i, ln in enumerate(lines[:80]):
        m = DATE_LINE_RE.match(ln.text.strip())
        if m:
            y, mo, d = m.groups()
            return i, f"{y}-{int(mo):02d}-{int(d):02d}"
    return None, None


def signature(lines: list[Line], date_idx: int | None) -> str | None:
    """The unit signed above a date line: the cover's date first, else the plan's closing one."""
    tail = [i for i in range(max(0, len(lines) - 12), len(lines)) if DATE_LINE_RE.match(lines[i].text.strip())]
    for i in ([date_idx] if date_idx is not None else []) + tail:
        if i > 0 and looks_like_org(lines[i - 1].text):
            return lines[i - 1].text.strip()
    return None


def looks_like_org(line: str) -> bool:
    line = line.strip()
    return 4 <= len(line) <= 40 and not re.search(r"[。,，:：;；]", line) and bool(
        re.search(r"(委员会|政府|局|厅|办公室|委|指挥部|中心)$", line))


def places_in(name: str) -> list[Place]:
    """Leading place names of a title or org name, outermost first, with levels and parents."""
    out: list[Place] = []
    pos = 0
    name = re.sub(r"^\d{4}\s*年", "", name)
    while True:
        m = PLACE_RE.match(name, pos)
        if not m or m.group(1)[0] in _NOT_PLACE_START:
            break
        place, end = m.group(1), m.end()
        if place.endswith("州") and name[end:end + 1] == "市":
            place, end = place + "市", end + 1  # 赣州市, not 赣州 followed by a place called 市…
        if out and out[-1].level in ("county", "district") and place.endswith("市"):
            # no city inside a county: 何市 in 修水县何市镇 is part of a township's name
            t = _TOWNSHIP_RE.match(name, pos)
            if t:
                place, end = t.group(1), t.end()
        if place.endswith(NOT_PLACES) or place in ("街道", "镇", "乡") or any(w in place for w in ("乡镇", "城乡")):
            break
        suffix = next(s for s in sorted(_LEVEL, key=len, reverse=True) if place.endswith(s))
        level = _LEVEL[suffix]
        if suffix == "市" and out and out[-1].level == "city":
            level = "county"  # a 市 inside a 市 is a county-level city
        out.append(Place(place, level, out[-1].name if out else None))
        pos = end
    return out


def infer_from_self_reference(text: str, rules: StructureRules, issuer: str | None) -> tuple[str | None, list[Place]]:
    """A report written as 我厅 by a provincial department: take the province the text names most."""
    counts = {full: text.count(short) for short, full in rules.provinces if short in text}
    if not counts or "全省" not in text:
        return issuer, []
    province = max(counts, key=counts.get)
    for ref, unit in rules.self_refs:
        if ref in text and issuer is None:
            issuer = province + unit
            break
    return issuer, [Place(province, "province")]


def attach_clause(task: RawTask, text: str) -> None:
    """The bracket that closes the task paragraph, if any: 〔…〕 (…) （…） 【…】."""
    end = task.end
    while end > task.start and text[end - 1] in " \t\n。.;；":
        end -= 1
    if end <= task.start:
        return
    if text[end - 1] not in _BRACKETS:
        _attach_label_clause(task, text, end)
        return
    openers, closers = _BRACKETS[text[end - 1]], text[end - 1]
    if closers in ")）":
        closers = ")）"
    depth, i = 0, end - 1
    while i >= task.start:
        ch = text[i]
        if ch in closers:
            depth += 1
        elif ch in openers:
            depth -= 1
            if depth == 0:
                break
        i -= 1
    if i <= task.start:
        return
    task.clause = text[i + 1:end - 1]
    task.clause_start = i + 1


def _attach_label_clause(task: RawTask, text: str, end: int) -> None:
    """牵头单位:X;责任单位:Y after the task text (own lines or the closing sentence), no bracket."""
    m = _LABEL_RE.search(text, task.start, end)
    if m is None:
        return
    stop = _DEADLINE_LABEL_RE.search(text, m.start(), end)
    clause_end = stop.start() if stop else end
    while clause_end > m.start() and text[clause_end - 1] in " \t\n。.;；,，":
        clause_end -= 1
    task.clause = text[m.start():clause_end]
    task.clause_start = m.start()
