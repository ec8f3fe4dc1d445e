"""The `reflect` command: build the index, ask, chat."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import threading
from pathlib import Path

from .config import Settings, SettingsError


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `reflect` console command."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        settings = Settings.from_env().with_dirs(getattr(args, "knowledge_dir", None),
                                                 getattr(args, "index_dir", None))
        return int(args.run(args, settings) or 0)
    except SettingsError as exc:
        print(f"Configuration problem: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reflect", description="Reflective supervision with learning from case reviews.")
    sub = parser.add_subparsers(title="commands")

    index = sub.add_parser("index", help="build the search index").add_subparsers(title="index")
    _command(index, "build", "build or update the index from the knowledge folder", _cmd_build)
    _command(index, "status", "say whether the live index can serve (exit 1 if not)", _cmd_status)
    inspect = _command(index, "inspect", "show what the reader understood of one document, without "
                       "indexing it", _cmd_inspect)
    inspect.add_argument("file", help="the document (.pdf, .docx, .html, .md, .txt)")
    inspect.add_argument("--json", action="store_true", help="print the inspection as JSON")

    ask = _command(sub, "ask", "answer one prompt (or a file of prompts with --batch)", _cmd_ask)
    ask.add_argument("text", nargs="*", help="what you want to reflect on")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    ask.add_argument("-k", type=int, help="how many passages to cite (default: knowledge/answers.yaml)")
    ask.add_argument("--batch", metavar="FILE", help="one prompt a line ('-' for standard input)")

    ev = _command(sub, "eval", "measure retrieval on a question set, mode by mode", _cmd_eval)
    ev.add_argument("--questions", required=True, metavar="FILE", help="JSON lines: question, "
                    "expected_docs, expected_quote (optional), expected_behavior")
    ev.add_argument("--json", action="store_true", help="print the results as JSON")
    ev.add_argument("--limit", type=int, help="only the first N questions (a quick slice)")
    ev.add_argument("--mode", choices=("lexical", "dense", "hybrid"), action="append",
                    help="only this ranking (again for more; default: all three side by side)")
    ev.add_argument("--calibrate", action="store_true", help="show the evidence bars' trade-off "
                    "on these questions and propose bars for knowledge/answers.yaml")
    ev.add_argument("--misses", action="store_true", help="after the table, list each question "
                    "missed: where its document came and what was shown instead")

    _command(sub, "serve", "run the Slack app (Socket Mode with SLACK_APP_TOKEN, else HTTP on "
             "REFLECT_HOST:REFLECT_PORT at /slack/events)", _cmd_serve)
    _command(sub, "doctor", "check the configuration, index and database", _cmd_doctor)
    bench = _command(sub, "bench", "measure builds, answers, cold start, memory and scale", _cmd_bench)
    bench.add_argument("--out", default="bench-results.json", help="where to write the figures")
    bench.add_argument("--quick", action="store_true", help="small sizes: a smoke test in a minute")
    _command(sub, "chat", "an interactive session in the terminal", _cmd_chat)
    from .admin.records import add_commands as records_commands

    records_commands(sub.add_parser("records", help="supervision records: export, purge, verify")
                     .add_subparsers(title="records"), _command)
    return parser


def _command(sub, name: str, help_text: str, run) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
    """A subcommand with the directory options every command takes."""
    command: argparse.ArgumentParser = sub.add_parser(name, help=help_text)
    _dirs(command)
    command.set_defaults(run=run)
    return command


def _dirs(p: argparse.ArgumentParser) -> None:
    p.add_argument("--knowledge-dir", help="knowledge folder (default: REFLECT_KNOWLEDGE_DIR or ./knowledge)")
    p.add_argument("--index-dir", help="index folder (default: REFLECT_INDEX_DIR or ./index)")


def _cmd_build(args: argparse.Namespace, settings: Settings) -> int:
    from .admin.knowledge import build_with_progress

    return build_with_progress(settings)


def _cmd_inspect(args: argparse.Namespace, settings: Settings) -> int:
    from .ingest import UnreadableDocument
    from .ingest.inspect import inspect_document, summary_lines

    path = Path(args.file)
    if not path.is_file():
        print(f"There is no file {path}.", file=sys.stderr)
        return 1
    try:
        found = inspect_document(path, settings.knowledge_dir)
    except UnreadableDocument as exc:
        print(f"{path.name} could not be read: {exc}. It would be skipped by a build.", file=sys.stderr)
        return 1
    print(json.dumps(found.to_dict(), ensure_ascii=False, indent=1) if args.json
          else "\n".join(summary_lines(found)))
    return 0


def _cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    from .ingest import CHUNKER_VERSION
    from .retrieval import artifact
    from .retrieval.embedder import passage_encoder_kind

    try:
        index = artifact.load(settings.index_dir, settings.model, CHUNKER_VERSION,
                              passage_encoder_kind(settings.model, settings.passage_encoder))
    except (artifact.IndexMissing, artifact.IndexMismatch) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"Index {index.version}: {len(index.documents())} documents, "
          f"{index.summary()['passages']} passages, built {index.summary()['built_at']}")
    return 0


def _cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from .terminal.render import render

    if args.batch is None and not " ".join(args.text).strip():
        from .reflection.inputs import EMPTY_MESSAGE

        print(EMPTY_MESSAGE, file=sys.stderr)
        return 2
    if args.k is not None and not 1 <= args.k <= 20:
        print("-k must be between 1 and 20.", file=sys.stderr)
        return 2
    engine = _engine(settings)
    if engine is None:
        return 1
    if args.batch is not None:
        if args.batch == "-":
            _answer_lines(engine, sys.stdin, args.k)
        else:
            with Path(args.batch).open(encoding="utf-8") as stream:
                _answer_lines(engine, stream, args.k)
        return 0
    answer = engine.ask(" ".join(args.text), k=args.k)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        from rich.console import Console

        Console().print(render(answer))
    return 0


def _answer_lines(engine, stream, k: int | None) -> None:  # type: ignore[no-untyped-def]
    """One JSON answer a line, for one prompt a line, flushed as each is ready."""
    for line in stream:
        answer = engine.ask(line.rstrip("\n"), k=k)
        print(json.dumps(answer.to_dict(), ensure_ascii=False), flush=True)


def _cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from .bench import evaluation

    try:
        questions = evaluation.load_questions(Path(args.questions))[: args.limit]
    except (OSError, ValueError) as exc:
        print(f"Cannot read the question set: {exc}", file=sys.stderr)
        return 2
    engine = _engine(settings)
    if engine is None:
        return 1
    if args.calibrate:
        from .bench import calibration

        result = calibration.report(engine, questions)
        print(json.dumps(result, indent=2) if args.json else calibration.table(result))
        return 0
    report = evaluation.run(engine, questions, tuple(args.mode or evaluation.MODES))
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{len(questions)} questions\n" + evaluation.table(report))
        print(f"Reranking: {report['reranker']}")
        if args.misses:
            print("\nMisses:\n" + evaluation.misses_text(report))
    return 0


def _cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from .slack.app import create_app
    from .slack.listeners.events import answer_abandoned_events
    from .slack.server import make_http_server, serve_socket_mode

    logging.getLogger("bot").setLevel(logging.INFO)
    engine = _engine(settings)
    if engine is None:
        return 1
    app = create_app(settings, engine)
    threading.Thread(target=answer_abandoned_events, args=(app, settings.database_url),
                     daemon=True).start()  # what a killed predecessor left unanswered
    if settings.slack_app_token:
        print("Connecting to Slack in Socket Mode ...", flush=True)
        serve_socket_mode(app, settings.slack_app_token)
        return 0
    server = make_http_server(app, settings.host, settings.port,
                              signing_secret=settings.slack_signing_secret)
    print(f"Listening on http://{settings.host}:{settings.port}/slack/events", flush=True)
    try:
        server.run()
    finally:
        server.close()
    return 0


def _cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    from .admin.doctor import run_checks

    problems = 0
    for ok, line in run_checks(settings):
        print(("ok    " if ok else "FIX   ") + line)
        problems += not ok
    print("All good." if not problems else f"{problems} thing(s) to fix.")
    return 1 if problems else 0


def _cmd_bench(args: argparse.Namespace, settings: Settings) -> int:
    from . import bench

    return bench.main(settings, Path(args.out), "quick" if args.quick else "full")


def _cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from .terminal.chat import run_chat

    engine = _engine(settings)
    return 1 if engine is None else run_chat(engine)


def _engine(settings: Settings):  # type: ignore[no-untyped-def]
    """The engine, or None after telling the person what to do when the index is unusable."""
    from .reflection import Engine
    from .retrieval.artifact import IndexMismatch, IndexMissing

    try:
        return Engine(settings)
    except (IndexMissing, IndexMismatch) as exc:
        print(str(exc), file=sys.stderr)
        return None


if __name__ == "__main__":
    sys.exit(main())
