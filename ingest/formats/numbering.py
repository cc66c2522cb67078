"""Word's automatic list numbers (numbering.xml), rebuilt as the text a reader sees.

An office .docx often numbers its tasks with Word lists: the "1." or "（一）" is drawn by
Word and is not in the paragraph's text, so without this every auto-numbered task would
lose the marker the structure rules look for.  Only what task lists use is supported:
decimal and Chinese counting formats with a level text such as "%1." or "（%1）".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN = "零一二三四五六七八九"
_MARKER = re.compile(r"^\s*(?:[一二三四五六七八九十百]+[、是]|[（(][一二三四五六七八九十百\d]+[）)]|\d{1,3}\s*[.、．])")


def chinese_number(n: int) -> str:
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    return str(n)


def _format(n: int, fmt: str) -> str:
    if fmt.startswith("chinese") or fmt.startswith("ideograph") or fmt == "taiwaneseCounting":
        return chinese_number(n)
    if fmt in ("decimal", "decimalZero", "decimalFullWidth", "decimalHalfWidth"):
        return str(n)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    return ""  # bullets and formats task lists do not use: no marker


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class ListNumbering:
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId -> ilvl -> level
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document) -> "ListNumbering":
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return cls()
        abstract: dict[str, dict[int, _Level]] = {}
        for an in root.iter(f"{_W}abstractNum"):
            lv = {}
            for lvl in an.iter(f"{_W}lvl"):
                fmt, text, start = _val(lvl, "numFmt"), _val(lvl, "lvlText"), _val(lvl, "start")
                lv[int(lvl.get(f"{_W}ilvl", "0"))] = _Level(fmt or "decimal", text or "", int(start or 1))
            abstract[an.get(f"{_W}abstractNumId")] = lv
        levels = {}
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                levels[num.get(f"{_W}numId")] = abstract.get(ref.get(f"{_W}val"), {})
        return cls(levels)

    def prefix(self, paragraph, text: str) -> str:
        """The marker Word draws before a paragraph ("" when it has none or types its own)."""
        if not self.levels:
            return ""
        numpr = _num_pr(paragraph._p)
        style = paragraph.style if numpr is None else None
        while numpr is None and style is not None:  # "List Number": the numbering sits in the style
            numpr = _num_pr(style.element)
            style = style.base_style
        if numpr is None:
            return ""
        num_id, ilvl = _val(numpr, "numId"), int(_val(numpr, "ilvl") or 0)
        levels = self.levels.get(num_id or "")
        if not levels or ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id, [0] * 9)
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        if _MARKER.match(text):
            return ""  # the author typed the number as well

        def level_value(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k)
            return _format(counts[k] + (lv.start - 1 if lv else 0), lv.fmt if lv else "decimal")

        marker = re.sub(r"%(\d)", level_value, levels[ilvl].text)
        return marker if re.search(r"[\d一二三四五六七八九十]", marker) else ""


def _num_pr(el):
    ppr = el.find(f"{_W}pPr")
    return ppr.find(f"{_W}numPr") if ppr is not None else None


def _val(el, tag: str) -> str | None:
    child = el.find(f"{_W}{tag}")
    return child.get(f"{_W}val") if child is not None else None
