"""Build the index incrementally: only new and changed documents are embedded."""

from __future__ import annotations

import fcntl
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from ..ingest import (
    CHUNKER_VERSION,
    Chunk,
    UnreadableDocument,
    chunk_document,
    content_hash,
    discover,
    parse_document,
)
from . import artifact
from .embedder import Encoder
from .sentences import SentenceVectors, joined, sentences_of
from .text import tokenize

# A document as the build keeps it: source, manifest entry, passages, and the passage and
# sentence vectors reused from the live index (None: to be embedded).
Kept = tuple[str, dict, list[Chunk], tuple[np.ndarray, SentenceVectors] | None]


class BuildError(RuntimeError):
    """The build could not produce a usable index; the live index is untouched."""


@dataclass
class BuildReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, why)
    warnings: list[str] = field(default_factory=list)
    documents: int = 0
    chunks: int = 0
    embedded: int = 0
    seconds: float = 0.0
    version: str = ""

    @property
    def wrote_new_version(self) -> bool:
        return bool(self.added or self.changed or self.removed)


Progress = Callable[[str, int, int], None]  # (stage, done, total)


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """One build at a time per index directory; a second is refused with a message."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / ".build.lock").open("w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(
                "Another index build is running; try again when it has finished.") from None
        yield


def build_index(knowledge_dir: Path, index_dir: Path, embedder: Encoder,
                progress: Progress | None = None) -> BuildReport:
    """Bring the index in line with the knowledge directory; report what changed and why."""
    started = time.perf_counter()
    with build_lock(index_dir):
        report = BuildReport()
        previous = _previous(index_dir, embedder)
        old_docs = previous.manifest["documents"] if previous else {}
        old_vectors = previous.vectors() if previous else None
        kept: list[Kept] = []
        files = discover(knowledge_dir)
        for n, path in enumerate(files, 1):
            if progress:
                progress("reading", n, len(files))
            source = path.relative_to(knowledge_dir).as_posix()
            try:
                digest = content_hash(path)
                old = old_docs.get(source)
                if old and old["hash"] == digest and previous is not None and old_vectors is not None:
                    start, end = old["rows"]
                    kept.append((source, old, previous.chunks[start:end],
                                 (old_vectors[start:end], previous.sentences.take(range(start, end)))))
                    report.unchanged.append(source)
                    continue
                document = parse_document(path, knowledge_dir)
                chunks = chunk_document(document)
                report.warnings += [f"{source}: {w}" for w in document.warnings]
            except UnreadableDocument as exc:
                report.skipped.append((source, str(exc)))
                continue
            except OSError as exc:
                report.skipped.append((source, f"could not be opened ({exc.strerror})"))
                continue
            entry = {"hash": digest, "title": document.title, "kind": document.meta.get("kind"),
                     "partnership": document.meta.get("partnership"),
                     "year": document.meta.get("year"), "aliases": document.meta.get("aliases", [])}
            kept.append((source, entry, chunks, None))
            (report.changed if old else report.added).append(source)
        found = {source for source, *_ in kept}
        report.removed = sorted(s for s in old_docs if s not in found)
        if not kept:
            raise BuildError(_nothing_usable(knowledge_dir, report))
        if previous is not None and not report.wrote_new_version:
            report.version, report.documents = previous.version, len(kept)
            report.chunks, report.seconds = len(previous.chunks), time.perf_counter() - started
            return report
        _write(index_dir, kept, embedder, report, progress)
        report.seconds = time.perf_counter() - started
        return report


def _previous(index_dir: Path, embedder: Encoder) -> artifact.Artifact | None:
    """The live index if it can be reused; a missing, incompatible or damaged one (or one whose
    vectors another encoder made) means a full build from the documents."""
    try:
        return artifact.load(index_dir, embedder.name, CHUNKER_VERSION, embedder.kind)
    except Exception:
        return None


def _write(index_dir: Path, kept: list, embedder: Encoder, report: BuildReport,
           progress: Progress | None) -> None:
    to_embed = [c for _, _, chunks, reused in kept if reused is None for c in chunks]
    said = [sentences_of(c) for c in to_embed]
    total, done = len(to_embed) + sum(map(len, said)), 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("embedding", done, total)

    fresh = iter(embedder.encode([c.embed_text() for c in to_embed], progress=step))
    fresh_sentences = embedder.encode([s for sentences in said for s in sentences], progress=step)
    counts = iter(map(len, said))
    all_chunks: list[Chunk] = []
    rows: list[np.ndarray] = []
    sentence_parts: list[SentenceVectors] = []
    documents: dict[str, dict] = {}
    taken = 0
    for source, entry, chunks, reused in kept:
        start = len(all_chunks)
        all_chunks += chunks
        if reused is not None:
            rows += list(reused[0])
            sentence_parts.append(reused[1])
        else:
            rows += [next(fresh) for _ in chunks]
            mine = [next(counts) for _ in chunks]
            sentence_parts.append(SentenceVectors.of(fresh_sentences[taken:taken + sum(mine)], mine))
            taken += sum(mine)
        documents[source] = {**entry, "rows": [start, len(all_chunks)]}
    manifest = {
        "format_version": artifact.FORMAT_VERSION,
        "model": embedder.name,
        "encoder": embedder.kind,
        "dimension": embedder.dimension,
        "chunker_version": CHUNKER_VERSION,
        "index_type": "flat-ip",
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "documents": documents,
    }
    vectors = np.vstack(rows) if rows else np.zeros((0, embedder.dimension), "float32")
    tokens = [tokenize(f"{c.title} {c.section} {c.text}") for c in all_chunks]
    try:
        path = artifact.save(index_dir, manifest, all_chunks, vectors,
                             joined(sentence_parts, embedder.dimension), tokens)
    except OSError as exc:  # a full disk, a quota, a read-only folder: the old version serves on
        raise BuildError(f"The new index could not be written in {index_dir} "
                         f"({exc.strerror or exc}): is the disk full? The live index "
                         "is unchanged and still serves; free some space and build again.") from exc
    report.version, report.documents = path.name, len(documents)
    report.chunks, report.embedded = len(all_chunks), len(to_embed)


def _nothing_usable(knowledge_dir: Path, report: BuildReport) -> str:
    lines = [f"Nothing usable was found in {knowledge_dir}; the previous index (if any) is "
             "unchanged. Add review documents (.txt, .md, .pdf, .docx, .html) and build again."]
    lines += [f"  skipped {name}: {why}" for name, why in report.skipped]
    return "\n".join(lines)
