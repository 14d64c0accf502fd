"""Single-core throughput and peak memory of declutter next to its peers, same pages, same run.

    python benchmarks/speed.py --mode text --corpus aeb --repeat 5
    python benchmarks/speed.py --mode html --corpus aeb --repeat 3

Text mode times the cleaning of already-flattened text (``html_text`` output, cached); HTML mode
times extraction from the decoded HTML. Every system gets a warm-up pass, then ``--repeat``
timed passes over all pages; the passes of the systems are interleaved (round-robin) so that a
busy machine slows them alike. Throughput is ``time.perf_counter`` wall time of the median pass
(and of the best one). Peak memory: each system runs one pass in its own subprocess
(``--worker``), which reports its peak RSS (``VmHWM``; ``ru_maxrss`` where there is no
``/proc``) after importing and loading the pages (the idle figure) and after the pass; the
delta is what the system itself needs.

``declutter`` runs the compiled core (skipped with the reason when it is not built);
``declutter-pure`` the pure-Python reference path, in the same run. ``--instructions`` also
counts, with callgrind, the instructions each system executes per document over the first
``--instructions-pages`` pages (a worker runs once with that many pages and once with none;
the difference divided by the pages), a figure that does not move with the machine's load.
Both runs first warm up on every page of the corpus, so the figure is the steady state of a
long crawl: first-use costs (a language's word tables, built the first time a page in that
language comes, compiled patterns) are paid in the warm-up. AEB has pages in 10 languages, 159
of its 181 pages in English; warmed on 3 pages only, declutter's text figure was a third higher.
No system keeps a cache of page text; declutter's HTML walk keeps one of class attribute
values (bounded), which the pages of a site share.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from benchmarks import datasets, environment, systems
from benchmarks.quality import format_table

TEXT_SYSTEMS = ("declutter", "declutter-pure", "c4", "c4-lines", "regex-loop")
HTML_SYSTEMS = (
    "declutter",
    "declutter-pure",
    "trafilatura",
    "readability",
    "resiliparse",
    "html_text",
    "justext",
    "selectolax",
)
REFERENCE = {"text": "c4", "html": "resiliparse"}
WARM_UP_PAGES = 20
_TERMINAL = re.compile(r"[.!?\"']\s*$")


def build(mode: str, name: str) -> systems.System:
    """The system ``name`` as timed here (raises ``systems.Unavailable`` when it cannot run)."""
    if name == "declutter":
        return systems.declutter_compiled(mode)
    if name == "declutter-pure":
        return systems.declutter_pure(mode)
    if mode == "text":
        extra: dict[str, Callable[[], systems.System]] = {
            "c4": systems.c4_default,
            "c4-lines": lambda: systems.text_system("c4"),
            "regex-loop": _regex_loop,
        }
        return extra[name]() if name in extra else systems.text_system(name)
    if name == "selectolax":
        return _selectolax()
    return systems.html_system(name)


def _regex_loop() -> systems.System:
    """The floor: split lines, keep those one regex accepts."""
    return lambda text: "\n".join(line for line in text.split("\n") if _TERMINAL.search(line))


def _selectolax() -> systems.System:
    """The parsing floor: selectolax (lexbor) parse plus ``text()``."""
    from selectolax.lexbor import LexborHTMLParser

    return lambda html: str(LexborHTMLParser(html).text(separator="\n"))


def load_inputs(mode: str, corpus: str, data: Path, limit: int) -> list[str]:
    """The texts (text mode: html_text-flattened) or HTML of the corpus's pages."""
    pages = datasets.load(corpus, data)
    pages = pages[:limit] if limit else pages
    if mode == "text":
        return [datasets.flattened(page, "html_text") for page in pages]
    return [page.html() for page in pages]


def one_pass(system: systems.System, inputs: Sequence[str]) -> tuple[float, int]:
    """Wall seconds for one pass over ``inputs`` and the number of pages that raised."""
    failures = 0
    start = time.perf_counter()
    for item in inputs:
        try:
            system(item)
        except Exception as exc:
            if not failures:
                name = getattr(system, "__name__", system)
                print(f"{name}: first failure: {type(exc).__name__}: {exc}", file=sys.stderr)
            failures += 1
    return time.perf_counter() - start, failures


@dataclass
class Timing:
    """All timed passes of one system."""

    name: str
    passes: list[float]
    failures: int

    def median(self) -> float:
        return statistics.median(self.passes)

    def best(self) -> float:
        return min(self.passes)


def time_systems(
    built: dict[str, systems.System], inputs: Sequence[str], repeat: int
) -> list[Timing]:
    """Warm each system up, then time ``repeat`` interleaved passes of each."""
    for system in built.values():
        one_pass(system, inputs[:WARM_UP_PAGES])
    timings = {name: Timing(name, [], 0) for name in built}
    for _ in range(repeat):
        for name, system in built.items():
            seconds, failures = one_pass(system, inputs)
            timings[name].passes.append(seconds)
            timings[name].failures = failures
    return list(timings.values())


def memory(args: argparse.Namespace, name: str) -> dict[str, float]:
    """Peak RSS (MiB) of ``name`` run in a fresh subprocess: idle, after one pass, delta."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        *_worker_arguments(args, name),
        "--limit",
        str(args.limit),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"memory worker for {name} failed: {done.stderr.strip()[-300:]}", file=sys.stderr)
        return {}
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def instructions(args: argparse.Namespace, name: str) -> float | None:
    """Instructions per document of ``name`` (callgrind), or ``None`` when valgrind fails."""
    counts = []
    for pages in (args.instructions_pages, 0):
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "callgrind.out"
            command = [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={out}",
                sys.executable,
                str(Path(__file__).resolve()),
                *_worker_arguments(args, name),
                "--limit",
                "0",
                "--pass-pages",
                str(pages),
            ]
            # One BLAS thread: under valgrind an idle OpenBLAS thread is scheduled with the
            # main one and adds instructions in proportion to the run's length.
            environment = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
            done = subprocess.run(
                command, capture_output=True, text=True, check=False, env=environment
            )
            match = re.search(r"Collected : (\d+)", done.stderr)
            if done.returncode != 0 or match is None:
                print(f"callgrind for {name} failed: {done.stderr[-300:]}", file=sys.stderr)
                return None
            counts.append(int(match[1]))
    return (counts[0] - counts[1]) / args.instructions_pages


def _worker_arguments(args: argparse.Namespace, name: str) -> list[str]:
    return [
        "--worker",
        name,
        "--mode",
        args.mode,
        "--corpus",
        args.corpus,
        "--data",
        str(args.data),
    ]


def worker(args: argparse.Namespace) -> int:
    """Subprocess body: report ``ru_maxrss`` before and after one pass of one system.

    With ``--pass-pages N`` (callgrind runs): warm up on every page loaded, then clean the first
    N pages (none for the baseline run).
    """
    inputs = load_inputs(args.mode, args.corpus, args.data, args.limit)
    system = build(args.mode, args.worker)
    if args.pass_pages is not None:
        one_pass(system, inputs)
        one_pass(system, inputs[: args.pass_pages])
        return 0
    idle = _max_rss_mib()
    one_pass(system, inputs)
    peak = _max_rss_mib()
    print(json.dumps({"idle": idle, "peak": peak, "delta": peak - idle}))
    return 0


def _max_rss_mib() -> float:
    """This process's peak RSS in MiB.

    ``ru_maxrss`` survives ``execve`` on Linux: a worker started from this (larger) process
    would report the parent's peak. The kernel's per-address-space high-water mark
    (``VmHWM``) starts afresh at exec, so it is read first; ``ru_maxrss`` is the fallback.
    """
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        status = ""
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    kib = int(match[1]) if match else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024


def table(
    timings: Sequence[Timing],
    inputs: Sequence[str],
    mems: dict[str, dict[str, float]],
    ref: str,
    counts: dict[str, float | None] | None = None,
) -> str:
    """The printed speed table; ``ratio`` is the median throughput over ``ref``'s."""
    megabytes = sum(len(item.encode("utf-8")) for item in inputs) / 1e6
    by_name = {t.name: t for t in timings}
    ref_rate = len(inputs) / by_name[ref].median() if ref in by_name else 0.0
    header = ["system", "docs/s", "MB/s", "best MB/s", f"x {ref}", "failed"]
    header += ["peak RSS MiB", "RSS delta MiB"]
    if counts is not None:
        header.append("M instr/doc")
    rows = []
    for timing in timings:
        rate = len(inputs) / timing.median()
        mem = mems.get(timing.name, {})
        rows.append(
            [
                timing.name,
                f"{rate:.1f}",
                f"{megabytes / timing.median():.2f}",
                f"{megabytes / timing.best():.2f}",
                f"{rate / ref_rate:.2f}" if ref_rate else "-",
                str(timing.failures),
                f"{mem['peak']:.0f}" if mem else "-",
                f"{mem['delta']:.0f}" if mem else "-",
            ]
        )
        if counts is not None:
            count = counts.get(timing.name)
            rows[-1].append(f"{count / 1e6:.1f}" if count is not None else "-")
    return format_table(header, rows)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=("text", "html"), required=True)
    parser.add_argument("--data", type=Path, default=datasets.DEFAULT_DATA)
    parser.add_argument("--corpus", choices=datasets.CORPORA, default="aeb")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--limit", type=int, default=0, help="first N pages only")
    parser.add_argument("--systems", default="", help="comma-separated subset")
    parser.add_argument("--no-memory", action="store_true", help="skip the RSS subprocesses")
    parser.add_argument(
        "--instructions", action="store_true", help="callgrind instructions per document"
    )
    parser.add_argument("--instructions-pages", type=int, default=60)
    parser.add_argument("--json", type=Path, help="also write the figures here (report_page.py)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--pass-pages", type=int, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        return worker(args)
    known = TEXT_SYSTEMS if args.mode == "text" else HTML_SYSTEMS
    names = [n for n in args.systems.split(",") if n] or list(known)
    started = environment.snapshot()
    inputs = load_inputs(args.mode, args.corpus, args.data, args.limit)
    built = {}
    for name in names:
        try:
            built[name] = build(args.mode, name)
        except systems.Unavailable as exc:
            print(f"skipping {name}: {exc}", file=sys.stderr)
    timings = time_systems(built, inputs, args.repeat)
    mems = {} if args.no_memory else {name: memory(args, name) for name in built}
    counts = {name: instructions(args, name) for name in built} if args.instructions else None
    megabytes = sum(len(item.encode("utf-8")) for item in inputs) / 1e6
    unit = "html_text-flattened text" if args.mode == "text" else "decoded HTML"
    print(
        f"== {args.corpus}: {len(inputs)} pages, {megabytes:.1f} MB of {unit} (UTF-8), "
        f"{args.mode} mode, median of {args.repeat} passes, 1 core"
    )
    print(table(timings, inputs, mems, REFERENCE[args.mode], counts))
    print(notes(args.mode, timings, len(inputs)))
    one_line = one_line_costs(built) if args.mode == "text" else {}
    if one_line:
        print("one-line document: " + ", ".join(f"{k} {v:.3f} ms" for k, v in one_line.items()))
    if args.json:
        figures = results(timings, inputs, mems, REFERENCE[args.mode], counts)
        payload = {
            "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
            "environment": environment.finish(started),
            "corpus": args.corpus,
            "mode": args.mode,
            "pages": len(inputs),
            "megabytes": megabytes,
            "unit": unit,
            "reference": REFERENCE[args.mode],
            "systems": figures,
            "one_line_ms": one_line,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(payload, indent=1), encoding="utf-8")
    return 0


def results(
    timings: Sequence[Timing],
    inputs: Sequence[str],
    mems: dict[str, dict[str, float]],
    ref: str,
    counts: dict[str, float | None] | None,
) -> list[dict[str, object]]:
    """The figures of ``table`` as records, plus every pass's seconds (for ``--json``)."""
    megabytes = sum(len(item.encode("utf-8")) for item in inputs) / 1e6
    by_name = {t.name: t for t in timings}
    ref_rate = len(inputs) / by_name[ref].median() if ref in by_name else 0.0
    rows: list[dict[str, object]] = []
    for timing in timings:
        rate = len(inputs) / timing.median()
        rows.append(
            {
                "system": timing.name,
                "docs_per_s": rate,
                "mb_per_s": megabytes / timing.median(),
                "best_mb_per_s": megabytes / timing.best(),
                "ratio_to_reference": rate / ref_rate if ref_rate else None,
                "failures": timing.failures,
                "passes_s": timing.passes,
                "memory_mib": mems.get(timing.name, {}),
                "instructions_per_doc": (counts or {}).get(timing.name),
            }
        )
    return rows


ONE_LINE = "The council met on Monday, and it agreed the budget after a long debate."


def one_line_costs(built: dict[str, systems.System], calls: int = 2000) -> dict[str, float]:
    """Milliseconds per call on a one-line document (best of 5 rounds), per system: the fixed
    cost of a call, which dominates on short records."""
    costs = {}
    for name, system in built.items():
        system(ONE_LINE)
        best = min(_seconds(system, calls) for _ in range(5))
        costs[name] = best / calls * 1e3
    return costs


def _seconds(system: systems.System, calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        system(ONE_LINE)
    return time.perf_counter() - start


def notes(mode: str, timings: Sequence[Timing], pages: int) -> str:
    """Ratios and caveats printed under the table."""
    rate = {t.name: pages / t.median() for t in timings}
    lines = []
    if mode == "text":
        lines.append(
            "c4 = datatrove C4QualityFilter, default settings (spaCy sentence count); "
            "c4-lines = its line rules only, as scored by quality.py; "
            "regex-loop = split lines and test one regex."
        )
    else:
        lines.append("selectolax = lexbor parse + text(), the parsing floor.")
    for ours in ("declutter", "declutter-pure"):
        for ref in ("c4", "c4-lines") if mode == "text" else ("resiliparse", "trafilatura"):
            if ours in rate and ref in rate:
                lines.append(f"{ours} / {ref} throughput: {rate[ours] / rate[ref]:.2f}")
    if "declutter" in rate and "declutter-pure" in rate:
        lines.append(
            f"compiled core / pure Python: {rate['declutter'] / rate['declutter-pure']:.2f}"
        )
    lines.append("RSS: idle = after imports and loading the pages; delta = one pass over that.")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
