"""The text kernel (``declutter.native._text``) equals the Python code it stands in for."""

from __future__ import annotations

from itertools import accumulate

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from declutter import native
from declutter.features.language import LATIN_LANGUAGES, _stopword_index, detect_language
from declutter.segment.text import _CONTROL, segment_text

KERNEL = native.kernel("text")
pytestmark = pytest.mark.skipif(KERNEL is None, reason=f"no text kernel: {native.status()}")

_CHARS = st.characters(codec="utf-8", categories=None) | st.sampled_from(
    "\x00\x08\t\n\x0b\x1f\x7f\x80\x9f\xa0\ufeff\u200b\r"
)


@settings(max_examples=400)
@given(text=st.text(_CHARS, max_size=80))
def test_has_control(text: str) -> None:
    assert KERNEL is not None
    assert KERNEL.has_control(text) == (_CONTROL.search(text) is not None)


@settings(max_examples=300)
@given(lines=st.lists(st.text(_CHARS, max_size=20), min_size=1, max_size=30))
def test_line_starts(lines: list[str]) -> None:
    assert KERNEL is not None
    assert KERNEL.line_starts(lines) == [0, *accumulate(len(line) + 1 for line in lines[:-1])]


_WORDS = st.sampled_from(
    ["the", "der", "le", "de", "la", "und", "et", "and", "el", "il", "een", "i", "a", "x", "zu"]
)


@settings(max_examples=300)
@given(words=st.lists(_WORDS | st.text(max_size=6), max_size=200))
def test_language_detection_identical(words: list[str]) -> None:
    text = " ".join(words)
    compiled = detect_language(text)
    with native.use(False):
        assert detect_language(text) == compiled


@given(text=st.text(_CHARS, max_size=300))
def test_segment_text_identical(text: str) -> None:
    compiled = segment_text(text)
    with native.use(False):
        assert segment_text(text) == compiled


def test_stopword_vote_bounds() -> None:
    assert KERNEL is not None
    index = _stopword_index(LATIN_LANGUAGES)
    assert KERNEL.stopword_vote([], index, len(LATIN_LANGUAGES)) == -1
    assert LATIN_LANGUAGES[KERNEL.stopword_vote([("the", 3)], index, 25)] == "en"
    with pytest.raises(ValueError):
        KERNEL.stopword_vote([], index, 65)
