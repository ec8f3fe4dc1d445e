"""Cut sections into citable chunks that never split a sentence or a bullet."""

from __future__ import annotations

import math
import re

from .boilerplate import block_roles
from .model import Block, Chunk, Document, Section

CHUNKER_VERSION = "7"  # bump whenever ingestion would cut documents differently
# (4: identifiers removed; 5: PDFs read by their print, whole-number paragraphs, lists keep their lead-in;
# 6: guidance and context roles, boilerplate marked)
MAX_WORDS = 160  # a chunk grows to about this many words
MIN_WORDS = 40  # below this, a numbered paragraph joins its neighbour
BULLET_MIN_WORDS = 25  # bullets stand alone, once a chunk holds this many words
_LEAD_WORDS = 60  # a list's lead-in up to this long is repeated where a long list is cut
_ONE_ITEM_ROLES = ("reflection_question", "procedure")  # each question or procedure stands alone

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_NO_BREAK_AFTER = re.compile(r"\b(e\.g|i\.e|etc|Dr|Mr|Mrs|Ms|No|para|p|pp|vs|St|al)\.$", re.I)


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph, not breaking after abbreviations such as 'e.g.'."""
    parts: list[str] = []
    for piece in _SENTENCE_END.split(text):
        if parts and _NO_BREAK_AFTER.search(parts[-1]):
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    return [p.strip() for p in parts if p.strip()]


def _words(text: str) -> int:
    return len(text.split())


def _pieces(block: Block) -> list[Block]:
    """A block longer than a chunk, cut at sentence ends into runs of whole sentences."""
    if _words(block.text) <= MAX_WORDS:
        return [block]
    pieces: list[Block] = []
    current: list[str] = []
    for sentence in split_sentences(block.text):
        if current and _words(" ".join(current + [sentence])) > MAX_WORDS:
            pieces.append(Block(" ".join(current), block.kind, block.number))
            current = []
        current.append(sentence)
    if current:
        pieces.append(Block(" ".join(current), block.kind, block.number))
    return pieces


def _render(blocks: list[Block]) -> str:
    lines = []
    for block in blocks:
        prefix = "- " if block.kind == "bullet" and not block.number else ""
        if block.number and not block.text.startswith(block.number):
            prefix = f"{block.number}. "
        lines.append(prefix + block.text)
    return "\n".join(lines)


def _is_paragraph_number(number: str | None) -> bool:
    """'7', '243' and '14.3' number paragraphs; 'ii' numbers a point."""
    return number is not None and number[:1].isdigit()


def _paragraph_label(blocks: list[Block]) -> str:
    numbers = [b.number for b in blocks if b.number is not None and _is_paragraph_number(b.number)]
    if not numbers:
        return ""
    return numbers[0] if numbers[0] == numbers[-1] else f"{numbers[0]}-{numbers[-1]}"


def _groups(section: Section, kind: str | None) -> list[tuple[str, list[Block]]]:
    """Runs of blocks that belong in one chunk, each with its role."""
    roles = [r for b, r in zip(section.blocks, block_roles(section, kind)) for _ in _pieces(b)]
    blocks = [p for b in section.blocks for p in _pieces(b)]
    total = sum(_words(b.text) for b in blocks)
    limit = min(MAX_WORDS, math.ceil(total / math.ceil(total / MAX_WORDS) * 1.15))
    groups: list[tuple[str, list[Block]]] = []
    aside: list[tuple[str, list[Block]]] = []
    current: list[Block] = []
    current_role = section.role
    lead: Block | None = None  # the line a list hangs from ("early help for a child who:")
    for block, role in zip(blocks, roles):
        if role == "context" and block.kind == "row" and current and current_role != "context":
            aside.append((role, [block]))  # a table's header row: set aside, the table read on
            continue
        size = _words(" ".join(b.text for b in current))
        lead_in = bool(current) and current[-1].text.endswith(":")
        in_list = (lead is not None and block.kind == "bullet" and bool(current)
                   and current[-1].kind == "bullet")
        starts_new = bool(current) and (
            role != current_role
            or (role in _ONE_ITEM_ROLES and not (role == "procedure" and (lead_in or in_list)))
            or (size + _words(block.text) > limit and not lead_in)
            or (_is_paragraph_number(block.number) and size >= MIN_WORDS)
            or (block.kind in ("bullet", "row") and size >= BULLET_MIN_WORDS and not lead_in
                and not in_list)
        )
        if block.kind != "bullet":
            lead = block if block.text.endswith(":") and _words(block.text) <= _LEAD_WORDS else None
        if starts_new:
            groups.append((current_role, current))
            # A long list cut in two: the second part repeats what the list answers.
            repeat = lead is not None and block.kind == "bullet" and role != "reflection_question"
            current = [lead] if repeat and lead is not None else []
        current_role = role
        current.append(block)
    if current:
        groups.append((current_role, current))
    return groups + aside


def chunk_document(document: Document) -> list[Chunk]:
    """Every chunk of a parsed document, in reading order."""
    return [chunk for _, chunks in section_chunks(document) for chunk in chunks]


def section_chunks(document: Document) -> list[tuple[Section, list[Chunk]]]:
    """Each section of a parsed document with its chunks, in reading order."""
    meta = document.meta
    found = []
    for section in document.sections:
        chunks: list[Chunk] = []
        found.append((section, chunks))
        heading = " › ".join(section.path) or document.title
        for role, blocks in _groups(section, meta.get("kind")):
            label = _paragraph_label(blocks)
            chunks.append(Chunk(
                source=document.source,
                title=document.title,
                section=f"{heading}, para {label}" if label else heading,
                role=role,
                text=_render(blocks),
                paragraphs=label,
                partnership=meta.get("partnership"),
                year=meta.get("year"),
                link=meta.get("source"),
            ))
    return found
