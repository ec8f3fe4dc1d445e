"""A supervision session as the case file keeps it: the wording all its renderings share, the
Markdown, and a CSV of its actions (the PDF is export_pdf.py)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

from bot.reflection.present import day, moment, utc
from bot.supervision.record import ActionView, DecisionView, EntryView, SessionRecord

KIND_LABELS = {"learning": "learning from reviews", "scale": "scale"}
DECISION_HEADINGS = ("Decision", "Why", "Decided by", "At step")
ACTION_HEADINGS = ("What", "Who", "By when", "How we'll know it's done", "How we'll know it worked", "Status")
CSV_FIELDS = ("session_id", "case_ref", "framework", "action_id", "what", "who", "due", "done_check",
              "worked_check", "status", "done_at", "supervisor")


# Dates and shared wording ---------------------------------------------------------------------------

def title_of(record: SessionRecord) -> str:
    return f"Supervision record: {record.framework} (session {record.id})"


def exported_line(record: SessionRecord) -> str:
    return f"Exported by {record.exported_by.label()} on {moment(record.exported_at)}"


def details(record: SessionRecord) -> list[tuple[str, str]]:
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


def by_step(entries: Iterable[EntryView]) -> list[tuple[str, list[EntryView]]]:
    """Entries grouped by step, steps in order of first appearance."""
    groups: dict[str, list[EntryView]] = {}
    for entry in entries:
        groups.setdefault(entry.step, []).append(entry)
    return list(groups.items())


def byline(entry: EntryView) -> str:
    parts = [entry.author.label(), moment(entry.at), KIND_LABELS.get(entry.kind, "")]
    return " — ".join(part for part in parts if part)


def action_status(action: ActionView) -> str:
    return f"{action.status} ({moment(action.done_at)})" if action.done_at else action.status


def action_row(action: ActionView) -> tuple[str, ...]:
    return (action.what, action.who.label(), day(action.due), action.done_check, action.worked_check,
            action_status(action))


def decision_row(decision: DecisionView) -> tuple[str, ...]:
    return (decision.what, decision.rationale, decision.by.label(), decision.step)


def sign_off_lines(record: SessionRecord) -> list[str]:
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


def oversight_text(record: SessionRecord) -> str:
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
    lines = [f"**{_md_inline(byline(entry))}**", "", _md_block(entry.text), ""]
    for cite in entry.citations:
        source = _md_inline(cite.citation) + (f" ({_md_url(cite.url)})" if cite.url else "")
        lines += [_md_block(cite.text, prefix="> ") + f" — {source}", ""]
    if entry.questions:
        lines += ["Reflection questions:", ""] + [f"- {_md_cell(q)}" for q in entry.questions] + [""]
    return lines


def session_markdown(record: SessionRecord) -> str:
    """The session as a Markdown document fit for the case file."""
    lines = [f"# {_md_inline(title_of(record))}", ""]
    lines += _md_table(("Detail", "Value"), details(record))
    lines += ["", "## Summary", "", _md_block(record.summary) if record.summary.strip() else
              "No summary recorded.", "", "## Decisions", ""]
    if record.decisions:
        lines += _md_table(DECISION_HEADINGS, (decision_row(d) for d in record.decisions))
    else:
        lines.append("No decisions recorded.")
    lines += ["", "## Actions", ""]
    if record.actions:
        lines += _md_table(ACTION_HEADINGS, (action_row(a) for a in record.actions))
    else:
        lines.append("No actions recorded.")
    lines += ["", "## Management oversight", "", _md_block(oversight_text(record)), "", "## Entries", ""]
    for step, entries in by_step(record.entries):
        lines += [f"### {_md_inline(step)}", ""]
        for entry in entries:
            lines += _md_entry(entry)
    if not record.entries:
        lines += ["No entries recorded.", ""]
    lines += ["## Sign-off", ""]
    for line in sign_off_lines(record):
        lines += [_md_inline(line), ""]
    lines.append(f"_{_md_inline(exported_line(record))}_")
    return "\n".join(lines) + "\n"


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
