"""What arrives in a payload, read defensively: a signed request can still carry anything."""

from __future__ import annotations

import json
import re

from ...privacy import storable

_IDS = re.compile(r"[0-9]{1,9}(:[0-9]{1,9})*")


def typed_text(value: object) -> str:
    """What a person typed, as storable text ('' for anything that is not text)."""
    return storable(value) if isinstance(value, str) else ""


def clicked_channel(body: dict) -> str:
    """The channel of the message whose button was clicked, as Slack says in the click ('' for
    none: a modal's or App Home's)."""
    return typed_text((body.get("channel") or {}).get("id"))


def event_id(body: dict) -> str:
    """The Slack event's ID, as the records can key it ('' when there is none)."""
    return typed_text(body.get("event_id"))[:64]  # the records key it in 64 characters


def button_ids(value: object, count: int = 1) -> tuple[int, ...] | None:
    """The numbers a button or modal carries ('12' or '12:3'); None when they are not ours."""
    if not isinstance(value, str) or not _IDS.fullmatch(value):
        return None
    numbers = tuple(int(n) for n in value.split(":"))
    return numbers if len(numbers) == count else None


def json_object(value: object) -> dict:
    """A JSON object this app put in a button or modal; {} when it is anything else."""
    try:
        loaded = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}
