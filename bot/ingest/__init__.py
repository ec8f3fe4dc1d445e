"""Ingestion: knowledge files in, citable chunks out."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..privacy import DOCUMENT_KINDS, counted, redact
from .chunker import CHUNKER_VERSION, chunk_document
from .clean import clean_lines
from .discover import discover
from .metadata import document_metadata, sidecar_path
from .model import Chunk, Document
from .readers import UnreadableDocument, read_text
from .structure import parse_sections

__all__ = ["CHUNKER_VERSION", "Chunk", "Document", "UnreadableDocument", "chunk_document",
           "content_hash", "discover", "parse_document"]


def content_hash(path: Path) -> str:
    """A hash of the document and its sidecar: either changing means re-embedding."""
    digest = hashlib.sha256(path.read_bytes())
    side = sidecar_path(path)
    if side.exists():
        digest.update(b"\0sidecar\0" + side.read_bytes())
    return digest.hexdigest()


def parse_document(path: Path, knowledge_dir: Path) -> Document:
    """Read, clean and structure one knowledge file. Raises UnreadableDocument."""
    text, removed = redact(read_text(path), DOCUMENT_KINDS)  # before anything is indexed
    meta, warnings = document_metadata(path, text)
    if removed:
        warnings.append(f"removed before indexing: {counted(removed)}")
    sections = parse_sections(clean_lines(text), meta.get("kind"))
    if not sections:
        raise UnreadableDocument("no passages could be found in it")
    source = path.relative_to(knowledge_dir).as_posix()
    return Document(source, meta, sections, content_hash(path), warnings, removed)
