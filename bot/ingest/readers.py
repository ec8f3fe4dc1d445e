"""Read a knowledge file of any supported format into markdown-like text."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

SUPPORTED = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")
MAX_BYTES = 50 * 1024 * 1024
MAX_UNPACKED = 4 * MAX_BYTES  # a DOCX is a zip file: what it expands to is capped too
MAX_PAGES = 1000  # a review runs to a few hundred pages; pypdf caps each stream at 75 MB itself


class UnreadableDocument(Exception):
    """A file that cannot be turned into text; the message says why, for the build report."""


def read_text(path: Path) -> str:
    """The document's text, headings as markdown '#', bullets as '- ', table cells tab-separated."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnreadableDocument(f"unsupported file type '{suffix or 'none'}'")
    size = path.stat().st_size
    if size == 0:
        raise UnreadableDocument("the file is empty")
    if size > MAX_BYTES:
        raise UnreadableDocument(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    reader = {".pdf": _read_pdf, ".docx": _read_docx, ".html": _read_html, ".htm": _read_html}
    try:
        text = reader.get(suffix, _read_plain)(path)
    except UnreadableDocument:
        raise
    except Exception:  # a damaged file of any kind is reported, never fatal
        kind = suffix[1:].upper()
        raise UnreadableDocument(f"could not be read as {kind}: it may be damaged, or another "
                                 "kind of file with this name") from None
    if len(re.findall(r"[^\W\d_]", text)) < 20:
        raise UnreadableDocument("no readable text was found in it")
    return text


def _read_plain(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise UnreadableDocument("it looks like a binary file, not text")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _read_html(path: Path) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_read_plain(path), "html.parser")
    for tag in soup(["script", "style", "nav", "header", "footer", "noscript", "form", "aside"]):
        tag.decompose()
    lines: list[str] = []
    for el in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr", "blockquote"]):
        if el.find_parent(["li", "tr"]) is not None and el.name in ("p", "li"):
            continue  # nested inside something already emitted
        text = " ".join(el.get_text(" ").split())
        if el.name == "tr":
            text = "\t".join(" ".join(c.get_text(" ").split()) for c in el.find_all(["td", "th"]))
        if not text:
            continue
        if el.name[0] == "h":
            text = "#" * int(el.name[1]) + " " + text
        elif el.name == "li":
            text = "- " + text
        lines += [text, ""]
    return "\n".join(lines)


def _read_docx(path: Path) -> str:
    import zipfile

    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    with zipfile.ZipFile(path) as package:  # sizes as declared, which reading never exceeds
        if sum(item.file_size for item in package.infolist()) > MAX_UNPACKED:
            raise UnreadableDocument(f"it expands to more than {MAX_UNPACKED // (1024 * 1024)} MB "
                                     "when opened, far more than a review needs")
    document = docx.Document(str(path))
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = Paragraph(child, document)
            text = " ".join(para.text.split())
            if not text:
                continue
            style = (para.style.name or "").lower() if para.style is not None else ""
            heading = re.match(r"heading (\d)", style)
            level = 1 if style == "title" else int(heading.group(1)) if heading else 0
            if level:
                text = "#" * level + " " + text
            elif "list" in style:
                text = "- " + text
            lines += [text, ""]
        elif tag == "tbl":
            table = Table(child, document)
            for row in table.rows:
                lines.append("\t".join(" ".join(c.text.split()) for c in row.cells))
            lines.append("")
    return "\n".join(lines)


def _read_pdf(path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    if reader.is_encrypted:
        raise UnreadableDocument("the PDF is password-protected")
    if len(reader.pages) > MAX_PAGES:
        raise UnreadableDocument(f"it has {len(reader.pages)} pages; I take up to {MAX_PAGES}")
    sizes: dict[str, float] = {}
    pages = [_extract_with_sizes(page, sizes) for page in reader.pages]
    body = _body_size(pages, sizes)
    cleaned = strip_page_furniture(pages, guess_headings=body is None)
    return "\n\n".join(cleaned if body is None else _mark_headings(cleaned, sizes, body))


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text).lower()[:80]


def _extract_with_sizes(page, sizes: dict[str, float]) -> str:  # type: ignore[no-untyped-def]
    """The page's text, noting the font size of each printed line (keyed by its letters)."""
    line: list[str] = []
    state = {"y": None, "size": 0.0}

    def flush() -> None:
        if line and _key("".join(line)):
            sizes.setdefault(_key("".join(line)), float(state["size"] or 0.0))  # type: ignore[arg-type]
        line.clear()
        state["size"] = 0.0

    def visit(text, cm, tm, font, size) -> None:  # type: ignore[no-untyped-def]
        y = round(tm[5] * cm[3] + cm[5], 1) if tm and cm else None
        if y != state["y"]:
            flush()
            state["y"] = y
        scale = abs(tm[3] * cm[3]) if tm and cm and tm[3] and cm[3] else 1.0
        if text.strip():
            line.append(text)
            state["size"] = max(float(state["size"] or 0.0), float(size or 0.0) * scale)  # type: ignore[arg-type]

    text = page.extract_text(visitor_text=visit) or ""
    flush()
    return text


def _body_size(pages: list[str], sizes: dict[str, float]) -> float | None:
    """The font size most text is printed in, or None when nothing is printed larger than it
    (then headings are guessed from the shape of lines instead)."""
    weights: Counter[float] = Counter()
    for page in pages:
        for line in page.splitlines():
            if sizes.get(_key(line)):
                weights[round(sizes[_key(line)], 1)] += len(line)
    if not weights:
        return None
    body = weights.most_common(1)[0][0]
    return body if any(size >= body * 1.15 for size in weights) else None


def _mark_headings(pages: list[str], sizes: dict[str, float], body: float) -> list[str]:
    """Lines printed larger than the body text are headings ('## ...')."""
    marked = []
    for page in pages:
        out: list[str] = []
        heading_open = False  # a heading that wraps onto the next printed line carries on
        for line in page.splitlines():
            size = sizes.get(_key(line), 0.0)
            if size >= body * 1.15 and 0 < len(line.split()) <= 20 and not line.startswith("#"):
                if heading_open:
                    out[-2] += " " + line.strip()
                else:
                    out += ["", "## " + line.strip(), ""]
                heading_open = True
            else:
                out.append(line)
                heading_open = heading_open and not line.strip()
        marked.append("\n".join(out))
    return marked


_PAGE_NUMBER = re.compile(r"^\s*(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?\s*$", re.I)
_CONTENTS_LINE = re.compile(r"^.{2,120}?(\s*\.){4,}\s*\d{1,4}\s*$|^contents$", re.I)  # "1. Intro .... 3"


def strip_page_furniture(pages: list[str], guess_headings: bool = True) -> list[str]:
    """Remove running headers, footers and page numbers: lines repeated at the edges of pages."""
    edges: Counter[str] = Counter()
    split = [[line.strip() for line in page.splitlines()] for page in pages]
    for lines in split:
        content = [line for line in lines if line]
        for line in set(content[:3] + content[-3:]):
            edges[_furniture_key(line)] += 1
    threshold = max(2, len(pages) // 2)
    cleaned = []
    for lines in split:
        kept = [
            line for line in lines
            if not _PAGE_NUMBER.match(line) and not _CONTENTS_LINE.match(line)
            and not (line and edges[_furniture_key(line)] >= threshold)
        ]
        cleaned.append(_unwrap("\n".join(_drop_footnotes(kept)), guess_headings))
    return cleaned


_FOOTNOTE = re.compile(r"^(\d{1,3})\s+\S")


def _drop_footnotes(lines: list[str]) -> list[str]:
    """Remove footnotes at the foot of a page: a line '3 Brown and Ward (2012)' among the last
    lines whose number also marks a word in the page's text ('timeframe3')."""
    lines = list(lines)
    body = "\n".join(lines)
    for i in range(len(lines) - 1, max(-1, len(lines) - 9), -1):
        match = _FOOTNOTE.match(lines[i])
        if match and re.search(rf"[A-Za-z)\].,;:’'\"]{match.group(1)}(?!\d)", body):
            del lines[i]
    return lines


def _furniture_key(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower())


_PDF_HEADING = re.compile(r"^(\d{1,2}(\.\d{1,2})?\.?\s+)?[A-Z][^.!?;]{1,80}$")
_PDF_BREAK = re.compile(r"^([-•●▪]\s|\d{1,2}(\.\d{1,2})+\.?\s)")


def _unwrap(text: str, guess_headings: bool = True) -> str:
    """PDF text breaks paragraphs at each printed line. Mark what can be told apart: headings
    (a short numbered or capitalised line after a finished sentence), bullets, numbered paragraphs."""
    out: list[str] = []
    previous = ""
    for line in text.splitlines():
        words = len(line.split())
        finished = not previous or previous.endswith((".", "!", "?", ":"))
        if guess_headings and line and finished and words <= 10 and _PDF_HEADING.match(line) and (
                re.match(r"\d", line) or words <= 6):
            out += ["", "## " + line, ""]
        elif _PDF_BREAK.match(line):
            out += ["", re.sub(r"^[•●▪]\s", "- ", line)]
        else:
            out.append(line)
        previous = line or previous
    return "\n".join(out)
