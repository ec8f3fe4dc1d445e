"""/supervise: a structured session in a thread, its buttons and modals, and exports to a DM.

Everything a session knows lives in the records, so a session carries on after a restart.
"""

from __future__ import annotations

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from ...records import people
from ...records.access import NotAllowed, is_supervisor
from ...records.db import session_for
from ...records.models import Action, utcnow
from ...supervision import casefile, sessions
from ...supervision.reviews import review_panels, review_title
from .. import blocks, ids
from .. import supervision_blocks as sblocks
from ..deps import Deps, log
from .corrections import post_privacy_note
from .inputs import button_ids, typed_text

REFUSALS = (NotAllowed, sessions.SessionClosed, LookupError)
NOT_MINE = "I couldn't read that button. Use the buttons on the session's latest message."
NOTHING_SAID = ("Nothing has been said in this session yet, so I have nothing to search the reviews "
                "with. Reply in the thread, then go back and forward to this step to bring in learning.")


def register(app: App, deps: Deps) -> None:
    @app.command(ids.SUPERVISE_COMMAND)
    def on_supervise(ack: Ack, command: dict, client: WebClient, respond: Respond) -> None:
        ack()
        user = command.get("user_id", "")
        refresh_roles(client, deps)
        with session_for(deps.database_url) as db:
            allowed = is_supervisor(db, user)
        if not allowed:
            respond(response_type="ephemeral", text="Only supervisors can start a supervision "
                    "session. Ask your admin to add you to the supervisors.")
            return
        client.views_open(trigger_id=command["trigger_id"], view=sblocks.open_view(
            deps.frameworks, deps.reviews(), command.get("channel_id", "")))

    @app.view(ids.SUPERVISE_VIEW)
    def on_open(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        user = body["user"]["id"]
        values = sblocks.opening_values(view)
        opening = sessions.Opening(supervisor=user, surface="slack", **values)
        errors = sessions.opening_problems(deps.frameworks, deps.reviews(), opening)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        try:
            session_id = sessions.start(deps.database_url, deps.frameworks, deps.reviews(), opening)
        except REFUSALS as exc:
            _tell(client, user, str(exc))
            return
        _name(client, deps, {user, opening.supervisee} - {""})
        channel = opening.team_channel or _group_dm(client, user, opening.supervisee)
        state = sessions.state(deps.database_url, deps.frameworks, session_id)
        title = review_title(deps.engine, state.review)
        head = client.chat_postMessage(channel=channel, text=sblocks.session_header(state, title),
                                       blocks=[blocks.section_block(sblocks.session_header(state, title))])
        sessions.attach_thread(deps.database_url, session_id, channel=channel, thread_ts=head["ts"])
        _post_step(client, deps, sessions.state(deps.database_url, deps.frameworks, session_id))

    @app.action(ids.SESSION_NEXT)
    def on_next(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        _move(client, deps, body, by=1)

    @app.action(ids.SESSION_BACK)
    def on_back(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        _move(client, deps, body, by=-1)

    @app.action(ids.SESSION_PAUSE)
    def on_pause(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        _set_status(client, deps, body, "paused")

    @app.action(ids.SESSION_RESUME)
    def on_resume(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        _set_status(client, deps, body, "active")

    @app.action(ids.SESSION_SCALE)
    def on_scale(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        chosen = button_ids((body["actions"][0].get("selected_option") or {}).get("value"), 2)
        if chosen is None:
            return _ephemeral(client, body, NOT_MINE)
        try:
            sessions.record_scale(deps.database_url, deps.frameworks, chosen[0],
                                  author=body["user"]["id"], value=chosen[1])
        except (*REFUSALS, sessions.SessionInputError) as exc:
            _ephemeral(client, body, str(exc))

    @app.action(ids.SESSION_ADD_ACTION)
    def on_add_action(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        found = _ids(body)
        if found is None:
            return _ephemeral(client, body, NOT_MINE)
        client.views_open(trigger_id=body["trigger_id"],
                          view=sblocks.action_view(found[0], utcnow().date()))

    @app.view(ids.ACTION_VIEW)
    def on_action_submitted(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        user, found = body["user"]["id"], button_ids(view.get("private_metadata"))
        if found is None:
            ack()
            return _tell(client, user, NOT_MINE)
        session_id, values = found[0], sblocks.action_values(view)
        errors = sessions.action_problems(values, utcnow().date())
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        try:
            action_id = sessions.add_action(deps.database_url, session_id, actor=user, values=values)
        except (*REFUSALS, sessions.SessionInputError) as exc:
            return _tell(client, user, str(exc))
        state = sessions.state(deps.database_url, deps.frameworks, session_id)
        with session_for(deps.database_url) as db:
            action = db.get(Action, action_id)
        assert action is not None
        client.chat_postMessage(channel=state.channel, thread_ts=state.thread_ts,
                                text=f"Action {action_id} added.", blocks=[blocks.section_block(
                                    f"Action {action_id} added by <@{user}>: "
                                    + sblocks.action_line(action, utcnow().date()))])

    @app.action(ids.SESSION_CLOSE)
    def on_close(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        user, found = body["user"]["id"], _ids(body)
        if found is None:
            return _ephemeral(client, body, NOT_MINE)
        session_id = found[0]
        try:
            state = sessions.state(deps.database_url, deps.frameworks, session_id)
            closing = sessions.close(deps.database_url, deps.frameworks, session_id, actor=user,
                                     review_title=review_title(deps.engine, state.review))
        except REFUSALS as exc:
            return _ephemeral(client, body, str(exc))
        _retire(client, body, f"Closed by <@{user}>.")
        client.chat_postMessage(channel=state.channel, thread_ts=state.thread_ts,
                                text=f"Session {session_id} closed.",
                                blocks=sblocks.closing_blocks(closing))

    @app.action(ids.EXPORT_PDF)
    def on_export_pdf(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        _export(client, deps, body, "pdf")

    @app.action(ids.EXPORT_MD)
    def on_export_md(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        _export(client, deps, body, "md")

    @app.action(ids.ACTION_DONE)
    def on_action_done(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        user, found = body["user"]["id"], _ids(body)
        if found is None:
            return _tell(client, user, NOT_MINE)
        try:
            sessions.mark_action_done(deps.database_url, found[0], actor=user)
        except REFUSALS as exc:
            return _tell(client, user, str(exc))
        from .home_tab import publish_home

        publish_home(client, deps, user)


def take_entry(client: WebClient, deps: Deps, event: dict) -> bool:
    """Store a reply in a session's thread as an entry; False when the thread holds no session."""
    thread, channel = event.get("thread_ts") or "", event["channel"]
    session_id = sessions.in_thread(deps.database_url, channel=channel, thread_ts=thread) if thread else None
    if session_id is None:
        return False
    user, text = event.get("user", ""), typed_text(event.get("text"))
    try:
        stored = sessions.add_entry(deps.database_url, deps.frameworks, session_id, author=user,
                                    text=text, source_ts=event["ts"], key=deps.settings.redaction_key())
    except REFUSALS as exc:
        client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread, text=str(exc))
        return True
    except Exception as exc:  # never silent: the person knows to post it again
        log.error("entry failed session=%s error=%s", session_id, type(exc).__name__)
        client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread, text=(
            "Sorry, I couldn't store that reply in the record. Please post it again in a minute."))
        return True
    if stored.entry_id is not None:  # a retry is marked again: the first run may have died first
        log.info("entry stored session=%s entry=%s retried=%s", session_id, stored.entry_id,
                 stored.retried)
        _quietly(client.reactions_add, channel=channel, timestamp=event["ts"], name="white_check_mark")
    if stored.entry_id is not None and len(text) > sessions.MAX_ENTRY_CHARS:
        client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread, text=(
            f"Your reply was long ({len(text):,} characters), so the record keeps its first "
            f"{sessions.MAX_ENTRY_CHARS:,}. Post the rest as another reply."))
    if stored.privacy_note:
        post_privacy_note(client, channel=channel, user=user, thread_ts=thread,
                          note=stored.privacy_note, stored=stored.text, kind="entry",
                          record_id=stored.entry_id)
    return True


def refresh_roles(client: WebClient, deps: Deps) -> None:
    """Supervisors and admins from configuration plus the Slack user groups named there. When a
    group cannot be read, the supervisors named in configuration still supervise, and so does
    everyone who did last time; the failure is logged and recorded for `reflect doctor`."""
    supervisors = set(deps.settings.supervisors)
    unread = []
    for group in sorted(deps.settings.supervisor_groups):
        try:
            supervisors |= set(client.usergroups_users_list(usergroup=group)["users"])
        except SlackApiError as exc:
            error = str(exc.response.get("error") or "error")
            log.error("user group read failed group=%s error=%s", group, error)
            unread.append(f"{group} ({error})")
    with session_for(deps.database_url) as db:
        people.set_roles(db, supervisors=supervisors, admins=set(deps.settings.admins),
                         keep_supervisors=bool(unread))
        people.note_group_read(db, unread)


def _set_status(client: WebClient, deps: Deps, body: dict, status: str) -> None:
    """Pause (a Resume button follows) or resume (the current step is posted again)."""
    user, found = body["user"]["id"], _ids(body)
    if found is None:
        return _ephemeral(client, body, NOT_MINE)
    session_id = found[0]
    try:
        state = sessions.set_status(deps.database_url, deps.frameworks, session_id, actor=user,
                                    status=status)
    except REFUSALS as exc:
        return _ephemeral(client, body, str(exc))
    if status == "paused":
        _retire(client, body, f"Paused by <@{user}>.")
        client.chat_postMessage(channel=state.channel, thread_ts=state.thread_ts,
                                text=f"Session {session_id} paused.",
                                blocks=sblocks.paused_blocks(session_id, user))
    else:
        _retire(client, body, f"Resumed by <@{user}>.")
        _post_step(client, deps, state, arrived=False)


def _move(client: WebClient, deps: Deps, body: dict, by: int) -> None:
    user, found = body["user"]["id"], _ids(body, 2)
    if found is None:
        return _ephemeral(client, body, NOT_MINE)
    session_id, index = found
    try:
        current = sessions.state(deps.database_url, deps.frameworks, session_id)
        if current.index != index:  # a second click on an old step's button
            return _ephemeral(client, body, "The session has already moved on from that step.")
        state = sessions.move(deps.database_url, deps.frameworks, session_id, actor=user, by=by)
    except REFUSALS as exc:
        return _ephemeral(client, body, str(exc))
    _retire(client, body, f"{current.step.title}: done. <@{user}> moved the session "
            f"{'on' if by > 0 else 'back'}.")
    _post_step(client, deps, state, arrived=by > 0)


def _post_step(client: WebClient, deps: Deps, state: sessions.State, arrived: bool = True) -> None:
    """Post the step in the thread; with the review's panels or cited learning where it brings them."""
    where: dict = {"channel": state.channel, "thread_ts": state.thread_ts}
    title = review_title(deps.engine, state.review)
    if state.step.panels:
        client.chat_postMessage(**where, text=f"{blocks.escape(title)}: the panels",
                                blocks=sblocks.panels_blocks(title, review_panels(deps.engine, state.review)))
    client.chat_postMessage(**where, text=f"Step {state.index + 1}: {state.step.title}",
                            blocks=sblocks.step_blocks(state))
    if state.step.learning and arrived:
        answer = sessions.bring_learning(deps.database_url, deps.engine, deps.frameworks, state.id,
                                         review_title=title)
        if answer is None:
            client.chat_postMessage(**where, text=NOTHING_SAID)
            return
        client.chat_postMessage(**where, text=blocks.fallback_text(answer),
                                blocks=[blocks.context_block(
                                    "Learning from case reviews, found from everything said so "
                                    "far in this session:")] + blocks.answer_blocks(answer, None)[:48],
                                unfurl_links=False, unfurl_media=False)


def _export(client: WebClient, deps: Deps, body: dict, fmt: str) -> None:
    user, found = body["user"]["id"], _ids(body)
    if found is None:
        return _tell(client, user, NOT_MINE)
    try:
        exported = casefile.export_session(deps.database_url, deps.frameworks, found[0],
                                           viewer=user, reviews=deps.reviews(), fmt=fmt)
    except REFUSALS as exc:
        return _tell(client, user, str(exc))
    channel = client.conversations_open(users=user)["channel"]["id"]
    client.files_upload_v2(channel=channel, filename=exported.name, content=exported.content,
                           title=exported.title,
                           initial_comment="Your supervision record for the case file.")
    log.info("exported session=%s format=%s user=%s", found[0], fmt, user)


def _name(client: WebClient, deps: Deps, users: set[str]) -> None:
    """Remember display names, so records are attributable to a person and not only an ID."""
    for user in users:
        try:
            profile = client.users_info(user=user)["user"]
        except SlackApiError:
            continue
        name = profile.get("real_name") or (profile.get("profile") or {}).get("real_name") or ""
        with session_for(deps.database_url) as db:
            people.name_person(db, user, name)


def _group_dm(client: WebClient, supervisor: str, supervisee: str) -> str:
    """A private conversation of the supervisor, the practitioner and the bot."""
    return client.conversations_open(users=f"{supervisor},{supervisee}")["channel"]["id"]


def _ids(body: dict, count: int = 1) -> tuple[int, ...] | None:
    """The session (and step) a button carries; None when it is not one of this app's."""
    return button_ids(body["actions"][0].get("value"), count)


def _retire(client: WebClient, body: dict, text: str) -> None:
    """Replace a step's buttons with a line saying what happened, so old buttons can't be pressed."""
    message, channel = body.get("message") or {}, (body.get("channel") or {}).get("id")
    if message.get("ts") and channel:
        _quietly(client.chat_update, channel=channel, ts=message["ts"], text=text,
                 blocks=sblocks.moved_on(text))


def _ephemeral(client: WebClient, body: dict, text: str) -> None:
    channel = (body.get("channel") or {}).get("id")
    if channel:
        _quietly(client.chat_postEphemeral, channel=channel, user=body["user"]["id"], text=text,
                 thread_ts=(body.get("message") or {}).get("thread_ts"))
    else:
        _tell(client, body["user"]["id"], text)


def _tell(client: WebClient, user: str, text: str) -> None:
    """A direct message to one person (the refusal or problem is theirs alone)."""
    channel = client.conversations_open(users=user)["channel"]["id"]
    client.chat_postMessage(channel=channel, text=text)


def _quietly(call, **kwargs) -> None:  # type: ignore[no-untyped-def]
    try:
        call(**kwargs)
    except SlackApiError as exc:
        log.warning("slack call failed method=%s error=%s", getattr(call, "__name__", "?"),
                    exc.response.get("error"))
