"""`reflect records`: a session or a person's actions exported for the case file, as the
person named with --as may read them (audited), records past their retention purged, and the
audit log's chain verified."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..config import Settings


def add_commands(records, command) -> None:  # type: ignore[no-untyped-def]
    """`reflect records export|actions|purge|verify`, each made by the CLI's `command` helper."""
    viewer: dict = {"required": True, "metavar": "SLACK_USER",
                    "help": "whose entitlement to use: the export is what they may read (audited)"}
    export = command(records, "export", "write one session for the case file (md or pdf)",
                      _cmd_records_export)
    export.add_argument("session", type=int, help="the session number")
    export.add_argument("--format", choices=("md", "pdf"), default="pdf")
    export.add_argument("--as", dest="viewer", **viewer)
    export.add_argument("--out", help="file to write (default: the record's own name, here)")
    actions = command(records, "actions", "write the actions of the person's sessions as CSV",
                       _cmd_records_actions)
    actions.add_argument("--as", dest="viewer", **viewer)
    actions.add_argument("--out", help="file to write (default: actions-USER.csv, here)")
    purge = command(records, "purge", "delete records older than the retention period (audited)",
                     _cmd_records_purge)
    purge.add_argument("--older-than-days", type=int,
                       help="default: REFLECT_RETENTION_DAYS")
    command(records, "verify", "check that no audit row was changed or removed since it was written",
            _cmd_records_verify)


def _cmd_records_export(args: argparse.Namespace, settings: Settings) -> int:
    from ..supervision import casefile

    return _write_export(args, lambda frameworks, reviews: casefile.export_session(
        settings.database_url, frameworks, args.session, viewer=args.viewer, reviews=reviews,
        fmt=args.format), settings)


def _cmd_records_actions(args: argparse.Namespace, settings: Settings) -> int:
    from ..supervision import casefile

    return _write_export(args, lambda frameworks, reviews: casefile.export_actions(
        settings.database_url, frameworks, viewer=args.viewer, reviews=reviews), settings)


def _write_export(args: argparse.Namespace, make, settings: Settings) -> int:  # type: ignore[no-untyped-def]
    """Run one export as the named person and write its file; a refusal is said plainly."""
    from ..records.access import Refused
    from ..supervision.frameworks import load_frameworks
    from ..supervision.reviews import live_manifest, reviews_in

    frameworks = load_frameworks(settings.curated_file("frameworks.yaml"))
    try:
        exported = make(frameworks, reviews_in(live_manifest(settings.index_dir)))
    except Refused as exc:
        print(str(exc), file=sys.stderr)
        return 1
    path = Path(args.out or exported.name)
    path.write_bytes(exported.content)
    print(f"Wrote {path} ({len(exported.content)} bytes).")
    return 0


def _cmd_records_purge(args: argparse.Namespace, settings: Settings) -> int:
    import getpass

    from ..records.retention import purge

    days = args.older_than_days or settings.retention_days
    if days < 1:
        print("Say how old records must be to go: --older-than-days N, or set "
              "REFLECT_RETENTION_DAYS.", file=sys.stderr)
        return 2
    counts = purge(settings.database_url, older_than_days=days, actor=f"cli:{getpass.getuser()}")
    print(f"Purged records older than {days} days: "
          + ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in counts.items()) + ".")
    return 0


def _cmd_records_verify(args: argparse.Namespace, settings: Settings) -> int:
    from ..records.audit_chain import verify
    from ..records.db import session_for

    with session_for(settings.database_url) as db:
        found = verify(db)
    older = f" ({found.unchained} older rows carry no digest)" if found.unchained else ""
    if found.broken_at is None:
        print(f"The audit log holds: {found.rows} rows checked{older}.")
        return 0
    print(f"The audit log is broken at row {found.broken_at}: {found.reason}. The rows before it "
          f"hold{older}.", file=sys.stderr)
    return 1
