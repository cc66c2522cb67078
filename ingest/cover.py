"""The cover notice and letterhead around a plan: who issued it, and who must report to whom.

Issued plans come wrapped: a letterhead (九江市安全生产委员会文件), a document number, the
notice's own title (宜春市安委会关于印发…的通知), the addressees, a sentence of duties
(各地、各有关部门请于6月15日和12月15日前分别将…情况报送市安委会办公室), a signature and a
date.  The issuer is read from the signature, else the letterhead, else the notice title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LETTERHEAD = re.compile(r"^(?P<org>[\u4e00-\u9fff（）()]{3,30}?)\s*文\s*件$")
_NOTICE = re.compile(r"^(?:中共)?(?P<org>[\u4e00-\u9fff（）()、]{3,40}?)关于(?:印发|转发|下发)")
_ORG_END = re.compile(r"(委员会|政府|局|厅|办公室|委|办|指挥部|中心|管委会|办事处|街道)$")
# …将(半年度和年度工作完成情况)报送(市安委会办公室)
_REPORT = re.compile(
    r"(?P<who>[^。；;:：,，]*?)(?:请|要|须|务必|应)?(?:于|在)[^。]*?将[^。]*?"
    r"(?:报送|上报|报至|报给|报告|送交|报)(?:至|给|到)?(?P<to>[^。，,；;]{2,30}?)(?:[。；;，,]|$)"
)


@dataclass(frozen=True)
class ReportClause:
    reporters: str  # the unit list as written (各地、各有关部门)
    reporters_start: int  # offset in the document text
    recipient: str | None
    recipient_start: int | None
    sentence: str


def cover_issuer(lines: list[str]) -> str | None:
    """The issuing unit named by a letterhead or by the notice title, if any (first lines only)."""
    for line in lines[:12]:
        t = line.strip().replace(" ", "")
        m = _LETTERHEAD.match(t)
        if m and _ORG_END.search(m.group("org")):
            return m.group("org")
    for line in lines[:12]:
        m = _NOTICE.match(line.strip())
        if m and _ORG_END.search(m.group("org")):
            return m.group("org")
    return None


def reporting_clauses(text: str, start: int, end: int) -> list[ReportClause]:
    """Reporting sentences in text[start:end] (the cover region before the plan begins)."""
    out: list[ReportClause] = []
    for m in _REPORT.finditer(text, start, end):
        who = m.group("who")
        lead = len(who) - len(who.lstrip())
        reporters = who.strip()
        if not reporters:
            continue
        to = m.group("to").strip()
        sentence_end = text.find("。", m.start())
        sentence = text[m.start() + lead: sentence_end + 1 if sentence_end >= 0 else m.end()]
        out.append(ReportClause(reporters, m.start("who") + lead, to or None, m.start("to") if to else None, sentence))
    return out
