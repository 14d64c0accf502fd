"""Long pages are scored a block of rows at a time (issue 13, bounded memory): the compiled
path never holds a context stage's whole matrix, gives the reference path's reports whatever
the block size, and checks the time budget between blocks."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator

import pytest

import declutter
from declutter import BudgetExceeded, _api, native
from declutter.decide import scoring
from declutter.features.budgeted import measure_lines
from declutter.features.text import line_features
from tests.documents import Document, all_documents

needs_kernel = pytest.mark.skipif(
    native.kernel("context") is None or native.kernel("trees") is None,
    reason=f"no compiled core: {native.status().missing}",
)


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(scoring, "BLOCK_ROWS", 3)
    yield


@needs_kernel
@pytest.mark.usefixtures("small_blocks")
@pytest.mark.parametrize("document", all_documents(), ids=lambda document: document.name)
def test_blocks_of_three_rows_give_the_reference_report(document: Document) -> None:
    compiled = document.clean()
    with native.use(False):
        reference = document.clean()
    assert compiled.report() == reference.report()
    assert compiled.text == reference.text


def test_blocks_cover_every_row_once_and_never_one_row_alone() -> None:
    size = scoring.BLOCK_ROWS
    for count in (0, 1, 2, size - 1, size, size + 1, size + 2, 3 * size, 3 * size + 1):
        blocks = list(scoring._blocks(count))
        if not count:
            assert blocks == []
            continue
        assert [low for low, _ in blocks] == [0, *(high for _, high in blocks[:-1])]
        assert (blocks[-1][1] if blocks else 0) == count
        assert all(high - low >= 2 for low, high in blocks) or count == 1


@needs_kernel
@pytest.mark.usefixtures("small_blocks")
def test_the_time_budget_is_checked_between_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A budget that runs out while the context stages score stops there, not at the end."""
    stages: list[str] = []
    original = _api.Budget.check

    def check(budget: _api.Budget, stage: str) -> None:
        stages.append(stage)
        if stage == "scoring" and stages.count("scoring") == 5:
            budget.deadline = time.perf_counter() - 1  # the budget is spent from here on
        original(budget, stage)

    monkeypatch.setattr(_api.Budget, "check", check)
    page = "\n".join(f"Line {i} of the page, with a few more words." for i in range(40))
    with pytest.raises(BudgetExceeded, match=r"max_seconds=60 \(stopped after scoring\)"):
        declutter.clean_text(page, max_seconds=60)
    assert stages.count("scoring") == 5


@pytest.mark.parametrize("compiled", [True, False])
def test_measuring_in_blocks_gives_the_whole_measurements(compiled: bool) -> None:
    """Blocks of 3 lines (the time budget checked between) measure what one pass measures:
    title matches against the first line, repeats over the whole document, long lines."""
    lines = [
        "Budget agreed | City News",
        "Share",
        "Budget agreed",
        "The council met on Monday, and it agreed the budget for two years. " * 4,
        "Share",
        "Budget agreed",
        "3 comments",
        "www.example.com",
        "Share",
        "Cookies help us. " * 20,
    ]
    calls: list[str] = []
    with native.use(compiled):
        whole = line_features(lines, "en", max_line_chars=200)
        blocks = measure_lines(lines, "en", max_line_chars=200, check=calls.append, block=3)
    assert calls == ["measuring the lines"] * 3
    assert whole.long_tokens == blocks.long_tokens and whole.long_tokens
    for field in dataclasses.fields(whole):
        if field.name != "long_tokens":
            expected, got = getattr(whole, field.name), getattr(blocks, field.name)
            assert expected.dtype == got.dtype, field.name
            assert expected.tolist() == got.tolist(), field.name


def test_measuring_stops_when_the_budget_runs_out() -> None:
    def check(stage: str) -> None:
        raise BudgetExceeded(stage)

    with pytest.raises(BudgetExceeded, match="measuring the lines"):
        measure_lines(["One line.", "Two lines."] * 3, "en", check=check, block=2)
