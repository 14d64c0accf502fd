"""Long pages are scored a block of rows at a time (issue 13, bounded memory): the compiled
path never holds a context stage's whole matrix, gives the reference path's reports whatever
the block size, and checks the time budget between blocks."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

import declutter
from declutter import BudgetExceeded, _api, native
from declutter.decide import scoring
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
