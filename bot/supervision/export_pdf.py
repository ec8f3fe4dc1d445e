"""The supervision record as an A4 PDF for the case file (fpdf2): the security marking on every
page, tables that never split a row, and text the font cannot draw marked rather than lost."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from fpdf import FPDF, XPos, YPos
from fpdf.fonts import FontFace

from bot.reflection.present import utc
from bot.supervision.export import (
    ACTION_HEADINGS,
    DECISION_HEADINGS,
    action_row,
    by_step,
    byline,
    decision_row,
    details,
    exported_line,
    oversight_text,
    sign_off_lines,
    title_of,
)
from bot.supervision.record import EntryView, SessionRecord

MARKING = "OFFICIAL-SENSITIVE"
# DejaVu Sans ships with most Linux distributions; without it the PDF falls back to latin-1 Helvetica.
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu-sans-fonts"),
             Path("/usr/share/fonts/dejavu"), Path("/usr/share/fonts/TTF"))
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}


_TO_ASCII = str.maketrans({"‘": "'", "’": "'", "‚": ",", "‛": "'", "“": '"', "”": '"', "„": '"',
                           "–": "-", "—": "-", "―": "-", "−": "-", "‐": "-", "…": "...",
                           "•": "-", "‣": "-", "◦": "-"})


def _fit(text: str, has_glyph: Callable[[int], bool]) -> str:
    """Text the font can draw: unknown characters become '?', invisible modifiers are dropped."""
    text = unicodedata.normalize("NFC", "\n".join(text.splitlines()).replace("\t", "    "))
    out = []
    for char in text:
        if char == "\n" or has_glyph(ord(char)):
            out.append(char)
        elif unicodedata.category(char) not in ("Mn", "Me", "Cf", "Cc"):
            out.append("?")
    return "".join(out)


def _font_dir() -> Path | None:
    return next((d for d in FONT_DIRS if (d / FONT_FILES[""]).is_file()), None)


class _RecordPDF(FPDF):
    """A4 pages with the record's header, security marking and a page-count footer."""

    def __init__(self, record: SessionRecord, unicode: bool, tables: bool) -> None:
        super().__init__(format="A4")
        self.record, self.tables = record, tables
        self.family = "Helvetica"
        self.glyphs: Callable[[int], bool] = lambda code: code < 256
        font_dir = _font_dir() if unicode else None
        if font_dir:
            for style, name in FONT_FILES.items():
                path = font_dir / name
                self.add_font("DejaVu", style, path if path.is_file() else font_dir / FONT_FILES[""])
            cmap = set(self.fonts["dejavu"].cmap)  # type: ignore[union-attr]
            self.family, self.glyphs = "DejaVu", cmap.__contains__
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=20)
        self.set_creation_date(utc(record.exported_at))
        self.set_title(self.fit(title_of(record)))

    def fit(self, text: str) -> str:
        if self.family == "Helvetica":
            text = text.translate(_TO_ASCII)
        return _fit(text, self.glyphs)

    def header(self) -> None:
        self.set_font(self.family, "", 8)
        case = f" – case {self.record.case_ref}" if self.record.case_ref else ""
        self.cell(self.epw * 0.75, 5, self.fit(f"Supervision record – session {self.record.id}{case}"))
        self.set_font(self.family, "B", 8)
        self.cell(0, 5, MARKING, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(5)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(self.family, "", 8)
        self.cell(self.epw * 0.75, 5, self.fit(exported_line(self.record)))
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")

    def keep(self, height: float) -> None:
        """Start a new page unless `height` mm fit, so a heading or byline stays with its text."""
        if self.will_page_break(height):
            self.add_page()

    def heading(self, text: str, size: float, keep: float = 12) -> None:
        """A heading kept on one page with the first `keep` mm of what follows it."""
        self.ln(2)
        self.keep(size * 0.5 + keep)
        self.set_font(self.family, "B", size)
        self.multi_cell(0, size * 0.5, self.fit(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def para(self, text: str, style: str = "", size: float = 10, indent: float = 0) -> None:
        self.set_font(self.family, style, size)
        self.set_x(self.l_margin + indent)
        self.multi_cell(0, size * 0.5, self.fit(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def rows(self, headings: tuple[str, ...] | None, rows: Iterable[tuple[str, ...]],
             widths: tuple[int, ...]) -> None:
        if not self.tables:
            self.rows_as_text(headings, rows)
            return
        self.set_font(self.family, "", 8.5)
        bold = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
        with self.table(col_widths=widths, text_align="LEFT", first_row_as_headings=headings is not None,
                        headings_style=bold, line_height=4.5, padding=1.2, v_align="TOP") as table:
            for row in ([headings] if headings else []) + list(rows):
                table.row([self.fit(cell) for cell in row])

    def rows_as_text(self, headings: tuple[str, ...] | None, rows: Iterable[tuple[str, ...]]) -> None:
        """Rows as labelled lines, for a row too tall for one page (fpdf2 cannot split a table row)."""
        for row in rows:
            self.ln(1.5)
            pairs = zip(headings, row) if headings else [(row[0], row[1])]
            for i, (label, cell) in enumerate(pairs):
                self.para(f"{label}: {cell}", style="B" if i == 0 and headings else "", size=9.5)


def _pdf_entry(pdf: _RecordPDF, entry: EntryView) -> None:
    pdf.ln(1.5)
    pdf.keep(14)
    pdf.para(byline(entry), style="B", size=9)
    pdf.para(entry.text or "(no text)")
    for cite in entry.citations:
        pdf.ln(1)
        pdf.para(f"“{cite.text}”", style="I", size=9.5, indent=6)
        pdf.para(f"— {cite.citation}" + (f" ({cite.url})" if cite.url else ""), size=9, indent=6)
    if entry.questions:
        pdf.ln(1)
        pdf.para("Reflection questions:", style="B", size=9)
        for question in entry.questions:
            pdf.para(f"• {question}", size=9.5, indent=4)


def session_pdf(record: SessionRecord, *, unicode: bool = True) -> bytes:
    """The session as an A4 PDF; unicode=False forces the latin-1 core font."""
    try:
        return _pdf(record, unicode, tables=True)
    except ValueError as error:
        if "too high" not in str(error):
            raise
        return _pdf(record, unicode, tables=False)


def _pdf(record: SessionRecord, unicode: bool, tables: bool) -> bytes:
    pdf = _RecordPDF(record, unicode, tables)
    pdf.add_page()
    pdf.heading(title_of(record), 15)
    pdf.rows(None, details(record), widths=(1, 3))
    pdf.heading("Summary", 13)
    pdf.para(record.summary if record.summary.strip() else "No summary recorded.")
    pdf.heading("Decisions", 13)
    if record.decisions:
        pdf.rows(DECISION_HEADINGS, (decision_row(d) for d in record.decisions), widths=(6, 6, 4, 3))
    else:
        pdf.para("No decisions recorded.")
    pdf.heading("Actions", 13)
    if record.actions:
        pdf.rows(ACTION_HEADINGS, (action_row(a) for a in record.actions), widths=(6, 4, 3, 5, 5, 3))
    else:
        pdf.para("No actions recorded.")
    pdf.heading("Management oversight", 13)
    pdf.para(oversight_text(record))
    pdf.heading("Entries", 13, keep=34)  # never alone at the foot of a page
    for step, entries in by_step(record.entries):
        pdf.heading(step, 11.5, keep=24)  # with its first entry's byline and a line or two
        for entry in entries:
            _pdf_entry(pdf, entry)
    if not record.entries:
        pdf.para("No entries recorded.")
    sign_off = sign_off_lines(record)
    pdf.heading("Sign-off", 13, keep=6 * len(sign_off) + 4)  # the sign-off stays together
    for line in sign_off:
        pdf.para(line)
    return bytes(pdf.output())
