"""Scoring a parse against a layout gold (tests/fixtures/gold/seed002.json …): more than triples.

Documents without responsibility clauses (a 十四五 plan, a work report, a PDF copy) are judged
by their skeleton: the tasks found (by printed number, and whether the title is right), the
sectors and campaigns each task is tied to, the targets (indicator, value), and the document's
issuer and jurisdiction.  Each set is scored with precision/recall like the triples.
"""

from __future__ import annotations

from graph.model import ParsedDocument, RelType
from ingest.evaluate import PRF


def _prf(gold: set, pred: set) -> PRF:
    return PRF(tp=len(gold & pred), fp=len(pred - gold), fn=len(gold - pred))


def layout_report(parsed: ParsedDocument, gold: dict) -> dict[str, PRF | bool | float]:
    number = {t.id: t.number for t in parsed.tasks}
    pred_tasks = {t.number for t in parsed.tasks}
    gold_tasks = {str(t["no"]) for t in gold["tasks"]}
    titles = {t.number: t.title for t in parsed.tasks}
    right_titles = sum(1 for t in gold["tasks"] if titles.get(str(t["no"])) == t["title"])

    def linked(rel: RelType, prefix: str) -> set[tuple[str, str]]:
        return {(number[l.source], l.target[len(prefix):]) for l in parsed.links if l.type is rel}

    gold_sectors = {(str(t["no"]), s) for t in gold["tasks"] for s in t.get("sectors", [])}
    gold_campaigns = {(str(t["no"]), c) for t in gold["tasks"] for c in t.get("campaigns", [])}
    gold_deadlines = {(str(t["no"]), t["deadline"]) for t in gold["tasks"] if t.get("deadline")}
    pred_deadlines = {(t.number, t.deadline) for t in parsed.tasks if t.deadline}
    gold_targets = {(g["indicator"], g["value"], g.get("deadline")) for g in gold.get("targets", [])}
    pred_targets = {(t.indicator, t.value, t.deadline) for t in parsed.targets}
    d = parsed.document
    return {
        "tasks": _prf(gold_tasks, pred_tasks),
        "titles": right_titles / len(gold["tasks"]) if gold["tasks"] else 1.0,
        "sectors": _prf(gold_sectors, linked(RelType.CONCERNS, "sector:")),
        "campaigns": _prf(gold_campaigns, linked(RelType.PART_OF, "campaign:")),
        "deadlines": _prf(gold_deadlines, pred_deadlines),
        "targets": _prf(gold_targets, pred_targets),
        "issuer": d.issuer == gold.get("issuer"),
        "jurisdiction": d.jurisdiction == gold.get("jurisdiction"),
        "title": d.title == gold.get("title"),
    }


def format_layout(report: dict) -> str:
    parts = []
    for key, value in report.items():
        if isinstance(value, PRF):
            parts.append(f"{key} P={value.precision:.2f} R={value.recall:.2f}")
        elif isinstance(value, float):
            parts.append(f"{key}={value:.2f}")
        else:
            parts.append(f"{key}={'ok' if value else 'WRONG'}")
    return ", ".join(parts)
