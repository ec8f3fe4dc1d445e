"""A document's metadata: from the sidecar file beside it, or inferred from its text."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

SIDECAR_SUFFIX = ".meta.yaml"
KINDS = ("briefing", "overview report", "action plan template", "procedure", "inspection", "guidance",
         "research", "other")
FIELDS = ("title", "aliases", "partnership", "publisher", "nation", "review_type", "year", "kind",
          "guidance", "source", "provenance")


def sidecar_path(path: Path) -> Path:
    """Where a document's metadata lives: `name.ext.meta.yaml` beside it."""
    return path.with_name(path.name + SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> tuple[dict, list[str]]:
    """The sidecar's fields, and warnings for anything in it that was ignored."""
    side = sidecar_path(path)
    if not side.exists():
        return {}, []
    try:
        data = yaml.safe_load(side.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return {}, [f"{side.name} is not valid YAML ({type(exc).__name__}); metadata inferred"]
    if not isinstance(data, dict):
        return {}, [f"{side.name} is not a mapping of fields; metadata inferred"]
    warnings = [f"{side.name}: unknown field '{k}' ignored" for k in data if k not in FIELDS]
    meta = {k: v for k, v in data.items() if k in FIELDS}
    if meta.get("kind") not in (None, *KINDS):
        warnings.append(f"{side.name}: kind '{meta['kind']}' is not one of {', '.join(KINDS)}")
        meta["kind"] = "other"
    if meta.get("year") is not None and not isinstance(meta["year"], int):
        warnings.append(f"{side.name}: year '{meta['year']}' is not a number; ignored")
        meta["year"] = None
    return meta, warnings


_CHILD_NAME = re.compile(r"\b(Child [A-Z][A-Z0-9]{0,3}(?:/[A-Z0-9]{1,3})?)\b")
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_MONTH = (r"(january|february|march|april|may|june|july|august|september|october|november|"
          r"december)")
# What a document prints near its start that is no title: dates, inspection dates, a contents
# line ending in its page number, a link, a salutation, the name of an inspectorate.
_NOT_TITLE = re.compile(
    rf"^(\d{{1,2}}(st|nd|rd|th)? {_MONTH}( (19|20)\d\d)?|{_MONTH} (19|20)\d\d|(19|20)\d\d)$"
    r"|^(inspection dates?|report published|published|date|dear|source|contents|page \d)\b"
    r"|^(skip to|toggle|menu|search|home|close|back to top|print|share|cookies?|background|"
    r"last (reviewed|updated))\b"
    r"|^(key events|the incident|good practice( found)?|what happened|summary|introduction|"
    r"overview|our [\w ]+)$"  # a section's heading, or a site's menu ("Our training")
    r"|:$"  # a lead-in to a list ("Across the 3 families, similar events occurred:")
    r"|^[-•▪◼–]\s"  # an item of a list
    r"|https?://|www\.|\S+\.(gov|org|co)\.uk"
    r"|^(?!.*\b(phase|part|volume|vol|chapter|stage|wave|issue|no\.?|number)\s\d{1,3}$).{0,120}\s\d{1,3}$"
    r"|^(ofsted|care quality commission|department for education|hm inspectorate.*|"
    r"her majesty.s inspectorate.*|official|official sensitive)$", re.I)
_PART = re.compile(r"^(foreword|preface|introduction|executive summary|summary|acknowledgements|"
                   r"key (findings|messages)|about this)\b", re.I)  # the start of the body, no subtitle
_KIND_RULES: list[tuple[str, str, str]] = [  # (kind, where to look: title or opening, pattern)
    ("procedure", "title", r"procedure|protocol|practice guidance|\bpolicy\b"),
    ("inspection", "opening", r"joint targeted area inspection|focused visit|re-inspection of|"
                              r"inspection of (services|children|local authority)|inspection dates"),
    ("guidance", "opening", r"statutory guidance|\bguide to the\b|national framework"),
    ("briefing", "opening", r"briefing|learning brief"),
    ("overview report", "opening", r"overview report"),
    ("research", "opening", r"\bresearch\b"),
]


def _title_lines(head: str) -> list[str]:
    """The opening's headings, or its short lines when it marks none, without markup."""
    lines = [line for line in head.splitlines() if re.sub(r"[#*\s]", "", line)]
    headings = [line for line in lines if line.lstrip().startswith("#")]
    chosen = headings or [line for line in lines if len(line.split()) <= 14] or \
        [line for line in lines[:1] if len(line.split()) <= 25 and not line.rstrip().endswith(".")]
    return [" ".join(re.sub(r"[#*]", "", line).split()) for line in chosen]


def infer_title(head: str, fallback: str, link: str = "") -> str:
    """The document's own title: its first heading that is no date, contents line or link (on a
    saved web page, the heading its address names, when it names one); a heading of three words
    or fewer (a place, a project) is joined to the heading after it."""
    found = [t for t in _title_lines(head) if not _NOT_TITLE.search(t) and re.search(r"[^\W\d_]{3}", t)]
    if not found:
        return fallback
    title = next((t for t in found if _named_by(link, t)), found[0])
    if title is not found[0]:
        return title
    following = found[1] if len(found) > 1 else ""
    if len(title.split()) <= 3 and following and not following.lower().startswith(title.lower()) \
            and not _PART.match(following):
        title = f"{title}: {found[1]}"
    title = re.sub(r"^[^\w(‘“\"']+", "", title).strip()  # an emoji or bullet before a title
    return title if len(title) <= 160 else title[:157].rsplit(" ", 1)[0] + "…"


def infer_kind(head: str, title: str) -> str:
    """The kind of document, from its title and the words it opens with."""
    for kind, where, pattern in _KIND_RULES:
        if re.search(pattern, title if where == "title" else head, re.I):
            return kind
    return "other"


def _named_by(link: str, line: str) -> bool:
    """Whether a web address's last part ('…/learning-briefing-infant-b-non-accidental-injury/')
    spells most of the line's words."""
    slug = re.sub(r"\.\w+$", "", link.split("?")[0].rstrip("/").rsplit("/", 1)[-1]).lower()
    wanted = set(re.findall(r"[a-z0-9]+", slug))
    words = set(re.findall(r"[a-z0-9]+", line.lower()))
    return len(wanted) >= 3 and len(words) >= 2 and len(words & wanted) >= 0.6 * len(words)


def _file_title(path: Path) -> str:
    """A title made of the file's name, when the document prints none: 'devon_neglect_briefing'
    -> 'Devon neglect briefing'."""
    words = re.sub(r"[_\-.]+", " ", path.stem).strip()
    return words[:1].upper() + words[1:] if words else path.name


def infer_metadata(text: str, path: Path, link: str = "") -> dict:
    """Title, year and kind guessed from a document's opening, for files with no sidecar."""
    head = text[:4000]
    child = _CHILD_NAME.search(head)
    title = infer_title(head, _file_title(path), link)
    years = [int(y) for y in _YEAR.findall(head) if int(y) <= dt.date.today().year]
    return {
        "title": child.group(1) if child else title,
        "year": max(years) if years else None,
        "kind": infer_kind(head, title),
    }


def document_metadata(path: Path, text: str, link: str = "") -> tuple[dict, list[str]]:
    """The sidecar's metadata, with anything it leaves out inferred from the text (and, for a
    saved web page, its address)."""
    meta, warnings = read_sidecar(path)
    inferred = infer_metadata(text, path, link)
    for key, value in inferred.items():
        if meta.get(key) in (None, ""):
            meta[key] = value
    meta.setdefault("aliases", [])
    if not isinstance(meta["aliases"], list):
        meta["aliases"] = [str(meta["aliases"])]
    return meta, warnings
