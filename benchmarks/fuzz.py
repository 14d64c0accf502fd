"""Fuzz ``clean``, ``clean_text`` and ``clean_html`` for a fixed time (issue 13).

    python benchmarks/fuzz.py --minutes 10

Hypothesis generates payloads (``tests/test_properties.py``: text built from hostile pieces,
random text, random bytes) for each entry point in turn and checks the properties of every
result (``check_document``); any failure stops the run with the shrunk example. Printed: the
examples tried per entry point and outcome, the slowest example and the peak RSS of the
process (``VmHWM``).
"""

from __future__ import annotations

import argparse
import collections
import resource
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from test_properties import PAYLOADS, check_document

ENTRIES = ("clean", "clean_text", "clean_html")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--batch", type=int, default=200, help="examples per Hypothesis run")
    args = parser.parse_args()
    outcomes: collections.Counter[tuple[str, str]] = collections.Counter()
    slowest = (0.0, "", b"")
    started = time.perf_counter()
    end = started + args.minutes * 60

    def batch(entry: str) -> None:
        @settings(
            max_examples=args.batch, deadline=None, database=None,
            suppress_health_check=list(HealthCheck),
        )  # fmt: skip
        @given(PAYLOADS)
        def run(payload: str | bytes) -> None:
            nonlocal slowest
            began = time.perf_counter()
            outcomes[(entry, check_document(payload, entry))] += 1
            took = time.perf_counter() - began
            if took > slowest[0]:
                slowest = (took, entry, payload)

        run()

    for round_ in range(10**9):
        batch(ENTRIES[round_ % len(ENTRIES)])
        if time.perf_counter() > end:
            break
    elapsed = time.perf_counter() - started
    total = sum(outcomes.values())
    print(f"{total:,} examples in {elapsed / 60:.1f} min, no failure")
    print(f"{'entry':<12} {'outcome':<16} {'examples':>9}")
    for (entry, outcome), count in sorted(outcomes.items()):
        print(f"{entry:<12} {outcome:<16} {count:>9,}")
    took, entry, payload = slowest
    shown = repr(payload[:60])
    print(f"slowest: {entry} {took * 1000:.0f} ms on {len(payload):,} chars/bytes: {shown}")
    print(f"peak RSS: {_peak_rss_mb():.0f} MB")


def _peak_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
