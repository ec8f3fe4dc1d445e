"""A supervision session as the case file keeps it: Markdown, PDF, and a CSV of its actions."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from fpdf import FPDF, XPos, YPos
from fpdf.fonts import FontFace

from bot.reflection.present import day, moment, utc
from bot.supervision.record import ActionView, DecisionView, EntryView, SessionRecord

KIND_LABELS = {"learning": "learning from reviews", "scale": "scale"}
DECISION_HEADINGS = ("Decision", "Why", "Decided by", "At step")
ACTION_HEADINGS = ("What", "Who", "By when", "How we'll know it's done", "How we'll know it worked", "Status")
CSV_FIELDS = ("session_id", "case_ref", "framework", "action_id", "what", "who", "due", "done_check",
              "worked_check", "status", "done_at", "supervisor")
MARKING = "OFFICIAL-SENSITIVE"
# DejaVu Sans ships with most Linux distributions; without it the PDF falls back to latin-1 Helvetica.
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu-sans-fonts"),
             Path("/usr/share/fonts/dejavu"), Path("/usr/share/fonts/TTF"))
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}


# Dates and shared wording ---------------------------------------------------------------------------

def _title(record: SessionRecord) -> str:
    return f"Supervision record: {record.framework} (session {record.id})"


def _exported(record: SessionRecord) -> str:
    return f"Exported by {record.exported_by.label()} on {moment(record.exported_at)}"


def _details(record: SessionRecord) -> list[tuple[str, str]]:
    closed = moment(record.closed_at) if record.closed_at else f"Not closed: {record.status}"
    rows = [("Case reference", record.case_ref or "not recorded"),
            ("Supervisor", record.supervisor.label()),
            ("Participants", ", ".join(p.label() for p in record.participants) or "none recorded")]
    if record.team_channel:
        rows.append(("Team channel", record.team_channel))
    rows += [("Framework", record.framework),
             ("Functions in focus", ", ".join(record.functions) or "none recorded")]
    if record.review:
        rows.append(("Review", record.review))
    return rows + [("Started", moment(record.started_at)), ("Closed", closed),
                   ("Exported by", f"{record.exported_by.label()}, {moment(record.exported_at)}")]


def _by_step(entries: Iterable[EntryView]) -> list[tuple[str, list[EntryView]]]:
    """Entries grouped by step, steps in order of first appearance."""
    groups: dict[str, list[EntryView]] = {}
    for entry in entries:
        groups.setdefault(entry.step, []).append(entry)
    return list(groups.items())


def _byline(entry: EntryView) -> str:
    parts = [entry.author.label(), moment(entry.at), KIND_LABELS.get(entry.kind, "")]
    return " — ".join(part for part in parts if part)


def _status(action: ActionView) -> str:
    return f"{action.status} ({moment(action.done_at)})" if action.done_at else action.status


def _action_row(action: ActionView) -> tuple[str, ...]:
    return (action.what, action.who.label(), day(action.due), action.done_check, action.worked_check,
            _status(action))


def _decision_row(decision: DecisionView) -> tuple[str, ...]:
    return (decision.what, decision.rationale, decision.by.label(), decision.step)


def _sign_off(record: SessionRecord) -> list[str]:
    """Who signed off and when, the next supervision, and the practitioner's acknowledgement."""
    if record.signed_off_by is None:
        return ["Not signed off."]
    on = f" on {moment(record.signed_off_at)}" if record.signed_off_at else " (date not recorded)"
    lines = [f"Signed off by {record.signed_off_by.label()}{on}.",
             f"Next supervision: {day(record.next_date)}." if record.next_date
             else "Next supervision: not set."]
    if record.acknowledged_by is not None:
        at = f" on {moment(record.acknowledged_at)}" if record.acknowledged_at else ""
        lines.append(f"Read and acknowledged by {record.acknowledged_by.label()}{at}.")
    elif record.participants and not record.team_channel:
        lines.append(f"Not yet acknowledged by {record.participants[0].label()}.")
    return lines


def _oversight(record: SessionRecord) -> str:
    return record.oversight.strip() or "No management oversight recorded."


# Markdown -------------------------------------------------------------------------------------------

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
_MD_LINE_START = re.compile(r"^([#+=-])")
_MD_NUMBERED = re.compile(r"^(\d+)([.)])")
_PLAIN_URL = re.compile(r"https?://[^\s<>]+")


def _md_line(line: str) -> str:
    """One line of user text that cannot open a heading, list, quote, code block or HTML."""
    line = _MD_INLINE.sub(r"\\\1", line.strip())
    return _MD_NUMBERED.sub(r"\1\\\2", _MD_LINE_START.sub(r"\\\1", line))


def _md_inline(text: str) -> str:
    """User text on one line (a heading or byline): its line breaks become spaces."""
    return _md_line(" ".join(text.split()))


def _md_block(text: str, prefix: str = "") -> str:
    """User text as paragraphs; its own line breaks are kept as hard breaks."""
    paragraphs: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip():
            paragraphs[-1].append(prefix + _md_line(line))
        elif paragraphs[-1]:
            paragraphs.append([])
    separator = "\n" + prefix.rstrip() + "\n"
    return separator.join("\\\n".join(lines) for lines in paragraphs if lines) or prefix + "(no text)"


def _md_cell(text: str) -> str:
    return "<br>".join(_md_line(line) for line in text.splitlines() if line.strip())


def _md_table(headings: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    headings = list(headings)
    lines = ["| " + " | ".join(headings) + " |", "|" + "---|" * len(headings)]
    return lines + ["| " + " | ".join(_md_cell(cell) for cell in row) + " |" for row in rows]


def _md_url(url: str) -> str:
    return f"<{url}>" if _PLAIN_URL.fullmatch(url) else _md_inline(url)


def _md_entry(entry: EntryView) -> list[str]:
    lines = [f"**{_md_inline(_byline(entry))}**", "", _md_block(entry.text), ""]
    for cite in entry.citations:
        source = _md_inline(cite.citation) + (f" ({_md_url(cite.url)})" if cite.url else "")
        lines += [_md_block(cite.text, prefix="> ") + f" — {source}", ""]
    if entry.questions:
        lines += ["Reflection questions:", ""] + [f"- {_md_cell(q)}" for q in entry.questions] + [""]
    return lines


def session_markdown(record: SessionRecord) -> str:
    """The session as a Markdown document fit for the case file."""
    lines = [f"# {_md_inline(_title(record))}", ""]
    lines += _md_table(("Detail", "Value"), _details(record))
    lines += ["", "## Summary", "", _md_block(record.summary) if record.summary.strip() else
              "No summary recorded.", "", "## Decisions", ""]
    if record.decisions:
        lines += _md_table(DECISION_HEADINGS, (_decision_row(d) for d in record.decisions))
    else:
        lines.append("No decisions recorded.")
    lines += ["", "## Actions", ""]
    if record.actions:
        lines += _md_table(ACTION_HEADINGS, (_action_row(a) for a in record.actions))
    else:
        lines.append("No actions recorded.")
    lines += ["", "## Management oversight", "", _md_block(_oversight(record)), "", "## Entries", ""]
    for step, entries in _by_step(record.entries):
        lines += [f"### {_md_inline(step)}", ""]
        for entry in entries:
            lines += _md_entry(entry)
    if not record.entries:
        lines += ["No entries recorded.", ""]
    lines += ["## Sign-off", ""]
    for line in _sign_off(record):
        lines += [_md_inline(line), ""]
    lines.append(f"_{_md_inline(_exported(record))}_")
    return "\n".join(lines) + "\n"


# PDF ------------------------------------------------------------------------------------------------

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
        self.set_title(self.fit(_title(record)))

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
        self.cell(self.epw * 0.75, 5, self.fit(_exported(self.record)))
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
    pdf.para(_byline(entry), style="B", size=9)
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
    pdf.heading(_title(record), 15)
    pdf.rows(None, _details(record), widths=(1, 3))
    pdf.heading("Summary", 13)
    pdf.para(record.summary if record.summary.strip() else "No summary recorded.")
    pdf.heading("Decisions", 13)
    if record.decisions:
        pdf.rows(DECISION_HEADINGS, (_decision_row(d) for d in record.decisions), widths=(6, 6, 4, 3))
    else:
        pdf.para("No decisions recorded.")
    pdf.heading("Actions", 13)
    if record.actions:
        pdf.rows(ACTION_HEADINGS, (_action_row(a) for a in record.actions), widths=(6, 4, 3, 5, 5, 3))
    else:
        pdf.para("No actions recorded.")
    pdf.heading("Management oversight", 13)
    pdf.para(_oversight(record))
    pdf.heading("Entries", 13, keep=34)  # never alone at the foot of a page
    for step, entries in _by_step(record.entries):
        pdf.heading(step, 11.5, keep=24)  # with its first entry's byline and a line or two
        for entry in entries:
            _pdf_entry(pdf, entry)
    if not record.entries:
        pdf.para("No entries recorded.")
    sign_off = _sign_off(record)
    pdf.heading("Sign-off", 13, keep=6 * len(sign_off) + 4)  # the sign-off stays together
    for line in sign_off:
        pdf.para(line)
    return bytes(pdf.output())


# CSV ------------------------------------------------------------------------------------------------

def _csv_safe(value: object) -> str:
    """Spreadsheets run cells that start like a formula; a leading apostrophe keeps them text."""
    text = str(value)
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def actions_csv(records: list[SessionRecord]) -> str:
    """Every action of the given sessions, one CSV row each, with a header row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_FIELDS)
    for record in records:
        for a in record.actions:
            row = (record.id, record.case_ref, record.framework, a.id, a.what, a.who.label(),
                   a.due.isoformat(), a.done_check, a.worked_check, a.status,
                   utc(a.done_at).isoformat() if a.done_at else "", record.supervisor.label())
            writer.writerow([_csv_safe(cell) for cell in row])
    return out.getvalue()
