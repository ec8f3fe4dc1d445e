"""The curated YAML a safeguarding lead edits is complete, and mistakes in it are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.curated import CurationError, load_abbreviations, load_question_bank, load_themes
from tests.conftest import KNOWLEDGE


def test_taxonomy_covers_the_field_and_every_theme_has_questions():
    themes = load_themes(KNOWLEDGE / "themes.yaml")
    assert 25 <= len(themes) <= 30
    ids = {t.id for t in themes}
    for expected in ("professional_curiosity", "disguised_compliance", "unseen_men",
                     "voice_of_the_child", "escalation", "domestic_abuse", "pre_birth_assessment",
                     "bruising_non_mobile_babies", "was_not_brought", "safe_sleep"):
        assert expected in ids
    bank = load_question_bank(KNOWLEDGE / "questions.yaml", ids)
    assert set(bank) == ids | {None}
    assert all(len(qs) >= 3 for qs in bank.values())
    assert all(t.terms and t.definition and len(t.label) <= 60 for t in themes)


def test_abbreviations_practitioners_type_are_known():
    abbreviations = load_abbreviations(KNOWLEDGE / "abbreviations.yaml")
    for short in ("hv", "sw", "csc", "nfa", "dv", "da", "cin", "cp", "s47", "icpc", "plo", "dsl"):
        assert short in abbreviations


@pytest.mark.parametrize("themes_yaml,message", [
    ("themes: []", "list under 'themes:'"),
    ("themes:\n  - id: Bad Id\n    label: x\n    definition: y\n    terms: [z]", "snake_case"),
    ("themes:\n  - id: a\n    label: x\n    terms: [z]", "needs a label and a definition"),
    ("themes:\n  - id: a\n    label: x\n    definition: y\n    terms: [z]\n"
     "  - id: a\n    label: x\n    definition: y\n    terms: [z]", "used twice"),
    ("themes: [unclosed", "not valid YAML"),
])
def test_a_broken_theme_file_is_refused_with_the_reason(tmp_path: Path, themes_yaml: str,
                                                       message: str):
    path = tmp_path / "themes.yaml"
    path.write_text(themes_yaml, encoding="utf-8")
    with pytest.raises(CurationError, match=message):
        load_themes(path)


def test_questions_for_an_unknown_theme_or_without_a_question_mark_are_refused(tmp_path: Path):
    path = tmp_path / "questions.yaml"
    path.write_text("general: ['What do you know?']\nthemes:\n  nope: ['Why?']\n", encoding="utf-8")
    with pytest.raises(CurationError, match="'nope' is not in themes.yaml"):
        load_question_bank(path, {"a"})
    path.write_text("general: ['What do you know?']\nthemes:\n  a: [Tell me more.]\n")
    with pytest.raises(CurationError, match="without '\\?'"):
        load_question_bank(path, {"a"})
    path.write_text("general: ['What do you know?']\nthemes:\n  a: ['Why?']\n")
    with pytest.raises(CurationError, match="no questions for theme\\(s\\) b"):
        load_question_bank(path, {"a", "b"})
