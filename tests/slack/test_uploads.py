"""Admins add a review by sending it to the bot, confirm its metadata, /reindex, and it is cited."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
import yaml

from bot.config import PROJECT_ROOT
from bot.reflection import Engine
from bot.retrieval.build import build_index
from bot.slack.app import create_app
from bot.slack.server import make_http_server
from tests.conftest import copy_seeds
from tests.ingest.test_formats import make_pdf
from tests.slack.harness import Sender, mention, message, serve_in_thread


@pytest.fixture
def own_knowledge(slack, tmp_path, embedder):  # type: ignore[no-untyped-def]
    """The Slack app over a knowledge folder and index of this test's own."""
    knowledge = copy_seeds(tmp_path / "knowledge", "LI", "X1X2")
    for name in ("themes.yaml", "questions.yaml", "abbreviations.yaml"):
        (knowledge / name).write_bytes((PROJECT_ROOT / "knowledge" / name).read_bytes())
    settings = replace(slack.settings, knowledge_dir=knowledge, index_dir=tmp_path / "index",
                       data_dir=tmp_path / "data")
    build_index(knowledge, settings.index_dir, embedder)
    server = make_http_server(create_app(settings, Engine(settings, embedder)), "127.0.0.1", 0,
                              signing_secret=settings.slack_signing_secret)
    serve_in_thread(server)
    yield settings, Sender(f"http://127.0.0.1:{server.effective_port}/slack/events")
    server.close()


def as_data(value):  # type: ignore[no-untyped-def]
    """Slack's client sends JSON fields as strings in forms, as objects in JSON bodies."""
    return json.loads(value) if isinstance(value, str) else value


def share(fake, sender, user: str, name: str, content: bytes, ts: str = "50.1") -> None:  # type: ignore[no-untyped-def]
    sender.event(message("here's the new review", user=user, channel="D" + user,
                         channel_type="im", subtype="file_share", ts=ts,
                         files=[fake.share_file(name, content)]))


def posted(fake, channel: str, needle: str):  # type: ignore[no-untyped-def]
    return fake.wait_for(lambda: [c for c in fake.calls_to("chat.postMessage")
                                  if c.args["channel"] == channel and needle in c.args["text"]])[0]


def test_an_uploaded_review_is_confirmed_indexed_and_cited(slack, own_knowledge, tmp_path):  # type: ignore[no-untyped-def]
    settings, sender = own_knowledge
    fake = slack.fake
    pdf = tmp_path / "upload.pdf"
    make_pdf(pdf, [["Child Q Local Child Safeguarding Practice Review 2024"],
                   ["1. Findings",
                    "1.1 Practitioners did not ask who the lodger was, though a man with a "
                    "conviction for harming a child had moved into the household.",
                    "1.2 Nobody checked who else stayed overnight in the home."]])
    share(fake, sender, "UADMIN", "../../Child Q LCSPR.pdf", pdf.read_bytes())
    offer = posted(fake, "DUADMIN", "Confirm its details")
    assert "Child Q" in offer.args["text"] and "2024" in offer.args["text"]
    blocks = as_data(offer.args["blocks"])
    read = blocks[1]["elements"][0]["text"]  # what the reader understood, from `index inspect`
    assert read == "*What I read:* other · 2024\n1 section, 1 passage: 1 unplaced passage\n" \
        "Left out: 4 lines of page furniture"
    button = blocks[-1]["elements"][0]
    sender.interaction({"type": "block_actions", "user": {"id": "UADMIN"}, "team": {"id": "T0TEAM"},
                        "trigger_id": fake.trigger_id(), "channel": {"id": "DUADMIN"},
                        "actions": [{**button, "block_id": "b"}], "api_app_id": "A1", "token": "legacy"})
    opened = fake.wait_for(lambda: fake.calls_to("views.open"))[0]
    view = as_data(opened.args["view"])
    state = {"title": {"title": {"value": "Child Q"}},
             "partnership": {"partnership": {"value": "Sandford Safeguarding Partnership"}},
             "year": {"year": {"value": "2024"}},
             "review_type": {"review_type": {"selected_option": {
                 "value": "Local child safeguarding practice review"}}},
             "source": {"source": {"value": ""}}}
    status, _ = sender.interaction({"type": "view_submission", "user": {"id": "UADMIN"},
                                    "team": {"id": "T0TEAM"}, "api_app_id": "A1", "token": "legacy",
                                    "view": {**view, "id": "V9", "state": {"values": state}}})
    assert status == 200
    posted(fake, "DUADMIN", "Run /reindex")
    filed = settings.knowledge_dir / "uploads" / "Child-Q-LCSPR.pdf"
    assert filed.exists()
    assert not list(tmp_path.glob("*.pdf"))[1:] and not (tmp_path.parent / "Child-Q-LCSPR.pdf").exists()
    meta = yaml.safe_load(filed.with_name(filed.name + ".meta.yaml").read_text())
    assert meta["partnership"] == "Sandford Safeguarding Partnership" and meta["year"] == 2024

    sender.command("", "UADMIN", "C1", fake.response_url(), fake.trigger_id(), command="/reindex")
    fake.wait_for(lambda: [c for c in fake.calls_to("chat.update")
                           if "added: uploads/Child-Q-LCSPR.pdf" in c.args["text"]], timeout=60)
    sender.event(mention("mum has a new lodger with a conviction, nobody checked him", ts="60.1"))
    reply = fake.wait_for(lambda: [c for c in fake.calls_to("chat.postMessage")
                                   if c.args.get("thread_ts") == "60.1"])[0]
    assert "Child Q (Sandford Safeguarding Partnership, 2024)" in json.dumps(reply.args["blocks"])


def test_an_upload_from_a_non_admin_is_refused(slack, own_knowledge):  # type: ignore[no-untyped-def]
    settings, sender = own_knowledge
    share(slack.fake, sender, "UALICE", "review.txt", b"Child R review findings " * 20)
    posted(slack.fake, "DUALICE", "Only the knowledge base admins")
    assert not (settings.knowledge_dir / "uploads").exists()


def test_an_unreadable_or_unsupported_upload_says_why(slack, own_knowledge):  # type: ignore[no-untyped-def]
    settings, sender = own_knowledge
    share(slack.fake, sender, "UADMIN", "broken.pdf", b"%PDF-1.4 not really")
    posted(slack.fake, "DUADMIN", "couldn't read broken.pdf")
    share(slack.fake, sender, "UADMIN", "slides.pptx", b"x" * 100)
    posted(slack.fake, "DUADMIN", "not '.pptx'")
    assert not (settings.knowledge_dir / "uploads").exists()


def test_a_forged_upload_reference_cannot_write_outside_the_knowledge_folder(slack, own_knowledge):  # type: ignore[no-untyped-def]
    from bot.admin import uploads

    settings, _ = own_knowledge
    for key in ("../../etc/passwd", "../../../x.pdf", "a" * 32 + ".pdf/../../y"):
        with pytest.raises(uploads.UploadRefused):
            uploads.accept_upload(settings, actor="UADMIN", key=key, name="x.pdf", metadata={"title": "X"})
    held = uploads.hold_upload(settings, actor="UADMIN", name="ok.md",
                               content=b"# Child S\n\n## Findings\n\n" + b"Nobody saw the child alone. " * 20)
    path = uploads.accept_upload(settings, actor="UADMIN", key=held.key, name="../../../../tmp/escape.md",
                                 metadata={"title": "Child S"})
    assert path.parent == (settings.knowledge_dir / "uploads").resolve()


def test_an_upload_holding_identifiers_is_offered_with_what_will_be_taken_out(slack, own_knowledge):  # type: ignore[no-untyped-def]
    _, sender = own_knowledge
    share(slack.fake, sender, "UADMIN", "draft.md", b"# Child T review\n\n## Findings\n\n"
          b"T (NHS number 943 476 5919) was not seen alone at any of the visits. " * 3)
    offer = posted(slack.fake, "DUADMIN", "Confirm its details")
    assert "3 NHS numbers" in offer.args["text"] and "before indexing" in offer.args["text"]


def test_an_upload_never_confirmed_is_deleted_after_a_day(slack, own_knowledge):  # type: ignore[no-untyped-def]
    import os

    from bot.admin import uploads

    settings, _ = own_knowledge
    content = b"# Child V\n\n## Findings\n\n" + b"Nobody saw the child alone. " * 20
    old = uploads.hold_upload(settings, actor="UADMIN", name="old.md", content=content)
    held = settings.data_dir / "pending-uploads" / old.key
    day_ago = held.stat().st_mtime - uploads.HOLD_SECONDS - 1
    os.utime(held, (day_ago, day_ago))
    uploads.hold_upload(settings, actor="UADMIN", name="new.md", content=content)
    assert not held.exists()
    with pytest.raises(uploads.UploadRefused, match="no longer hold"):
        uploads.accept_upload(settings, actor="UADMIN", key=old.key, name=old.name, metadata={})


def test_an_upload_offers_the_publisher_it_names_and_files_it(slack, own_knowledge):  # type: ignore[no-untyped-def]
    from bot.admin import uploads
    from bot.slack.listeners.uploads import metadata_view

    settings, _ = own_knowledge
    content = (b"# Learning from Child Z\n\n## Findings\n\nNobody asked who the new partner was, though "
               b"he was at every visit.\n\nPublished by Sandford Safeguarding Children Partnership\n")
    held = uploads.hold_upload(settings, actor="UADMIN", name="child-z.md", content=content)
    assert held.metadata["publisher"] == "Sandford Safeguarding Children Partnership"
    view = metadata_view({"key": held.key, "name": held.name, "metadata": held.metadata})
    field = next(b for b in view["blocks"] if b["block_id"] == "partnership")
    assert field["element"]["initial_value"] == "Sandford Safeguarding Children Partnership"
    path = uploads.accept_upload(settings, actor="UADMIN", key=held.key, name=held.name,
                                 metadata={"title": "Child Z", "publisher": held.metadata["publisher"]})
    meta = yaml.safe_load(path.with_name(path.name + ".meta.yaml").read_text())
    assert meta["publisher"] == "Sandford Safeguarding Children Partnership"


def test_the_same_document_sent_again_is_refused_naming_the_one_held(slack, own_knowledge, tmp_path):  # type: ignore[no-untyped-def]
    from tests.conftest import SEEDS

    settings, sender = own_knowledge
    fake = slack.fake
    seed = (settings.knowledge_dir / SEEDS["LI"]).read_bytes()
    share(fake, sender, "UADMIN", "oldham-briefing-copy.txt", seed)  # another name, the same bytes
    refused = posted(fake, "DUADMIN", "I already hold this document")
    assert "“Child LI”" in refused.args["text"] and SEEDS["LI"] in refused.args["text"]

    pdf = tmp_path / "child-w.pdf"
    make_pdf(pdf, [["Child W Learning Review 2025"],
                   ["1. Findings",
                    "1.1 Nobody asked the child what home was like after the move, though she had "
                    "told her teacher twice that she was frightened of the new partner.",
                    "1.2 The school's concern was not shared with the health visitor."]])
    share(fake, sender, "UADMIN", "child-w.pdf", pdf.read_bytes(), ts="51.1")
    posted(fake, "DUADMIN", "Confirm its details")
    share(fake, sender, "UADMIN", "Child W (final).pdf", pdf.read_bytes(), ts="52.1")
    again = posted(fake, "DUADMIN", "waiting for its details to be confirmed")
    assert "“Child W”" in again.args["text"]
    assert len(list((settings.data_dir / "pending-uploads").iterdir())) == 1
    assert not (settings.knowledge_dir / "uploads").exists()
