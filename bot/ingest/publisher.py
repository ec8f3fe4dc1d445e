"""Who published a document, from what it says of itself or the site it was saved from; None
when it does not say (a publisher is never guessed)."""

from __future__ import annotations

import re
import urllib.parse
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("data") / "publishers.yaml"

_BODY = (r"(?:[A-Z][\w’'&.-]*,?\s+(?:(?:and|of|the|&)\s+)?){1,8}?"
         r"(?:Safeguarding Children(?:[’']s)? (?:Partnership|Board)|Safeguarding (?:Children )?Partnership|"
         r"Local Safeguarding Children Board|Children(?:[’']s)? Safeguarding Partnership|"
         r"(?:County|City|Borough|District|Metropolitan Borough) Council)")
_BODY_LINE = re.compile(rf"^(?:[Tt]he\s+)?({_BODY})$")
_ISSUED_BY = re.compile(rf"\b(?i:issued|published|produced) (?i:by):?\s*(?:[Tt]he\s+)?({_BODY})?\s*$")
_ADDRESS_LINE = re.compile(r"^(?:https?://)?(?:www\.)?([a-z0-9.-]+\.[a-z]{2,})(?:/\S*)?$", re.I)
_OFSTED = re.compile(r"\bOfsted\b|Her Majesty.s (?:Chief )?Inspector", re.I)
_JOINT = re.compile(r"Care Quality Commission|\bCQC\b|\bHMICFRS\b|\bHMIC\b|HMI Probation|"
                    r"Inspectorate of (?:Constabulary|Probation)", re.I)
_DFE_IMPRINT = re.compile(r"\bDFE-\d{5}-\d{4}\b|enquiries www\.education\.gov\.uk|@educationgovuk|"
                          r"published by the department for education", re.I)
_SMALL = {"and", "of", "the", "for", "in"}


def infer_publisher(text: str, kind: str | None, link: str | None) -> str | None:
    """The body that issued the document: the saved page's site, an inspectorate, the DfE's
    imprint, an 'issued by' line, or a partnership, board or site named on its cover."""
    head, tail = text[:4000], text[-4000:]
    found = _from_site(link) if link else None
    if found:
        return found
    if kind == "inspection" and _OFSTED.search(head + tail):
        return "Ofsted (joint inspection)" if _JOINT.search(head) else "Ofsted"
    if _DFE_IMPRINT.search(tail):
        return "Department for Education"
    return _issued_by(tail) or _on_the_cover(head)


def _lines(text: str) -> list[str]:
    return [" ".join(re.sub(r"[#*]", " ", line).split()) for line in text.splitlines() if line.strip()]


def _issued_by(tail: str) -> str | None:
    """'This report is issued by:' and the council or partnership in the lines after it."""
    lines = _lines(tail)
    for i, line in enumerate(lines):
        match = _ISSUED_BY.search(line)
        if not match:
            continue
        if match.group(1):
            return _named(match.group(1))
        body = next((b for b in map(_body, lines[i + 1:i + 9]) if b and "in care" not in b.lower()), None)
        if body:
            return body
    return None


def _body(line: str) -> str | None:
    """The line is the name of a partnership, board or council, and nothing else."""
    match = _BODY_LINE.match(_named(line))
    return _named(match.group(1)) if match else None


def _on_the_cover(head: str) -> str | None:
    """A partnership or board printed as a line of its own on the cover, or the site's address."""
    for line in _lines(head)[:12]:
        body = _body(line)
        if body and not line.lower().startswith("dear"):
            return body
        address = _ADDRESS_LINE.match(line)
        if address and "." in address.group(1):
            found = _from_site("https://" + address.group(1))
            if found:
                return found
    return None


def _from_site(link: str) -> str | None:
    """The owner of a web address, where the site is plainly one body's own."""
    host = (urllib.parse.urlsplit(link if "//" in link else "//" + link).hostname or "").lower()
    host = host.removeprefix("www.")
    data = _data()
    for domain, name in data["domains"].items():
        if host == domain or host.endswith("." + domain):
            return str(name)
    first = host.split(".")[0]
    for site in data["partnership_sites"]:
        place = first.removesuffix(site["suffix"])
        if place != first and place.isalpha() and len(place) >= 3:
            return str(site["name"]).format(place=place.capitalize())
    return None


def _named(name: str) -> str:
    """A body's name as it is written, in title case when the cover printed it in capitals."""
    name = " ".join(name.split()).rstrip(",.")
    if not name.isupper():
        return name
    words = name.lower().split()
    return " ".join(w if w in _SMALL and i else w.capitalize() for i, w in enumerate(words))


@cache
def _data() -> dict:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8")) or {}
    if not isinstance(data.get("domains"), dict) or not isinstance(data.get("partnership_sites"), list):
        raise ValueError(f"{DATA.name}: needs 'domains' (site: name) and 'partnership_sites'")
    return data
