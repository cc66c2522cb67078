"""Every Cypher statement the Neo4j store runs, as named constants.

Parameters only; labels and relationship types come from graph.model's enums.
Writes are batched as ``UNWIND $rows``; the uniqueness constraints below give
every ``{id: …}`` lookup an index.
"""

from __future__ import annotations

from graph.model import LINK_ENDPOINTS, ROLE_REL_TYPES, SHARED_LINKS, NodeLabel, RelType

ROLE_TYPES = "|".join(t.value for t in ROLE_REL_TYPES)
JOINS_DOCUMENTS = True  # by the id index, in the same round trip (cypher_store.role_edge_statements)
TYPE_OF_R = "type(r)"  # the type of relationship r

SCHEMA: tuple[str, ...] = (
    *(
        f"CREATE CONSTRAINT {label.value.lower()}_id IF NOT EXISTS FOR (n:{label.value}) REQUIRE n.id IS UNIQUE"
        for label in NodeLabel
    ),
    "CREATE INDEX task_document IF NOT EXISTS FOR (t:Task) ON (t.document)",
    "CREATE INDEX section_document IF NOT EXISTS FOR (s:Section) ON (s.document)",
    "CREATE INDEX target_document IF NOT EXISTS FOR (g:Target) ON (g.document)",
    "CREATE INDEX document_source IF NOT EXISTS FOR (d:Document) ON (d.source)",
    "CREATE INDEX organization_jurisdiction IF NOT EXISTS FOR (o:Organization) ON (o.jurisdiction)",
    "CREATE INDEX sector_name IF NOT EXISTS FOR (s:Sector) ON (s.name)",
    "CREATE INDEX campaign_name IF NOT EXISTS FOR (c:Campaign) ON (c.name)",
)


FIND_DOCUMENTS_BY_SOURCE_OR_ID = (
    "MATCH (d:Document) WHERE d.source IN $sources OR d.id IN $ids RETURN d.id, d.source, d.sha256"
)

ORG_IDS_OF_DOCUMENT = f"MATCH (o:Organization)-[:{ROLE_TYPES}]->(t:Task {{document: $document}}) RETURN DISTINCT o.id"
DELETE_DOCUMENT_TASKS = "MATCH (t:Task {document: $document}) DETACH DELETE t"
DELETE_DOCUMENT_SECTIONS = "MATCH (s:Section {document: $document}) DETACH DELETE s"
DELETE_DOCUMENT_TARGETS = "MATCH (g:Target {document: $document}) DETACH DELETE g"
DELETE_DOCUMENT_REPORTS = "MATCH ()-[r:REPORTS_TO {document: $document}]->() DELETE r"
DELETE_DOCUMENT = "MATCH (d:Document {id: $document}) DETACH DELETE d"
DELETE_DOCUMENT_OWNED = (
    DELETE_DOCUMENT_TASKS,
    DELETE_DOCUMENT_SECTIONS,
    DELETE_DOCUMENT_TARGETS,
    DELETE_DOCUMENT_REPORTS,
    DELETE_DOCUMENT,
)

MERGE_JURISDICTIONS = (
    "UNWIND $rows AS r MERGE (j:Jurisdiction {id: r.id}) SET j.name = r.name, j.level = r.level, j.parent = r.parent"
)
MERGE_ORGANIZATIONS = (
    "UNWIND $rows AS r MERGE (o:Organization {id: r.id}) SET o.name = r.name, o.kind = r.kind,"
    " o.jurisdiction = r.jurisdiction, o.standard = r.standard,"
    " o.aliases = reduce(acc = coalesce(o.aliases, []), a IN r.aliases | CASE WHEN a IN acc THEN acc ELSE acc + a END)"
)
MERGE_SECTORS = "UNWIND $rows AS r MERGE (s:Sector {id: r.id}) SET s.name = r.name"
MERGE_CAMPAIGNS = "UNWIND $rows AS r MERGE (c:Campaign {id: r.id}) SET c.name = r.name"
CREATE_DOCUMENTS = "UNWIND $rows AS r CREATE (d:Document) SET d = r"
CREATE_SECTIONS = "UNWIND $rows AS r CREATE (s:Section) SET s = r"
CREATE_TASKS = "UNWIND $rows AS r CREATE (t:Task) SET t = r"
CREATE_HAS_SECTION = (
    "UNWIND $rows AS r MATCH (d:Document {id: r.source}) MATCH (s:Section {id: r.target}) CREATE (d)-[:HAS_SECTION]->(s)"
)
CREATE_DOCUMENT_CONTAINS = (
    "UNWIND $rows AS r MATCH (d:Document {id: r.source}) MATCH (t:Task {id: r.target}) CREATE (d)-[:CONTAINS]->(t)"
)
CREATE_SECTION_CONTAINS = (
    "UNWIND $rows AS r MATCH (s:Section {id: r.source}) MATCH (t:Task {id: r.target}) CREATE (s)-[:CONTAINS]->(t)"
)
CREATE_TARGETS = "UNWIND $rows AS r CREATE (g:Target) SET g = r"
CREATE_DOCUMENT_HAS_TARGET = (
    "UNWIND $rows AS r MATCH (d:Document {id: r.source}) MATCH (g:Target {id: r.target}) CREATE (d)-[:HAS_TARGET]->(g)"
)
CREATE_TASK_HAS_TARGET = (
    "UNWIND $rows AS r MATCH (t:Task {id: r.source}) MATCH (g:Target {id: r.target}) CREATE (t)-[:HAS_TARGET]->(g)"
)
CREATE_REPORTS_TO = (
    "UNWIND $rows AS r MATCH (a:Organization {id: r.org}) MATCH (b:Organization {id: r.recipient})"
    " CREATE (a)-[e:REPORTS_TO]->(b) SET e.document = r.document, e.mention = r.mention, e.deadline = r.deadline,"
    " e.evidence = r.evidence, e.span_start = r.span_start, e.span_end = r.span_end"
)
CREATE_ROLE_EDGES: dict[RelType, str] = {
    t: (
        "UNWIND $rows AS r MATCH (o:Organization {id: r.org}) MATCH (t:Task {id: r.task})"
        f" CREATE (o)-[e:{t.value}]->(t) SET e.document = r.document, e.mention = r.mention,"
        " e.evidence = r.evidence, e.span_start = r.span_start, e.span_end = r.span_end"
    )
    for t in ROLE_REL_TYPES
}
WRITE_LINKS: dict[RelType, str] = {
    rel: (
        f"UNWIND $rows AS r MATCH (a:{src.value} {{id: r.source}}) MATCH (b:{dst.value} {{id: r.target}})"
        f" {'MERGE' if rel in SHARED_LINKS else 'CREATE'} (a)-[:`{rel.value}`]->(b)"
    )
    for rel, (src, dst) in LINK_ENDPOINTS.items()
}
# One MERGE per statement: the per-row baseline the benchmark compares against.
MERGE_ONE_ROLE_EDGE: dict[RelType, str] = {
    t: (
        "MATCH (o:Organization {id: $org}) MATCH (t:Task {id: $task})"
        f" MERGE (o)-[e:{t.value} {{mention: $mention}}]->(t) SET e.document = $document, e.evidence = $evidence,"
        " e.span_start = $span_start, e.span_end = $span_end"
    )
    for t in ROLE_REL_TYPES
}

# Aliases are the spellings a unit's role edges mention it by: merged in on
# write, recomputed from the edges when a document is replaced or deleted.
ORG_MENTIONS = (
    f"MATCH (o:Organization)-[r:{ROLE_TYPES}]->(:Task) WHERE o.id IN $ids RETURN o.id, collect(DISTINCT r.mention)"
)
SET_ORG_ALIASES = "UNWIND $rows AS r MATCH (o:Organization {id: r.id}) SET o.aliases = r.aliases"

DOCUMENT_FIELDS = "d.id, d.title, d.jurisdiction, d.issuer, d.issued_on, d.period, d.kind, d.source, d.sha256"
ORG_FIELDS = "o.id, o.name, o.kind, o.jurisdiction, o.standard, o.aliases"
TASK_REF_FIELDS = "t.id, t.number, t.title, d.id, d.source, d.jurisdiction"

ALL_DOCUMENTS = f"MATCH (d:Document) RETURN {DOCUMENT_FIELDS} ORDER BY d.source"
ALL_JURISDICTIONS = "MATCH (j:Jurisdiction) RETURN j.id, j.name, j.level, j.parent ORDER BY j.name"
ALL_ORGANIZATIONS = f"MATCH (o:Organization) RETURN {ORG_FIELDS} ORDER BY o.name"
ORGANIZATIONS_IN = f"MATCH (o:Organization {{jurisdiction: $jurisdiction}}) RETURN {ORG_FIELDS} ORDER BY o.name"
ORGANIZATION_BY_ID = f"MATCH (o:Organization {{id: $id}}) RETURN {ORG_FIELDS}"

TASK_BY_ID = (
    "MATCH (d:Document)-[:CONTAINS]->(t:Task {id: $id})"
    " OPTIONAL MATCH (s:Section)-[:CONTAINS]->(t)"
    " RETURN t.id, t.document, t.ordinal, t.number, t.title, t.text, t.span_start, t.span_end, t.section,"
    f" t.deadline, s.title, {DOCUMENT_FIELDS}"
)
SECTORS_OF_TASK = "MATCH (t:Task {id: $id})-[:CONCERNS]->(s:Sector) RETURN s.name ORDER BY s.name"
CAMPAIGNS_OF_TASK = "MATCH (t:Task {id: $id})-[:PART_OF]->(c:Campaign) RETURN c.name ORDER BY c.name"
TASKS_OF_SECTOR = (
    "MATCH (d:Document)-[:CONTAINS]->(t:Task)-[:CONCERNS]->(s:Sector {name: $name})"
    f" RETURN {TASK_REF_FIELDS} ORDER BY d.source, t.ordinal"
)
TASKS_OF_CAMPAIGN = (
    "MATCH (d:Document)-[:CONTAINS]->(t:Task)-[:PART_OF]->(c:Campaign {name: $name})"
    f" RETURN {TASK_REF_FIELDS} ORDER BY d.source, t.ordinal"
)
COUNT_NODES: dict[NodeLabel, str] = {label: f"MATCH (n:{label.value}) RETURN count(n)" for label in NodeLabel}
COUNT_EDGES: dict[RelType, str] = {rel: f"MATCH ()-[r:`{rel.value}`]->() RETURN count(r)" for rel in RelType}
