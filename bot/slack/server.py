"""Serve the app: HTTP behind waitress (threaded, production-grade), or Socket Mode."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

EVENTS_PATH = "/slack/events"
log = logging.getLogger("bot.slack")


def wsgi_app(app: App) -> Callable:
    """Slack's requests at /slack/events; a health check at /healthz; 404 elsewhere."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == EVENTS_PATH:
            try:
                return slack(environ, start_response)
            except Exception as exc:  # Bolt parses the body before checking the signature: a body
                # it cannot read (not JSON, a list, a broken payload) is refused, never a 500
                log.warning("unreadable request refused error=%s", type(exc).__name__)
                start_response("400 Bad Request", [("Content-Type", "text/plain")])
                return [b"bad request"]
        status = "200 OK" if path == "/healthz" else "404 Not Found"
        start_response(status, [("Content-Type", "text/plain")])
        return [b"ok" if path == "/healthz" else b"not found"]

    return application


def make_http_server(app: App, host: str, port: int, threads: int = 8):  # type: ignore[no-untyped-def]
    """A waitress server (call .run() to serve, .close() to stop)."""
    from waitress.server import create_server

    return create_server(wsgi_app(app), host=host, port=port, threads=threads,
                         ident="reflect", channel_timeout=30)


def serve_socket_mode(app: App, app_token: str) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    SocketModeHandler(app, app_token).start()
