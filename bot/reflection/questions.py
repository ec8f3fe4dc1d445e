"""Choose 3-5 reflection questions fitted to a prompt: from the documents and the bank."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .themes import DetectedTheme

TARGET = 4
MINIMUM = 3
MAX_FROM_DOCUMENTS = 2
BANK_SOURCE = "questions.yaml"


@dataclass
class Question:
    text: str
    theme: str | None
    source: str  # a document's path, or the question bank file
    origin: str | None = None  # the title of the document that asks it, shown beside it


class QuestionBank:
    """The curated questions, embedded once so the ones closest to a prompt can be chosen."""

    def __init__(self, bank: dict[str | None, list[str]], vectors: dict[str | None, np.ndarray]):
        self.bank = bank
        self.vectors = vectors

    @classmethod
    def of(cls, bank: dict[str | None, list[str]], vectors: np.ndarray) -> QuestionBank:
        """The bank from one block of vectors, in the bank's order."""
        split, start = {}, 0
        for key, questions in bank.items():
            split[key] = vectors[start:start + len(questions)]
            start += len(questions)
        return cls(bank, split)

    def closest(self, theme: str | None, vector: np.ndarray, taken: set[str]) -> str | None:
        """The question of this theme nearest the prompt, not already taken."""
        questions = self.bank.get(theme, [])
        if not questions:
            return None
        order = np.argsort(-(self.vectors[theme] @ vector.reshape(-1)))
        return next((questions[i] for i in order if questions[i] not in taken), None)


def choose(bank: QuestionBank, vector: np.ndarray, themes: list[DetectedTheme],
           document_questions: list[Question]) -> list[Question]:
    """Document questions that fit first, then the bank's, theme by theme, then general ones."""
    chosen = list(document_questions[:MAX_FROM_DOCUMENTS])
    taken = {q.text for q in chosen}
    theme_ids = [t.id for t in themes]
    while len(chosen) < TARGET and theme_ids:
        for theme_id in list(theme_ids):
            text = bank.closest(theme_id, vector, taken)
            if text is None:
                theme_ids.remove(theme_id)
                continue
            chosen.append(Question(text, theme_id, BANK_SOURCE))
            taken.add(text)
            if len(chosen) == TARGET:
                break
    general_target = MINIMUM if themes else TARGET
    while len(chosen) < general_target:
        text = bank.closest(None, vector, taken)
        if text is None:
            break
        chosen.append(Question(text, None, BANK_SOURCE))
        taken.add(text)
    return chosen
