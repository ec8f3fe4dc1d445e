"""Known vulnerabilities in the locked dependencies, from PyPI's advisory data (as pip-audit's
default service), over the only network this project may use: the package registry.

For each pin, PyPI's per-version JSON lists the advisories (PYSEC/GHSA/CVE) affecting exactly
that release. Where the registry answers only the per-project JSON (as the mirror on the
development machines does), that lists the advisories of the latest release alone: a pin at the
latest release is audited in full, an older pin is reported as not audited, with whatever
advisories the latest release still carries.

Exit status: 1 when a pinned release has a known vulnerability; 0 otherwise, including when the
registry cannot be reached (said loudly: an audit that could not run is not a failed one).
"""

from __future__ import annotations

import json
import re
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PYPI = "https://pypi.org/pypi"
PIN = re.compile(r"^\s*([A-Za-z0-9._-]+)(?:\[[^\]]*\])?\s*==\s*([^\s;#\\]+)")


def pins(lock: Path, extra: list[str]) -> list[tuple[str, str]]:
    found = []
    for line in [*lock.read_text().splitlines(), *extra]:
        match = PIN.match(line)
        if match:
            found.append((re.sub(r"[-_.]+", "-", match[1]).lower(), match[2]))
    return found


def fetch(url: str) -> dict | None:
    """The JSON at url; None when PyPI has no such page; OSError after three failed tries."""
    for attempt in range(3):
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return json.load(response)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            error: OSError = exc
        except OSError as exc:
            error = exc
    raise error


def advisories(data: dict) -> list[str]:
    """One line per advisory (PYSEC and GHSA copies of one advisory counted once)."""
    seen: set[str] = set()
    lines = []
    for item in data.get("vulnerabilities", []):
        names = {item["id"], *item.get("aliases", [])}
        if item.get("withdrawn") or names & seen:
            continue
        seen |= names
        lines.append(f"{','.join(sorted(names))} fixed in {', '.join(item.get('fixed_in') or ['?'])}")
    return lines


def audit(name: str, version: str) -> tuple[str, list[str]]:
    """('vulnerable' | 'clean' | 'not audited', details) for one pin."""
    exact = fetch(f"{PYPI}/{name}/{version}/json")
    if exact is not None:
        found = advisories(exact)
        return ("vulnerable" if found else "clean"), found
    project = fetch(f"{PYPI}/{name}/json")
    if project is None:
        return "not audited", ["not on PyPI"]
    latest = project["info"]["version"]
    found = advisories(project)
    if latest == version:
        return ("vulnerable" if found else "clean"), found
    return "not audited", [f"pinned {version}, latest {latest}; only the latest's advisories are "
                           "published here"] + [f"in the latest: {line}" for line in found]


def main(argv: list[str]) -> int:
    lock, extra = Path(argv[0]), argv[1:]
    wanted = pins(lock, extra)
    try:
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(lambda pin: (pin, *audit(*pin)), wanted))
    except OSError as exc:
        print(f"DEPENDENCY AUDIT NOT RUN: PyPI could not be reached ({exc}).", file=sys.stderr)
        return 0
    counts: dict[str, int] = {}
    for (name, version), verdict, details in results:
        counts[verdict] = counts.get(verdict, 0) + 1
        if verdict != "clean":
            print(f"{verdict:>12}  {name}=={version}")
            for line in details:
                print(f"{'':>14}{line}")
    print(f"dependency audit: {len(wanted)} pins; " + ", ".join(
        f"{n} {verdict}" for verdict, n in sorted(counts.items())))
    return 1 if counts.get("vulnerable") else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
