"""Reading a file into text: one reader per suffix, decoding detected rather than guessed.

Every format is a ``(bytes, source) -> str`` reader registered in ``READERS``; the readers of
.docx/.pdf/.html live in ``ingest.formats`` and import their libraries only when first used.
Each reader returns plain lines in the shape of a web copy (one paragraph or table cell a
line), so the rest of the pipeline never knows which format a document came in.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable
from pathlib import Path

from ingest.errors import IngestError

Reader = Callable[[bytes, str], str]

# Files larger than this are refused before a byte is read: a real plan is well under 1 MB of
# text (a scanned-and-OCRed one under 10 MB), so anything bigger is a mistake or an attack,
# and reading it whole would put the batch's memory at the mercy of one file.
MAX_FILE_BYTES = 20 * 1024 * 1024
# Formats that pack images and fonts next to the text are allowed to be larger on disk.
MAX_PACKED_BYTES = {".docx": 50 * 1024 * 1024, ".pdf": 50 * 1024 * 1024}


def size_limit(source: str) -> int:
    return MAX_PACKED_BYTES.get(Path(source).suffix.lower(), MAX_FILE_BYTES)


def check_size(size: int, source: str) -> None:
    limit = size_limit(source)
    if size > limit:
        raise IngestError(source, f"file too large ({size / 2**20:.1f} MB; the limit is {limit // 2**20} MB)")


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes, or an IngestError that says why not (never an OSError traceback)."""
    p = Path(path)
    try:
        if p.is_dir():
            raise IngestError(p, "is a directory, expected a file")
        with p.open("rb") as fh:
            check_size(os.fstat(fh.fileno()).st_size, os.fspath(p))
            # read at most one byte past the limit: a file growing while we read stays bounded
            data = fh.read(size_limit(os.fspath(p)) + 1)
        check_size(len(data), os.fspath(p))
        return data
    except IngestError:
        raise
    except FileNotFoundError:
        raise IngestError(p, "no such file") from None
    except PermissionError:
        raise IngestError(p, "cannot read the file: permission denied") from None
    except IsADirectoryError:
        raise IngestError(p, "is a directory, expected a file") from None
    except OSError as exc:
        raise IngestError(p, f"cannot read the file: {exc.strerror or exc}") from None


def decode_text(data: bytes, source: str) -> str:
    """Decode plain-text bytes: BOM, then strict UTF-8, then strict GB18030, then detection.

    Strict attempts come first because a wrong "best guess" silently garbles every org name;
    charset-normalizer is only asked when neither strict decoding works.
    """
    if not data:
        raise IngestError(source, "the file is empty")
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return _check_text(data[len(bom):].decode(codec), source)
            except UnicodeDecodeError:
                raise IngestError(source, f"cannot decode the file as {codec} despite its byte-order mark") from None
    if b"\x00" in data:
        raise IngestError(source, "looks like a binary file (contains NUL bytes), expected text")
    for codec in ("utf-8", "gb18030"):
        try:
            return _check_text(data.decode(codec), source)
        except UnicodeDecodeError:
            continue
    try:
        from charset_normalizer import from_bytes  # only needed for the rare odd encoding

        best = from_bytes(data).best()
    except Exception:  # noqa: BLE001 - detection failing is just "undecodable"
        best = None
    if best is not None:
        return _check_text(str(best), source)
    raise IngestError(source, "cannot decode the file as text (tried UTF-8, GB18030 and detection)")


def _check_text(text: str, source: str) -> str:
    text = normalise_newlines(text)
    if not text.strip():
        raise IngestError(source, "no recognisable text (the file is blank)")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\t\f\v")
    if controls > max(8, len(text) // 50):
        raise IngestError(source, "looks like a binary file (control characters), expected text")
    if not any(ch.isalpha() for ch in text):
        raise IngestError(source, "no recognisable text (no letters or characters)")
    return text


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")


def read_txt(data: bytes, source: str) -> str:
    return decode_text(data, source)


def read_docx(data: bytes, source: str) -> str:
    from ingest.formats.docx import read_docx as read

    return read(data, source)


def read_pdf(data: bytes, source: str) -> str:
    from ingest.formats.pdf import read_pdf as read

    return read(data, source)


def read_html(data: bytes, source: str) -> str:
    from ingest.formats.html import read_html as read

    return read(data, source)


# The one place a format is registered: suffix (lower case, "" = no extension) -> reader.
READERS: dict[str, Reader] = {
    ".txt": read_txt, "": read_txt, ".docx": read_docx, ".pdf": read_pdf, ".html": read_html, ".htm": read_html,
}
# Formats users bring that have no reader, with what to do instead (a better message than "unsupported").
_ADVICE = {
    ".doc": "save it as .docx", ".wps": "save it as .docx", ".rtf": "save it as .docx", ".odt": "save it as .docx",
    ".xls": "save the sheet as .docx or .txt", ".xlsx": "save the sheet as .docx or .txt",
    ".zip": "unpack it first", ".rar": "unpack it first", ".7z": "unpack it first",
    ".jpg": "no OCR: a text copy is needed", ".png": "no OCR: a text copy is needed",
}


def reader_for(source: str) -> Reader:
    suffix = Path(source).suffix.lower()
    # "2023.3" style names have no real extension; treat digits-only suffixes as none
    if suffix[1:].isdigit():
        suffix = ""
    reader = READERS.get(suffix)
    if reader is None:
        supported = ", ".join(s for s in READERS if s)
        label = suffix or "(none)"
        advice = f"; {_ADVICE[suffix]}" if suffix in _ADVICE else ""
        raise IngestError(source, f"unsupported format {label} (supported: {supported}){advice}")
    return reader


def load_text(data: bytes, source: str) -> str:
    """Text of a file's bytes, chosen by the source name's suffix."""
    reader = reader_for(source)
    check_size(len(data), source)
    if not data:
        raise IngestError(source, "the file is empty")
    return reader(data, source)
