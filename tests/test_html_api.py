"""HTML mode through the public API: clean_html, clean, budgets, markdown, comments, replay."""

from __future__ import annotations

import time

import pytest

import declutter
from declutter import BudgetExceeded, InputFormat, Kind, apply_report
from declutter.render.markdown import render_lines
from declutter.rules.registry import RULES

PARAGRAPHS = [
    "The bridge over the river reopened on Friday after two years of repairs, the council "
    "said in a statement on Thursday evening.",
    "The works cost twelve million euros, twice the budget that was agreed in 2021, "
    "according to the city's own figures published this week.",
    "Residents who had to drive an extra twenty minutes each way said they were relieved "
    "that the crossing was finally open again.",
]
PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><title>Bridge reopens</title><script>var tracking = 1;</script>
<style>body {{ color: black }}</style></head>
<body>
<header><nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article>
<h1>Bridge reopens after two years</h1>
<p>{PARAGRAPHS[0]}</p>
<h2>Costs</h2>
<p>{PARAGRAPHS[1].replace("twice the budget", '<a href="/budget">twice the budget</a>')}</p>
<div style="display:none"><p>Hidden teaser text that no reader sees on the page.</p></div>
<table><tr><th>Year</th><th>Cost</th></tr><tr><td>2021</td><td>6 M</td></tr></table>
<pre><code>total = 6 + 6
print(total)</code></pre>
<blockquote><p>{PARAGRAPHS[2]}</p></blockquote>
<div class="comments"><h3>Comments</h3>
<div class="comment"><p>I drove across this morning and the new surface is much smoother than
before, which is a relief for cyclists like me who use it every day.</p></div></div>
</article></main>
<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Another story about the town
council and its budget</a></li></ul></aside>
<footer><p>Copyright 2024 City News. All rights reserved.</p></footer>
</body></html>"""


def kept_texts(result: declutter.Result) -> list[str]:
    return [line.text for line in result.lines if line.kept]


def test_clean_html_keeps_the_article_and_drops_the_chrome() -> None:
    result = declutter.clean_html(PAGE)
    kept = kept_texts(result)
    for paragraph in PARAGRAPHS[:2]:
        assert paragraph in kept
    assert result.format is InputFormat.HTML
    assert result.format_reason == "clean_html; given as text"
    by_text = {line.text: line for line in result.lines}
    for item in ("Home", "News", "Sport"):
        assert not by_text[item].kept
    sport = by_text["Sport"]
    assert sport.source == "body>header>nav.main-nav>ul>li[3]"
    assert "Another story about the town council and its budget" not in kept
    hidden = by_text["Hidden teaser text that no reader sees on the page."]
    assert (hidden.kept, hidden.kind, hidden.rule) == (False, Kind.HIDDEN, "html.hidden")
    assert hidden.evidence == 'style="display:none" on body>main>article>div'
    assert not any("tracking" in text or "color: black" in text for text in result.line_texts)


def test_every_line_has_a_rule_evidence_and_source() -> None:
    result = declutter.clean_html(PAGE)
    for line in result.lines:
        assert line.rule in RULES
        assert line.source
        if not line.kept:
            assert line.evidence


def test_dom_evidence() -> None:
    result = declutter.clean_html(PAGE)
    by_text = {line.text: line for line in result.lines}
    sidebar = by_text["Most read"]
    assert not sidebar.kept
    if sidebar.rule == "html.dom":
        assert sidebar.evidence == "inside <aside> (body>aside.sidebar)"
    code = [line for line in result.lines if line.source and line.source.endswith(">pre")]
    assert [line.text for line in code] == ["total = 6 + 6", "print(total)"]
    assert all(line.kept for line in code)


def test_include_comments() -> None:
    comment = "I drove across this morning and the new surface is much smoother than before"
    without = declutter.clean_html(PAGE)
    line = next(line for line in without.lines if line.text.startswith(comment))
    assert not line.kept and line.kind is Kind.COMMENT and line.rule == "html.comments"
    with_comments = declutter.clean_html(PAGE, include_comments=True)
    line = next(line for line in with_comments.lines if line.text.startswith(comment))
    assert line.kept and line.kind is Kind.COMMENT and line.rule == "html.comments"
    assert line.evidence.endswith("include_comments=True")


def test_report_replays_on_the_segmented_text() -> None:
    result = declutter.clean_html(PAGE)
    report = result.report()
    assert report["format"] == "html"
    segmented = "\n".join(result.line_texts)
    assert apply_report(segmented, report) == result.text
    for line in result.lines:
        assert segmented[line.start : line.end] == line.text


def test_markdown_output() -> None:
    result = declutter.clean_html(PAGE, output="markdown", include_links=True,
                                  url="https://news.example/bridge")  # fmt: skip
    markdown = result.markdown
    assert "## Costs" in markdown
    assert "[twice the budget](https://news.example/budget)" in markdown
    assert "```\ntotal = 6 + 6\nprint(total)\n```" in markdown
    assert f"> {PARAGRAPHS[2]}" in markdown
    assert "[" not in declutter.clean_html(PAGE, output="markdown").markdown
    assert result.text == "\n".join(kept_texts(result))  # text stays the kept lines


def test_markdown_tables_lists_and_escapes() -> None:
    html = (
        "<main><p>Prices for the season were announced by the club on Monday morning.</p>"
        "<table><tr><th>Seat</th><th>Price</th></tr><tr><td>Main stand</td><td>40 | 50</td></tr>"
        "<tr><td>North stand</td><td>30</td></tr></table>"
        "<ul><li>Children under twelve years old get in for free with an adult.</li>"
        "<li>Students pay half price on presentation of a valid card.</li></ul>"
        "<p># not a heading, just a paragraph that starts with a hash sign.</p></main>"
    )
    result = declutter.clean_html(html, kept_kinds={"content", "heading", "boilerplate"})
    markdown = result.markdown
    assert (
        "| Seat | Price |\n|---|---|\n| Main stand | 40 \\| 50 |\n| North stand | 30 |" in markdown
    )
    assert (
        "- Children under twelve years old get in for free with an adult.\n"
        "- Students pay half price on presentation of a valid card."
    ) in markdown
    assert "\\# not a heading" in markdown


def test_text_mode_markdown_is_paragraphs() -> None:
    result = declutter.clean_text(f"{PARAGRAPHS[0]}\n{PARAGRAPHS[1]}")
    kept = [line.text for line in result.lines if line.kept]
    assert result.markdown == "\n\n".join(kept)
    assert render_lines(["# One", "", "Two"], [True, True, True], None) == "\\# One\n\nTwo"


def test_bytes_input_and_encoding() -> None:
    text = "Москва — столица России, большой город с богатой историей и культурой."
    data = f'<meta charset="windows-1251"><p>{text}</p>'.encode("cp1251")
    result = declutter.clean_html(data)
    assert text in result.line_texts
    assert result.format_reason == "clean_html; decoded as windows-1251 (meta charset)"
    assert text in declutter.clean_html(f"<p>{text}</p>".encode("cp1251"),
                                        encoding="windows-1251").line_texts  # fmt: skip


@pytest.mark.parametrize(
    ("document", "fmt", "reason"),
    [
        ("<!DOCTYPE html><p>x</p>", "html", "detected HTML: starts with <!DOCTYPE html>"),
        ("  <!-- c -->\n<!doctype HTML>", "html", "detected HTML: starts with <!DOCTYPE html>"),
        ("<html><p>x</p></html>", "html", "detected HTML: has an <html> tag"),
        ("Hello\n<body>x</body>", "html", "detected HTML: has an <body> tag"),
        ("<p>One</p><p>Two</p>", "html", "detected HTML: 4 HTML tags in the first 4096 characters"),
        ("Plain text.\nSecond line with a <b> tag.", "text",
         "detected text: no HTML markup in the first 4096 characters"),
        ("", "text", "detected text: no HTML markup in the first 4096 characters"),
        (b"\xef\xbb\xbf<!DOCTYPE html><p>x</p>", "html",
         "detected HTML: starts with <!DOCTYPE html>"),
    ],
)  # fmt: skip
def test_clean_detects_the_format(document: str | bytes, fmt: str, reason: str) -> None:
    result = declutter.clean(document)
    assert result.format.value == fmt
    assert result.format_reason.startswith(reason)


def test_clean_text_path_and_cleaner_methods() -> None:
    text = f"Share on Facebook\n\n{PARAGRAPHS[0]}"
    assert declutter.clean(text).text == declutter.clean_text(text).text
    cleaner = declutter.Cleaner(include_comments=True)
    assert cleaner.clean_html(PAGE).format is InputFormat.HTML
    assert cleaner.clean(PAGE).format is InputFormat.HTML
    with pytest.raises(declutter.InputError):
        declutter.clean_html(12)  # type: ignore[arg-type]
    with pytest.raises(declutter.InputError):
        declutter.clean(None)  # type: ignore[arg-type]


def test_max_bytes() -> None:
    declutter.clean_html(PAGE, max_bytes=len(PAGE.encode()))
    with pytest.raises(BudgetExceeded, match=r"budget\.max_bytes: the document is [\d,]+ bytes"):
        declutter.clean_html(PAGE, max_bytes=1000)
    with pytest.raises(BudgetExceeded):
        declutter.clean_html(PAGE.encode(), max_bytes=1000)
    with pytest.raises(BudgetExceeded):
        declutter.clean("plain text " * 200, max_bytes=1000)


def test_max_seconds_on_a_50_mb_page() -> None:
    para = "<div class='post'><p>The council met on <a href='/x'>Tuesday</a> and agreed.</p></div>"
    page = "<html><body>" + para * (50_000_000 // len(para)) + "</body></html>"
    with pytest.raises(BudgetExceeded, match=r"budget\.max_bytes"):
        declutter.clean_html(page, max_bytes=10_000_000)
    started = time.perf_counter()
    with pytest.raises(BudgetExceeded, match=r"budget\.max_seconds"):
        declutter.clean_html(page, max_seconds=0.5)
    assert time.perf_counter() - started < 10


def test_empty_and_tiny_documents() -> None:
    for document in ("", "<html></html>", "<p></p>", "   ", b""):
        result = declutter.clean_html(document)
        assert result.text == "" and result.markdown == ""
    assert declutter.clean_html("<p>Hi</p>").line_texts == ["Hi"]
