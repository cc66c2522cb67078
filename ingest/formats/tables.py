"""Tables (from .docx or .html) rendered as the lines a plain-text copy of the plan would have.

A 任务分工 table — a header with role columns such as 牵头单位 | 责任单位 | 配合单位 — becomes
one numbered task paragraph a row, its role cells written as a labelled clause
``N.任务。内容 完成时限:…（牵头单位:X;责任单位:Y;配合单位:Z）``, which the clause parser
already reads.  A single 责任单位 column that holds a whole clause (X牵头,Y配合) is kept as the
clause itself.  Any other table (indicator tables, 专栏) is written one cell a line, in reading
order, exactly as a web page's text copy has it, so both reach the same layout rules.
"""

from __future__ import annotations

import re

# header cell -> what the column holds; a header is matched after removing spaces
_ROLE_HEADERS = (
    (re.compile(r"^(牵头|主责|主办)(单位|部门)$"), "牵头单位"),
    (re.compile(r"^(责任|负责|承办|实施|主体)(单位|部门)$"), "责任单位"),
    (re.compile(r"^(配合|协办|参与|参加|协助|协同)(单位|部门)$"), "配合单位"),
    (re.compile(r"^(组织)(单位|部门)$"), "组织单位"),
    (re.compile(r"^(指导|督导|监督)(单位|部门)$"), "指导单位"),
    (re.compile(r"^(落实)(单位|部门)$"), "落实单位"),
)
_NUMBER = re.compile(r"^(序号|编号|序)$")
_TITLE = re.compile(r"^(工作任务|重点任务|主要任务|任务|工作事项|事项|项目|任务名称|重点工作|工作重点)$")
_CONTENT = re.compile(r"^(工作内容|任务内容|具体内容|主要内容|具体措施|工作措施|主要措施|具体任务|任务要求|工作要求|内容)$")
_DEADLINE = re.compile(r"^(完成时限|完成时间|时间节点|时限|时间安排|进度安排|完成期限)$")
# a cell that already reads as a clause: a role verb after a unit, or several clauses
_CLAUSE_CUE = re.compile(r"牵头|会同|配合|负责|落实|参与|协助|督促|指导|组织|[,，;；]")
_SECTION_ROW = re.compile(r"^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[）)])")


def _clean(cell: str) -> str:
    return re.sub(r"\s+", "", cell or "")


def dedupe_merged(row: list[str]) -> list[str]:
    """Horizontally merged cells repeat their text in every grid column: keep it once."""
    out: list[str] = []
    for cell in row:
        if not out or cell != out[-1] or not cell:
            out.append(cell)
    return out


def table_lines(rows: list[list[str]]) -> list[str]:
    rows = [[(c or "").strip() for c in r] for r in rows if any((c or "").strip() for c in r)]
    if not rows:
        return []
    header_at = next((i for i, r in enumerate(rows[:3]) if _roles_of(r)), None)
    if header_at is None:
        return [cell for r in rows for cell in dedupe_merged(r) if cell]
    return _lines_before(rows[:header_at]) + _task_rows(rows[header_at], rows[header_at + 1:])


def _lines_before(rows: list[list[str]]) -> list[str]:
    return [cell for r in rows for cell in dedupe_merged(r) if cell]


def _roles_of(header: list[str]) -> dict[int, str]:
    out = {}
    for i, cell in enumerate(header):
        h = _clean(cell)
        for pattern, label in _ROLE_HEADERS:
            if pattern.match(h):
                out[i] = label
    return out


def _column(header: list[str], pattern: re.Pattern[str]) -> int | None:
    return next((i for i, cell in enumerate(header) if pattern.match(_clean(cell))), None)


def _task_rows(header: list[str], body: list[list[str]]) -> list[str]:
    roles = _roles_of(header)
    num_col, title_col = _column(header, _NUMBER), _column(header, _TITLE)
    content_col, deadline_col = _column(header, _CONTENT), _column(header, _DEADLINE)
    if title_col is None and content_col is None:  # the first non-role column names the task
        title_col = next((i for i in range(len(header)) if i not in roles and i != num_col and i != deadline_col), None)
    lines: list[str] = []
    count = 0
    seen_numbers: set[str] = set()
    for row in body:
        cells = row + [""] * (len(header) - len(row))
        distinct = {c for c in cells if c}
        if len(distinct) == 1 and (_SECTION_ROW.match(next(iter(distinct))) or len(row) == 1):
            lines.append(next(iter(distinct)))  # a row spanning the table: a section heading
            continue
        title = _one_line(cells[title_col]) if title_col is not None else ""
        content = _one_line(cells[content_col]) if content_col is not None else ""
        if not (title or content):
            continue
        count += 1
        number = _clean(cells[num_col]).rstrip(".、．") if num_col is not None else ""
        if not number.isdigit() or number in seen_numbers:
            number = str(count)  # merged or missing 序号: the row's position is its number
        seen_numbers.add(number)
        body_text = title.rstrip("。") + "。" if title else ""
        if content and content != title:
            body_text += content
        deadline = _one_line(cells[deadline_col]) if deadline_col is not None else ""
        if deadline:
            body_text = body_text.rstrip() + ("" if body_text.endswith("。") else "。") + f"完成时限:{deadline}。"
        clause = _clause(header, cells, roles)
        lines.append(f"{number}.{body_text}" + (f"({clause})" if clause else ""))
    return lines


def _clause(header: list[str], cells: list[str], roles: dict[int, str]) -> str:
    filled = [(roles[i], _one_line(cells[i])) for i in sorted(roles) if _one_line(cells[i])]
    if len(roles) == 1 and filled and _CLAUSE_CUE.search(filled[0][1]):
        return filled[0][1]  # one column holding a whole clause: parse it as written
    return ";".join(f"{label}:{value}" for label, value in filled)


def _one_line(cell: str) -> str:
    # a cell's own line breaks separate units or sentences, never words
    parts = [p.strip() for p in re.split(r"\s*\n\s*", cell or "") if p.strip()]
    out = ""
    for p in parts:
        if out and out[-1] not in "。；;，,、:：" and p[0] not in "。；;，,、":
            out += "、" if _looks_like_unit_list(out, p) else ""
        out += p
    return out


def _looks_like_unit_list(prev: str, nxt: str) -> bool:
    return bool(re.search(r"(局|委|办|厅|部|队|中心|政府|公司|段|站|所|院|会|街道|乡镇|单位)$", prev)) and len(nxt) <= 20
