"""Every supported format is read, its structure kept and its furniture dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest import UnreadableDocument, chunk_document, discover, parse_document

FINDINGS = [
    "Professionals did not speak to the child alone at any visit.",
    "The father was not assessed although he lived in the home.",
]


def sections(path: Path) -> dict[str, list]:
    found: dict[str, list] = {}
    for c in chunk_document(parse_document(path, path.parent)):
        found.setdefault(c.section.split(", para ")[0], []).append(c)
    return found


def test_markdown_headings_and_bullets(tmp_path: Path):
    path = tmp_path / "child-q.md"
    path.write_text("# Child Q Learning Brief\n\n## Background\n\nQ was four.\n\n## Findings\n\n"
                    + "".join(f"- {f}\n" for f in FINDINGS) + "\n## Recommendations\n\n"
                    "1. Agencies should see children alone.\n", encoding="utf-8")
    found = sections(path)
    assert found["Findings"][0].role == "finding"
    assert all(f in found["Findings"][0].text for f in FINDINGS)
    assert found["Recommendations"][0].role == "recommendation"


def test_html_page_without_navigation_or_scripts(tmp_path: Path):
    path = tmp_path / "child-r.html"
    path.write_text(
        "<html><head><script>var x = 'tracking';</script><style>p{}</style></head><body>"
        "<nav><a href='/'>Home</a> | Cookie settings</nav><h1>Child R: 7-minute briefing</h1>"
        "<h2>Findings</h2><ul>" + "".join(f"<li>{f}</li>" for f in FINDINGS) + "</ul>"
        "<h2>Questions for practitioners</h2><ul><li>Do I see the child on their own?</li></ul>"
        "<table><tr><th>What needs to happen?</th><th>By when?</th></tr></table>"
        "<footer>© Partnership 2024</footer></body></html>", encoding="utf-8")
    found = sections(path)
    text = "\n".join(c.text for cs in found.values() for c in cs)
    assert "tracking" not in text and "Cookie" not in text and "©" not in text
    assert all(f in found["Findings"][0].text for f in FINDINGS)
    assert found["Questions for practitioners"][0].role == "reflection_question"


def test_word_document_headings_lists_and_tables(tmp_path: Path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "OFFICIAL - Sandford Partnership"
    document.sections[0].footer.paragraphs[0].text = "Page 1"
    document.add_heading("Child S Learning Review", level=1)
    document.add_heading("Findings", level=2)
    for f in FINDINGS:
        document.add_paragraph(f, style="List Bullet")
    document.add_heading("Action plan", level=2)
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "What needs to happen?", "Who?"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "See children alone", "Team manager"
    path = tmp_path / "child-s.docx"
    document.save(str(path))
    found = sections(path)
    assert [c.role for c in found["Findings"]] == ["finding"]
    text = "\n".join(c.text for cs in found.values() for c in cs)
    assert "OFFICIAL" not in text and "Page 1" not in text
    plan = next(cs for name, cs in found.items() if name.endswith("Action plan"))
    assert [(c.text, c.role) for c in plan] == [("What needs to happen? | Who?", "context"),
                                                ("See children alone | Team manager", "action")]


def make_pdf(path: Path, pages: list[list[str]]) -> None:
    from bot.bench import write_pdf

    write_pdf(path, pages, "Child T Serious Case Review - Sandford Safeguarding Partnership")


def test_pdf_numbered_sections_without_page_furniture(tmp_path: Path):
    path = tmp_path / "child-t.pdf"
    long_para = ("2.1 " + "The health visitor saw the baby at home and recorded a mark on the "
                 "cheek that the mother explained as a fall from the sofa. " * 3).strip()
    make_pdf(path, [
        ["Contents", "1. Introduction ........................ 2",
         "2. Findings ............................ 2", "3. Recommendations ..................... 3"],
        ["1. Introduction", "1.1 This review concerns Child T, aged eight months, who had "
         "hypoxia1 after the incident.", "1 Deficiency in the amount of oxygen in the tissues."],
        ["2. Findings", long_para, "2.2 Nobody asked how a non-mobile baby could fall."],
        ["3. Recommendations", "3.1 Apply the bruising protocol to every non-mobile baby."],
    ])
    found = sections(path)
    text = "\n".join(c.text for cs in found.values() for c in cs)
    assert "Sandford Safeguarding Partnership" not in text and "Page 2 of 4" not in text
    assert "......" not in text and "Contents" not in found
    assert "Deficiency in the amount of oxygen" not in text  # the footnote
    assert found["2. Findings"][0].paragraphs.startswith("2.1")
    assert found["2. Findings"][0].role == "finding"
    assert "a fall from the sofa." in found["2. Findings"][0].text
    assert found["3. Recommendations"][0].role == "recommendation"


@pytest.mark.parametrize("name,content,why", [
    ("empty.txt", b"", "empty"),
    ("binary.txt", b"\x00\x01\x02" * 100, "binary"),
    ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "could not be read as PDF"),
    ("broken.docx", b"PK\x03\x04 not a zip", "could not be read as DOCX"),
    ("slides.pptx", b"whatever", "unsupported file type"),
])
def test_unreadable_files_say_why(tmp_path: Path, name: str, content: bytes, why: str):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableDocument, match=why):
        parse_document(path, tmp_path)


def test_every_document_is_found_in_subfolders_and_data_files_are_not(tmp_path: Path):
    for rel in ("reviews/2024/child-u.pdf", "procedures/escalation.md", "top.txt",
                "reviews/2024/child-u.pdf.meta.yaml", "themes.yaml", "README.md",
                ".hidden/secret.txt", "reviews/.DS_Store"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in discover(tmp_path)]
    assert found == ["procedures/escalation.md", "reviews/2024/child-u.pdf", "top.txt"]


def test_a_document_without_sidecar_gets_title_and_year_from_its_text(tmp_path: Path):
    path = tmp_path / "upload-123.txt"
    path.write_text("Local Child Safeguarding Practice Review\n\nChild W\n\nPublished March 2023"
                    "\n\nFindings\n\n- Practitioners did not hear the voice of the child in 2021.\n",
                    encoding="utf-8")
    document = parse_document(path, tmp_path)
    assert document.meta["title"] == "Child W"
    assert document.meta["year"] == 2023


def test_pdf_headings_are_found_by_their_larger_type(tmp_path: Path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    for text, size in [("Findings about who lived in the household", 16),
                       ("The lodger was never checked. Nobody asked who stayed overnight in the "
                        "home, and this went on for months.", 11),
                       ("What needs to happen", 16),
                       ("Every assessment records each adult in the home.", 11)]:
        pdf.set_font("Helvetica", "B" if size > 11 else "", size)
        pdf.multi_cell(0, size * 0.55, text)
        pdf.ln(2)
    path = tmp_path / "child-v.pdf"
    pdf.output(str(path))
    found = sections(path)
    assert found["Findings about who lived in the household"][0].role == "finding"
    assert "The lodger was never checked." in found["Findings about who lived in the household"][0].text
    assert found["What needs to happen"][0].role == "recommendation"


def test_identifiers_no_review_should_carry_are_removed_before_indexing(tmp_path: Path):
    path = tmp_path / "child-r.md"
    path.write_text(
        "# Child R Learning Brief\n\n## Background\n\nChild R (d.o.b. 14/02/2019, NHS number "
        "943 476 5919) lived with his mother; the health visitor called on 27-08-2020. Email "
        "duty.team@example.org or ring 0161 496 0123 about DE4 7QT.\n\n## Findings\n\n"
        + "".join(f"- {f}\n" for f in FINDINGS), encoding="utf-8")
    document = parse_document(path, tmp_path)
    text = " ".join(c.text for c in chunk_document(document))
    for identifier in ("14/02/2019", "943 476 5919", "duty.team@example.org", "0161 496 0123",
                       "DE4 7QT"):
        assert identifier not in text
    assert "Child R" in text and "27-08-2020" in text  # a pseudonym and the chronology stay
    assert ("removed before indexing: 1 email address, 1 NHS number, 1 phone number, 1 date of "
            "birth and 1 postcode") in document.warnings


def test_a_pdf_with_more_pages_than_a_review_has_is_refused(tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    from bot.ingest import readers

    path = tmp_path / "many.pdf"
    make_pdf(path, [[f"Page {n}: practitioners did not see the child alone."] for n in range(4)])
    monkeypatch.setattr(readers, "MAX_PAGES", 3)
    with pytest.raises(UnreadableDocument, match="it has 4 pages; I take up to 3"):
        parse_document(path, tmp_path)
