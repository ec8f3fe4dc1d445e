"""How answers are graded and ranked: the calibrated numbers, read from `knowledge/answers.yaml`."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from ..curated.loaders import CurationError, _load_yaml

GRADES = ("strong", "weak", "none")


@dataclass(frozen=True)
class Policy:
    encoder: str  # the embedding model the bars were calibrated with
    calibrated_on: str  # the question set and date, for the person who recalibrates
    strong_from: float  # evidence at or above this: learning shown as learning
    weak_from: float  # evidence at or above this (and under strong_from): shown as background
    named_strong_from: float  # the same bars inside a review the prompt names
    named_weak_from: float
    named_coverage_min: float  # under this share of the prompt's words, a named review is silent
    named_coverage_words: int  # checked only for prompts of at most this many words
    k: int  # passages shown
    per_document: int  # at most this many from one document, unless the prompt names it
    per_section: int
    referred_weight: float  # multiplies the scores of a document the prompt refers to by its title
    dense_weight: float
    lexical_weight: float
    sentence_weight: float  # of a passage's meaning, the share of its closest sentence (0 to 1)
    role_weights: dict[str, float]  # multiplies a passage's fused score by its role
    kind_weights: dict[str, float]  # and by its document's kind
    procedures: int
    procedure_min: float  # cosine similarity a procedure needs to be offered
    document_questions: int
    document_question_min: float

    def grade(self, evidence: float, named: bool = False) -> str:
        """strong, weak or none, for an evidence measure (Ranking.evidence)."""
        strong, weak = ((self.named_strong_from, self.named_weak_from) if named
                        else (self.strong_from, self.weak_from))
        return "strong" if evidence >= strong else "weak" if evidence >= weak else "none"


_NUMBERS = {f.name for f in fields(Policy)} - {"encoder", "calibrated_on", "role_weights",
                                              "kind_weights"}
_COUNTS = {"named_coverage_words", "k", "per_document", "per_section", "procedures", "document_questions"}


def load_policy(path: Path, roles: tuple[str, ...], kinds: tuple[str, ...]) -> Policy:
    """The policy file, validated: every number present and in range, bars in order, a weight for
    every role and kind answers draw on. A mistake is named with the field."""
    data = _load_yaml(path)
    if not isinstance(data, dict):
        raise CurationError(f"{path} must be a mapping of settings")
    flat: dict = {}
    for group in data.values():
        if isinstance(group, dict):
            flat.update(group)
    values: dict = {}
    for name in sorted(_NUMBERS):
        value = flat.get(name)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise CurationError(f"{path.name}: '{name}' must be a number")
        if name in _COUNTS and (not isinstance(value, int) or value < 1):
            raise CurationError(f"{path.name}: '{name}' must be a whole number of at least 1")
        values[name] = value
    for name in ("encoder", "calibrated_on"):
        if not isinstance(flat.get(name), str) or not flat[name].strip():
            raise CurationError(f"{path.name}: '{name}' must say what the bars were calibrated on")
        values[name] = flat[name]
    if not 0 <= values["sentence_weight"] <= 1:
        raise CurationError(f"{path.name}: 'sentence_weight' must be from 0 to 1")
    for low, high in (("weak_from", "strong_from"), ("named_weak_from", "named_strong_from")):
        if values[low] > values[high]:
            raise CurationError(f"{path.name}: '{low}' must not be above '{high}'")
    values["role_weights"] = _weights(path, flat, "role_weights", roles)
    values["kind_weights"] = _weights(path, flat, "kind_weights", kinds)
    return Policy(**values)


def _weights(path: Path, flat: dict, name: str, needed: tuple[str, ...]) -> dict[str, float]:
    weights = flat.get(name)
    if not isinstance(weights, dict):
        raise CurationError(f"{path.name}: '{name}' must map each name to a weight")
    missing = [n for n in needed if n not in weights]
    if missing:
        raise CurationError(f"{path.name}: '{name}' has no weight for {', '.join(missing)}")
    for key, value in weights.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 2:
            raise CurationError(f"{path.name}: '{name}.{key}' must be a number from 0 to 2")
    return {str(k): float(v) for k, v in weights.items()}
