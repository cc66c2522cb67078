"""Reads shared by the Cypher stores: same named statements, same row shapes.

Each store module has its own Cypher module (its dialect differs in places);
both name their read statements alike and return fields in the same order,
so turning rows into model objects is written once, here.  The statements
that walk the graph generically are the same text in both dialects, so they
are built here from the model's schema, with both ends of every edge labelled
(an unlabelled end is slow in LadybugDB and, there, not always directed).
"""

from __future__ import annotations

from abc import abstractmethod
from types import ModuleType

from collections import defaultdict
from collections.abc import Sequence

from graph.model import EDGE_SCHEMA, ROLE_REL_TYPES, NAME_PROPERTY, Document, Jurisdiction, NodeLabel, Organization, Role, Task, label_of
from graph.rows import WriteRows
from graph.store import Counts, EdgeRow, GraphStore, NodeRow, ResponsibilityRow, TaskDetail, TaskRef

_ROLE_BY_TYPE = {role.rel_type.value: role for role in Role}
ROLE_TYPES = "|".join(t.value for t in ROLE_REL_TYPES)

# LadybugDB's planner seeks the id index for a node by `UNWIND … WHERE n.id = id`
# but for an edge's end by `WHERE a.id IN $ids`; the other shapes scan and ran
# 30-40× slower on the 1,000-document graph.  Neo4j seeks its index for both.
NODES_BY_ID: dict[NodeLabel, str] = {
    label: f"UNWIND $ids AS id MATCH (n:{label.value}) WHERE n.id = id RETURN n" for label in NodeLabel
}
NODES_WITH_LABEL: dict[NodeLabel, str] = {
    label: f"MATCH (n:{label.value}) RETURN n ORDER BY n.id" for label in NodeLabel
}
EDGES_FROM: dict[tuple, str] = {
    (t, src, dst): f"MATCH (a:{src.value})-[r:`{t.value}`]->(b:{dst.value}) WHERE a.id IN $ids RETURN a.id, b.id, r"
    for t, src, dst in EDGE_SCHEMA
}
# Shared nodes no document refers to any more (removed after a replace or delete).
DELETE_ORPHAN_ORGANIZATIONS = (
    f"MATCH (o:Organization) WHERE NOT EXISTS {{ MATCH (o)-[:{ROLE_TYPES}]->(:Task) }}"
    " AND NOT EXISTS { MATCH (:Document)-[:ISSUED_BY]->(o) }"
    " AND NOT EXISTS { MATCH (:Organization)-[:MEMBER_OF]->(o) }"
    " AND NOT EXISTS { MATCH (o)-[:REPORTS_TO]-(:Organization) } DETACH DELETE o"
)
DELETE_ORPHAN_SECTORS = (
    "MATCH (s:Sector) WHERE NOT EXISTS { MATCH (:Task)-[:CONCERNS]->(s) }"
    " AND NOT EXISTS { MATCH (:Organization)-[:COVERS]->(s) } DETACH DELETE s"
)
DELETE_ORPHAN_CAMPAIGNS = "MATCH (c:Campaign) WHERE NOT EXISTS { MATCH (:Task)-[:PART_OF]->(c) } DETACH DELETE c"
DELETE_ORPHAN_JURISDICTIONS = (
    "MATCH (j:Jurisdiction) WHERE NOT EXISTS { MATCH (:Organization)-[:`IN`]->(j) }"
    " AND NOT EXISTS { MATCH (d:Document) WHERE d.jurisdiction = j.name }"
    " AND NOT EXISTS { MATCH (c:Jurisdiction) WHERE c.parent = j.name } DETACH DELETE j"
)
DELETE_ORPHANS = (
    DELETE_ORPHAN_ORGANIZATIONS,
    DELETE_ORPHAN_SECTORS,
    DELETE_ORPHAN_CAMPAIGNS,
    DELETE_ORPHAN_JURISDICTIONS,
)


EDGES_TO: dict[tuple, str] = {
    (t, src, dst): f"MATCH (a:{src.value})-[r:`{t.value}`]->(b:{dst.value}) WHERE b.id IN $ids RETURN a.id, b.id, r"
    for t, src, dst in EDGE_SCHEMA
}


class CypherStore(GraphStore):
    cypher: ModuleType  # the store's statements module

    @abstractmethod
    def _query(self, statement: str, params: dict | None = None) -> list[list]:
        """Run a read statement; rows as lists of values."""

    def documents(self) -> list[Document]:
        return [Document(*row) for row in self._query(self.cypher.ALL_DOCUMENTS)]

    def jurisdictions(self) -> list[Jurisdiction]:
        return [Jurisdiction(*row) for row in self._query(self.cypher.ALL_JURISDICTIONS)]

    def organizations(self, jurisdiction: str | None = None) -> list[Organization]:
        if jurisdiction is None:
            rows = self._query(self.cypher.ALL_ORGANIZATIONS)
        else:
            rows = self._query(self.cypher.ORGANIZATIONS_IN, {"jurisdiction": jurisdiction})
        return [org_from_row(row) for row in rows]

    def organization(self, org_id: str) -> Organization | None:
        rows = self._query(self.cypher.ORGANIZATION_BY_ID, {"id": org_id})
        return org_from_row(rows[0]) if rows else None

    def responsibilities(self, *, org_ids=None, task_id=None, role=None) -> list[ResponsibilityRow]:
        q = self.cypher
        if org_ids is not None and role is not None:
            rows = self._query(q.ROLE_EDGES_OF_ORGS_WITH_TYPE[role.rel_type], {"org_ids": list(org_ids)})
        elif org_ids is not None:
            rows = self._query(q.ROLE_EDGES_OF_ORGS, {"org_ids": list(org_ids)})
        elif task_id is not None:
            rows = self._query(q.ROLE_EDGES_OF_TASK, {"task_id": task_id})
        else:
            rows = self._query(q.ROLE_EDGES_ALL)
        result = [responsibility_from_row(row) for row in rows]
        return [r for r in result if role is None or r.role is role]

    def task(self, task_id: str) -> TaskDetail | None:
        rows = self._query(self.cypher.TASK_BY_ID, {"id": task_id})
        if not rows:
            return None
        row = rows[0]
        task = Task(
            id=row[0], document=row[1], ordinal=row[2], number=row[3], title=row[4], text=row[5],
            span=(row[6], row[7]), section=row[8], deadline=row[9],
        )
        return TaskDetail(
            task=task,
            document=Document(*row[11:]),
            section_title=row[10],
            parties=self.responsibilities(task_id=task_id),
            sectors=[r[0] for r in self._query(self.cypher.SECTORS_OF_TASK, {"id": task_id})],
            campaigns=[r[0] for r in self._query(self.cypher.CAMPAIGNS_OF_TASK, {"id": task_id})],
        )

    def tasks_linked_to(self, *, sector=None, campaign=None) -> list[TaskRef]:
        if (sector is None) == (campaign is None):
            raise ValueError("name exactly one of sector or campaign")
        if sector is not None:
            rows = self._query(self.cypher.TASKS_OF_SECTOR, {"name": sector})
        else:
            rows = self._query(self.cypher.TASKS_OF_CAMPAIGN, {"name": campaign})
        return [TaskRef(*row) for row in rows]

    def nodes(self, ids: Sequence[str]) -> list[NodeRow]:
        by_label: dict[NodeLabel, list[str]] = defaultdict(list)
        for node_id in dict.fromkeys(ids):
            label = label_of(node_id)
            if label is not None:
                by_label[label].append(node_id)
        return [
            node_from_value(label, row[0])
            for label, label_ids in by_label.items()
            for row in self._query(NODES_BY_ID[label], {"ids": label_ids})
        ]

    def nodes_with_label(self, label: NodeLabel) -> list[NodeRow]:
        return [node_from_value(label, row[0]) for row in self._query(NODES_WITH_LABEL[label])]

    def edges_touching(self, ids: Sequence[str]) -> list[EdgeRow]:
        by_label: dict[NodeLabel, list[str]] = defaultdict(list)
        for node_id in dict.fromkeys(ids):
            label = label_of(node_id)
            if label is not None:
                by_label[label].append(node_id)
        edges: dict[tuple, EdgeRow] = {}
        for key in EDGE_SCHEMA:
            rel, src, dst = key
            for statement, label in ((EDGES_FROM[key], src), (EDGES_TO[key], dst)):
                if by_label.get(label):
                    for a, b, props in self._query(statement, {"ids": by_label[label]}):
                        clean = _properties(props)
                        # Role edges between one pair differ by mention (会同 lists one unit twice).
                        edges[(a, b, rel.value, clean.get("mention"))] = EdgeRow(a, b, rel.value, clean)
        return list(edges.values())

    def counts(self) -> Counts:
        return Counts(
            nodes={label.value: self._query(q)[0][0] for label, q in self.cypher.COUNT_NODES.items()},
            edges={rel.value: self._query(q)[0][0] for rel, q in self.cypher.COUNT_EDGES.items()},
        )


def batched_writes(q: ModuleType, rows: WriteRows) -> list[tuple[str, list[dict]]]:
    """A batch's statements after its organizations, in an order that has every
    edge's ends written before the edge; ``q`` is the store's statements module."""
    return [
        (q.MERGE_JURISDICTIONS, rows.jurisdictions),
        (q.MERGE_SECTORS, rows.sectors),
        (q.MERGE_CAMPAIGNS, rows.campaigns),
        (q.CREATE_DOCUMENTS, rows.documents),
        (q.CREATE_SECTIONS, rows.sections),
        (q.CREATE_TASKS, rows.tasks),
        (q.CREATE_HAS_SECTION, rows.has_section),
        (q.CREATE_DOCUMENT_CONTAINS, rows.document_contains),
        (q.CREATE_SECTION_CONTAINS, rows.section_contains),
        (q.CREATE_TARGETS, rows.targets),
        (q.CREATE_DOCUMENT_HAS_TARGET, rows.document_has_target),
        (q.CREATE_TASK_HAS_TARGET, rows.task_has_target),
        (q.CREATE_REPORTS_TO, rows.reports_to),
        *((q.CREATE_ROLE_EDGES[rel], batch) for rel, batch in rows.role_edges.items()),
        *((q.WRITE_LINKS[rel], batch) for rel, batch in rows.links.items()),
    ]


def _properties(value) -> dict:
    """A node's or edge's own properties: the driver's or LadybugDB's internals dropped."""
    items = dict(value).items() if not isinstance(value, dict) else value.items()
    return {k: v for k, v in items if not k.startswith("_") and v is not None}


def node_from_value(label: NodeLabel, value) -> NodeRow:
    props = _properties(value)
    name = props.get(NAME_PROPERTY[label], props.get("id", ""))
    if label is NodeLabel.TASK and props.get("number"):
        name = f"{props['number']} {name}"
    return NodeRow(id=props["id"], label=label.value, name=name, properties=props)


def org_from_row(row: list) -> Organization:
    return Organization(
        id=row[0], name=row[1], kind=row[2], jurisdiction=row[3], standard=row[4], aliases=tuple(sorted(row[5] or ()))
    )


def responsibility_from_row(row: list) -> ResponsibilityRow:
    return ResponsibilityRow(
        org=org_from_row(row[0:6]),
        task=TaskRef(*row[6:12]),
        role=_ROLE_BY_TYPE[row[12]],
        mention=row[13],
        evidence=row[14],
        span=(row[15], row[16]),
    )
