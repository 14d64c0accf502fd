"""Run a dump: read the inputs, clean chunks of records on ``jobs`` processes, write the
results in input order, checkpoint, and summarize.

The main process reads records, groups them into chunks (``chunk_records`` records or
``chunk_bytes`` of payload, whichever comes first) and keeps at most ``2 * jobs + 2`` chunks
in flight, so memory does not grow with the dump. Results are taken in submission order, so
the output is the same for any ``jobs``. With ``--site-templates`` a first pass counts line
hashes per host (``declutter.corpus.counting``), and the cleaning pass removes the lines the
table names. See ``docs/dump.md``.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from declutter._config import Config
from declutter._errors import DumpError
from declutter.corpus.checkpoint import Checkpoint, signature
from declutter.corpus.compression import compression_of, strip_compression
from declutter.corpus.counting import DEFAULT_MAX_ENTRIES, TemplateCounter
from declutter.corpus.locations import STDIO, base_name, is_stream, is_url, local_path, sibling
from declutter.corpus.parquet import (
    ParquetSink,
    ParquetStreamSink,
    carried_columns,
    output_schema,
)
from declutter.corpus.pool import HANG_GRACE, Mapper, Task, chunks
from declutter.corpus.process import (
    CleanedChunk,
    CleanOptions,
    OutputKind,
    Tally,
    clean_chunk,
    count_chunk,
    lost_chunk,
    merge_chunks,
)
from declutter.corpus.progress import DEFAULT_INTERVAL, Progress
from declutter.corpus.readers import Corpus, InputFile, ReadOptions, expand_inputs
from declutter.corpus.records import Record
from declutter.corpus.summary import DumpSummary
from declutter.corpus.writers import DirectorySink, FileSink, StreamSink, partial_path
from declutter.templates import (
    DEFAULT_MAX_LINES,
    DEFAULT_MIN_PAGES,
    DEFAULT_MIN_SHARE,
    TemplateTable,
)


@dataclass(frozen=True)
class TemplateOptions:
    """Site-template thresholds, and the counter's memory bound (keys held before a spill)."""

    min_pages: int = DEFAULT_MIN_PAGES
    min_share: float = DEFAULT_MIN_SHARE
    max_lines: int = DEFAULT_MAX_LINES
    max_entries: int = DEFAULT_MAX_ENTRIES


@dataclass(frozen=True)
class DumpOptions:
    """Everything a dump needs (the ``declutter dump`` options)."""

    inputs: tuple[str, ...]
    output: str | Path
    jobs: int = 1
    read: ReadOptions = field(default_factory=ReadOptions)
    clean: CleanOptions = field(default_factory=CleanOptions)
    errors: str | Path | None = None
    report: str | Path | None = None
    resume: bool = False
    max_failure_rate: float = 0.01
    templates: TemplateOptions | None = None
    chunk_records: int = 16
    chunk_bytes: int = 4 << 20
    checkpoint_seconds: float = 10.0
    progress: bool = True
    progress_terminal: bool | None = None
    progress_interval: float = DEFAULT_INTERVAL
    log: TextIO | None = None
    hang_grace: float = HANG_GRACE


@dataclass(frozen=True)
class DumpPaths:
    """The files of a dump: output, errors, reports (``--report``), checkpoint and template
    table. Output, errors and reports are locations (local paths, URLs or ``-``); when one is
    a stream (``streamed``) the run writes streams, keeps no checkpoint and cannot resume,
    and its checkpoint and template table go to a local temporary folder."""

    output: str
    errors: str
    checkpoint: Path
    templates: Path
    kind: OutputKind
    report: str | None = None
    streamed: bool = False

    @classmethod
    def of(
        cls, output: str | Path, errors: str | Path | None, report: str | Path | None = None
    ) -> DumpPaths:
        """The paths for ``-o output`` (and ``--errors``, ``--report``)."""
        out = local_path(os.fspath(output))
        kind = output_kind(out)
        stem = strip_compression(base_name(out))
        for suffix in (".jsonl", ".ndjson", ".parquet"):
            if stem.endswith(suffix):
                stem = stem[: -len(suffix)]
        if errors is not None:
            errors_at = local_path(os.fspath(errors))
        else:
            errors_at = STDIO if out == STDIO else sibling(out, stem + ".errors.jsonl")
        report_at = local_path(os.fspath(report)) if report is not None else None
        streamed = any(is_stream(loc) for loc in (out, errors_at, report_at or ""))
        state = Path(tempfile.mkdtemp(prefix="declutter-dump-")) / "out" if streamed else Path(out)
        return cls(
            output=out,
            errors=errors_at,
            checkpoint=state.with_name(state.name + ".checkpoint"),
            templates=state.with_name(state.name + ".templates.json"),
            kind=kind,
            report=report_at,
            streamed=streamed,
        )

    def files(self) -> list[str]:
        """The output, errors and report locations."""
        return [self.output, self.errors] + ([self.report] if self.report else [])

    def state_files(self) -> list[Path]:
        """The local files a run keeps its state in until it completes."""
        files = [self.checkpoint]
        return files + [partial_path(Path(f)) for f in self.files() if not is_stream(f)]

    def leftovers(self) -> list[Path]:
        """State an interrupted run left behind (a dangling symbolic link counts)."""
        return [path for path in self.state_files() if os.path.lexists(path)]


def output_kind(location: str | Path) -> OutputKind:
    """``jsonl`` for ``*.jsonl``/``*.ndjson`` (optionally ``.gz``/``.zst``); ``parquet`` for
    ``*.parquet``; ``directory`` for an existing directory or a name without a suffix; any
    other name is a ``DumpError``, so that ``-o out.json`` never becomes a folder of text files.

    >>> output_kind("clean.jsonl.zst"), output_kind("texts"), output_kind("-")
    ('jsonl', 'directory', 'jsonl')
    >>> output_kind(Path("clean.parquet"))
    'parquet'
    >>> output_kind(Path("clean.json"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    declutter._errors.DumpError: -o clean.json: unknown output suffix '.json' (...)
    """
    location = os.fspath(location)
    if location == STDIO:
        return "jsonl"
    path = Path(base_name(location))
    name = strip_compression(path.name.lower())
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if name.endswith(".parquet"):
        if name != path.name.lower():
            raise DumpError(f"-o {location}: Parquet compresses its own pages; name it *.parquet")
        return "parquet"
    if (not is_url(location) and Path(location).is_dir()) or not Path(name).suffix:
        if is_url(location):
            raise DumpError(f"-o {location}: a directory of text files must be local")
        return "directory"
    raise DumpError(
        f"-o {location}: unknown output suffix {Path(name).suffix!r} (write JSON Lines with "
        ".jsonl, .ndjson, optionally .gz or .zst, Parquet with .parquet, or text files to a "
        "directory: an existing one or a name without a suffix)"
    )


def run_dump(options: DumpOptions) -> DumpSummary:
    """Run the dump ``options`` describe; see the module doc and ``docs/dump.md``."""
    started = time.monotonic()
    inputs = expand_inputs(options.inputs)
    paths = DumpPaths.of(options.output, options.errors, options.report)
    try:
        return _run(options, inputs, paths, started)
    finally:
        if paths.streamed:  # its state was in a temporary folder: nothing to resume
            shutil.rmtree(paths.checkpoint.parent, ignore_errors=True)


def _run(
    options: DumpOptions, inputs: list[InputFile], paths: DumpPaths, started: float
) -> DumpSummary:
    if paths.report is not None and output_kind(paths.report) != "jsonl":
        raise DumpError(f"--report {paths.report}: a JSON Lines name (.jsonl, optionally .gz/.zst)")
    _check_streams(paths, inputs, options)
    carried, json_fields = (
        carried_columns(inputs, options.read) if paths.kind == "parquet" else ([], False)
    )
    clean = dataclasses.replace(
        options.clean,
        output=paths.kind,
        compression=compression_of(base_name(paths.output)) if paths.kind == "jsonl" else None,
        report_file=paths.report is not None,
        report_compression=compression_of(base_name(paths.report)) if paths.report else None,
    )
    corpus = Corpus(inputs, options.read)
    _check_output(paths, inputs)
    sig = signature(_signature_parts(options, inputs, clean))
    state = _prepare(paths, sig, options.resume)
    tally = Tally.from_dict(state.tally) if state.tally else Tally()
    resumed_from = state.position
    with Mapper(options.jobs, clean, grace=options.hang_grace) as mapper:
        table_path: str | None = None
        table: TemplateTable | None = None
        if options.templates is not None:
            table = _templates(options, options.templates, corpus, mapper, paths, state)
            table_path = str(paths.templates)
            state.templates = table_path
        schema = (
            output_schema(carried, json_fields=json_fields, with_report=clean.with_report)
            if paths.kind == "parquet"
            else None
        )
        sinks = _Sinks(paths, state, schema, json_fields)
        try:
            _clean_pass(options, corpus, mapper, sinks, state, tally, table_path)
        except BaseException:
            sinks.close()  # the partial files and the checkpoint stay, for --resume
            raise
        sinks.finish()
    paths.checkpoint.unlink(missing_ok=True)
    if options.templates is not None:
        paths.templates.unlink(missing_ok=True)
    return DumpSummary(
        tally=tally,
        skipped=dict(corpus.skipped),
        input_files=len(inputs),
        input_bytes=corpus.total_bytes,
        output_bytes=sinks.bytes_written,
        seconds=time.monotonic() - started,
        jobs=options.jobs,
        resumed_from=resumed_from,
        template_hosts=len(table.hosts) if table is not None else None,
        template_lines=table.line_count if table is not None else None,
        max_failure_rate=options.max_failure_rate,
        output=paths.output,
        errors=paths.errors,
    )


def _signature_parts(options: DumpOptions, inputs: list[Any], clean: CleanOptions) -> Any:
    config = {
        f.name: sorted(map(str, value)) if isinstance(value, frozenset) else value
        for f in dataclasses.fields(Config)
        for value in [getattr(clean.config, f.name)]
    }
    return {
        "inputs": [item.version for item in inputs],
        "read": dataclasses.asdict(options.read),
        "clean": {**dataclasses.asdict(clean), "config": config},
        "templates": dataclasses.asdict(options.templates) if options.templates else None,
    }


def _check_streams(paths: DumpPaths, inputs: list[InputFile], options: DumpOptions) -> None:
    """Refuse what streams cannot do: resume, a second pass over standard input."""
    if paths.streamed and options.resume:
        names = ", ".join(loc for loc in paths.files() if is_stream(loc))
        raise DumpError(f"--resume: {names} is written as a stream, which cannot be resumed")
    once = [item for item in inputs if not item.rereadable]
    if once and options.templates is not None:
        raise DumpError("--site-templates reads the inputs twice: standard input cannot be")
    if len(once) and options.resume:
        raise DumpError("--resume reads the inputs again: standard input cannot be")
    if paths.output == STDIO and paths.report == STDIO:
        raise DumpError("the output and the report cannot both go to standard output ('-')")


def _check_output(paths: DumpPaths, inputs: list[InputFile]) -> None:
    """Refuse outputs that cannot be written, before any work is done."""
    files = [Path(loc) for loc in paths.files() if not is_stream(loc)]
    for path in files:
        if not path.parent.is_dir():
            raise DumpError(f"{path}: directory {path.parent} does not exist")
    sources: set[Any] = {item.path.resolve() for item in inputs if item.url is None}
    sources |= {item.url for item in inputs if item.url is not None}
    for location in paths.files():
        key: Any = location if is_url(location) else Path(location).resolve()
        if key in sources and location != STDIO:
            raise DumpError(f"{location} is also an input")
    named = [loc for loc in paths.files() if loc != STDIO]  # errors '-': standard error
    if len(set(named)) < len(named) or len({path.resolve() for path in files}) < len(files):
        raise DumpError("the output, errors and report files must be different files")
    for path in paths.state_files():
        if path.is_symlink():
            raise DumpError(f"{path} is a symbolic link: refusing to write through it")
    if is_stream(paths.output):
        return
    output = Path(paths.output)
    if paths.kind == "directory" and output.exists():
        if not output.is_dir() or any(output.iterdir()):
            raise DumpError(
                f"-o {output}: a directory output must not exist or be empty "
                "(a name ending in .jsonl, .jsonl.gz or .jsonl.zst writes JSON Lines)"
            )
    elif paths.kind in ("jsonl", "parquet") and output.is_dir():
        raise DumpError(f"-o {output}: is a directory")


def _prepare(paths: DumpPaths, sig: str, resume: bool) -> Checkpoint:
    """The checkpoint to start from: a fresh one, or the interrupted run's (``--resume``)."""
    leftovers = paths.leftovers()
    if leftovers and not resume:
        names = ", ".join(str(p) for p in leftovers)
        raise DumpError(
            f"an interrupted dump left {names}: add --resume to continue it, "
            "or delete these files to start again"
        )
    if resume and leftovers and not paths.checkpoint.exists():
        names = ", ".join(str(p) for p in leftovers)
        raise DumpError(
            f"--resume: {names} left without a checkpoint ({paths.checkpoint}), so there is "
            "nothing to resume from; delete them to start again"
        )
    if resume and paths.checkpoint.exists():
        try:
            state = Checkpoint.load(paths.checkpoint)
        except ValueError as error:
            raise DumpError(str(error)) from None
        if state.signature != sig:
            raise DumpError(
                f"{paths.checkpoint}: the inputs or options differ from those of the "
                "interrupted run; run it with the same ones, or delete the checkpoint and "
                "the .partial files to start again"
            )
        return state
    state = Checkpoint(sig)
    state.output_bytes = -1  # nothing durable yet: start the files afresh
    return state


class _Sinks:
    """The output, errors and reports files of a dump, opened where the checkpoint left
    them (or as streams: see ``DumpPaths``)."""

    def __init__(
        self, paths: DumpPaths, state: Checkpoint, schema: Any = None, json_fields: bool = False
    ) -> None:
        fresh = state.output_bytes < 0
        self.paths = paths
        self.output: _Output = _output_sink(paths, schema, json_fields)
        self.errors: FileSink | StreamSink = _file_sink(paths.errors, errors=True)
        self.reports = _file_sink(paths.report) if paths.report is not None else None
        self.output.open(None if fresh else state.output_bytes)
        self.errors.open(None if fresh else state.errors_bytes)
        if self.reports is not None:
            self.reports.open(None if fresh else state.report_bytes)

    def write(self, chunk: CleanedChunk) -> None:
        output = self.output
        if isinstance(output, (FileSink, StreamSink)):
            output.write(chunk.output)
        elif isinstance(output, (ParquetSink, ParquetStreamSink)):
            output.write_rows(chunk.rows)
        else:
            output.write_files(chunk.files)
        self.errors.write(chunk.errors)
        if self.reports is not None:
            self.reports.write(chunk.reports)

    def checkpoint(self, state: Checkpoint, tally: Tally) -> None:
        state.output_bytes = self.output.sync()
        state.errors_bytes = self.errors.sync()
        if self.reports is not None:
            state.report_bytes = self.reports.sync()
        state.tally = tally.to_dict()
        if not self.paths.streamed:
            state.save(self.paths.checkpoint)

    def close(self) -> None:
        self.output.close()
        self.errors.close()
        if self.reports is not None:
            self.reports.close()

    def finish(self) -> None:
        self.output.finish()
        self.errors.finish()
        if self.reports is not None:
            self.reports.finish()

    @property
    def bytes_written(self) -> int:
        """Bytes written to the output."""
        return int(getattr(self.output, "bytes_written", 0))


def _file_sink(location: str, *, errors: bool = False) -> FileSink | StreamSink:
    if is_stream(location):
        return StreamSink(location, errors=errors)
    return FileSink(Path(location))


_Output = FileSink | StreamSink | ParquetSink | ParquetStreamSink | DirectorySink


def _output_sink(paths: DumpPaths, schema: Any, json_fields: bool) -> _Output:
    if paths.kind == "parquet":
        if is_stream(paths.output):
            return ParquetStreamSink(paths.output, schema, json_fields=json_fields)
        return ParquetSink(Path(paths.output), schema, json_fields=json_fields)
    if paths.kind == "directory":
        return DirectorySink(Path(paths.output))
    return _file_sink(paths.output)


def _clean_pass(
    options: DumpOptions,
    corpus: Corpus,
    mapper: Mapper,
    sinks: _Sinks,
    state: Checkpoint,
    tally: Tally,
    table_path: str | None,
) -> None:
    label = "cleaning" if options.templates is None else "pass 2 of 2: cleaning"
    progress = _progress(options, corpus, label)
    records = islice(iter(corpus), state.position, None)
    sinks.checkpoint(state, tally)
    last = time.monotonic()
    try:
        for chunk in mapper.map(_chunks(records, options), CLEAN, table_path):
            sinks.write(chunk)
            tally.add(chunk.tally)
            state.position = chunk.first + chunk.count
            progress.update(corpus.read_bytes, records=tally.records, failed=tally.failed)
            if time.monotonic() - last >= options.checkpoint_seconds:
                sinks.checkpoint(state, tally)
                last = time.monotonic()
        sinks.checkpoint(state, tally)
    except KeyboardInterrupt:
        sinks.checkpoint(state, tally)  # keep what was written: --resume goes on from here
        raise
    finally:
        progress.close()


def _templates(
    options: DumpOptions,
    settings: TemplateOptions,
    corpus: Corpus,
    mapper: Mapper,
    paths: DumpPaths,
    state: Checkpoint,
) -> TemplateTable:
    """The template table: the one a resumed run saved, or counted now (pass 1 of 2)."""
    if state.templates is not None and Path(state.templates).exists():
        return TemplateTable.load(Path(state.templates))
    empty = TemplateTable(settings.min_pages, settings.min_share, settings.max_lines)
    progress = _progress(options, corpus, "pass 1 of 2: counting site templates")
    records = 0
    try:
        with TemplateCounter(
            empty, paths.templates.parent, max_entries=settings.max_entries
        ) as counter:
            for counts, size in mapper.map(_chunks(iter(corpus), options), COUNT, None):
                counter.add(counts)
                records += size
                progress.update(corpus.read_bytes, records=records, failed=0)
            table = counter.table()
    finally:
        progress.close()
    temporary = paths.templates.with_name(paths.templates.name + ".tmp")
    table.save(temporary)
    temporary.replace(paths.templates)
    return table


def _count_sized(records: list[Record], table_path: str | None) -> tuple[dict[int, int], int]:
    return count_chunk(records), len(records)


def _add_counts(parts: list[tuple[dict[int, int], int]]) -> tuple[dict[int, int], int]:
    total: dict[int, int] = {}
    for counts, _ in parts:
        for key, count in counts.items():
            total[key] = total.get(key, 0) + count
    return total, sum(size for _, size in parts)


def _uncounted(record: Record, reason: str) -> tuple[dict[int, int], int]:
    return {}, 1  # the cleaning pass reports the record


#: The cleaning pass's task, and the template pass's.
CLEAN: Task[CleanedChunk] = Task(clean_chunk, merge_chunks, lost_chunk)
COUNT: Task[tuple[dict[int, int], int]] = Task(_count_sized, _add_counts, _uncounted)


def _progress(options: DumpOptions, corpus: Corpus, label: str) -> Progress:
    return Progress(
        corpus.total_bytes,
        label,
        stream=options.log,
        terminal=options.progress_terminal,
        interval=options.progress_interval,
        enabled=options.progress,
    )


def _chunks(records: Iterator[Record], options: DumpOptions) -> Iterator[list[Record]]:
    return chunks(records, max_records=options.chunk_records, max_bytes=options.chunk_bytes)
