"""Record tables: asks, feedback on them, and Slack events already handled."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class AskBase(SQLModel):
    surface: str  # mention | dm | thread | command | chat
    slack_team: str = ""
    slack_user: str = Field(default="", index=True)
    channel: str = Field(default="", index=True)
    thread_ts: str = Field(default="", index=True)
    prompt: str = Field(sa_column=Column(Text, nullable=False))  # redacted, bounded
    redactions: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    sources: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    no_match: bool = False


class Ask(AskBase, table=True):
    """One question a practitioner asked and what the bot cited; never the unredacted text."""

    id: int | None = Field(default=None, primary_key=True)
    answer: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, index=True)


class Feedback(SQLModel, table=True):
    """A helpful / not helpful click on an answer, with an optional reason (redacted)."""

    id: int | None = Field(default=None, primary_key=True)
    ask_id: int = Field(foreign_key="ask.id", index=True)
    slack_user: str = ""
    helpful: bool
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_at: datetime = Field(default_factory=utcnow)


class SlackEvent(SQLModel, table=True):
    """A Slack event_id seen, so a retry or a second worker does not answer twice."""

    event_id: str = Field(primary_key=True, max_length=64)
    claimed_at: datetime = Field(default_factory=utcnow)
    done: bool = False
