"""What a supervisor, a manager or a court would look for in an exported supervision record."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

from markdown_it import MarkdownIt
from pypdf import PdfReader

from bot.supervision.export import actions_csv, session_markdown
from bot.supervision.export_pdf import session_pdf
from bot.supervision.record import ActionView, Citation, DecisionView, EntryView, Person, SessionRecord

SUPERVISOR = Person("U01SUPER", "Jo Clarke")
WORKER = Person("U02WORKER", "Sam Patel")
T0 = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)

CITATIONS = (
    Citation("Child H (Hertfordshire SCP, 2023), Key lessons learned (iv)",
             "Practitioners did not see the baby's father as a risk or as a resource.",
             "https://example.org/child-h"),
    Citation("Child LI (Anytown LSCB, 2019), Findings", "The voice of the child was lost in adult concerns."),
)
ENTRIES = (
    EntryView("Experience", WORKER, "Home visit on 20 Nov: mother said the father has moved out.", T0),
    EntryView("Experience", WORKER, "The baby was asleep upstairs; I did not see her.",
              T0 + timedelta(minutes=3)),
    EntryView("Reflection", WORKER, "I felt relieved, and that worries me: rule of optimism?",
              T0 + timedelta(minutes=9)),
    EntryView("Analysis", SUPERVISOR, "What else could explain the father's absence from every visit?",
              T0 + timedelta(minutes=15)),
    EntryView("Analysis", SUPERVISOR, "Review learning on unseen men applies here.",
              T0 + timedelta(minutes=16), kind="learning", citations=CITATIONS,
              questions=("Who else lives in or visits the home?", "What do we know about the father?")),
    EntryView("Analysis", WORKER, "Safety scale: 4 out of 10", T0 + timedelta(minutes=20), kind="scale"),
    EntryView("Action planning", SUPERVISOR, "Agree a joint visit and a check with the health visitor.",
              T0 + timedelta(minutes=25)),
)
ACTIONS = (
    ActionView(1, "Joint unannounced visit; see the baby awake", WORKER, date(2026, 11, 27),
               "Visit recorded on the file", "Baby seen, room and sleeping place seen", "done",
               done_at=datetime(2026, 11, 26, 10, 30, tzinfo=UTC)),
    ActionView(2, "Ask the police and health about the father", SUPERVISOR, date(2026, 12, 4),
               "Checks returned", "Father assessed as risk and as resource", "open"),
)


def make_record(**changes: object) -> SessionRecord:
    record = SessionRecord(
        id=42, framework="4x4x4 Integrated Model", supervisor=SUPERVISOR, participants=(WORKER,),
        team_channel="", case_ref="CR-2026-0117", functions=("Management", "Support"), review="",
        status="closed", started_at=T0, closed_at=T0 + timedelta(minutes=50),
        summary="Worker less anxious; clearer that the father must be assessed.",
        signed_off_by=SUPERVISOR, signed_off_at=T0 + timedelta(minutes=55),
        exported_by=SUPERVISOR, exported_at=datetime(2026, 11, 30, 9, 5, tzinfo=UTC),
        entries=ENTRIES, actions=ACTIONS,
    )
    return replace(record, **changes)  # type: ignore[arg-type]


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(data: bytes) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def md_tables(markdown: str) -> list[list[list[str]]]:
    """Each table in the document as rows of cell texts, as a GFM renderer sees them."""
    tables: list[list[list[str]]] = []
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    for before, token in zip(tokens, tokens[1:]):
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            tables[-1].append([])
        elif token.type == "inline" and before.type in ("th_open", "td_open"):
            tables[-1][-1].append(token.content)
    return tables


# Markdown -------------------------------------------------------------------------------------------

def test_markdown_has_details_entries_citations_actions_and_sign_off() -> None:
    md = session_markdown(make_record())
    assert md.startswith("# Supervision record: 4x4x4 Integrated Model (session 42)\n")
    for detail in ("CR-2026-0117", "Jo Clarke (U01SUPER)", "Sam Patel (U02WORKER)", "Management, Support",
                   "23 Nov 2026 14:00 UTC", "23 Nov 2026 14:50 UTC", "30 Nov 2026 09:05 UTC"):
        assert detail in md
    for entry in ENTRIES:
        assert entry.text in md
    assert "> Practitioners did not see the baby's father as a risk or as a resource." in md
    assert "— Child H (Hertfordshire SCP, 2023), Key lessons learned (iv) (<https://example.org/child-h>)" \
        in md
    assert "> The voice of the child was lost in adult concerns. — Child LI (Anytown LSCB, 2019)" in md
    assert "- Who else lives in or visits the home?" in md
    assert "Signed off by Jo Clarke (U01SUPER) on 23 Nov 2026 14:55 UTC." in md
    assert "Team channel" not in md and "Review" not in md.split("## Entries")[0]


CASE_FILE = {
    "decisions": (DecisionView("Hold a strategy discussion today", "Bruising on a non-mobile baby",
                            WORKER, T0 + timedelta(minutes=40), "Action planning"),),
    "oversight": "Agreed the referral. I will review the outcome with Sam on Friday.",
    "next_date": date(2026, 12, 21), "acknowledged_by": WORKER,
    "acknowledged_at": T0 + timedelta(days=1, hours=2)}


def test_the_case_file_sees_decisions_oversight_next_date_and_acknowledgement() -> None:
    record = make_record(**CASE_FILE)
    md = session_markdown(record)
    assert md_tables(md)[1] == [["Decision", "Why", "Decided by", "At step"],
                                ["Hold a strategy discussion today", "Bruising on a non-mobile baby",
                                 "Sam Patel (U02WORKER)", "Action planning"]]
    oversight = md[md.index("## Management oversight"):md.index("## Entries")]
    assert "I will review the outcome with Sam on Friday." in oversight
    assert "Next supervision: 21 Dec 2026." in md
    assert "Read and acknowledged by Sam Patel (U02WORKER) on 24 Nov 2026 16:00 UTC." in md
    text = pdf_text(session_pdf(record))
    for said in ("Hold a strategy discussion today", "Bruising on a non-mobile baby",
                 "Management oversight", "I will review the outcome with Sam on Friday.",
                 "Next supervision: 21 Dec 2026.",
                 "Read and acknowledged by Sam Patel (U02WORKER) on 24 Nov 2026 16:00 UTC."):
        assert said in text, said


def test_a_record_not_yet_acknowledged_or_overseen_says_so() -> None:
    md = session_markdown(make_record())
    assert "No decisions recorded." in md and "No management oversight recorded." in md
    assert "Not yet acknowledged by Sam Patel (U02WORKER)." in md
    assert "Next supervision: not set." in md


def test_markdown_groups_entries_by_step_in_order_of_appearance() -> None:
    md = session_markdown(make_record())
    headings = [line for line in md.splitlines() if line.startswith("### ")]
    assert headings == ["### Experience", "### Reflection", "### Analysis", "### Action planning"]
    analysis = md.split("### Analysis")[1].split("### Action planning")[0]
    assert "What else could explain" in analysis and "Safety scale: 4 out of 10" in analysis
    assert "learning from reviews" in analysis
    assert md.index(ENTRIES[0].text) < md.index(ENTRIES[1].text)  # within a step, in the order written


def test_markdown_actions_table_has_one_row_per_action() -> None:
    actions = md_tables(session_markdown(make_record()))[-1]
    assert actions[0][:3] == ["What", "Who", "By when"]
    assert actions[1] == ["Joint unannounced visit; see the baby awake", "Sam Patel (U02WORKER)",
                          "27 Nov 2026", "Visit recorded on the file",
                          "Baby seen, room and sleeping place seen", "done (26 Nov 2026 10:30 UTC)"]
    assert actions[2][2] == "4 Dec 2026" and actions[2][5] == "open"


def test_user_text_cannot_break_the_markdown_layout() -> None:
    hostile = ActionView(3, "# Call | the GP\nthen > school", WORKER, date(2026, 12, 1),
                         "- a list?\r\n| --- |", "<b>bold</b> `code`", "open")
    entry = EntryView("Experience", WORKER, "# Not a heading\n> not a quote\n1. not a list\n    not code",
                      T0, kind="entry")
    record = make_record(actions=ACTIONS + (hostile,), entries=ENTRIES + (entry,),
                         summary="## fake section\n| a | b |")
    md = session_markdown(record)
    blocks = MarkdownIt("commonmark").enable("table").parse(md)
    tokens = blocks + [child for block in blocks for child in block.children or ()]
    headings = [blocks[i + 1].content for i, t in enumerate(blocks) if t.type == "heading_open"]
    assert headings == ["Supervision record: 4x4x4 Integrated Model (session 42)", "Summary",
                        "Decisions", "Actions", "Management oversight", "Entries", "Experience",
                        "Reflection", "Analysis", "Action planning", "Sign-off"]
    assert {t.content for t in tokens if t.type in ("html_block", "html_inline")} == {"<br>"}
    assert not any(t.type in ("code_block", "code_inline", "ordered_list_open") for t in tokens)
    quotes = sum(t.type == "blockquote_open" for t in tokens)
    assert quotes == len(CITATIONS)
    tables = md_tables(md)
    assert len(tables) == 2 and len(tables[-1]) == 4 and all(len(row) == 6 for row in tables[-1])
    assert tables[-1][3][0] == "\\# Call | the GP<br>then \\> school"  # as the renderer reads it


def test_markdown_without_actions_or_sign_off_says_so() -> None:
    record = make_record(actions=(), signed_off_by=None, signed_off_at=None, status="active", closed_at=None,
                         team_channel="#team-north", review="Child LI")
    md = session_markdown(record)
    assert "No actions recorded." in md and "Not signed off." in md and "Not closed: active" in md
    assert "| Team channel | \\#team-north |" in md and "| Review | Child LI |" in md


def test_naive_and_aware_times_are_both_shown_in_utc() -> None:
    plus_one = timezone(timedelta(hours=1))
    record = make_record(started_at=datetime(2026, 6, 1, 9, 0),
                         closed_at=datetime(2026, 6, 1, 11, 0, tzinfo=plus_one))
    md = session_markdown(record)
    assert "| Started | 1 Jun 2026 09:00 UTC |" in md and "| Closed | 1 Jun 2026 10:00 UTC |" in md
    naive_done = replace(ACTIONS[0], done_at=datetime(2026, 6, 2, 8, 15))
    row = next(csv.DictReader(io.StringIO(actions_csv([make_record(actions=(naive_done,))]))))
    assert row["done_at"] == "2026-06-02T08:15:00+00:00"


# PDF ------------------------------------------------------------------------------------------------

def test_pdf_text_carries_the_record() -> None:
    data = session_pdf(make_record())
    assert data == session_pdf(make_record())  # the creation date is the export time: same record, same bytes
    text = pdf_text(data)
    assert "Supervision record – session 42 – case CR-2026-0117" in text and "OFFICIAL-SENSITIVE" in text
    for entry in ENTRIES:
        assert flat(entry.text) in text
    for action in ACTIONS:
        assert flat(action.what) in text
    assert "27 Nov 2026" in text and "4 Dec 2026" in text
    assert "The voice of the child was lost in adult concerns." in text
    assert "Signed off by Jo Clarke (U01SUPER) on 23 Nov 2026 14:55 UTC." in text
    assert re.search(r"Page 1 of \d+", text)
    assert "Exported by Jo Clarke (U01SUPER) on 30 Nov 2026 09:05 UTC" in text


def test_long_record_runs_to_many_pages_with_every_entry() -> None:
    entries = tuple(EntryView(("Experience", "Reflection", "Analysis")[i % 3], WORKER,
                              f"Entry number {i}: " + "the child's day, seen from the cot. " * 8,
                              T0 + timedelta(minutes=i)) for i in range(200))
    long_entry = EntryView("Analysis", SUPERVISOR, "A long chronology. " * 900, T0)
    reader = PdfReader(io.BytesIO(session_pdf(make_record(entries=entries + (long_entry,)))))
    pages = len(reader.pages)
    assert pages > 5
    assert f"Page {pages} of {pages}" in reader.pages[-1].extract_text()
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    assert "Entry number 0:" in text and "Entry number 199:" in text
    assert text.count("A long chronology.") == 900


def test_action_taller_than_a_page_is_printed_whole_as_text() -> None:
    pasted = ActionView(3, "Call the GP about the bruise. " * 600, WORKER, date(2026, 12, 1),
                        "GP replied", "Bruise explained", "open")
    reader = PdfReader(io.BytesIO(session_pdf(make_record(actions=ACTIONS + (pasted,)))))
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    assert len(reader.pages) > 3 and "What: Call the GP about the bruise." in text
    assert "By when: 1 Dec 2026" in text and text.count("about the bruise.") >= 590


def test_pdf_keeps_curly_quotes_and_marks_what_the_font_cannot_draw() -> None:
    # DejaVu Sans has the grinning face but no teddy bear (U+1F9F8) or CJK; Helvetica has none of them.
    text = "Mum said \u201cwe\u2019re fine\u201d \U0001F600 \U0001F9F8 \u5b50\t\u2013 ok"
    record = make_record(entries=(EntryView("Experience", WORKER, text, T0),))
    assert "Mum said \u201cwe\u2019re fine\u201d \U0001F600 ? ? \u2013 ok" in pdf_text(session_pdf(record))
    assert "Mum said \"we're fine\" ? ? ? - ok" in pdf_text(session_pdf(record, unicode=False))


def test_core_font_fallback_still_carries_the_record() -> None:
    text = pdf_text(session_pdf(make_record(), unicode=False))
    assert "Supervision record - session 42 - case CR-2026-0117" in text
    assert "Signed off by Jo Clarke (U01SUPER) on 23 Nov 2026 14:55 UTC." in text
    assert "Practitioners did not see the baby's father as a risk or as a resource." in text


def test_pdf_without_actions_says_so() -> None:
    text = pdf_text(session_pdf(make_record(actions=(), signed_off_by=None, signed_off_at=None)))
    assert "No actions recorded." in text and "Not signed off." in text


# CSV ------------------------------------------------------------------------------------------------

def test_actions_csv_has_one_row_per_action_across_sessions() -> None:
    other = make_record(id=43, case_ref="CR-2026-0200", actions=ACTIONS[1:])
    rows = list(csv.DictReader(io.StringIO(actions_csv([make_record(), other]))))
    assert [(r["session_id"], r["action_id"]) for r in rows] == [("42", "1"), ("42", "2"), ("43", "2")]
    first = rows[0]
    assert first == {
        "session_id": "42", "case_ref": "CR-2026-0117", "framework": "4x4x4 Integrated Model",
        "action_id": "1",
        "what": "Joint unannounced visit; see the baby awake", "who": "Sam Patel (U02WORKER)",
        "due": "2026-11-27", "done_check": "Visit recorded on the file",
        "worked_check": "Baby seen, room and sleeping place seen", "status": "done",
        "done_at": "2026-11-26T10:30:00+00:00", "supervisor": "Jo Clarke (U01SUPER)",
    }
    assert rows[1]["done_at"] == "" and rows[2]["case_ref"] == "CR-2026-0200"


def test_actions_csv_neutralises_formulas_and_keeps_newlines() -> None:
    risky = ActionView(9, '=HYPERLINK("http://evil.example","click")', Person("U03", "@admin"),
                       date(2026, 12, 1), "-1 day\nthen check", "+ done", "open")
    rows = list(csv.DictReader(io.StringIO(actions_csv([make_record(actions=(risky,))]))))
    assert rows[0]["what"] == '\'=HYPERLINK("http://evil.example","click")'
    assert rows[0]["who"] == "'@admin (U03)"
    assert rows[0]["done_check"] == "'-1 day\nthen check" and rows[0]["worked_check"] == "'+ done"


def test_actions_csv_with_no_actions_is_just_the_header() -> None:
    assert actions_csv([make_record(actions=())]).splitlines() == [
        "session_id,case_ref,framework,action_id,what,who,due,done_check,worked_check,status,done_at,supervisor"]
