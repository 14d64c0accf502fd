"""Issue 10, class 5: a heading must look like one, and list items keep their own kind.

``context.heading`` labels kept lines right before kept text. In HTML mode only lines of
``h1``-``h6`` qualify; in text mode a short capitalised line without end punctuation, colon or
bullet that introduces prose. Chrome lines a model kept ("Tagged:", "Audios and videos on the
topic") and the items of a kept list are not headings, so ``--drop heading`` cannot delete a
list and Markdown output does not turn list items into ``##`` lines.
"""

from __future__ import annotations

import pytest

import declutter
from declutter import Kind, native

PROSE = (
    "The harbour authority said on Tuesday that the old ferry terminal would close next "
    "spring, after forty years of service to the islands and their visitors."
)
MORE = (
    "Passengers will move to a new terminal on the north quay, which the authority says is "
    "easier to reach by bus and has room for larger ships in the winter."
)
THIRD = (
    "Local traders, who depend on day visitors, asked for a shuttle service during the first "
    "summer, and the authority agreed to pay for one out of its own budget."
)
FOURTH = (
    "The council will review the timetable in the autumn, when the first figures on "
    "passenger numbers are expected from the operator and the port."
)
LIST_PAGE = (
    "<html><body><article><h1>The old ferry terminal closes</h1>"
    f"<p>{PROSE}</p><h2>What changes for passengers</h2><p>{MORE}</p>"
    "<ul><li>New terminal on the north quay</li><li>Shuttle bus in the first summer</li>"
    "<li>Timetable review in the autumn</li></ul>"
    f"<p>{PROSE.replace('Tuesday', 'Wednesday')}</p></article></body></html>"
)
BOTH = pytest.mark.parametrize("compiled", [False, True], ids=["python", "compiled"])


def _kinds(result: declutter.Result) -> dict[str, Kind]:
    return {line.text: line.kind for line in result.lines if line.text}


@BOTH
def test_html_list_items_keep_their_kind(compiled: bool) -> None:
    with native.use(compiled):
        result = declutter.clean_html(LIST_PAGE)
    kinds = _kinds(result)
    assert kinds["What changes for passengers"] is Kind.HEADING
    for item in ("New terminal on the north quay", "Shuttle bus in the first summer"):
        assert kinds[item] is Kind.CONTENT, item
    heading = next(line for line in result.lines if line.text == "What changes for passengers")
    assert heading.rule in ("context.heading", "html.heading")
    assert heading.evidence.startswith("<h2>")


@BOTH
def test_dropping_headings_keeps_a_list(compiled: bool) -> None:
    with native.use(compiled):
        result = declutter.clean_html(LIST_PAGE, kept_kinds=[Kind.CONTENT, Kind.CAPTION])
    assert "Shuttle bus in the first summer" in result.text
    assert "What changes for passengers" not in result.text


def test_markdown_does_not_make_list_items_headings() -> None:
    markdown = declutter.clean_html(LIST_PAGE, output="markdown").markdown
    assert "## What changes for passengers" in markdown
    assert "# New terminal" not in markdown and "# Shuttle" not in markdown


@BOTH
def test_a_text_heading_introduces_prose(compiled: bool) -> None:
    text = f"{PROSE}\n\n{MORE}\n\nWhat changes for passengers\n\n{THIRD}\n\n{FOURTH}\n"
    with native.use(compiled):
        result = declutter.clean_text(text)
    kinds = _kinds(result)
    assert kinds["What changes for passengers"] is Kind.HEADING
    line = next(line for line in result.lines if line.text == "What changes for passengers")
    assert line.rule == "context.heading"
    assert line.evidence == "short line (4 words, no end punctuation) before kept prose line 7"


@BOTH
@pytest.mark.parametrize(
    "line",
    ["Tagged:", "Ingredients:", "- Shuttle bus in the first summer", "and the islands beyond"],
)  # fmt: skip
def test_text_lines_that_do_not_look_like_headings_are_not_headings(
    compiled: bool, line: str
) -> None:
    """Each is kept (the model's verdict) before prose, so only its look keeps it content."""
    text = f"{PROSE}\n\n{MORE}\n\n{line}\n\n{THIRD}\n\n{FOURTH}\n"
    with native.use(compiled):
        result = declutter.clean_text(text)
    (kept,) = [entry for entry in result.lines if entry.text == line]
    assert kept.kept
    assert kept.kind is Kind.CONTENT


@BOTH
def test_a_short_line_before_short_lines_is_not_a_heading(compiled: bool) -> None:
    """'Audios and videos on the topic' before a list of teaser titles introduces no prose."""
    text = (
        f"{PROSE}\n\n{MORE}\n\nAudios and videos on the topic\n\nFerry strike ends after a week\n\n"
        f"New quay opens to traffic\n\n{THIRD}\n"
    )
    with native.use(compiled):
        result = declutter.clean_text(text)
    (line,) = [entry for entry in result.lines if entry.text == "Audios and videos on the topic"]
    assert line.kept
    assert line.kind is Kind.CONTENT
