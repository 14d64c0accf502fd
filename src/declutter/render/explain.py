"""The ``explain`` listing: every line with its verdict and reason, then a summary.

Each input line gives two rows: the decision (number, verdict, kind, score, rule and evidence,
the context-free kind when context revision changed it, the DOM source in HTML mode), then the
line's text after ``|``. ``explain_plain`` yields plain rows cut to a width; ``explain_rich``
prints the same with colours through ``rich``.

>>> from declutter import clean_text
>>> result = clean_text("Load more\\nThe council met on Tuesday and agreed the budget.")
>>> rows = list(explain_plain(result, width=None))
>>> rows[0].split()[0], rows[1]
('1', '   | Load more')
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Literal

from rich.console import Console
from rich.text import Text

from declutter._result import Kind, Line, Result

Only = Literal["kept", "removed"]

#: Width of the kind column: the longest kind name.
_KIND_WIDTH = max(len(kind.value) for kind in Kind)
_KIND_STYLES: Mapping[Kind, str] = {
    Kind.CONTENT: "green",
    Kind.HEADING: "bold green",
    Kind.CAPTION: "green",
    Kind.EMPTY: "bright_black",
    Kind.NAVIGATION: "blue",
    Kind.BREADCRUMB: "blue",
    Kind.ACCESSIBILITY: "blue",
    Kind.RELATED: "blue",
    Kind.SHARE: "magenta",
    Kind.CALL_TO_ACTION: "magenta",
    Kind.NEWSLETTER: "magenta",
    Kind.COMMENT: "magenta",
    Kind.DUPLICATE: "cyan",
    Kind.SITE_TEMPLATE: "cyan",
}
_DEFAULT_KIND_STYLE = "yellow"


def want_colour(option: bool | None, *, isatty: bool, environ: Mapping[str, str]) -> bool:
    """Whether to colour: an explicit ``--color``/``--no-color`` wins, then ``NO_COLOR``, then tty.

    >>> want_colour(None, isatty=True, environ={"NO_COLOR": "1"})
    False
    >>> want_colour(None, isatty=True, environ={}), want_colour(None, isatty=False, environ={})
    (True, False)
    """
    if option is not None:
        return option
    if environ.get("NO_COLOR") or environ.get("TERM") == "dumb":
        return False
    return isatty


def selected(result: Result, only: Only | None) -> Iterator[Line]:
    """The lines of ``result``, or only the kept or removed ones (then without blank lines).

    >>> from declutter import clean_text
    >>> result = clean_text("Load more\\n\\nThe council met on Tuesday and agreed the budget.")
    >>> [line.number for line in selected(result, "removed")]
    [1]
    """
    for line in result.lines:
        if only is None or (line.kept == (only == "kept") and line.text.strip()):
            yield line


def explain_plain(
    result: Result, *, only: Only | None = None, width: int | None = 100
) -> Iterator[str]:
    """Plain rows: two per line, cut to ``width`` characters (``None``: never cut)."""
    digits = len(str(len(result.line_texts)))
    for line in selected(result, only):
        yield _cut(_decision(line, digits), width)
        yield _cut(" " * (digits + 2) + "| " + line.text, width)


def explain_rich(
    result: Result,
    console: Console,
    *,
    only: Only | None = None,
    width: int | None = None,
    full: bool = False,
) -> None:
    """Print the rows in colour: removed lines dim, verdicts red or green, kinds coloured.

    Rows are cut to ``width`` (default: the console's width) unless ``full`` is set.
    """
    limit = None if full else (width or console.width)
    digits = len(str(len(result.line_texts)))
    for line in selected(result, only):
        head = Text(f"{line.number:>{digits}}  ", style="bright_black")
        head.append(f"{_verdict(line):<7}  ", style="green" if line.kept else "red")
        head.append(f"{line.kind.value:<{_KIND_WIDTH}}", style=_kind_style(line))
        head.append(f"  {line.score:.2f}  ")
        head.append(line.rule, style="cyan")
        head.append(f": {line.evidence}" if line.evidence else "")
        head.append(_extras(line), style="bright_black")
        body = Text(" " * (digits + 2) + "| ", style="bright_black")
        body.append(line.text, style="" if line.kept else "dim")
        for row in (head, body):
            if limit is not None:
                row.truncate(limit, overflow="ellipsis")
            console.print(row, no_wrap=limit is not None, crop=limit is not None)
    console.print()
    for index, total in enumerate(summary(result)):
        console.print(Text(total, style="bold" if index == 0 else ""))


def summary(result: Result) -> list[str]:
    """Totals, then lines and characters removed per kind (most characters first)."""
    stats = result.stats
    removed = stats.lines_total - stats.lines_kept
    share = stats.chars_kept / stats.chars_total if stats.chars_total else 1.0
    rows = [
        f"{stats.lines_total} lines: {stats.lines_kept} kept, {removed} removed; "
        f"{stats.chars_kept} of {stats.chars_total} characters kept ({share:.0%}); "
        f"format {result.format.value}, language {result.language}"
    ]
    if stats.removed:
        rows.append("removed by kind:")
        ordered = sorted(
            stats.removed.items(), key=lambda item: (-item[1].chars, -item[1].lines, item[0].value)
        )
        for kind, count in ordered:
            rows.append(
                f"  {kind.value:<{_KIND_WIDTH}}  {count.lines:>6} lines  {count.chars:>9} chars"
            )
    return rows


def _decision(line: Line, digits: int) -> str:
    row = (
        f"{line.number:>{digits}}  {_verdict(line):<7}  {line.kind.value:<{_KIND_WIDTH}}"
        f"  {line.score:.2f}  {line.rule}"
    )
    if line.evidence:
        row += f": {line.evidence}"
    return row + _extras(line)


def _extras(line: Line) -> str:
    extras = ""
    if line.context_free_kind != line.kind:
        extras += f"  (context-free: {line.context_free_kind.value})"
    if line.source is not None:
        extras += f"  @ {line.source}"
    return extras


def _verdict(line: Line) -> str:
    return "kept" if line.kept else "removed"


def _kind_style(line: Line) -> str:
    if line.kept:
        return "green"
    return _KIND_STYLES.get(line.kind, _DEFAULT_KIND_STYLE)


def _cut(row: str, width: int | None) -> str:
    if width is None or len(row) <= width:
        return row
    return row[: max(width - 1, 0)] + "…"
