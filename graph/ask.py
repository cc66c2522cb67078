"""Questions asked in Chinese, answered through fixed templates: never free text-to-Cypher.

A template is a regular expression with typed slots (a unit, a role word, a topic, a task
title, a jurisdiction).  A match only counts once every slot checks out against the graph
(the unit resolves, the topic is a sector or a campaign, ...), and then the answer is one
of the service's own questions, so nothing typed ever reaches a query language.  A question
no template can place gets an honest "not understood" and questions it could have been.

Role words follow how people ask, which is looser than how plans assign:
牵头 → lead, 组织 → organize, 分工负责 → responsible, 配合/协助/会同 → cooperate,
督促/指导 → supervise, 落实 → implement; 负责, 负责落实, 承担, 参与, 涉及 and 有 mean
"any role" (九江市应急管理局负责落实哪些工作 asks for everything the unit is on).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from graph.model import Document, NodeLabel, Organization, Role
from graph.service import GraphService, ServiceError, SharedTask, UnitOnTasks
from graph.store import ResponsibilityRow, TaskRef

EXAMPLES = (
    "市应急局牵头哪些任务",
    "九江市应急管理局负责落实哪些工作",
    "哪些部门参与燃气安全整治",
    "减量控大涉及哪些部门",
    "市公安局和市交通运输局共同负责哪些任务",
    "危险物品专委会牵头几项任务",
)

_ROLE_WORDS: dict[str, Role | None] = {
    "牵头负责": Role.LEAD, "牵头组织": Role.LEAD, "牵头": Role.LEAD, "分工负责": Role.RESPONSIBLE,
    "负责落实": None, "组织": Role.ORGANIZE, "配合": Role.COOPERATE, "协助": Role.COOPERATE,
    "会同": Role.COOPERATE, "督促": Role.SUPERVISE, "指导": Role.SUPERVISE, "落实": Role.IMPLEMENT,
    "负责": None, "承担": None, "参与": None, "参加": None, "涉及": None,
}
_ROLE_NAMES = {Role.LEAD: "牵头", Role.ORGANIZE: "组织", Role.RESPONSIBLE: "分工负责",
               Role.COOPERATE: "配合", Role.SUPERVISE: "督促", Role.IMPLEMENT: "落实"}
VERB = "(?P<verb>" + "|".join(sorted(_ROLE_WORDS, key=len, reverse=True)) + ")"
WHICH = "(?:哪些|什么|哪几项|那些|啥)"
TASKS = "(?:任务|工作|事项|事情|职责|事)"
COUNT = "(?P<count>几|多少)(?:项|个|条|件)?"
UNITS = "(?:部门|单位|机构|组织)"
SEP = re.compile(r"和|与|跟|同|及|以及|、|,|，")
_PREFIXES = re.compile(r"^(?:请问|请告诉我|我想知道|想问一下|问一下|查询|查一下|查看|列出|显示|告诉我)[:：,，]?")


@dataclass(frozen=True)
class Intent:
    name: str
    template: str  # the question form that matched, with its slots in braces
    slots: dict


@dataclass(frozen=True)
class Answer:
    question: str
    understood: bool
    intent: Intent | None
    text: str  # the answer (or why there is none) in one Chinese sentence
    count: int | None = None
    rows: list[ResponsibilityRow] = field(default_factory=list)  # evidence: the role edges
    tasks: list[TaskRef] = field(default_factory=list)
    units: list[UnitOnTasks] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)


class _Miss(Exception):
    """A template matched but a slot did not check out; the message says which."""


@dataclass(frozen=True)
class _Template:
    name: str
    form: str
    pattern: re.Pattern
    answer: Callable[["Asker", re.Match], Answer]


def normalize(question: str) -> str:
    text = re.sub(r"\s+", "", question or "")
    text = text.rstrip("?？。!！.;；")
    return _PREFIXES.sub("", text)


def _role(match: re.Match) -> Role | None:
    verb = match.groupdict().get("verb")
    return _ROLE_WORDS.get(verb) if verb else None


def _role_text(role: Role | None) -> str:
    return _ROLE_NAMES[role] if role else "参与"


class Asker:
    """Parses one question against the templates and answers it from the service."""

    def __init__(self, service: GraphService):
        self.service = service

    # --- slots ------------------------------------------------------------
    def orgs(self, text: str) -> list[Organization]:
        text = text.strip().strip("“”\"")
        if not text:
            return []
        try:
            found = self.service.find_organizations(text)
            if found:
                return found
            # 九江应急局: a place typed without its level suffix
            for j in self.service.jurisdictions():
                short = j.name[:-1] if len(j.name) > 2 else j.name
                if text.startswith(short) and not text.startswith(j.name):
                    return self.service.find_organizations(j.name + text[len(short):])
        except ServiceError:
            return []
        return []

    def org_slot(self, text: str) -> list[Organization]:
        found = self.orgs(text)
        if not found:
            raise _Miss(f"不认识单位“{text}”")
        return found

    def topic(self, text: str) -> tuple[NodeLabel, str] | None:
        """The campaign or sector a phrase names: 燃气安全整治 → (Sector, 燃气); the longest name wins."""
        bare = text.strip("“”\"「」")
        best: tuple[int, NodeLabel, str] | None = None
        for label in (NodeLabel.CAMPAIGN, NodeLabel.SECTOR):
            for node in self.service.list_topics(label):
                name = node.name.strip("“”\"")
                if name and name in bare and (best is None or len(name) > best[0]):
                    best = (len(name), label, node.name)
        return (best[1], best[2]) if best else None

    def tasks_titled(self, text: str) -> list[TaskRef]:
        bare = text.strip("“”\"「」")
        if len(bare) < 4:
            return []
        return [t for t in self.service.list_tasks() if t.title and (bare in t.title or t.title in bare)]

    def split_orgs(self, text: str) -> list[str] | None:
        """市住房和城乡建设局和市公安局 → two units: split only where both sides are units."""
        if self.orgs(text):
            return [text]
        for m in SEP.finditer(text):
            left, right = text[: m.start()], text[m.end():]
            if left and right and self.orgs(left):
                rest = self.split_orgs(right)
                if rest:
                    return [left, *rest]
        return None

    # --- answers ------------------------------------------------------------
    def org_tasks(self, m: re.Match, counting: bool = False) -> Answer:
        subject, role = m.group("org"), _role(m)
        orgs = self.orgs(subject)
        if not orgs:
            topic = self.topic(subject)
            if topic is None:
                raise _Miss(f"不认识单位或专题“{subject}”")
            return self.topic_tasks(topic, counting)
        rows = self.service.store.responsibilities(org_ids=[o.id for o in orgs], role=role)
        tasks = list({r.task.id: r.task for r in rows}.values())
        per_org = []
        for o in orgs:
            n = len({r.task.id for r in rows if r.org.id == o.id})
            if n or len(orgs) == 1:
                per_org.append(f"{o.name}{_role_text(role)} {n} 项任务")
        name = "org_task_count" if counting else "org_tasks"
        intent = Intent(name, "{单位}{角色}几项任务" if counting else "{单位}{角色}哪些任务",
                        {"org": subject, "resolved": [o.id for o in orgs], "role": role.value if role else None})
        return Answer("", True, intent, "；".join(per_org) or f"{subject}没有{_role_text(role)}的任务",
                      count=len(tasks), rows=rows, tasks=tasks, organizations=orgs)

    def topic_tasks(self, topic: tuple[NodeLabel, str], counting: bool = False) -> Answer:
        label, name = topic
        tasks = self.service.list_tasks(**{"sector" if label is NodeLabel.SECTOR else "campaign": name})
        kind = "行业领域" if label is NodeLabel.SECTOR else "专项行动"
        intent = Intent("topic_task_count" if counting else "topic_tasks",
                        "{专题}有几项任务" if counting else "{专题}有哪些任务",
                        {"topic": name, "topic_kind": label.value})
        return Answer("", True, intent, f"{kind}“{name}”涉及 {len(tasks)} 项任务", count=len(tasks), tasks=tasks)

    def shared(self, m: re.Match) -> Answer:
        parts = self.split_orgs(m.group("orgs"))
        if not parts or len(parts) < 2:
            raise _Miss(f"没能从“{m.group('orgs')}”里分出两个单位")
        role = _role(m)
        found: list[SharedTask] = self.service.shared_tasks(parts, role)
        rows = [r for s in found for r in s.rows]
        intent = Intent("shared_tasks", "{单位}和{单位}共同{角色}哪些任务",
                        {"orgs": parts, "role": role.value if role else None})
        counting = bool(m.groupdict().get("count"))
        text = f"{'、'.join(parts)}共同{_role_text(role)} {len(found)} 项任务"
        return Answer("", True, intent, text, count=len(found), rows=rows, tasks=[s.task for s in found],
                      organizations=sorted({r.org.id: r.org for r in rows}.values(), key=lambda o: o.id)
                      if not counting else [])

    def topic_units(self, m: re.Match) -> Answer:
        subject, role = m.group("topic"), _role(m)
        topic = self.topic(subject)
        exact = [t for t in self.tasks_titled(subject) if t.title == subject.strip("“”\"「」")] if (
            topic is None or len(subject) > len(topic[1]) + 2) else []
        if exact:
            return self.task_parties(subject, exact, role)
        if topic is None:
            titled = self.tasks_titled(subject)
            if not titled:
                raise _Miss(f"不认识专题或任务“{subject}”")
            return self.task_parties(subject, titled, role)
        label, name = topic
        tasks = self.service.list_tasks(**{"sector" if label is NodeLabel.SECTOR else "campaign": name})
        units = self.service.units_on([t.id for t in tasks], role)
        named = [u for u in units if u.org.kind != "group"]
        shown = "、".join(u.org.name for u in named[:8]) + ("等" if len(named) > 8 else "")
        intent = Intent("topic_units", "哪些部门{角色}{专题}",
                        {"topic": name, "topic_kind": label.value, "role": role.value if role else None})
        text = f"“{name}”的 {len(tasks)} 项任务上有 {len(units)} 个单位{_role_text(role)}" + (f"：{shown}" if shown else "")
        return Answer("", True, intent, text, count=len(units), tasks=tasks, units=units,
                      organizations=[u.org for u in units])

    def task_parties(self, subject: str, titled: list[TaskRef], role: Role | None) -> Answer:
        rows = [p for t in titled for p in self.service.task(t.id).parties if role is None or p.role is role]
        intent = Intent("task_parties", "{任务}由谁{角色}", {"task": subject, "resolved": [t.id for t in titled],
                                                         "role": role.value if role else None})
        names = "、".join(dict.fromkeys(r.org.name for r in rows)) or "没有单位"
        return Answer("", True, intent, f"{len(titled)} 项任务“{subject}”：{names}{_role_text(role)}",
                      count=len(rows), rows=rows, tasks=titled,
                      organizations=list({r.org.id: r.org for r in rows}.values()))

    def committee(self, m: re.Match) -> Answer:
        subject = m.group("topic")
        topic = self.topic(subject)
        if topic is None or topic[0] is not NodeLabel.SECTOR:
            raise _Miss(f"不认识行业领域“{subject}”")
        view = self.service.topic(f"sector:{topic[1]}")
        names = "、".join(c.name for c in view.committees) or "没有专委会覆盖"
        intent = Intent("sector_committee", "{行业}归哪个专委会", {"topic": topic[1]})
        return Answer("", True, intent, f"“{topic[1]}”：{names}", count=len(view.committees),
                      organizations=view.committees, tasks=view.tasks)

    def members(self, m: re.Match) -> Answer:
        orgs = self.org_slot(m.group("org"))
        ids = {o.id for o in orgs}
        member_ids = sorted({e.source for e in self.service.store.edges_touching(sorted(ids))
                             if e.type == "MEMBER_OF" and e.target in ids})
        members = sorted((self.service.organization(i) for i in member_ids), key=lambda o: o.id)
        intent = Intent("members", "{单位}下设哪些专委会", {"org": m.group("org"), "resolved": sorted(ids)})
        text = f"{'、'.join(o.name for o in orgs)}下有 {len(members)} 个成员单位"
        return Answer("", True, intent, text, count=len(members), organizations=members)

    def profile(self, m: re.Match) -> Answer:
        orgs = self.org_slot(m.group("org"))
        intent = Intent("org_profile", "{单位}是什么单位", {"org": m.group("org"), "resolved": [o.id for o in orgs]})
        text = "；".join(f"{o.name}（{o.jurisdiction or '未知辖区'}，{o.kind}）" for o in orgs)
        return Answer("", True, intent, text, count=len(orgs), organizations=orgs)

    def jurisdiction_documents(self, m: re.Match) -> Answer:
        try:
            jur = self.service.resolve_jurisdiction(m.group("jur"))
        except ServiceError:
            raise _Miss(f"不认识辖区“{m.group('jur')}”") from None
        docs = self.service.list_documents(jurisdiction=jur)
        intent = Intent("jurisdiction_documents", "{辖区}有哪些文件", {"jurisdiction": jur})
        return Answer("", True, intent, f"{jur}有 {len(docs)} 份文件", count=len(docs), documents=docs)

    def totals(self, m: re.Match) -> Answer:
        what = m.group("what")
        counts = self.service.store.counts().nodes
        label = {"任务": "Task", "文件": "Document", "文档": "Document", "部门": "Organization",
                 "单位": "Organization", "机构": "Organization", "行业": "Sector", "领域": "Sector",
                 "专项行动": "Campaign", "行动": "Campaign", "辖区": "Jurisdiction"}[what]
        n = counts.get(label, 0)
        return Answer("", True, Intent("graph_count", "一共有多少{对象}", {"what": label}), f"图中共有 {n} 个{what}", count=n)


def _t(name: str, form: str, pattern: str, answer) -> _Template:
    return _Template(name, form, re.compile(pattern), answer)


# Order matters: the more specific forms come first; a form whose slots fail lets the next try.
TEMPLATES: tuple[_Template, ...] = (
    _t("graph_count", "一共有多少{对象}",
       r"^(?:图谱?里|库里|系统里|数据里)?(?:一共|总共|共)?有?(?:多少|几)(?:个|项|份|条)?"
       r"(?P<what>任务|文件|文档|部门|单位|机构|行业|领域|专项行动|行动|辖区)$", Asker.totals),
    _t("shared_tasks", "{单位}和{单位}共同{角色}哪些任务",
       rf"^(?P<orgs>.+?)(?:共同|一起|都|同时|均)(?:{VERB})?了?(?:{WHICH}|{COUNT}){TASKS}?(?:有哪些)?$", Asker.shared),
    _t("shared_tasks", "{单位}和{单位}共同{角色}的任务",
       rf"^(?P<orgs>.+?)(?:共同|一起|都|同时|均){VERB}的{TASKS}(?:有哪些|是什么)?$", Asker.shared),
    _t("sector_committee", "{行业}归哪个专委会",
       r"^(?P<topic>.+?)(?:由|归)?哪个(?:专委会|专业委员会)(?:负责|管|分管|牵头|覆盖|管理)?$", Asker.committee),
    _t("sector_committee", "哪个专委会负责{行业}",
       r"^哪个(?:专委会|专业委员会)(?:负责|管|分管|覆盖|管理)(?P<topic>.+)$", Asker.committee),
    _t("members", "{单位}下设哪些专委会",
       r"^(?P<org>.+?)(?:有|下设|包括|包含)(?:哪些|几个|多少个)(?:专委会|专业委员会|成员单位|下属单位)$", Asker.members),
    _t("jurisdiction_documents", "{辖区}有哪些文件",
       r"^(?P<jur>.+?)(?:有|发布了|印发了|出台了)(?:哪些|什么)(?:文件|文档|方案|要点|规划|计划)$", Asker.jurisdiction_documents),
    _t("org_profile", "{单位}是什么单位",
       r"^(?P<org>.+?)(?:是什么|是什么单位|是哪个单位|的全称是什么|全称是什么|的全称|全称)$", Asker.profile),
    _t("topic_units", "哪些部门{角色}{专题}",
       rf"^有?{WHICH}{UNITS}(?:在)?(?:{VERB})?了?(?P<topic>.+?)(?:的)?(?:工作|任务)?$", Asker.topic_units),
    _t("topic_units", "{专题}涉及哪些部门",
       rf"^(?P<topic>.+?)(?:涉及|有|包括|由|需要)(?:{WHICH}|哪几个){UNITS}(?:{VERB})?$", Asker.topic_units),
    _t("topic_units", "谁{角色}{专题}",
       rf"^(?:谁|哪个部门|哪个单位|哪些部门|哪些单位){VERB}(?P<topic>.+)$", Asker.topic_units),
    _t("topic_units", "{专题}由谁{角色}",
       rf"^(?P<topic>.+?)(?:由|归|是)?(?:谁|哪个部门|哪个单位|哪些部门|哪些单位)(?:{VERB})?(?:的)?$", Asker.topic_units),
    _t("org_task_count", "{单位}{角色}几项任务",
       rf"^(?P<org>.+?)(?:{VERB})?了?(?:共|一共|总共)?有?{COUNT}{TASKS}?$", lambda a, m: a.org_tasks(m, True)),
    _t("org_tasks", "{单位}{角色}哪些任务",
       rf"^(?P<org>.+?)(?:{VERB})?了?(?:都|还)?有?{WHICH}{TASKS}?$", Asker.org_tasks),
    _t("org_tasks", "{单位}{角色}的任务",
       rf"^(?P<org>.+?)(?:{VERB})?的{TASKS}(?:有哪些|是什么|都有哪些|有什么|清单)?$", Asker.org_tasks),
    _t("org_tasks", "哪些任务由{单位}{角色}",
       rf"^{WHICH}{TASKS}(?:是)?由(?P<org>.+?){VERB}(?:的)?$", Asker.org_tasks),
)


def ask(service: GraphService, question: str) -> Answer:
    """Answer one question, or say honestly that it was not understood and what could be asked."""
    asker = Asker(service)
    text = normalize(question)
    misses: list[str] = []
    for template in TEMPLATES if text else ():
        m = template.pattern.match(text)
        if not m:
            continue
        try:
            answer = template.answer(asker, m)
        except _Miss as miss:
            misses.append(str(miss))
            continue
        intent = Intent(answer.intent.name, template.form, answer.intent.slots)
        return Answer(**{**answer.__dict__, "question": question, "intent": intent})
    reason = misses[0] if misses else "没有听懂这个问题"
    return Answer(question, False, None, f"{reason}；可以这样问：{EXAMPLES[0]}", suggestions=_suggest(asker, text))


def _suggest(asker: Asker, text: str) -> list[str]:
    """Questions close to what was asked: the units and topics it names, else the examples."""
    found: list[str] = []
    if text:
        topic = asker.topic(text)
        if topic:
            found += [f"哪些部门参与{topic[1]}", f"{topic[1]}有哪些任务"]
        names = {a for o in asker.service.store.organizations() for a in (*o.aliases, o.name)
                 if len(a) >= 3 and a in text}
        for name in sorted(names, key=len, reverse=True)[:2]:
            found += [f"{name}牵头哪些任务", f"{name}负责哪些工作"]
    return list(dict.fromkeys([*found, *EXAMPLES]))[:8]
