"""Scoring extraction against the hand-checked gold (ONTOLOGY.md "Gold data").

Extraction is scored as set precision/recall/F1 over (document, task number, mention, role),
once for all mentions and once for named units only.  A gold mention is *named* when it is
listed in the gold ``orgs[]``; a predicted mention is named when its ``org_kind`` is not
``group``.  Only documents that have a gold file are scored (triples of other documents are
ignored, so a whole-corpus export can be scored as is).

Resolution accuracy is the share of gold named mentions — one per (document, mention) — whose
predicted canonical ``org`` equals the gold ``canonical``.  Mentions whose gold canonical is
null (the text alone cannot settle them, e.g. a unit abolished in 2019) are excluded from the
denominator; a named mention the extractor never produced counts as wrong.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

Key = tuple[str, str, str, str]  # (document, task, mention, role)


def load_gold(path: str | Path) -> dict:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _task(value) -> str:
    return str(value)


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    all: PRF = field(default_factory=PRF)
    named: PRF = field(default_factory=PRF)
    resolution_correct: int = 0
    resolution_total: int = 0
    per_document: dict[str, dict] = field(default_factory=dict)
    misses: list[Key] = field(default_factory=list)
    extras: list[Key] = field(default_factory=list)
    wrong_resolution: list[tuple[str, str, str | None, str]] = field(default_factory=list)  # doc, mention, predicted, gold

    @property
    def resolution(self) -> float:
        return self.resolution_correct / self.resolution_total if self.resolution_total else 1.0

    def as_dict(self) -> dict:
        """The figures as plain JSON (what `dutygraph eval --json` prints)."""

        def prf(m: PRF) -> dict:
            return {"precision": m.precision, "recall": m.recall, "f1": m.f1, "tp": m.tp, "fp": m.fp, "fn": m.fn}

        return {
            "all": prf(self.all),
            "named": prf(self.named),
            "resolution": {"accuracy": self.resolution, "correct": self.resolution_correct,
                           "total": self.resolution_total},
            "documents": {
                doc: {"all": prf(d["all"]), "named": prf(d["named"]),
                      "resolution": {"correct": d["resolution"][0], "total": d["resolution"][1]}}
                for doc, d in self.per_document.items()
            },
            "misses": [list(k) for k in self.misses],
            "extras": [list(k) for k in self.extras],
            "wrong_resolution": [list(w) for w in self.wrong_resolution],
        }


def score(triples: Iterable[dict], golds: Iterable[dict]) -> Report:
    golds = list(golds)
    docs = {g["doc"] for g in golds}
    predicted: set[Key] = set()
    predicted_named: set[Key] = set()
    predicted_org: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for t in triples:
        if t["document"] not in docs:
            continue
        key = (t["document"], _task(t["task"]), t["mention"], t["role"])
        predicted.add(key)
        if t.get("org_kind") != "group":
            predicted_named.add(key)
        predicted_org[(t["document"], t["mention"])][t["org"]] += 1

    report = Report()
    for g in golds:
        doc = g["doc"]
        named_mentions = {o["mention"] for o in g.get("orgs", [])}
        gold = {(doc, _task(task["no"]), r["org"], r["role"]) for task in g["tasks"] for r in task["responsibilities"]}
        gold_named = {k for k in gold if k[2] in named_mentions}
        pred = {k for k in predicted if k[0] == doc}
        pred_named = {k for k in predicted_named if k[0] == doc}
        d_all = _prf(gold, pred)
        d_named = _prf(gold_named, pred_named)
        correct = total = 0
        for o in g.get("orgs", []):
            if o.get("canonical") is None:
                continue
            total += 1
            counts = predicted_org.get((doc, o["mention"]))
            got = counts.most_common(1)[0][0] if counts else None
            if got == o["canonical"]:
                correct += 1
            else:
                report.wrong_resolution.append((doc, o["mention"], got, o["canonical"]))
        for agg, part in ((report.all, d_all), (report.named, d_named)):
            agg.tp += part.tp
            agg.fp += part.fp
            agg.fn += part.fn
        report.resolution_correct += correct
        report.resolution_total += total
        report.misses += sorted(gold - pred)
        report.extras += sorted(pred - gold)
        report.per_document[doc] = {"all": d_all, "named": d_named, "resolution": (correct, total)}
    return report


def _prf(gold: set, pred: set) -> PRF:
    return PRF(tp=len(gold & pred), fp=len(pred - gold), fn=len(gold - pred))


def format_report(report: Report, *, max_items: int = 30) -> str:
    lines = [f"{'document':<28} {'scope':<6} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>4} {'fn':>4}"]

    def row(doc: str, scope: str, m: PRF) -> str:
        return f"{doc:<28} {scope:<6} {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f} {m.tp:5d} {m.fp:4d} {m.fn:4d}"

    for doc, d in sorted(report.per_document.items()):
        lines.append(row(doc, "all", d["all"]))
        lines.append(row(doc, "named", d["named"]))
        c, t = d["resolution"]
        lines.append(f"{doc:<28} resolution {c}/{t} = {c / t if t else 1.0:.3f}")
    lines.append(row("TOTAL", "all", report.all))
    lines.append(row("TOTAL", "named", report.named))
    lines.append(f"{'TOTAL':<28} resolution {report.resolution_correct}/{report.resolution_total} = {report.resolution:.3f}")
    for title, items in (("misses (in gold, not predicted)", report.misses),
                         ("extras (predicted, not in gold)", report.extras),
                         ("wrong resolutions (doc, mention, predicted, gold)", report.wrong_resolution)):
        if items:
            lines.append(f"{title}: {len(items)}")
            lines += [f"  {item}" for item in items[:max_items]]
            if len(items) > max_items:
                lines.append(f"  … {len(items) - max_items} more")
    return "\n".join(lines)
