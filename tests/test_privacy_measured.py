"""Redaction measured on labelled messages: material nobody on the project wrote, and our own.

- `../shared/eval/privacy/privacy_dev.jsonl`: 929 messages written independently of this code
  (read where it lies, with its own scorer; skipped where the folder is absent, as in a user's
  clone).
- `tests/data/privacy_second.jsonl` (300 messages), `tests/data/privacy_third.jsonl` (200, in
  other voices, with threads) and `tests/data/privacy_fourth.jsonl` (200, scored once, never
  tuned on): written from that set's labelling policy alone, by people who did not read the code.
- `tests/data/privacy_other_languages.jsonl` (150, in Polish, Welsh, Romanian, Lithuanian,
  Portuguese, Spanish, romanised Urdu and Hindi, Czech and Slovak, 40 decoys): written the same
  way, and used to develop the other-language rules; `privacy_other_languages_heldout.jsonl`
  (100 more, 25 decoys) scored once and never read.
- `tests/privacy_cases.py`: our own synthetic set, written knowing the patterns: a floor that
  must not fall, not an estimate.

The floors sit just under what was measured when they were set (README, "Privacy"), so a change
that loses identifiers or starts garbling ordinary words fails here.
"""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from bot.privacy import describe, redact
from tests.privacy_cases import cases

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval" / "privacy"
SECOND = Path(__file__).resolve().parent / "data" / "privacy_second.jsonl"
THIRD = Path(__file__).resolve().parent / "data" / "privacy_third.jsonl"
FOURTH = Path(__file__).resolve().parent / "data" / "privacy_fourth.jsonl"
OTHER_LANGUAGES = FOURTH.with_name("privacy_other_languages.jsonl")
OTHER_LANGUAGES_HELD_OUT = FOURTH.with_name("privacy_other_languages_heldout.jsonl")


def scorer() -> ModuleType:
    if not (SHARED / "score.py").exists():
        pytest.skip(f"{SHARED} is absent (a clone without the shared evaluation material)")
    spec = importlib.util.spec_from_file_location("privacy_score", SHARED / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure(path: Path) -> dict[str, float]:
    """Span recall (overall and for names), character precision, leak and decoy rates."""
    score = scorer()
    caught, total = Counter(), Counter()
    removed = inside = leaked = carrying = decoys = decoys_hit = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text = row["text"]
        mask = score.removed_mask(text, redact(text)[0])
        in_span = [False] * len(text)
        missed = 0
        for span in row["spans"]:
            chars = [mask[i] for i in range(span["start"], span["end"]) if not text[i].isspace()]
            hit = sum(chars) >= score.THRESHOLD * len(chars)
            for kind in ("all", span["kind"]):
                total[kind] += 1
                caught[kind] += hit
            missed += not hit
            for i in range(span["start"], span["end"]):
                in_span[i] = True
        removed += sum(m and not c.isspace() for m, c in zip(mask, text))
        inside += sum(m and s and not c.isspace() for m, s, c in zip(mask, in_span, text))
        carrying += bool(row["spans"])
        leaked += missed > 0
        decoys += row["decoy"]
        decoys_hit += row["decoy"] and any(mask)
    return {"recall": caught["all"] / total["all"], "names": caught["name"] / total["name"],
            "precision": inside / removed, "leak": leaked / carrying, "decoys_hit": decoys_hit / decoys}


@pytest.mark.parametrize("path, floors", [
    (SHARED / "privacy_dev.jsonl",
     {"recall": 0.96, "names": 0.95, "precision": 0.95, "leak": 0.11, "decoys_hit": 0.02}),
    (SECOND, {"recall": 0.95, "names": 0.94, "precision": 0.94, "leak": 0.15, "decoys_hit": 0.02}),
    (THIRD, {"recall": 0.91, "names": 0.91, "precision": 0.90, "leak": 0.30, "decoys_hit": 0.30}),
    (FOURTH, {"recall": 0.94, "names": 0.92, "precision": 0.93, "leak": 0.22, "decoys_hit": 0.25}),
    # before names' inflected forms and the languages' words: recall 0.830, leak 0.473; most of
    # its decoys still lose a word (Welsh, which no word list here knows, above all)
    (OTHER_LANGUAGES,
     {"recall": 0.93, "names": 0.92, "precision": 0.57, "leak": 0.18, "decoys_hit": 0.90}),
    # scored once, before (recall 0.796, leak 0.640) and after those rules; never read
    (OTHER_LANGUAGES_HELD_OUT,
     {"recall": 0.90, "names": 0.88, "precision": 0.60, "leak": 0.39, "decoys_hit": 0.97}),
], ids=["independent dev set", "second set, from the policy alone", "third set, other voices",
        "fourth set, never tuned on", "other languages", "other languages, never tuned on"])
def test_redaction_holds_on_messages_written_without_the_code(path: Path, floors: dict) -> None:
    figures = measure(path)
    assert figures["recall"] >= floors["recall"], figures
    assert figures["names"] >= floors["names"], figures
    assert figures["precision"] >= floors["precision"], figures
    assert figures["leak"] <= floors["leak"], figures
    assert figures["decoys_hit"] <= floors["decoys_hit"], figures


def test_our_own_synthetic_set_is_still_caught_whole():
    for case in cases():
        out, _ = redact(case.text)
        for kind, values in case.identifiers.items():
            for value in values:
                kept = [p for p in value.split() if p in out] if kind == "name" else [value] * (value in out)
                assert not kept, (case.text, out)
        for decoy in case.decoys:
            assert decoy in out, (case.text, out)


@pytest.mark.parametrize("text, gone", [
    ("worried about Jayden, 4, mum's partner won't let us see Jayden alone", ["Jayden"]),
    ("spoke to ayaan abdi today, mum nasreen was there", ["ayaan", "abdi", "nasreen"]),
    ("gran LEANNE MARSH rang, the allocated sw jo wickersham is off", ["LEANNE", "MARSH", "wickersham"]),
    ("Jayden Michael Thompson was seen at school; later jayden said thompson's dog bit him",
     ["Jayden", "jayden", "Michael", "Thompson", "thompson"]),
    ("baby grace (10 wks) has a bruise, dob 270213", ["grace", "270213"]),
    ("nhs 943-476-5919, ni ab 12 34 56, phone 0044 7700 900123", ["5919", "34 56", "900123"]),
    ("lives at 2 bryn awel, attends st mary's primary, crime ref 23/456789/21",
     ["bryn awel", "mary's", "456789"]),
])
def test_what_practitioners_type_loses_its_identifiers(text: str, gone: list[str]) -> None:
    out, removed = redact(text)
    assert not [g for g in gone if g in out], out
    assert describe(removed)


@pytest.mark.parametrize("text", [
    "what did the Child LI review say about Ms I and Baby T?",
    "Arthur Labinjo-Hughes and Star Hobson: what did the national review say? Munro and Kolb too",
    "is it s47 or section 17? para 3.2.1 of Working Together, ICPC on 14/03, 10 wks old, 3 visits",
    "the grace period for the referral ends soon; i will mark the file and hope for the best",
    "ring the NSPCC on 0808 800 5000 or Childline 0800 1111; police called the neighbour",
    "strategy meeting 10.30 on 31st of August, then core group in 10 working days",
])
def test_look_alikes_stay_as_they_were_typed(text: str) -> None:
    assert redact(text) == (text, [])


def test_a_mistyped_nhs_number_is_removed_and_the_person_told():
    out, removed = redact("nhs no 943 476 5918 and a bruise")  # the check digit is wrong
    assert "5918" not in out and "[NHS number]" in out
    assert "NHS number" in describe(removed)


def test_a_document_keeps_its_chronology_and_pseudonyms():
    from bot.privacy import DOCUMENT_KINDS

    text = "On 12 March 2019 (the strategy meeting) Child LI's mother, Ms I, rang 07700 900123."
    out, _ = redact(text, DOCUMENT_KINDS)
    assert out == text.replace("07700 900123", "[phone]")
