"""The HTTP edge holds before any proxy: a request Slack did not sign is refused before its body
is parsed, a body over a megabyte before it is read, idle connections leave room for Slack's,
and a very long prompt is kept to a bound with the person told."""

from __future__ import annotations

import json
import re
import socket
import time
from urllib.parse import urlsplit

from bot.reflection.inputs import MAX_PROMPT_CHARS
from bot.slack.server import MAX_BODY
from tests.slack.harness import mention
from tests.slack.supervising import rows


def _raw(url: str, head: bytes, body: bytes = b"") -> bytes:
    """Send a request by hand and return the status line (the socket closes either way)."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(head + body)
        return sock.recv(200).split(b"\r\n", 1)[0]


def _answered(slack, ts: str):  # type: ignore[no-untyped-def]
    slack.sender.event(mention("the SW closed the case and i disagree, how do i escalate", ts=ts))
    return slack.fake.wait_for(lambda: [c for c in slack.fake.calls_to("chat.postMessage")
                                        if c.args.get("thread_ts") == ts])[0]


def test_a_request_slack_did_not_sign_is_refused_before_its_body_is_parsed(slack):  # type: ignore[no-untyped-def]
    # Before, Bolt parsed these first: the broken ones came back 400 (and a 10 MB form body grew
    # the process by 754 MB). Now the missing or wrong signature refuses them unread.
    assert slack.sender.post(b"{not json", "application/json", {})[0] == 401
    stale = {"X-Slack-Request-Timestamp": str(int(time.time()) - 600), "X-Slack-Signature": "v0=00"}
    assert slack.sender.post(b"payload=%7Bbroken", "application/x-www-form-urlencoded", stale)[0] == 401
    # Signed by Slack but unreadable: still refused, never a 500.
    assert slack.sender.post(b"[1, 2]", "application/json")[0] == 400
    _answered(slack, "1.1")


def test_a_body_over_a_megabyte_is_refused_unread_and_the_app_serves_on(slack):  # type: ignore[no-untyped-def]
    path = urlsplit(slack.url).path.encode()
    head = (b"POST " + path + b" HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: " + str(10 * MAX_BODY).encode() + b"\r\n\r\n")
    assert _raw(slack.url, head).split(b" ")[1] == b"413"  # answered before a byte of the body
    signed_head = head.replace(str(10 * MAX_BODY).encode(), str(MAX_BODY + 1).encode())
    assert _raw(slack.url, signed_head, b"x" * 65536).split(b" ")[1] == b"413"
    _answered(slack, "2.1")


def test_many_idle_connections_leave_room_for_slacks_requests(slack):  # type: ignore[no-untyped-def]
    parts = urlsplit(slack.url)
    idle = [socket.create_connection((parts.hostname, parts.port), timeout=10) for _ in range(1000)]
    try:  # before, waitress stopped taking connections at 100: this event was never answered
        assert _answered(slack, "3.1").args["channel"] == "C1"
    finally:
        for sock in idle:
            sock.close()


def test_a_very_long_prompt_is_kept_to_a_bound_and_the_person_is_told(slack):  # type: ignore[no-untyped-def]
    pasted = ("Chronology entry: health visitor visited, baby asleep, mother tired. " * 400
              + "What should I be asking about the escalation policy?")
    assert len(pasted) > 2 * MAX_PROMPT_CHARS
    slack.sender.event(mention(pasted, ts="4.1"))
    reply = slack.fake.wait_for(lambda: [c for c in slack.fake.calls_to("chat.postMessage")
                                         if c.args.get("thread_ts") == "4.1"])[0]
    assert re.search(r"Your message was 27,6\d\d characters long: the record keeps its first "
                     r"11,9\d\d and the question it ends with", json.dumps(reply.args))
    (stored,), = rows(slack.settings, "SELECT prompt FROM ask")
    assert len(stored) <= MAX_PROMPT_CHARS and stored.lstrip().startswith("Chronology entry")
    assert stored.endswith("\nWhat should I be asking about the escalation policy?")  # kept too
