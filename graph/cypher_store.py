"""Reads shared by the Cypher stores: same named statements, same row shapes.

Each store module has its own Cypher module (its dialect differs in places);
both name their read statements alike and return fields in the same order,
so turning rows into model objects is written once, here.  The statements
that walk the graph generically, and the role-edge reads, are the same text in
both dialects but for the relationship type function (``TYPE_OF_R``), so they
are built here from the model and the dialect module.
"""

from __future__ import annotations

from abc import abstractmethod
from functools import cache
from types import ModuleType
from typing import NamedTuple

from collections import defaultdict
from collections.abc import Sequence

from graph.model import (
    NAME_PROPERTY, ROLE_REL_TYPES, Document, Jurisdiction, NodeLabel, Organization, RelType, Role, Task, label_of,
)
from graph.rows import WriteRows
from graph.store import Counts, EdgeRow, GraphStore, NodeRow, ResponsibilityRow, TaskDetail, TaskRef

_ROLE_BY_TYPE = {role.rel_type.value: role for role in Role}
ROLE_TYPES = "|".join(t.value for t in ROLE_REL_TYPES)
# Up to this many units, one index seek each (0.2 ms) beats one scan of all units (0.7 ms on
# the 1,000-document graph, and growing with it).
SEEKS_BEFORE_SCAN = 4

# LadybugDB's planner seeks the id index for lone nodes by `UNWIND … WHERE n.id = id`
# and for one edge end by `WHERE a.id = $id`; for many edge ends `WHERE a.id IN $ids`
# (a scan, 3.6 ms over 36,000 tasks) is still the fastest shape: UNWIND with an
# expansion ran 30-150× slower on the 1,000-document graph.  Neo4j seeks its index for all.
NODES_BY_ID: dict[NodeLabel, str] = {
    label: f"UNWIND $ids AS id MATCH (n:{label.value}) WHERE n.id = id RETURN n" for label in NodeLabel
}
NODES_WITH_LABEL: dict[NodeLabel, str] = {
    label: f"MATCH (n:{label.value}) RETURN n ORDER BY n.id" for label in NodeLabel
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


@cache
def edge_statements(q: ModuleType) -> dict[NodeLabel, tuple[str, str]]:
    """Per label: (edges out of $ids, edges into $ids) in the dialect of statements module ``q``.

    Each statement scans for its ids, so two per label instead of two per edge type made a
    depth-2 neighbourhood 3.4× faster in LadybugDB (63 → 18 ms); the far end is left
    unlabelled, and gave the same neighbourhoods as labelled, typed statements on 154 nodes
    of the 1,000-document graph."""
    return {
        label: tuple(
            f"MATCH (a{a})-[r]->(b{b}) WHERE {end}.id IN $ids RETURN a.id, b.id, {q.TYPE_OF_R}, r"
            for a, b, end in ((f":{label.value}", "", "a"), ("", f":{label.value}", "b"))
        )
        for label in NodeLabel
    }


class RoleEdgeStatements(NamedTuple):
    all: str
    of_org: str
    of_orgs: str
    of_org_with_type: dict[RelType, str]
    of_orgs_with_type: dict[RelType, str]
    of_task: str


# In LadybugDB role edges leave the document out: joining it made an organization's edges 3×
# slower (the join scans); documents are looked up by id instead.  Rows are sorted here.
# One organization is `o.id = $id`, an index seek; `o.id IN $ids` scans every unit.
DOCUMENT_REFS = "UNWIND $ids AS id MATCH (d:Document) WHERE d.id = id RETURN d.id, d.source, d.jurisdiction"


@cache
def role_edge_statements(q: ModuleType) -> RoleEdgeStatements:
    """The role-edge reads in the dialect of the statements module ``q``; where the dialect
    joins documents cheaply (``q.JOINS_DOCUMENTS``), rows end with the document's source and
    jurisdiction, and the store need not look them up."""
    fields = (f"{q.ORG_FIELDS}, t.id, t.number, t.title, t.document, t.ordinal, {q.TYPE_OF_R}, r.mention,"
              " r.evidence, r.span_start, r.span_end")
    document = ""
    if q.JOINS_DOCUMENTS:
        document, fields = " MATCH (d:Document) WHERE d.id = t.document", f"{fields}, d.source, d.jurisdiction"

    def match(types: str, where: str) -> str:
        return f"MATCH (o:Organization)-[r:{types}]->(t:Task){where}{document} RETURN {fields}"

    return RoleEdgeStatements(
        all=match(ROLE_TYPES, ""),
        of_org=match(ROLE_TYPES, " WHERE o.id = $id"),
        of_orgs=match(ROLE_TYPES, " WHERE o.id IN $ids"),
        of_org_with_type={t: match(t.value, " WHERE o.id = $id") for t in ROLE_REL_TYPES},
        of_orgs_with_type={t: match(t.value, " WHERE o.id IN $ids") for t in ROLE_REL_TYPES},
        of_task=match(ROLE_TYPES, " WHERE t.id = $id"),
    )


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
        q = role_edge_statements(self.cypher)
        if org_ids is not None:
            org_ids = list(dict.fromkeys(org_ids))
        if org_ids is not None and len(org_ids) <= SEEKS_BEFORE_SCAN:
            by_type = q.of_org_with_type[role.rel_type] if role is not None else q.of_org
            rows = [row for org_id in org_ids for row in self._query(by_type, {"id": org_id})]
        elif org_ids is not None:
            by_type = q.of_orgs_with_type[role.rel_type] if role is not None else q.of_orgs
            rows = self._query(by_type, {"ids": org_ids})
        elif task_id is not None:
            rows = self._query(q.of_task, {"id": task_id})
        else:
            rows = self._query(q.all)
        return self._responsibility_rows(rows, role)

    def _responsibility_rows(self, rows: list[list], role: Role | None) -> list[ResponsibilityRow]:
        """Rows of `role_edge_statements`, with their documents, in document, task and span order."""
        if self.cypher.JOINS_DOCUMENTS:
            docs = {row[9]: (row[9], row[16], row[17]) for row in rows}
        else:
            doc_ids = sorted({row[9] for row in rows})
            docs = {d[0]: d for d in self._query(DOCUMENT_REFS, {"ids": doc_ids})} if doc_ids else {}
        result = []
        for row in rows:
            r = _ROLE_BY_TYPE[row[11]]
            if (role is not None and r is not role) or row[9] not in docs:
                continue
            doc_id, source, jurisdiction = docs[row[9]]
            result.append((
                (source, row[10], row[14] if row[14] is not None else -1),
                ResponsibilityRow(
                    org=org_from_row(row[0:6]),
                    task=TaskRef(row[6], row[7], row[8], doc_id, source, jurisdiction),
                    role=r, mention=row[12], evidence=row[13], span=(row[14], row[15]),
                ),
            ))
        result.sort(key=lambda keyed: keyed[0])
        return [row for _, row in result]

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
        statements = edge_statements(self.cypher)
        for label, ids in by_label.items():
            for statement in statements[label]:
                for a, b, rel_type, props in self._query(statement, {"ids": ids}):
                    clean = _properties(props)
                    # Role edges between one pair differ by mention (会同 lists one unit twice).
                    edges[(a, b, rel_type, clean.get("mention"))] = EdgeRow(a, b, rel_type, clean)
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
