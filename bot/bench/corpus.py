"""Benchmark corpora made from the real documents: review-shaped recombinations, and a long PDF."""

from __future__ import annotations

import random
import re
from pathlib import Path

from ..ingest.discover import discover
from ..ingest.readers import read_text

SECTIONS = ("Background", "Key events", "Findings", "Learning for practice", "Recommendations",
            "Questions for practitioners")
PARTNERSHIPS = ("Northtown", "Eastshire", "Westbury", "Southvale", "Midborough", "Lakeside")
_PLAIN = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...",
                        "•": "-"})


def seed_paragraphs(knowledge_dir: Path) -> list[str]:
    """Every paragraph of the real documents with a sentence in it (headings and panels dropped)."""
    paragraphs = []
    for path in discover(knowledge_dir):
        text = read_text(path)
        for block in re.split(r"\n\s*\n", text):
            block = " ".join(block.split())
            if len(block) > 120 and "." in block and not block.startswith("#"):
                paragraphs.append(block)
    return paragraphs


def write_synthetic_reviews(paragraphs: list[str], folder: Path, documents: int,
                            per_section: int = 3, seed: int = 7) -> list[Path]:
    """Review-shaped documents: a title, numbered sections of real paragraphs, recombined."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for n in range(documents):
        place = PARTNERSHIPS[n % len(PARTNERSHIPS)]
        lines = [f"# Child S{n} - {place} Safeguarding Children Partnership, local child "
                 f"safeguarding practice review ({2015 + n % 10})", ""]
        for s, section in enumerate(SECTIONS, 1):
            lines += [f"## {s} {section}", ""]
            for p in range(per_section):
                lines += [f"{s}.{p + 1} {rng.choice(paragraphs)}", ""]
        path = folder / f"synthetic-{n:05d}.md"
        path.write_text("\n".join(lines), encoding="utf-8")
        written.append(path)
    return written


def write_pdf(path: Path, pages: list[list[str]], header: str, size: int = 11) -> int:
    """A PDF like a published review's: running header, 'Page N of M' footer, one list of
    paragraphs a page (a long list flows over pages); a paragraph starting '# ' is printed as a
    larger, bold heading. Returns the page count."""
    from fpdf import FPDF

    class Review(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", size=8)
            self.cell(0, 8, header)
            self.ln(10)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", size=8)
            self.cell(0, 8, f"Page {self.page_no()} of {{nb}}")

    pdf = Review()
    for paragraphs in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", size=size)
        for paragraph in paragraphs:
            heading = paragraph.startswith("# ")
            pdf.set_font("Helvetica", "B" if heading else "", size + 4 if heading else size)
            if paragraph.strip():
                pdf.multi_cell(0, size * 0.55, paragraph.removeprefix("# "))
            pdf.ln(2)
    pdf.output(str(path))
    return pdf.page_no()


def long_review_pdf(path: Path, source: Path, keep: int | None = None) -> int:
    """A long PDF review made from a seed's text (its first `keep` lines when given), renamed
    so that it is a new document."""
    text = source.read_text(encoding="utf-8").replace("Child B1", "Child M").replace(
        "Leicester", "Northtown")
    heading = re.compile(r"^(#+\s*|\*\*(?=[^*]+\*\*\s*$))")
    lines = [("# " if heading.match(line) else "")
             + re.sub(r"<[^>]+>|\*\*|^#+\s*", "", line).translate(_PLAIN).replace("\t", "  ")
             .encode("latin-1", "replace").decode("latin-1") for line in text.splitlines()[:keep]]
    return write_pdf(path, [lines], "Child M Serious Case Review - Northtown Safeguarding "
                     "Children Board", size=12)
