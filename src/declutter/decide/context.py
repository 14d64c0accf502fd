"""Context revision by rule, after the context models (step ``context`` of the cascade).

``remove_after_end_marker`` (``context.after_end_marker``): when an end-of-article marker
("Load more", "Related", "About this blog") follows at least half of the document's content,
and what follows it is at most ``END_MARKER_TAIL_SHARE`` of what precedes it, the content after
it is removed, unless the article goes on after it (``article_goes_on``, HTML mode: an
in-article "Read more:" followed by more paragraphs of the same block is not an end).
``keep_prose_when_nothing_is_kept`` (``context.prose_fallback``): a document in
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
#: Rows of other kinds that may separate two prose rows of one block.
MAIN_BLOCK_GAP = 3
#: The main block's share of the page's prose, its prose rows, and the share of it that
#: context revision must have removed, for ``keep_main_block`` to give it back.
MAIN_BLOCK_SHARE = 0.5
MAIN_BLOCK_MIN_ROWS = 3
MAIN_BLOCK_LOST_SHARE = 0.5
#: The content rows after an end marker that must be more of the article for it not to end.
END_MARKER_FOLLOWING_ROWS = 2
#: Content rows that are not prose (the title a "Read more:" points to) allowed before them.
END_MARKER_SKIPPED_ROWS = 2


def revise_with_context(page: Page) -> None:
    """The context rules, with ``Config.context``."""
    if page.config.context:
        keep_main_block(page)
        remove_after_end_marker(page)
        keep_prose_when_nothing_is_kept(page)


def main_block(page: Page) -> tuple[int, int, int, int]:
    """The page's main block of prose by the line model alone: ``(first, last, chars,
    all_chars)``, positions among the rows of its first and last prose row, its prose
    characters and those of every block (``(0, -1, 0, 0)`` when there is no prose).

    A prose row is one the line model keeps (context-free content) with at least
    ``PROSE_MIN_WORDS`` words and end punctuation; a block is a run of prose rows with at
    most ``MAIN_BLOCK_GAP`` other rows between two of them.
    """
    measured = page.features.measured
    words, terminal = measured.words.tolist(), measured.terminal.tolist()
    chars = measured.chars.tolist()
    free = page.decisions.context_free_kinds
    best = (0, -1, 0)
    first, last, size, total = -1, -1, 0, 0
    for position, row in enumerate(page.rows):
        if not (
            free[row] is Kind.CONTENT and words[position] >= PROSE_MIN_WORDS and terminal[position]
        ):
            continue
        if first < 0 or position - last > MAIN_BLOCK_GAP + 1:
            if size > best[2]:
                best = (first, last, size)
            first, size = position, 0
        last = position
        size += chars[position]
        total += chars[position]
    if size > best[2]:
        best = (first, last, size)
    return best[0], best[1], best[2], total


def keep_main_block(page: Page) -> None:
    """Give the main block back the prose that context revision took from it.

    When one block holds at least ``MAIN_BLOCK_SHARE`` of the page's prose (by the line
    model), has at least ``MAIN_BLOCK_MIN_ROWS`` prose rows and the context models removed
    more than ``MAIN_BLOCK_LOST_SHARE`` of it, its prose rows are kept as the line model
    said: context revision may move a line, not erase a page's article.
    """
    first, last, size, total = main_block(page)
    if size == 0 or size < MAIN_BLOCK_SHARE * total:
        return
    rows, decisions = page.rows, page.decisions
    measured = page.features.measured
    words, terminal = measured.words.tolist(), measured.terminal.tolist()
    chars = measured.chars.tolist()
    free, kinds, rules = decisions.context_free_kinds, decisions.kinds, decisions.rules
    prose, lost = [], 0
    for position in range(first, last + 1):
        row = rows[position]
        if free[row] is Kind.CONTENT and words[position] >= PROSE_MIN_WORDS and terminal[position]:
            prose.append(position)
            if kinds[row] is Kind.BOILERPLATE and rules[row] == "model.context":
                lost += chars[position]
    if len(prose) < MAIN_BLOCK_MIN_ROWS or lost <= MAIN_BLOCK_LOST_SHARE * size:
        return
    if sum(kinds[row] is Kind.CONTENT for row in rows) >= MAIN_BLOCK_MIN_ROWS:
        return
    line_scores = page.line_scores.tolist()
    for position in prose:
        row = rows[position]
        if kinds[row] is Kind.BOILERPLATE and rules[row] == "model.context":
            decisions.set(
                row, Kind.CONTENT, "context.main_block",
                "line alone %.2f >= %.2f in the main block (lines %d-%d, %d%% of the page's "
                "prose); context revision removed %d%% of it",
                line_scores[position], page.config.threshold, rows[first] + 1, rows[last] + 1,
                round(100 * size / total), round(100 * lost / size),
            )  # fmt: skip


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
            if after <= END_MARKER_TAIL_SHARE * before and not article_goes_on(page, position):
                _remove_tail(page, position, after, before)
                return
        before += sizes[position]


def article_goes_on(page: Page, marker: int) -> bool:
    """Whether the rows after the end marker at ``marker`` (a position among the rows) are
    more of the article, so that the marker does not end it.

    After at most ``END_MARKER_SKIPPED_ROWS`` content rows that are not prose (the title the
    marker points to), the next ``END_MARKER_FOLLOWING_ROWS`` content rows (at least one) must
    be prose the line model keeps (``PROSE_MIN_WORDS`` words, end punctuation), and the first
    of them must be in the same block as the last content row before the marker. HTML mode
    only: text has no blocks to tell the story's paragraphs from a list of teasers with
    descriptions (tried on the development sets: it cut less chrome than it saved article). A
    comment-thread marker always ends the article (comments are prose too).
    """
    hit = page.features.hits[marker]
    if page.dom is None or hit is None or hit.rule_class == "comment":
        return False
    rows, decisions = page.rows, page.decisions
    kinds, free = decisions.kinds, decisions.context_free_kinds
    measured = page.features.measured
    words, terminal = measured.words, measured.terminal

    def prose(position: int) -> bool:
        return bool(
            free[rows[position]] is Kind.CONTENT
            and words[position] >= PROSE_MIN_WORDS
            and terminal[position]
        )

    following = [
        position
        for position in range(marker + 1, len(rows))
        if kinds[rows[position]] is Kind.CONTENT
    ]
    skipped = 0
    while following and skipped < END_MARKER_SKIPPED_ROWS and not prose(following[0]):
        following.pop(0)
        skipped += 1
    following = following[:END_MARKER_FOLLOWING_ROWS]
    if not following or not all(map(prose, following)):
        return False
    previous = next(
        (
            rows[position]
            for position in range(marker - 1, -1, -1)
            if kinds[rows[position]] is Kind.CONTENT
        ),
        None,
    )
    block_id = page.dom.block_id
    return previous is not None and block_id[previous] == block_id[rows[following[0]]]


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
