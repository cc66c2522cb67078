"""Decoding and bad input: every failure is one IngestError line naming the file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.export import triples_from_parsed
from ingest import DocumentParser, IngestError

SEED = Path(__file__).resolve().parents[1] / "ingest" / "samples" / "000_7c9ea98fe633aa61.txt"


@pytest.fixture(scope="module")
def parser() -> DocumentParser:
    return DocumentParser()


def _comparable(parsed):
    return ([(t.number, t.title) for t in parsed.tasks],
            [(t["task"], t["mention"], t["org"], t["role"]) for t in triples_from_parsed(parsed)],
            parsed.text)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_encodings_parse_identically(parser, tmp_path, encoding) -> None:
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / f"seed_{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    assert _comparable(parser.parse_file(path)) == _comparable(parser.parse_file(SEED))


def test_crlf_line_endings(parser, tmp_path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(SEED.read_bytes().replace(b"\n", b"\r\n"))
    assert _comparable(parser.parse_file(path)) == _comparable(parser.parse_file(SEED))


def test_extensionless_text(parser, tmp_path) -> None:
    path = tmp_path / "plan"
    path.write_bytes(SEED.read_bytes())
    assert len(parser.parse_file(path).tasks) == 36


def test_document_without_tasks_is_fine(parser, tmp_path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text("关于做好安全生产工作的通知\n各单位:请认真做好安全生产工作。\n", encoding="utf-8")
    assert parser.parse_file(path).tasks == []


def _bad(tmp_path: Path, name: str, data: bytes | None) -> Path:
    path = tmp_path / name
    if data is None:
        path.mkdir()
    else:
        path.write_bytes(data)
    return path


@pytest.mark.parametrize(("name", "data", "phrase"), [
    ("empty.txt", b"", "empty"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    ("blank.txt", b"  \n\n\t  \n", "no recognisable text"),
    ("symbols.txt", b"---- **** 1234 ////\n", "no recognisable text"),
    ("chrome.txt", "关闭\n打印\n浏览次数:\n".encode(), "no recognisable text"),
    ("a_dir", None, "directory"),
    ("report.docx", b"PK\x03\x04 not really", "not a valid .docx"),
    ("scan.pdf", b"%PDF-1.7", "PDF"),
    ("old.doc", b"\xd0\xcf\x11\xe0", "unsupported format .doc"),
    ("sheet.xlsx", b"PK\x03\x04", "unsupported format .xlsx"),
])
def test_bad_input_is_one_line_naming_the_file(parser, tmp_path, name, data, phrase) -> None:
    path = _bad(tmp_path, name, data)
    with pytest.raises(IngestError) as info:
        parser.parse_file(path)
    message = str(info.value)
    assert message.startswith(f"{name}: ")
    assert phrase in message
    assert "\n" not in message
    assert info.value.source == os.fspath(path)


def test_missing_file(parser, tmp_path) -> None:
    with pytest.raises(IngestError, match=r"^nope\.txt: no such file$"):
        parser.parse_file(tmp_path / "nope.txt")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file(parser, tmp_path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("九江市2023年安全生产工作要点", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(IngestError, match="permission denied"):
        parser.parse_file(path)


def test_undecodable_bytes(parser, tmp_path) -> None:
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(128, 256)) * 4)
    with pytest.raises(IngestError) as info:
        parser.parse_file(path)
    assert str(info.value).startswith("garbage.txt: ")


def test_parse_bytes_names_the_source(parser) -> None:
    with pytest.raises(IngestError, match=r"^upload\.txt: the file is empty$"):
        parser.parse_bytes(b"", "upload.txt")
