"""A fresh process for `reflect bench`: start, answer the prompts on stdin, report on stdout.

Measures what a person waiting for a first answer sees (process start to first answer, imports
included), warm latency at this index size, and this process's peak memory.
"""

from __future__ import annotations

import json
import resource
import sys
import time

STARTED = time.perf_counter()


def main() -> None:
    from ..config import Settings
    from ..reflection import Engine
    from .measure import percentiles

    prompts = json.loads(sys.stdin.read())
    engine = Engine(Settings.from_env())
    engine.ask(prompts[0])
    first = time.perf_counter() - STARTED
    print("first answer", flush=True)  # the parent times process start to this line
    latencies = []
    for prompt in prompts:
        started = time.perf_counter()
        engine.ask(prompt)
        latencies.append((time.perf_counter() - started) * 1000)
    print(json.dumps({"first_answer_seconds": round(first, 2), "ask_ms": percentiles(latencies),
                      "chunks": engine.index_summary()["passages"],
                      "index_type": engine.index_summary()["index_type"],
                      "peak_mb": peak_mb()}))


def peak_mb() -> float:
    """This process's peak resident memory. VmHWM starts afresh at exec, unlike ru_maxrss,
    which keeps the high-water mark of the parent that forked this process."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


if __name__ == "__main__":
    main()
