"""The hostile inputs of issue 13, each cleaned in its own subprocess: outcome, time, peak RSS.

    python benchmarks/hostile.py            # all cases
    python benchmarks/hostile.py --only ab-cd-lines

Each case runs in a fresh interpreter (``--worker``) that builds its input, calls one entry
point and reports the outcome (the format read, or the exception's name), the seconds of the
call and the process's peak RSS (``VmHWM``). A case passes when the outcome is the documented
one, the peak RSS is within the bound of issue 13 (20x the input + 150 MB) and, with a
``max_seconds`` budget, the call ended within twice the budget.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    name: str
    entry: str
    build: Callable[[], str | bytes]
    expected: str
    options: tuple[tuple[str, Any], ...] = ()


CASES = [
    Case("doctype-comments", "clean", lambda: "<!---->" * 40 + "x", "text"),
    Case("comments-1e5", "clean", lambda: "<!---->" * 14_000 + "x", "text"),
    Case("title-spaces", "clean_text", lambda: "a" + " " * 40_000 + "b\nThe council met.", "text"),
    Case("text-max-bytes", "clean_text", lambda: "ab cd\n" * 10_000, "BudgetExceeded",
         (("max_bytes", 1000),)),
    Case("text-max-seconds", "clean_text", lambda: "ab cd\n" * 10**6, "BudgetExceeded",
         (("max_seconds", 1.0),)),
    Case("html-max-seconds", "clean_html", lambda: "<p>x</p>" * 10**6, "BudgetExceeded",
         (("max_seconds", 1.0),)),
    Case("auto-max-seconds", "clean", lambda: "<p>x</p>" * 10**6, "BudgetExceeded",
         (("max_seconds", 1.0),)),
    Case("ab-cd-lines", "clean_text", lambda: "ab cd\n" * 10**6, "text"),
    Case("p-x-paragraphs", "clean_html", lambda: "<p>x</p>" * 10**6, "html"),
    Case("one-5mb-line", "clean_text", lambda: "word " * 10**6, "text"),
    Case("nested-divs", "clean_html", lambda: "<div>" * 100_000 + "x", "html"),
    Case("windows-874", "clean_html", lambda: b"\xa0\t\t\xa4", "html"),
    Case("surrogates", "clean_text", lambda: "caf\udce9 \ud800 text\n" * 1000, "text"),
    Case("binary", "clean_text", lambda: bytes(range(256)) * 100, "InputError"),
]  # fmt: skip


def worker(name: str) -> None:
    import declutter

    case = next(case for case in CASES if case.name == name)
    payload = case.build()
    size = len(payload.encode("utf-8", "surrogatepass") if isinstance(payload, str) else payload)
    started = time.perf_counter()
    try:
        result = getattr(declutter, case.entry)(payload, **dict(case.options))
        _ = result.text
        outcome = result.format.value
    except Exception as error:
        outcome = type(error).__name__
    seconds = time.perf_counter() - started
    print(json.dumps({"size": size, "outcome": outcome, "seconds": seconds, "rss": _peak_rss()}))


def _peak_rss() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--only", action="append", help="run only this case (repeatable)")
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return
    print(f"{'input':<18} {'size':>10} {'outcome':<15} {'seconds':>8} {'peak RSS':>9} "
          f"{'bound':>8} {'result':<6}")  # fmt: skip
    failed = 0
    for case in CASES:
        if args.only and case.name not in args.only:
            continue
        run = subprocess.run(
            [sys.executable, __file__, "--worker", case.name], capture_output=True, text=True
        )
        if run.returncode != 0:
            print(f"{case.name:<18} worker failed: {run.stderr.strip().splitlines()[-1:]}")
            failed += 1
            continue
        row = json.loads(run.stdout)
        bound = 20 * row["size"] + 150 * MB
        budget = dict(case.options).get("max_seconds")
        ok = (
            row["outcome"] == case.expected
            and row["rss"] <= bound
            and (budget is None or row["seconds"] <= 2 * budget)
        )
        failed += not ok
        print(
            f"{case.name:<18} {row['size']:>10,} {row['outcome']:<15} {row['seconds']:>8.2f} "
            f"{row['rss'] / MB:>7.0f}MB {bound / MB:>6.0f}MB {'pass' if ok else 'FAIL':<6}"
        )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
