"""What every store writes for a batch of parsed documents, as ``UNWIND $rows`` rows.

Both stores feed these rows to their own statements, so the two cannot drift
on what a document puts into the graph; ``plan_writes`` decides, the same way
for both, which documents are new, replaced or unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from graph.model import LINK_ENDPOINTS, ROLE_REL_TYPES, ParsedDocument, RelType
from graph.store import WriteOutcome


@dataclass
class WriteRows:
    jurisdictions: list[dict]
    organizations: list[dict]
    sectors: list[dict]
    campaigns: list[dict]
    documents: list[dict]
    sections: list[dict]
    tasks: list[dict]
    has_section: list[dict]
    document_contains: list[dict]
    section_contains: list[dict]
    role_edges: dict[RelType, list[dict]]
    links: dict[RelType, list[dict]]
    targets: list[dict]
    document_has_target: list[dict]
    task_has_target: list[dict]
    reports_to: list[dict]


def _unique(items) -> list[dict]:
    return list({item.id: asdict(item) for item in items}.values())


def write_rows(docs: Sequence[ParsedDocument]) -> WriteRows:
    # An org's aliases are the spellings its role edges were mentioned by, so
    # adding documents only ever adds aliases, and a store can merge them in.
    mentions: dict[str, set[str]] = {}
    for d in docs:
        for r in d.responsibilities:
            mentions.setdefault(r.org, set()).add(r.mention)
    organizations = _unique(o for d in docs for o in d.organizations)
    for row in organizations:
        row["aliases"] = sorted(mentions.get(row["id"], ()))
    tasks = []
    for d in docs:
        for t in d.tasks:
            row = asdict(t)
            row["span_start"], row["span_end"] = row.pop("span")
            tasks.append(row)
    return WriteRows(
        jurisdictions=_unique(j for d in docs for j in d.jurisdictions),
        organizations=organizations,
        sectors=_unique(s for d in docs for s in d.sectors),
        campaigns=_unique(c for d in docs for c in d.campaigns),
        documents=[asdict(d.document) for d in docs],
        sections=[asdict(s) for d in docs for s in d.sections],
        tasks=tasks,
        has_section=[{"source": d.document.id, "target": s.id} for d in docs for s in d.sections],
        document_contains=[{"source": d.document.id, "target": t.id} for d in docs for t in d.tasks],
        section_contains=[{"source": t.section, "target": t.id} for d in docs for t in d.tasks if t.section],
        role_edges={
            rel: [
                {
                    "org": r.org, "task": r.task, "document": r.document, "mention": r.mention,
                    "evidence": r.evidence, "span_start": r.span[0], "span_end": r.span[1],
                }
                for d in docs
                for r in d.responsibilities
                if r.role.rel_type is rel
            ]
            for rel in ROLE_REL_TYPES
        },
        links={
            rel: [
                {"source": s, "target": t}
                for s, t in sorted({(l.source, l.target) for d in docs for l in d.links if l.type is rel})
            ]
            for rel in LINK_ENDPOINTS
        },
        targets=[asdict(t) for d in docs for t in d.targets],
        document_has_target=[{"source": t.document, "target": t.id} for d in docs for t in d.targets],
        task_has_target=[{"source": t.task, "target": t.id} for d in docs for t in d.targets if t.task],
        reports_to=[
            {
                "org": r.org, "recipient": r.recipient, "document": r.document, "mention": r.mention,
                "deadline": r.deadline, "evidence": r.evidence, "span_start": r.span[0], "span_end": r.span[1],
            }
            for d in docs
            for r in d.reporting
            if r.recipient  # a duty with no named recipient has no edge to draw
        ],
    )


def plan_writes(
    docs: Sequence[ParsedDocument], existing: list[tuple[str, str, str]]
) -> tuple[list[WriteOutcome], list[ParsedDocument], set[str]]:
    """Given the stored (id, source, sha256) of documents that share a source or
    an id with ``docs``, decide the outcome of each, what to write and what to
    delete first.  A document is known by its file name: a changed file
    replaces the earlier version, an identical one is left alone."""
    by_source = {source: (doc_id, sha) for doc_id, source, sha in existing}
    known_ids = {doc_id for doc_id, _, _ in existing}
    outcomes, to_write, to_delete = [], [], set()
    seen: set[str] = set()
    for parsed in docs:
        doc = parsed.document
        earlier = by_source.get(doc.source)
        if doc.id in seen or (earlier and earlier[1] == doc.sha256):
            outcomes.append(WriteOutcome(doc.id, doc.source, "unchanged"))
            continue
        seen.add(doc.id)
        if earlier:
            to_delete.add(earlier[0])
        if doc.id in known_ids:  # the same content stored under another file name
            to_delete.add(doc.id)
        outcomes.append(WriteOutcome(doc.id, doc.source, "replaced" if earlier else "added"))
        to_write.append(parsed)
    return outcomes, to_write, to_delete
