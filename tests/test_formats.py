"""One document, every format: the seeds as .docx, .pdf, .html (and GBK) yield the same triples.

The converted copies are written by tests/fixtures/formats/convert.py the way users' copies
look: a .pdf printed with hard line breaks, a running header and page numbers; an .html page
wrapped in navigation, tool rows, scripts and a footer; a .docx with paragraphs, or with the
tasks in a 任务分工 table.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from graph.export import triples_from_parsed
from ingest import DocumentParser
from ingest.evaluate import load_gold, score

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "ingest" / "samples"
GOLD = Path(__file__).parent / "fixtures" / "gold"
SEEDS = {"000_7c9ea98fe633aa61.txt": "seed000.json", "001_a902ce98f8d38ddd.txt": "seed001.json"}

_spec = importlib.util.spec_from_file_location("convert", Path(__file__).parent / "fixtures" / "formats" / "convert.py")
convert = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(convert)

FORMATS = {
    "docx": lambda text, d: convert.to_docx(text, d / "plan.docx"),
    "docx-table": lambda text, d: convert.to_docx_table(text, d / "plan.docx"),
    "pdf": lambda text, d: convert.to_pdf(text, d / "plan.pdf"),
    "html": lambda text, d: convert.to_html(text, d / "plan.html"),
    "html-gbk": lambda text, d: convert.to_html(text, d / "plan.htm", encoding="gbk"),
    "txt-gb18030-crlf": lambda text, d: _write(d / "plan.txt", text.replace("\n", "\r\n").encode("gb18030")),
    "txt-utf8-bom": lambda text, d: _write(d / "plan.txt", b"\xef\xbb\xbf" + text.encode("utf-8")),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def parser() -> DocumentParser:
    return DocumentParser()


def comparable(parsed) -> list[tuple]:
    return sorted((str(t["task"]), t["task_title"], t["mention"], t["org"], t["role"], t["evidence"])
                  for t in triples_from_parsed(parsed))


def metadata(parsed) -> tuple:
    d = parsed.document
    return d.title, d.jurisdiction, d.issuer, d.period, d.kind, [(t.number, t.title) for t in parsed.tasks]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("sample", sorted(SEEDS))
def test_same_triples_in_every_format(parser, tmp_path, sample, fmt) -> None:
    source = SAMPLES / sample
    expected = parser.parse_file(source)
    copy = FORMATS[fmt](source.read_text(encoding="utf-8"), tmp_path)
    got = parser.parse_file(copy)
    assert comparable(got) == comparable(expected)
    assert metadata(got) == metadata(expected)


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
@pytest.mark.parametrize("sample", sorted(SEEDS))
def test_converted_seeds_score_like_the_gold(parser, tmp_path, sample, fmt) -> None:
    copy = FORMATS[fmt]((SAMPLES / sample).read_text(encoding="utf-8"), tmp_path)
    triples = [dict(t, document=sample) for t in triples_from_parsed(parser.parse_file(copy))]
    report = score(triples, [load_gold(GOLD / SEEDS[sample])])
    assert report.all.precision >= 0.98 and report.all.recall >= 0.98
    assert report.resolution >= 0.98


def test_spans_point_into_the_text_of_every_format(parser, tmp_path) -> None:
    text = (SAMPLES / "000_7c9ea98fe633aa61.txt").read_text(encoding="utf-8")
    for fmt in ("docx", "pdf", "html"):
        parsed = parser.parse_file(FORMATS[fmt](text, tmp_path))
        for r in parsed.responsibilities:
            assert "".join(ch for ch in parsed.text[r.span[0]:r.span[1]] if ch not in "“”") == r.mention


def test_pdf_drops_page_furniture_and_rejoins_lines(parser, tmp_path) -> None:
    text = (SAMPLES / "000_7c9ea98fe633aa61.txt").read_text(encoding="utf-8")
    parsed = parser.parse_file(convert.to_pdf(text, tmp_path / "plan.pdf", header="九江市安全生产委员会文件"))
    assert "— 2 —" not in parsed.text and "— 3 —" not in parsed.text
    assert parsed.text.count("九江市安全生产委员会文件") <= 1
    task = next(t for t in parsed.tasks if t.number == "4")
    assert task.title == "压实党政领导责任"


def test_html_keeps_the_article_and_drops_the_page(parser, tmp_path) -> None:
    text = (SAMPLES / "000_7c9ea98fe633aa61.txt").read_text(encoding="utf-8")
    parsed = parser.parse_file(convert.to_html(text, tmp_path / "plan.html"))
    lines = parsed.text.split("\n")
    for chrome in ("首页", "政务公开", "字体", "浏览次数", "ICP备案号", "相关链接", "_hmt", "当前位置"):
        assert chrome not in parsed.text, chrome
    assert "打印" not in lines and "关闭" not in lines
    assert lines[0] == "关于印发九江市2023年安全生产工作要点的通知"
