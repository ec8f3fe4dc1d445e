"""A supervision session as the case file sees it: plain values, read once, rendered by export."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Person:
    slack_user: str
    name: str = ""  # display name when known

    def label(self) -> str:
        return f"{self.name} ({self.slack_user})" if self.name else self.slack_user


@dataclass(frozen=True)
class Citation:
    citation: str  # "Child H (Hertfordshire SCP, 2023), Key lessons learned (iv)"
    text: str  # the quoted passage
    url: str = ""


@dataclass(frozen=True)
class EntryView:
    step: str  # the step's title, e.g. "Analysis"
    author: Person
    text: str  # already redacted
    at: datetime
    kind: str = "entry"  # entry | learning | scale
    citations: tuple[Citation, ...] = ()  # for learning entries
    questions: tuple[str, ...] = ()  # for learning entries


@dataclass(frozen=True)
class ActionView:
    id: int
    what: str
    who: Person
    due: date
    done_check: str  # how will you know it has been done
    worked_check: str  # how will you know it has worked
    status: str  # open | done
    done_at: datetime | None = None


@dataclass(frozen=True)
class DecisionView:
    what: str  # already redacted
    rationale: str  # why: already redacted
    by: Person
    at: datetime
    step: str  # the step's title


@dataclass(frozen=True)
class SessionRecord:
    id: int
    framework: str  # the framework's name
    supervisor: Person
    participants: tuple[Person, ...]  # the supervisee, or the team members who wrote entries
    team_channel: str  # "" for one-to-one supervision
    case_ref: str
    functions: tuple[str, ...]  # labels of the supervision functions in focus
    review: str  # title of the review for team learning, else ""
    status: str  # active | paused | closed
    started_at: datetime
    closed_at: datetime | None
    summary: str
    signed_off_by: Person | None
    signed_off_at: datetime | None
    exported_by: Person
    exported_at: datetime
    entries: tuple[EntryView, ...] = ()
    actions: tuple[ActionView, ...] = field(default_factory=tuple)
    decisions: tuple[DecisionView, ...] = ()
    oversight: str = ""  # the supervisor's management oversight, given at sign-off
    next_date: date | None = None  # the next supervision
    acknowledged_by: Person | None = None  # the practitioner, having read the signed-off record
    acknowledged_at: datetime | None = None
