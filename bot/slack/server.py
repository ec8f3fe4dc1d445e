"""Serve the app: HTTP behind waitress (threaded, production-grade), or Socket Mode.

The edge holds on its own, before any reverse proxy: a body over MAX_BODY is refused by waitress
before it is read whole; a request's Slack signature is checked before its body is parsed; and
many idle or trickling connections leave room for Slack's (CONNECTIONS, polled, not select()).
"""

from __future__ import annotations

import io
import logging
import resource
from collections.abc import Callable, Iterable

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

EVENTS_PATH = "/slack/events"
MAX_BODY = 1024 * 1024  # Slack's payloads are a few kB; files never come in a request's body
CONNECTIONS = 4000  # open at once; waitress's default of 100 let 100 idle sockets stop Slack's
IDLE_SECONDS = 30  # a connection that sends nothing for this long is closed
log = logging.getLogger("bot.slack")


def wsgi_app(app: App, signing_secret: str) -> Callable:
    """Slack's requests at /slack/events; a health check at /healthz; 404 elsewhere."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)
    verifier = SignatureVerifier(signing_secret)

    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == EVENTS_PATH:
            refused = _unsigned(environ, verifier) if environ.get("REQUEST_METHOD") == "POST" else None
            if refused:
                start_response(refused, [("Content-Type", "text/plain")])
                return [refused.split(" ", 1)[1].lower().encode()]
            try:
                return slack(environ, start_response)
            except Exception as exc:  # a signed body Bolt cannot read (not JSON, a list, a
                # broken payload) is refused, never a 500
                log.warning("unreadable request refused error=%s", type(exc).__name__)
                start_response("400 Bad Request", [("Content-Type", "text/plain")])
                return [b"bad request"]
        status = "200 OK" if path == "/healthz" else "404 Not Found"
        start_response(status, [("Content-Type", "text/plain")])
        return [b"ok" if path == "/healthz" else b"not found"]

    return application


def _unsigned(environ: dict, verifier: SignatureVerifier) -> str | None:
    """The status refusing a request Slack did not sign (or an oversized one), else None; the
    body, read once, is put back for Bolt."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return "400 Bad Request"
    if length > MAX_BODY:
        return "413 Payload Too Large"
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    environ["wsgi.input"] = io.BytesIO(body)
    try:
        signed = verifier.is_valid_request(body, {
            "x-slack-request-timestamp": environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", ""),
            "x-slack-signature": environ.get("HTTP_X_SLACK_SIGNATURE", "")})
    except ValueError:  # a timestamp that is not a number
        signed = False
    if not signed:
        log.info("unsigned request refused bytes=%d", length)
        return "401 Unauthorized"
    return None


def make_http_server(app: App, host: str, port: int, *, signing_secret: str, threads: int = 8):  # type: ignore[no-untyped-def]
    """A waitress server (call .run() to serve, .close() to stop)."""
    from waitress.server import create_server

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)  # a socket is a file descriptor
    wanted = CONNECTIONS + 256
    if soft < wanted and (hard == resource.RLIM_INFINITY or hard > soft):
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted if hard == resource.RLIM_INFINITY
                                                    else min(wanted, hard), hard))
    return create_server(wsgi_app(app, signing_secret), host=host, port=port, threads=threads,
                         ident="reflect", channel_timeout=IDLE_SECONDS,
                         connection_limit=CONNECTIONS, asyncore_use_poll=True,
                         max_request_body_size=MAX_BODY)


def serve_socket_mode(app: App, app_token: str) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    SocketModeHandler(app, app_token).start()
