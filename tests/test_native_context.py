"""The compiled context kernel gives the reference path's stage matrices, byte for byte.

``PageFeatures.context_columns`` returns a context stage's whole matrix (line columns,
``CONTEXT`` and, in HTML mode, ``DOM_CONTEXT``); each test computes it with the compiled kernel
and with ``declutter.native.use(False)`` and compares the bytes (and the ``DOM`` columns of HTML pages the same way): on the pages of every fixture
and probe (with the pipeline's own scores and with random ones), on random documents and on
random line columns fed to the kernel directly (0, 1 and 100,000 lines, ties, scores of 0, 0.5
and 1, NaN).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from declutter import native
from declutter.decide import scoring
from declutter.decide.scoring import PageFeatures
from declutter.features.columns import FloatArray
from declutter.features.context import CONTEXT, ContextDocument, ContextInputs
from declutter.features.dom import _INDEX, DOM, DOM_CONTEXT, DomContextInputs, DomInputs
from declutter.features.line import LINE, rule_code
from declutter.rules.lexicon import load_lexicon
from declutter.rules.registry import END_MARKER_FAMILIES
from declutter.segment.html import segment_html
from tests.documents import ARTICLE, HTML_ARTICLE, Document, all_documents
from tests.test_native import _LINES, _html

KERNEL = native.kernel("context")
needs_kernel = pytest.mark.skipif(
    KERNEL is None, reason=f"no compiled context kernel: {native.status().missing}"
)
_MARKERS = [float(rule_code(family)) for family in END_MARKER_FAMILIES]


def _assert_identical(page: PageFeatures, scores: FloatArray) -> None:
    compiled = page.context_columns(scores)
    with native.use(False):
        reference = page.context_columns(scores)
    assert compiled.dtype == np.float64 and compiled.flags.c_contiguous
    assert compiled.shape == reference.shape
    assert compiled.tobytes() == reference.tobytes()


def _assert_dom_identical(page: PageFeatures) -> None:
    compiled = page._dom_columns()
    with native.use(False):
        reference = page._dom_columns()
    assert compiled.dtype == np.float64 and compiled.flags.c_contiguous
    assert compiled.shape == reference.shape == (len(DOM.names), len(page.rows))
    assert compiled.tobytes() == reference.tobytes()


@contextmanager
def _recording() -> Iterator[list[tuple[PageFeatures, FloatArray]]]:
    """Record every context stage's page and scores while documents are cleaned."""
    calls: list[tuple[PageFeatures, FloatArray]] = []
    original = scoring.PageFeatures.context_columns

    def record(page: PageFeatures, scores: FloatArray) -> FloatArray:
        calls.append((page, scores.copy()))
        return original(page, scores)

    scoring.PageFeatures.context_columns = record  # type: ignore[method-assign]
    try:
        yield calls
    finally:
        scoring.PageFeatures.context_columns = original  # type: ignore[method-assign]


def _random_scores(rng: np.random.Generator, count: int) -> FloatArray:
    """Scores with ties, exact 0, 0.5 and 1, and values that are neither."""
    scores = rng.random(count)
    ties = rng.random(count) < 0.4
    scores[ties] = rng.choice([0.0, 0.5, 1.0, 0.25, 0.75], size=int(ties.sum()))
    return scores


def _check_document(document: Document, seed: int = 0) -> None:
    with _recording() as calls:
        document.clean()
    rng = np.random.default_rng(seed)
    for page, scores in calls:
        if page.dom is not None:
            _assert_dom_identical(page)
        _assert_identical(page, scores)
        _assert_identical(page, _random_scores(rng, len(scores)))
        _assert_identical(page, np.full(len(scores), 0.5))


@needs_kernel
def test_self_test_passes() -> None:
    assert KERNEL is not None and KERNEL.self_test() is None
    assert CONTEXT.names == KERNEL.CONTEXT_NAMES
    assert DOM_CONTEXT.names == KERNEL.DOM_CONTEXT_NAMES
    assert DOM.names == KERNEL.DOM_NAMES


@needs_kernel
@pytest.mark.parametrize("document", all_documents(), ids=lambda d: d.name)
def test_document_stage_matrices_identical(document: Document) -> None:
    _check_document(document)


@needs_kernel
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(_LINES, max_size=40), seed=st.integers(0, 2**32 - 1))
def test_text_stage_matrices_identical(lines: list[str], seed: int) -> None:
    _check_document(Document("property", "\n".join(lines), "text"), seed)


@needs_kernel
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page=_html(), seed=st.integers(0, 2**32 - 1))
def test_html_stage_matrices_identical(page: str, seed: int) -> None:
    _check_document(Document("property", page, "html"), seed)


@needs_kernel
def test_long_documents_identical() -> None:
    chrome = ["Share", "Load more", "Related", "Cookies", "© 2024", "Read more:", "Comments"]
    rng = np.random.default_rng(7)
    paragraphs = ARTICLE.split("\n\n")
    lines = [
        str(rng.choice(paragraphs)) if rng.random() < 0.6 else str(rng.choice(chrome))
        for _ in range(1500)
    ]
    _check_document(Document("long-text", "\n".join(["Ferry terminal", *lines]), "text"))
    items = "".join(f"<li><a href='/{i}'>{rng.choice(chrome)} {i}</a></li>" for i in range(400))
    page = f"<nav><ul>{items}</ul></nav><article>{HTML_ARTICLE * 50}</article><footer>{items}"
    _check_document(Document("long-html", page, "html"))


@needs_kernel
def test_one_line_and_empty_pages() -> None:
    lexicon = load_lexicon(("en",))
    page = PageFeatures(["The council met on Monday, and it agreed."], "en", lexicon)
    for score in (0.0, 0.5, 1.0, 0.7):
        _assert_identical(page, np.array([score]))
    empty = PageFeatures(["", "  "], "en", lexicon)
    _assert_identical(empty, np.zeros(0))
    assert empty.context_columns(np.zeros(0)).shape == (len(empty.layouts[1].names), 0)


class _Dom:
    """What ``DOM_CONTEXT`` reads of a page's ``DomInputs``: container codes and characters."""

    def __init__(self, levels: list[FloatArray], chars: FloatArray) -> None:
        self.levels = levels
        self.chars = chars


def _random_page(rng: np.random.Generator, count: int) -> tuple[FloatArray, ContextDocument, _Dom]:
    """Random line columns (realistic in the four ``ContextDocument`` reads) and DOM inputs."""
    lengths = rng.integers(1, 300, count).astype(np.float64)
    lengths[rng.random(count) < 0.1] = 1e5
    codes = np.array([0.0, 0.0, 3.0, *_MARKERS], np.float64)
    rows = rng.random((len(LINE.names), count))
    named = {
        "log_chars": np.log1p(lengths),
        "terminal": (rng.random(count) < 0.5).astype(np.float64),
        "rule_class": rng.choice(codes, count),
        "title_match": (rng.random(count) < rng.choice([0.0, 0.01, 0.3])).astype(np.float64),
    }
    for name, values in named.items():
        rows[LINE.names.index(name)] = values
    document = ContextDocument(dict(zip(LINE.names, rows, strict=True)))
    levels, current = [], np.arange(count)
    for _ in range(3):
        current = current // int(rng.integers(1, 6))
        levels.append(np.unique(current, return_inverse=True)[1].reshape(-1))
    return rows, document, _Dom(levels, rng.integers(0, 400, count) * 1.0)


def _reference(
    rows: FloatArray, document: ContextDocument, dom: _Dom, scores: FloatArray
) -> FloatArray:
    count = len(scores)
    return np.concatenate(
        [
            rows,
            CONTEXT.columns(ContextInputs(document, scores), count, document.cache),
            DOM_CONTEXT.columns(DomContextInputs(dom, scores), count),  # type: ignore[arg-type]
        ]
    )


def _check_kernel(rng: np.random.Generator, count: int, stages: int = 3) -> None:
    assert KERNEL is not None
    rows, document, dom = _random_page(rng, count)
    compiled = KERNEL.PageContext(rows, dom)
    for _ in range(stages):
        scores = _random_scores(rng, count)
        assert (
            compiled.columns(scores).tobytes() == _reference(rows, document, dom, scores).tobytes()
        )


@needs_kernel
@settings(max_examples=300, deadline=None)
@given(count=st.integers(0, 400), seed=st.integers(0, 2**32 - 1))
def test_kernel_random_columns_identical(count: int, seed: int) -> None:
    _check_kernel(np.random.default_rng(seed), count)


@needs_kernel
@pytest.mark.parametrize("count", [0, 1, 2, 7, 8, 9, 127, 128, 129, 1000, 100_000])
def test_kernel_sizes_identical(count: int) -> None:
    _check_kernel(np.random.default_rng(count), count, stages=2)


@needs_kernel
@settings(max_examples=200, deadline=None)
@given(
    count=st.integers(1, 300),
    cuts=st.lists(st.floats(0, 1), max_size=6),
    seed=st.integers(0, 2**32 - 1),
)
def test_a_stage_in_blocks_of_rows_gives_the_same_columns(
    count: int, cuts: list[float], seed: int
) -> None:
    """``ContextStage.columns(lo, hi)`` is the columns' slice, however the rows are split
    (the compiled scoring path makes a long page's columns a block of rows at a time)."""
    assert KERNEL is not None
    rng = np.random.default_rng(seed)
    rows, _, dom = _random_page(rng, count)
    compiled = KERNEL.PageContext(rows, dom)
    scores = _random_scores(rng, count)
    whole = compiled.columns(scores)
    stage = compiled.stage(scores)
    edges = sorted({0, count, *(int(cut * count) for cut in cuts)})
    blocks = [stage.columns(low, high) for low, high in itertools.pairwise(edges)]
    assert all(block.flags.c_contiguous for block in blocks)
    assert np.concatenate(blocks, axis=1).tobytes() == whole.tobytes()
    assert stage.columns(count, count).shape == (whole.shape[0], 0)
    with pytest.raises(ValueError):
        stage.columns(1, count + 1)


@needs_kernel
def test_kernel_bad_scores_do_not_crash() -> None:
    assert KERNEL is not None
    rng = np.random.default_rng(1)
    rows, document, dom = _random_page(rng, 50)
    compiled = KERNEL.PageContext(rows, dom)
    scores = _random_scores(rng, 50)
    scores[[3, 20]] = np.nan
    expected = _reference(rows, document, dom, scores)
    np.testing.assert_array_equal(compiled.columns(scores), expected)
    with pytest.raises(ValueError):
        compiled.columns(np.zeros(49))


@needs_kernel
@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("[]0123456789٣߂a.>_ \u0660\U0001d7ce"), max_size=30))
def test_paths_without_indices_identical(source: str) -> None:
    assert KERNEL is not None
    for path in (source, f"body>div[{source}]>p", f"li[12]{source}[3]"):
        assert KERNEL.without_indices(path) == _INDEX.sub("", path)


@needs_kernel
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page=_html(), ends=st.lists(st.sampled_from(["", "\0", "[3]", "\0\0", "x"]), min_size=1))
def test_dom_columns_identical_with_odd_paths(page: str, ends: list[str]) -> None:
    """Tag paths that differ only in trailing NULs (which ``np.unique`` ignores) or indices."""
    assert KERNEL is not None
    doc = segment_html(page)
    rows = [i for i, line in enumerate(doc.lines) if line.strip() and not doc.hidden[i]]
    doc.sources = [source + ends[i % len(ends)] for i, source in enumerate(doc.sources)]
    compiled = KERNEL.DomPage(DomInputs(doc, rows)).columns()
    reference = DOM.columns(DomInputs(doc, rows), len(rows))
    assert compiled.tobytes() == reference.tobytes()
