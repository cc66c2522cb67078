"""The store contract: one suite, run unchanged against every store backend."""

from __future__ import annotations

import dataclasses

import pytest

from graph.model import NodeLabel, Role
from graph.service import GraphService
from graph.store import StoreWriteError
from conftest import STORE_KINDS, open_test_store


@pytest.fixture(params=STORE_KINDS)
def make_store(request, tmp_path):
    opened = []

    def factory():
        store = open_test_store(request.param, tmp_path)
        opened.append(store)
        return store

    yield factory
    for store in opened:
        store.close()


@pytest.fixture
def store(make_store, parsed_samples):
    store = make_store()
    store.write_documents(parsed_samples)
    return store


def by_source(parsed_samples, prefix):
    return next(p for p in parsed_samples if p.document.source.startswith(prefix))


def test_counts_match_what_was_parsed(store, parsed_samples):
    counts = store.counts()
    assert counts.nodes["Document"] == len(parsed_samples)
    assert counts.nodes["Task"] == sum(len(p.tasks) for p in parsed_samples)
    role_edges = sum(counts.edges[r.rel_type.value] for r in Role)
    assert role_edges == sum(len(p.responsibilities) for p in parsed_samples)
    assert counts.nodes["Target"] == sum(len(p.targets) for p in parsed_samples) > 0
    assert counts.edges["REPORTS_TO"] == sum(1 for p in parsed_samples for r in p.reporting if r.recipient)


def test_reingest_changes_nothing(store, parsed_samples):
    before = store.counts()
    outcomes = store.write_documents(parsed_samples)
    assert {o.status for o in outcomes} == {"unchanged"}
    assert store.counts() == before


def test_a_changed_document_replaces_only_its_own_part(store, parsed_samples):
    first = by_source(parsed_samples, "000")
    other_edges = [r for r in store.responsibilities() if r.task.source != first.document.source]
    shorter = dataclasses.replace(
        first,
        document=dataclasses.replace(first.document, id="doc:changed", sha256="changed"),
        tasks=[dataclasses.replace(t, id=t.id.replace(first.document.id, "doc:changed"), document="doc:changed",
                                   section=t.section and t.section.replace(first.document.id, "doc:changed"))
               for t in first.tasks[:3]],
        sections=[dataclasses.replace(s, id=s.id.replace(first.document.id, "doc:changed"), document="doc:changed")
                  for s in first.sections],
        responsibilities=[
            dataclasses.replace(r, task=r.task.replace(first.document.id, "doc:changed"), document="doc:changed")
            for r in first.responsibilities
            if r.task in {t.id for t in first.tasks[:3]}
        ],
        links=[l for l in first.links if not l.source.startswith(first.document.id)],
    )
    [outcome] = store.write_documents([shorter])
    assert outcome.status == "replaced"
    docs = {d.source: d.id for d in store.documents()}
    assert docs[first.document.source] == "doc:changed"
    mine = [r for r in store.responsibilities() if r.task.source == first.document.source]
    assert {r.task.number for r in mine} == {"1", "2", "3"}
    assert [r for r in store.responsibilities() if r.task.source != first.document.source] == other_edges
    assert store.task(first.tasks[5].id) is None


def test_chinese_names_round_trip(store):
    org = store.organization("org:九江市应急管理局")
    assert org is not None
    assert org.name == "九江市应急管理局"
    assert org.jurisdiction == "九江市"
    assert "市应急局" in org.aliases


def test_unknown_ids(store):
    assert store.organization("org:nowhere") is None
    assert store.task("doc:nothing:task:1") is None
    assert store.responsibilities(org_ids=["org:nowhere"]) == []
    assert store.tasks_linked_to(campaign="没有这个行动") == []
    assert store.delete_document("doc:nothing") is False


def test_task_detail_has_parties_with_evidence(store, parsed_samples):
    first = by_source(parsed_samples, "000")
    task4 = next(t for t in first.tasks if t.number == "4")
    detail = store.task(task4.id)
    assert detail.document.source == first.document.source
    parties = {(p.mention, p.role) for p in detail.parties}
    assert ("市应急局", Role.LEAD) in parties
    assert ("市安委会", Role.ORGANIZE) in parties
    for p in detail.parties:
        assert p.evidence and first.text[p.span[0]:p.span[1]] == p.mention


def test_role_filter(store):
    rows = store.responsibilities(org_ids=["org:九江市应急管理局"], role=Role.LEAD)
    assert rows and all(r.role is Role.LEAD for r in rows)
    assert sorted(int(r.task.number) for r in rows) == [1, 4, 29, 30, 32, 33, 34, 35, 36]


def test_campaign_links(store):
    tasks = store.tasks_linked_to(campaign="减量控大")
    assert sorted((t.source[:3], int(t.number)) for t in tasks) == [("000", 8), ("000", 12), ("001", 11), ("001", 16)]
    tasks = store.tasks_linked_to(campaign="十有两禁")
    assert sorted((t.source[:3], int(t.number)) for t in tasks) == [("000", 14), ("001", 17)]


def test_a_failed_write_keeps_nothing(make_store, parsed_samples):
    store = make_store()
    good = by_source(parsed_samples, "001")
    bad = by_source(parsed_samples, "000")
    # Two tasks with one id: the write fails half-way, after the document node was created.
    broken = dataclasses.replace(bad, tasks=[*bad.tasks, bad.tasks[0]])
    with pytest.raises(StoreWriteError):
        store.write_documents([broken])
    assert store.documents() == []
    assert store.counts().total_nodes == 0
    store.write_documents([good])
    assert [d.source for d in store.documents()] == [good.document.source]


def test_delete_document_removes_orphans(store, parsed_samples):
    for parsed in parsed_samples:
        assert store.delete_document(parsed.document.id)
    counts = store.counts()
    assert counts.total_nodes == 0, counts
    assert counts.total_edges == 0, counts


def test_service_answers_the_same(store, parser):
    service = GraphService(store, parser.resolver)
    groups = service.tasks_of("市应急局", "lead")
    assert [g.jurisdiction for g in groups] == ["九江市", "宜春市"]
    assert sorted(int(r.task.number) for r in groups[1].rows) == [1, 4, 8, 34, 35]


def test_nodes_and_edges_for_walking_the_graph(store, parsed_samples):
    first = by_source(parsed_samples, "000")
    task4 = next(t for t in first.tasks if t.number == "4")
    [node] = store.nodes([task4.id, "org:nowhere"])
    assert node.label == "Task" and node.name == "4 压实党政领导责任"
    edges = store.edges_touching([task4.id])
    kinds = sorted((e.type, e.source) for e in edges)
    assert ("LEADS", "org:九江市应急管理局") in kinds
    assert ("CONTAINS", first.document.id) in kinds
    lead = next(e for e in edges if e.type == "LEADS")
    assert lead.properties["mention"] == "市应急局" and lead.properties["evidence"]
    assert [n.id for n in store.nodes_with_label(NodeLabel.CAMPAIGN)] == sorted(
        {c.id for p in parsed_samples for c in p.campaigns}
    )


def test_neighbourhood_is_capped_and_says_so(store, parser):
    service = GraphService(store, parser.resolver)
    whole = service.neighbourhood("org:九江市应急管理局", depth=1, limit=1000)
    assert not whole.capped and whole.nodes[0].id == "org:九江市应急管理局"
    assert {e.type for e in whole.edges} >= {"LEADS", "RESPONSIBLE_FOR", "IN"}
    ids = {n.id for n in whole.nodes}
    assert all(e.source in ids and e.target in ids for e in whole.edges)
    small = service.neighbourhood("org:九江市应急管理局", depth=2, limit=10)
    assert small.capped and len(small.nodes) == 10
