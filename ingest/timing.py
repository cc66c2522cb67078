"""Deadlines (3月底前, 2023年底前, 6月15日和12月15日前, 每季度, 长期坚持) and stated targets.

A deadline is a property of its task; in a clause it is no unit, so ``mask_deadlines``
blanks it out (same length, so every offset in the clause stays true) before the clause is
split into units.  A target sentence names an indicator and a value
(全年生产安全事故死亡人数同比下降3%, 基层“五有”建设达标率不低于30%).
"""

from __future__ import annotations

import re

_DAY = r"\d{1,2}\s*月(?:\s*\d{1,2}\s*日?)?"
_DATE = rf"(?:\d{{4}}\s*年\s*(?:{_DAY})?|{_DAY}|(?<![\u4e00-\u9fff])年)(?:\s*(?:底|末|中旬|上旬|下旬|初))?"
# (?=…) first: one cheap look at each position before the alternation is tried
DEADLINE_RE = re.compile(
    rf"(?=[\d年每逐长完时])(?:(?:完成时限|完成时间|时间节点|时限要求|完成期限)\s*[:：]\s*(?P<label>[^。;；)）〕】\n]+)"
    rf"|(?P<date>{_DATE}(?:\s*(?:和|、|及|至|—|-|~)\s*{_DATE})*\s*(?:前|以前|之前)(?:\s*完成)?)"
    r"|(?P<recur>(?:每|逐)(?:年|半年|季度|季|月|周|旬)(?:末|底|初)?|长期坚持|长期推进))"
)
# a value is found first (cheap), then the indicator is read backwards from it
_VALUE_RE = re.compile(
    r"(?P<value>(?:下降|降低|减少|提高|提升|增长|达到|达|不低于|不少于|不超过|不高于|控制在|低于|保持在)"
    r"\s*[<>≤≥]?\s*[\d.]+\s*(?:%|％|‰|个百分点)?)"
)
_INDICATOR_RE = re.compile(
    r"(?P<indicator>[\u4e00-\u9fff“”\"、]{2,40}?(?:率|数|人数|起数|次数|比例|占比|覆盖面|面积|损失|个数|数量))"
    r"\s*(?:同比|比上年|较上年|较\d{4}年)?\s*$"
)
_LEAD_IN = re.compile(r"^(?:全年|到\d{4}年(?:底|末)?|\d{4}\s*年(?:底前)?|力争|确保|实现)+")


def deadline_of(text: str) -> str | None:
    """The first deadline phrase of ``text``, spaces removed ("2023 年底前" -> "2023年底前")."""
    m = DEADLINE_RE.search(text)
    if not m:
        return None
    value = m.group("label") or m.group("date") or m.group("recur")
    value = re.sub(r"\s+", "", value).rstrip("，,")
    return value[:-2] if value.endswith("前完成") else value


def mask_deadlines(clause: str) -> str:
    return DEADLINE_RE.sub(lambda m: " " * len(m.group()), clause)


def stated_targets(text: str) -> list[tuple[str, str, int]]:
    """(indicator, value, offset) of each quantified goal in ``text``."""
    out = []
    for v in _VALUE_RE.finditer(text):
        window_start = max(0, v.start() - 48)
        m = _INDICATOR_RE.search(text, window_start, v.start())
        if not m:
            continue
        indicator = m.group("indicator").strip("“”\"、")
        lead = _LEAD_IN.match(indicator)
        if lead:
            indicator = indicator[lead.end():]
        if len(indicator) < 3:
            continue
        out.append((indicator, re.sub(r"\s+", "", v.group("value")), m.start("indicator") + m.group("indicator").find(indicator)))
    return out
