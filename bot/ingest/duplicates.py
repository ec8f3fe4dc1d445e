"""The same document twice: files whose bytes are identical, whatever their names."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from .discover import document_sizes
from .readers import UnreadableDocument


class DuplicateDocument(UnreadableDocument):
    """A file whose content another file in the knowledge folder already holds: not indexed
    twice; the message names the copy that is."""


def file_digest(path: Path) -> str:
    """The sha256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def same_content(content: bytes, candidates: Iterable[Path]) -> Path | None:
    """The first candidate holding exactly these bytes (sizes compared first, then sha256)."""
    digest = hashlib.sha256(content).hexdigest()
    for path in candidates:
        try:
            if path.stat().st_size == len(content) and file_digest(path) == digest:
                return path
        except OSError:
            continue  # gone while we looked
    return None


def _held_first(path: Path) -> tuple[int, str]:
    """Which of two copies was there first: the older file, then the earlier name."""
    return path.stat().st_mtime_ns, path.as_posix()


def duplicate_of(path: Path, knowledge_dir: Path) -> Path | None:
    """Another file of this type in the knowledge folder with this file's content, held before
    it; None when this file is the first (or only) copy. The first copy is the one indexed."""
    size, suffix = path.stat().st_size, path.suffix.lower()
    # The same bytes under another type are read by another reader (a web page saved as '.pdf'
    # is refused, the same page as '.html' read): not the same document to the index.
    twins = [p for p, n in document_sizes(knowledge_dir).items()
             if n == size and p != path and p.suffix.lower() == suffix]
    if not twins:
        return None
    digest = file_digest(path)
    earlier = [p for p in twins if _held_first(p) < _held_first(path) and file_digest(p) == digest]
    return min(earlier, key=_held_first) if earlier else None

