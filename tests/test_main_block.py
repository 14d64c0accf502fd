"""Issue 10, class 1: context revision may move a line; it must not erase a page's main block.

The context models look at a line's neighbours; on a page whose article is laid out unusually
they can score every paragraph of it below the threshold, and the page keeps nothing, or one
line of 35 paragraphs. ``context.main_block`` gives the main block (the largest run of prose
the line model keeps, when it holds most of the page's prose) its context-free verdict back
when context revision removed most of it and the page kept fewer than three content lines.
"""

from __future__ import annotations

import gzip
import random
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest

from declutter import Kind, native
from declutter._config import Config
from declutter._result import Decisions
from declutter.decide.cascade import decide
from declutter.decide.context import MAIN_BLOCK_GAP, MAIN_BLOCK_MIN_ROWS
from declutter.decide.scoring import Engine, PageFeatures
from declutter.rules.lexicon import load_lexicon

FIXTURES = Path(__file__).parent / "fixtures" / "html"

_WORDS = [
    "harbour",
    "council",
    "ferry",
    "island",
    "terminal",
    "quay",
    "spring",
    "winter",
    "summer",
    "autumn",
    "traders",
    "visitors",
    "shuttle",
    "budget",
    "timetable",
    "operator",
    "passengers",
    "figures",
    "service",
    "review",
    "bus",
    "ships",
    "north",
    "south",
    "market",
    "school",
    "bridge",
    "river",
    "station",
    "library",
    "museum",
    "garden",
    "hospital",
    "road",
    "tunnel",
    "village",
]


def _paragraph(number: int) -> str:
    """A sentence of its own (no two alike, so none is a near duplicate of another)."""
    rng = random.Random(number)
    return f"In {1900 + number} the " + " ".join(rng.choices(_WORDS, k=18)) + " were discussed."


ARTICLE = [_paragraph(number) for number in range(35)]
CHROME = ["Top stories today", "More from the region", "Our partner sites", "Weather outlook"]


class _FixedScores(Engine):
    """The real engine (lexicon, measurements), with the models' scores given per line."""

    def __init__(self, line_scores: Sequence[float], scores: Sequence[float]) -> None:
        super().__init__(load_lexicon(("en",)), None, ())
        self.fixed = np.asarray(line_scores), np.asarray(scores)

    def score(
        self,
        features: PageFeatures,
        *,
        context: bool,
        check: Callable[[str], None] | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        line_scores, scores = self.fixed
        rows = features.rows
        return line_scores[rows], scores[rows]


def _decide(
    lines: list[str], line_scores: list[float], scores: list[float], compiled: bool
) -> Decisions:
    with native.use(compiled):
        return decide(lines, "en", Config(), _FixedScores(line_scores, scores))


def _page(kept_by_context: int) -> tuple[list[str], list[float], list[float]]:
    """Chrome, then 35 paragraphs the line model keeps (0.62) and the context models drop
    (0.30), except the first ``kept_by_context`` of them (0.70)."""
    lines = [*CHROME, *ARTICLE]
    line_scores = [0.05] * len(CHROME) + [0.62] * len(ARTICLE)
    scores = [0.05] * len(CHROME) + [
        0.70 if number < kept_by_context else 0.30 for number in range(len(ARTICLE))
    ]
    return lines, line_scores, scores


@pytest.mark.parametrize("compiled", [False, True], ids=["python", "compiled"])
def test_one_kept_line_of_35_paragraphs_gets_its_article_back(compiled: bool) -> None:
    lines, line_scores, scores = _page(kept_by_context=1)
    decisions = _decide(lines, line_scores, scores, compiled)
    article = range(len(CHROME), len(lines))
    assert all(decisions.kinds[row] is Kind.CONTENT for row in article)
    assert all(decisions.kept[row] for row in article)
    assert {decisions.rules[row] for row in article} == {"model.context", "context.main_block"}
    assert sum(decisions.rules[row] == "context.main_block" for row in article) == 34
    assert not any(decisions.kept[row] for row in range(len(CHROME)))
    evidence = decisions.evidence(len(CHROME) + 5)
    assert evidence.startswith("line alone 0.62 >= 0.45 in the main block (lines 5-39")
    assert "context revision removed 97% of it" in evidence


@pytest.mark.parametrize("compiled", [False, True], ids=["python", "compiled"])
def test_a_page_that_keeps_its_article_is_left_to_context_revision(compiled: bool) -> None:
    lines, line_scores, scores = _page(kept_by_context=MAIN_BLOCK_MIN_ROWS)
    decisions = _decide(lines, line_scores, scores, compiled)
    assert "context.main_block" not in decisions.rules
    assert sum(decisions.kept) == MAIN_BLOCK_MIN_ROWS


@pytest.mark.parametrize("compiled", [False, True], ids=["python", "compiled"])
def test_prose_outside_the_main_block_is_not_given_back(compiled: bool) -> None:
    """Three blocks of prose of the same size: none holds most of the page's prose."""
    gap = [*CHROME, *CHROME]
    lines = [*ARTICLE[:11], *gap, *ARTICLE[11:22], *gap, *ARTICLE[22:33]]
    line_scores = [0.05 if line in CHROME else 0.62 for line in lines]
    scores = [0.30] * len(lines)
    decisions = _decide(lines, line_scores, scores, compiled)
    assert "context.main_block" not in decisions.rules


def test_the_main_block_is_the_largest_run_of_prose() -> None:
    lines, line_scores, scores = _page(kept_by_context=0)
    lines[20] = "Advertisement"
    line_scores[20] = 0.05
    decisions = _decide(lines, line_scores, scores, compiled=False)
    assert all(decisions.kept[row] for row in range(len(CHROME), len(lines)) if row != 20)
    assert decisions.kinds[20] is not Kind.CONTENT


def test_a_real_page_whose_article_context_revision_erased() -> None:
    """artmann.co (WCXB dev 2498): every paragraph scores 0.5-0.7 alone and is removed in
    context; without the guard the page kept nothing and the prose fallback kept 169 lines,
    three times the article."""
    import declutter

    html = gzip.decompress((FIXTURES / "wcxb-article-2498.html.gz").read_bytes())
    result = declutter.clean_html(html)
    guarded = [line for line in result.lines if line.rule == "context.main_block"]
    assert len(guarded) >= 60
    assert not any(line.rule == "context.prose_fallback" for line in result.lines)
    assert 0.8 < len(result.text) / 22_053 < 2.0  # the gold main text has 22,053 characters


@pytest.mark.parametrize("compiled", [False, True], ids=["python", "compiled"])
def test_only_the_main_block_is_given_back_and_its_evidence_says_which(compiled: bool) -> None:
    """A small run of prose, more than ``MAIN_BLOCK_GAP`` chrome rows, then the main run."""
    small, large = ARTICLE[:3], ARTICLE[3:33]
    lines = [*small, *CHROME, "Sign in", *large]
    line_scores = [0.62] * 3 + [0.05] * 5 + [0.62] * 30
    scores = [0.30] * len(lines)
    decisions = _decide(lines, line_scores, scores, compiled)
    assert MAIN_BLOCK_GAP < 5
    assert [decisions.kept[row] for row in range(8)] == [False] * 8
    assert all(decisions.rules[row] == "context.main_block" for row in range(8, 38))
    share = round(100 * sum(map(len, large)) / sum(map(len, [*small, *large])))
    assert decisions.evidence(8) == (
        f"line alone 0.62 >= 0.45 in the main block (lines 9-38, {share}% of the page's "
        "prose); context revision removed 100% of it"
    )
