"""What a plan says about its tasks beyond who does them: box rows, deadlines and targets.

Box rows (专栏2 …) become tasks numbered ``专栏2-1`` after their box and row, so they never
collide with the plan's own numbering.  A task's deadline is the one its clause gives, else
the first one in its text.  Targets come from indicator boxes (deadline: the end of the
plan's period, 十四五 → 2025) and from quantified sentences (…死亡人数同比下降3%).
"""

from __future__ import annotations

from graph.model import Target, Task, target_id
from ingest.boxes import Box
from ingest.outline import RawTask
from ingest.timing import deadline_of, stated_targets


def box_tasks(boxes: list[Box]) -> list[RawTask]:
    out = []
    for box in boxes:
        for row in box.rows:
            out.append(RawTask(number=f"专栏{box.number}-{row.number}", title=row.title, start=row.start,
                               end=row.end, section=box.section, topic=row.topic))
    return out


def task_deadline(raw: RawTask, text: str) -> str | None:
    if raw.clause:
        found = deadline_of(raw.clause)
        if found:
            return found
    return deadline_of(text[raw.start:raw.end])


def targets_of(doc_id: str, text: str, sk, tasks: list[Task], raws: list[RawTask]) -> list[Target]:
    period_end = sk.period.split("-")[-1] if sk.period else None
    found: list[tuple[int, str, str, str | None, str | None]] = []  # (offset, indicator, value, deadline, category)
    for box in sk.boxes:
        for t in box.targets:
            found.append((t.start, t.indicator, t.value, period_end, t.category))
    in_boxes = [(b.start, b.end) for b in sk.boxes]
    body = text[sk.body_start:]
    for indicator, value, offset in stated_targets(body):
        pos = sk.body_start + offset
        if any(s <= pos < e for s, e in in_boxes):
            continue
        sentence_start = max(text.rfind("。", 0, pos), text.rfind("\n", 0, pos)) + 1
        found.append((pos, indicator, value, deadline_of(text[sentence_start:pos]) or period_end, None))
    found.sort()
    out = []
    for ordinal, (pos, indicator, value, deadline, category) in enumerate(found, start=1):
        task = next((t.id for t in tasks if t.span[0] <= pos < t.span[1]), None)
        out.append(Target(target_id(doc_id, ordinal), doc_id, indicator, value, deadline, category, task))
    return out
