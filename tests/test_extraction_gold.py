"""Seeds 000 and 001 scored against the hand-checked gold: the extraction contract."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.export import triples_from_parsed
from graph.model import RelType
from ingest import DocumentParser
from ingest.evaluate import format_report, load_gold, score

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "ingest" / "samples"
SEEDS = {"seed000.json": "000_7c9ea98fe633aa61.txt", "seed001.json": "001_a902ce98f8d38ddd.txt"}


def gold_path(name: str) -> Path:
    """Prefer the copy in tests/fixtures (a clean clone has it); fall back to the shared gold."""
    local = Path(__file__).parent / "fixtures" / "gold" / name
    return local if local.exists() else Path(__file__).resolve().parents[2] / "shared" / "gold" / name


@pytest.fixture(scope="module")
def parser() -> DocumentParser:
    return DocumentParser()


@pytest.fixture(scope="module")
def parsed(parser):
    return {sample: parser.parse_file(SAMPLES / sample) for sample in SEEDS.values()}


@pytest.fixture(scope="module")
def report(parsed):
    triples = [t for p in parsed.values() for t in triples_from_parsed(p)]
    return score(triples, [load_gold(gold_path(g)) for g in SEEDS])


def test_extraction_all_mentions(report) -> None:
    assert report.all.precision >= 0.98, format_report(report)
    assert report.all.recall >= 0.98, format_report(report)


def test_extraction_named_units(report) -> None:
    assert report.named.precision >= 0.98, format_report(report)
    assert report.named.recall >= 0.98, format_report(report)


def test_resolution(report) -> None:
    assert report.resolution >= 0.98, format_report(report)


@pytest.mark.parametrize(("sample", "campaign", "numbers"), [
    ("000_7c9ea98fe633aa61.txt", "减量控大", {"8", "12"}),
    ("001_a902ce98f8d38ddd.txt", "减量控大", {"11", "16"}),
    ("000_7c9ea98fe633aa61.txt", "十有两禁", {"14"}),
    ("001_a902ce98f8d38ddd.txt", "十有两禁", {"17"}),
])
def test_campaign_links(parsed, sample, campaign, numbers) -> None:
    doc = parsed[sample]
    number = {t.id: t.number for t in doc.tasks}
    linked = {number[link.source] for link in doc.links
              if link.type is RelType.PART_OF and link.target == f"campaign:{campaign}"}
    assert linked == numbers


def test_spans_point_at_mentions(parsed) -> None:
    for doc in parsed.values():
        for r in doc.responsibilities:
            written = "".join(ch for ch in doc.text[r.span[0]:r.span[1]] if ch not in "“”")
            assert written == r.mention
            assert r.evidence in doc.text


def test_document_metadata(parsed) -> None:
    d = parsed["000_7c9ea98fe633aa61.txt"].document
    assert (d.title, d.jurisdiction, d.issuer, d.issued_on, d.period, d.kind) == (
        "九江市2023年安全生产工作要点", "九江市", "九江市安全生产委员会", "2023-03-03", "2023", "工作要点")


def test_committee_variants_merge(parsed) -> None:
    orgs = {o.name: o for o in parsed["000_7c9ea98fe633aa61.txt"].organizations}
    committee = orgs["九江市安全生产委员会危险物品安全专业委员会"]
    assert set(committee.aliases) == {"市安委会危险物品安全专业委员会", "市安委会危险物品专业委员会"}
    assert committee.standard == "安全生产委员会危险物品专业委员会"


@pytest.mark.parametrize("sample", ["002_636c437578187cad.txt", "003_8b9bf24b1583bfbc.txt", "004_42eaab1c58dfd0e1.txt"])
def test_other_samples_parse(parser, sample) -> None:
    doc = parser.parse_file(SAMPLES / sample)
    assert doc.tasks and doc.document.title


def test_query_helpers(parser) -> None:
    r = parser.resolver
    assert r.query_key("市应急局") == r.query_key("应急管理局") == r.query_key("九江市应急管理局") == "应急管理局"
    assert r.query_key("市市监局") == "市场监督管理局"
    assert r.split_jurisdiction("九江市应急管理局") == ("九江市", "应急管理局")
    assert r.normalize_jurisdiction("九江", ["九江市", "宜春市"]) == "九江市"
