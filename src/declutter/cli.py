"""The ``declutter`` command: ``clean`` and ``explain`` (see ``docs/cli.md``).

Thin on purpose: it parses arguments, reads bytes, writes files; decoding lives in
``declutter.decode.text``, the report format in ``declutter.render``.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console

from declutter._api import Cleaner
from declutter._atomic import AtomicFile
from declutter._config import DEFAULT_CONFIG, Config
from declutter._errors import ConfigError, DeclutterError
from declutter._result import Kind, Result
from declutter._signals import EXIT_TERMINATED, TERMINATED, sigterm_raises, terminated
from declutter._version import __version__
from declutter.corpus.limits import DUMP_MAX_BYTES, DUMP_MAX_SECONDS, MAX_RECORD_BYTES
from declutter.decode.text import check_encoding
from declutter.features.language import SUPPORTED_LANGUAGES
from declutter.render.document_json import document_json
from declutter.render.dump_sample import sample_records
from declutter.render.explain import Only, explain_plain, explain_rich, summary, want_colour
from declutter.render.front_matter import front_matter
from declutter.render.html_report import index_page
from declutter.render.jsonl import write_report
from declutter.segment.document import FormatChoice

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_USAGE = 2
EXIT_FAILED = 3
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141

EXIT_CODES = """\b
Exit codes:
  0    every input was processed
  1    some inputs failed (each named on stderr), the others were processed;
       or the --report file could not be written
  2    usage error (bad option or value, unusable -o/--report target); no input was read
  3    no input could be processed
  130  interrupted (Ctrl-C); 143: terminated (SIGTERM); 141: output closed early
       (e.g. piped into head)
"""

_KINDS = [kind.value for kind in Kind]
_EPILOG = (
    "Kinds (for --keep/--drop; kept by default: "
    + ", ".join(sorted(k.value for k in DEFAULT_CONFIG.kept_kinds))
    + "): "
    + ", ".join(_KINDS)
    + ".\n\n"
    + EXIT_CODES
)
F = TypeVar("F", bound=Callable[..., Any])
#: Files with these suffixes are read as text by default; any other input (standard input
#: too) is sniffed as ``clean()`` does (``--format auto``): markup makes it HTML.
_TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".rst", ".wet")


class _Group(click.Group):
    """A group whose errors are one line on stderr and whose commands return the exit code."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            code = super().main(
                args, prog_name or "declutter", complete_var, standalone_mode=False, **extra
            )
        except click.UsageError as error:
            hint = f"; see '{error.ctx.command_path} --help'" if error.ctx is not None else ""
            message = error.format_message().rstrip(".")
            if message[1:2].islower():
                message = message[:1].lower() + message[1:]
            _error(message + hint)
            code = EXIT_USAGE
        except click.ClickException as error:
            _error(error.format_message())
            code = error.exit_code
        except (click.Abort, KeyboardInterrupt) as error:
            if terminated(error):  # click turns the interrupt into an Abort
                _error(TERMINATED)
                code = EXIT_TERMINATED
            else:
                _error("interrupted")
                code = EXIT_INTERRUPTED
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else EXIT_OK)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _silence_stdout()
            return EXIT_BROKEN_PIPE


@click.group(
    name="declutter",
    cls=_Group,
    invoke_without_command=True,
    epilog=EXIT_CODES,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "-V",
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, _param, value: _print_version(ctx) if value else None,
    help="Show the version and which path computes the decisions (compiled or pure Python).",
)
@click.pass_context
def cli(ctx: click.Context) -> int:
    """Strip page chrome from scraped web text, with a per-line report.

    \b
      declutter clean page.txt                 clean text on stdout
      cat page.html | declutter clean          read a pipe (HTML is detected)
      declutter clean page.txt --report r.jsonl
      declutter clean page.html --output-format json
      declutter explain page.txt               every line with its verdict and reason
      declutter report page.html -o r.html     the visual report, in a browser
    """
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())
    return EXIT_OK


def _print_version(ctx: click.Context) -> None:
    from declutter import native

    status = native.status()
    if status.active:
        path = f"compiled core ({', '.join(status.kernels)})"
        if status.missing:
            path += "; Python path for " + ", ".join(
                f"{name}: {why}" for name, why in status.missing.items()
            )
    else:
        path = f"pure Python ({status.reason})"
    click.echo(f"declutter {__version__}, {path}")
    ctx.exit(EXIT_OK)


def _output_options(function: F) -> F:
    options = [
        click.option(
            "--output-format", "output_format", type=click.Choice(["text", "markdown", "json"]),
            default="text", show_default=True,
            help="Write the kept lines as text, or as markdown (HTML mode: headings, lists, "
            "tables, code blocks), or json: one object per input with the text, metadata, "
            "stats and per-line report (schema declutter.document/1; JSON Lines for several).",
        ),
        click.option(
            "--links", is_flag=True,
            help="With --output-format markdown: keep links as [text](url).",
        ),
    ]  # fmt: skip
    for option in reversed(options):
        function = option(function)
    return function


def _cleaning_options(function: F) -> F:
    options = [
        click.option(
            "--keep", multiple=True, metavar="KIND", type=click.Choice(_KINDS),
            help="Also keep lines of this kind (repeatable).",
        ),
        click.option(
            "--drop", multiple=True, metavar="KIND", type=click.Choice(_KINDS),
            help="Remove lines of this kind even if kept by default (repeatable).",
        ),
        click.option(
            "--threshold", type=click.FloatRange(0.0, 1.0), metavar="FLOAT",
            help=f"Content score from which a line is kept [default: {DEFAULT_CONFIG.threshold}].",
        ),
        click.option(
            "--language", metavar="CODE",
            help="ISO 639-1 language [default: detect]; one of " + ", ".join(SUPPORTED_LANGUAGES)
            + ".",
        ),
        click.option("--no-context", is_flag=True, help="Skip the context revision."),
        click.option(
            "--headline", type=click.Choice(["auto", "keep", "drop"]),
            default=DEFAULT_CONFIG.headline, show_default=True,
            help="The line that prints the page's title (metadata.title): auto lets the "
            "cascade decide, keep keeps it as a heading, drop removes it (kind metadata).",
        ),
        click.option("--no-dedupe", is_flag=True, help="Keep repeated lines."),
        click.option(
            "--encoding", metavar="NAME",
            help="Decode input with this charset [default: BOM, else UTF-8].",
        ),
        click.option(
            "--format", "input_format", type=click.Choice(["text", "html", "auto"]),
            help="Input format: html, text, or auto (detect per input from its content, as "
            "clean() does) [default: text for files named *.txt/*.text/*.md/*.markdown/*.rst/"
            "*.wet, auto otherwise, standard input included].",
        ),
    ]  # fmt: skip
    for option in reversed(options):
        function = option(function)
    return function


@dataclass(frozen=True)
class _Job:
    """What to do with each input: how to decode it and how to clean it."""

    encoding: str | None
    config: Config
    input_format: FormatChoice | None
    output_format: str = "text"
    with_metadata: bool = False

    def clean(self, name: str, data: bytes) -> Result:
        """Clean the bytes of input ``name`` in the format asked for or implied by its name."""
        fmt: FormatChoice = self.input_format or (
            "text" if name.lower().endswith(_TEXT_SUFFIXES) else "auto"
        )
        return Cleaner(self.config).clean(data, format=fmt, encoding=self.encoding)

    def output(self, result: Result, name: str) -> str:
        """What is written for ``result`` of input ``name``."""
        if self.output_format == "json":
            return document_json(result, source=name)
        text = result.markdown if self.config.output == "markdown" else result.text
        return front_matter(result.metadata) + text if self.with_metadata else text

    @property
    def suffix(self) -> str:
        """The suffix of the files written in an ``-o`` directory."""
        return {"markdown": ".md", "json": ".json"}.get(self.output_format, ".txt")


def _make_job(
    *,
    keep: tuple[str, ...],
    drop: tuple[str, ...],
    threshold: float | None,
    language: str | None,
    no_context: bool,
    no_dedupe: bool,
    encoding: str | None,
    input_format: FormatChoice | None,
    headline: str = DEFAULT_CONFIG.headline,
    output_format: str = "text",
    links: bool = False,
) -> _Job:
    both = sorted(set(keep) & set(drop))
    if both:
        raise click.UsageError(f"--keep and --drop both name {', '.join(both)}")
    kept = (DEFAULT_CONFIG.kept_kinds | {Kind(k) for k in keep}) - {Kind(k) for k in drop}
    overrides: dict[str, Any] = {
        "kept_kinds": kept, "context": not no_context, "dedupe": not no_dedupe,
        "output": "markdown" if output_format == "markdown" else "text", "include_links": links,
        "headline": headline,
    }  # fmt: skip
    if threshold is not None:
        overrides["threshold"] = threshold
    if language is not None:
        overrides["language"] = language
    try:
        config = DEFAULT_CONFIG.replace(**overrides)
    except ConfigError as error:
        raise click.UsageError(str(error)) from None
    if encoding is not None:
        try:
            check_encoding(encoding)
        except ConfigError as error:
            raise click.BadParameter(str(error), param_hint="'--encoding'") from None
    return _Job(encoding, config, input_format, output_format)


@cli.command(epilog=_EPILOG)
@click.argument("files", nargs=-1, metavar="FILE...|-")
@click.option(
    "-o", "--output", type=click.Path(path_type=Path),
    help="Write here instead of stdout ('-'). One input: this file. Several inputs, or an existing "
    "directory: one NAME.txt per input in this directory (created if missing; stdin: stdin.txt).",
)  # fmt: skip
@click.option(
    "--report", "report_path", type=click.Path(path_type=Path), metavar="FILE",
    help="Write the per-line report of every input as JSON Lines to FILE ('-': stdout, with -o).",
)  # fmt: skip
@click.option(
    "--with-metadata", is_flag=True,
    help="Write the page's metadata (title, authors, date, site, language, canonical URL, "
    "description, each with its source) as a front matter block before the text: ---, one "
    "'field: \"value\"' line per field, ---. The json output always has it ('metadata').",
)  # fmt: skip
@_cleaning_options
@_output_options
def clean(
    files: tuple[str, ...],
    output: Path | None,
    report_path: Path | None,
    with_metadata: bool,
    **options: Any,
) -> int:
    """Clean each FILE (or standard input, '-'; also read when no FILE is given and input is
    piped) and write the clean text.

    Without -o the clean texts go to stdout one after the other, each ending with a newline.
    Files are written atomically: a failed input leaves an existing target untouched.
    The report is written if at least one input was processed.
    """
    job = replace(_make_job(**options), with_metadata=with_metadata)
    files = _inputs(files)
    if files.count("-") > 1:
        raise click.UsageError("standard input ('-') can be read only once")
    targets = _plan_outputs(files, output, job.suffix)
    report = _open_report(report_path, output, files)
    processed = 0
    try:
        for name, target in zip(files, targets, strict=True):
            result = _attempt(name, job, target)
            if result is not None:
                processed += 1
                if report is not None:
                    write_report(report.text, result, source=name, document=processed)
        if report is not None and processed:
            report.commit()
    except BrokenPipeError:
        raise
    except OSError as error:  # the report could not be written: stop, leave no partial file
        _error(f"--report {report_path}: {_reason(error)}")
        return EXIT_PARTIAL
    finally:
        if report is not None:
            report.discard()
    return _exit_code(processed, len(files))


@cli.command(epilog=_EPILOG)
@click.argument("files", nargs=-1, metavar="FILE...|-")
@click.option("--only", type=click.Choice(["kept", "removed"]), help="Show only these lines.")
@click.option(
    "--width", type=click.IntRange(min=20), metavar="N",
    help="Cut rows to N characters [default: the terminal's width on a terminal, else never].",
)  # fmt: skip
@click.option("--full", is_flag=True, help="Never cut rows.")
@click.option(
    "--color/--no-color", "colour", default=None,
    help="Force colours on or off [default: on for a terminal unless NO_COLOR is set].",
)  # fmt: skip
@_cleaning_options
def explain(
    files: tuple[str, ...], only: str | None, width: int | None, full: bool,
    colour: bool | None, **options: Any,
) -> int:  # fmt: skip
    """Show every line of each FILE (or '-') with its verdict, kind, rule, score and evidence.

    A summary follows each input: lines and characters kept, and removed per kind. With
    several inputs each starts with a '==> NAME <==' header. --only leaves out blank lines.
    """
    job = _make_job(**options)
    files = _inputs(files)
    stdout = sys.stdout
    shown: Only | None = "kept" if only == "kept" else "removed" if only == "removed" else None
    processed = 0
    for index, name in enumerate(files):
        result = _attempt(name, job, None, emit=False)
        if result is None:
            continue
        processed += 1
        if len(files) > 1:
            click.echo(("\n" if index else "") + f"==> {_display(name)} <==")
        if want_colour(colour, isatty=stdout.isatty(), environ=os.environ):
            console = Console(file=stdout, force_terminal=True, highlight=False, width=width)
            explain_rich(result, console, only=shown, width=width, full=full)
        else:
            limit = None if full else width
            for row in [*explain_plain(result, only=shown, width=limit), "", *summary(result)]:
                click.echo(row)
    return _exit_code(processed, len(files))


@cli.command(epilog=_EPILOG)
@click.argument("files", nargs=-1, metavar="FILE...|-")
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), required=True,
    help="The HTML page to write (one self-contained file; '-': stdout).",
)  # fmt: skip
@click.option(
    "--dump", "dump_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="OUT.jsonl",
    help="Instead of FILEs: an index page over the records of a 'declutter dump' output "
    "(.jsonl, .gz, .zst), with per-kind totals; records written with --with-report also "
    "show their lines.",
)  # fmt: skip
@click.option(
    "--sample", type=click.IntRange(min=1), default=50, show_default=True, metavar="N",
    help="With --dump: show N records drawn at random (seeded, so the page is reproducible).",
)  # fmt: skip
@click.option("--seed", type=int, default=0, show_default=True, help="With --dump: the seed.")
@_cleaning_options
def report(
    files: tuple[str, ...], output: Path, dump_path: Path | None, sample: int, seed: int,
    **options: Any,
) -> int:  # fmt: skip
    """Write a visual report of FILE (or '-') as one self-contained HTML page.

    Kept lines are plain, removed ones greyed and coloured by kind, with rule, evidence,
    score and DOM source on hover, focus and in a side panel; kinds can be hidden. HTML input
    also gets a blocks view with removed text struck through. Several FILEs: one page with
    per-kind totals and a section per file.
    """
    job = _make_job(**options)
    if dump_path is not None:
        if files:
            raise click.UsageError("give either FILEs or --dump, not both")
        try:
            records = sample_records(dump_path, sample, seed=seed)
        except (OSError, ValueError) as error:
            _error(f"--dump {dump_path}: {error}")
            return EXIT_FAILED
        page = index_page(records, title=f"{dump_path.name}: {len(records)} records")
    else:
        files = _inputs(files, alternative=" or --dump OUT.jsonl")
        results = [(name, _attempt(name, job, None, emit=False)) for name in files]
        done = [(name, result) for name, result in results if result is not None]
        if not done:
            return EXIT_FAILED
        if len(files) == 1:
            page = done[0][1].to_html(title=_display(files[0]))
        else:
            page = index_page(
                [{"id": _display(name), "stats": result.stats.to_dict(),
                  "report": result.report()} for name, result in done],
                title=f"declutter report: {len(done)} files",
            )  # fmt: skip
        if len(done) < len(files):
            _write_page(page, output)
            return EXIT_PARTIAL
    _write_page(page, output)
    return EXIT_OK


def _write_page(page: str, output: Path) -> None:
    if str(output) == "-":
        click.echo(page, nl=False)
        return
    with AtomicFile(output) as atomic:
        atomic.stream.write(page.encode("utf-8"))


_DUMP_EPILOG = """\b
Exit codes:
  0    done, with failed records (listed in the errors file) within --max-failure-rate
  1    done, but more records failed than --max-failure-rate allows, or an input could not
       be read to its end (cut, or a corrupt stretch skipped: stage 'input' in the errors file)
  2    usage error: bad option, missing input, unknown input type, or state left by an
       interrupted run (add --resume, or delete it); nothing was written
  3    the dump stopped on an error (disk full, a worker process died); --resume continues it
  130  interrupted (Ctrl-C); --resume continues it
  143  terminated (SIGTERM); --resume continues it
"""


@cli.command(epilog=_DUMP_EPILOG)
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "-o", "--output", required=True,
    help="FILE.jsonl (.gz, .zst): one JSON object per record; FILE.parquet: one row per record; "
    "an existing directory or a name without a suffix: a directory of text files, one per "
    "record; any other suffix is an error. A URL (s3://, gs://, ...) is written through "
    "fsspec; '-' is standard output (JSON Lines).",
)  # fmt: skip
@click.option(
    "-j", "--jobs", type=click.IntRange(min=0), default=0, metavar="N",
    help="Worker processes [default: 0, one per CPU].",
)  # fmt: skip
@click.option(
    "--errors", "errors_path", metavar="FILE",
    help="Errors file (JSON Lines) [default: beside -o, NAME.errors.jsonl; with -o -, standard "
    "error].",
)  # fmt: skip
@click.option("--resume", is_flag=True, help="Continue an interrupted run of the same command.")
@click.option("--with-report", is_flag=True, help="Add each record's per-line report (JSONL).")
@click.option(
    "--report", "report_path", metavar="FILE.jsonl",
    help="Write each written record's per-line report to this JSON Lines file (.gz, .zst), "
    "in output order, with its id, url and position, for audits.",
)  # fmt: skip
@click.option(
    "--max-failure-rate", type=click.FloatRange(0.0, 1.0), default=0.01, show_default=True,
    metavar="RATE", help="Share of failed records above which the exit code is 1.",
)  # fmt: skip
@click.option(
    "--keep-fields/--no-keep-fields", default=True, show_default=True,
    help="Carry every other input field to the output record (JSON Lines: all but the "
    "payload, id and url fields; WARC: the WARC headers, e.g. WARC-Date).",
)  # fmt: skip
@click.option("--field", default="text", show_default=True, help="JSON Lines: payload field.")
@click.option("--id-field", default="id", show_default=True, help="JSON Lines: id field.")
@click.option("--url-field", default="url", show_default=True, help="JSON Lines: URL field.")
@click.option(
    "--site-templates", is_flag=True,
    help="First count lines per host, then remove lines repeated on many pages of a host.",
)  # fmt: skip
@click.option(
    "--template-min-pages", type=click.IntRange(min=2), default=5, show_default=True,
    metavar="N", help="A template line is on at least N pages of its host...",
)  # fmt: skip
@click.option(
    "--template-min-share", type=click.FloatRange(0.0, 1.0, min_open=True), default=0.5,
    show_default=True, metavar="X", help="... and on at least this share of them.",
)  # fmt: skip
@click.option(
    "--max-bytes", "max_bytes", type=click.IntRange(min=0), default=DUMP_MAX_BYTES,
    show_default=True, metavar="N",
    help="Budget: a document over N bytes fails (reason budget.max_bytes); 0: no limit.",
)  # fmt: skip
@click.option(
    "--max-seconds", "max_seconds", type=click.FloatRange(min=0.0), default=DUMP_MAX_SECONDS,
    show_default=True, metavar="S",
    help="Budget: a document cleaned for over S seconds fails; 0: no limit. A worker that "
    "takes twice as long is replaced and its record fails.",
)  # fmt: skip
@click.option(
    "--max-record-bytes", type=click.IntRange(min=1), default=MAX_RECORD_BYTES,
    show_default=True, metavar="N",
    help="A JSON line, WARC record or file over N bytes is passed over unread and fails.",
)  # fmt: skip
@click.option(
    "--chunk-size", type=click.IntRange(min=1), default=16, show_default=True, metavar="N",
    help="Records sent to a worker at a time.",
)  # fmt: skip
@click.option(
    "--checkpoint-every", type=click.FloatRange(min=0.0), default=10.0, show_default=True,
    metavar="SECONDS", help="Sync the output and write the --resume checkpoint this often.",
)  # fmt: skip
@click.option(
    "--progress/--no-progress", default=True,
    help="Progress on stderr: a bar on a terminal, else a line every 10 seconds.",
)  # fmt: skip
@click.option(
    "--summary", "summary_path", type=click.Path(path_type=Path), metavar="FILE",
    help="Also write the summary as JSON to FILE.",
)  # fmt: skip
@_cleaning_options
def dump(
    inputs: tuple[str, ...], output: str, jobs: int, errors_path: str | None, resume: bool,
    with_report: bool, report_path: str | None, max_failure_rate: float, keep_fields: bool,
    field: str, id_field: str, url_field: str,
    site_templates: bool, template_min_pages: int, template_min_share: float,
    max_bytes: int, max_seconds: float, max_record_bytes: int, chunk_size: int,
    checkpoint_every: float, progress: bool, summary_path: Path | None, **options: Any,
) -> int:  # fmt: skip
    """Clean every record of large dumps on all cores: JSON Lines, WARC/WET, Parquet, files.

    \b
      declutter dump crawl.warc.gz -o clean.jsonl.gz --jobs 8
      declutter dump 'dumps/*.jsonl.zst' -o clean.jsonl --field html --format html
      declutter dump pages/ -o texts/ --site-templates

    INPUT is a file, a directory (every .jsonl, .warc, .wet, .parquet, .txt, .html file under
    it), a quoted glob pattern, a URL (s3://, gs://, https://, ...; through fsspec) or '-'
    for standard input. Output is in input order whatever --jobs is; a failed record
    goes to the errors file with its reason and the run goes on. See docs/dump.md.
    """
    from concurrent.futures import BrokenExecutor

    from declutter.corpus.locations import is_stream
    from declutter.corpus.process import CleanOptions
    from declutter.corpus.readers import ReadOptions
    from declutter.corpus.runner import DumpOptions, TemplateOptions, run_dump

    job = _make_job(**options)
    config = job.config.replace(max_bytes=max_bytes or None, max_seconds=max_seconds or None)
    templates = TemplateOptions(template_min_pages, template_min_share) if site_templates else None
    dump_options = DumpOptions(
        inputs=inputs,
        output=output,
        jobs=jobs or os.cpu_count() or 1,
        read=ReadOptions(
            field, id_field, url_field, job.input_format,  # type: ignore[arg-type]
            max_record_bytes=max_record_bytes, keep_fields=keep_fields,
        ),
        clean=CleanOptions(config, job.encoding, with_report),
        errors=errors_path,
        report=report_path,
        resume=resume,
        max_failure_rate=max_failure_rate,
        templates=templates,
        chunk_records=chunk_size,
        checkpoint_seconds=checkpoint_every,
        progress=progress,
    )  # fmt: skip
    streams = [loc for loc in (output, errors_path, report_path) if loc and is_stream(loc)]
    then = "" if streams else "; --resume continues it"
    try:
        summary = run_dump(dump_options)
    except DeclutterError as error:
        raise click.UsageError(str(error)) from None
    except KeyboardInterrupt as error:
        stopped = terminated(error)
        _error(
            f"{TERMINATED if stopped else 'interrupted'}; run the same command with --resume "
            "to continue"
        )
        return EXIT_TERMINATED if stopped else EXIT_INTERRUPTED
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        _error(f"dump stopped: {_reason(error)}{where}{then}")
        return EXIT_FAILED
    except BrokenExecutor as error:
        _error(f"dump stopped: a worker pool could not be started again ({error}){then}")
        return EXIT_FAILED
    for row in summary.lines():
        click.echo(row, err=True)
    if summary_path is not None:
        import json

        with AtomicFile(summary_path) as atomic:
            atomic.text.write(json.dumps(summary.to_dict(), indent=2) + "\n")
    return EXIT_OK if summary.ok else EXIT_PARTIAL


def main() -> None:
    """Entry point of the ``declutter`` script (SIGTERM stops it as Ctrl-C does, exit 143)."""
    with sigterm_raises():
        cli.main(prog_name="declutter")


# Inputs and outputs.


def _attempt(name: str, job: _Job, target: Path | None, *, emit: bool = True) -> Result | None:
    """Read, decode and clean one input and write its text; on failure say why on stderr."""
    try:
        data = _read(name)
        result = job.clean(name, data)
        if emit:
            body = job.output(result, name).encode("utf-8")
            if body:
                body += b"\n"
            if target is None:
                stdout = sys.stdout.buffer
                stdout.write(body)
                stdout.flush()
            else:
                with AtomicFile(target) as atomic:
                    atomic.stream.write(body)
        return result
    except BrokenPipeError:
        raise
    except OSError as error:
        where = f" ({error.filename})" if error.filename not in (None, name) else ""
        _error(f"{_display(name)}: {_reason(error)}{where}")
    except DeclutterError as error:
        _error(f"{_display(name)}: {error}")
    except Exception as error:
        if os.environ.get("DECLUTTER_DEBUG"):
            raise
        _error(
            f"{_display(name)}: internal error ({type(error).__name__}: {error}); "
            "set DECLUTTER_DEBUG=1 for a traceback"
        )
    return None


def _inputs(files: tuple[str, ...], *, alternative: str = "") -> tuple[str, ...]:
    """The inputs named, or standard input when none is and it is not a terminal."""
    if files:
        return files
    if not _stdin_is_terminal():
        return ("-",)
    raise click.UsageError(f"give FILE... ('-' for standard input), or pipe the input{alternative}")


def _stdin_is_terminal() -> bool:
    return sys.stdin is None or sys.stdin.isatty()


def _read(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    return Path(name).read_bytes()


def _plan_outputs(
    files: Sequence[str], output: Path | None, suffix: str = ".txt"
) -> list[Path | None]:
    """Where each input's text goes: stdout (``None``), the ``-o`` file, or a file in ``-o``."""
    if output is None or str(output) == "-":
        return [None] * len(files)
    as_directory = output.is_dir() or str(output).endswith(("/", os.sep))
    if len(files) == 1 and not as_directory:
        if not output.parent.is_dir():
            raise click.UsageError(f"-o {output}: directory {output.parent} does not exist")
        _refuse_overwriting_inputs(f"-o {output}", output, files)
        return [output]
    if output.exists() and not output.is_dir():
        raise click.UsageError(f"-o {output}: with several inputs, -o must name a directory")
    targets: list[Path | None] = []
    seen: dict[Path, str] = {}
    inputs = {Path(name).resolve() for name in files if name != "-"}
    for name in files:
        target = output / (("stdin" if name == "-" else Path(name).stem) + suffix)
        if target in seen:
            raise click.UsageError(f"{seen[target]} and {name} would both be written to {target}")
        if target.resolve() in inputs:
            raise click.UsageError(f"-o {output}: {target} would overwrite an input")
        _refuse_overwriting_inputs(f"-o {output}", target, files)
        seen[target] = name
        targets.append(target)
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise click.UsageError(f"-o {output}: {_reason(error)}") from None
    return targets


def _refuse_overwriting_inputs(option: str, target: Path, files: Sequence[str]) -> None:
    """A usage error if ``target`` is one of the input ``files``, by name, through a symbolic
    link or as a hard link (the same file on disk)."""
    try:
        written = target.stat()
    except OSError:  # no such file yet: nothing to overwrite
        return
    for name in files:
        if name == "-":
            continue
        try:
            read = os.stat(name)
        except OSError:
            continue
        if (read.st_dev, read.st_ino) == (written.st_dev, written.st_ino):
            raise click.UsageError(f"{option}: {target} is the input {name}, it would overwrite it")


def _same_path(one: Path, other: Path) -> bool:
    if one.resolve() == other.resolve():
        return True
    try:
        return one.samefile(other)
    except OSError:
        return False


def _open_report(
    path: Path | None, output: Path | None, files: Sequence[str] = ()
) -> AtomicFile | None:
    if path is None:
        return None
    if str(path) == "-":
        if output is None:
            raise click.UsageError("--report - writes to stdout, so the text needs -o")
        return AtomicFile(None)
    if path.is_dir():
        raise click.UsageError(f"--report {path}: is a directory")
    _refuse_overwriting_inputs(f"--report {path}", path, files)
    if output is not None and str(output) != "-" and _same_path(path, output):
        raise click.UsageError(f"--report {path}: is also the -o target")
    try:
        return AtomicFile(path)
    except OSError as error:
        raise click.UsageError(f"--report {path}: {_reason(error)}") from None


def _exit_code(processed: int, total: int) -> int:
    if processed == total:
        return EXIT_OK
    return EXIT_PARTIAL if processed else EXIT_FAILED


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def _display(name: str) -> str:
    return "<stdin>" if name == "-" else name


def _error(message: str) -> None:
    click.echo(f"declutter: error: {message}", err=True)


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the exit flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass
