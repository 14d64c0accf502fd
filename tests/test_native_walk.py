"""The native HTML walk (``declutter.native._walk``) gives the Python walk's ``HtmlDocument``.

Each test segments a page twice, with the compiled walk and with ``native.use(False)``, and
compares every field of the documents (by value and by repr, so types count too). Without a
compiled walk the tests are skipped with the reason (``declutter.native.status()``).
"""

from __future__ import annotations

import dataclasses
import gzip
import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from declutter import native
from declutter._errors import BudgetExceeded
from declutter.decode.html import decode_html_bytes
from declutter.segment._nesting import _estimated_depth
from declutter.segment.dom import _token_mask, class_mask
from declutter.segment.html import HtmlDocument, segment_html

FIXTURES = Path(__file__).parent / "fixtures" / "html"
WALK = native.kernel("walk")
needs_walk = pytest.mark.skipif(
    WALK is None and os.environ.get("DECLUTTER_REQUIRE_NATIVE") != "1",
    reason=f"no compiled walk: {native.status().missing.get('walk', native.status().reason)}",
)
pytestmark = needs_walk

STORY = "".join(f"<p>Paragraph {n} explains one more idea in some detail.</p>" for n in range(30))
POSTS = "".join(
    f"<div class='post'><p>Post {n}: the update broke the grammar checks in our documents, "
    "and reverting the settings did not bring them back.</p></div>"
    for n in range(30)
)
HOSTILE = {
    "empty": "",
    "blank": " \n\t ",
    "text-only": "just text, no markup",
    "deep-div": "<div>" * 100_000 + "deep text" + "</div>" * 100_000 + "<p>after",
    "deep-span": "<span>" * 100_000 + "deep text" + "</span>" * 100_000,
    "deep-unclosed": "<section><p>" * 20_000 + "deep",
    "huge-text": "<p>" + "word " * 500_000 + "</p>",
    "huge-pre": "<pre>" + "line  of text\n" * 50_000 + "</pre>",
    "invalid": "<p <div>>a</p></div></span><td>b<tr><li>c</table><a href=x<b>d</a><<>>&&;",
    "broken-attrs": '<div class="a b" id=\'x y\' data-x= style="display:none" =q>t</div>',
    "unknown-tags": "<custom-el class='share'>a<Foo-Bar><x:y>b</x:y></Foo-Bar></custom-el>",
    "uppercase": "<DIV CLASS='Sidebar'><P>Up</P><A HREF='/a'>l</A></DIV>",
    "noscript-shell": (
        "<html><body><section id='d-splash'><p>Loading</p></section><noscript><header>"
        f"<a href='/'>Community</a></header><div id='main-outlet' role='main'><h1>T</h1>{POSTS}"
        "</div></noscript></body></html>"
    ),
    "noscript-hidden-wrapper": (
        "<html><body><p>Loading</p><noscript><div style='display:none'>"
        f"<div role='main'>{POSTS}</div></div></noscript></body></html>"
    ),
    "hidden-wrapper": (
        f"<body><div id='app'><div style='visibility:hidden'><article>{STORY}"
        "<div style='display:none'><p>Sign in</p></div></article></div></div><p>Cookies</p>"
    ),
    "aria-wrapper": f"<body><div aria-hidden='true' class='page'>{STORY}</div><p>x</p>",
    "hidden-inline": (
        "<p>Price <span style='display:none'>old <b>very</b></span>is <a href='/5' hidden>5"
        "<span class='sr-only'>euros</span></a>.<i aria-hidden='true'>x</i></p>"
        "<ul><li>a<span hidden><p>block in hidden span</p>tail</span>b</li></ul>"
    ),
    "pre": "<pre>  a <b>b</b>\n\n  c<br>d\n<a href='/p'>link</a>\n</pre><xmp><p>x</p></xmp>",
    "tables-in-tables": (
        "<table><tr><td>a</td><td><table><tr><td>b</td><td>c</td></tr><tr><td>d<td>e</table>"
        "f</td><td>g</td></tr><tr><td><br><td>h<p>i</p>j</tr></table><td>orphan</td>" * 20
    ),
    "skipped": (
        "<html lang='de'><head><title>A</title><title>B</title><meta property='og:title' "
        "content=' o  t '><script type='application/ld+json'>{\"articleBody\": \"x y\"}"
        "</script><script type=module>1</script></head><body><template><p>t</p></template>"
        "<noscript>n</noscript><svg><title>s</title></svg><iframe>i</iframe><p>x</p></body>"
    ),
    "landmarks": (
        "<dialog><p>closed</p></dialog><dialog open><p>open</p></dialog><main><dialog><nav>"
        "<p>x</p></nav></dialog></main><div role='navigation' class='menu'><p>y</p></div>"
        "<aside><article><article><p>z</p></article></article></aside><footer><p>f</p></footer>"
    ),
    "links": (
        "<a href='/a'><div>block <a href='/b'>inner</a> in link</div>tail</a><a>no href</a>"
        "<a href>empty</a><p>x <a href='/c'> spaced  text </a> y</p>"
    ),
    "control-chars": "<p>text\x00with\x01controls\ufeff and \u2028 separators\r\n.</p>",
    "non-ascii": "<p class='caf\u00e9'>\u00e9t\u00e9 \u3000 \u00a0 \u2014 \U0001f600</p>",
    "lone-surrogate": "<p>\ud800 lone surrogate</p>",
    "comments-around": "<!-- a --><!DOCTYPE html><html><p>x</p></html><!-- after -->",
}


def _fields(document: HtmlDocument) -> dict[str, str]:
    return {
        field.name: repr(getattr(document, field.name)) for field in dataclasses.fields(document)
    }


def _assert_same(html: str, *, links: bool) -> None:
    compiled = segment_html(html, links=links)
    with native.use(False):
        reference = segment_html(html, links=links)
    assert _fields(compiled) == _fields(reference)


def test_walk_kernel_active() -> None:
    assert WALK is not None, native.status()
    assert WALK.self_test() is None


@pytest.mark.parametrize("links", [False, True])
@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.html.gz")), ids=lambda p: p.name)
def test_fixture_pages(path: Path, links: bool) -> None:
    html = decode_html_bytes(gzip.decompress(path.read_bytes())).text
    _assert_same(html, links=links)


@pytest.mark.parametrize("links", [False, True])
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_inputs(name: str, links: bool) -> None:
    _assert_same(HOSTILE[name], links=links)


def test_rewalks_are_native() -> None:
    """The noscript and hidden-wrapper pages are walked again natively, not handed back."""
    assert WALK is not None
    before = WALK.handed_back()
    for name in ("noscript-shell", "noscript-hidden-wrapper", "hidden-wrapper"):
        document = segment_html(HOSTILE[name])
        assert document.noscript_shown or document.shown_wrapper
    assert WALK.handed_back() == before


_TAGS = st.sampled_from(
    ["p", "div", "span", "a", "b", "li", "ul", "td", "tr", "table", "pre", "br", "h2", "nav",
     "main", "article", "script", "noscript", "title", "dialog", "x-y", "section", "meta"]
)  # fmt: skip
_ATTRS = st.sampled_from(
    ["", " class='menu'", " id='main'", " hidden", " aria-hidden='true'", " href='/x'",
     " style='display:none'", " role='navigation'", " class='post-body'", " open"]
)  # fmt: skip
_TEXT = st.text(
    alphabet=st.sampled_from(
        "ab \n\t\r\x0b\x0c\x1c\x85\u00a0\u2028\u3000\x01\u00e9\u4e2d\U0001f600<>&"
        "\ufdd0\ufdd1\ufdd2\ufdd3"
    ),
    max_size=8,
)


@st.composite
def _markup(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 30))):
        choice = draw(st.integers(0, 2))
        if choice == 0:
            parts.append(f"<{draw(_TAGS)}{draw(_ATTRS)}>")
        elif choice == 1:
            parts.append(f"</{draw(_TAGS)}>")
        else:
            parts.append(draw(_TEXT))
    return "".join(parts)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_markup(), st.booleans())
def test_random_markup(html: str, links: bool) -> None:
    _assert_same(html, links=links)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["<", "</", "div", "DIV", "ul", "dl", "p", ">", " ", "/", "x"]))
    .map("".join)
    .map(lambda text: text.encode() * 40)
)
def test_nesting_depth(data: bytes) -> None:
    assert WALK is not None
    assert WALK.nesting_depth(data) == _estimated_depth(data)


def test_nesting_depth_of_pages() -> None:
    assert WALK is not None
    for path in sorted(FIXTURES.glob("*.html.gz")):
        data = gzip.decompress(path.read_bytes())
        assert WALK.nesting_depth(data) == _estimated_depth(data)
    deep = b"<div>" * 2000 + b"</div>" * 1000
    assert WALK.nesting_depth(deep) == _estimated_depth(deep) == 2000


def test_deadline_stops_the_native_walk() -> None:
    html = "<p>line</p>" * 1000
    with pytest.raises(BudgetExceeded):
        segment_html(html, deadline=time.perf_counter() - 1)
    compiled = segment_html(html, deadline=time.perf_counter() + 60)
    with native.use(False):
        reference = segment_html(html, deadline=time.perf_counter() + 60)
    assert _fields(compiled) == _fields(reference)


_PIECES = st.sampled_from(
    ["nav", "menu", "side", "bar", "foot", "er", "ad", "ads", "-", "_", "--", "has-", "no_", "1",
     "42", "content", "main", "post", "body", "crumb", "share", "x", "é", "İ", "K", "", "sr-only",
     "widget", "most-read", "sign-up", "time", "meta", "hide", "d-none", "cta", "pager"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=8).map("".join))
def test_token_masks(token: str) -> None:
    assert WALK is not None
    assert WALK.token_mask(token) == _token_mask.__wrapped__(token)  # type: ignore[attr-defined]


_SPACES = st.sampled_from([" ", "  ", "\t", "\n", "\x1c", "\xa0", ""])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.lists(_PIECES, max_size=6).map("".join), _SPACES), max_size=6))
def test_class_masks_on_bytes(tokens: list[tuple[str, str]]) -> None:
    """The mask of an attribute value computed on its bytes (ASCII values; others through the
    string path), twice (the second from the cache), upper-cased too, is ``class_mask``'s."""
    assert WALK is not None
    value = "".join(token + space for token, space in tokens)
    for text in (value, value, value.upper(), value * 30):
        assert WALK.bytes_mask(text.encode()) == class_mask.__wrapped__(text)  # type: ignore[attr-defined]


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        st.one_of(
            st.sampled_from(["a", "b", " ", "<", "\n", "\ud800", "\udfff"]),
            st.characters(max_codepoint=0xFF),
            st.characters(max_codepoint=0xFFFF),
            st.characters(),
        )
    )
)
def test_utf8(text: str) -> None:
    assert WALK is not None
    assert WALK.utf8(text) == text.encode("utf-8", "replace")
    assert WALK.utf8("a" * 9 + text + "é" * 9) == ("a" * 9 + text + "é" * 9).encode(
        "utf-8", "replace"
    )


@pytest.mark.parametrize(
    "text",
    ["\u2014" * 64 + "\ud800", "a" * 64 + "\u0800" * 64 + "\udfff" + "é" * 70, "\u07ff" * 200,
     "\u2014" * 63 + "\ud83d\ude00", "é" * 100 + "a" * 70 + "\u2014" * 65],
)  # fmt: skip
def test_utf8_of_long_two_byte_text(text: str) -> None:
    """Sizes summed in blocks of 64 characters, a surrogate in a block or after them."""
    assert WALK is not None
    assert WALK.utf8(text) == text.encode("utf-8", "replace")
