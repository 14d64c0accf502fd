"""Throughput and memory of ``declutter dump`` on large WARC and JSON Lines dumps.

    python benchmarks/dump.py                           # quick: a 0.05 GB dump
    python benchmarks/dump.py --size-gb 1 2             # the targets: 1 GB and 2 GB dumps
    python benchmarks/dump.py --size-gb 0.2 --formats warc --jobs 1 2 --site-templates

For each size, the shared pages (AEB and WCXB, ``benchmarks/datasets.py``) are copied until
their HTML adds up to the size, with URLs spread over ``--hosts`` hosts (copy ``c`` of a
page of original site ``s`` goes to host ``(s + 37 c) mod hosts``, so a host holds pages of
a few sites and their templates repeat). They are written once, under ``--work``, as a
WARC (``dump.warc.gz``, one gzip member per record, a request record before each response)
and as JSON Lines (``dump.jsonl.gz``, fields ``id``, ``url``, ``html``).

Each dump is then cleaned by ``declutter dump`` in a subprocess for each ``--jobs`` value,
while the RSS of its whole process tree (the command, the fork server and the workers) is
sampled every 0.05 s. Reported: documents per second, MB/s of HTML, the speed-up over
``--jobs 1``, the peak RSS, and the records check (records read = written + failed = the
records built); then the CPU accounting of each run (the main process, its start-up before
the fork, the workers, per document; the load average before and after; the cores actually
free just before the run, from a 0.5 s busy loop per core) and the speed-up its CPU times
imply on free cores, the figure to read on a shared machine. ``--repeat`` runs the
``--jobs`` list several times, alternating. ``--loop`` also times the library on the same
records in this process (``Cleaner.clean_html`` in a loop over the WARC's records, output
discarded), to compare with the dump's single-job throughput: the dump's overhead (reading,
pickling, JSON, gzip).
Outputs of the ``--jobs`` runs are compared byte for byte. See ``docs/dump.md``.

``--datatrove [VARIANT ...]`` also cleans each dump with datatrove pipelines (its
``JsonlReader`` or ``WarcReader`` -> a cleaning step -> ``JsonlWriter``, one task; the
variants of the step: ``sandbox``, the default, is ``DeclutterExtractor()``; ``inprocess``
and ``bare`` in ``benchmarks/dump_datatrove.py``), ``--repeat`` rounds of a ``declutter dump
--jobs 1`` run and one run per variant in rotating order, and prints docs/s per job for
both, the step's own docs/s (its time in datatrove's stats), the wall and CPU ratios per
pair with their median and range, with two sizes the CPU per extra document (the slope, free
of start-up costs), and how many of the pipeline's texts equal the dump's
(``docs/datatrove.md``)::

    python benchmarks/dump.py --datatrove --jobs --repeat 4 --no-loop
    python benchmarks/dump.py --size-gb 0.05 0.2 --formats jsonl --datatrove sandbox bare \\
        --jobs --repeat 3 --no-loop   # the block's cost over bare glue, per extra document
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import resource
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from benchmarks import datasets
from benchmarks.dump_datatrove import (
    VARIANTS,
    PipelineRun,
    format_pairs,
    run_pipeline,
    same_texts,
)

WORK = Path(__file__).resolve().parent / ".cache" / "dump"
#: The version of the files ``build`` writes; a cached dump of another version is built again.
#: 2: responses carry ``WARC-Identified-Payload-Type`` as Common Crawl's do (datatrove's
#: WarcReader otherwise guesses the type with libmagic and skips pages it takes for text).
LAYOUT = 2
_CODE = "import sys; from declutter.cli import main; sys.argv[0] = 'declutter'; main()"


@dataclass
class Built:
    """A dump written for one size: its files, record count and HTML bytes."""

    size_gb: float
    records: int
    html_bytes: int
    warc: Path
    jsonl: Path
    hosts: int


@dataclass
class Run:
    """One ``declutter dump`` run."""

    size_gb: float
    format: str
    jobs: int
    seconds: float
    records: int
    written: int
    failed: int
    expected: int
    html_mb: float
    peak_rss_mb: float
    cpu_seconds: float
    main_cpu_seconds: float
    startup_cpu_seconds: float
    load_before: float
    load_after: float
    free_cores: float
    output: str
    templates: bool

    @property
    def docs_per_s(self) -> float:
        return self.records / self.seconds

    @property
    def mb_per_s(self) -> float:
        return self.html_mb / self.seconds

    @property
    def records_ok(self) -> bool:
        return self.records == self.written + self.failed == self.expected

    @property
    def worker_cpu_seconds(self) -> float:
        return self.cpu_seconds - self.main_cpu_seconds

    def implied_seconds(self, cores: int) -> float:
        """The wall time this run's CPU time implies on ``cores`` free cores: the main
        process's start-up (before the fork) alone, then the rest spread over the processes
        that can run at once, and never less than the main process's own CPU time."""
        if self.jobs == 1:
            return self.cpu_seconds
        startup = self.startup_cpu_seconds
        spread = (self.cpu_seconds - startup) / min(self.jobs, cores)
        return max(startup + spread, self.main_cpu_seconds)


def build(size_gb: float, hosts: int, work: Path, data: Path) -> Built:
    """Write (or reuse) the WARC and JSON Lines dumps of ``size_gb`` GB of HTML."""
    folder = work / f"{size_gb:g}gb-{hosts}hosts"
    meta = folder / "meta.json"
    warc, jsonl = folder / "dump.warc.gz", folder / "dump.jsonl.gz"
    if meta.exists() and warc.exists() and jsonl.exists():
        info = json.loads(meta.read_text(encoding="utf-8"))
        if info.get("layout") == LAYOUT:
            return Built(size_gb, info["records"], info["html_bytes"], warc, jsonl, hosts)
    folder.mkdir(parents=True, exist_ok=True)
    pages = [page for corpus in datasets.CORPORA for page in datasets.load(corpus, data)]
    sites = {host: index for index, host in enumerate(sorted({p.host for p in pages}))}
    bodies = [page.html_bytes() for page in pages]
    target = int(size_gb * 1e9)
    records = html_bytes = 0
    started = time.perf_counter()
    with open(warc, "wb") as warc_out, gzip.open(jsonl, "wt", encoding="utf-8") as jsonl_out:
        copy = 0
        while html_bytes < target:
            for page, body in zip(pages, bodies, strict=True):
                if html_bytes >= target:
                    break
                host = f"h{(sites[page.host] + 37 * copy) % hosts:03d}.example"
                url = f"https://{host}/{page.corpus}/{page.id}/{copy}"
                warc_out.write(gzip.compress(_request(url), 6, mtime=0))
                warc_out.write(gzip.compress(_response(url, body), 6, mtime=0))
                html = body.decode("utf-8", "replace")
                row = {"id": f"{page.corpus}-{page.id}-{copy}", "url": url, "html": html}
                jsonl_out.write(json.dumps(row, ensure_ascii=False) + "\n")
                records += 1
                html_bytes += len(body)
            copy += 1
    info = {"records": records, "html_bytes": html_bytes, "layout": LAYOUT}
    meta.write_text(json.dumps(info), encoding="utf-8")
    print(
        f"built {folder.name}: {records:,} records, {html_bytes / 1e6:,.0f} MB of HTML, "
        f"WARC {warc.stat().st_size / 1e6:,.0f} MB, JSONL {jsonl.stat().st_size / 1e6:,.0f} MB "
        f"in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    return Built(size_gb, records, html_bytes, warc, jsonl, hosts)


def _record(kind: str, url: str, block: bytes, content_type: str, extra: str = "") -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, kind + url)}>\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n{extra}"
        f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    )
    return head.encode("ascii") + block + b"\r\n\r\n"


def _request(url: str) -> bytes:
    block = f"GET {url} HTTP/1.1\r\nUser-Agent: bench\r\n\r\n".encode("ascii")
    return _record("request", url, block, "application/http; msgtype=request")


def _response(url: str, body: bytes) -> bytes:
    head = (
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode("ascii")
    content_type = "application/http; msgtype=response"
    extra = "WARC-Identified-Payload-Type: text/html\r\n"
    return _record("response", url, head + body, content_type, extra)


def _burn(seconds: float) -> float:
    """Spin for ``seconds`` of CPU time; return the CPU time spent."""
    start = time.process_time()
    while time.process_time() - start < seconds:
        pass
    return time.process_time() - start


def free_cores(seconds: float = 0.5) -> float:
    """How many cores this machine gives us now: one busy loop per core for ``seconds`` of CPU
    each, their CPU time over the wall time they took. The load average does not say it: it
    lags by a minute, and does not see jobs outside this machine's view."""
    import multiprocessing

    cores = os.cpu_count() or 1
    with multiprocessing.get_context("fork").Pool(cores) as pool:
        started = time.perf_counter()
        spent = sum(pool.map(_burn, [seconds] * cores))
        return spent / (time.perf_counter() - started)


class TreeSampler:
    """Peak of the summed RSS of a process and all its descendants, and the CPU time (user +
    system) of the process itself, sampled every 0.05 s; ``startup_cpu`` is the process's CPU
    time when its first child (a worker) was seen: what it spent before forking."""

    def __init__(self, pid: int) -> None:
        import psutil  # type: ignore[import-untyped]

        self._root = psutil.Process(pid)
        self._psutil = psutil
        self.peak = 0
        self.main_cpu = 0.0
        self.startup_cpu: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            try:
                children = self._root.children(recursive=True)
                times = self._root.cpu_times()
                self.main_cpu = times.user + times.system
                if children and self.startup_cpu is None:
                    self.startup_cpu = self.main_cpu
                for process in [self._root, *children]:
                    with contextlib.suppress(self._psutil.Error):
                        total += process.memory_info().rss
            except self._psutil.Error:
                pass
            self.peak = max(self.peak, total)
            self._stop.wait(0.05)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run_dump(built: Built, fmt: str, jobs: int, work: Path, templates: bool) -> Run:
    """One ``declutter dump`` of ``built`` in ``fmt`` with ``jobs`` processes."""
    source = built.warc if fmt == "warc" else built.jsonl
    name = f"{built.size_gb:g}gb-{fmt}-j{jobs}{'-t' if templates else ''}".replace(".", "_")
    out = work / "out" / f"{name}.jsonl.gz"
    out.parent.mkdir(parents=True, exist_ok=True)
    for stale in out.parent.glob(f"{name}.*"):
        stale.unlink()  # an earlier run's output, or what a failed one left
    summary = out.with_name(f"{name}.summary.json")
    log = out.with_name(f"{name}.log")
    args = [str(source), "-o", str(out), "--jobs", str(jobs), "--no-progress"]
    args += ["--summary", str(summary), "--max-failure-rate", "1"]
    if fmt == "jsonl":
        args += ["--field", "html", "--format", "html"]
    if templates:
        args.append("--site-templates")
    free = free_cores()
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(log, "wb") as stderr:
        process = subprocess.Popen([sys.executable, "-c", _CODE, "dump", *args], stderr=stderr)
        sampler = TreeSampler(process.pid)
        code = process.wait()
    seconds = time.perf_counter() - started
    peak = sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
    if code not in (0, 1):
        raise SystemExit(f"declutter dump exited with {code}; see {log}")
    info = json.loads(summary.read_text(encoding="utf-8"))
    return Run(
        size_gb=built.size_gb, format=fmt, jobs=jobs, seconds=seconds,
        records=info["records"], written=info["written"], failed=info["failed"],
        expected=built.records, html_mb=built.html_bytes / 1e6, peak_rss_mb=peak / 1e6,
        cpu_seconds=cpu, main_cpu_seconds=min(sampler.main_cpu, cpu),
        startup_cpu_seconds=sampler.startup_cpu or 0.0, load_before=load_before,
        load_after=os.getloadavg()[0], free_cores=free, output=str(out), templates=templates,
    )  # fmt: skip


def library_loop(built: Built) -> tuple[float, int, float]:
    """Wall seconds to clean the WARC's records with ``Cleaner.clean_html`` in a loop, the
    number of records, and the CPU seconds it took."""
    from declutter import Cleaner
    from declutter.corpus import Corpus, expand_inputs

    cleaner = Cleaner()
    corpus = Corpus(expand_inputs([str(built.warc)]))
    count = 0
    started, cpu = time.perf_counter(), time.process_time()
    for record in corpus:
        cleaner.clean_html(record.payload, url=record.url, encoding=record.charset)
        count += 1
    return time.perf_counter() - started, count, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-gb", type=float, nargs="+", default=[0.05])
    parser.add_argument(
        "--formats", nargs="+", choices=["warc", "jsonl"], default=["warc", "jsonl"]
    )
    parser.add_argument("--jobs", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1, help="run the --jobs list this often")
    parser.add_argument("--hosts", type=int, default=200)
    parser.add_argument("--site-templates", action="store_true", help="dump with --site-templates")
    parser.add_argument("--loop", action=argparse.BooleanOptionalAction, default=True,
                        help="also time the library in a loop on the same records")  # fmt: skip
    parser.add_argument("--datatrove", nargs="*", choices=VARIANTS, metavar="VARIANT",
                        help=f"also datatrove pipelines, against --jobs 1 ({', '.join(VARIANTS)}; "
                        "default: sandbox)")  # fmt: skip
    parser.add_argument("--work", type=Path, default=WORK)
    parser.add_argument("--data", type=Path, default=datasets.DEFAULT_DATA)
    parser.add_argument("--json", type=Path, help="write the results as JSON here")
    args = parser.parse_args()

    runs: list[Run] = []
    loops: dict[float, tuple[float, int, float]] = {}
    identical: dict[str, bool] = {}
    pairs: list[tuple[Run, PipelineRun, tuple[int, int]]] = []
    for size in args.size_gb:
        built = build(size, args.hosts, args.work, args.data)
        for fmt in args.formats:
            done = [
                run_dump(built, fmt, jobs, args.work, args.site_templates)
                for _ in range(args.repeat)
                for jobs in args.jobs
            ]
            runs += done
            if len(done) > 1:
                outputs = {Path(run.output).read_bytes() for run in done}
                identical[f"{size:g}gb-{fmt}"] = len(outputs) == 1
            if args.datatrove is not None:
                variants = args.datatrove or ["sandbox"]
                pairs += datatrove_pairs(built, fmt, args.work, args.repeat, variants)
        if args.loop:
            loops[size] = library_loop(built)

    print(format_report(runs, loops, identical))
    if pairs:
        print("\n".join(format_pairs(pairs)))
    if args.json:
        data = {
            "runs": [
                {
                    **asdict(r),
                    "docs_per_s": r.docs_per_s,
                    "mb_per_s": r.mb_per_s,
                    "implied_seconds": r.implied_seconds(os.cpu_count() or 1),
                }
                for r in runs
            ],
            "library_loop": {
                f"{k:g}": {"seconds": s, "records": n, "cpu_seconds": c}
                for k, (s, n, c) in loops.items()
            },
            "identical_outputs": identical,
            "datatrove_pairs": [
                {"dump": asdict(d), "pipeline": asdict(p), "same_text": s, "compared": n}
                for d, p, (s, n) in pairs
            ],
        }
        args.json.write_text(json.dumps(data, indent=2), encoding="utf-8")


def datatrove_pairs(
    built: Built, fmt: str, work: Path, repeat: int, variants: list[str]
) -> list[tuple[Run, PipelineRun, tuple[int, int]]]:
    """``repeat`` rounds of runs on ``built`` in ``fmt``: ``declutter dump --jobs 1`` and a
    datatrove pipeline per variant, the order rotating from round to round; each pipeline run
    is paired with its round's dump run, and its texts compared with that run's."""
    source = built.warc if fmt == "warc" else built.jsonl
    jobs: list[str | None] = [None, *variants]
    pairs = []
    for index in range(repeat):
        shift = index % len(jobs)
        done: dict[str | None, Any] = {}
        for variant in jobs[shift:] + jobs[:shift]:
            if variant is None:
                done[None] = run_dump(built, fmt, 1, work, False)
            else:
                done[variant] = run_pipeline(built.size_gb, source, fmt, work, variant)
        dump = done[None]
        for variant in variants:
            run = done[variant]
            pairs.append((dump, run, same_texts(Path(dump.output), run)))
    return pairs


def format_report(
    runs: list[Run], loops: dict[float, tuple[float, int, float]], identical: dict[str, bool]
) -> str:
    """The results as a plain-text table with the ratios the targets are about."""
    rows = [
        f"{'size':>6} {'format':6} {'jobs':>4} {'docs':>7} {'seconds':>8} {'docs/s':>8} "
        f"{'MB/s':>7} {'speed-up':>8} {'CPU s':>7} {'peak RSS MB':>11} {'records check':>13}"
    ]
    base: dict[tuple[float, str], Run] = {}
    for run in runs:
        if run.jobs == 1:
            base[(run.size_gb, run.format)] = run
        one = base.get((run.size_gb, run.format))
        speedup = f"{run.docs_per_s / one.docs_per_s:.2f}x" if one else "-"
        check = "ok" if run.records_ok else f"MISMATCH {run.records}/{run.expected}"
        rows.append(
            f"{run.size_gb:>5g}G {run.format:6} {run.jobs:>4} {run.records:>7,} "
            f"{run.seconds:>8.1f} {run.docs_per_s:>8.2f} {run.mb_per_s:>7.2f} {speedup:>8} "
            f"{run.cpu_seconds:>7.1f} {run.peak_rss_mb:>11,.0f} {check:>13}"
        )
    rows += cpu_report(runs)
    for size, (seconds, count, cpu) in loops.items():
        rate, loop_cpu = count / seconds, cpu / count
        rows.append(
            f"library loop, {size:g} GB: {count:,} docs in {seconds:.1f} s = {rate:.2f} docs/s, "
            f"{loop_cpu * 1000:.1f} CPU ms per doc"
        )
        for run in runs:
            if run.size_gb == size:
                per_job = run.docs_per_s / run.jobs
                run_cpu = run.cpu_seconds / max(run.records, 1)
                rows.append(
                    f"  dump {run.format} --jobs {run.jobs}: {per_job:.2f} docs/s per job "
                    f"({per_job / rate:.0%} of the loop); {run_cpu * 1000:.1f} CPU ms per doc "
                    f"(the loop's CPU time is {loop_cpu / run_cpu:.0%} of it)"
                )
    for name, same in identical.items():
        rows.append(f"outputs of the --jobs runs on {name}: {'identical' if same else 'DIFFERENT'}")
    return "\n".join(rows)


def cpu_report(runs: list[Run]) -> list[str]:
    """Where each run's CPU time went (the main process, its start-up before the fork, the
    workers; per document), the load average around it, the cores free just before it
    (``free_cores``), and the speed-up over ``--jobs 1`` that the CPU times imply on free
    cores (``Run.implied_seconds``): on a shared machine the wall-clock speed-up says more
    about the other jobs than about the dump."""
    cores = os.cpu_count() or 1
    rows = [
        f"CPU accounting ({cores} cores): {'size':>6} {'format':6} {'jobs':>4} {'main s':>7} "
        f"{'start-up s':>10} {'workers s':>9} {'main ms/doc':>11} {'workers ms/doc':>14} "
        f"{'load':>9} {'free cores':>10} {'implied s':>9} {'implied speed-up':>16}"
    ]
    base: dict[tuple[float, str], Run] = {}
    for run in runs:
        if run.jobs == 1:
            base[(run.size_gb, run.format)] = run
        one = base.get((run.size_gb, run.format))
        implied = run.implied_seconds(cores)
        speedup = f"{one.implied_seconds(cores) / implied:.2f}x" if one else "-"
        docs = max(run.records, 1)
        rows.append(
            f"{'':>27}{run.size_gb:>5g}G {run.format:6} {run.jobs:>4} "
            f"{run.main_cpu_seconds:>7.2f} {run.startup_cpu_seconds:>10.2f} "
            f"{run.worker_cpu_seconds:>9.2f} {run.main_cpu_seconds / docs * 1000:>11.2f} "
            f"{run.worker_cpu_seconds / docs * 1000:>14.2f} "
            f"{run.load_before:>4.1f}/{run.load_after:<4.1f} {run.free_cores:>10.2f} "
            f"{implied:>9.2f} {speedup:>16}"
        )
    return rows


if __name__ == "__main__":
    main()
