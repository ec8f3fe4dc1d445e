"""Documents admins upload: held aside until their metadata is confirmed, then filed in knowledge/."""

from __future__ import annotations

import re
import shutil
import time
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..config import Settings
from ..ingest import UnreadableDocument, parse_document
from ..ingest.discover import document_sizes
from ..ingest.duplicates import same_content
from ..ingest.inspect import Inspection, inspect_document
from ..ingest.metadata import read_sidecar, sidecar_path
from ..ingest.readers import MAX_BYTES, SUPPORTED
from .knowledge import require_admin

UPLOADS = "uploads"
HOLD_SECONDS = 24 * 3600  # an upload not confirmed within a day is deleted


class UploadRefused(ValueError):
    """The file cannot be added; the message says why, for the person who sent it."""


@dataclass
class Pending:
    key: str  # the held file's name, carried by the confirm button
    name: str  # the safe name it will have in the knowledge folder
    metadata: dict  # inferred: title, year, kind, publisher, source
    removed: str = ""  # identifiers that will be taken out before indexing, in words ('' if none)
    inspection: Inspection | None = None  # what the reader understood of it


def safe_filename(name: str) -> str:
    """A plain file name: no folders, no '..', nothing but letters, digits, '-', '_' and '.'."""
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    name = re.split(r"[\\/]", name)[-1]
    stem, dot, suffix = name.rpartition(".")
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem if dot else name).strip("-.")[:80] or "document"
    return f"{stem}.{suffix.lower()}" if dot and re.fullmatch(r"[A-Za-z0-9]{1,5}", suffix) else stem


def _held(settings: Settings) -> Path:
    """The folder of uploads awaiting confirmation; those unconfirmed for a day are deleted, as
    a file sent by mistake may hold identifiers."""
    folder = settings.data_dir / "pending-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.iterdir():
        if time.time() - stale.stat().st_mtime > HOLD_SECONDS:
            stale.unlink(missing_ok=True)
    return folder


def hold_upload(settings: Settings, *, actor: str, name: str, content: bytes) -> Pending:
    """Check an uploaded file, keep it aside and infer its metadata (raises UploadRefused,
    NotAllowed)."""
    require_admin(settings, actor)
    safe = safe_filename(name)
    suffix = Path(safe).suffix.lower()
    if suffix not in SUPPORTED:
        raise UploadRefused(f"I can add PDF, Word (.docx), web pages (.html) and text files, "
                            f"not '{suffix or 'no extension'}'.")
    if len(content) > MAX_BYTES:
        raise UploadRefused(f"That file is over {MAX_BYTES // (1024 * 1024)} MB; please send a "
                            "smaller one.")
    folder = _held(settings)
    _refuse_a_second_copy(settings, folder, content)
    key = f"{uuid.uuid4().hex}{suffix}"
    held = folder / key
    held.write_bytes(content)
    try:
        found = inspect_document(held, held.parent)
    except UnreadableDocument as exc:
        held.unlink()
        raise UploadRefused(f"I couldn't read {safe}: {exc}.") from None
    meta = {"title": found.title, "year": found.year, "kind": found.kind, "publisher": found.publisher,
            "source": found.link}
    return Pending(key, safe, meta, found.redacted, found)


def _refuse_a_second_copy(settings: Settings, folder: Path, content: bytes) -> None:
    """The same file (by content, whatever its name) already in the knowledge folder or
    waiting to be confirmed is refused, naming the document held."""
    knowledge = settings.knowledge_dir
    held = same_content(content, document_sizes(knowledge)) if knowledge.is_dir() else None
    if held is not None:
        raise UploadRefused(f"I already hold this document: “{_title(held, knowledge)}” "
                            f"({held.relative_to(knowledge).as_posix()}). Nothing was added.")
    waiting = same_content(content, sorted(folder.iterdir()))
    if waiting is not None:
        raise UploadRefused(f"This is the same file as “{_title(waiting, folder)}”, sent earlier and "
                            "waiting for its details to be confirmed: use the button on that "
                            "message. Nothing was added.")


def _title(path: Path, folder: Path) -> str:
    """A held document's title: its sidecar's, else the one read from it, else its name."""
    title = read_sidecar(path)[0].get("title")
    if not title:
        try:
            title = parse_document(path, folder, check_duplicates=False).title
        except (UnreadableDocument, OSError):
            title = path.name
    return str(title)


def accept_upload(settings: Settings, *, actor: str, key: str, name: str, metadata: dict) -> Path:
    """File a held upload under knowledge/uploads/ with its sidecar. Returns its new path."""
    require_admin(settings, actor)
    if not re.fullmatch(r"[0-9a-f]{32}\.[a-z0-9]{1,5}", key):
        raise UploadRefused("That upload reference is not one of mine.")
    held = _held(settings) / key
    if not held.exists():
        raise UploadRefused("I no longer hold that upload; please send the file again.")
    folder = (settings.knowledge_dir / UPLOADS).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / safe_filename(name)
    n = 2
    while target.exists():
        target = folder / f"{Path(safe_filename(name)).stem}-{n}{Path(target).suffix}"
        n += 1
    if target.resolve().parent != folder:
        raise UploadRefused("That file name is not allowed.")
    shutil.move(str(held), target)
    fields = {k: v for k, v in metadata.items() if v not in (None, "")}
    sidecar_path(target).write_text(
        "# Metadata confirmed by an admin at upload. Edit freely; reindex after a change.\n"
        + yaml.safe_dump(fields, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target
