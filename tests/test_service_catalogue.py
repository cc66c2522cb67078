"""The service's lists, detail views and relations by meaning, against the real embedded store."""

from __future__ import annotations

import pytest

from graph.model import NodeLabel, Role
from graph.service import InvalidArgument, NotFound, Unsupported

JJ = "doc:c15b9bc8eae37365"  # 九江市2023年安全生产工作要点


def test_documents_filter_by_jurisdiction_year_kind_and_title(service):
    assert [d.id for d in service.list_documents(jurisdiction="九江")] == [JJ]
    assert {d.source[:3] for d in service.list_documents(year=2023)} == {"000", "001", "002", "003", "004"}
    assert [d.source[:3] for d in service.list_documents(year=2025)] == ["002"]  # a 2021-2025 plan
    assert [d.kind for d in service.list_documents(kind="规划")] == ["规划"]
    assert [d.source[:3] for d in service.list_documents(q="宜春")] == ["001"]
    with pytest.raises(NotFound):
        service.list_documents(jurisdiction="火星")


def test_document_detail_has_sections_with_their_tasks(service):
    view = service.document(JJ)
    assert len(view.tasks) == 36 and [t.number for t in view.tasks[:3]] == ["1", "2", "3"]
    assert len(view.sections) == 8 and view.sections[0].title.startswith("一、")
    assert sum(len(s.tasks) for s in view.sections) == 36
    with pytest.raises(NotFound):
        service.document("doc:nothing")


def test_tasks_filter(service):
    assert len(service.list_tasks()) == 124
    assert len(service.list_tasks(document=JJ)) == 36
    gas = service.list_tasks(sector="燃气")
    assert len(gas) == 8 and len(service.list_tasks(sector="燃气", jurisdiction="九江")) == 3
    assert {t.id for t in service.list_tasks(sector="燃气", campaign="减量控大")} <= {t.id for t in gas}
    found = service.list_tasks(q="燃气安全")  # title or text
    assert "强化燃气安全整治" in {t.title for t in found} and len(found) < 124


def test_organizations_filter_by_kind_role_document_and_alias(service):
    assert [o.name for o in service.list_organizations(q="应急局", role="lead")] == ["九江市应急管理局", "宜春市应急管理局"]
    committees = service.list_organizations(kind="committee")
    assert committees and all(o.kind == "committee" for o in committees)
    in_jj = service.list_organizations(document=JJ)
    assert in_jj and all(o.jurisdiction == "九江市" for o in in_jj)
    assert {o.id for o in service.list_organizations(role=Role.SUPERVISE)} == {
        o.id for o in service.list_organizations(role="supervise", year=2023)}
    with pytest.raises(InvalidArgument):
        service.list_organizations(role="boss")


def test_committee_shorthand_finds_the_committee(service):
    assert [o.jurisdiction for o in service.find_organizations("危险物品专委会")] == ["九江市", "宜春市"]
    # 城乡 ends like a place (乡) but names none: the full name finds the unit in both cities
    assert [o.name for o in service.find_organizations("住房和城乡建设局")] == ["九江市住房和城乡建设局",
                                                                           "宜春市住房和城乡建设局"]


def test_roles_grouped_and_task_parties(service):
    org, grouped = service.organization_roles("org:九江市应急管理局")
    assert list(grouped) == [Role.LEAD, Role.RESPONSIBLE] and len(grouped[Role.LEAD]) == 9
    detail, parties = service.task_parties(f"{JJ}:task:4")
    assert {r.mention for r in parties[Role.ORGANIZE]} == {"市安委会"}
    assert {r.mention for r in parties[Role.LEAD]} == {"市应急局"}


def test_sector_and_campaign_views(service):
    fireworks = service.topic("sector:烟花爆竹")
    assert {c.standard for c in fireworks.committees} == {"安全生产委员会危险物品专业委员会"}
    campaign = service.topic("campaign:减量控大")
    assert len(campaign.tasks) == 4 and campaign.units
    on_tasks = {t.id for t in campaign.tasks}
    assert all(set(ids) <= on_tasks for u in campaign.units for ids in u.roles.values())
    with pytest.raises(NotFound):
        service.topic("org:九江市应急管理局")
    assert [n.name for n in service.list_topics(NodeLabel.CAMPAIGN, "减量")] == ["减量控大"]


def test_jurisdiction_and_shared_tasks(service):
    view = service.jurisdiction("jur:九江市")
    assert [c.name for c in view.children] == ["浔阳区"] and view.organizations > 10
    shared = service.shared_tasks(["市公安局", "市交通运输局"])
    assert len(shared) == 4
    with pytest.raises(NotFound):
        service.shared_tasks(["市公安局", "市财政局"])


def test_read_only_queries_need_neo4j(service):
    with pytest.raises(Unsupported):
        service.read_only_query("MATCH (n) RETURN n", timeout=1, limit=1)
