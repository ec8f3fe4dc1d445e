"""Every kind of document gets roles: guidance says what is expected, research and inspections
find, and boilerplate (how a review was made, references, signatures, table headers) is context,
which answers never show as learning. Real files where they lie; the seeds always."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bot.ingest import Chunk, chunk_document, parse_document
from tests.conftest import KNOWLEDGE, SEEDS

SHARED = Path(__file__).resolve().parents[3] / "shared" / "eval"
REALDOCS, CORPUS = SHARED / "realdocs", SHARED / "retrieval" / "corpus"
LEARNING = {"finding", "learning_point", "recommendation"}


def passages(folder: Path, name: str) -> list[Chunk]:
    if not (folder / name).is_file():
        pytest.skip(f"{folder / name} is not on this machine")
    return chunk_document(parse_document(folder / name, folder))


def seed(name: str) -> list[Chunk]:
    return chunk_document(parse_document(KNOWLEDGE / SEEDS[name], KNOWLEDGE))


def roles(chunks: list[Chunk]) -> Counter[str]:
    return Counter(c.role for c in chunks)


def under(chunks: list[Chunk], heading: str) -> set[str]:
    return {c.role for c in chunks if heading in c.section.split(", para ")[0].split(" › ")}


@pytest.mark.parametrize("name", ["dfe_csc_national_framework_2023.pdf",
                                  "dfe_childrens_homes_guide_2015.pdf"])
def test_statutory_guidance_is_guidance_and_its_preliminaries_context(name: str):
    chunks = passages(REALDOCS, name)
    assert set(roles(chunks)) == {"guidance", "context"}
    assert roles(chunks)["guidance"] >= 0.85 * len(chunks)
    if "framework" in name:
        assert under(chunks, "Glossary of terms") == {"context"}
        assert under(chunks, "What is the status of this guidance?") == {"context"}
        assert under(chunks, "Overview of this enabler") == {"guidance"}  # not a case's background
    else:
        assert under(chunks, "Explanation of terms") == {"context"}
        assert under(chunks, "Children missing from the children’s home") == {"guidance"}
        assert under(chunks, "Practice issues") == {"guidance"}  # not a review's finding


def test_research_body_is_findings_its_methods_and_references_context():
    chunks = passages(REALDOCS, "adcs_safeguarding_pressures_p9.pdf")
    assert roles(chunks)["finding"] >= 0.8 * len(chunks) and "other" not in roles(chunks)
    assert "procedure" not in roles(chunks)  # a 'New policy announcement' box is no local procedure
    assert under(chunks, "References") == {"context"}
    assert under(chunks, "7.3 Notes on quantitative data analysis methods and charts") == {"context"}
    assert under(chunks, "2.1 Child and family poverty") == {"finding"}
    essex = passages(REALDOCS, "essex_sw_recording.pdf")
    assert under(essex, "Research design and methodology") == {"context"}
    assert under(essex, "7. Recommendations for the DfE") == {"recommendation"}


@pytest.mark.parametrize("name", ["jtai_hampshire_2017.pdf", "jtai_croydon_2016.pdf",
                                  "jtai_barnsley_2022.pdf"])
def test_inspection_letters_narrative_is_findings_their_address_and_signature_context(name: str):
    chunks = passages(REALDOCS, name)
    assert "other" not in roles(chunks)
    context = [c.text for c in chunks if c.role == "context"]
    assert any(t.startswith("Yours sincerely") for t in context)
    assert not any("Yours sincerely" in c.text or "Director of Children’s Services," in c.text
                   for c in chunks if c.role != "context")
    assert not any(c.text.startswith(("This letter", "Between ")) for c in chunks if c.role != "context")
    if name == "jtai_hampshire_2017.pdf":
        narrative = [c for c in chunks if c.text.startswith("Strategic arrangements for responding")]
        assert narrative and narrative[0].role == "finding"
        signed = next(t for t in context if t.startswith("Yours sincerely"))
        assert "Eleanor Schooling" in signed and "Assistant Chief Inspector" in signed


def test_inspection_report_facts_and_team_are_context():
    chunks = passages(REALDOCS, "ilacs_birmingham_2016.pdf")
    assert under(chunks, "Information about this local authority area") == {"context"}
    assert under(chunks, "The inspection team") == {"context"}
    assert under(chunks, "Executive summary") == {"finding"}
    assert "other" not in roles(chunks)


def test_review_process_is_context_the_case_background_is_not():
    chunks = seed("B1")
    intro = {c.paragraphs: c.role for c in chunks if c.section.startswith("1. Introduction")}
    assert intro == {"1.1": "context", "1.2": "background", "1.3": "context", "1.4": "context"}
    for heading in ("2. Terms of Reference", "3. Methodology", "4. Independence", "9 Timescales"):
        assert under(chunks, heading) == {"context"}, heading
    assert under(chunks, "11 Background Information prior to October 2010") == {"background"}
    assert roles(chunks)["finding"] >= 120 and roles(chunks)["learning_point"] >= 25
    assert roles(chunks)["recommendation"] >= 35

    x1x2 = seed("X1X2")
    process = next(c for c in x1x2 if c.text.startswith("Working Together 2015 set out requirements"))
    assert process.role == "context"
    li = seed("LI")
    assert under(li, "Background") == {"background"} and under(li, "The Review") == {"context"}


def test_no_finding_recommendation_or_learning_of_a_seed_becomes_context():
    for name in SEEDS:
        for chunk in seed(name):
            heading = chunk.section.split(", para ")[0].lower()
            if any(word in heading for word in ("finding", "recommendation", "lessons", "learning for",
                                                 "analysis", "conclusion")):
                assert chunk.role != "context" or "references" in heading or " | " in chunk.text, \
                    (name, chunk.section, chunk.text[:80])


def test_briefings_on_the_web_keep_their_learning():
    devon = passages(CORPUS, "devon_infant_b_nai_learning_briefing.txt")
    assert under(devon, "Good Practice") == {"finding"}
    assert under(devon, "Messages for Practitioners") == {"learning_point"}
    havering = passages(CORPUS, "havering_briefing_national_review_arthur_star.txt")
    assert "context" not in roles(havering)  # 'About the national review' tells the case
    swindon = passages(CORPUS, "swindon_pre_birth_assessment_procedure.txt")
    assert set(roles(swindon)) == {"procedure"}  # an 'AMENDMENT' heading is no boilerplate
    every = [c for path in sorted(CORPUS.glob("*.txt")) for c in passages(CORPUS, path.name)]
    assert sum(c.role == "context" for c in every) <= 3


def test_a_procedure_is_procedure_save_its_references():
    chunks = passages(REALDOCS, "wholistic_children_missing_from_care.md")
    assert under(chunks, "Related Policies") == {"context"}
    assert under(chunks, "4. Confidentiality") == {"procedure"}  # 'Do not speak to the press'
    assert roles(chunks)["procedure"] >= 30


def test_an_inspection_letter_in_a_new_file(tmp_path: Path):
    letter = tmp_path / "visit.txt"
    letter.write_text(
        "# Focused visit to Sandford children's services\n\n3 March 2025\n\nDear Ms Reed\n\n"
        "This letter summarises the findings of a focused visit to Sandford children's services.\n\n"
        "Social workers know their children well and visit them often, but plans drift when "
        "parents do not engage and managers do not challenge the delay.\n\n"
        "## Acknowledgements\n\nWe thank the families who spoke to us.\n\n"
        "## Next steps\n\nThe local authority should prepare a written statement of action.\n\n"
        "Yours sincerely\n\nJo Bloggs\n\nHis Majesty's Inspector\n", encoding="utf-8")
    chunks = chunk_document(parse_document(letter, tmp_path))
    by_text = {c.text.split("\n")[0]: c.role for c in chunks}
    assert by_text["Social workers know their children well and visit them often, but plans drift when "
                   "parents do not engage and managers do not challenge the delay."] == "finding"
    assert by_text["We thank the families who spoke to us."] == "context"
    assert by_text["The local authority should prepare a written statement of action."] == "action"
    assert by_text["Yours sincerely"] == "context"
    assert not [c for c in chunks if c.role != "context" and ("Dear Ms" in c.text or "Jo Bloggs" in c.text
                                                              or "This letter" in c.text)]
