"""Every Cypher statement the LadybugDB store runs, as named constants.

Parameters only; labels and relationship types come from graph.model's enums.
Writes use the shape LadybugDB runs fastest (../shared/FACTS.md): ``UNWIND
$rows`` with ``MATCH … WHERE n.id = r.x`` rather than property-map lookups,
which measured ~40x slower there.
"""

from __future__ import annotations

from graph.model import LINK_ENDPOINTS, ROLE_REL_TYPES, SHARED_LINKS, NodeLabel, RelType

ROLE_TYPES = "|".join(t.value for t in ROLE_REL_TYPES)
JOINS_DOCUMENTS = False  # joining the document to role edges scans (cypher_store.role_edge_statements)
TYPE_OF_R = "label(r)"  # the type of relationship r

SCHEMA: tuple[str, ...] = (
    "CREATE NODE TABLE IF NOT EXISTS Document(id STRING, title STRING, jurisdiction STRING, issuer STRING,"
    " issued_on STRING, period STRING, kind STRING, source STRING, sha256 STRING, PRIMARY KEY(id))",
    "CREATE NODE TABLE IF NOT EXISTS Section(id STRING, document STRING, ordinal INT64, title STRING,"
    " PRIMARY KEY(id))",
    "CREATE NODE TABLE IF NOT EXISTS Task(id STRING, document STRING, ordinal INT64, number STRING,"
    " title STRING, text STRING, span_start INT64, span_end INT64, section STRING, deadline STRING,"
    " PRIMARY KEY(id))",
    "CREATE NODE TABLE IF NOT EXISTS Organization(id STRING, name STRING, kind STRING, jurisdiction STRING,"
    " standard STRING, aliases STRING[], PRIMARY KEY(id))",
    "CREATE NODE TABLE IF NOT EXISTS Sector(id STRING, name STRING, PRIMARY KEY(id))",
    "CREATE NODE TABLE IF NOT EXISTS Campaign(id STRING, name STRING, PRIMARY KEY(id))",
    "CREATE NODE TABLE IF NOT EXISTS Jurisdiction(id STRING, name STRING, level STRING, parent STRING,"
    " PRIMARY KEY(id))",
    "CREATE NODE TABLE IF NOT EXISTS Target(id STRING, document STRING, indicator STRING, value STRING,"
    " deadline STRING, category STRING, task STRING, PRIMARY KEY(id))",
    *(
        f"CREATE REL TABLE IF NOT EXISTS {t.value}(FROM Organization TO Task, document STRING, mention STRING,"
        " evidence STRING, span_start INT64, span_end INT64)"
        for t in ROLE_REL_TYPES
    ),
    "CREATE REL TABLE IF NOT EXISTS HAS_SECTION(FROM Document TO Section)",
    "CREATE REL TABLE IF NOT EXISTS CONTAINS(FROM Document TO Task, FROM Section TO Task)",
    "CREATE REL TABLE IF NOT EXISTS CONCERNS(FROM Task TO Sector)",
    "CREATE REL TABLE IF NOT EXISTS PART_OF(FROM Task TO Campaign)",
    "CREATE REL TABLE IF NOT EXISTS MEMBER_OF(FROM Organization TO Organization)",
    "CREATE REL TABLE IF NOT EXISTS COVERS(FROM Organization TO Sector)",
    "CREATE REL TABLE IF NOT EXISTS `IN`(FROM Organization TO Jurisdiction)",
    "CREATE REL TABLE IF NOT EXISTS ISSUED_BY(FROM Document TO Organization)",
    "CREATE REL TABLE IF NOT EXISTS HAS_TARGET(FROM Document TO Target, FROM Task TO Target)",
    "CREATE REL TABLE IF NOT EXISTS REPORTS_TO(FROM Organization TO Organization, document STRING, mention STRING,"
    " deadline STRING, evidence STRING, span_start INT64, span_end INT64)",
)



BEGIN = "BEGIN TRANSACTION"
COMMIT = "COMMIT"
ROLLBACK = "ROLLBACK"

FIND_DOCUMENTS_BY_SOURCE_OR_ID = (
    "MATCH (d:Document) WHERE d.source IN $sources OR d.id IN $ids RETURN d.id, d.source, d.sha256"
)

# --- deleting one document's own part -------------------------------------
ORG_IDS_OF_DOCUMENT = f"MATCH (o:Organization)-[:{ROLE_TYPES}]->(t:Task) WHERE t.document = $document RETURN DISTINCT o.id"
DELETE_DOCUMENT_TASKS = "MATCH (t:Task) WHERE t.document = $document DETACH DELETE t"
DELETE_DOCUMENT_SECTIONS = "MATCH (s:Section) WHERE s.document = $document DETACH DELETE s"
DELETE_DOCUMENT_TARGETS = "MATCH (g:Target) WHERE g.document = $document DETACH DELETE g"
DELETE_DOCUMENT_REPORTS = "MATCH ()-[r:REPORTS_TO]->() WHERE r.document = $document DELETE r"
DELETE_DOCUMENT = "MATCH (d:Document) WHERE d.id = $document DETACH DELETE d"
DELETE_DOCUMENT_OWNED = (
    DELETE_DOCUMENT_TASKS,
    DELETE_DOCUMENT_SECTIONS,
    DELETE_DOCUMENT_TARGETS,
    DELETE_DOCUMENT_REPORTS,
    DELETE_DOCUMENT,
)

# --- writing --------------------------------------------------------------
CREATE_DOCUMENTS = (
    "UNWIND $rows AS r CREATE (:Document {id: r.id, title: r.title, jurisdiction: r.jurisdiction,"
    " issuer: r.issuer, issued_on: r.issued_on, period: r.period, kind: r.kind, source: r.source,"
    " sha256: r.sha256})"
)
CREATE_SECTIONS = (
    "UNWIND $rows AS r CREATE (:Section {id: r.id, document: r.document, ordinal: r.ordinal, title: r.title})"
)
CREATE_TASKS = (
    "UNWIND $rows AS r CREATE (:Task {id: r.id, document: r.document, ordinal: r.ordinal, number: r.number,"
    " title: r.title, text: r.text, span_start: r.span_start, span_end: r.span_end, section: r.section,"
    " deadline: r.deadline})"
)
# Organizations are upserted as a lookup, a CREATE of the new ones and a SET of
# the known ones: twice as fast here as one UNWIND … MERGE.
EXISTING_ORGANIZATIONS = "UNWIND $ids AS id MATCH (o:Organization) WHERE o.id = id RETURN o.id"
CREATE_ORGANIZATIONS = (
    "UNWIND $rows AS r CREATE (:Organization {id: r.id, name: r.name, kind: r.kind, jurisdiction: r.jurisdiction,"
    " standard: r.standard, aliases: r.aliases})"
)
UPDATE_ORGANIZATIONS = (
    "UNWIND $rows AS r MATCH (o:Organization) WHERE o.id = r.id SET o.name = r.name, o.kind = r.kind,"
    " o.jurisdiction = r.jurisdiction, o.standard = r.standard,"
    " o.aliases = list_sort(list_distinct(list_concat(o.aliases, r.aliases)))"
)
MERGE_SECTORS = "UNWIND $rows AS r MERGE (s:Sector {id: r.id}) SET s.name = r.name"
MERGE_CAMPAIGNS = "UNWIND $rows AS r MERGE (c:Campaign {id: r.id}) SET c.name = r.name"
MERGE_JURISDICTIONS = (
    "UNWIND $rows AS r MERGE (j:Jurisdiction {id: r.id}) SET j.name = r.name, j.level = r.level,"
    " j.parent = r.parent"
)
CREATE_HAS_SECTION = (
    "UNWIND $rows AS r MATCH (d:Document) WHERE d.id = r.source MATCH (s:Section) WHERE s.id = r.target"
    " CREATE (d)-[:HAS_SECTION]->(s)"
)
CREATE_DOCUMENT_CONTAINS = (
    "UNWIND $rows AS r MATCH (d:Document) WHERE d.id = r.source MATCH (t:Task) WHERE t.id = r.target"
    " CREATE (d)-[:CONTAINS]->(t)"
)
CREATE_SECTION_CONTAINS = (
    "UNWIND $rows AS r MATCH (s:Section) WHERE s.id = r.source MATCH (t:Task) WHERE t.id = r.target"
    " CREATE (s)-[:CONTAINS]->(t)"
)
CREATE_TARGETS = (
    "UNWIND $rows AS r CREATE (:Target {id: r.id, document: r.document, indicator: r.indicator, value: r.value,"
    " deadline: r.deadline, category: r.category, task: r.task})"
)
CREATE_DOCUMENT_HAS_TARGET = (
    "UNWIND $rows AS r MATCH (d:Document) WHERE d.id = r.source MATCH (g:Target) WHERE g.id = r.target"
    " CREATE (d)-[:HAS_TARGET]->(g)"
)
CREATE_TASK_HAS_TARGET = (
    "UNWIND $rows AS r MATCH (t:Task) WHERE t.id = r.source MATCH (g:Target) WHERE g.id = r.target"
    " CREATE (t)-[:HAS_TARGET]->(g)"
)
CREATE_REPORTS_TO = (
    "UNWIND $rows AS r MATCH (a:Organization) WHERE a.id = r.org MATCH (b:Organization) WHERE b.id = r.recipient"
    " CREATE (a)-[:REPORTS_TO {document: r.document, mention: r.mention, deadline: r.deadline,"
    " evidence: r.evidence, span_start: r.span_start, span_end: r.span_end}]->(b)"
)
CREATE_ROLE_EDGES: dict[RelType, str] = {
    t: (
        "UNWIND $rows AS r MATCH (o:Organization) WHERE o.id = r.org MATCH (t:Task) WHERE t.id = r.task"
        f" CREATE (o)-[:{t.value} {{document: r.document, mention: r.mention, evidence: r.evidence,"
        " span_start: r.span_start, span_end: r.span_end}]->(t)"
    )
    for t in ROLE_REL_TYPES
}

# One MERGE per statement: the per-row baseline the benchmark compares against.
MERGE_ONE_ROLE_EDGE: dict[RelType, str] = {
    t: (
        "MATCH (o:Organization) WHERE o.id = $org MATCH (t:Task) WHERE t.id = $task"
        f" MERGE (o)-[e:{t.value} {{mention: $mention}}]->(t) SET e.document = $document, e.evidence = $evidence,"
        " e.span_start = $span_start, e.span_end = $span_end"
    )
    for t in ROLE_REL_TYPES
}


def _link_statement(rel: RelType, verb: str) -> str:
    src, dst = LINK_ENDPOINTS[rel]
    return (
        f"UNWIND $rows AS r MATCH (a:{src.value}) WHERE a.id = r.source MATCH (b:{dst.value}) WHERE b.id = r.target"
        f" {verb} (a)-[:`{rel.value}`]->(b)"
    )


WRITE_LINKS: dict[RelType, str] = {
    rel: _link_statement(rel, "MERGE" if rel in SHARED_LINKS else "CREATE") for rel in LINK_ENDPOINTS
}

# Aliases are the spellings a unit's role edges mention it by: merged in on
# write, recomputed from the edges when a document is replaced or deleted.
ORG_MENTIONS = (
    f"MATCH (o:Organization)-[r:{ROLE_TYPES}]->(:Task) WHERE o.id IN $ids RETURN o.id, collect(DISTINCT r.mention)"
)
SET_ORG_ALIASES = "UNWIND $rows AS r MATCH (o:Organization) WHERE o.id = r.id SET o.aliases = r.aliases"

# --- reading --------------------------------------------------------------
DOCUMENT_FIELDS = "d.id, d.title, d.jurisdiction, d.issuer, d.issued_on, d.period, d.kind, d.source, d.sha256"
ORG_FIELDS = "o.id, o.name, o.kind, o.jurisdiction, o.standard, o.aliases"
TASK_REF_FIELDS = "t.id, t.number, t.title, d.id, d.source, d.jurisdiction"

ALL_DOCUMENTS = f"MATCH (d:Document) RETURN {DOCUMENT_FIELDS} ORDER BY d.source"
ALL_JURISDICTIONS = "MATCH (j:Jurisdiction) RETURN j.id, j.name, j.level, j.parent ORDER BY j.name"
ALL_ORGANIZATIONS = f"MATCH (o:Organization) RETURN {ORG_FIELDS} ORDER BY o.name"
ORGANIZATIONS_IN = f"MATCH (o:Organization) WHERE o.jurisdiction = $jurisdiction RETURN {ORG_FIELDS} ORDER BY o.name"
ORGANIZATION_BY_ID = f"MATCH (o:Organization) WHERE o.id = $id RETURN {ORG_FIELDS}"

TASK_BY_ID = (
    "MATCH (d:Document)-[:CONTAINS]->(t:Task) WHERE t.id = $id"
    " OPTIONAL MATCH (s:Section)-[:CONTAINS]->(t)"
    " RETURN t.id, t.document, t.ordinal, t.number, t.title, t.text, t.span_start, t.span_end, t.section,"
    f" t.deadline, s.title, {DOCUMENT_FIELDS}"
)
SECTORS_OF_TASK = "MATCH (t:Task)-[:CONCERNS]->(s:Sector) WHERE t.id = $id RETURN s.name ORDER BY s.name"
CAMPAIGNS_OF_TASK = "MATCH (t:Task)-[:PART_OF]->(c:Campaign) WHERE t.id = $id RETURN c.name ORDER BY c.name"
TASKS_OF_SECTOR = (
    "MATCH (d:Document)-[:CONTAINS]->(t:Task)-[:CONCERNS]->(s:Sector) WHERE s.name = $name"
    f" RETURN {TASK_REF_FIELDS} ORDER BY d.source, t.ordinal"
)
TASKS_OF_CAMPAIGN = (
    "MATCH (d:Document)-[:CONTAINS]->(t:Task)-[:PART_OF]->(c:Campaign) WHERE c.name = $name"
    f" RETURN {TASK_REF_FIELDS} ORDER BY d.source, t.ordinal"
)

COUNT_NODES: dict[NodeLabel, str] = {
    label: f"MATCH (n:{label.value}) RETURN count(n)" for label in NodeLabel
}
COUNT_EDGES: dict[RelType, str] = {rel: f"MATCH ()-[r:`{rel.value}`]->() RETURN count(r)" for rel in RelType}
