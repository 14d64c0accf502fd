"""The datatrove side of ``benchmarks/dump.py --datatrove``: the same dump cleaned by a
datatrove pipeline (``JsonlReader``/``WarcReader`` -> cleaning step -> ``JsonlWriter``, one
task), timed like a ``declutter dump --jobs 1`` run, with the cleaning step's own time from
datatrove's stats and the texts compared with the dump's, record by record.

The cleaning step is one of ``VARIANTS``: ``sandbox``, ``DeclutterExtractor()`` as the docs
show it (in datatrove's extractor sandbox); ``inprocess``, ``DeclutterExtractor(sandbox=False)``;
``bare``, the least glue a user could write instead of the block (``Cleaner.clean`` on each
document's text, nothing else: no sandbox, no stats, no metadata), the floor that shows what
the block itself costs on top of datatrove's reader and writer.
"""

from __future__ import annotations

import gzip
import json
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
_CODE = "import sys; from benchmarks.dump_datatrove import pipeline; pipeline(*sys.argv[1:])"
VARIANTS = ("sandbox", "inprocess", "bare")
_STEP_NAMES = {"sandbox": "🧹 declutter", "inprocess": "🧹 declutter", "bare": "bare Cleaner.clean"}


@dataclass
class PipelineRun:
    """One datatrove pipeline run on a dump."""

    size_gb: float
    format: str
    variant: str
    seconds: float
    cpu_seconds: float
    records: int
    forwarded: int
    failed: int
    block_seconds: float
    output: str

    @property
    def docs_per_s(self) -> float:
        return self.records / self.seconds

    @property
    def block_docs_per_s(self) -> float:
        return self.records / self.block_seconds


def pipeline(source: str, fmt: str, out: str, logs: str, variant: str = "sandbox") -> None:
    """Run the pipeline on ``source`` (a ``.warc.gz`` or ``.jsonl.gz`` with the HTML in
    ``html``) into the folder ``out``, one task, in this process, with the cleaning step of
    ``variant``."""
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader, WarcReader
    from datatrove.pipeline.writers import JsonlWriter

    from declutter.datatrove import DeclutterExtractor

    path = Path(source)
    reader = (
        WarcReader(str(path.parent), glob_pattern=path.name)
        if fmt == "warc"
        else JsonlReader(str(path.parent), glob_pattern=path.name, text_key="html")
    )
    cleaning = (
        _bare_step() if variant == "bare" else DeclutterExtractor(sandbox=variant == "sandbox")
    )
    steps = [reader, cleaning, JsonlWriter(out)]
    LocalPipelineExecutor(steps, tasks=1, workers=1, logging_dir=logs).run()


def _bare_step() -> Any:
    """The ``bare`` cleaning step: ``Cleaner.clean`` in a loop, counting documents only."""
    from datatrove.pipeline.base import PipelineStep

    from declutter import Cleaner
    from declutter.datatrove import BLOCK_CONFIG

    class BareCleaner(PipelineStep):  # type: ignore[misc]
        name = _STEP_NAMES["bare"]

        def run(self, data: Any, rank: int = 0, world_size: int = 1) -> Any:
            cleaner = Cleaner(BLOCK_CONFIG)
            for doc in data:
                self.stat_update("total")
                with self.track_time():
                    url = doc.metadata.get("url")
                    doc.text = cleaner.clean(doc.text, format="html", url=url).text
                if doc.text:
                    self.stat_update("forwarded")
                    yield doc

    return BareCleaner()


def run_pipeline(
    size_gb: float, source: Path, fmt: str, work: Path, variant: str = "sandbox"
) -> PipelineRun:
    """Run ``pipeline`` in a subprocess; its wall and CPU time (the sandbox child's
    included), the cleaning step's counts and its own time from datatrove's stats."""
    name = f"{size_gb:g}gb-{fmt}-datatrove-{variant}".replace(".", "_")
    out, logs = work / "out" / name, work / "out" / f"{name}.logs"
    for folder in (out, logs):
        if folder.exists():
            for stale in sorted(folder.rglob("*"), reverse=True):
                stale.unlink() if stale.is_file() else stale.rmdir()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    command = [sys.executable, "-c", _CODE, str(source), fmt, str(out), str(logs), variant]
    with open(work / "out" / f"{name}.log", "wb") as stderr:
        code = subprocess.call(command, cwd=ROOT, stderr=stderr)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if code != 0:
        raise SystemExit(f"the datatrove pipeline exited with {code}; see {name}.log")
    cpu = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
    stats = _step_stats(logs, _STEP_NAMES[variant])
    counts = {label: _total(value) for label, value in stats["stats"].items()}
    failed = sum(
        counts.get(k, 0) for k in ("timeout", "too_large", "broken_process", "clean_error")
    )
    return PipelineRun(
        size_gb=size_gb, format=fmt, variant=variant, seconds=seconds, cpu_seconds=cpu,
        records=int(counts.get("total", 0)), forwarded=int(counts.get("forwarded", 0)),
        failed=int(failed),
        block_seconds=_total(stats["time_stats"]), output=str(out),
    )  # fmt: skip


def _step_stats(logs: Path, name: str) -> dict[str, Any]:
    steps = json.loads((logs / "stats.json").read_text(encoding="utf-8"))
    [step] = [s for s in steps if s["name"].endswith(name)]
    return step  # type: ignore[no-any-return]


def _total(value: Any) -> float:
    return float(value["total"] if isinstance(value, dict) else value)


def same_texts(dump_output: Path, run: PipelineRun) -> tuple[int, int]:
    """How many of the pipeline's documents have the text the dump wrote for the same id,
    out of how many it wrote (the dump also writes records left without text, which the
    extractor drops)."""
    with gzip.open(dump_output, "rt", encoding="utf-8") as lines:
        texts = {record["id"]: record["text"] for record in map(json.loads, lines)}
    same = total = 0
    for path in sorted(Path(run.output).glob("*.jsonl*")):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for doc in map(json.loads, lines):
                total += 1
                same += texts.get(doc["id"]) == doc["text"]
    return same, total


def format_pairs(pairs: list[tuple[Any, PipelineRun, tuple[int, int]]]) -> list[str]:
    """Each alternating pair of runs (``declutter dump --jobs 1``, the pipeline), then per
    size and format the median ratio of the pipeline's docs/s to the dump's, with its range:
    the cost of the datatrove pipeline and of the block alone."""
    rows = [
        "datatrove pipeline (reader -> cleaning step -> JsonlWriter, 1 task) against "
        "declutter dump --jobs 1, in rotating order:",
        f"{'size':>6} {'format':6} {'variant':9} {'docs d/p':>11} {'dump docs/s':>11} "
        f"{'pipeline docs/s':>15} "
        f"{'block docs/s':>12} {'pipeline/dump':>13} {'block/dump':>10} {'dump CPU ms/doc':>15} "
        f"{'pipeline CPU ms/doc':>19} {'same text':>11} {'failed':>6}",
    ]
    groups: dict[tuple[float, str, str], list[tuple[float, float, float]]] = {}
    for dump, run, (same, total) in pairs:
        ratio, block = run.docs_per_s / dump.docs_per_s, run.block_docs_per_s / dump.docs_per_s
        cpu = run.cpu_seconds / dump.cpu_seconds
        groups.setdefault((run.size_gb, run.format, run.variant), []).append((ratio, block, cpu))
        rows.append(
            f"{run.size_gb:>5g}G {run.format:6} {run.variant:9} "
            f"{f'{dump.records}/{run.records}':>11} "
            f"{dump.docs_per_s:>11.2f} {run.docs_per_s:>15.2f} "
            f"{run.block_docs_per_s:>12.2f} {ratio:>13.3f} {block:>10.3f} "
            f"{dump.cpu_seconds / max(dump.records, 1) * 1000:>15.1f} "
            f"{run.cpu_seconds / max(run.records, 1) * 1000:>19.1f} "
            f"{f'{same}/{total}':>11} {run.failed:>6}"
        )
    for (size, fmt, variant), ratios in groups.items():
        whole, block, cpu = ([r[i] for r in ratios] for i in range(3))
        rows.append(
            f"{size:g} GB {fmt} {variant}, {len(ratios)} pairs: pipeline/dump docs/s median "
            f"{statistics.median(whole):.3f} (range {min(whole):.3f}-{max(whole):.3f}); "
            f"block alone/dump median {statistics.median(block):.3f} "
            f"(range {min(block):.3f}-{max(block):.3f}); pipeline/dump CPU time median "
            f"{statistics.median(cpu):.3f} (range {min(cpu):.3f}-{max(cpu):.3f})"
        )
    return rows + marginal_costs(pairs)


def marginal_costs(pairs: list[tuple[Any, PipelineRun, tuple[int, int]]]) -> list[str]:
    """With two sizes of one format: the CPU time each extra document costs in the dump and
    in the pipeline (the slope between the sizes' median CPU times), and the fixed cost of a
    run (start-up: imports, models, the executor) that the slope leaves; the per-document
    ratio is the cost of the block on a long job, which start-up does not blur."""
    runs: dict[tuple[str, str], dict[int, tuple[list[float], list[float]]]] = {}
    for dump, run, _ in pairs:
        sizes = runs.setdefault((run.format, run.variant), {})
        dump_cpu, run_cpu = sizes.setdefault(run.records, ([], []))
        dump_cpu.append(dump.cpu_seconds)
        run_cpu.append(run.cpu_seconds)
    rows = []
    slopes: dict[tuple[str, str], float] = {}
    for (fmt, variant), sizes in runs.items():
        if len(sizes) < 2:
            continue
        small, large = min(sizes), max(sizes)
        dump_slope, run_slope = (
            (statistics.median(sizes[large][i]) - statistics.median(sizes[small][i]))
            / (large - small)
            for i in range(2)
        )
        dump_fixed = statistics.median(sizes[small][0]) - dump_slope * small
        run_fixed = statistics.median(sizes[small][1]) - run_slope * small
        slopes[(fmt, variant)] = run_slope
        rows.append(
            f"{fmt} {variant}, {small:,} -> {large:,} docs: CPU per extra doc: dump "
            f"{dump_slope * 1000:.2f} ms, pipeline {run_slope * 1000:.2f} ms "
            f"(pipeline/dump {run_slope / dump_slope:.3f}); fixed CPU per run: dump "
            f"{dump_fixed:.2f} s, pipeline {run_fixed:.2f} s"
        )
    for (fmt, variant), slope in slopes.items():
        bare = slopes.get((fmt, "bare"))
        if bare and variant != "bare":
            rows.append(
                f"{fmt}: the block ({variant}) costs {slope / bare - 1:+.1%} CPU per document "
                f"over the bare Cleaner.clean step in the same pipeline"
            )
    return rows
