"""Ingestion: knowledge files in, citable chunks out."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..privacy import DOCUMENT_KINDS, counted, redact
from .chunker import CHUNKER_VERSION, chunk_document
from .clean import clean_lines
from .discover import discover
from .dropped import note
from .duplicates import DuplicateDocument, duplicate_of
from .metadata import document_metadata, sidecar_path
from .model import Chunk, Document
from .publisher import infer_publisher
from .readers import UnreadableDocument, read_text
from .structure import parse_sections

__all__ = ["CHUNKER_VERSION", "Chunk", "Document", "DuplicateDocument", "UnreadableDocument",
           "chunk_document", "content_hash", "discover", "parse_document"]


def content_hash(path: Path) -> str:
    """A hash of the document and its sidecar: either changing means re-embedding."""
    digest = hashlib.sha256(path.read_bytes())
    side = sidecar_path(path)
    if side.exists():
        digest.update(b"\0sidecar\0" + side.read_bytes())
    return digest.hexdigest()


_SOURCE_LINE = re.compile(r"\A\s*source:\s*(https?://\S+)[^\n]*\n", re.I)
_WEB_CHROME = re.compile(r"^[ \t]*(skip to (main )?content\.?|toggle (menu|contrast|navigation|search)|"
                         r"menu|search( this site)?|close|back to top|print( this page)?|"
                         r"share( this page)?|(accept|reject)( all)? cookies|cookie settings)[ \t]*$\n?",
                         re.I | re.M)


# A saved page that only says the site could not find what was asked for.
_ERROR_PAGE = re.compile(r"\b(?:not found|404|page (?:is )?(?:missing|unavailable)|"
                         r"no longer available|error)\b", re.I)
ERROR_PAGE_WORDS = 150  # an error page says little; a document about errors says more


def web_source(text: str) -> tuple[str, str]:
    """A saved web page's text without its 'Source: URL' line and its navigation, and the URL."""
    found = _SOURCE_LINE.match(text)
    link = found.group(1) if found else ""
    text = text[found.end():] if found else text
    note("source line", 1 if found else 0)
    text, lines = _WEB_CHROME.subn("", text)
    note("saved page navigation", lines)
    return text, link


def parse_document(path: Path, knowledge_dir: Path, *, check_duplicates: bool = True) -> Document:
    """Read, clean and structure one knowledge file. Raises UnreadableDocument, and
    DuplicateDocument for a second copy of a file the knowledge folder already holds."""
    first = duplicate_of(path, knowledge_dir) if check_duplicates else None
    if first is not None:
        raise DuplicateDocument(f"a duplicate of {first.relative_to(knowledge_dir).as_posix()} (the same "
                                "file under another name), which is indexed instead")
    text, link = web_source(read_text(path))
    text, removed = redact(text, DOCUMENT_KINDS)  # before anything is indexed
    meta, warnings = document_metadata(path, text, link)
    if link and not meta.get("source"):
        meta["source"] = link
    if not meta.get("publisher"):  # who issued it, when it says; else the partnership named beside it
        inferred = infer_publisher(text, meta.get("kind"), meta.get("source"))
        meta["publisher"] = inferred or meta.get("partnership")
    if removed:
        warnings.append(f"removed before indexing: {counted(removed)}")
    sections = parse_sections(clean_lines(text), meta.get("kind"))
    if not sections:
        raise UnreadableDocument("no passages could be found in it")
    title = str(meta.get("title") or "")
    words = sum(len(b.text.split()) for x in sections for b in x.blocks)
    if _ERROR_PAGE.search(title) and words < ERROR_PAGE_WORDS:
        raise UnreadableDocument(f"it is a web site's error page (“{title}”), not a document: open "
                                 "the document's own page, or download its PDF, and send that")
    source = path.relative_to(knowledge_dir).as_posix()
    return Document(source, meta, sections, content_hash(path), warnings, removed)
