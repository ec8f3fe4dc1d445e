"""Turn a document's cleaned lines into sections of blocks, whatever shape it came in.

Copes with markdown headings (numbered inconsistently), 7-minute briefing panels whose numbers
come out of the PDF jumbled, short plain-line headings, bullets, numbered paragraphs ("14.3")
and tab-separated tables.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .clean import clean_inline
from .dropped import note
from .layout_config import layout
from .model import Block, Section
from .roles import role_for

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\s*\*\*([^*]{2,300})\*\*\s*$")
_PANEL_NUMBER = re.compile(r"^\s*0\d\s*$")
_PANEL_HEADING = re.compile(r"^\s*(0\d)\s+(\S.{0,80})$")
_BULLET = re.compile(r"^\s*(?:[-*•●▪◦]|\d{1,2}[.)])\s+")
_PARA_NUMBER = re.compile(r"^\s*(?:[-*•]\s+)?(\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\.?\s+(?=\S)")
_WHOLE_NUMBER = re.compile(r"^\s*(\d{1,3})\.\s+(?=\S)")
_ROMAN = re.compile(r"^\s*(?:[-*•]\s+)?((?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii|xiii))\.\s+", re.I)
_SECTION_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+\S")
_DATE_HEADING = re.compile(
    r"^((19|20)\d\d\b.*|(january|february|march|april|may|june|july|august|september|october|"
    r"november|december)\b.{0,20})$",
    re.I,
)
_TRAILING_BOLD = re.compile(r"^(.*[.!?])\s+\*\*([^*]{2,40})\*\*\s*$")
_KNOWN_SUBHEADINGS = ("key lessons", "lessons learn", "recommendation", "references",
                      "what does this mean for me", "action plan")
_TERMINAL = ('.', '!', '?', ':', ';', '"', '”', ')', "'")


@dataclass
class _Line:
    text: str
    heading_level: int = 0  # 0 for content; markdown level, or 7 for a plain-line heading


def _blocks_of(lines: list[str]) -> list[list[str]]:
    """Group lines into raw blocks: blank lines, bullets and numbered paragraphs start a new one."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        starts_item = bool(_BULLET.match(line) or _PARA_NUMBER.match(line) or "\t" in line)
        heading = bool(_MD_HEADING.match(line))
        if not line.strip() or starts_item or heading or _PANEL_NUMBER.match(line):
            if current:
                blocks.append(current)
            current = []
            if not line.strip():
                continue
            if starts_item or heading or _PANEL_NUMBER.match(line):
                blocks.append([line])
                continue
        current.append(line)
    if current:
        blocks.append(current)
    return blocks


def _unmarked(text: str) -> str:
    """A heading without the emoji or symbols some sites put before it ('📘 Scope')."""
    i = 0
    while i < len(text) and (unicodedata.category(text[i]) in ("So", "Sk", "Mn", "Cf") or text[i] == " "):
        i += 1
    return text[i:] or text


def _looks_like_plain_heading(text: str, standalone: bool) -> bool:
    words = text.split()
    return (
        standalone
        and 0 < len(words) <= 10
        and not text.endswith((".", ",", ";"))
        and (text[0].isupper() or text[0].isdigit())
        and ": " not in text
        and "\t" not in text
    )


def numbered_paragraphs(raw: list[list[str]], run: int) -> set[int]:
    """The blocks whose whole number ("7.", "243.") continues the document's paragraph numbering:
    a run of at least `run` in sequence. A short numbered list is a list, not paragraphs."""
    chains: list[tuple[list[int], list[int]]] = []  # (block indexes, their numbers)
    for i, block in enumerate(raw):
        match = _WHOLE_NUMBER.match(block[0])
        if not match:
            continue
        number = int(match.group(1))
        # A list numbered 1, 2, 3 inside paragraph 12 leaves paragraph 13 to carry on from 12.
        chain = next((c for c in reversed(chains) if c[1][-1] < number <= c[1][-1] + 2), None)
        if chain is not None:
            chain[0].append(i)
            chain[1].append(number)
        elif number == 1:
            chains.append(([i], [number]))
    return {i for indexes, _ in chains if len(indexes) >= run for i in indexes}


def _classify(raw: list[list[str]], markdown_doc: bool) -> list[_Line | Block]:
    items: list[_Line | Block] = []
    paragraphs = numbered_paragraphs(raw, layout().paragraph_run)
    for index, block in enumerate(raw):
        first = block[0]
        md = _MD_HEADING.match(first)
        bold = _BOLD_LINE.match(" ".join(s.strip() for s in block)) if len(block) <= 3 else None
        if _PANEL_NUMBER.match(first):
            continue  # a briefing's panel number, often out of order: the heading carries the meaning
        heading = md.group(2) if md else bold.group(1) if bold else None
        if heading is not None:
            text = _unmarked(clean_inline(heading).rstrip(":").strip())
            if text:
                items.append(_Line(text, len(md.group(1)) if md else 3))
            continue
        trailing = _TRAILING_BOLD.match(" ".join(s.strip() for s in block))
        if trailing:  # a heading the PDF glued to the end of the paragraph before it
            block = [trailing.group(1)]
        joined = clean_inline(" ".join(s.strip() for s in block))
        if not re.search(r"[^\W\d_]{2}", joined):
            note("empty fields")
            continue  # empty form fields, stray numbers
        panel = _PANEL_HEADING.match(joined)
        if panel and len(joined.split()) <= 9 and not joined.endswith("."):
            items.append(_Line(panel.group(2).rstrip(":").strip(), 2))
            continue
        if index in paragraphs:
            items.append(Block(joined, "para", _WHOLE_NUMBER.match(first).group(1)))  # type: ignore[union-attr]
            continue
        plain = not _BULLET.match(first) and "\t" not in first
        if plain and _looks_like_plain_heading(joined, True):
            text, low = joined.rstrip(":").strip(), joined.lower()
            if not markdown_doc and len(block) == 1:
                items.append(_Line(text, 2))
                continue
            if markdown_doc and len(block) <= 3 and low.startswith("appendix"):
                items.append(_Line(text, 2))
                continue
            if markdown_doc and len(block) <= 3 and any(k in low for k in _KNOWN_SUBHEADINGS):
                items.append(_Line(text, 7))
                continue
        items.append(_block_from(block, joined))
        if trailing:
            items.append(_Line(clean_inline(trailing.group(2)), 3))
    return items


def _block_from(raw: list[str], joined: str) -> Block:
    first = raw[0]
    if "\t" in first:
        cells = [clean_inline(c) for c in " ".join(raw).split("\t")]
        cells = [c for c in cells if c and not re.fullmatch(r"[-–—|]+", c)]
        # A row whose first cell is empty carries on the row above, split by a page break.
        return Block(" | ".join(cells), "row_continued" if first.startswith("\t") else "row")
    number = None
    para = _PARA_NUMBER.match(joined) or _ROMAN.match(joined)
    if para:
        number = para.group(1)
        joined = joined[para.end():].strip() if _ROMAN.match(joined) else joined
    kind = "bullet" if _BULLET.match(first) else "para"
    if kind == "bullet":
        joined = _BULLET.sub("", joined, count=1)
    return Block(joined.strip(), kind, number)


def _rejoin_page_breaks(items: list[_Line | Block]) -> list[_Line | Block]:
    """Join a paragraph that a page break cut in two (no closing stop, next starts lower case)."""
    out: list[_Line | Block] = []
    for item in items:
        prev = out[-1] if out else None
        if isinstance(item, Block) and item.kind == "row_continued":
            if isinstance(prev, Block) and prev.kind == "row":
                prev.text = f"{prev.text} {item.text}"
                continue
            item.kind = "row"
        if (
            isinstance(item, Block) and isinstance(prev, Block)
            and item.kind == "para" and prev.kind in ("para", "bullet") and item.number is None
            and not prev.text.endswith(_TERMINAL)
            and (item.text[:1].islower()  # a sentence carried over a page break
                 or (prev.kind == "para" and len(prev.text.split()) >= 8 and prev.text[-1:].isalpha()))
        ):
            prev.text = f"{prev.text} {item.text}"
            continue
        out.append(item)
    return out


class _Path:
    """The heading path as headings arrive, tolerant of inconsistent markdown levels."""

    def __init__(self) -> None:
        self.top: list[str] = []  # numbered and major headings
        self.sub: list[str] = []  # dates, minor headings, plain subheadings

    def push(self, line: _Line) -> None:
        number = _SECTION_NUMBER.match(line.text)
        if line.text.startswith("("):
            self.sub.append(line.text)  # "(Early Years Support Team)" qualifies the heading above
        elif number and line.heading_level < 7:
            depth = number.group(1).count(".") + 1
            self.top, self.sub = self.top[: depth - 1] + [line.text], []
        elif line.heading_level in (5, 6) and self.sub:
            self.sub = self.sub[:1] + [line.text]  # a third level, from a PDF's print
        elif line.heading_level >= 3 or _DATE_HEADING.match(line.text):
            self.sub = [line.text]
        else:
            self.top, self.sub = [line.text], []

    def current(self) -> list[str]:
        return self.top + self.sub


def parse_sections(lines: list[str], kind: str | None = None) -> list[Section]:
    """Sections of content blocks, each with its heading path and role."""
    markdown_doc = sum(1 for line in lines if _MD_HEADING.match(line)) >= 3
    items = _rejoin_page_breaks(_classify(_blocks_of(lines), markdown_doc))
    sections: list[Section] = []
    path = _Path()
    current: Section | None = None
    point = None  # the conclusion point ("ii") that key lessons follow
    for item in items:
        if isinstance(item, _Line):
            if point and "lesson" in item.text.lower():
                item.text = f"{item.text} ({point})"
            path.push(item)
            current = None
            continue
        if item.number and _ROMAN.match(item.number + ". x"):
            point = item.number
            if path.sub and "lesson" in path.sub[-1].lower():
                path.sub, current = [], None  # the next conclusion point follows its lessons
        if current is None:
            heading_path = path.current()
            current = Section(heading_path, role_for(heading_path, kind))
            sections.append(current)
        current.blocks.append(item)
    return [s for s in sections if s.blocks]

