"""Questions in Chinese: every template form against the real embedded store over the samples."""

from __future__ import annotations

import pytest

from graph.ask import EXAMPLES, TEMPLATES, ask, normalize


# (question, intent, slots that must hold, count) — count None: not checked
FORMS = [
    ("市应急局牵头哪些任务", "org_tasks", {"role": "lead"}, 14),
    ("九江市应急管理局负责落实哪些工作", "org_tasks", {"role": None, "resolved": ["org:九江市应急管理局"]}, 13),
    ("哪些部门参与燃气安全整治", "topic_units", {"topic": "燃气", "topic_kind": "Sector"}, None),
    ("减量控大涉及哪些部门", "topic_units", {"topic": "减量控大", "topic_kind": "Campaign"}, None),
    ("市公安局和市交通运输局共同负责哪些任务", "shared_tasks", {"orgs": ["市公安局", "市交通运输局"]}, 4),
    ("危险物品专委会牵头几项任务", "org_task_count", {"role": "lead"}, 4),
    ("九江市应急局牵头哪些任务？", "org_tasks", {"resolved": ["org:九江市应急管理局"]}, 9),
    ("九江应急局牵头哪些任务", "org_tasks", {"resolved": ["org:九江市应急管理局"]}, 9),
    ("请问市应急局牵头的任务有哪些", "org_tasks", {"role": "lead"}, 14),
    ("哪些任务由市应急局牵头", "org_tasks", {"role": "lead"}, 14),
    ("市安委会组织哪些工作", "org_tasks", {"role": "organize"}, 18),
    ("各安全专业委员会督促哪些任务", "org_tasks", {"role": "supervise"}, 3),
    ("市应急局有哪些任务", "org_tasks", {"role": None}, 20),
    ("宜春市应急管理局牵头多少项任务", "org_task_count", {"resolved": ["org:宜春市应急管理局"]}, 5),
    ("市委组织部牵头几项任务", "org_task_count", {"role": "lead"}, 5),
    ("宜春市公安局交警支队负责哪些工作", "org_tasks", {"resolved": ["org:宜春市公安局交通警察支队"]}, 1),
    ("市应急局分工负责哪些任务", "org_tasks", {"role": "responsible"}, None),
    ("各县(市、区)政府落实哪些任务", "org_tasks", {"role": "implement"}, None),
    ("市住建局和市公安局共同负责哪些任务", "shared_tasks", {"orgs": ["市住建局", "市公安局"]}, None),
    ("市应急局、市公安局和市交通运输局共同负责哪些任务", "shared_tasks",
     {"orgs": ["市应急局", "市公安局", "市交通运输局"]}, None),
    ("市公安局与市交通运输局共同负责几项任务", "shared_tasks", {"orgs": ["市公安局", "市交通运输局"]}, 4),
    ("市公安局和市交通运输局都牵头的任务", "shared_tasks", {"role": "lead"}, None),
    ("燃气有哪些任务", "topic_tasks", {"topic": "燃气"}, 8),
    ("减量控大有几项任务", "topic_task_count", {"topic": "减量控大"}, 4),
    ("危险化学品归哪个专委会", "sector_committee", {"topic": "危险化学品"}, 2),
    ("哪个专委会负责烟花爆竹", "sector_committee", {"topic": "烟花爆竹"}, 2),
    ("九江市安委会下设哪些专委会", "members", {"resolved": ["org:九江市安全生产委员会"]}, None),
    ("九江有哪些文件", "jurisdiction_documents", {"jurisdiction": "九江市"}, 1),
    ("江苏有哪些文件", "jurisdiction_documents", {"jurisdiction": "江苏省"}, 1),
    ("市应急局是什么单位", "org_profile", {}, 2),
    ("谁牵头燃气安全整治", "topic_units", {"topic": "燃气", "role": "lead"}, None),
    ("压实党政领导责任由谁牵头", "task_parties", {"role": "lead"}, 2),
    ("强化燃气安全整治由哪些部门负责", "task_parties", {"task": "强化燃气安全整治"}, None),
    ("一共有多少任务", "graph_count", {"what": "Task"}, 124),
    ("有多少个部门", "graph_count", {"what": "Organization"}, 89),
    ("哪些单位牵头打非治违", "topic_units", {"topic": "打非治违", "role": "lead"}, 2),
    ("“十有两禁”涉及哪些单位", "topic_units", {"topic": "十有两禁"}, None),
    ("市公安局配合哪些任务", "org_tasks", {"role": "cooperate"}, None),
]


@pytest.mark.parametrize("question,intent,slots,count", FORMS, ids=[f[0] for f in FORMS])
def test_question_forms(service, question, intent, slots, count):
    answer = ask(service, question)
    assert answer.understood, answer.text
    assert answer.intent.name == intent
    for key, value in slots.items():
        assert answer.intent.slots.get(key) == value, (key, answer.intent.slots)
    if count is not None:
        assert answer.count == count, answer.text
    assert answer.text and "\n" not in answer.text


def test_at_least_thirty_forms_and_every_template_used(service):
    assert len({q for q, *_ in FORMS}) >= 30
    used = {ask(service, q).intent.template for q, *_ in FORMS}
    assert {t.form for t in TEMPLATES} <= used


def test_the_issue_examples_answer_with_evidence(service):
    lead = ask(service, EXAMPLES[0])
    assert {r.org.name for r in lead.rows} == {"九江市应急管理局", "宜春市应急管理局"}
    assert all(r.role.value == "lead" and r.evidence and r.mention for r in lead.rows)
    units = ask(service, "哪些部门参与燃气安全整治")
    assert units.units and units.units[0].org.kind != "group"  # named units come before 各有关部门
    shared = ask(service, "市公安局和市交通运输局共同负责哪些任务")
    for task in shared.tasks:
        on = {r.org.standard for r in shared.rows if r.task.id == task.id}
        assert {"公安局", "交通运输局"} <= on


def test_not_understood_is_honest_with_suggestions(service):
    for question in ("今天天气怎么样", "", "   ", "市财政局牵头哪些任务", "MATCH (n) DETACH DELETE n"):
        answer = ask(service, question)
        assert not answer.understood and answer.intent is None
        assert answer.suggestions and answer.count is None
    assert "市财政局" in ask(service, "市财政局牵头哪些任务").text
    near = ask(service, "燃气怎么样了").suggestions
    assert near[0] == "哪些部门参与燃气"


def test_normalize():
    assert normalize(" 请问 市应急局 牵头哪些任务？ ") == "市应急局牵头哪些任务"
