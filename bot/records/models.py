"""Record tables: asks and feedback, people, supervision sessions, entries, actions, the audit log."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import JSON, Column, Text, UniqueConstraint
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
    message_ts: str = ""  # the Slack message answered ('' for none): one ask per message


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
    owner: str = Field(default="", max_length=120)  # the worker handling it (records.workers)
    done: bool = False
    pending: dict | None = Field(default=None, sa_column=Column(JSON(none_as_null=True)))  # redacted
    # event to answer again should its worker die before finishing; cleared when finished


class Person(SQLModel, table=True):
    """Someone the bot knows, with their roles; everyone is a practitioner."""

    slack_user: str = Field(primary_key=True, max_length=64)
    name: str = ""
    supervisor: bool = False
    admin: bool = False
    updated_at: datetime = Field(default_factory=utcnow)


class SupervisionLink(SQLModel, table=True):
    """A supervisor supervises a practitioner: made when the supervisor opens a session with them."""

    __tablename__ = "supervision_link"
    supervisor: str = Field(primary_key=True, max_length=64)
    supervisee: str = Field(primary_key=True, max_length=64, index=True)
    created_at: datetime = Field(default_factory=utcnow)


class SupervisionSession(SQLModel, table=True):
    """One supervision or team learning session, run in a Slack thread or a terminal."""

    __tablename__ = "supervision_session"
    id: int | None = Field(default=None, primary_key=True)
    framework: str
    supervisor: str = Field(index=True)
    supervisee: str = Field(default="", index=True)  # "" for a team session
    team_channel: str = ""
    case_ref: str = ""
    functions: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    review: str = ""  # the reviewed document's path, for team learning
    surface: str = "slack"  # slack | chat
    channel: str = ""
    thread_ts: str = Field(default="", index=True)
    step: int = 0
    status: str = "active"  # active | paused | closed
    summary: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    signed_off_by: str = ""
    signed_off_at: datetime | None = None
    oversight: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))  # redacted
    next_date: date | None = None  # the next supervision, set at sign-off
    acknowledged_by: str = ""  # the practitioner who read the signed-off record
    acknowledged_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow, index=True)
    updated_at: datetime = Field(default_factory=utcnow)
    closed_at: datetime | None = None


class StepMove(SQLModel, table=True):
    """The step a session reached and when: a reply is filed under the step in force when it was
    posted, however late it is processed."""

    __tablename__ = "step_move"
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="supervision_session.id", index=True)
    step: int
    at: datetime = Field(default_factory=utcnow)


class Entry(SQLModel, table=True):
    """What someone said at one step of a session (redacted), or the learning the bot brought in."""

    __table_args__ = (UniqueConstraint("session_id", "source_ts"),)
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="supervision_session.id", index=True)
    step: str
    author: str
    kind: str = "entry"  # entry | learning | scale
    text: str = Field(sa_column=Column(Text, nullable=False))
    redactions: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    answer: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    source_ts: str | None = None  # the Slack message it came from, so a retry stores it once
    created_at: datetime = Field(default_factory=utcnow)


class Decision(SQLModel, table=True):
    """A decision the session reached and why (both redacted), for the case file."""

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="supervision_session.id", index=True)
    step: str
    what: str = Field(sa_column=Column(Text, nullable=False))
    rationale: str = Field(sa_column=Column(Text, nullable=False))
    decided_by: str = ""
    created_at: datetime = Field(default_factory=utcnow)


class Action(SQLModel, table=True):
    """Who does what by when, and how we will know: the action plan of a session."""

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="supervision_session.id", index=True)
    what: str = Field(sa_column=Column(Text, nullable=False))
    owner: str = Field(index=True)
    due: date
    done_check: str = Field(sa_column=Column(Text, nullable=False))
    worked_check: str = Field(sa_column=Column(Text, nullable=False))
    status: str = "open"  # open | done
    created_by: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    done_by: str = ""
    done_at: datetime | None = None


class Audit(SQLModel, table=True):
    """Who read, exported, changed or purged what. Append-only: the database refuses edits."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str
    action: str  # read | export | refused | close | action_done | purge | ...
    subject: str  # session:12, ask:40, actions:U123, records
    detail: str = ""  # ids and counts only, never record text
    previous: str = ""  # the digest of the row before (audit_chain)
    digest: str = ""  # of this row's fields and `previous`


class RememberedName(SQLModel, table=True):
    """A name word a thread or supervision session has shown, as a keyed digest (never the name),
    so later mentions in any case or form are removed too."""

    __tablename__ = "remembered_name"
    __table_args__ = (UniqueConstraint("scope", "digest"),)
    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(index=True)  # thread:<channel>:<thread_ts> | session:<id>
    digest: str
    created_at: datetime = Field(default_factory=utcnow, index=True)
