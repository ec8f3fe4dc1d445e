"""A PDF's printed lines into the markdown-like text the structure parser reads: headings from
weight, size and position, bullets from their glyphs, numbered paragraphs, table rows."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .layout_config import layout
from .pdf_chars import Line, Page
from .pdf_furniture import strip_furniture
from .pdf_headings import BULLET, heading_level, heading_sizes
from .roles import names_a_part

_NUMBERED = re.compile(r"^(\d{1,3}(?:\.\d{1,2}){0,2}\.?|[a-z]\)|\([a-z]\)|\(?[ivx]{1,4}\))\s+(?=\S)")
_LINK = re.compile(r"https?://|www\.|\.(org|gov|co|ac)\.uk\b", re.I)
_JUDGEMENT = re.compile(r"^(inadequate|requires improvement( to be good)?|good|outstanding)$", re.I)
_CONNECTIVES = ("and", "or", "of", "the", "to", "for", "in", "on", "with", "a", "an", "by", "at", "from")


@dataclass
class _Block:
    kind: str  # heading | bullet | para | row
    text: str
    size: float
    x0: float  # where the text (not the glyph) starts
    y: float  # the last line's baseline
    level: int = 0
    cells: list[str] = field(default_factory=list)
    bold: bool = False
    listed: bool = False  # a numbered list item printed like a heading


def layout_text(pages: list[Page]) -> tuple[str, bool]:
    """The document's text, and whether its print showed where the headings are."""
    body = body_size(pages)
    blocks: list[_Block | None] = []
    kept = strip_furniture(pages, body)
    sizes = heading_sizes(kept, body)
    carry: _Block | None = None
    for lines in kept:
        page = _page_blocks(lines, body, sizes, carry)
        blocks += page
        blocks.append(None)  # a page break: the structure parser rejoins sentences it cut
        carry = next((b for b in reversed(page) if b is not None), carry)
    _nest_headings([b for b in blocks if b is not None])
    found = any(b is not None and b.kind == "heading" for b in blocks)
    return "\n".join(_render(b) for b in blocks), found


def _nest_headings(blocks: list[_Block]) -> None:
    """A heading that names a part of an inspection or review ('Areas for improvement') printed
    directly above another in the same type holds it, and the like headings after it, until the
    next heading that names a part of its own."""
    parent: _Block | None = None
    for i, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        alike = parent is not None and block.level == parent.level and abs(block.size - parent.size) < 0.5
        named = names_a_part(block.text)
        if parent is not None and alike and not named:
            block.level = parent.level + 1
            continue
        parent = None
        if (named and following is not None and following.kind == "heading"
                and following.level == block.level and abs(following.size - block.size) < 0.5):
            parent = block


def body_size(pages: list[Page]) -> float:
    """The size most of the document's letters are printed in."""
    weights: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            weights[round(line.size * 2) / 2] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 0.0


def _page_blocks(lines: list[Line], body: float, sizes: tuple[float | None, float | None],
                 carry: _Block | None) -> list[_Block | None]:
    """One page's blocks; its first line may finish the paragraph or bullet the last page cut."""
    limits = layout()
    blocks: list[_Block | None] = []
    current: _Block | None = None
    previous: Line | None = None
    for i, line in enumerate(lines):
        if i == 0 and carry is not None and _cut_by_the_page(carry, line, body, sizes):
            carry.text = _join(carry.text, line.text)
            current, previous = carry, line
            continue
        gap = line.y - previous.y if previous else 0.0
        near = previous is not None and 0 < gap <= limits.paragraph_gap * max(line.size, previous.size)
        following = lines[i + 1] if i + 1 < len(lines) else None
        level = heading_level(line, body, sizes)
        if level and _JUDGEMENT.match(line.text):
            current = _Block("para", f"Judgement: {line.text}", line.size, line.x0, line.y)
            blocks.append(current)  # an inspection's grade, printed as large as its heading
            previous = line
            continue
        if level and _NUMBERED.match(line.text) and current is not None and (
                current.text.endswith(":") or current.listed):
            current = _Block("para", line.text, line.size, line.x0, line.y, listed=True)
            blocks.append(current)  # a numbered list printed in bold, after its lead-in
            previous = line
            continue
        if level and current is not None and current.kind == "heading" and near and _continues(current, line):
            current.text += " " + line.text
            current.y = line.y
        elif level and _stands_alone(line, following, current, near, level):
            current = _Block("heading", line.text, line.size, line.x0, line.y, level, bold=line.bold)
            blocks.append(current)
        elif len(line.cells) > 1:
            current = _Block("row", "", line.size, line.x0, line.y, cells=line.cells)
            blocks.append(current)
        elif (bullet := BULLET.match(line.text)) and line.text[bullet.end():].strip() and not (
                line.text[0] in "–-o" and near and current is not None and current.kind == "para"
                and not current.text.endswith((":", ".", ";", "?", "!"))):  # a dash that wrapped
            current = _Block("bullet", line.text[bullet.end():], line.size, line.x0 + line.size, line.y)
            blocks.append(current)
        elif current is not None and current.kind in ("para", "bullet") and near and _carries_on(
                current, line):
            current.text = _join(current.text, line.text)
            current.y = line.y
        else:
            current = _Block("para", line.text, line.size, line.x0, line.y)
            blocks.append(current)
        previous = line
    return blocks


def _cut_by_the_page(block: _Block, line: Line, body: float,
                     sizes: tuple[float | None, float | None]) -> bool:
    """The page's first line carries on a bullet the page break cut (indented as its text is,
    the bullet unfinished); paragraphs cut so are rejoined by the structure parser."""
    unfinished = block.kind == "bullet" and not block.text.endswith((".", "!", "?", ":", ";"))
    plain = not heading_level(line, body, sizes) and not BULLET.match(line.text) and len(line.cells) == 1
    return unfinished and plain and _carries_on(block, line) and line.x0 >= block.x0 - 0.6 * line.size


def _continues(heading: _Block, line: Line) -> bool:
    """A heading printed over two lines, not two headings one under the other."""
    last = heading.text.split()[-1].lower() if heading.text.split() else ""
    same = abs(line.size - heading.size) < 0.5 and line.bold == heading.bold
    return (line.text[:1].islower() or last in _CONNECTIVES or heading.text.endswith(("-", "–", ":"))
            or same and (len(heading.text) >= 45 or heading.level == 2 and not heading.text.endswith(
                (".", "?", "!"))))


def _stands_alone(line: Line, following: Line | None, current: _Block | None, near: bool,
                  level: int) -> bool:
    """A bold line is a heading only where a paragraph could end before it and begin after it."""
    if line.text[0].islower() or _LINK.search(line.text):
        return False  # the wrapped end of a line above, or a web address on a cover
    if level == 2:
        return True
    if near and current is not None and current.kind in ("para", "bullet") and not current.text.endswith(
            (".", ":", "?", "!")):
        return False  # the bold tail of a sentence
    if following is None:
        return True
    pitch = following.y - line.y
    close = 0 < pitch <= layout().paragraph_gap * line.size
    return not (close and following.text[:1].islower() and not following.bold)


def _carries_on(block: _Block, line: Line) -> bool:
    """The line continues the block: not a numbered paragraph, and indented as the block is."""
    if _NUMBERED.match(line.text) and line.x0 <= block.x0 + 2:
        return False
    if block.kind == "bullet":
        return line.x0 >= block.x0 - 0.6 * line.size  # back at the margin: the list has ended
    return abs(line.size - block.size) < 0.5


def _join(text: str, more: str) -> str:
    if text.endswith("-") and more[:1].islower() and not text.endswith(" -"):
        return text[:-1] + more  # a word hyphenated at the line's end
    return f"{text} {more}"


def _render(block: _Block | None) -> str:
    if block is None:
        return "\n"
    if block.kind == "heading":
        return "\n" + "#" * block.level + " " + block.text + "\n"
    if block.kind == "row":
        return "\t".join(block.cells) + "\n"
    if block.kind == "bullet":
        return "- " + block.text + "\n"
    return block.text + "\n"
