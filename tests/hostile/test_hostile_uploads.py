"""Uploads with hostile names and contents: refused with a sentence, nothing filed outside knowledge/."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.admin import uploads
from bot.config import Settings
from bot.ingest.readers import MAX_BYTES
from tests.hostile.test_fuzz_ingest import zip_bomb_docx
from tests.slack.harness import message

FUZZ = settings(derandomize=True, max_examples=40, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
REVIEW = b"# Child S\n\n## Findings\n\n" + b"Nobody saw the child alone at any visit. " * 20
PATHS = ["../../etc/passwd", "..", ".", "/", "C:\\x\\y", "\\\\server\\share\\r", "a/../../b",
         "~/", "\x00", "CON", "<!channel>", "<https://evil|click>", "\u202efdp.exe", "👶", "é"]
names = st.lists(st.one_of(st.sampled_from(PATHS), st.text(max_size=12)), max_size=5).map("".join)
SUFFIXES = st.sampled_from(["", ".md", ".MD", ".txt", ".pdf", ".docx", ".exe", ".md.", ".tar.gz"])


def files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


@FUZZ
@given(name=names, suffix=SUFFIXES)
def test_a_safe_filename_is_one_plain_name(name, suffix):  # type: ignore[no-untyped-def]
    safe = uploads.safe_filename(name + suffix)
    assert re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_-]*(\.[a-z0-9]{1,5})?", safe), safe
    assert len(safe) <= 86


@FUZZ
@given(name=names, suffix=SUFFIXES)
def test_an_upload_is_held_and_filed_only_inside_its_folders(tmp_path, name, suffix):  # type: ignore[no-untyped-def]
    root = tmp_path / str(len(list(tmp_path.iterdir())))  # a fresh root for each example
    config = Settings(knowledge_dir=root / "knowledge", index_dir=root / "index",
                      data_dir=root / "data", database_url="sqlite://", admins=frozenset({"UADMIN"}))
    try:
        held = uploads.hold_upload(config, actor="UADMIN", name=name + suffix, content=REVIEW)
        filed = uploads.accept_upload(config, actor="UADMIN", key=held.key, name=held.name,
                                      metadata={"title": name})
    except uploads.UploadRefused:  # a type it can't add, or markdown under a .pdf name
        assert files_under(root) == set()
        return
    assert files_under(root) == {filed, filed.with_name(filed.name + ".meta.yaml")}
    assert filed.parent == (root / "knowledge" / "uploads").resolve()


def shared(app, name, content: bytes | None = None, **file) -> str:  # type: ignore[no-untyped-def]
    """Share one file in the admin's DM; the bot's first reply in that thread."""
    described = app.fake.share_file("x", content or b"") if content is not None else {}
    described.update(name=name, **file)
    ts = f"{len(app.fake.calls)}.5"
    app.sender.event(message("here's a review", user="UADMIN", channel="DUADMIN", ts=ts,
                             channel_type="im", subtype="file_share", files=[described]))
    reply = app.fake.wait_for(lambda: [c for c in app.fake.calls_to("chat.postMessage")
                                       if c.args.get("thread_ts") == ts])[0]
    return reply.args["text"]


def test_hostile_uploads_in_slack_are_refused_with_a_sentence(app, tmp_path):  # type: ignore[no-untyped-def]
    bomb = tmp_path / "bomb.docx"
    zip_bomb_docx(bomb, 6 * MAX_BYTES)
    before = files_under(app.settings.knowledge_dir)
    said = {
        "readable": shared(app, "<!channel> Child Q <https://evil|click>.md",
                           REVIEW.replace(b"# Child S", b"# <!here> Child S")),
        "random": shared(app, "../../etc/passwd.pdf", bytes(range(256)) * 40),
        "bomb": shared(app, "C:\\x\\y.docx", bomb.read_bytes()),
        "huge": shared(app, "big.pdf", b"%PDF-1.7\n" + b"0" * MAX_BYTES),
        "nul": shared(app, "review\x00/../../x.txt", b"\x00" * 100),
        "no name": shared(app, None, b"\x89PNG\r\n"),
        "not served": shared(app, "gone.pdf", url_private_download=app.fake.url + "/files/F404"),
        "elsewhere": shared(app, "x.pdf", url_private_download="https://evil.example/x.pdf"),
    }
    assert said["readable"].startswith("I read *evil-click.md*: title “Child S”, year unknown.")
    assert not [p for p in ("<!channel>", "<!here>", "<https") if p in json.dumps(said)]
    assert said["random"] == ("I couldn't read passwd.pdf: could not be read as PDF: it may be "
                              "damaged, or another kind of file with this name.")
    assert said["bomb"].startswith("I couldn't read y.docx: it expands to more than 200 MB")
    assert said["huge"] == "That file is over 50 MB; please send a smaller one."
    assert said["nul"] == "I couldn't read x.txt: it looks like a binary file, not text."
    assert said["no name"].endswith("text files, not 'no extension'.")
    assert said["not served"] == "I couldn't fetch that file from Slack; please send it again."
    assert said["elsewhere"] == "That file is not stored by Slack, so I won't fetch it."
    assert files_under(app.settings.knowledge_dir) == before
    held = files_under(app.settings.data_dir / "pending-uploads")  # the readable one awaits its admin
    assert [p.suffix for p in held] == [".md"]


def test_a_forged_upload_button_or_modal_gets_a_sentence_not_a_file(app):  # type: ignore[no-untyped-def]
    forged = [json.dumps({"key": "../../etc/passwd", "name": "x.md", "metadata": {}}),
              "not json", json.dumps(["a list"]), json.dumps({"key": 1})]
    base = {"user": {"id": "UADMIN"}, "team": {"id": "T0TEAM"}, "api_app_id": "A1", "token": "legacy"}
    for value in forged:
        status, _ = app.sender.interaction({**base, "type": "view_submission", "view": {
            "id": "V1", "type": "modal", "callback_id": "upload_metadata", "private_metadata": value,
            "state": {"values": {"title": {"title": {"type": "plain_text_input", "value": "C"}}}}}})
        assert status == 200
    status, _ = app.sender.interaction({**base, "type": "block_actions", "trigger_id": "t",
                                        "actions": [{"action_id": "add_upload", "value": "{"}]})
    assert status == 200

    def told() -> list[str]:
        return [c.args["text"] for c in app.fake.calls_to("chat.postMessage")
                if c.args["channel"] == "DUADMIN"]

    app.fake.wait_for(lambda: len(told()) == 5)
    assert sorted(told()) == ["That upload reference is not one of mine."] + [
        "That upload reference is not one of mine; please send the file again."] * 4
    assert not (app.settings.knowledge_dir / "uploads").exists()


def test_an_upload_modal_year_must_be_a_year(app):  # type: ignore[no-untyped-def]
    for year in ("²⁰²⁴", "20245", "٢٠٢٤"):
        status, body = app.sender.interaction({
            "type": "view_submission", "user": {"id": "UADMIN"}, "team": {"id": "T0TEAM"},
            "api_app_id": "A1", "token": "legacy", "view": {
                "id": "V1", "type": "modal", "callback_id": "upload_metadata",
                "private_metadata": "{}", "state": {"values": {
                    "year": {"year": {"type": "plain_text_input", "value": year}}}}}})
        assert status == 200 and json.loads(body)["errors"] == {"year": "A year, like 2024."}

