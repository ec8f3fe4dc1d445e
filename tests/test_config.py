"""Settings are documented data: one list of variables, read in one place, checked at start."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bot.config import PROJECT_ROOT, Settings, SettingsError, documented
from bot.slack.app import create_app
from tests.slack.harness import BOT_TOKEN, SIGNING_SECRET


def _readme_table() -> set[str]:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Configuration", 1)[1].split("\n\n", 2)[1]
    return {name for row in table.splitlines()[2:]
            for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def test_the_readme_documents_exactly_the_variables_the_settings_read():
    assert _readme_table() == set(documented())
    assert all(help.strip() for help in documented().values())


def test_each_documented_variable_reaches_its_setting():
    given = {"REFLECT_PORT": "3001", "REFLECT_RETENTION_DAYS": "30", "REFLECT_QUERY_ENCODER": "torch",
             "REFLECT_PASSAGE_ENCODER": "torch", "REFLECT_ADMINS": "UADMIN",
             "SLACK_BOT_TOKEN": BOT_TOKEN}
    env = {name: given.get(name, f"/tmp/{name.lower()}") for name in documented()}
    settings = Settings.from_env(env)
    for name, value in env.items():
        field = next(f for f, var in Settings.__dataclass_fields__.items()
                     if var.metadata["env"] == name)
        shown = getattr(settings, field)
        assert value in (str(shown), *map(str, shown if isinstance(shown, frozenset) else ())), name


@pytest.mark.parametrize(("name", "value"), [("REFLECT_QUERY_ENCODER", "gpu"),
                                             ("REFLECT_PASSAGE_ENCODER", "onnx"),
                                             ("REFLECT_PORT", "eighty")])
def test_a_value_the_bot_cannot_use_stops_the_start_naming_the_variable(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})


def test_the_slack_app_refuses_credentials_of_the_wrong_shape(seed_settings, engine):  # type: ignore[no-untyped-def]
    good = replace(seed_settings, slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET)
    with pytest.raises(SettingsError, match="starting xoxb-"):
        create_app(replace(good, slack_bot_token="xoxp-a-user-token"), engine)
    with pytest.raises(SettingsError, match="32-character Signing Secret"):
        create_app(replace(good, slack_signing_secret="not-the-secret"), engine)
    assert good.slack_problems() == []
