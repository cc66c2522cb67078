"""Saved web pages: the article body, without navigation, scripts and page chrome.

Government sites wrap a plan in menus, breadcrumbs, share bars, "字体 大 中 小 / 打印 / 关闭"
tool rows and footers.  The body is found the way reader views do it: every paragraph-like
block scores its text (Chinese punctuation counts, link text does not) for its parent and,
half, its grandparent; the best-scoring element is the article.  Its text is written one
block (paragraph, heading, table cell, list item, <br> line) a line, the shape of a plain
copy; the remaining chrome lines (发布时间, 浏览次数 …) go in clean.py with the other junk.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ingest.errors import IngestError
from ingest.formats.tables import table_lines

_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "select",
              "button", "input", "textarea", "svg", "canvas", "object", "embed", "template", "head")
# class/id words of page furniture (whole-word-ish match on the attribute values)
_FURNITURE = re.compile(
    r"(^|[-_\s])(nav|navbar|menu|footer|foot|header|head|breadcrumb|crumbs?|share|toolbar|tools?|sidebar|side|"
    r"banner|copyright|links?|friend-?links?|search|login|pager|pagination|print|fontsize|font-size|related|"
    r"comment|ad|ads|advert|qrcode|weixin|wechat|topbar|bottom|location|position|position-bar)([-_\s]|$)", re.I)
_BLOCKS = {"p", "div", "td", "th", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article",
           "blockquote", "pre", "dd", "dt", "ul", "ol", "center", "main", "font-block"}
_PARTS = {"tr", "td", "th", "tbody", "thead", "tfoot", "table", "li", "ul", "ol", "p", "span", "font", "pre"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def decode_html(data: bytes, source: str) -> str:
    """Declared charset first (gb2312/gbk pages are read as their superset gb18030), else detected."""
    from ingest.load import decode_text

    m = _CHARSET.search(data[:4096])
    declared = m.group(1).decode("ascii", "ignore").lower() if m else ""
    if declared in ("gb2312", "gbk", "gb18030", "x-gbk", "cp936"):
        declared = "gb18030"
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass  # a page that lies about its charset: detect instead
    return decode_text(data, source)


def read_html(data: bytes, source: str) -> str:
    from bs4 import BeautifulSoup

    text = decode_html(data, source)
    soup = BeautifulSoup(text, "html.parser")
    title_tag = soup.find("title")
    page_title = title_tag.get_text(" ", strip=True) if title_tag else ""
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed:
            continue
        marks = " ".join([*(tag.get("class") or []), tag.get("id") or ""])
        if marks and _FURNITURE.search(marks) and not _holds_article(tag):
            tag.decompose()
    body = best_block(soup) or soup
    lines = block_lines(body)
    heading = _heading_outside(soup, body, lines) or _title_line(page_title, lines)
    if heading:
        lines.insert(0, heading)
    if not any(ln.strip() for ln in lines):
        raise IngestError(source, "no article text in the page (only navigation or scripts)")
    return "\n".join(lines)


def _holds_article(tag) -> bool:
    # a "content-header" wrapper around the whole article must not be dropped as furniture
    return len(tag.get_text("", strip=True)) > 600 and _punct(tag.get_text("", strip=True)) > 20


def _punct(text: str) -> int:
    return sum(text.count(p) for p in "。，,；;、：:")


def best_block(soup):
    scores: dict[int, float] = defaultdict(float)
    nodes: dict[int, object] = {}
    for block in soup.find_all(["p", "td", "li", "div", "span", "font", "pre"]):
        own = "".join(s for s in block.find_all(string=True, recursive=False)).strip()
        if len(own) < 10:
            continue
        links = sum(len(a.get_text("", strip=True)) for a in block.find_all("a"))
        value = len(own) + 10 * _punct(own) - 2 * links
        parent = block.parent
        for weight, node in ((1.0, block), (1.0, parent), (0.5, getattr(parent, "parent", None))):
            if node is not None and node.name not in (None, "[document]", "html"):
                scores[id(node)] += weight * value
                nodes[id(node)] = node
    if not scores:
        return None
    best = nodes[max(scores, key=scores.get)]
    # a row, cell or paragraph is part of an article, never the article itself
    while best.name in _PARTS and best.parent is not None and best.parent.name not in ("[document]", "html"):
        best = best.parent
    return best


def block_lines(root) -> list[str]:
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = re.sub(r"[ \t\r\f\v\u00a0]+", " ", "".join(buf)).strip()
        buf.clear()
        for part in text.split("\n"):
            if part.strip():
                lines.append(part.strip())

    def walk(node) -> None:
        for child in node.children:
            name = getattr(child, "name", None)
            if name is None:
                buf.append(str(child).replace("\n", " "))
            elif name == "br":
                buf.append("\n")
            elif name == "table":
                flush()
                lines.extend(table_lines(_table_rows(child)))
            elif name in _BLOCKS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(root)
    flush()
    return lines


def _table_rows(table) -> list[list[str]]:
    rows = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue  # a nested table's rows belong to the cell that holds it
        rows.append(["\n".join(block_lines(td)) for td in tr.find_all(["td", "th"], recursive=False)])
    return rows


def _heading_outside(soup, body, lines: list[str]) -> str | None:
    """A page's <h1> often sits above the article element: keep it as the first line."""
    for h in soup.find_all(["h1", "h2"]):
        text = h.get_text("", strip=True)
        if text and len(text) <= 80 and not any(text in ln for ln in lines[:5]):
            if body is not h and h not in getattr(body, "descendants", ()):
                return text
    return None


def _title_line(page_title: str, lines: list[str]) -> str | None:
    # <title> is "plan title - site name": keep the first part if the body lacks any title
    first = re.split(r"\s*[-_|—]+\s*", page_title)[0].strip() if page_title else ""
    if first and len(first) >= 6 and not any(first in ln for ln in lines[:8]):
        return first
    return None
