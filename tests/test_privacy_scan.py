"""Identifiers typed on every surface are kept nowhere: not the database, the logs, the index or an export.

Messages from the labelled set (tests/privacy_cases.py) go through the real Bolt app over HTTP and
the loopback Slack: mentions, direct messages, thread follow-ups, /reflect, a feedback reason, a
supervision session (entries, a scale, an action plan, sign-off, exports from Slack and from the
command line) and a document an admin uploads and indexes. Then everything the app wrote is
searched for every identifier.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from bot import cli
from bot.reflection import Engine
from tests.privacy_cases import Case, cases
from tests.slack.conftest import Running, serving
from tests.slack.harness import (
    APP_TOKEN,
    BOT_TOKEN,
    SIGNING_SECRET,
    TEAM,
    FakeSlack,
    mention,
    message,
)
from tests.slack.supervising import (
    PRACTITIONER,
    SUPERVISOR,
    action_values,
    as_data,
    click,
    opening,
    rows,
    say,
    sign_off,
    start_session,
    stored_entries,
    submit,
    wait_post,
)

ADMIN = "UADMIN"


def found(identifier: str, text: str) -> bool:
    """The identifier as a whole token in the text, whatever its case."""
    return re.search(rf"(?<![A-Za-z0-9]){re.escape(identifier)}(?![A-Za-z0-9])", text,
                     re.IGNORECASE) is not None


def typed_cases(knowledge: Path, n: int = 40) -> list[Case]:
    """Cases from the set whose identifiers are nowhere in the knowledge folder (a name that is
    also in a published review could be cited from it, fairly)."""
    corpus = " ".join(p.read_text(errors="ignore") for p in knowledge.rglob("*") if p.is_file())
    return [c for c in cases(n) if not any(found(i, corpus) for i in identifiers([c]))]


def identifiers(some: list[Case]) -> set[str]:
    return {value for case in some for values in case.identifiers.values() for value in values}


@contextlib.contextmanager
def all_logs() -> Iterator[io.StringIO]:
    """Every record reaching the root logger, at DEBUG; loggers the app sets itself (slack_bolt,
    slack_sdk at WARNING) keep the level it gives them, as deployed."""
    stream, root = io.StringIO(), logging.getLogger()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


@contextlib.contextmanager
def running_app(seed_settings, embedder, folder: Path) -> Iterator[Running]:  # type: ignore[no-untyped-def]
    """The app over copies of the knowledge folder and the built index, with its own database."""
    with serving(
            seed_settings, lambda settings: Engine(settings, embedder),
            knowledge_dir=shutil.copytree(seed_settings.knowledge_dir, folder / "knowledge"),
            index_dir=shutil.copytree(seed_settings.index_dir, folder / "index"),
            data_dir=folder / "data", database_url=f"sqlite:///{folder / 'records.db'}",
            slack_app_token=APP_TOKEN, admins=frozenset({ADMIN}),
            supervisors=frozenset({SUPERVISOR})) as running:
        yield running


def answered_in_thread(fake: FakeSlack, thread_ts: str) -> list:
    return [c for c in fake.calls_to("chat.postMessage") if c.args.get("thread_ts") == thread_ts]


def ask_in_channels(app: Running, mentions: list[Case], dms: list[Case], follow_ups: list[Case]) -> None:
    """Mentions and direct messages, each answered in its thread; then replies in one thread."""
    for n, case in enumerate(mentions):
        app.sender.event(mention(case.text, ts=f"{100 + n}.1"))
    for n, case in enumerate(dms):
        app.sender.event(message(case.text, channel="DUALICE", channel_type="im", ts=f"{200 + n}.1"))
    for ts in [f"{100 + n}.1" for n in range(len(mentions))] + [f"{200 + n}.1" for n in range(len(dms))]:
        app.fake.wait_for(lambda ts=ts: answered_in_thread(app.fake, ts))
    for n, case in enumerate(follow_ups):
        app.sender.event(message(case.text, ts=f"100.{n + 2}", thread_ts="100.1"))
        app.fake.wait_for(lambda n=n: answered_in_thread(app.fake, "100.1")[n + 1:])


def reflect_privately(app: Running, commands: list[Case]) -> None:
    for case in commands:
        app.sender.command(case.text, PRACTITIONER, "C7", app.fake.response_url(), app.fake.trigger_id())
    app.fake.wait_for(lambda: len([r for r in app.fake.responses if r.get("blocks")]) >= len(commands))


def give_reasons(app: Running, reasons: list[Case]) -> None:
    """Not helpful, with a reason typed in the modal."""
    reply = answered_in_thread(app.fake, "100.1")[0]
    not_helpful = [b for b in as_data(reply.args["blocks"]) if b["type"] == "actions"][0]["elements"][1]
    app.sender.interaction({
        "type": "block_actions", "user": {"id": PRACTITIONER}, "team": {"id": TEAM},
        "channel": {"id": "C1"}, "trigger_id": app.fake.trigger_id(), "api_app_id": "A1",
        "token": "legacy", "response_url": app.fake.response_url(),
        "actions": [{**not_helpful, "block_id": "b"}]})
    modal = app.fake.wait_for(lambda: app.fake.calls_to("views.open"))[-1]
    for case in reasons:
        submit(app, modal, {"reason_block": {"reason_input": {"type": "plain_text_input",
                                                              "value": case.text}}}, user=PRACTITIONER)


def supervise(app: Running, entries: list[Case], action: list[Case]) -> None:
    """A Signs of Safety session: entries at two steps, the scale, an action, sign-off, exports."""
    head = start_session(app, opening("signs_of_safety"))
    step = wait_post(app.fake, "Step 1 of 4")
    half = len(entries) // 2
    for n, case in enumerate(entries[:half]):
        say(app, head, case.text, PRACTITIONER, f"300.{n + 1}")
    stored_entries(app, half)
    click(app, step, "session_next")
    step = wait_post(app.fake, "Step 2 of 4")
    for n, case in enumerate(entries[half:]):
        say(app, head, case.text, SUPERVISOR, f"301.{n + 1}")
    stored_entries(app, len(entries))
    click(app, step, "session_next")
    wait_post(app.fake, "found from everything said so far")
    step = wait_post(app.fake, "Step 3 of 4")
    click(app, step, "session_scale", selected_option={"value": "1:3"})
    stored_entries(app, len(entries) + 2)  # the learning, then the scale
    click(app, step, "session_next")
    step = wait_post(app.fake, "Step 4 of 4")
    click(app, step, "session_add_action")
    form = app.fake.wait_for(lambda: app.fake.calls_to("views.open"))[-1]
    what, done, worked = (case.text for case in action)
    submit(app, form, action_values(what, PRACTITIONER, date.today() + timedelta(days=7), done, worked))
    wait_post(app.fake, "Action 1 added")
    closed = sign_off(app, step)
    click(app, closed, "export_pdf")
    click(app, closed, "export_md", user=PRACTITIONER)
    app.fake.wait_for(lambda: len(app.fake.uploaded()) >= 2)


def export_from_the_command_line(app: Running, out: Path, monkeypatch) -> list[Path]:  # type: ignore[no-untyped-def]
    settings = app.settings
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("REFLECT_INDEX_DIR", str(settings.index_dir))
    monkeypatch.setenv("REFLECT_KNOWLEDGE_DIR", str(settings.knowledge_dir))
    monkeypatch.setenv("REFLECT_DATA_DIR", str(settings.data_dir))
    files = [out / "session.md", out / "session.pdf"]
    for path in files:
        assert cli.main(["records", "export", "1", "--as", SUPERVISOR, "--format",
                         path.suffix[1:], "--out", str(path)]) == 0
    return files


def upload_and_reindex(app: Running, document: list[Case]) -> None:
    """An admin sends a document to the bot, confirms it, and rebuilds the index."""
    content = "# Practice notes from the duty team\n\n## Notes\n\n" + "\n\n".join(
        f"{n + 1}. {case.text}." for n, case in enumerate(document))
    shared = app.fake.share_file("practice-notes.md", content.encode())
    app.sender.event(message("notes for the knowledge base", user=ADMIN, channel=f"D{ADMIN}",
                             channel_type="im", subtype="file_share", ts="400.1", files=[shared]))
    offer = wait_post(app.fake, "Confirm its details", channel=f"D{ADMIN}")
    add = next(b for b in as_data(offer.args["blocks"]) if b["type"] == "actions")["elements"][0]
    app.sender.interaction({
        "type": "block_actions", "user": {"id": ADMIN}, "team": {"id": TEAM}, "api_app_id": "A1",
        "token": "legacy", "trigger_id": app.fake.trigger_id(), "channel": {"id": f"D{ADMIN}"},
        "actions": [{**add, "block_id": "b"}]})
    form = app.fake.wait_for(lambda: [c for c in app.fake.calls_to("views.open")
                                      if "Add a document" in json.dumps(as_data(c.args["view"]))])[-1]
    submit(app, form, {"title": {"title": {"value": "Duty team practice notes"}},
                       "year": {"year": {"value": "2025"}}}, user=ADMIN)
    wait_post(app.fake, "Run /reindex", channel=f"D{ADMIN}")
    app.sender.command("", ADMIN, "C1", app.fake.response_url(), app.fake.trigger_id(),
                       command="/reindex")
    summary = app.fake.wait_for(lambda: [c for c in app.fake.calls_to("chat.update")
                                         if "Themes now covered" in c.args["text"]], timeout=60)
    assert "added: uploads/practice-notes.md" in summary[-1].args["text"]


def database_text(database_url: str) -> str:
    """Every column of every table, and the raw bytes of the database files (WAL included)."""
    path = Path(database_url.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        dump = [str(row) for table in tables for row in db.execute(f'SELECT * FROM "{table}"')]
    raw = [p.read_bytes().decode("latin-1") for p in path.parent.glob(path.name + "*")]
    return "\n".join(dump + raw)


def folder_text(folder: Path) -> str:
    return "\n".join(p.read_bytes().decode("latin-1") for p in folder.rglob("*") if p.is_file())


def export_text(content: bytes) -> str:
    """A Markdown export as it is; a PDF's text, its lines joined."""
    if content.startswith(b"%PDF"):
        return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
                        .split())
    return content.decode()


@dataclass
class Scan:
    typed: list[Case]  # typed by people on the chat and supervision surfaces
    document: list[Case]  # inside the document the admin uploaded
    places: dict[str, str]  # where the app wrote -> what it holds
    surfaces: list[str]  # the surface of each stored ask


@pytest.fixture(scope="module")
def scan(seed_settings, embedder, tmp_path_factory) -> Scan:  # type: ignore[no-untyped-def]
    """One run through every surface; then what the database, logs, index and exports hold."""
    folder = tmp_path_factory.mktemp("privacy-scan")
    chosen = typed_cases(seed_settings.knowledge_dir)
    typed = chosen[:28]
    document = [c for c in chosen[28:] if not identifiers([c]) & identifiers(typed)]
    assert len(typed) == 28 and len(document) >= 5
    with pytest.MonkeyPatch.context() as monkeypatch, all_logs() as logs:
        for name in [n for n in os.environ if n.startswith("SLACK_")]:
            monkeypatch.delenv(name)  # SLACK_CLIENT_ID and friends would switch Bolt to OAuth
        with running_app(seed_settings, embedder, folder) as app:
            ask_in_channels(app, typed[0:6], typed[6:10], typed[10:13])
            reflect_privately(app, typed[13:17])
            give_reasons(app, typed[17:19])
            supervise(app, typed[19:25], typed[25:28])
            exports = {f"export from Slack {n}": data
                       for n, (_, data) in enumerate(app.fake.uploaded())}
            for path in export_from_the_command_line(app, folder, monkeypatch):
                exports[f"export from the command line {path.name}"] = path.read_bytes()
            upload_and_reindex(app, document)
            surfaces = [r[0] for r in rows(app.settings, "SELECT surface FROM ask")]
    places = {"database": database_text(app.settings.database_url), "logs": logs.getvalue(),
              "index": folder_text(app.settings.index_dir)}
    places.update({name: export_text(data) for name, data in exports.items()})
    return Scan(typed, document, places, surfaces)


def leaks(scan: Scan, of: list[Case]) -> dict[str, list[str]]:
    """Place -> the identifiers of these cases found there (only places where some are)."""
    hits = {place: sorted(i for i in identifiers(of) if found(i, text))
            for place, text in scan.places.items()}
    return {place: found_there for place, found_there in hits.items() if found_there}


def test_identifiers_typed_on_every_surface_are_kept_nowhere(scan):  # type: ignore[no-untyped-def]
    assert leaks(scan, scan.typed) == {}
    # What people typed arrived, redacted rather than dropped: the scan searched real records.
    assert sorted(scan.surfaces) == sorted(["mention"] * 6 + ["dm"] * 4 + ["thread"] * 3
                                           + ["command"] * 4)
    database = scan.places["database"]
    assert "[name]" in database and "benefits stopped" in database and "bruise on the arm" in database
    exports = [text for place, text in scan.places.items() if place.startswith("export")]
    assert len(exports) == 4
    assert all("Safety scale: 3 out of 10" in text and "CR-2026-0042" in text for text in exports)


def test_identifiers_in_an_uploaded_document_stay_out_of_the_records_and_logs(scan):  # type: ignore[no-untyped-def]
    assert "Duty team practice notes" in scan.places["index"]  # it was indexed
    assert {place: hits for place, hits in leaks(scan, scan.document).items() if place != "index"} == {}


def test_identifiers_in_an_uploaded_document_do_not_reach_the_index(scan):  # type: ignore[no-untyped-def]
    """What no published review should carry is removed before indexing; names and street
    addresses stay, as a review's pseudonyms ("Child LI", "Alice") and places cannot be told
    from them (bot/privacy DOCUMENT_KINDS)."""
    kept_by_design = ("name", "address")
    structured = [Case(case.text, {kind: values for kind, values in case.identifiers.items()
                                   if kind not in kept_by_design}) for case in scan.document]
    assert sum(len(case.identifiers) for case in structured) >= 5
    assert "index" not in leaks(scan, structured)


def test_no_credential_is_logged_or_kept_either(scan):  # type: ignore[no-untyped-def]
    for secret in (BOT_TOKEN, SIGNING_SECRET, APP_TOKEN):
        assert [place for place, text in scan.places.items() if secret in text] == []
