"""Bad input in every format: one IngestError line naming the file, bounded memory, the batch goes on."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from ingest import DocumentParser, IngestError
from ingest.load import MAX_FILE_BYTES

SEED = Path(__file__).resolve().parents[1] / "ingest" / "samples" / "000_7c9ea98fe633aa61.txt"


@pytest.fixture(scope="module")
def parser() -> DocumentParser:
    return DocumentParser()


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _pdf(draw) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def _image_only(c) -> None:
    c.setFillGray(0.5)
    c.rect(72, 400, 300, 300, fill=1)


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

    def draw(c):
        c.setFont("STSong-Light", 12)
        c.drawString(72, 700, "1.压实责任。(市应急局负责)")

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf(draw))))
    writer.encrypt(user_password="secret", owner_password="owner")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _many_members() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
        for i in range(5001):
            zf.writestr(f"d/{i}/x.xml", "")
    return buf.getvalue()


CASES = [
    ("empty.docx", lambda: b"", "the file is empty"),
    ("empty.pdf", lambda: b"", "the file is empty"),
    ("empty.html", lambda: b"", "the file is empty"),
    ("truncated.docx", lambda: _docx(SEED.read_text(encoding="utf-8"))[:3000], "truncated or corrupt"),
    ("protected.docx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "password-protected"),
    ("not_word.docx", lambda: _zip({"hello.txt": "hi"}), "not a Word document"),
    ("bomb.docx", _many_members, "zip bomb"),
    ("scan.pdf", lambda: _pdf(_image_only), "no text layer"),
    ("locked.pdf", _encrypted_pdf, "encrypted PDF"),
    ("fake.pdf", lambda: b"hello, I am not a pdf", "not a PDF"),
    ("binary.html", lambda: b"\x00\x01\x02" * 100, "binary"),
    ("nav_only.html", lambda: "<html><body><nav><a href='/'>首页</a></nav><script>x()</script></body></html>".encode(),
     "no article text"),
]


def _zip(members: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(("name", "make", "phrase"), CASES, ids=[c[0] for c in CASES])
def test_bad_file_gets_one_clear_line(parser, tmp_path, name, make, phrase) -> None:
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(IngestError) as info:
        parser.parse_file(path)
    message = str(info.value)
    assert message.startswith(f"{name}: ") and "\n" not in message
    assert phrase in message, message


def test_unpacked_size_limit(parser, tmp_path, monkeypatch) -> None:
    import ingest.formats.docx as reader

    monkeypatch.setattr(reader, "MAX_UNPACKED_BYTES", 1000)
    path = tmp_path / "big.docx"
    path.write_bytes(_docx("九江市2023年安全生产工作要点\n" * 200))
    with pytest.raises(IngestError, match="zip bomb"):
        parser.parse_file(path)


def test_huge_text_file_is_refused_without_reading_it(parser, tmp_path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # a sparse 50 MB file: costs no disk and no time
        fh.truncate(50 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(IngestError, match=r"^huge\.txt: file too large \(50\.0 MB; the limit is 20 MB\)$"):
            parser.parse_file(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024


def test_parse_bytes_is_limited_too(parser) -> None:
    with pytest.raises(IngestError, match="file too large"):
        parser.parse_bytes(b"a" * (MAX_FILE_BYTES + 1), "upload.txt")


def test_truncated_pdf_is_an_ingest_error_or_a_partial_read(parser, tmp_path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

    def draw(c):
        c.setFont("STSong-Light", 12)
        for i in range(30):
            c.drawString(72, 800 - 20 * i, f"{i + 1}.加强安全生产工作。(市应急局负责)")

    path = tmp_path / "cut.pdf"
    path.write_bytes(_pdf(draw)[:700])
    try:
        parser.parse_file(path)
    except IngestError as err:
        assert str(err).startswith("cut.pdf: ")


def test_a_batch_goes_on_past_bad_files(parser, tmp_path) -> None:
    good = tmp_path / "good.txt"
    good.write_bytes(SEED.read_bytes())
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "scan.pdf").write_bytes(_pdf(_image_only))
    (tmp_path / "notes.txt").write_text("会议纪要\n大家讨论了安全生产。\n", encoding="utf-8")
    parsed, failed = [], []
    for path in sorted(tmp_path.iterdir()):
        try:
            parsed.append(parser.parse_file(path))
        except IngestError as err:
            failed.append(str(err))
    assert sorted(p.document.source for p in parsed) == ["good.txt", "notes.txt"]
    assert len(failed) == 2
    assert next(p for p in parsed if p.document.source == "notes.txt").tasks == []


def test_supported_suffixes_come_from_the_readers(parser) -> None:
    assert {".txt", ".docx", ".pdf", ".html", ".htm"} <= parser.supported_suffixes
