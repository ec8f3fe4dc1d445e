"""Admin actions shared by the command line and Slack: building the index."""

from __future__ import annotations

import sys

from ..config import Settings
from ..records.access import NotAllowed
from ..retrieval.build import BuildError, BuildReport, Progress, build_index
from ..retrieval.embedder import Embedder

NOT_ADMIN = ("Only the knowledge base admins can add documents or rebuild the index. Ask your "
             "safeguarding business unit if something should be added.")


OPERATOR = "operator"  # the command line: whoever runs it holds the knowledge folder already


def is_admin(settings: Settings, slack_user: str) -> bool:
    """Admins are named in REFLECT_ADMINS (Slack user IDs)."""
    return slack_user in settings.admins


def require_admin(settings: Settings, actor: str) -> None:
    """Raise NotAllowed unless the actor is an admin or the command line's operator."""
    if actor != OPERATOR and not is_admin(settings, actor):
        raise NotAllowed(NOT_ADMIN)


def reindex(settings: Settings, embedder: Embedder, progress: Progress | None = None, *,
            actor: str) -> BuildReport:
    """Bring the live index in line with the knowledge folder (raises BuildError, NotAllowed)."""
    require_admin(settings, actor)
    return build_index(settings.require_knowledge_dir(), settings.index_dir, embedder, progress)


def report_lines(report: BuildReport) -> list[str]:
    """A build report as lines a person reads."""
    lines = [f"Index {report.version}: {report.documents} documents, {report.chunks} passages, "
             f"{report.embedded} embedded in {report.seconds:.1f}s."]
    for label, items in (("added", report.added), ("changed", report.changed),
                         ("removed", report.removed)):
        lines += [f"  {label}: {s}" for s in items]
    if report.unchanged:
        lines.append(f"  unchanged: {len(report.unchanged)} document(s)")
    lines += [f"  skipped {name}: {why}" for name, why in report.skipped]
    lines += [f"  warning: {w}" for w in report.warnings]
    if not report.wrote_new_version:
        lines.append("  Nothing changed; the live index is up to date.")
    return lines


def build_with_progress(settings: Settings, embedder: Embedder | None = None) -> int:
    """Build the index, showing a progress bar on a terminal (a line a stage in a log).
    Returns an exit code."""
    from rich.progress import Progress

    settings.require_knowledge_dir()
    embedder = embedder or Embedder(settings.model, preferred=settings.passage_encoder)
    terminal = sys.stderr.isatty()
    with Progress(transient=True, disable=not terminal) as bar:
        task = bar.add_task("Reading documents", total=None)
        stages: set[str] = set()

        def progress(stage: str, done: int, total: int) -> None:
            label = "Reading documents" if stage == "reading" else "Embedding passages"
            bar.update(task, description=label, completed=done, total=total)
            if not terminal and stage not in stages:
                stages.add(stage)
                print(f"{label}: {total} …", file=sys.stderr, flush=True)

        try:
            report = reindex(settings, embedder, progress, actor=OPERATOR)
        except BuildError as exc:
            print(str(exc), file=sys.stderr)
            return 1
    print("\n".join(report_lines(report)))
    return 0
