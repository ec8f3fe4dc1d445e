"""Curated knowledge that a safeguarding lead edits as YAML: themes, questions, abbreviations."""

from .loaders import (
    CurationError,
    Theme,
    load_abbreviations,
    load_question_bank,
    load_themes,
)

__all__ = ["CurationError", "Theme", "load_abbreviations", "load_question_bank", "load_themes"]
