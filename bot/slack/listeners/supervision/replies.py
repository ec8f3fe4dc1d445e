"""How the supervision listeners speak to one person, and the one failure path they all share."""

from __future__ import annotations

import functools
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from ....records.access import Refused
from ....records.db import unreachable
from ...deps import log

NOT_MINE = "I couldn't read that button. Use the buttons on the session's latest message."
RECORDS_DOWN = ("I can't reach the records database just now, so that was not done and nothing of "
                "it was saved. Please try again in a few minutes; if it keeps happening, tell your admin.")
FAILED = ("Sorry, something went wrong on my side and that was not done. Please try again in a "
          "minute; if it keeps happening, tell your admin.")


def guarded(handler: Callable) -> Callable:
    """Whatever a listener's work raises after ack() ends in a sentence to the person: its own
    message for a refusal, the records-down wording when the database is away, an apology for
    anything else (logged by type only: a traceback can carry what someone typed)."""

    @functools.wraps(handler)  # Bolt reads the handler's own argument names through the wrapper
    def run(**kwargs) -> None:  # type: ignore[no-untyped-def]
        body, client, ack = kwargs["body"], kwargs["client"], kwargs.get("ack")
        try:
            handler(**kwargs)
        except Refused as exc:
            _acked(ack)
            tell(client, body, str(exc))
        except Exception as exc:
            _acked(ack)
            log.error("supervision listener failed handler=%s user=%s error=%s", handler.__name__,
                      person(body), type(exc).__name__)
            tell(client, body, RECORDS_DOWN if unreachable(exc) else FAILED)

    return run


def person(body: dict) -> str:
    return str(body.get("user_id") or (body.get("user") or {}).get("id") or "")


def tell(client: WebClient, body: dict, text: str) -> None:
    """To the person alone: ephemeral where the request came from a channel, else a DM."""
    user = person(body)
    channel = body.get("channel_id") or (body.get("channel") or {}).get("id")
    thread_ts = (body.get("message") or {}).get("thread_ts")
    if channel:
        try:
            client.chat_postEphemeral(channel=channel, user=user, text=text, thread_ts=thread_ts)
            return
        except SlackApiError as exc:  # not in that channel: a DM still reaches them
            log.warning("ephemeral failed user=%s error=%s", user, exc.response.get("error"))
    dm(client, user, text)


def dm(client: WebClient, user: str, text: str) -> None:
    channel = client.conversations_open(users=user)["channel"]["id"]
    client.chat_postMessage(channel=channel, text=text)


def quietly(call, **kwargs) -> None:  # type: ignore[no-untyped-def]
    """A Slack call whose failure changes nothing for anyone (a tick, a retired button)."""
    try:
        call(**kwargs)
    except SlackApiError as exc:
        log.warning("slack call failed method=%s error=%s", getattr(call, "__name__", "?"),
                    exc.response.get("error"))


def _acked(ack) -> None:  # type: ignore[no-untyped-def]
    """A failure before ack() still answers Slack, so the person is not shown a timeout too."""
    if ack is not None and getattr(ack, "response", None) is None:
        ack()
