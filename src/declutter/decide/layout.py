"""How kept lines relate to each other: headings (step ``headings``) and the blank lines kept
between paragraphs (step ``separators``), once every other step has decided what is kept.

``mark_headings`` (``context.heading``): a kept content line right before a kept line is a
heading when it looks like one. In HTML mode that is a line of an ``h1``-``h6`` element (list
items, table rows, paragraphs and the rest keep their kind, whatever their length). In text mode
it is a short line (at most ``HEADING_MAX_WORDS`` words) that starts with a capital, digit or
uncased letter, has no end punctuation, no final colon and no list bullet, and is followed by
prose (``PROSE_MIN_WORDS`` words or more, ending a sentence). Lines the DOM step decided (a line
of a code block, a line of the JSON-LD article body) and preformatted lines keep their own kind.
``keep_separators`` (``blank_line``): the first blank line between two kept lines is kept, so
that paragraphs stay apart.
"""

from __future__ import annotations

from declutter._result import Kind
from declutter.decide.context import PROSE_MIN_WORDS
from declutter.decide.page import Page

HEADING_MAX_WORDS = 12
_DOM_RULES = "html."


def mark_headings(page: Page) -> None:
    """Kept content lines that look like headings, right before kept text, become headings."""
    measured = page.features.measured
    words, terminal = measured.words.tolist(), measured.terminal.tolist()
    rows, decisions = page.rows, page.decisions
    kinds, kept, rules = decisions.kinds, decisions.kept, decisions.rules
    verbatim = page.preformatted
    blocks = page.dom.block_kind if page.dom is not None else None
    if blocks is None:
        titled = (
            (measured.words <= HEADING_MAX_WORDS)
            & ~measured.terminal
            & ~measured.colon_end
            & ~measured.first_lower
            & ~measured.bullet_start
        ).tolist()
    for position in range(len(rows) - 1):
        index, following = rows[position], rows[position + 1]
        if not (
            kinds[index] is Kind.CONTENT
            and kept[index]
            and kept[following]
            and not rules[index].startswith(_DOM_RULES)
            and not verbatim[index]
        ):
            continue
        if blocks is not None:
            level = blocks[index].heading_level
            if level:
                decisions.set(
                    index, Kind.HEADING, "context.heading", "<h%d> line before kept line %d",
                    level, following + 1,
                )  # fmt: skip
        elif titled[position] and words[position + 1] >= PROSE_MIN_WORDS and terminal[position + 1]:
            decisions.set(
                index, Kind.HEADING, "context.heading",
                "short line (%d words, no end punctuation) before kept prose line %d",
                words[position], following + 1,
            )  # fmt: skip


def keep_separators(page: Page) -> None:
    """Keep the first blank line between two kept lines and say why."""
    decisions = page.decisions
    kinds, kept = decisions.kinds, decisions.kept
    previous = -1
    last_kept: int | None = None
    blank: int | None = None
    for row in page.rows:
        if last_kept is not None and blank is None and row > previous + 1:
            blank = next((i for i in range(previous + 1, row) if kinds[i] is Kind.EMPTY), None)
        if kept[row]:
            if last_kept is not None and blank is not None:
                decisions.set(
                    blank, Kind.EMPTY, "blank_line",
                    "blank line kept as the separator of kept lines %d and %d",
                    last_kept + 1, row + 1, score=1.0, kept=True,
                )  # fmt: skip
            last_kept, blank = row, None
        previous = row
