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


def test_ranked_stopword_language() -> None:
    assert KERNEL is not None
    index = _stopword_index(LATIN_LANGUAGES)
    vote = KERNEL.ranked_stopword_language
    assert vote("", index, len(LATIN_LANGUAGES), 80) == -1
    assert LATIN_LANGUAGES[vote("the cat and the dog", index, 25, 80)] == "en"
    # only the most frequent words vote: "der" (twice) outranks "the" (once) with top=1
    assert LATIN_LANGUAGES[vote("the der der", index, 25, 1)] == "de"
    with pytest.raises(ValueError):
        vote("", index, 65, 80)


@settings(max_examples=300)
@given(words=st.lists(_WORDS, max_size=300), top=st.integers(1, 90))
def test_ranking_ties_as_counter(words: list[str], top: int) -> None:
    from collections import Counter

    assert KERNEL is not None
    index = _stopword_index(LATIN_LANGUAGES)
    sample = "  ".join(words)
    scores = [0.0] * len(LATIN_LANGUAGES)
    for word, count in Counter(sample.split()).most_common(top):
        owners = index.get(word)
        if owners is not None:
            for language in owners[0]:
                scores[language] += owners[1] * count
    best = max(range(len(scores)), key=scores.__getitem__)
    expected = best if scores[best] > 0 else -1
    assert KERNEL.ranked_stopword_language(sample, index, len(LATIN_LANGUAGES), top) == expected


@settings(max_examples=400)
@given(
    lines=st.lists(st.text(st.sampled_from("ab c.é日\u2003"), max_size=14), max_size=12),
    text=st.text(st.sampled_from("ab c.é日\u2003"), max_size=60),
    min_chars=st.integers(0, 10),
)
def test_contained(lines: list[str], text: str, min_chars: int) -> None:
    assert KERNEL is not None
    expected = [len(line) >= min_chars and line in text for line in lines]
    assert KERNEL.contained(lines, text, min_chars) == expected
    # lines taken from the text itself must be found
    pieces = [text[i : i + 9] for i in range(0, len(text), 5)]
    assert KERNEL.contained(pieces, text, 0) == [True] * len(pieces)


@settings(max_examples=300)
@given(lines=st.lists(st.text(_CHARS, max_size=12), max_size=20))
def test_nonblank(lines: list[str]) -> None:
    assert KERNEL is not None
    rows = [index for index, line in enumerate(lines) if line.strip()]
    assert KERNEL.nonblank(lines) == (rows, [lines[i].strip() for i in rows])
    assert KERNEL.nonblank(tuple(lines)) == (rows, [lines[i].strip() for i in rows])


def test_plainly_nfc_only_for_text_in_nfc() -> None:
    """Every character the table calls safe is NFC alone, a starter, and neither it nor the
    start of its decomposition is the second character of any canonical composition (checked
    over all of Unicode), so strings of them are in NFC."""
    import unicodedata

    assert KERNEL is not None
    seconds = set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(int(parts[1], 16))
    safe = [chr(c) for c in range(0x3000) if KERNEL.plainly_nfc(chr(c))]
    assert len(safe) > 10_000
    for char in safe:
        assert unicodedata.is_normalized("NFC", char) and unicodedata.combining(char) == 0
        assert ord(char) not in seconds
        assert ord(unicodedata.normalize("NFD", char)[0]) not in seconds
    assert not KERNEL.plainly_nfc("e\u0301")  # a combining mark: not known
    assert not KERNEL.plainly_nfc("\u1100\u1161")  # Hangul jamo compose
    assert KERNEL.plainly_nfc("Café – “quoted”")


@settings(max_examples=400)
@given(text=st.text(st.characters(max_codepoint=0x3100), max_size=30))
def test_plainly_nfc_never_wrong(text: str) -> None:
    import unicodedata

    assert KERNEL is not None
    if KERNEL.plainly_nfc(text):
        assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize(
    "text",
    ["", "plain", "caf\u00e9", "\u201cquoted\u201d", "a\ud800b", "\udfff", "\U0001f600 smile",
     "\U0001f600\udc00", "\ud83d\ude00", "\ud7ff\ue000",
     # long texts: surrogates in the blocks of 64 code units or in the tail after them
     "\u2014" * 64 + "\ud800", "\u2014" * 63 + "\udfff" + "\u2014" * 64, "\u2014\ud7ff\ue000" * 80,
     "\U0001f600" * 64 + "\udc00", "\U0001f600" * 200, "\u2014" * 127 + "\ud83d\ude00"],
)  # fmt: skip
def test_has_surrogates_is_the_reference_search(text: str) -> None:
    from declutter.decode.surrogates import _SURROGATE

    compiled = native.kernel("text")
    if compiled is None:
        pytest.skip("compiled core not built")
    assert compiled.has_surrogates(text) is (_SURROGATE.search(text) is not None)
