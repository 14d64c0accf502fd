"""The compiled cascade steps (``declutter.native._decide``) equal the Python steps.

Whole reports are compared in ``tests/test_native.py``; here the duplicate finder, whose keys
the kernel hashes without making them, is compared on inputs built to collide: case, spacing,
Unicode whitespace and case folding that changes lengths (ß -> ss), near copies, keys shorter
and longer than the prefix and suffix buckets.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from declutter import native
from declutter.decide.dedupe import find_duplicates

KERNEL = native.kernel("decide")
pytestmark = pytest.mark.skipif(KERNEL is None, reason=f"no decide kernel: {native.status()}")

_PIECES = st.sampled_from(
    ["The", "the", "THE", "river", "Straße", "STRASSE", "strasse", "ﬁre", "İ", "ı", "ǅ",
     "flood", "caption", "!", ".", "Ω", "ω", "٣", "x" * 13, "日本", "𐐀", "𐐨", "Ꭰ", "ꭰ", "Ǆ"]
)  # fmt: skip
_SPACES = st.sampled_from([" ", "  ", "\t", "\u00a0", "\u2003", "\x1c", " \u3000 ", ""])


@st.composite
def _line(draw: st.DrawFn) -> str:
    words = draw(st.lists(_PIECES, min_size=0, max_size=9))
    line = ""
    for word in words:
        line += draw(_SPACES) + word
    return line + draw(_SPACES)


@settings(max_examples=500)
@given(
    lines=st.lists(_line(), min_size=1, max_size=14),
    similarity=st.sampled_from([80.0, 95.0, 100.0]),
)
def test_find_duplicates_identical(lines: list[str], similarity: float) -> None:
    assert KERNEL is not None
    candidates = list(range(len(lines)))
    expected = find_duplicates(lines, candidates, similarity=similarity)
    assert KERNEL.find_duplicates(lines, candidates, similarity) == expected


def test_folding_and_spacing_make_exact_copies() -> None:
    assert KERNEL is not None
    lines = ["Die Straße  am Fluss", "die STRASSE am\tfluss", "DIE STRASSE AM FLUSS!"]
    assert KERNEL.find_duplicates(lines, [0, 1, 2], 100.0) == {1: (0, 100.0)}
    assert KERNEL.find_duplicates(lines, [0, 1, 2], 95.0) == find_duplicates(
        lines, [0, 1, 2], similarity=95.0
    )
