"""Context revision by rule, after the context models (step ``context`` of the cascade).

``remove_after_end_marker`` (``context.after_end_marker``): when an end-of-article marker
("Load more", "Related", "About this blog") follows at least half of the document's content,
and what follows it is at most ``END_MARKER_TAIL_SHARE`` of what precedes it, the content after
it is removed. ``keep_prose_when_nothing_is_kept`` (``context.prose_fallback``): a document in
which no line is content (by score, after the rules and the end marker) keeps its sentences.
"""

from __future__ import annotations

from declutter._result import Kind
from declutter.decide.page import Page
from declutter.rules.registry import END_MARKER_FAMILIES

#: Content after an end marker may be at most this share of the content before it.
END_MARKER_TAIL_SHARE = 0.25
#: Words a sentence needs to be kept when no line of the document reaches the threshold.
PROSE_MIN_WORDS = 6


def revise_with_context(page: Page) -> None:
    """Both context rules, with ``Config.context``."""
    if page.config.context:
        remove_after_end_marker(page)
        keep_prose_when_nothing_is_kept(page)


def remove_after_end_marker(page: Page) -> None:
    """Remove the content after an end marker that closes the main text."""
    rows, kinds = page.rows, page.decisions.kinds
    chars = page.features.measured.chars.tolist()
    sizes = [
        size if kinds[row] is Kind.CONTENT else 0 for size, row in zip(chars, rows, strict=True)
    ]
    total = sum(sizes)
    before = 0
    for position, hit in enumerate(page.features.hits):
        if hit is not None and hit.rule_class in END_MARKER_FAMILIES and before * 2 >= total:
            after = total - before
            if after <= END_MARKER_TAIL_SHARE * before:
                _remove_tail(page, position, after, before)
                return
        before += sizes[position]


def _remove_tail(page: Page, marker: int, after: int, before: int) -> None:
    rows, decisions = page.rows, page.decisions
    text = page.features.texts[marker][:60]
    line = rows[marker] + 1
    for position in range(marker + 1, len(rows)):
        index = rows[position]
        if decisions.kinds[index] is Kind.CONTENT:
            decisions.set(
                index, Kind.BOILERPLATE, "context.after_end_marker",
                'after end marker "%s" (line %d): %d content chars after it vs %d before (<= 25%%)',
                text, line, after, before,
            )  # fmt: skip


def keep_prose_when_nothing_is_kept(page: Page) -> None:
    """Keep the sentence-like lines of a document in which no line is content.

    Models trained on whole pages are unsure of a lone paragraph; an empty result for a
    document of prose would be the worst answer.
    """
    rows, decisions = page.rows, page.decisions
    kinds = decisions.kinds
    if any(kinds[row] is Kind.CONTENT for row in rows):
        return
    measured = page.features.measured
    words_of = measured.words.tolist()
    terminal, stop = measured.terminal.tolist(), measured.stopwords.tolist()
    for position, row in enumerate(rows):
        words = words_of[position]
        if (
            kinds[row] is Kind.BOILERPLATE
            and words >= PROSE_MIN_WORDS
            and terminal[position]
            and stop[position] > 0
        ):
            decisions.set(
                row, Kind.CONTENT, "context.prose_fallback",
                "no line reached the threshold; kept as prose (%d words, ends a sentence)", words,
            )  # fmt: skip
