"""The compiled line pass (``declutter.native._lines``) gives the reference's results.

``line_features`` is compared field by field (array bytes and dtypes, the long lines' tokens),
``match_rules`` hit by hit and the ``LINE`` columns byte for byte, on the fixture documents, the lexicon examples of every
language and property inputs full of awkward characters. Where the kernel declines an input
(it returns ``None``) the public functions run the reference, so a declined input is
correct by construction; the tests check that ordinary inputs are not declined.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from declutter import native
from declutter.features.line import LINE, LineInputs
from declutter.features.text import LineFeatures, line_features
from declutter.rules.apply import RuleHit, match_rules
from declutter.rules.lexicon import Lexicon, available_languages, load_lexicon, read_language
from tests.documents import ARTICLE, Document, all_documents

KERNEL = native.kernel("lines")
pytestmark = pytest.mark.skipif(
    KERNEL is None and os.environ.get("DECLUTTER_REQUIRE_NATIVE") != "1",
    reason=f"no compiled line kernel: {native.status().missing.get('lines', 'switched off')}",
)
FIELDS = [name for name in LineFeatures.__dataclass_fields__ if name != "long_tokens"]


def _reference(
    lines: list[str], language: str, lexicon: Lexicon, max_line_chars: int
) -> tuple[LineFeatures, list[RuleHit | None]]:
    with native.use(False):
        measured = line_features(lines, language, max_line_chars=max_line_chars)
        return measured, match_rules(lines, measured, lexicon)


def _check(
    lines: list[str],
    language: str = "en",
    lexicon: Lexicon | None = None,
    max_line_chars: int = 100_000,
    *,
    declines: bool = False,
) -> None:
    """Both kernel functions equal the reference on ``lines`` (or decline, if allowed)."""
    assert KERNEL is not None
    lexicon = lexicon if lexicon is not None else _lexicon()
    measured, hits = _reference(lines, language, lexicon, max_line_chars)
    compiled = KERNEL.line_features(lines, language, max_line_chars)
    if compiled is None:
        assert declines, lines
    else:
        for name in FIELDS:
            ours, theirs = getattr(compiled, name), getattr(measured, name)
            assert ours.dtype == theirs.dtype, name
            assert ours.tobytes() == theirs.tobytes(), (name, ours, theirs)
        assert compiled.long_tokens == measured.long_tokens
    for columns in (measured, compiled):
        if columns is None:
            continue
        found = KERNEL.match_rules(lines, columns, lexicon)
        if found is None:
            assert declines, lines
        else:
            assert found == hits
    expected = LINE.columns(LineInputs(lines, measured, hits), len(lines))
    matrix = KERNEL.line_columns(lines, measured, hits, LINE.names)
    assert matrix.dtype == expected.dtype and matrix.shape == expected.shape
    assert matrix.tobytes() == expected.tobytes()


@cache
def _lexicon(languages: tuple[str, ...] | None = None) -> Lexicon:
    return load_lexicon(languages)


def _rows(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _text_of(document: Document) -> str:
    payload = document.payload
    return payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload


@pytest.mark.parametrize("document", all_documents(), ids=lambda d: d.name)
def test_documents(document: Document) -> None:
    _check(_rows(_text_of(document)))


@pytest.mark.parametrize("language", available_languages())
def test_lexicon_examples(language: str) -> None:
    examples = [
        line
        for table in read_language(language).values()
        if isinstance(table, dict)
        for key in ("examples", "counterexamples")
        for line in table.get(key, ())
    ]
    lines = _rows("\n".join(examples)) + _rows(ARTICLE)
    for lexicon in (_lexicon(), _lexicon((language,))):
        _check(lines, language, lexicon)
        for line in examples:
            _check(_rows(line) + _rows(ARTICLE), language, lexicon)


@pytest.mark.parametrize(
    "lines",
    [
        [],
        ["x"],
        ["»"],
        ["\x00", "a\x00b c d"],
        ["\r", "\x0b", "a\rb\x0bc d e f"],
        ["İLGİLİ HABERLER", "ΣΟΦΟΣ ΛΟΓΟΣ ΟΔΟΣ", "Straße ﬁne ŉ"],
        ["\ud800 lone \udfff surrogates here", "\ud83d"],
        ["😀 emoji 😀 words here", "𝐁𝐨𝐥𝐝 math letters 𝟏𝟐", "𐐀𐐁 Deseret words here"],
        ["分享到: 微信", "当サイトではcookieを使用しています", "공유하기 카카오톡"],
        ["مشاركة على فيسبوك", "שתף בפייסבוק עכשיו"],
        ["e\u0301 combining\u0308 marks\u0327 here", "Comments (12)", "12:30 / 45:00"],
        ["• \u2003 •", "\u3000 share \u3000"],
        ["Read more " * 40, "word " * 500],
        ["http://example.com", "see www.example.org now", "httpwww.", "ht tp"],
    ],
)
def test_awkward_lines(lines: list[str]) -> None:
    stripped = [line.strip() for line in lines if line.strip()]
    _check(stripped, declines=True)
    _check(stripped, "ja", declines=True)


def test_declines_what_the_reference_treats_specially() -> None:
    assert KERNEL is not None
    assert KERNEL.line_features(["a", ""], "en", 100_000) is None
    assert KERNEL.line_features(["a\nb"], "en", 100_000) is None


def test_long_line_truncated() -> None:
    line = "The council met on Monday, and it agreed the budget. " * 3000
    _check([line, "Share", line[:500]])
    _check([line, "Share", line[:500]], max_line_chars=300)
    _check(["ab cd ef gh", "Share this"], max_line_chars=4)


_CHARACTERS = st.characters(exclude_categories=("Cs",)) | st.sampled_from(
    list(" \t\r\x0b\x0c\x00\u00a0\u2003\u3000.,:;!?|•·»«“”’-–—#©0123456789İıΣςẞß")
)
_LINES = st.one_of(
    st.text(_CHARACTERS, min_size=1, max_size=80),
    st.text(_CHARACTERS, min_size=150, max_size=400),
    st.sampled_from(
        [
            "Share",
            "Load more",
            "0:00 0:34:52 0:00",
            "» » »",
            "Read more:",
            "Comments (3)",
            "Photo: AFP",
            "© 2024",
            "分享到: 微信",
            "https://x.org",
            ARTICLE.split("\n\n")[0],
        ]
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(_LINES, max_size=20),
    language=st.sampled_from(["en", "de", "tr", "el", "zh", "ja", "th", "xx"]),
    max_line_chars=st.sampled_from([100_000, 100, 7]),
)
def test_property(lines: list[str], language: str, max_line_chars: int) -> None:
    stripped = [line.strip() for line in lines if line.strip() and "\n" not in line]
    _check(stripped, language, max_line_chars=max_line_chars, declines=True)


def test_threads() -> None:
    """Calls from several threads at once give the reference's results (no shared scratch)."""
    assert KERNEL is not None
    documents = [_rows(ARTICLE + "\nShare\nLoad more »\n© 2024 Example\n分享到: 微信")] * 4
    documents += [_rows(_text_of(document)) for document in all_documents()[:12]]
    lexicon = _lexicon()
    expected = [_reference(lines, "en", lexicon, 100_000) for lines in documents]

    def run(index: int) -> bool:
        lines = documents[index % len(documents)]
        measured = KERNEL.line_features(lines, "en", 100_000)
        hits = KERNEL.match_rules(lines, measured, lexicon)
        return hits == expected[index % len(documents)][1]

    with ThreadPoolExecutor(4) as pool:
        assert all(pool.map(run, range(8 * len(documents))))
