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


@pytest.mark.parametrize("change,message", [
    (("  sentence_weight: 0.25", "  sentence_weight: 1.5"), "'sentence_weight' must be from 0 to 1"),
    (("  sentence_weight: 0.25", "  sentence_weight: half"), "'sentence_weight' must be a number"),
    (("  weak_from: 0.50", "  weak_from: 0.70"), "'weak_from' must not be above 'strong_from'"),
    (("  k: 5 ", "  k: 0 "), "'k' must be a whole number of at least 1"),
    (("    finding: 1.0\n", ""), "'role_weights' has no weight for finding"),
])
def test_a_mistake_in_the_answer_policy_is_named_with_its_field(tmp_path: Path,
                                                                 change: tuple[str, str], message: str):
    from bot.reflection.answer import LEARNING_ROLES
    from bot.reflection.policy import load_policy

    shipped = (KNOWLEDGE / "answers.yaml").read_text(encoding="utf-8")
    assert change[0] in shipped
    path = tmp_path / "answers.yaml"
    path.write_text(shipped.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(CurationError, match=message):
        load_policy(path, LEARNING_ROLES, ())
    assert load_policy(KNOWLEDGE / "answers.yaml", LEARNING_ROLES, ()).sentence_weight == 0.25
