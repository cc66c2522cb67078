"""PDF with a text layer, read with pypdf, page by page.

A PDF's text comes out as the printed lines: a sentence — even a responsibility clause — is
cut wherever the line ran out of room, each page carries its number (— 3 —) and often a
running header.  So: drop page numbers and lines that repeat at the top or bottom of most
pages, then re-join every line that reaches the right margin with the line after it (a
printed line that stops short ended its paragraph).  The width of a line is counted in
character cells (a Chinese character is one, a Latin one half), which is what the margin is
measured in for a justified Chinese page.
"""

from __future__ import annotations

import io
import re
from collections import Counter

from ingest.errors import IngestError

MAX_PAGES = 2000
_PAGE_NUMBER = re.compile(
    r"^[-—–－\s]*\d{1,4}[-—–－\s]*$|^第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$|^\d{1,4}\s*/\s*\d{1,4}$"
)
# lines that open a unit of structure: never glued to the line before them
_MARKER = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+[、是]|[（(][一二三四五六七八九十百\d]+[）)]|\d{1,3}\s*[.、．](?!\d)|第[一二三四五六七八九十百\d]+[章节条部分]|附件|专栏)"
)


def read_pdf(data: bytes, source: str) -> str:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise IngestError(source, "not a PDF (no %PDF header)")
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # many "encrypted" PDFs only carry an owner password and open with an empty one
            try:
                ok = reader.decrypt("")
            except Exception:  # noqa: BLE001 - an unsupported cipher is the same answer
                ok = 0
            if not ok:
                raise IngestError(source, "encrypted PDF (a password is needed to read it)")
        if len(reader.pages) > MAX_PAGES:
            raise IngestError(source, f"refused: {len(reader.pages)} pages (the limit is {MAX_PAGES})")
        pages = [_page_lines(page.extract_text() or "") for page in reader.pages]
    except IngestError:
        raise
    except PdfReadError as exc:
        raise IngestError(source, f"damaged or truncated PDF ({exc})") from None
    except Exception as exc:  # noqa: BLE001 - a library failure on a damaged file
        raise IngestError(source, f"cannot read the PDF ({type(exc).__name__}: {exc})") from None
    if not any(any(ch.isalpha() for ch in ln) for page in pages for ln in page):
        raise IngestError(source, "no text layer (an image-only or scanned PDF); OCR is not supported, "
                                  "a text copy of the document is needed")
    return "\n".join(join_printed_lines(strip_running_lines(pages)))


def _page_lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.replace("\r", "\n").split("\n") if ln.strip()]


def strip_running_lines(pages: list[list[str]]) -> list[str]:
    """All lines in reading order, without page numbers and running headers/footers."""
    edge = Counter()
    for page in pages:
        for ln in {*page[:2], *page[-2:]}:
            edge[_digits_out(ln)] += 1
    # a line at the edge of most pages is furniture, not text (needs a few pages to tell)
    running = {ln for ln, n in edge.items() if len(pages) >= 3 and n >= max(3, len(pages) * 0.6)}
    out: list[str] = []
    for page in pages:
        for i, ln in enumerate(page):
            at_edge = i < 2 or i >= len(page) - 2
            if _PAGE_NUMBER.match(ln) or (at_edge and _digits_out(ln) in running):
                continue
            out.append(ln)
    return out


def _digits_out(line: str) -> str:
    return re.sub(r"\d+", "#", line)


def cells(line: str) -> float:
    return sum(0.5 if ord(ch) < 0x2E80 and not ch.isspace() else (0.25 if ch.isspace() else 1.0) for ch in line)


def join_printed_lines(lines: list[str]) -> list[str]:
    if not lines:
        return []
    widths = sorted(cells(ln) for ln in lines)
    # the text width: what the longer lines reach (a high percentile, robust to one odd line)
    full = widths[int(len(widths) * 0.9)] if len(widths) >= 5 else widths[-1]
    out: list[str] = []
    carry = False
    for ln in lines:
        if carry and out and not _MARKER.match(ln):
            out[-1] += ln
        else:
            out.append(ln)
        # a first line indented by two cells still reaches the margin
        carry = cells(ln) >= full - 2.5 and full >= 10
    return out
