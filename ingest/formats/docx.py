"""Word .docx: body paragraphs and tables in document order, read with python-docx.

A .docx is a zip, so it is checked as one before python-docx opens it: a truncated download,
a password-protected file (an OLE container, not a zip) and a zip bomb each get their own
message instead of a library traceback or an exhausted machine.  Word's automatic list
numbers are not part of a paragraph's text; they are rebuilt from numbering.xml so that an
auto-numbered task list reads like a typed one.
"""

from __future__ import annotations

import io
import zipfile

from ingest.errors import IngestError
from ingest.formats.numbering import ListNumbering
from ingest.formats.tables import table_lines

# What a .docx may unpack to: text-only plans unpack to a few MB; images can add tens.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 5000
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_zip(data: bytes, source: str) -> None:
    if data.startswith(_OLE):
        raise IngestError(source, "password-protected .docx or an old Word .doc renamed to .docx; "
                                  "save it as an unprotected .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise IngestError(source, f"refused: the .docx holds {len(infos)} parts (a zip bomb?)")
            if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
                raise IngestError(source, f"refused: the .docx would unpack to more than "
                                          f"{MAX_UNPACKED_BYTES // 2**20} MB (a zip bomb?)")
            if "word/document.xml" not in zf.namelist():
                raise IngestError(source, "not a Word document (a zip without word/document.xml)")
    except zipfile.BadZipFile:
        raise IngestError(source, "not a valid .docx (truncated or corrupt zip)") from None


def read_docx(data: bytes, source: str) -> str:
    check_zip(data, source)
    try:
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(data))
        numbering = ListNumbering.of(document)
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines += table_lines(_rows(block))
            else:
                text = block.text
                if text.strip():
                    lines.append(numbering.prefix(block, text) + text)
    except IngestError:
        raise
    except Exception as exc:  # noqa: BLE001 - any library failure on a damaged part is "damaged"
        raise IngestError(source, f"cannot read the .docx ({type(exc).__name__}: {exc})") from None
    return "\n".join(lines)


def _rows(table) -> list[list[str]]:
    rows = []
    for row in table.rows:
        cells, last = [], None
        for cell in row.cells:
            # a horizontally merged cell is returned once per grid column: keep it once
            if last is not None and cell._tc is last:
                continue
            last = cell._tc
            cells.append(cell.text)
        rows.append(cells)
    return rows
