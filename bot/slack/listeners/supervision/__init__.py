"""/supervise: a structured session in a thread, run on the supervision core (bot.supervision.flow).

The handlers here only read Slack's payloads and render what the core returns; every one of them
ends a failure in a sentence to the person (replies.guarded). Everything a session knows lives in
the records, so a session carries on after a restart and on any worker.
"""

from __future__ import annotations

from slack_bolt import App

from ... import ids
from . import buttons, modals
from .commands import on_supervise, refresh_roles
from .thread import take_entry

__all__ = ["register", "refresh_roles", "take_entry"]


def register(app: App) -> None:
    """Bind the handlers; they name `deps`, which the app puts in every request's context."""
    app.command(ids.SUPERVISE_COMMAND)(on_supervise)
    for view_id, on_view in ((ids.SUPERVISE_VIEW, modals.on_open),
                             (ids.ACTION_VIEW, modals.on_action_submitted),
                             (ids.DECISION_VIEW, modals.on_decision_submitted),
                             (ids.SIGN_OFF_VIEW, modals.on_sign_off_submitted)):
        app.view(view_id)(on_view)
    for action_id, on_button in ((ids.SESSION_NEXT, buttons.on_next), (ids.SESSION_BACK, buttons.on_back),
                                 (ids.SESSION_PAUSE, buttons.on_pause),
                                 (ids.SESSION_RESUME, buttons.on_resume),
                                 (ids.SESSION_SCALE, buttons.on_scale),
                                 (ids.SESSION_ADD_ACTION, buttons.on_add_action),
                                 (ids.SESSION_ADD_DECISION, buttons.on_add_decision),
                                 (ids.SESSION_CLOSE, buttons.on_close),
                                 (ids.SESSION_ACKNOWLEDGE, buttons.on_acknowledge),
                                 (ids.EXPORT_PDF, buttons.on_export_pdf),
                                 (ids.EXPORT_MD, buttons.on_export_md),
                                 (ids.ACTION_DONE, buttons.on_action_done)):
        app.action(action_id)(on_button)
