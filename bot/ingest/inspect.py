"""What the reader understood of one document, without indexing it: for the admin who wonders
why a review is never cited. Shared by `reflect index inspect` and the upload's summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..privacy import counted
from . import parse_document
from .chunker import section_chunks
from .dropped import WHY, counting
from .duplicates import duplicate_of
from .model import role_count

# learning first, then the rest, boilerplate last
SHOWN_ORDER = ("finding", "learning_point", "recommendation", "reflection_question", "concern", "incident",
               "background", "action", "procedure", "guidance", "other", "context")


@dataclass
class SectionSummary:
    path: str  # 'Findings › Key lessons learned (ii)', '' before the first heading
    role: str  # the role most of its passages have
    passages: int
    roles: dict[str, int] = field(default_factory=dict)  # its passages by role

    def others(self) -> str:
        """Its passages of other roles than its own: '1 context passage'."""
        return ", ".join(role_count(r, n) for r, n in self.roles.items() if r != self.role)


@dataclass
class Left:
    """Something the reader left out: what, how many, why."""

    what: str
    count: int
    why: str

    def counted(self) -> str:
        """'66 lines of page furniture', '1 footnote marker'."""
        one, many, _ = WHY.get(self.what, (self.what, self.what, ""))
        return f"{self.count} {one if self.count == 1 else many}"


@dataclass
class Inspection:
    source: str
    title: str
    kind: str | None
    publisher: str | None
    year: int | None
    link: str | None
    sections: list[SectionSummary] = field(default_factory=list)
    passages: int = 0
    roles: dict[str, int] = field(default_factory=dict)  # passages by role, learning first
    left_out: list[Left] = field(default_factory=list)
    duplicate_of: str | None = None  # the copy the index holds instead of this file
    redacted: str = ""  # identifiers taken out before indexing, in words ('' if none)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    def role_summary(self) -> str:
        """'12 findings, 5 recommendations, 3 context passages'."""
        return ", ".join(role_count(r, n) for r, n in self.roles.items())


def inspect_document(path: Path, knowledge_dir: Path | None = None) -> Inspection:
    """Read one file as the index would (raises UnreadableDocument): its metadata, sections,
    roles and passages, and what was left out and why. Nothing is indexed."""
    path = path.resolve()
    folder = knowledge_dir.resolve() if knowledge_dir is not None else path.parent
    if not path.is_relative_to(folder):
        folder = path.parent
    with counting() as dropped:
        document = parse_document(path, folder, check_duplicates=False)
        parts = section_chunks(document)
    first = duplicate_of(path, folder)
    meta = document.meta
    found = Inspection(source=document.source, title=document.title, kind=meta.get("kind"),
                       publisher=meta.get("publisher"), year=meta.get("year"), link=meta.get("source"),
                       warnings=[w for w in document.warnings if not w.startswith("removed before")],
                       duplicate_of=first.relative_to(folder).as_posix() if first else None)
    roles: Counter[str] = Counter()
    for section, chunks in parts:
        these = Counter(c.role for c in chunks)
        if chunks:
            most = max(these.values())
            role = section.role if these[section.role] == most else these.most_common(1)[0][0]
            found.sections.append(SectionSummary(" › ".join(section.path), role, len(chunks), dict(these)))
        roles.update(these)
    found.passages = sum(roles.values())
    found.roles = {r: roles[r] for r in (*SHOWN_ORDER, *roles) if roles[r]}
    found.left_out = [Left(what, n, WHY[what][2] if what in WHY else what)
                      for what, n in dropped.items() if n]
    if document.removed:
        found.redacted = counted(document.removed)
        found.left_out.append(Left("identifiers", sum(r.count for r in document.removed),
                                   f"redacted before indexing: {found.redacted}"))
    return found


def summary_lines(found: Inspection) -> list[str]:
    """The inspection as lines a person reads, for the terminal."""
    lines = [f"{found.source}: “{found.title}”",
             f"  kind {found.kind or 'unknown'}; publisher {found.publisher or 'not stated'}; "
             f"year {found.year or 'unknown'}; source {found.link or 'none'}"]
    if found.duplicate_of:
        lines.append(f"  not indexed: a duplicate of {found.duplicate_of}, which is indexed instead")
    lines.append(f"  {len(found.sections)} section(s), {found.passages} passage(s): {found.role_summary()}")
    width = max((len(s.role) for s in found.sections), default=0)
    lines += [f"    {s.role:<{width}}  {s.passages:>3}  {s.path or '(before the first heading)'}"
              + (f"  (with {s.others()})" if s.others() else "") for s in found.sections]
    if found.left_out:
        lines.append("  left out:")
        lines += [f"    {left.counted()}: {left.why}" for left in found.left_out]
    lines += [f"  warning: {w}" for w in found.warnings]
    return lines
