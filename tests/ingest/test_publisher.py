"""Who published a document, without a sidecar: from the document itself or the site a page was
saved from, and nobody when it does not say."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest import parse_document
from tests.conftest import KNOWLEDGE, SEEDS

SHARED = Path(__file__).resolve().parents[3] / "shared" / "eval"
REALDOCS, CORPUS = SHARED / "realdocs", SHARED / "retrieval" / "corpus"

REAL = {
    "jtai_croydon_2016.pdf": "Ofsted (joint inspection)",
    "jtai_barnsley_2022.pdf": "Ofsted (joint inspection)",
    "fv_solihull_2021.pdf": "Ofsted",
    "ilacs_birmingham_2016.pdf": "Ofsted",
    "dfe_csc_national_framework_2023.pdf": "Department for Education",
    "dfe_childrens_homes_guide_2015.pdf": "Department for Education",
    "adcs_safeguarding_pressures_p9.pdf": "ADCS",
    "essex_sw_recording.pdf": "Essex County Council",  # 'This ... report is issued by:'
    "d2i_data_service_diagnostic_template.docx": None,  # says nothing of who issued it
    "wholistic_children_missing_from_care.md": None,
}
PAGES = {
    "devon_infant_b_nai_learning_briefing.txt": "Devon Safeguarding Children Partnership",
    "barnsley_scp_bruising_non_mobile_procedure.txt": "Barnsley Safeguarding Children Partnership",
    "nspcc_unseen_men_learning_from_case_reviews.txt": "NSPCC",
    "cypnow_scr_lessons_hidden_men.txt": "Children & Young People Now",
    "rcpch_scr_briefings_child_i_baby_f.txt": "Royal College of Paediatrics and Child Health",
    "toxic_complex_trio_briefing.txt": None,  # a document mirror
    "nspcc_repository_summary_child_m_hackney.txt": None,  # a mirror; the board it names did the review
    "swindon_pre_birth_assessment_procedure.txt": None,  # a host of many councils' manuals
}


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_documents_say_who_issued_them(name: str):
    if not (REALDOCS / name).is_file():
        pytest.skip(f"{REALDOCS / name} is not on this machine")
    assert parse_document(REALDOCS / name, REALDOCS).meta["publisher"] == REAL[name]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_saved_pages_are_published_by_their_site_when_it_is_plainly_ones_own(name: str):
    if not (CORPUS / name).is_file():
        pytest.skip(f"{CORPUS / name} is not on this machine")
    assert parse_document(CORPUS / name, CORPUS).meta["publisher"] == PAGES[name]


def test_a_board_on_the_cover_a_sidecar_and_silence(tmp_path: Path):
    report = tmp_path / "b1.txt"  # the seed overview report without its sidecar
    report.write_bytes((KNOWLEDGE / SEEDS["B1"]).read_bytes())
    assert parse_document(report, tmp_path).meta["publisher"] == "Leicester Safeguarding Children Board"

    brief = tmp_path / "brief.md"
    brief.write_text("# Learning from Child Z\n\n## Findings\n\nNobody asked who the new partner was, "
                     "though he was at every visit.\n\nPublished by Sandford Safeguarding Children "
                     "Partnership\n", encoding="utf-8")
    assert parse_document(brief, tmp_path).meta["publisher"] == "Sandford Safeguarding Children Partnership"
    (tmp_path / "brief.md.meta.yaml").write_text("publisher: Sandford Council\n", encoding="utf-8")
    assert parse_document(brief, tmp_path).meta["publisher"] == "Sandford Council"

    silent = tmp_path / "silent.md"
    silent.write_text("# Learning from Child Y\n\n## Findings\n\nDear colleagues, the Ofsted framework "
                      "and Devon Safeguarding Children Partnership were both mentioned in passing.\n",
                      encoding="utf-8")
    assert parse_document(silent, tmp_path).meta["publisher"] is None
