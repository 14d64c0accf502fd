"""HTML segmentation: what becomes a line, and the DOM features of each line."""

from __future__ import annotations

import time

import pytest

from declutter.decode.html import decode_html_bytes
from declutter.segment._context import Ctx
from declutter.segment._nesting import MAX_NESTING, limit_nesting
from declutter.segment.document import segment_document
from declutter.segment.dom import ClassHit, class_mask
from declutter.segment.html import BlockKind, HtmlDocument, segment_html


def visible(doc: HtmlDocument) -> list[str]:
    return [line for line, hidden in zip(doc.lines, doc.hidden, strict=True) if not hidden]


def body(html: str) -> list[str]:
    return visible(segment_html(f"<html><body>{html}</body></html>"))


def test_inline_elements_never_split_a_sentence() -> None:
    html = (
        "<p>The <b>council</b> met on <a href='/t'>Tuesday</a>, <em>and</em> <span>agreed"
        "</span> a <code>budget</code> of <abbr>EUR</abbr> 12<sup>2</sup> <small>m</small> "
        "(<time>2024</time>, <mark>final</mark>, <label>ok</label>, <i>x</i>).</p>"
    )
    assert body(html) == [
        "The council met on Tuesday, and agreed a budget of EUR 122 m (2024, final, ok, x)."
    ]


def test_blocks_and_br_split_lines_whitespace_collapses() -> None:
    html = (
        "<div>  Intro\n  text <p>First\tparagraph</p> tail&nbsp;text </div>"
        "<p>One<br>Two<br/><br>Three</p><h2> A   heading </h2><ul><li>a</li><li> b </li></ul>"
    )
    assert body(html) == ["Intro text", "First paragraph", "tail text", "One", "Two", "Three",
                          "A heading", "a", "b"]  # fmt: skip


def test_table_cells_are_kept_apart_by_tabs() -> None:
    html = (
        "<table><tr><th>Name</th><th>Value</th></tr><tr><td>a</td><td><a href='#'>b</a></td>"
        "</tr><tr><td></td><td>c</td></tr></table>"
    )
    doc = segment_html(html)
    assert visible(doc) == ["Name\tValue", "a\tb", "\tc"]
    assert {doc.block_kind[i] for i in range(len(doc.lines))} == {BlockKind.TABLE_ROW}
    assert len(set(doc.block_id)) == 1  # the rows of one table share its block


def test_blocks_inside_cells_are_lines_of_their_own() -> None:
    html = "<table><tr><td>Menu</td><td><p>First para.</p><p>Second para.</p></td></tr></table>"
    assert body(html) == ["Menu", "First para.", "Second para."]


def test_pre_is_kept_verbatim_one_line_per_line() -> None:
    html = (
        "<p>Run:</p><pre><code>def f(x):\n    return <span class='n'>x</span>  * 2\n\n"
        "print(f(2))\n</code></pre>"
    )
    doc = segment_html(html)
    assert visible(doc) == ["Run:", "def f(x):", "    return x  * 2", "", "print(f(2))"]
    pre = [i for i, kind in enumerate(doc.block_kind) if kind is BlockKind.PRE]
    assert len(pre) == 4 and len({doc.block_id[i] for i in pre}) == 1


def test_kinds_of_blocks() -> None:
    html = (
        "<h1>T</h1><h3>S</h3><p>P</p><ul><li><p>L</p></li></ul><blockquote><p>Q</p></blockquote>"
        "<figure><figcaption>C</figcaption></figure><dl><dt>D</dt><dd>E</dd></dl><div>O</div>"
    )
    doc = segment_html(html)
    kinds = dict(zip(doc.lines, doc.block_kind, strict=True))
    assert [kinds[x].value for x in "TSPLQCDEO"] == [
        "h1", "h3", "p", "li", "blockquote", "caption", "dt", "dd", "other"
    ]  # fmt: skip
    assert kinds["T"].heading_level == 1 and kinds["P"].heading_level == 0


def test_scripts_styles_and_the_like_are_summary_lines() -> None:
    html = (
        "<html><head><title>Page  title</title><style>p{color:red}</style>"
        "<script>var secret = 1;</script><script type='application/ld+json'>{}</script></head>"
        "<body><p>Text <script>document.write('inline')</script>goes on.</p>"
        "<noscript>Enable JavaScript</noscript><svg><title>icon</title></svg>"
        "<template><p>template text</p></template><iframe>frame text</iframe></body></html>"
    )
    doc = segment_html(html)
    assert visible(doc) == ["Text goes on."]
    text = "\n".join(doc.lines)
    assert "secret" not in text and "color:red" not in text and "inline" not in text
    assert "template text" not in text
    hidden = [(line, reason) for line, reason in zip(doc.lines, doc.hidden, strict=True) if reason]
    assert hidden[0] == ("Page title", "<title> is shown in the browser tab, not in the page")
    assert ("<style>", "<style> is not shown") in hidden
    assert ("<script>", "<script> is not shown") in hidden
    assert ("<script type=application/ld+json> 2 chars", "<script> is not shown") in hidden
    assert ("<noscript> 17 chars", "<noscript> is not shown") in hidden
    assert ("<svg> 4 chars", "<svg> is not shown") in hidden


@pytest.mark.parametrize(
    ("markup", "reason"),
    [
        ('<div hidden><p>secret</p></div>', "hidden attribute on body>div"),
        ('<div aria-hidden="true"><p>secret</p></div>', 'aria-hidden="true" on body>div'),
        ('<div style="color: red; DISPLAY : none"><p>secret</p></div>',
         'style="DISPLAY : none" on body>div'),
        ('<section class="x" style="visibility:hidden">secret</section>',
         'style="visibility:hidden" on body>section.x'),
        ("<dialog><p>secret</p></dialog>", "closed <dialog> on body>dialog"),
    ],
)  # fmt: skip
def test_hidden_elements_become_hidden_lines(markup: str, reason: str) -> None:
    doc = segment_html(f"<p>Before.</p>{markup}<p>After.</p>")
    assert visible(doc) == ["Before.", "After."]
    assert doc.lines[1] == "secret" and doc.hidden[1] == reason


def test_hidden_inline_text_does_not_join_the_sentence() -> None:
    doc = segment_html('<p>Price <span style="display:none">old</span>is 5.</p>')
    assert visible(doc) == ["Price is 5."]
    assert "old" in doc.lines


def test_visible_elements_stay_visible() -> None:
    html = (
        '<dialog open><p>Open dialog</p></dialog><div hidden id="S:0"><p>Streamed</p></div>'
        '<main aria-hidden="true"><p>Main</p></main><div style="display:block">Shown</div>'
    )
    assert body(html) == ["Open dialog", "Streamed", "Main", "Shown"]


def test_every_line_has_a_short_source() -> None:
    html = (
        "<div id='content'><article><p>One</p><p class='lead big'>Two</p></article></div>"
        + "<div class='a'>" * 12
        + "<p>Deep</p>"
        + "</div>" * 12
    )
    doc = segment_html(html)
    assert doc.sources[:2] == ["body>div#content>article>p", "body>div#content>article>p.lead[2]"]
    assert doc.sources[2] == "body>...>div.a>div.a>div.a>div.a>p"
    assert all(doc.sources)


def test_link_chars_landmarks_class_hits_and_chrome() -> None:
    html = (
        "<header><nav class='top' aria-label='Main menu'><ul><li><a href='/'>Home</a></li></ul>"
        "</nav></header>"
        "<main><article><p>Read <a href='/x'>this</a> now.</p>"
        "<div class='share-buttons'><a href='/s'>Share</a></div></article></main>"
        "<div class='sidebar widget'><p>Side</p></div><footer><p>Foot</p></footer>"
    )
    doc = segment_html(html)
    at = {line: i for i, line in enumerate(doc.lines)}
    home, read, share, side, foot = (
        at[x] for x in ("Home", "Read this now.", "Share", "Side", "Foot")
    )
    assert doc.link_chars[home] == 4 and doc.link_chars[read] == 4
    assert [doc.landmark[i] for i in (home, read, side, foot)] == ["nav", "article", "", "footer"]
    assert ClassHit.MENU in ClassHit(doc.class_hits[home])
    assert ClassHit.SHARE in ClassHit(doc.class_hits[share])
    assert ClassHit(doc.class_hits[side]) == ClassHit.SIDEBAR
    assert doc.in_main[read] and doc.in_main[share] and not doc.in_main[side]
    assert doc.chrome_reasons[doc.chrome[home]] == "inside <header> (body>header)"
    assert doc.chrome_reasons[doc.chrome[side]] == 'class "sidebar" (body>div.sidebar)'
    assert doc.chrome[read] == -1 and doc.chrome[share] == -1  # inside <main>
    assert doc.chrome_hits[doc.chrome[foot]] == "footer"
    assert doc.depth[read] == 4  # html > body > main > article > p


def test_block_ids_and_articles() -> None:
    html = (
        "<div><p>a</p><p>b</p></div>"
        "<div><p>c</p><article><p>d</p><article><p>e</p></article></article></div>"
    )
    doc = segment_html(html)
    ids = dict(zip(doc.lines, doc.block_id, strict=True))
    assert ids["a"] == ids["b"] != ids["c"]
    assert doc.block_parent[ids["a"]] == doc.block_parent[ids["c"]]
    articles = dict(zip(doc.lines, doc.article, strict=True))
    assert articles["c"] == -1 and doc.article_parent[articles["e"]] == articles["d"]


def test_class_mask_tokens() -> None:
    assert ClassHit(class_mask("menu-item menu-item-1234")) == ClassHit.MENU
    assert ClassHit(class_mask("has-sidebar no-comments")) == ClassHit(0)
    assert ClassHit(class_mask("sr-only")) == ClassHit.HIDDEN
    assert ClassHit(class_mask("canvas loading shadow")) == ClassHit(0)
    assert ClassHit(class_mask("entry-content")) == ClassHit.CONTENT


def test_page_hints() -> None:
    html = (
        '<html lang="pt-BR"><head><title>Título</title>'
        '<meta property="og:title" content="OG title"><meta name="description" content="Desc">'
        '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", '
        '"articleBody": "First  line of the body. Second line."}]}</script></head>'
        "<body><p>First line of the body. Second line.</p><p>Other</p></body></html>"
    )
    doc = segment_html(html)
    hints = doc.hints
    assert (hints.lang, hints.title, hints.og_title, hints.description) == (
        "pt-br", "Título", "OG title", "Desc"
    )  # fmt: skip
    assert hints.article_body == "First line of the body. Second line."
    assert doc.in_article_body()[-2:] == [True, False]


def test_entities_comments_and_cdata() -> None:
    html = (
        "<p>A &amp; B &lt;c&gt; &eacute;t&#233; &#x41;</p><!-- a comment --><![CDATA[x]]><p>D</p>"
    )
    assert body(html) == ["A & B <c> été A", "D"]


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "<html></html>",
        "<html><body></body></html>",
        "<p>",
        "</div></p></body>",
        "<!DOCTYPE html>",
        "<p>Unclosed <b>bold <i>italic",
        "<table><tr><td>cell",
        "<div><p>truncated para",
        "<ul><li>one<li>two</ul>",
        "<p>a<div>b</p>c</div>",
        "<a href='x'><div>block in link</div></a>",
        "<scr",
        '<p class="x',
        "text\x00with\x01controls\ufeff",
        "<p>\ud800 lone surrogate</p>",
    ],
)
def test_malformed_truncated_and_empty_documents(html: str) -> None:
    doc = segment_html(html)
    assert len(doc.lines) == len(doc.sources) == len(doc.starts) == len(doc.block_kind)
    assert "\n".join(doc.lines) == doc.text
    for line, start in zip(doc.lines, doc.starts, strict=True):
        assert doc.text[start : start + len(line)] == line
        assert "\n" not in line and "\x00" not in line and "\ufeff" not in line


def test_unclosed_inline_elements_keep_their_text() -> None:
    assert body("<p>Unclosed <b>bold <i>italic") == ["Unclosed bold italic"]
    assert body("<ul><li>one<li>two</ul>") == ["one", "two"]


@pytest.mark.parametrize("tag", ["div", "span", "section", "b"])
def test_nesting_100000_deep(tag: str) -> None:
    html = f"<{tag}>" * 100_000 + "deep text" + f"</{tag}>" * 100_000 + "<p>after</p>"
    started = time.perf_counter()
    doc = segment_html(html)
    assert visible(doc) == ["deep text", "after"]
    assert time.perf_counter() - started < 10


def test_unclosed_nesting_100000_deep() -> None:
    doc = segment_html("<div>" * 100_000 + "deep text")
    assert doc.lines == ["deep text"] and doc.flattened_tags == 100_000 - MAX_NESTING


def test_limit_nesting_leaves_ordinary_pages_alone() -> None:
    page = "<div><p>x</p></div>" * 5000
    assert limit_nesting(page) == (page, 0)


def test_a_large_page() -> None:
    para = "<div class='post'><p>The council met on <a href='/x'>Tuesday</a> and agreed.</p></div>"
    html = "<html><body>" + para * 60_000 + "</body></html>"  # about 5 MB
    doc = segment_html(html)
    assert len(doc.lines) == 60_000 and doc.lines[-1] == "The council met on Tuesday and agreed."


def test_link_spans_only_when_asked() -> None:
    html = "<p>See <a href='/a'>the  report</a> and <a href='http://x.org/b'>this</a>.</p>"
    assert segment_html(html).links == {}
    doc = segment_html(html, links=True)
    assert doc.lines == ["See the report and this."]
    assert doc.links == {0: [(4, 14, "/a"), (19, 23, "http://x.org/b")]}


_POST = (
    "<div class='post'><p>Post {n}: the update broke the grammar checks in our documents, and "
    "reverting the settings did not bring them back for any of the team.</p></div>"
)
_APP_SHELL = (
    "<html><body><section id='d-splash'><p>Loading</p></section>"
    "<noscript><header><a href='/'>Community</a></header>"
    "<div id='main-outlet' role='main'><h1>The update is broken</h1>{posts}</div></noscript>"
    "</body></html>"
)


def test_an_app_shell_with_its_content_in_noscript_shows_the_noscript() -> None:
    doc = segment_html(_APP_SHELL.format(posts="".join(_POST.format(n=n) for n in range(20))))
    assert doc.noscript_shown
    posts = [i for i, line in enumerate(doc.lines) if line.startswith("Post ")]
    assert len(posts) == 20
    assert not any(doc.hidden[i] for i in posts)
    assert doc.sources[posts[0]].startswith("body>noscript>div#main-outlet")
    assert doc.landmark[doc.lines.index("Community")] == "header"


def test_a_small_noscript_stays_hidden() -> None:
    pixel = "<noscript><img src='https://example.com/pixel.gif'>Enable JavaScript</noscript>"
    doc = segment_html(f"<body>{pixel}<p>{'The council met on Monday. ' * 10}</p></body>")
    assert not doc.noscript_shown
    assert [doc.hidden[i] for i, line in enumerate(doc.lines) if "noscript" in line] == [
        "<noscript> is not shown"
    ]


def test_a_hidden_wrapper_around_the_whole_page_is_shown() -> None:
    story = "".join(
        f"<p>Paragraph {n} of the tutorial explains one more idea in detail.</p>" for n in range(12)
    )
    html = (
        "<body><div id='__next'><div style='visibility:hidden'>"
        f"<article>{story}<div style='display:none'><p>Sign in to save this page</p></div>"
        "</article></div></div><div><p>Cookies</p></div></body>"
    )
    doc = segment_html(html)
    assert doc.shown_wrapper == 'style="visibility:hidden" on body>div#__next>div'
    shown = [line for line, hidden in zip(doc.lines, doc.hidden, strict=True) if not hidden]
    assert "Paragraph 0 of the tutorial explains one more idea in detail." in shown
    assert doc.hidden[doc.lines.index("Sign in to save this page")].startswith(
        'style="display:none"'
    )


def test_a_hidden_block_that_is_not_most_of_the_page_stays_hidden() -> None:
    story = "".join(
        f"<p>Paragraph {n} of the story, visible to every reader.</p>" for n in range(12)
    )
    doc = segment_html(f"<body>{story}<div hidden><p>{'Modal text. ' * 60}</p></div></body>")
    assert doc.shown_wrapper == ""
    assert doc.hidden[-1] == "hidden attribute on body>div"


def test_a_table_in_a_cell_leaves_the_outer_row_its_cells() -> None:
    html = (
        "<table><tr><td>a</td><td>b<table><tr><td>c</td><td>d</td></tr></table>e</td>"
        "<td>f</td></tr></table>"
    )
    assert body(html) == ["a\tb", "c\td", "e\tf"]


def test_hidden_text_in_a_link_is_a_line_and_the_link_goes_on() -> None:
    html = '<p>See <a href="/a">the <span hidden>secret</span>report</a> now.</p>'
    doc = segment_html(html, links=True)
    assert doc.lines == ["secret", "See the report now."]
    assert doc.hidden[0] == "hidden attribute on body>p>span" and not doc.hidden[1]
    assert doc.links == {1: [(4, 14, "/a")]} and doc.link_chars == [6, 9]


def test_the_context_of_a_line_holds_its_document_columns() -> None:
    columns = ("landmark", "class_hits", "in_main", "article", "chrome", "hidden", "tag")
    assert Ctx._fields[: len(columns)] == columns
    assert Ctx._fields[7:10] == ("block_kind", "depth", "block_id")
    assert all(name in HtmlDocument.__dataclass_fields__ for name in Ctx._fields[:10])


@pytest.mark.parametrize(
    "payload",
    [
        "<p>caf\u00e9 \u2014 ok</p>".encode(),
        b"\xef\xbb\xbf<p>with a byte order mark \xc3\xa9</p>",
        b"<meta charset='windows-1252'><p>caf\xe9</p>",
        b"<p>broken \xff\xfe utf-8 \xc3\xa9</p>",
        b"<p>cut in the last character \xc3",
    ],
)
def test_utf8_bytes_parsed_as_read_give_the_same_document(payload: bytes) -> None:
    from_bytes = segment_document(payload, "html").html
    from_text = segment_html(decode_html_bytes(payload).text)
    assert from_bytes is not None and repr(from_bytes) == repr(from_text)
