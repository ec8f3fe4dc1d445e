"""Detect the practice themes in a prompt: the words practitioners use, and meaning."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

import numpy as np

from ..curated import Theme

MAX_THEMES = 3
TERM_WEIGHT = 0.15  # each matched term (up to two) adds this to the theme's similarity
MIN_SIMILARITY_WITH_TERM = 0.15
MIN_SIMILARITY_ALONE = 0.42


@dataclass
class DetectedTheme:
    id: str
    label: str
    score: float


class ThemeDetector:
    def __init__(self, themes: list[Theme], vectors: np.ndarray):
        self.themes = themes
        self.vectors = vectors  # one per theme: label and definition, embedded
        self._patterns = [
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in theme.terms) + r")(?:s|es)?(?!\w)",
                       re.I)
            for theme in themes
        ]

    @staticmethod
    def theme_text(theme: Theme) -> str:
        return f"{theme.label}. {theme.definition}"

    def uncovered(self, passages: list[str], minimum: int) -> set[str]:
        """Themes whose words appear in fewer than `minimum` passages: the index is silent on them."""
        return {theme.id for theme, pattern in zip(self.themes, self._patterns)
                if len(list(islice((p for p in passages if pattern.search(p)), minimum))) < minimum}

    def detect(self, text: str, vector: np.ndarray) -> list[DetectedTheme]:
        """The themes the text is about, best first, with a score in [0, 1]; a theme for young
        babies only is left out when the prompt says the child is older."""
        similarity = self.vectors @ vector.reshape(-1)
        age = age_in_months(text)
        found = []
        for theme, pattern, sim in zip(self.themes, self._patterns, similarity):
            if age is not None and theme.under_months is not None and age >= theme.under_months:
                continue
            matched = {m.group(0).lower() for m in pattern.finditer(text)}
            score = float(sim) + TERM_WEIGHT * min(len(matched), 2)
            phrase = any(" " in m for m in matched)  # "strategy meeting" is plain enough alone
            if phrase or (matched and sim >= MIN_SIMILARITY_WITH_TERM) or sim >= MIN_SIMILARITY_ALONE:
                found.append(DetectedTheme(theme.id, theme.label, round(min(score, 1.0), 3)))
        found.sort(key=lambda t: -t.score)
        return found[:MAX_THEMES]


_AGE = re.compile(
    r"(?<![\w/])(\d{1,2})\s*-?\s*(?:(yo|y/o|yrs?|years?)(?:\s*-?\s*old)?|(mo|mths?|months?)"
    r"(?:\s*-?\s*old)?|(wks?|weeks?)(?:\s*-?\s*old)?)(?!\w)", re.I)
_AGED_WORDS = {"toddler": 24, "preschooler": 36, "teenager": 156, "teen": 156, "adolescent": 156}


def age_in_months(text: str) -> int | None:
    """The youngest age the prompt gives a child ('2yo', '18 month old', 'toddler'), in months."""
    ages = []
    for m in _AGE.finditer(text):
        n = int(m.group(1))
        ages.append(n * 12 if m.group(2) else n if m.group(3) else n // 4)
    words = set(re.findall(r"[a-z]+", text.lower()))
    ages += [months for word, months in _AGED_WORDS.items() if word in words]
    return min(ages) if ages else None
