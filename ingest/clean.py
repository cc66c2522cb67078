"""Cleaning extracted text: drop site chrome, re-join lines a PDF viewer broke mid-sentence.

The output is what every span in a ParsedDocument refers to, so cleaning happens once,
up front, and nothing later edits the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.lexicon import rows

# A line ending in one of these closes a sentence or a heading clause; anything else,
# in a hard-wrapped document, continues on the next line.
_TERMINAL = "。！？!?;；:：〕）)】」』”\"》"
# Lines that open a structural unit: never glued to the line before them.
_MARKER = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+[、是]|[（(][一二三四五六七八九十百\d]+[）)]|\d{1,3}\s*[.、．](?!\d)|第[一二三四五六七八九十百\d]+[章节条部分]|附件|专栏)"
)
# Short heading-like lines (一、总体思路) end without punctuation but are complete.
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[）)])")


_DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
# a document number (宜市安字〔2023〕2号) is a line of its own on every letterhead
_DOC_NO = re.compile(r"^[\u4e00-\u9fff]{1,10}[〔\[［(（]\d{4}[〕\]］)）]\s*\d{1,4}\s*号$")
_TITLE_END = re.compile(r"(要点|规划|方案|计划|总结|情况|意见|通知|安排|分工)$")


@dataclass(frozen=True)
class JunkRules:
    drop: tuple[re.Pattern[str], ...]
    cut: tuple[re.Pattern[str], ...]

    @classmethod
    def load(cls) -> "JunkRules":
        drop, cut = [], []
        for action, pattern in rows("junk.tsv", 2):
            (cut if action == "cut" else drop).append(re.compile(pattern))
        return cls(tuple(drop), tuple(cut))


def clean_text(text: str, junk: JunkRules) -> str:
    lines = [ln.strip() for ln in text.split("\n")]
    kept: list[str] = []
    for line in lines:
        if not line:
            continue
        if any(p.search(line) for p in junk.cut):
            break
        if any(p.search(line) for p in junk.drop):
            continue
        kept.append(line.replace("\u3000", " ").strip())
    kept = [ln for ln in kept if ln]
    if is_hard_wrapped(kept):
        kept = join_wrapped(kept)
    return "\n".join(kept)


def is_hard_wrapped(lines: list[str]) -> bool:
    """True when most longer lines stop without punctuation: a PDF/viewer copy, not paragraphs.

    Paragraph-per-line documents (the usual web copy) end almost every long line with 。 or a
    bracket, so joining them would only damage titles and headings.
    """
    long = [ln for ln in lines if len(ln) >= 12 and not _MARKER.match(ln)]
    if len(long) < 5:
        return False
    open_ended = sum(1 for ln in long if ln[-1] not in _TERMINAL)
    return open_ended / len(long) > 0.4


def join_wrapped(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if out and _continues(out[-1], line):
            out[-1] += line
        else:
            out.append(line)
    return out


def _continues(prev: str, line: str) -> bool:
    if prev[-1] in _TERMINAL or _MARKER.match(line) or line[0] in "(（【〔":
        return False
    # complete short lines: headings (一、总体思路; 1、 改革引领), dates, titles
    if (_HEADING.match(prev) or _MARKER.match(prev)) and len(prev) <= 30:
        return False
    if _DATE.match(prev) or _DATE.match(line) or _DOC_NO.match(prev) or _DOC_NO.match(line):
        return False
    if (_TITLE_END.search(prev) or prev.endswith("文件")) and len(prev) <= 40:  # titles, letterheads
        return False
    return True
