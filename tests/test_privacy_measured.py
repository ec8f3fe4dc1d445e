"""Redaction recall and precision on the labelled synthetic set in tests/privacy_cases.py.

The set was written knowing the redactor's patterns, so these figures are a floor that must not
fall, not an estimate of recall on messages nobody has seen.
"""

from __future__ import annotations

from collections import Counter

from bot.privacy import describe, redact
from tests.privacy_cases import cases


def measure() -> tuple[dict[str, float], float]:
    """Recall by kind (the identifier no longer appears) and precision over labelled strings."""
    caught, total, decoys_lost, decoys = Counter(), Counter(), 0, 0
    for case in cases():
        out, _ = redact(case.text)
        for kind, values in case.identifiers.items():
            for value in values:
                total[kind] += 1
                caught[kind] += not any(part in out for part in value.split() if part.istitle()) \
                    if kind == "name" else value not in out
        decoys += len(case.decoys)
        decoys_lost += sum(decoy not in out for decoy in case.decoys)
    recall = {kind: caught[kind] / total[kind] for kind in total}
    removed = sum(caught.values())
    return recall, removed / (removed + decoys_lost)


def test_every_kind_of_identifier_is_removed_and_decoys_survive():
    recall, precision = measure()
    assert set(recall) == {"date_of_birth", "nhs_number", "nhs_number_invalid", "ni_number",
                           "postcode", "phone", "email", "address", "name"}
    assert recall == dict.fromkeys(recall, 1.0), recall
    assert precision == 1.0


def test_a_mistyped_nhs_number_is_removed_and_the_person_told():
    out, removed = redact("nhs no 943 476 5918 and a bruise")  # the check digit is wrong
    assert "5918" not in out and "[number]" in out
    assert "ten-digit number" in describe(removed)
