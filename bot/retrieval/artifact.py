"""The index artifact: vectors, chunk table, lexical index and manifest, as one versioned folder.

`index/CURRENT` names the live version. A build writes a new version folder beside it and then
replaces CURRENT in one atomic step, so readers see the old index or the new one, never a mix.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..ingest import Chunk
from .embedder import TORCH, passage_encoder_kind
from .sentences import RowFile, SentenceVectors

FORMAT_VERSION = 2  # 2: sentence vectors beside the passages'
IVF_FROM = 50_000  # vectors; see index_type_for
IVF_PROBES = 64  # of 2*sqrt(n) lists: recall@10 0.98 at 32 probes over 100k, so twice that
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128
CURRENT = "CURRENT"


class IndexMissing(FileNotFoundError):
    """No index has been built in this directory yet."""


class IndexMismatch(ValueError):
    """The index was built differently from how this process would search it."""


@dataclass
class Artifact:
    """A loaded index: chunks, their vectors (FAISS) and lexical index, and the manifest."""

    manifest: dict
    chunks: list[Chunk]
    faiss_index: object
    lexical: object
    path: Path
    sentences: SentenceVectors

    @property
    def version(self) -> str:
        return self.path.name

    def documents(self) -> dict[str, dict]:
        """Source path -> the document's metadata (title, partnership, year, kind, ...)."""
        return self.manifest.get("documents", {})

    def passages(self, source: str | None = None) -> list[Chunk]:
        """The passages in document order: all, or one document's."""
        return self.chunks if source is None else [c for c in self.chunks if c.source == source]

    def summary(self) -> dict:
        """What a person is told of the index: its version, size, build time and settings."""
        return {"version": self.version, "documents": self.documents(), "passages": len(self.chunks),
                **{key: self.manifest.get(key) for key in ("built_at", "index_type", "model",
                                                           "chunker_version", "encoder")}}

    def vectors(self) -> np.ndarray:
        """All vectors, in chunk order (for reuse by an incremental build)."""
        n = self.faiss_index.ntotal  # type: ignore[attr-defined]
        return self.faiss_index.reconstruct_n(0, n) if n else np.zeros((0, 0), "float32")  # type: ignore[attr-defined]


def index_type_for(n: int) -> str:
    """Exact search below IVF_FROM vectors; an inverted file (IVF) above, where exact gets slow.
    The bar and the settings come from `reflect bench` (exact, IVF and HNSW side by side)."""
    return "ivf-ip" if n >= IVF_FROM else "flat-ip"


def vector_index(vectors: np.ndarray, index_type: str, dimension: int):  # type: ignore[no-untyped-def]
    """A FAISS inner-product index of the given type holding the vectors."""
    import faiss

    index: faiss.Index
    if index_type == "ivf-ip":
        lists = max(1, int(2 * np.sqrt(len(vectors))))
        ivf = faiss.IndexIVFFlat(faiss.IndexFlatIP(dimension), dimension, lists, faiss.METRIC_INNER_PRODUCT)
        ivf.train(np.ascontiguousarray(vectors, dtype="float32"))
        index = ivf
    elif index_type == "hnsw-ip":  # measured by the benchmark; not chosen (see index_type_for)
        graph = faiss.IndexHNSWFlat(dimension, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        graph.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index = graph
    else:
        index = faiss.IndexFlatIP(dimension)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype="float32"))
    return prepared(index, index_type)


def prepared(index, index_type: str):  # type: ignore[no-untyped-def]
    """An index set up to serve: IVF probes IVF_PROBES lists and can give back stored vectors."""
    import faiss

    if index_type == "ivf-ip":
        ivf = faiss.extract_index_ivf(index)
        ivf.nprobe = IVF_PROBES
        ivf.make_direct_map()
    elif index_type == "hnsw-ip":
        faiss.downcast_index(index).hnsw.efSearch = HNSW_EF_SEARCH  # type: ignore[attr-defined]
    return index


def live_version(index_dir: Path) -> Path | None:
    """The folder of the live index, or None when none has been built."""
    pointer = index_dir / CURRENT
    if not pointer.exists():
        return None
    path = index_dir / pointer.read_text(encoding="utf-8").strip()
    return path if (path / "manifest.json").exists() else None


def load(index_dir: Path, model: str, chunker_version: str, encoder: str | None = None) -> Artifact:
    """Load the live index, refusing one built with another model, encoder, dimension or chunker.

    `encoder` is the encoder kind the vectors must come from: by default the one this process
    builds with (embedder.passage_encoder_kind).
    """
    import faiss

    bm25s = _bm25s()
    path = live_version(index_dir)
    if path is None:
        raise IndexMissing(f"No index in {index_dir}. Build it with: reflect index build")
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        check_compatible(manifest, model, chunker_version,
                         encoder or passage_encoder_kind(model))
        with (path / "chunks.jsonl").open(encoding="utf-8") as fh:
            chunks = [Chunk(**json.loads(line)) for line in fh]
        index = faiss.read_index(str(path / "vectors.faiss"))
        index = prepared(index, manifest.get("index_type", "flat-ip"))
        if index.ntotal != len(chunks) or index.d != manifest["dimension"]:
            raise IndexMismatch(f"The index in {path} is damaged (vectors and chunks disagree). "
                                "Rebuild it with: reflect index build")
        lexical = bm25s.BM25.load(str(path / "lexical"), show_progress=False)
        sentences = SentenceVectors(RowFile(path / "sentences.npy"),  # read from disk as needed
                                    np.load(path / "sentence_starts.npy"))
        if len(sentences.starts) != len(chunks) or sentences.vectors.shape[1:] != (index.d,):
            raise IndexMismatch(f"The index in {path} is damaged (sentences and chunks disagree). "
                                "Rebuild it with: reflect index build")
    except IndexMismatch:
        raise
    except (OSError, ValueError, RuntimeError, KeyError, TypeError, AttributeError) as exc:
        detail = (str(exc).strip().splitlines() or [type(exc).__name__])[-1][:200]
        raise IndexMismatch(f"The index in {path} is damaged or incomplete ({detail}). Rebuild "
                            "it with: reflect index build (the documents are not affected)") from exc
    return Artifact(manifest, chunks, index, lexical, path, sentences)


def check_compatible(manifest: dict, model: str, chunker_version: str, encoder: str) -> None:
    """Raise IndexMismatch with advice when the index cannot serve this configuration."""
    problems, advice = [], []
    if manifest.get("format_version") != FORMAT_VERSION:
        problems.append(f"format {manifest.get('format_version')} (expected {FORMAT_VERSION})")
    if manifest.get("model") != model:
        problems.append(f"model '{manifest.get('model')}' (this process uses '{model}')")
        advice.append("set REFLECT_MODEL to the model it was built with")
    built_by = manifest.get("encoder", TORCH)  # indexes from before the field were built by torch
    if manifest.get("model") == model and built_by != encoder:
        problems.append(f"the {built_by} encoder (this process embeds passages with {encoder})")
        advice.append(f"set REFLECT_PASSAGE_ENCODER={built_by} to serve it as built")
    if manifest.get("chunker_version") != chunker_version:
        problems.append(f"chunker {manifest.get('chunker_version')} (expected {chunker_version})")
    if problems:
        raise IndexMismatch(
            "The index was built with " + ", ".join(problems) + ". Rebuild it with "
            "`reflect index build`" + "".join(f", or {a}" for a in advice) + "."
        )


def save(index_dir: Path, manifest: dict, chunks: list[Chunk], vectors: np.ndarray,
         sentences: SentenceVectors, lexical_tokens: list[list[str]]) -> Path:
    """Write a new version folder and switch CURRENT to it atomically. Returns the new folder."""
    import faiss

    bm25s = _bm25s()
    index_dir.mkdir(parents=True, exist_ok=True)
    name = f"v-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
    staging = index_dir / f".{name}.tmp"
    staging.mkdir()
    try:
        manifest = {**manifest, "index_type": index_type_for(len(vectors))}
        index = vector_index(vectors, manifest["index_type"], manifest["dimension"])
        try:
            faiss.write_index(index, str(staging / "vectors.faiss"))
        except RuntimeError as exc:  # faiss reports a failed write (a full disk) this way
            raise OSError(str(exc).strip().splitlines()[-1]) from exc
        with (staging / "chunks.jsonl").open("w", encoding="utf-8") as fh:
            for chunk in chunks:
                fh.write(json.dumps(chunk.to_dict(), ensure_ascii=False) + "\n")
        np.save(staging / "sentences.npy", sentences.array())
        np.save(staging / "sentence_starts.npy", sentences.starts)
        lexical = bm25s.BM25()
        lexical.index(lexical_tokens, show_progress=False)
        lexical.save(str(staging / "lexical"), show_progress=False)
        _write_json(staging / "manifest.json", manifest)  # last: its presence marks a whole version
        _fsync_tree(staging)
        final = index_dir / name
        staging.rename(final)
        _write_text_atomic(index_dir / CURRENT, name)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _remove_old_versions(index_dir, keep={name})
    return final


def _bm25s():  # type: ignore[no-untyped-def]
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets DEBUG on import
    return bm25s


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")


def _write_text_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:6]}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _fsync_tree(folder: Path) -> None:
    for file in folder.rglob("*"):
        if file.is_file():
            with file.open("rb") as fh:
                os.fsync(fh.fileno())


def _remove_old_versions(index_dir: Path, keep: set[str], spare: int = 1) -> None:
    """Delete superseded versions, sparing the most recent `spare` for readers still on them."""
    old = sorted((p for p in index_dir.glob("v-*") if p.is_dir() and p.name not in keep),
                 key=lambda p: p.name, reverse=True)
    for path in old[spare:]:
        shutil.rmtree(path, ignore_errors=True)
    for stale in index_dir.glob(".v-*.tmp"):
        if time.time() - stale.stat().st_mtime > 3600:  # a build that was killed long ago
            shutil.rmtree(stale, ignore_errors=True)
