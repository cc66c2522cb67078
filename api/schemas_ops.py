"""Shapes of the operations that are not entity views: questions, uploads, power-user queries."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from api.schemas import DocumentRef, Org, Responsibility, TaskRef, UnitOnTasks


class IntentOut(BaseModel):
    name: str
    template: str
    slots: dict


class AskAnswer(BaseModel):
    """What /ask understood and what the graph says, with the edges that prove it."""

    question: str
    understood: bool
    intent: IntentOut | None
    text: str
    count: int | None
    evidence: list[Responsibility]
    tasks: list[TaskRef]
    units: list[UnitOnTasks]
    organizations: list[Org]
    documents: list[DocumentRef]
    suggestions: list[str]

    @classmethod
    def of(cls, a, limit: int) -> "AskAnswer":
        intent = IntentOut(name=a.intent.name, template=a.intent.template, slots=a.intent.slots) if a.intent else None
        return cls(
            question=a.question, understood=a.understood, intent=intent, text=a.text, count=a.count,
            evidence=[Responsibility.of(r) for r in a.rows[:limit]], tasks=[TaskRef.of(t) for t in a.tasks[:limit]],
            units=[UnitOnTasks.of(u) for u in a.units[:limit]], organizations=[Org.of(o) for o in a.organizations[:limit]],
            documents=[DocumentRef.of(d) for d in a.documents[:limit]], suggestions=a.suggestions,
        )


class FileReport(BaseModel):
    """One uploaded file's outcome: the CLI's `ingest --json` row."""

    path: str
    status: Literal["added", "replaced", "unchanged", "failed"]
    tasks: int
    edges: int
    error: str | None


class IngestReport(BaseModel):
    results: list[FileReport]
    added: int
    replaced: int
    unchanged: int
    failed: int


class CypherQuery(BaseModel):
    query: str = Field(min_length=1, max_length=20_000, examples=[
        "MATCH (o:Organization)-[:LEADS]->(t:Task) RETURN o.name AS org, count(t) AS tasks ORDER BY tasks DESC LIMIT 5"
    ])
    params: dict = Field(default_factory=dict)
    limit: int | None = Field(default=None, ge=1, description="at most this many rows (capped by the server)")


class CypherResult(BaseModel):
    columns: list[str]
    rows: list[list]
    truncated: bool
    limit: int
