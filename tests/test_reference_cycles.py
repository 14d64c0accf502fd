"""A cleaned page is freed by reference counting: nothing it builds is left in a cycle.

A cycle (the page holding its decisions holding an explainer holding the page) leaves every
page's lines, features and report to the cyclic garbage collector: memory grows between
collections and each collection walks it all. These tests count what ``gc.collect()`` finds
after cleaning pages on both paths, with the collector off while they are cleaned.
"""

from __future__ import annotations

import functools
import gc
import gzip
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import declutter
from declutter import native

FIXTURES = Path(__file__).parent / "fixtures"


@contextmanager
def collector_off() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def cyclic_garbage(clean: Callable[[], object]) -> int:
    """How many objects ``gc.collect()`` frees after ``clean()`` and reading its report."""
    clean()  # warm-up: caches filled once are not garbage
    with collector_off():
        for _ in range(3):
            result = clean()
            assert isinstance(result, declutter.Result)
            result.report()
            del result
        return gc.collect()


@pytest.mark.parametrize("compiled", [False, True], ids=["python", "compiled"])
def test_text_pages_leave_no_cycles(compiled: bool) -> None:
    text = (FIXTURES / "seed" / "seed-page.txt").read_text(encoding="utf-8")
    with native.use(compiled):
        assert cyclic_garbage(lambda: declutter.clean_text(text)) == 0


@pytest.mark.parametrize("compiled", [False, True], ids=["python", "compiled"])
def test_html_pages_leave_no_cycles(compiled: bool) -> None:
    pages = sorted((FIXTURES / "html").glob("*.html.gz"))[:3]
    assert pages
    with native.use(compiled):
        for page in pages:
            html = gzip.decompress(page.read_bytes())
            assert cyclic_garbage(functools.partial(declutter.clean_html, html)) == 0, page.name
