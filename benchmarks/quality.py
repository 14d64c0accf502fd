"""Extraction quality of declutter and its peers on the development sets.

    python benchmarks/quality.py --mode text --corpus all
    python benchmarks/quality.py --mode html --corpus wcxb --jobs 2 --json results/html.json
    python benchmarks/quality.py --metadata --jobs 2   # title, author, date (metadata_quality.py)

Text mode flattens every page (``html_text`` by default, cached) and runs the text systems on
that text; a system written ``name[flattener]`` (e.g. ``declutter[inscriptis]``) runs on text
from another flattener, the robustness columns; ``--flattener bs4`` feeds every bare name
from that flattener (``datasets.FLATTENERS``: html_text, inscriptis, resiliparse, bs4,
markdown, markdownify). On a Markdown flattener (markdown, markdownify) every system's output is
scored after ``markup.plain_text`` (markup and link targets stripped by a Markdown parser).
HTML mode runs the HTML systems on the page. Scores use each corpus's own metric
(``metrics.py``); ``docs/benchmarks.md`` explains the columns. A system that raises on a page
scores that page as an empty output; the number of such pages is printed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from benchmarks import datasets, environment, markup, metrics, systems

PRIMARY_FLATTENER = "html_text"
PAGE_TYPES = ("article", "collection", "documentation", "forum", "listing", "product", "service")
DEFAULT_SYSTEMS = {
    "text": "none,declutter,c4,justext,justext-lang,none[inscriptis],declutter[inscriptis]",
    "html": ",".join(systems.HTML_SYSTEMS),
}
_SPEC = re.compile(r"^(?P<name>[\w-]+)(?:\[(?P<flattener>\w+)\])?$")


@dataclass(frozen=True)
class Spec:
    """One column of the benchmark: a system, and in text mode the flattener feeding it."""

    mode: str
    name: str
    flattener: str = ""

    @property
    def label(self) -> str:
        """``name``, or ``name[flattener]`` for text read from a flattener other than html_text."""
        if self.mode == "html" or self.flattener == PRIMARY_FLATTENER:
            return self.name
        return f"{self.name}[{self.flattener}]"


@dataclass(frozen=True)
class Run:
    """One system's output on one page, with its timing."""

    page: datasets.Page
    output: str
    wall: float
    cpu: float
    error: str = ""


@dataclass(frozen=True)
class PageResult:
    """One row of the ``--json`` output."""

    corpus: str
    id: str
    host: str
    page_type: str
    system: str
    p: float
    r: float
    f1: float
    tp: float
    fp: float
    fn: float
    failed: bool


def parse_specs(mode: str, text: str, flattener: str) -> list[Spec]:
    """``none,declutter[inscriptis]`` -> specs; bare text-mode names use ``flattener``."""
    specs = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        match = _SPEC.match(item)
        if not match:
            raise SystemExit(f"bad system {item!r}: expected NAME or NAME[FLATTENER]")
        name, flat = match["name"], match["flattener"] or ""
        if mode == "html" and flat:
            raise SystemExit(f"{item!r}: a flattener only applies in text mode")
        if flat and flat not in datasets.FLATTENERS:
            raise SystemExit(
                f"unknown flattener {flat!r}; expected one of {list(datasets.FLATTENERS)}"
            )
        known = (
            systems.TEXT_SYSTEMS
            if mode == "text"
            else systems.HTML_SYSTEMS + systems.EXTRA_HTML_SYSTEMS
        )
        if name not in known:
            raise SystemExit(f"unknown {mode} system {name!r}; expected one of {known}")
        specs.append(Spec(mode, name, flat or (flattener if mode == "text" else "")))
    return specs


_BUILT: dict[Spec, systems.System] = {}


def build(spec: Spec) -> systems.System:
    """The system for ``spec``, built and warmed up (lazy imports, models) once per process."""
    if spec not in _BUILT:
        factory = systems.text_system if spec.mode == "text" else systems.html_system
        system = factory(spec.name)
        system(systems.WARM_UP[spec.mode])
        _BUILT[spec] = system
    return _BUILT[spec]


def system_input(spec: Spec, page: datasets.Page) -> str:
    """What ``spec``'s system reads for ``page``: flattened text or HTML."""
    return datasets.flattened(page, spec.flattener) if spec.mode == "text" else page.html()


def run_page(spec: Spec, page: datasets.Page) -> Run:
    """Run ``spec`` on one page; only the system call is timed."""
    system = build(spec)
    source = system_input(spec, page)
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        output, error = system(source), ""
    except Exception as exc:
        output, error = "", f"{type(exc).__name__}: {exc}"
    return Run(page, output, time.perf_counter() - wall, time.process_time() - cpu, error)


def _run_task(task: tuple[Spec, datasets.Page]) -> Run:
    return run_page(*task)


def run_all(spec: Spec, pages: Sequence[datasets.Page], jobs: int) -> list[Run]:
    """``spec`` on every page, in order; ``jobs > 1`` spreads pages over processes."""
    if jobs <= 1:
        return [run_page(spec, page) for page in pages]
    with ProcessPoolExecutor(jobs) as pool:
        return list(pool.map(_run_task, [(spec, page) for page in pages], chunksize=4))


def warm_flattened(specs: Iterable[Spec], pages: Sequence[datasets.Page], jobs: int) -> None:
    """Fill the flattening cache before timing anything (in parallel with ``jobs``)."""
    for flattener in sorted({s.flattener for s in specs if s.mode == "text"}):
        todo = [p for p in pages if not _cached(p, flattener)]
        if not todo:
            continue
        print(
            f"flattening {len(todo)} {pages[0].corpus} pages with {flattener} ...", file=sys.stderr
        )
        if jobs <= 1:
            for page in todo:
                datasets.flattened(page, flattener)
        else:
            with ProcessPoolExecutor(jobs) as pool:
                list(pool.map(datasets.flattened, todo, [flattener] * len(todo), chunksize=8))


def _cached(page: datasets.Page, flattener: str) -> bool:
    return (datasets.CACHE / page.corpus / flattener / f"{page.id}.txt").exists()


def score(spec: Spec, runs: Sequence[Run]) -> list[PageResult]:
    """Per-page scores of ``runs`` with the corpus's metric (outputs on a Markdown
    flattener's text after ``markup.plain_text``, whatever the system)."""
    results = []
    markdown = spec.mode == "text" and spec.flattener in datasets.MARKDOWN_FLATTENERS
    for run in runs:
        page = run.page
        output = markup.plain_text(run.output) if markdown else run.output
        s = metrics.score_page(page.corpus, page.gold, output)
        results.append(
            PageResult(
                page.corpus, page.id, page.host, page.page_type, spec.label,
                s.p, s.r, s.f1, s.tp, s.fp, s.fn, bool(run.error),
            )
        )  # fmt: skip
    return results


@dataclass(frozen=True)
class Row:
    """One line of the summary table."""

    system: str
    total: metrics.Aggregate
    by_type: dict[str, metrics.Aggregate]
    docs_per_s: float
    mb_per_s: float
    failures: int
    first_error: str
    #: Pages whose output has under ``SHORT_OUTPUT_SHARE`` of the gold's words (id, host, share):
    #: the main text lost, whatever the F1 average says.
    short_outputs: tuple[tuple[str, str, float], ...] = ()


#: A page's output is short when it has fewer words than this share of its gold main text.
SHORT_OUTPUT_SHARE = 0.2


def short_outputs(runs: Sequence[Run]) -> tuple[tuple[str, str, float], ...]:
    """The pages whose output has under ``SHORT_OUTPUT_SHARE`` of the gold's words, shortest
    first (pages without gold text are left out)."""
    found = []
    for run in runs:
        gold = len(run.page.gold.split())
        if gold and len(run.output.split()) < SHORT_OUTPUT_SHARE * gold:
            found.append((run.page.id, run.page.host, len(run.output.split()) / gold))
    return tuple(sorted(found, key=lambda item: item[2]))


def summarise(
    corpus: str, spec: Spec, runs: Sequence[Run], results: Sequence[PageResult], jobs: int
) -> Row:
    """Aggregate scores, throughput and failures of one system on one corpus."""
    scores = [metrics.PageScore(r.p, r.r, r.f1, r.tp, r.fp, r.fn) for r in results]
    grouped: dict[str, list[metrics.PageScore]] = defaultdict(list)
    for result, page_score in zip(results, scores, strict=True):
        grouped[result.page_type].append(page_score)
    seconds = sum(run.cpu if jobs > 1 else run.wall for run in runs)
    size = sum(len(system_input(spec, run.page).encode("utf-8")) for run in runs)
    errors = [run for run in runs if run.error]
    return Row(
        system=spec.label,
        total=metrics.aggregate(corpus, scores),
        by_type={kind: metrics.aggregate(corpus, group) for kind, group in grouped.items()},
        docs_per_s=len(runs) / seconds if seconds else float("inf"),
        mb_per_s=size / 1e6 / seconds if seconds else float("inf"),
        failures=len(errors),
        first_error=f"{errors[0].page.id}: {errors[0].error}" if errors else "",
        short_outputs=short_outputs(runs),
    )


def format_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Plain aligned text: first column left-aligned, the others right-aligned."""
    body = [list(header), *(list(row) for row in rows)]
    widths = [max(len(row[i]) for row in body) for i in range(len(header))]
    lines = []
    for n, row in enumerate(body):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def summary_table(rows: Sequence[Row], jobs: int) -> str:
    clock = "CPU" if jobs > 1 else "wall"
    header = ["system", "F1", "P", "R", f"docs/s ({clock})", "MB/s", "failed"]
    return format_table(
        header,
        (
            [row.system, f"{row.total.f1:.3f}", f"{row.total.p:.3f}", f"{row.total.r:.3f}",
             f"{row.docs_per_s:.1f}", f"{row.mb_per_s:.2f}", str(row.failures)]
            for row in rows
        ),
    )  # fmt: skip


def type_table(rows: Sequence[Row], counts: dict[str, int]) -> str:
    kinds = [k for k in PAGE_TYPES if k in counts] + sorted(set(counts) - set(PAGE_TYPES))
    header = ["system (F1)"] + [f"{k} ({counts[k]})" for k in kinds]
    return format_table(
        header,
        ([row.system] + [f"{row.by_type[k].f1:.3f}" for k in kinds] for row in rows),
    )


def report(
    corpus: str, pages: Sequence[datasets.Page], rows: Sequence[Row], mode: str, jobs: int
) -> str:
    """The printed report for one corpus."""
    metric = (
        "shingle F1 (P, R: means over pages)" if corpus == "aeb" else "word F1 (mean over pages)"
    )
    parts = [f"== {corpus}: {len(pages)} pages, {mode} mode, {metric}", summary_table(rows, jobs)]
    if mode == "text":
        parts.append(
            "docs/s and MB/s time the cleaning call only (flattening excluded); MB of input text."
        )
    else:
        parts.append("docs/s and MB/s time the extraction call only; MB of input HTML (UTF-8).")
    if jobs > 1:
        parts.append(f"--jobs {jobs}: speeds are per-process CPU time, not wall time.")
    failed = [
        f"  {row.system}: {row.failures} pages, e.g. {row.first_error[:160]}"
        for row in rows
        if row.failures
    ]
    if failed:
        parts.append("failures (scored as empty output):\n" + "\n".join(failed))
    share = f"{SHORT_OUTPUT_SHARE:.0%}"
    short = [
        f"  {row.system}: {len(row.short_outputs)} pages, e.g. "
        + ", ".join(f"{id_[:10]} {host} {ratio:.0%}" for id_, host, ratio in row.short_outputs[:6])
        for row in rows
        if row.short_outputs
    ]
    parts.append(
        f"short outputs (under {share} of the gold's words: main text lost):\n"
        + ("\n".join(short) if short else "  none")
    )
    if corpus == "wcxb":
        counts: dict[str, int] = defaultdict(int)
        for page in pages:
            counts[page.page_type] += 1
        parts.append("per page type:\n" + type_table(rows, counts))
    return "\n".join(parts) + "\n"


def dump(directory: Path, spec: Spec, runs: Iterable[Run]) -> None:
    """Write each page's output to ``directory/corpus/system/id.txt``."""
    for run in runs:
        path = directory / run.page.corpus / spec.label / f"{run.page.id}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(run.output, encoding="utf-8")


def evaluate(
    corpus: str,
    pages: Sequence[datasets.Page],
    specs: Sequence[Spec],
    jobs: int,
    dump_dir: Path | None,
) -> Iterator[tuple[Row, list[PageResult]]]:
    """Run and score every available system on ``pages``."""
    warm_flattened(specs, pages, jobs)
    for spec in specs:
        try:
            build(spec)
        except systems.Unavailable as exc:
            print(f"skipping {spec.label}: {exc}", file=sys.stderr)
            continue
        print(f"running {spec.label} on {len(pages)} {corpus} pages ...", file=sys.stderr)
        runs = run_all(spec, pages, jobs)
        if dump_dir:
            dump(dump_dir, spec, runs)
        results = score(spec, runs)
        yield summarise(corpus, spec, runs, results, jobs), results


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=("text", "html"), required=True)
    parser.add_argument("--data", type=Path, default=datasets.DEFAULT_DATA)
    parser.add_argument("--corpus", choices=(*datasets.CORPORA, "all"), default="all")
    parser.add_argument("--limit", type=int, default=0, help="first N pages of each corpus")
    parser.add_argument(
        "--systems", default="", help="comma-separated; text mode accepts NAME[FLATTENER]"
    )
    parser.add_argument(
        "--flattener", choices=tuple(datasets.FLATTENERS), default=PRIMARY_FLATTENER,
        help="text mode: flattener for system names given without [FLATTENER]",
    )  # fmt: skip
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write the summary and per-page scores here")
    parser.add_argument(
        "--summary-only", action="store_true",
        help="--json without the per-page records (what docs/benchmarks/results/ keeps)",
    )  # fmt: skip
    parser.add_argument("--dump-dir", type=Path, help="write each system's output per page here")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if "--metadata" in arguments:  # title/author/date on WCXB dev: metadata_quality.py
        from benchmarks import metadata_quality

        arguments.remove("--metadata")
        return metadata_quality.main(arguments)
    args = parse_args(argv)
    specs = parse_specs(args.mode, args.systems or DEFAULT_SYSTEMS[args.mode], args.flattener)
    corpora = datasets.CORPORA if args.corpus == "all" else (args.corpus,)
    started = environment.snapshot()
    summaries, page_rows = [], []
    for corpus in corpora:
        pages = datasets.load(corpus, args.data)
        pages = pages[: args.limit] if args.limit else pages
        rows = []
        for row, results in evaluate(corpus, pages, specs, args.jobs, args.dump_dir):
            rows.append(row)
            page_rows.extend(results)
            summaries.append({"corpus": corpus, **_row_json(row)})
        print(report(corpus, pages, rows, args.mode, args.jobs), flush=True)
    if args.json:
        pages_out = [] if args.summary_only else page_rows
        run = environment.finish(started)
        write_json(args.json, vars(args), summaries, pages_out, run)
    return 0


def _row_json(row: Row) -> dict[str, object]:
    return {
        "system": row.system,
        **{k: v for k, v in asdict(row.total).items()},
        "by_type": {kind: asdict(agg) for kind, agg in sorted(row.by_type.items())},
        "docs_per_s": row.docs_per_s,
        "mb_per_s": row.mb_per_s,
        "failures": row.failures,
        "short_outputs": [
            {"id": id_, "host": host, "share": share} for id_, host, share in row.short_outputs
        ],
    }


def write_json(
    path: Path,
    args: dict[str, object],
    summaries: list[dict[str, object]],
    pages: list[PageResult],
    run: dict[str, object] | None = None,
) -> None:
    """All per-page scores plus the summary, for cross-validation and error analysis; ``run``
    is the ``environment`` snapshot (date, commit, load, versions)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "args": {k: str(v) if isinstance(v, Path) else v for k, v in args.items()},
        "environment": run or {},
        "summary": summaries,
        "pages": [asdict(p) for p in pages],
    }
    path.write_text(json.dumps(payload, indent=1), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
