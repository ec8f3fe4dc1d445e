"""Encoding in batches: texts of like length together, vectors back in the order given."""

from __future__ import annotations

import numpy as np

from bot.retrieval.embedder import in_batches


def test_batches_hold_texts_of_like_length_and_vectors_come_back_in_order():  # type: ignore[no-untyped-def]
    texts = ["a" * n for n in (50, 3, 41, 7, 12, 90, 1, 64, 25)]
    batches: list[list[int]] = []
    done: list[int] = []

    def encode(batch: list[str]) -> np.ndarray:
        batches.append([len(t) for t in batch])
        return np.array([[len(t), 1.0] for t in batch], dtype="float32")

    vectors = in_batches(texts, 4, 2, done.append, encode)
    assert vectors.dtype == np.float32 and vectors[:, 0].tolist() == [len(t) for t in texts]
    assert batches == [[1, 3, 7, 12], [25, 41, 50, 64], [90]]
    assert done == [4, 4, 1]
    assert in_batches([], 4, 2, None, encode).shape == (0, 2)
