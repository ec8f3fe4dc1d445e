"""Adding documents and rebuilding the index are for admins, whichever surface asks: the core
refuses anyone else, not only the Slack listeners."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.admin import knowledge as admin
from bot.admin import uploads
from bot.records.access import NotAllowed

REVIEW = b"# Child U review\n\n## Findings\n\n" + b"Nobody saw the child alone at any visit. " * 10


@pytest.fixture
def settings(seed_settings, tmp_path):  # type: ignore[no-untyped-def]
    return replace(seed_settings, knowledge_dir=tmp_path / "knowledge", index_dir=tmp_path / "index",
                   data_dir=tmp_path / "data", admins=frozenset({"UADMIN"}))


def test_a_non_admin_can_neither_add_a_document_nor_reindex(settings, embedder):  # type: ignore[no-untyped-def]
    with pytest.raises(NotAllowed, match="Only the knowledge base admins"):
        uploads.hold_upload(settings, actor="UALICE", name="u.md", content=REVIEW)
    held = uploads.hold_upload(settings, actor="UADMIN", name="u.md", content=REVIEW)
    with pytest.raises(NotAllowed):
        uploads.accept_upload(settings, actor="UALICE", key=held.key, name=held.name, metadata={})
    assert not (settings.knowledge_dir / "uploads").exists()
    settings.knowledge_dir.mkdir()
    with pytest.raises(NotAllowed):
        admin.reindex(settings, embedder, actor="UALICE")
    assert not settings.index_dir.exists()


def test_an_admin_and_the_command_line_may(settings, embedder):  # type: ignore[no-untyped-def]
    held = uploads.hold_upload(settings, actor="UADMIN", name="u.md", content=REVIEW)
    uploads.accept_upload(settings, actor="UADMIN", key=held.key, name=held.name, metadata={})
    report = admin.reindex(settings, embedder, actor=admin.OPERATOR)
    assert report.added == ["uploads/u.md"]
