"""Which worker process holds a claim, and whether that worker is still alive.

A worker is named host/pid/start, the start being the process's start time in clock ticks since
boot (Linux /proc), so a pid the system has reused for another process does not count as alive.
Workers on other hosts are not checked: their claims are trusted until they go stale.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path


def _start_ticks(pid: int) -> str:
    """The process's start time from /proc/PID/stat, or '' when there is no such process here."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rpartition(")")[2].split()[19]  # field 22, counted after the command name


def this_worker() -> str:
    return f"{socket.gethostname()}/{os.getpid()}/{_start_ticks(os.getpid())}"


def worker_gone(owner: str) -> bool:
    """True only when the owner ran on this host and is certainly no longer running."""
    host, _, rest = owner.partition("/")
    pid, _, start = rest.partition("/")
    if host != socket.gethostname() or not pid.isdigit() or not Path("/proc/self/stat").exists():
        return False
    return _start_ticks(int(pid)) != start
