"""Read a knowledge file of any supported format into markdown-like text."""

from __future__ import annotations

import re
from pathlib import Path

from .dropped import counting_now, note

SUPPORTED = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")
MAX_BYTES = 50 * 1024 * 1024
MAX_UNPACKED = 4 * MAX_BYTES  # a DOCX is a zip file: what it expands to is capped too
MAX_PAGES = 1000  # a review runs to a few hundred pages


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
    reader = {".pdf": _read_pdf, ".docx": _read_docx, ".html": _read_html, ".htm": _read_html,
              ".md": _read_markdown}
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


_FURNITURE_CLASS = re.compile(r"cookie|breadcrumb|skip-link|site-search", re.I)
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)


def _read_markdown(path: Path) -> str:
    """Markdown with its YAML front matter taken off: its title becomes the first heading."""
    import yaml

    text = _read_plain(path)
    match = _FRONT_MATTER.match(text)
    if not match:
        return text
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return text
    note("front matter")
    title = data.get("title") if isinstance(data, dict) else None
    heading = f"# {title}\n\n" if isinstance(title, str) and title.strip() else ""
    return heading + text[match.end():]


def _read_html(path: Path) -> str:
    """A web page's main content: what trafilatura finds (headings, lists, tables kept; the site's
    navigation, banners, sidebars and footers left), else the whole page less its furniture."""
    html = _read_plain(path)
    return _main_content(html) or _whole_page(html)


def _main_content(html: str) -> str | None:
    import trafilatura
    from lxml import etree

    found = trafilatura.extract(html, output_format="xml", include_formatting=True, include_tables=True,
                                include_links=False, include_images=False, include_comments=False,
                                favor_recall=True, with_metadata=True,
                                date_extraction_params={"extensive_search": False})  # no guessed dates
    if not found:
        return None
    doc = etree.fromstring(found.encode("utf-8"))
    main = doc.find("main")
    if main is None or (main.find("head") is None and re.search(r"<h[1-6][\s>]", html, re.I)):
        return None  # the page's headings lost: the extractor fell back to its text alone
    lines: list[str] = []
    first = next(iter(main), None)
    title = " ".join((doc.get("title") or "").split())
    headed = (first is not None and first.tag == "head") or main.find("head[@rend='h1']") is not None
    if title and not headed:
        lines += [f"# {title}", ""]  # the page's own heading, which the extractor keeps as metadata
    if doc.get("date"):
        lines += [f"Published: {doc.get('date')}", ""]
    for element in main:
        lines += _rendered(element)
    text = "\n".join(lines)
    if len(re.findall(r"[^\W\d_]", text)) < 20:
        return None
    if counting_now():
        from bs4 import BeautifulSoup

        whole = BeautifulSoup(html, "html.parser")
        for tag in whole(["script", "style", "noscript"]):
            tag.decompose()
        note("web page furniture", max(0, len("".join(whole.get_text().split()))
                                        - len("".join(text.split()))))
    return text


def _words_of(element) -> str:  # type: ignore[no-untyped-def]
    return " ".join("".join(element.itertext()).split())


def _rendered(element) -> list[str]:  # type: ignore[no-untyped-def]
    """One element of the extractor's XML as the lines the structure parser reads."""
    tag = element.tag
    if tag == "head":
        level = int(m.group(1)) if (m := re.match(r"h([1-6])", element.get("rend") or "")) else 2
        return ["#" * level + " " + _words_of(element), ""]
    if tag == "list":
        lines = []
        for item in element.findall("item"):
            nested = item.findall("list")
            for sub in nested:
                item.remove(sub)
            if _words_of(item):
                lines += ["- " + _words_of(item), ""]
            for sub in nested:
                lines += _rendered(sub)
        return lines
    if tag == "table":
        rows = ["\t".join(_words_of(c) for c in row.findall("cell")) for row in element.findall("row")]
        return [r for r in rows if r.strip()] + [""]
    text = _words_of(element)
    return [text, ""] if text else []


def _whole_page(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    furniture = soup(["nav", "header", "footer", "form", "aside"])
    furniture += soup.find_all(class_=_FURNITURE_CLASS) + soup.find_all(id=_FURNITURE_CLASS)
    note("cookie banners and navigation", len(furniture))
    for tag in furniture:
        tag.decompose()  # cookie banners and breadcrumbs are the site's, not the document's
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
    from .pdf_chars import read_pages
    from .pdf_layout import layout_text

    opening = path.read_bytes()[:1024]
    if b"%PDF-" not in opening and re.match(rb"\s*<(!doctype html|html)", opening, re.I):
        raise UnreadableDocument("it is a web page saved with a .pdf name, not a PDF: send the "
                                 "report itself, or the page as .html")
    try:
        pages = read_pages(path, MAX_PAGES)
    except ValueError as exc:  # too many pages
        raise UnreadableDocument(str(exc)) from None
    except Exception as exc:
        if "password" in str(exc).lower():
            raise UnreadableDocument("the PDF is password-protected") from None
        raise
    text, headed = layout_text(pages)
    # A PDF printed in one size and weight throughout: headings are guessed from line shapes.
    return text if headed else _unwrap(text)


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
