"""`reflect doctor` says what is wrong and what to set."""

from __future__ import annotations

from dataclasses import replace

from bot.admin.doctor import run_checks


def test_a_healthy_configuration_passes(seed_settings, tmp_path):  # type: ignore[no-untyped-def]
    settings = replace(seed_settings, database_url=f"sqlite:///{tmp_path / 'd.db'}")
    checks = list(run_checks(settings))
    assert all(ok for ok, _ in checks), checks


def test_wrong_tokens_a_missing_index_and_a_dead_database_are_named(seed_settings, tmp_path):  # type: ignore[no-untyped-def]
    settings = replace(seed_settings, slack_bot_token="xoxp-user-token",
                       slack_signing_secret="short", slack_app_token="xoxb-wrong",
                       index_dir=tmp_path / "none",
                       database_url="postgresql+psycopg://u:secretpw@127.0.0.1:1/nowhere")
    failed = [line for ok, line in run_checks(settings) if not ok]
    text = "\n".join(failed)
    assert "starting xoxb-" in text and "Signing Secret" in text and "xapp-" in text
    assert "reflect index build" in text and "DATABASE_URL" in text
    assert "REFLECT_SUPERVISORS" in text
    assert "secretpw" not in text
