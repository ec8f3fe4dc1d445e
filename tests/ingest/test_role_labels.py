"""Role wording in one place: what a practitioner is told a passage is, and role counts."""

from __future__ import annotations

from bot.ingest.model import ROLES, role_count, role_label


def test_every_role_has_a_practitioner_facing_label_and_boilerplate_has_none():
    assert {r: role_label(r) for r in ROLES} == {
        "background": "what happened", "concern": "concern", "incident": "what happened",
        "finding": "finding", "learning_point": "learning", "recommendation": "recommendation",
        "reflection_question": "question to reflect on", "action": "action", "procedure": "procedure",
        "guidance": "guidance", "context": "", "other": ""}
    assert role_label("a role nobody defined") == ""


def test_roles_are_counted_as_a_person_reads_them():
    assert [role_count("finding", 12), role_count("finding", 1), role_count("learning_point", 2),
            role_count("reflection_question", 3), role_count("guidance", 1),
            role_count("context", 20)] == [
        "12 findings", "1 finding", "2 learning points", "3 questions to reflect on",
        "1 guidance passage", "20 context passages"]
