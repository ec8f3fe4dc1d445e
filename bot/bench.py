"""`reflect bench`: measure build time, warm answer latency and hit rate; print and save JSON."""

from __future__ import annotations

import json
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from .config import PROJECT_ROOT, Settings
from .evaluation import load_questions
from .reflection import Engine
from .retrieval.build import build_index
from .retrieval.embedder import Embedder

QUESTIONS = PROJECT_ROOT / "tests" / "data" / "eval_questions.jsonl"


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run(settings: Settings, prompts: int = 50) -> dict:
    """Figures measured in one run on this machine."""
    started = time.perf_counter()
    embedder = Embedder(settings.model)
    load_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        report = build_index(settings.knowledge_dir, Path(tmp), embedder)
        engine = Engine(settings.with_dirs(index_dir=tmp), embedder)
        questions = [q.question for q in load_questions(QUESTIONS)][:prompts]
        engine.ask(questions[0])  # warm-up
        latencies = []
        for text in questions:
            t = time.perf_counter()
            engine.ask(text)
            latencies.append((time.perf_counter() - t) * 1000)
    return {
        "model_load_seconds": round(load_seconds, 2),
        "build": {"documents": report.documents, "chunks": report.chunks,
                  "seconds": round(report.seconds, 2),
                  "chunks_per_second": round(report.chunks / report.seconds, 1)},
        "ask_ms": {"prompts": len(latencies), "median": round(statistics.median(latencies), 1),
                   "p95": round(_percentile(latencies, 0.95), 1)},
    }


_PLAIN = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...",
                        "•": "-"})


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


def long_review_pdf(path: Path, source: Path) -> int:
    """A long PDF review made from a seed's text, renamed so that it is a new document."""
    text = source.read_text(encoding="utf-8").replace("Child B1", "Child M").replace(
        "Leicester", "Northtown")
    heading = re.compile(r"^(#+\s*|\*\*(?=[^*]+\*\*\s*$))")
    lines = [("# " if heading.match(line) else "")
             + re.sub(r"<[^>]+>|\*\*|^#+\s*", "", line).translate(_PLAIN).replace("\t", "  ")
             .encode("latin-1", "replace").decode("latin-1") for line in text.splitlines()]
    return write_pdf(path, [lines], "Child M Serious Case Review - Northtown Safeguarding "
                     "Children Board", size=12)


def add_long_review(settings: Settings, embedder: Embedder) -> dict:
    """Time to add one long review to an index of the seeds, and what is answered about it."""
    with tempfile.TemporaryDirectory() as tmp:
        knowledge = Path(tmp) / "knowledge"
        shutil.copytree(settings.knowledge_dir, knowledge)
        index_dir = Path(tmp) / "index"
        build_index(knowledge, index_dir, embedder)
        pages = long_review_pdf(knowledge / "reviews" / "child-m.pdf",
                                settings.knowledge_dir / "reviews" / "003_e13a5e6436212c0a.txt")
        report = build_index(knowledge, index_dir, embedder)
        engine = Engine(settings.with_dirs(knowledge_dir=knowledge, index_dir=index_dir), embedder)
        answer = engine.ask("child m review - what did it say about failure to thrive and "
                            "legal advice?")
    return {"pages": pages, "seconds": round(report.seconds, 1), "passages": report.embedded,
            "answer": [f"{i.title} — {i.section}: {i.text[:160]}" for i in answer.learning[:3]]}


def main(settings: Settings, out: Path) -> int:
    figures = run(settings)
    figures["add_long_review"] = add_long_review(settings, Embedder(settings.model))
    out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    b, a = figures["build"], figures["ask_ms"]
    print(f"model load      {figures['model_load_seconds']} s")
    print(f"index build     {b['documents']} documents, {b['chunks']} passages in {b['seconds']} s "
          f"({b['chunks_per_second']} passages/s)")
    print(f"warm ask        median {a['median']} ms, p95 {a['p95']} ms over {a['prompts']} prompts")
    long = figures["add_long_review"]
    print(f"add a review    {long['pages']}-page PDF, {long['passages']} passages embedded in "
          f"{long['seconds']} s; first citation: {long['answer'][0][:100] if long['answer'] else '-'}")
    print(f"written to      {out}")
    return 0
