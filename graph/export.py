"""The triple export format of ONTOLOGY.md: one responsibility edge a JSON line."""

from __future__ import annotations

from collections.abc import Iterator

from graph.model import ParsedDocument


def printed_number(number: str) -> int | str:
    """A task's number as printed: an int where it is one (``14``), else the text (``一``)."""
    return int(number) if number.isdigit() else number


def triple(
    *, source: str, number: str, title: str, mention: str, org: str, org_kind: str, role: str, evidence: str
) -> dict:
    return {
        "document": source,
        "task": printed_number(number),
        "task_title": title,
        "mention": mention,
        "org": org,
        "org_kind": org_kind,
        "role": role,
        "evidence": evidence,
    }


def triples_from_parsed(parsed: ParsedDocument) -> Iterator[dict]:
    """Triples straight from a parse, without a store (used by tests and `eval`)."""
    tasks = {t.id: t for t in parsed.tasks}
    orgs = {o.id: o for o in parsed.organizations}
    for r in parsed.responsibilities:
        task, org = tasks[r.task], orgs[r.org]
        yield triple(
            source=parsed.document.source,
            number=task.number,
            title=task.title,
            mention=r.mention,
            org=org.name,
            org_kind=org.kind,
            role=r.role.value,
            evidence=r.evidence,
        )
