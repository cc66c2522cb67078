"""Document structure: title, kind, period, date, issuer, jurisdiction, sections and tasks.

Jurisdiction comes from the title (九江市2023年… → 九江市; 九江市浔阳区… → 浔阳区 under 九江市),
then from the signature line (九江市安全生产委员会), then — for provincial reports written in the
first person (我厅) — from the province the text names most.  Documents that only say 全县 /
某县 (004) have no name to take: their jurisdiction stays None, and the resolver gives their
units a per-document placeholder place (see resolve.Resolver.for_document) so that two
anonymous counties never merge into one unit.

Tasks are numbered paragraphs ("1." "1、" "1．" at line start, or "一是…" narrative items); a
task runs until the next task or heading, so a clause after sub-items (1)…(4) stays with the
task that holds them.  The responsibility clause is the bracket closing the task paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.lexicon import rows

_CN_NUM = "一二三四五六七八九十百"
SECTION_RE = re.compile(rf"^(?:[{_CN_NUM}]+、|[（(][{_CN_NUM}]+[）)]|第[{_CN_NUM}\d]+[章部分])")
TASK_RE = re.compile(r"^(\d{1,3})\s*[.、．](?!\d)\s*")
NARRATIVE_RE = re.compile(rf"^([{_CN_NUM}]+)是")
DATE_LINE_RE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
ISO_DATE_RE = re.compile(r"(?:发布日期|发布时间|成文日期)\s*[:：]\s*(\d{4})-(\d{1,2})-(\d{1,2})")
TITLE_SUFFIX_RE = re.compile(r"(要点|规划|方案|计划|总结|情况|意见|办法|清单|细则)(（[^）]*）|\([^)]*\))?$")
PLACE_RE = re.compile(r"([\u4e00-\u9fff]{1,7}?(?:省|自治区|自治州|市|州|盟|地区|县|区|旗))")
_NOT_PLACE_START = "全本某我各该"
_BRACKETS = {"〕": "〔", "】": "【", ")": "(（", "）": "(（", "]": "[", "］": "［"}
_LEVEL = {"省": "province", "自治区": "province", "市": "city", "州": "city", "自治州": "city", "盟": "city",
          "地区": "city", "县": "county", "旗": "county", "区": "district"}


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


def split_lines(text: str) -> list[Line]:
    out, pos = [], 0
    for part in text.split("\n"):
        out.append(Line(part, pos))
        pos += len(part) + 1
    return out


def parse_structure(text: str, rules: StructureRules, raw: str | None = None) -> Skeleton:
    """``raw`` is the text before cleaning: a web page's 发布日期 lives in the chrome we drop."""
    lines = split_lines(text)
    title = find_title(lines)
    date_idx, issued_on = find_date(lines, text)
    if issued_on is None and raw:
        m = ISO_DATE_RE.search(raw)
        issued_on = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None
    issuer = None
    if date_idx is not None and date_idx > 0 and looks_like_org(lines[date_idx - 1].text):
        issuer = lines[date_idx - 1].text
    places = places_in(title)
    if not places and issuer:
        places = places_in(issuer)
    if not places:
        issuer, places = infer_from_self_reference(text, rules, issuer)
    sk = Skeleton(title=title, kind=kind_of(title), period=period_of(title, text),
                  issued_on=issued_on, issuer_name=issuer, places=places)
    find_sections_and_tasks(lines, sk)
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
        place = m.group(1)
        suffix = next(s for s in sorted(_LEVEL, key=len, reverse=True) if place.endswith(s))
        level = _LEVEL[suffix]
        if suffix == "市" and out and out[-1].level == "city":
            level = "county"  # a 市 inside a 市 is a county-level city
        out.append(Place(place, level, out[-1].name if out else None))
        pos = m.end()
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


def find_sections_and_tasks(lines: list[Line], sk: Skeleton) -> None:
    current_section: int | None = None
    open_task: RawTask | None = None
    narrative = any(NARRATIVE_RE.match(ln.text) for ln in lines) and not any(TASK_RE.match(ln.text) for ln in lines)

    def close(end: int) -> None:
        nonlocal open_task
        if open_task is not None:
            open_task.end = end
            sk.tasks.append(open_task)
            open_task = None

    for ln in lines:
        t = ln.text
        if SECTION_RE.match(t) and len(t) <= 60 and not (narrative and NARRATIVE_RE.match(t)):
            close(ln.start - 1 if ln.start else 0)
            sk.sections.append((t.strip(), ln.start))
            current_section = len(sk.sections) - 1
            continue
        m = TASK_RE.match(t) or (NARRATIVE_RE.match(t) if narrative else None)
        if m:
            close(ln.start - 1)
            body = t[m.end():]
            title = re.split(r"[。！？]", body, maxsplit=1)[0].strip()
            open_task = RawTask(m.group(1), title, ln.start, ln.start + len(t), current_section)
        elif open_task is not None:
            open_task.end = ln.start + len(t)
    if open_task is not None:
        close(open_task.end)


def attach_clause(task: RawTask, text: str) -> None:
    """The bracket that closes the task paragraph, if any: 〔…〕 (…) （…） 【…】."""
    end = task.end
    while end > task.start and text[end - 1] in " \t\n。.;；":
        end -= 1
    if end <= task.start or text[end - 1] not in _BRACKETS:
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
