"""Layouts beyond the bracket-style seeds: 002–004 against our own gold, and small genre documents.

002 is a 十四五 plan (nested 一、/（一）/1、 numbering restarting in every section, indicator box
专栏1, sector task box 专栏2), 003 a provincial work report (一是…三是…, 二是 missing, written as
我厅), 004 a county plan copied out of a PDF viewer (broken lines, site junk, a duplicated
summary).  Their gold lives in tests/fixtures/gold/seed00N.json.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.export import triples_from_parsed
from graph.model import RelType
from ingest import DocumentParser
from ingest.layout_score import format_layout, layout_report

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "ingest" / "samples"
GOLD = Path(__file__).parent / "fixtures" / "gold"
LAYOUTS = {
    "002_636c437578187cad.txt": "seed002.json",
    "003_8b9bf24b1583bfbc.txt": "seed003.json",
    "004_42eaab1c58dfd0e1.txt": "seed004.json",
}


@pytest.fixture(scope="module")
def parser() -> DocumentParser:
    return DocumentParser()


@pytest.fixture(scope="module")
def reports(parser):
    out = {}
    for sample, gold in LAYOUTS.items():
        parsed = parser.parse_file(SAMPLES / sample)
        out[sample] = (parsed, layout_report(parsed, json.loads((GOLD / gold).read_text(encoding="utf-8"))))
    return out


@pytest.mark.parametrize("sample", sorted(LAYOUTS))
def test_tasks_found_once_each(reports, sample) -> None:
    parsed, report = reports[sample]
    assert report["tasks"].precision == 1.0 and report["tasks"].recall == 1.0, format_layout(report)
    assert report["titles"] >= 0.95, format_layout(report)
    numbers = [t.number for t in parsed.tasks]
    assert len(numbers) == len(set(numbers))


@pytest.mark.parametrize("sample", sorted(LAYOUTS))
def test_document_facts(reports, sample) -> None:
    _, report = reports[sample]
    assert report["issuer"] and report["jurisdiction"] and report["title"], format_layout(report)


@pytest.mark.parametrize(("sample", "min_recall"), [
    ("002_636c437578187cad.txt", 0.9), ("003_8b9bf24b1583bfbc.txt", 0.3), ("004_42eaab1c58dfd0e1.txt", 0.5)])
def test_sectors_and_campaigns(reports, sample, min_recall) -> None:
    _, report = reports[sample]
    assert report["sectors"].precision >= 0.5 and report["sectors"].recall >= min_recall, format_layout(report)
    assert report["campaigns"].precision >= 0.9 and report["campaigns"].recall >= 0.9, format_layout(report)


@pytest.mark.parametrize("sample", sorted(LAYOUTS))
def test_targets_and_deadlines(reports, sample) -> None:
    _, report = reports[sample]
    assert report["targets"].precision >= 0.9 and report["targets"].recall >= 0.9, format_layout(report)
    assert report["deadlines"].recall >= 0.9, format_layout(report)


def test_002_indicator_box(reports) -> None:
    parsed, _ = reports["002_636c437578187cad.txt"]
    by_indicator = {t.indicator: t for t in parsed.targets}
    first = by_indicator["生产安全事故起数"]
    assert (first.value, first.deadline, first.category) == ("下降15%", "2025", "安全生产")
    assert by_indicator["重特大生产安全事故起数(死亡人数)"].value == "0"


def test_002_principles_and_goals_are_no_tasks(reports) -> None:
    parsed, _ = reports["002_636c437578187cad.txt"]
    titles = {t.title for t in parsed.tasks}
    assert "改革引领,创新驱动" not in titles and "总体目标" not in titles


def test_002_box_rows_concern_their_sector(reports) -> None:
    parsed, _ = reports["002_636c437578187cad.txt"]
    number = {t.id: t.number for t in parsed.tasks}
    concerns = {(number[l.source], l.target) for l in parsed.links if l.type is RelType.CONCERNS}
    assert ("专栏2-2", "sector:消防") in concerns and ("专栏2-6", "sector:特种设备") in concerns


def test_003_report_without_item_two(reports) -> None:
    parsed, _ = reports["003_8b9bf24b1583bfbc.txt"]
    assert [t.number for t in parsed.tasks] == ["一", "三", "四", "五", "六"]
    assert parsed.document.issuer == "江苏省应急管理厅"


def test_004_viewer_junk_and_summary_are_gone(reports) -> None:
    parsed, _ = reports["004_42eaab1c58dfd0e1.txt"]
    for junk in ("VIP专免", "999+", "39.33KB", "侵权投诉", "展开>>", "收起<<"):
        assert junk not in parsed.text
    assert parsed.text.count("实施城市安全数字赋能行动") == 1
    task = next(t for t in parsed.tasks if t.number == "1")
    assert "推动建立县应急管理综合信息系统" in task.text  # a word split over lines is whole again


# ---- small documents of the genre -------------------------------------------------------------

def parse_text(parser, text: str, name: str = "plan.txt"):
    return parser.parse_bytes(text.encode("utf-8"), name)


def triples(parsed) -> list[tuple]:
    return [(str(t["task"]), t["mention"], t["role"]) for t in triples_from_parsed(parsed)]


def test_paren_chinese_numbered_tasks_with_clauses(parser) -> None:
    doc = parse_text(parser, "赣州市章贡区2023年安全生产工作要点\n一、压实安全责任\n"
                             "（一）压实党政领导责任。严格落实党政同责。（区安委办牵头，各街道落实）\n"
                             "（二）压实部门监管责任。落实三管三必须。（区应急局会同区直有关部门分工负责）\n")
    assert triples(doc) == [("(一)", "区安委办", "lead"), ("(一)", "各街道", "implement"),
                            ("(二)", "区应急局", "lead"), ("(二)", "区直有关部门", "cooperate")]
    assert doc.document.jurisdiction == "章贡区"
    orgs = {o.name for o in doc.organizations}
    assert "章贡区安全生产委员会办公室" in orgs


def test_label_lines_after_the_task(parser) -> None:
    doc = parse_text(parser, "某县2023年安全生产工作要点\n1.开展燃气安全专项整治。全面排查餐饮场所燃气隐患。\n"
                             "牵头单位：县住建局\n配合单位：县市场监管局、县消防救援大队\n完成时限：2023年6月底前\n"
                             "2.开展道路交通安全整治。严厉打击三超一疲劳。\n责任单位：县公安局交警大队\n")
    assert triples(doc) == [("1", "县住建局", "lead"), ("1", "县市场监管局", "cooperate"),
                            ("1", "县消防救援大队", "cooperate"), ("2", "县公安局交警大队", "responsible")]
    assert doc.tasks[0].deadline == "2023年6月底前"


def test_township_plan(parser) -> None:
    doc = parse_text(parser, "修水县何市镇2023年安全生产工作要点\n1.加强隐患排查。每季度开展一次排查。(镇应急办牵头,各村(社区)落实)\n")
    assert doc.document.jurisdiction == "何市镇"
    level = {j.name: j.level for j in doc.jurisdictions}
    assert level == {"修水县": "county", "何市镇": "township"}
    assert "何市镇应急办" in {o.name for o in doc.organizations}
    assert doc.tasks[0].deadline == "每季度"


def test_letterhead_and_cover_reporting(parser) -> None:
    doc = parse_text(parser, "武宁县安全生产委员会文件\n武安委字〔2023〕3号\n关于印发武宁县2023年安全生产工作要点的通知\n"
                             "各乡镇人民政府,县安委会各成员单位:\n现将《武宁县2023年安全生产工作要点》印发给你们。"
                             "各乡镇、各有关部门请于每季度末将工作进展情况报送县安委办。\n"
                             "武宁县2023年安全生产工作要点\n1.压实责任。落实责任制。(县应急局牵头,各乡镇落实)\n")
    assert doc.document.issuer == "武宁县安全生产委员会"
    assert doc.document.title == "武宁县2023年安全生产工作要点"
    duties = {(d.mention, d.recipient, d.deadline) for d in doc.reporting}
    assert duties == {("各乡镇", "org:武宁县安全生产委员会办公室", "每季度末"),
                      ("各有关部门", "org:武宁县安全生产委员会办公室", "每季度末")}
    assert triples(doc) == [("1", "县应急局", "lead"), ("1", "各乡镇", "implement")]


def test_narrative_first_second(parser) -> None:
    doc = parse_text(parser, "某市应急管理局2023年工作总结\n第一，强化责任落实。全年开展督导12次。\n第二，深化专项整治。排查隐患300处。\n")
    assert [(t.number, t.title) for t in doc.tasks] == [("一", "强化责任落实"), ("二", "深化专项整治")]


def test_sub_items_keep_the_clause_with_their_task(parser) -> None:
    doc = parse_text(parser, "某区2023年安全生产工作要点\n1.开展专项整治。重点做好以下工作:\n(1)整治燃气。\n(2)整治消防。\n"
                             "(区应急局牵头,区住建局配合)\n2.加强培训。开展培训。(区人社局负责)\n")
    assert [t.number for t in doc.tasks] == ["1", "2"]
    assert triples(doc)[:2] == [("1", "区应急局", "lead"), ("1", "区住建局", "cooperate")]


def test_docx_task_table_roles_from_column_headers(parser, tmp_path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("某县2023年安全生产重点工作任务分工方案")
    table = document.add_table(rows=1, cols=7)
    for cell, head in zip(table.rows[0].cells, ("序号", "重点任务", "工作内容", "牵头单位", "责任单位", "配合单位", "完成时限")):
        cell.text = head
    for row in (("1", "燃气安全整治", "排查餐饮场所燃气隐患", "县住建局", "各乡镇", "县市场监管局\n县消防救援大队", "2023年6月底前"),
                ("2", "道路交通整治", "打击三超一疲劳", "县公安局", "", "县交通运输局", "长期坚持")):
        for cell, value in zip(table.add_row().cells, row):
            cell.text = value
    path = tmp_path / "分工.docx"
    document.save(path)
    doc = parser.parse_file(path)
    assert triples(doc) == [("1", "县住建局", "lead"), ("1", "各乡镇", "responsible"), ("1", "县市场监管局", "cooperate"),
                            ("1", "县消防救援大队", "cooperate"), ("2", "县公安局", "lead"), ("2", "县交通运输局", "cooperate")]
    assert [t.deadline for t in doc.tasks] == ["2023年6月底前", "长期坚持"]
    assert [t.title for t in doc.tasks] == ["燃气安全整治", "道路交通整治"]


def test_docx_word_list_numbers(parser, tmp_path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("某区2023年安全生产工作要点")
    for text in ("压实责任。落实责任制。(区应急局牵头)", "深化整治。开展整治。(区住建局负责)"):
        document.add_paragraph(text, style="List Number")
    path = tmp_path / "auto.docx"
    document.save(path)
    doc = parser.parse_file(path)
    assert [(t.number, t.title) for t in doc.tasks] == [("1", "压实责任"), ("2", "深化整治")]


def test_html_table_of_tasks(parser) -> None:
    page = ("<html><body><div class='nav'><a href='/'>首页</a></div><div class='article'><h1>某市2023年安全生产工作要点</h1>"
            "<table><tr><td>序号</td><td>工作任务</td><td>责任单位</td></tr>"
            "<tr><td>1</td><td>开展燃气安全整治</td><td>市住建局牵头，各县（市、区）政府落实</td></tr>"
            "<tr><td>2</td><td>开展消防安全整治</td><td>市消防救援支队</td></tr></table></div></body></html>")
    doc = parser.parse_bytes(page.encode("utf-8"), "plan.html")
    assert triples(doc) == [("1", "市住建局", "lead"), ("1", "各县（市、区）政府", "implement"),
                            ("2", "市消防救援支队", "responsible")]
