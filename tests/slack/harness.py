"""A loopback Slack that the tests own: a stateful fake Web API and a sender signing as Slack does.

The fake records every call, checks the bot token, enforces Block Kit limits, issues single-use
trigger IDs that expire after 3 seconds, takes response_url posts, and can answer 429.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import itertools
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BOT_TOKEN = "xoxb-test-0000-harness"
SIGNING_SECRET = "0123456789abcdef0123456789abcdef"
APP_TOKEN = "xapp-1-test-harness"
BOT_USER = "UBOTREFLECT"
TEAM = "T0TEAM"


@dataclass
class Call:
    method: str
    args: dict
    at: float = field(default_factory=time.time)


class FakeSlack:
    """The Web API on 127.0.0.1, as far as this app uses it."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.responses: list[dict] = []  # posts to response_url
        self.rate_limit: dict[str, int] = {}  # method -> how many 429s to answer next
        self.triggers: dict[str, float] = {}
        self.files: dict[str, bytes] = {}  # what url_private_download serves
        self.uploads: dict[str, bytes] = {}  # file_id -> bytes the app uploaded (files_upload_v2)
        self.names: dict[str, str] = {}  # users.info real names
        self.groups: dict[str, set[str]] = {}  # user group ID -> member IDs
        self.unreadable_groups: set[str] = set()  # user groups whose members Slack will not list
        self.holding: set[str] = set()  # methods whose calls are parked unanswered (see hold)
        self.outside: set[str] = set()  # channels the bot is not a member of: it cannot post there
        self.archived: set[str] = set()  # channels the bot is in but can no longer post to
        self._ts = itertools.count(1)
        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
                pass

            def do_GET(self) -> None:
                name = self.path.removeprefix("/files/")
                authorised = self.headers.get("Authorization") == f"Bearer {BOT_TOKEN}"
                data = fake.files.get(name) if authorised else None
                self.send_response(200 if data is not None else 404)
                self.send_header("Content-Length", str(len(data or b"")))
                self.end_headers()
                self.wfile.write(data or b"")

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path.startswith("/upload/"):
                    with fake._cond:
                        fake.uploads[self.path.removeprefix("/upload/")] = body
                    self.send_response(200)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"OK")
                    return
                raw = body.decode()
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    args = json.loads(raw or "{}")
                else:
                    args = {k: v[0] for k, v in urllib.parse.parse_qs(raw).items()}
                status, body, headers = fake.handle(self.path, self.headers, args)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.release()
        self.server.shutdown()
        self.server.server_close()

    # --- what the tests drive ---------------------------------------------------------
    def trigger_id(self) -> str:
        trigger = f"trig-{next(self._ts)}"
        self.triggers[trigger] = time.time()
        return trigger

    def share_file(self, name: str, content: bytes) -> dict:
        """A file as Slack describes it in a file_share message event."""
        key = f"F{next(self._ts)}"
        self.files[key] = content
        return {"id": key, "name": name, "size": len(content),
                "url_private_download": f"{self.url}/files/{key}"}

    def hold(self, method: str) -> None:
        """Park every call to `method` unanswered until release(): the app is caught mid-call."""
        with self._cond:
            self.holding.add(method)

    def release(self) -> None:
        """Answer the parked calls with an error (their caller may be dead) and stop holding."""
        with self._cond:
            self.holding.clear()
            self._cond.notify_all()

    def response_url(self) -> str:
        return f"{self.url}/response/{next(self._ts)}"

    def uploaded(self) -> list[tuple[dict, bytes]]:
        """Each completed upload's arguments (channel_id, files) with the bytes of its first file."""
        with self._lock:
            done = []
            for call in self.calls:
                if call.method == "files.completeUploadExternal":
                    files = call.args["files"]
                    files = json.loads(files) if isinstance(files, str) else files
                    done.append((call.args, self.uploads[files[0]["id"]]))
            return done

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, predicate, timeout: float = 20.0):  # type: ignore[no-untyped-def]
        """Wait until predicate() is truthy; return its value."""
        deadline = time.time() + timeout
        with self._cond:
            while True:
                value = predicate()
                if value:
                    return value
                left = deadline - time.time()
                if left <= 0:
                    raise AssertionError("timed out waiting for the app to call Slack")
                self._cond.wait(left)

    # --- the API ----------------------------------------------------------------------
    def handle(self, path: str, headers, args: dict) -> tuple[int, dict, dict]:  # type: ignore[no-untyped-def]
        with self._cond:
            try:
                if path.startswith("/response/"):
                    self.responses.append(args)
                    return 200, {"ok": True}, {}
                method = path.removeprefix("/api/")
                token = (headers.get("Authorization") or "").removeprefix("Bearer ") or args.get("token")
                if method == "apps.connections.open" and token == APP_TOKEN:
                    self.calls.append(Call(method, args))  # Socket Mode; no websocket here
                    return 200, {"ok": False, "error": "socket_mode_not_available_in_tests"}, {}
                if token != BOT_TOKEN:
                    return 200, {"ok": False, "error": "invalid_auth"}, {}
                if method in self.holding:  # recorded as held, never as done
                    self.calls.append(Call(method + ":held", args))
                    self._cond.notify_all()
                    while method in self.holding:
                        self._cond.wait()
                    return 503, {"ok": False, "error": "held"}, {}
                if self.rate_limit.get(method, 0) > 0:
                    self.rate_limit[method] -= 1
                    self.calls.append(Call(method + ":429", args))
                    return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"}
                self.calls.append(Call(method, args))
                return 200, self._answer(method, args), {}
            finally:
                self._cond.notify_all()

    def _answer(self, method: str, args: dict) -> dict:
        if method == "auth.test":
            return {"ok": True, "user_id": BOT_USER, "bot_id": "BBOT", "team_id": TEAM,
                    "user": "reflect", "team": "Test", "url": "https://test.slack.com/"}
        blocks = args.get("blocks")
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        view = args.get("view")
        if isinstance(view, str):
            view = json.loads(view)
        problem = check_blocks(blocks or (view or {}).get("blocks") or [])
        if problem:
            return {"ok": False, "error": "invalid_blocks", "detail": problem}
        if method in ("chat.postMessage", "chat.update", "chat.postEphemeral") and \
                args.get("channel") in self.outside:
            return {"ok": False, "error": "not_in_channel"}
        if method == "chat.postMessage" and args.get("channel") in self.archived:
            return {"ok": False, "error": "is_archived"}
        if method == "conversations.info":
            channel = args.get("channel", "")
            return {"ok": True, "channel": {"id": channel, "is_member": channel not in self.outside}}
        if method in ("chat.postMessage", "chat.update"):
            args.setdefault("ts", f"1700000000.{next(self._ts):06d}")  # tests read it from the call
            return {"ok": True, "channel": args.get("channel"), "ts": args["ts"]}
        if method == "chat.postEphemeral" and str(args.get("channel", "")).startswith("D") and \
                args.get("user") not in str(args["channel"])[1:].split(","):
            return {"ok": False, "error": "user_not_in_channel"}  # a DM's members are in its ID here
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"1700000000.{next(self._ts):06d}"}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(args.get("users", "X"))}}
        if method == "files.getUploadURLExternal":
            file_id = f"FUP{next(self._ts)}"
            return {"ok": True, "file_id": file_id, "upload_url": f"{self.url}/upload/{file_id}"}
        if method == "files.completeUploadExternal":
            files = args.get("files")
            files = json.loads(files) if isinstance(files, str) else files
            missing = [f["id"] for f in files if f["id"] not in self.uploads]
            if missing:
                return {"ok": False, "error": "file_not_uploaded", "detail": missing}
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}
        if method == "reactions.add":
            return {"ok": True}
        if method == "users.info":
            user = args.get("user", "")
            return {"ok": True, "user": {"id": user, "real_name": self.names.get(user, ""),
                                         "profile": {"real_name": self.names.get(user, "")}}}
        if method == "usergroups.users.list":
            if args.get("usergroup", "") in self.unreadable_groups:
                return {"ok": False, "error": "missing_scope"}
            return {"ok": True, "users": sorted(self.groups.get(args.get("usergroup", ""), set()))}
        if method == "views.publish":
            return {"ok": True, "view": {"id": "V1"}}
        if method == "views.open":
            issued = self.triggers.pop(args.get("trigger_id", ""), None)
            if issued is None:
                return {"ok": False, "error": "invalid_trigger_id"}
            if time.time() - issued > 3:
                return {"ok": False, "error": "expired_trigger_id"}
            return {"ok": True, "view": {"id": "V2"}}
        return {"ok": False, "error": "unknown_method"}


def check_blocks(blocks: list) -> str:
    """What breaks Slack's Block Kit limits, or '' when nothing does."""
    if len(blocks) > 50:
        return f"{len(blocks)} blocks (limit 50)"
    for block in blocks:
        text = (block.get("text") or {}).get("text", "")
        if block["type"] == "header" and len(text) > 150:
            return "header over 150 characters"
        if block["type"] == "section" and len(text) > 3000:
            return "section over 3000 characters"
        for element in block.get("elements", []):
            if block["type"] == "context" and len(element.get("text", "")) > 2000:
                return "context element over 2000 characters"
    return ""


class Sender:
    """Posts real-shaped Slack payloads to the app, signed as Slack signs them (v0, HMAC-SHA256)."""

    def __init__(self, app_url: str, secret: str = SIGNING_SECRET):
        self.url, self.secret = app_url, secret
        self._ids = itertools.count(1)

    def sign(self, body: bytes, timestamp: int | None = None) -> dict:
        ts = str(timestamp if timestamp is not None else int(time.time()))
        base = b"v0:" + ts.encode() + b":" + body
        digest = hmac.new(self.secret.encode(), base, hashlib.sha256).hexdigest()
        return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}

    def post(self, body: bytes, content_type: str, headers: dict | None = None) -> tuple[int, str]:
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": content_type, **(headers if headers is not None else self.sign(body))})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def event(self, event: dict, event_id: str | None = None, retry: int | None = None) -> tuple[int, str]:
        payload = {"token": "legacy", "team_id": TEAM, "api_app_id": "A1", "type": "event_callback",
                   "event_id": event_id or f"Ev{next(self._ids):08d}", "event_time": int(time.time()),
                   "event": event, "authorizations": [{"user_id": BOT_USER, "is_bot": True}]}
        body = json.dumps(payload).encode()
        headers = self.sign(body)
        if retry:
            headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"})
        return self.post(body, "application/json", headers)

    def command(self, text: str, user: str, channel: str, response_url: str,
                trigger_id: str, command: str = "/reflect") -> tuple[int, str]:
        form = {"token": "legacy", "team_id": TEAM, "channel_id": channel, "user_id": user,
                "command": command, "text": text, "response_url": response_url,
                "trigger_id": trigger_id, "api_app_id": "A1"}
        return self.post(urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded")

    def interaction(self, payload: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
        return self.post(body, "application/x-www-form-urlencoded")


def serve_in_thread(server) -> threading.Thread:  # type: ignore[no-untyped-def]
    """Run a waitress server in a thread; closing it from the test ends the thread quietly."""
    def run() -> None:
        with contextlib.suppress(OSError):  # its sockets were closed under it: the test is done
            server.run()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def message(text: str, *, user: str = "UALICE", channel: str = "C1", ts: str | None = None,
            thread_ts: str | None = None, channel_type: str = "channel", **extra) -> dict:  # type: ignore[no-untyped-def]
    event = {"type": "message", "user": user, "text": text, "channel": channel,
             "ts": ts or f"{time.time():.6f}", "channel_type": channel_type, **extra}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def mention(text: str, **kwargs) -> dict:  # type: ignore[no-untyped-def]
    event = message(f"<@{BOT_USER}> {text}", **kwargs)
    event["type"] = "app_mention"
    event.pop("channel_type")
    return event
