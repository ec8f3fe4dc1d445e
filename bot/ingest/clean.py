"""Clean the residue that PDF-to-text and HTML leave in review documents."""

from __future__ import annotations

import re
import unicodedata

_FOOTNOTE_LINE = re.compile(r"^\s*<sup>\s*\d+\s*</sup>.*$")
_SUP = re.compile(r"<sup>\s*[^<]{0,6}</sup>", re.I)
_BR = re.compile(r"<br\s*/?>", re.I)
_LI = re.compile(r"<li[^>]*>", re.I)
_TAG = re.compile(r"</?[a-zA-Z][^>]{0,300}>")
_MD_LINK = re.compile(r"\[([^\]]{1,300})\]\(([^)\s]*)\)")
_MD_ESCAPE = re.compile(r"\\([()\[\]*_#.\-])")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")
_RULE = re.compile(r"^\s*(-{3,}|\*{3,}|_{3,})\s*$")
_SPACES = re.compile(r"[ \u00a0\u2000-\u200b]+")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&nbsp;": " ", "&quot;": '"', "&#39;": "'"}


def clean_inline(text: str) -> str:
    """Strip markup from one line of text, keeping its words."""
    text = _SUP.sub("", text)
    text = _BR.sub(" ", text)
    text = _LI.sub(" • ", text)
    text = _TAG.sub(" ", text)
    for entity, char in _ENTITIES.items():
        text = text.replace(entity, char)
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _MD_ESCAPE.sub(r"\1", text)
    text = _BOLD.sub(r"\1", text)
    text = _ITALIC.sub(r"\1", text)
    return _SPACES.sub(" ", text).strip()


def clean_lines(text: str) -> list[str]:
    """Normalise a document's text into lines: no rules, no footnotes, no control characters."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    lines = []
    for line in text.split("\n"):
        if _RULE.match(line) or _FOOTNOTE_LINE.match(line):
            lines.append("")
            continue
        lines.append(line.rstrip())
    return lines


def links_in(text: str) -> list[str]:
    """The real link targets in a piece of markdown (lost targets like '#' are ignored)."""
    return [m.group(2) for m in _MD_LINK.finditer(text) if m.group(2).startswith("http")]
