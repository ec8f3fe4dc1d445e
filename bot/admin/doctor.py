"""`reflect doctor`: check the configuration, tokens, index and database; say what to fix."""

from __future__ import annotations

from collections.abc import Iterator

from ..config import Settings
from ..ingest import CHUNKER_VERSION
from ..retrieval import artifact
from ..retrieval.embedder import passage_encoder_kind

Check = tuple[bool, str]


def run_checks(settings: Settings) -> Iterator[Check]:
    """Each check as (passed, a sentence saying what was found or what to do)."""
    yield from _slack(settings)
    yield from _index(settings)
    yield _frameworks(settings)
    yield _database(settings)
    yield _supervisors(settings)
    yield from _supervisor_groups(settings)


def _slack(settings: Settings) -> Iterator[Check]:
    if not (settings.slack_bot_token or settings.slack_signing_secret or settings.slack_app_token):
        yield True, "No Slack credentials: scripts/run starts the terminal chat (reflect chat)."
        return
    problems = settings.slack_problems()  # the same checks the app makes before it starts
    yield from ((False, problem) for problem in problems)
    if not problems:
        yield True, "SLACK_BOT_TOKEN is a bot token (xoxb-...) and SLACK_SIGNING_SECRET looks right"
    if settings.slack_app_token:
        if settings.slack_app_token.startswith("xapp-"):
            yield True, "SLACK_APP_TOKEN is an app-level token: Socket Mode"
    else:
        yield True, (f"HTTP mode on {settings.host}:{settings.port}; point the app's Request URLs "
                     "at https://<your host>/slack/events")


def _index(settings: Settings) -> Iterator[Check]:
    if not settings.knowledge_dir.is_dir():
        yield False, f"Knowledge folder {settings.knowledge_dir} is missing: set REFLECT_KNOWLEDGE_DIR"
    try:
        index = artifact.load(settings.index_dir, settings.model, CHUNKER_VERSION,
                              passage_encoder_kind(settings.model, settings.passage_encoder))
    except (artifact.IndexMissing, artifact.IndexMismatch) as exc:
        yield False, str(exc)
        return
    except Exception as exc:  # a damaged index: say so, never crash the doctor
        yield False, f"The index in {settings.index_dir} cannot be read ({type(exc).__name__}); " \
                     "rebuild it with: reflect index build"
        return
    yield True, (f"Index {index.version}: {len(index.documents())} documents, "
                 f"{index.summary()['passages']} passages, built {index.summary()['built_at']}")


def _database(settings: Settings) -> Check:
    from sqlalchemy import text

    from ..records.db import get_engine

    try:
        with get_engine(settings.database_url).connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:
        where = settings.database_url.split("@")[-1]  # never print a password
        return False, f"Database {where} cannot be reached ({type(exc).__name__}): check DATABASE_URL"
    return True, f"Database reachable ({settings.database_url.split('://')[0]})"


def _frameworks(settings: Settings) -> Check:
    from ..curated.loaders import CurationError
    from ..supervision.frameworks import load_frameworks

    try:
        frameworks = load_frameworks(settings.curated_file("frameworks.yaml"))
    except CurationError as exc:
        return False, str(exc)
    return True, f"Supervision frameworks: {', '.join(f.name for f in frameworks.frameworks)}"


def _supervisors(settings: Settings) -> Check:
    if settings.supervisors or settings.supervisor_groups:
        return True, (f"Supervisors: {len(settings.supervisors)} named, "
                      f"{len(settings.supervisor_groups)} Slack user group(s)")
    if not settings.slack_bot_token:
        return True, "No supervisors named; the terminal's user supervises in reflect chat"
    return False, ("No supervisors: set REFLECT_SUPERVISORS (Slack user IDs) or "
                   "REFLECT_SUPERVISOR_GROUPS (user group IDs) so someone can run /supervise")


def _supervisor_groups(settings: Settings) -> Iterator[Check]:
    """Whether the bot's last read of the supervisors' Slack user groups failed (it records it)."""
    if not settings.supervisor_groups:
        return
    from sqlalchemy import text

    from ..records.db import get_engine
    from ..records.people import GROUPS_READ, GROUPS_UNREAD

    try:
        with get_engine(settings.database_url).connect() as connection:
            last = connection.execute(text(
                "SELECT action, at, detail FROM audit WHERE action IN (:unread, :read) "
                "ORDER BY id DESC LIMIT 1"), {"unread": GROUPS_UNREAD, "read": GROUPS_READ}).first()
    except Exception:  # no database or no records yet: the database check says so
        return
    if last is not None and last.action == GROUPS_UNREAD:
        yield False, (f"The supervisors' Slack user groups could not be read at {str(last.at)[:16]} "
                      f"UTC, {last.detail}: give the app the usergroups:read scope and check the "
                      "group IDs in REFLECT_SUPERVISOR_GROUPS. Meanwhile the supervisors in "
                      "REFLECT_SUPERVISORS, and those the groups gave before, keep the role")
