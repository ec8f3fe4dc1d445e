"""Real published documents (Ofsted letters and reports, DfE guidance, research) come through
as a practitioner would cite them. The files lie in ../shared/eval/realdocs and are read there."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.ingest import Chunk, Document, UnreadableDocument, chunk_document, parse_document

REALDOCS = Path(__file__).resolve().parents[3] / "shared" / "eval" / "realdocs"
pytestmark = pytest.mark.skipif(not REALDOCS.is_dir(), reason=f"{REALDOCS} is not on this machine")

# file: (how its title starts, its kind)
TITLES = {
    "jtai_croydon_2016.pdf": ("Joint targeted area inspection of the multi-agency response to abuse "
                              "and neglect in the London Borough of Croydon", "inspection"),
    "jtai_hampshire_2017.pdf": ("Joint targeted area inspection of the multi-agency response to "
                                "abuse and neglect in Hampshire", "inspection"),
    "jtai_barnsley_2022.pdf": ("Joint targeted area inspection of Barnsley", "inspection"),
    "jtai_blackburn_2023.pdf": ("Joint targeted area inspection of Blackburn with Darwen", "inspection"),
    "ilacs_birmingham_2016.pdf": ("Birmingham: Re-inspection of services for children in need of help",
                                  "inspection"),
    "fv_solihull_2021.pdf": ("Focused visit to Solihull Metropolitan Borough Council", "inspection"),
    "dfe_csc_national_framework_2023.pdf": ("Children’s Social Care National Framework", "guidance"),
    "dfe_childrens_homes_guide_2015.pdf": ("Guide to the Children’s Homes Regulations including the "
                                           "quality standards", "guidance"),
    "adcs_safeguarding_pressures_p9.pdf": ("ADCS Safeguarding Pressures: Research – Phase 9", "research"),
    "essex_sw_recording.pdf": ("DfE Project 2A", "research"),
    "d2i_data_service_diagnostic_template.docx": ("D2I Data Service Diagnostic", "other"),
    "wholistic_children_missing_from_care.md": ("Children Missing from Care Policy", "procedure"),
}
READABLE = sorted(TITLES)

# A marker glued to a word: "children1," or "guidance.6 The"; not "static1" in a link
_GLUED_MARKER = re.compile(r"(?<![/\w.-])[a-z]{3,}[.,;:)’]?\d{1,2}(?=[.,;:)]|\s+[A-Z]|$)", re.M)
_CONTENTS = re.compile(r"(\.\s*){4,}\d|^contents$", re.I | re.M)
_NUMBER_RUN = re.compile(r"(\d+(\.\d+)?%\s+){4,}|(Phase \d+ ){3,}")


@pytest.fixture(scope="module")
def parsed() -> Callable[[str], tuple[Document, list[Chunk]]]:
    """Each file parsed once for the whole module."""
    cache: dict[str, tuple[Document, list[Chunk]]] = {}

    def parse(name: str) -> tuple[Document, list[Chunk]]:
        if name not in cache:
            document = parse_document(REALDOCS / name, REALDOCS)
            cache[name] = (document, chunk_document(document))
        return cache[name]

    return parse


def text_of(chunks: list[Chunk]) -> str:
    return "\n".join(c.text for c in chunks)


def in_section(chunks: list[Chunk], heading: str) -> list[Chunk]:
    return [c for c in chunks if c.section.split(", para ")[0].endswith(heading)]


@pytest.mark.parametrize("name", READABLE)
def test_title_and_kind_come_from_the_document_itself(parsed, name: str):  # type: ignore[no-untyped-def]
    document, _ = parsed(name)
    start, kind = TITLES[name]
    assert document.title.startswith(start), document.title
    assert document.meta["kind"] == kind


@pytest.mark.parametrize("name", READABLE)
def test_no_footnote_marker_contents_line_or_chart_labels_in_any_passage(parsed, name: str):  # type: ignore[no-untyped-def]
    _, chunks = parsed(name)
    for chunk in chunks:
        assert not _GLUED_MARKER.search(chunk.text), (chunk.section, _GLUED_MARKER.search(chunk.text))
        assert not _CONTENTS.search(chunk.text), chunk.section
        assert not _NUMBER_RUN.search(chunk.text), chunk.text[:200]
        assert "Contents" not in chunk.section.split(" › ")


def test_a_page_that_is_really_html_is_refused_with_a_reason():
    with pytest.raises(UnreadableDocument, match="it is a web page saved with a .pdf name, not a PDF"):
        parse_document(REALDOCS / "ilacs_birmingham_2012.pdf", REALDOCS)


def test_a_sites_error_page_is_refused_with_what_to_send_instead():
    with pytest.raises(UnreadableDocument, match="web site's error page .“Report not found”."):
        parse_document(REALDOCS / "ofsted_report_not_found.html", REALDOCS)


def test_numbered_paragraphs_are_cited_by_their_number(parsed):  # type: ignore[no-untyped-def]
    _, chunks = parsed("ilacs_birmingham_2016.pdf")
    para = next(c for c in chunks if c.paragraphs == "18")
    assert para.section.endswith(", para 18") and para.role == "finding"
    assert para.text.startswith("18. Multi-agency thresholds for intervention are poorly understood")
    recommendations = [c for c in chunks if c.section.startswith("Recommendations, para ")]
    assert recommendations and {c.role for c in recommendations} == {"recommendation"}
    assert sum(1 for c in chunks if c.paragraphs) >= 100  # the report numbers 150 paragraphs

    _, guide = parsed("dfe_childrens_homes_guide_2015.pdf")
    para = next(c for c in guide if c.paragraphs == "3.5")
    assert para.section.endswith("The Statement of Purpose, para 3.5")


def test_lists_keep_their_lead_in(parsed):  # type: ignore[no-untyped-def]
    _, guide = parsed("dfe_childrens_homes_guide_2015.pdf")
    standards = next(c for c in guide if c.paragraphs == "1.14")
    assert standards.text.startswith("1.14 The Regulations prescribe nine Quality Standards which must "
                                     "be met by children’s homes:\n- The quality and purpose of care")
    _, framework = parsed("dfe_csc_national_framework_2023.pdf")
    duties = [c for c in framework if "support children and young people to thrive:\n- " in c.text]
    assert len(duties) == 2  # a long list cut in two repeats its lead-in
    _, policy = parsed("wholistic_children_missing_from_care.md")
    assert any(c.text.startswith("A child may be considered missing when:\n- They are away from their "
                                 "placement") for c in policy)


def test_glyph_bullets_are_list_items_not_one_paragraph(parsed):  # type: ignore[no-untyped-def]
    _, chunks = parsed("jtai_croydon_2016.pdf")  # Symbol-font bullets (U+F0B7)
    strengths = in_section(chunks, "Key Strengths")
    assert len(strengths) >= 10 and all(c.text.startswith("- ") for c in strengths)
    # A bullet the page break cut carries on at the top of the next page.
    assert any("- Agencies are required" in c.text and "emergency department at Croydon University "
               "Hospital is not aware of the threshold document" in c.text for c in chunks)
    _, barnsley = parsed("jtai_barnsley_2022.pdf")
    improve = text_of(in_section(barnsley, "What needs to improve?"))
    assert improve.count("\n- ") >= 5
    assert "- The quality of referrals to the multi-agency safeguarding hub (MASH)" in improve


@pytest.mark.parametrize("name,improve,strength", [
    ("jtai_croydon_2016.pdf", "Areas for improvement › Response to child sexual exploitation and missing "
                              "children", "Key Strengths"),
    ("jtai_hampshire_2017.pdf", "Areas for improvement", "Key strengths"),
    ("jtai_barnsley_2022.pdf", "What needs to improve?", "Main findings"),
    ("jtai_blackburn_2023.pdf", "What needs to improve?", "Strengths"),
    ("fv_solihull_2021.pdf", "What needs to improve in this area of social work practice",
     "Main findings"),
])
def test_inspection_sections_have_the_roles_they_play(parsed, name: str, improve: str, strength: str):  # type: ignore[no-untyped-def]
    _, chunks = parsed(name)
    assert {c.role for c in in_section(chunks, improve)} == {"recommendation"}
    # "Ofsted will take the findings from this focused visit into account...": boilerplate
    assert {c.role for c in in_section(chunks, strength)} - {"context"} == {"finding"}


def test_footnotes_and_their_markers_are_removed(parsed):  # type: ignore[no-untyped-def]
    _, croydon = parsed("jtai_croydon_2016.pdf")
    text = text_of(croydon)
    assert "abuse and neglect in the London Borough of Croydon. This inspection included" in text
    assert "This joint inspection was conducted under section 20" not in text
    _, framework = parsed("dfe_csc_national_framework_2023.pdf")
    text = text_of(framework)
    assert "supports around 400,000 children, and in the last 8 years" in text
    assert "supported by a social worker. These children" in text
    assert "Explore education statistics" not in text
    _, birmingham = parsed("ilacs_birmingham_2016.pdf")
    text = text_of(birmingham)
    assert "[ ]" not in text and "These are residential special schools" not in text


def test_contents_pages_without_leaders_are_dropped(parsed):  # type: ignore[no-untyped-def]
    _, framework = parsed("dfe_csc_national_framework_2023.pdf")
    assert not any(re.search(r"^(Introduction 3|Review date 5|Glossary of terms 60)", c.text, re.M)
                   for c in framework)
    _, birmingham = parsed("ilacs_birmingham_2016.pdf")
    assert not any("Executive summary 2" in c.text for c in birmingham)


def test_tables_come_as_rows_and_grades_as_judgements(parsed):  # type: ignore[no-untyped-def]
    _, chunks = parsed("ilacs_birmingham_2016.pdf")
    text = text_of(chunks)
    assert "1. Children who need help and protection | Inadequate" in text
    judgement = next(c for c in chunks if c.text == "Judgement: Inadequate")
    assert judgement.section == "The experiences and progress of children who need help and protection"


def test_a_guidance_subheading_does_not_make_a_procedure(parsed):  # type: ignore[no-untyped-def]
    _, guide = parsed("dfe_childrens_homes_guide_2015.pdf")
    assert not [c for c in guide if c.role == "procedure"]
    assert any(c.section.endswith("Guidance") or " › Guidance" in c.section for c in guide)


def test_web_page_and_markdown_furniture_is_not_indexed(parsed):  # type: ignore[no-untyped-def]
    _, policy = parsed("wholistic_children_missing_from_care.md")
    assert "lastUpdated" not in text_of(policy) and "title:" not in text_of(policy)
    assert policy[0].section == "Scope"  # the emoji before the heading is not part of it
