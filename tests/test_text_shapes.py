"""Text mode on any flattener (issue 14): input shape detection, Markdown input, fragmented
text.

The fixtures are one small page of ours (``fixtures/shapes/page.html``) flattened by the
benchmark's flatteners (``benchmarks/datasets.py``): html_text, BeautifulSoup
``get_text("\\n", strip=True)``, html2text (``body_width = 0``) and markdownify.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

import declutter
from declutter import Kind, TextShape
from declutter._replay import apply_report
from declutter.render.document_json import schema
from declutter.segment.blocks import Blocks
from declutter.segment.fragments import fragment_blocks
from declutter.segment.markdown import markdown_blocks
from declutter.segment.shape import detect_shape

SHAPES = Path(__file__).parent / "fixtures" / "shapes"
ARTICLE = (
    "The harbour bridge reopened on Friday morning",
    "Engineers replaced the",
    "Bus routes 4 and 9 go back",
    "Route 4 runs every ten minutes",
    "Local shops on both banks",
)
CHROME = ("News", "Sport", "Weather", "Storm closes schools", "Terms of use")


def _page(flattener: str) -> str:
    return (SHAPES / f"page.{flattener}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("flattener", "shape"),
    [
        ("html_text", TextShape.PLAIN),
        ("bs4", TextShape.FRAGMENTED),
        ("markdown", TextShape.MARKDOWN),
        ("markdownify", TextShape.MARKDOWN),
    ],
)
def test_the_shape_is_detected_and_reported_with_its_evidence(
    flattener: str, shape: TextShape
) -> None:
    result = declutter.clean_text(_page(flattener))
    assert result.shape is shape
    report = result.report()
    assert report["shape"] == shape.value
    assert report["shape_reason"] == result.shape_reason
    assert result.shape_reason is not None
    assert result.shape_reason.startswith({"plain": "plain:", "fragmented": "fragmented:",
                                           "markdown": "Markdown markup:"}[shape.value])  # fmt: skip
    Draft202012Validator(schema("report")).validate(report)


def test_html_mode_has_no_text_shape() -> None:
    result = declutter.clean_html((SHAPES / "page.html").read_text(encoding="utf-8"))
    assert result.shape is None
    assert result.report()["shape"] is None


@pytest.mark.parametrize("flattener", ["html_text", "bs4", "markdown", "markdownify"])
def test_every_flattening_keeps_the_article_and_drops_the_chrome(flattener: str) -> None:
    text = _page(flattener)
    result = declutter.clean_text(text)
    assert len(result.lines) == len(text.rstrip("\n").split("\n"))
    kept = [line.text for line in result.lines if line.kept]
    for start in ARTICLE:
        assert any(start in line for line in kept), (flattener, start)
    for chrome in CHROME:
        assert not any(line.strip(" *[").startswith(chrome) for line in kept), (flattener, chrome)
    assert apply_report(text, result.report()) == result.text


def test_markdown_in_gives_markdown_out_with_the_kept_lines_unchanged() -> None:
    text = _page("markdown")
    result = declutter.clean_text(text)
    lines = text.split("\n")
    assert result.text == "\n".join(line.text for line in result.lines if line.kept)
    assert all(line.text == lines[line.number - 1] for line in result.lines)
    assert "the [city council](/council) said" in result.text
    assert "# Harbour bridge reopens after two years of repairs" in result.text.split("\n")
    assert result.markdown == result.text


def test_markdown_link_targets_are_never_counted_as_words() -> None:
    plain = declutter.clean_text(_page("html_text"))
    markdown = declutter.clean_text(_page("markdown"))

    def evidence(result: declutter.Result) -> str:
        return next(
            line.evidence for line in result.lines if line.text.startswith("The harbour bridge")
        )

    assert "26 words" in evidence(plain)
    assert "26 words" in evidence(markdown)


def test_markdown_link_lists_count_as_links() -> None:
    result = declutter.clean_text(_page("markdown"))
    menu = next(line for line in result.lines if line.text.strip() == "* [Sport](/sport)")
    assert (menu.kept, menu.kind, menu.rule) == (False, Kind.NAVIGATION, "markdown.links")
    assert menu.evidence == "link_density 1.00 > 0.50 (1 link, 1.0 words a link)"
    footer = next(line for line in result.lines if line.text.startswith("[Privacy policy]"))
    assert footer.rule == "markdown.links"
    assert footer.evidence.startswith("link_density 0.95 > 0.50 (3 links")


def test_markdown_headings_keep_their_kind() -> None:
    for flattener, lines in (("markdown", 1), ("markdownify", 2)):
        result = declutter.clean_text(_page(flattener))
        heading = [line for line in result.lines if "Harbour bridge reopens after" in line.text]
        block = [line for line in result.lines if line.number >= heading[0].number][:lines]
        assert all(
            (line.kept, line.kind, line.rule) == (True, Kind.HEADING, "markdown.heading")
            for line in block
        ), flattener


def test_a_markdown_heading_introducing_kept_text_is_kept() -> None:
    text = (
        "## Pay\n\nThe council agreed on Tuesday to raise the pay of its staff by three per "
        "cent from April, after a long debate about [the budget](/budget).\n"
    )
    result = declutter.clean_text(text)
    assert result.shape is TextShape.MARKDOWN
    first = result.lines[0]
    assert (first.kept, first.kind, first.rule) == (True, Kind.HEADING, "markdown.heading")


def test_fragments_of_one_paragraph_are_kept_or_removed_together() -> None:
    text = _page("bs4")
    result = declutter.clean_text(text)
    lines = result.lines
    start = next(i for i, line in enumerate(lines) if line.text.startswith("Engineers replaced"))
    block = lines[start : start + 5]
    assert [line.text for line in block] == [
        "Engineers replaced the",
        "steel cables",
        "that hold the deck, repainted the towers and laid a new surface for cyclists, who now "
        "have a lane of their own on",
        "the eastern side",
        ".",
    ]
    assert all(line.kept for line in block)
    assert len({(line.kind, line.rule, line.score) for line in block}) == 1
    number = block[0].number
    assert all(
        line.evidence.startswith(f"lines {number}-{number + 4} scored as one block (fragments): ")
        for line in block
    )


def test_fragment_blocks_join_inline_elements_only() -> None:
    blocks = fragment_blocks(
        ["Home", "news", "", "The council met on", "Monday", ", and agreed.", "Weather"]
    )
    assert blocks.texts == ["Home news", "", "The council met on Monday, and agreed.", "Weather"]
    assert list(zip(blocks.firsts, blocks.ends, strict=True)) == [(0, 2), (2, 3), (3, 6), (6, 7)]


def test_markdown_blocks_cover_every_line_once() -> None:
    text = (
        "| Team | Points |\n|---|---|\n| Rovers | 12 |\n\n```\ncode line\n\nmore code\n```\n"
        "Setext heading\n===\n\n* [a](/a) [b](/b)\n"
    )
    blocks = markdown_blocks(text)
    _check_cover(blocks, len(text.rstrip("\n").split("\n")))
    assert blocks.texts[:2] == ["Team Points", "Rovers 12"]
    assert (blocks.firsts[0], blocks.ends[0]) == (0, 2)  # the delimiter row joins the header
    assert "code line more code" in blocks.texts
    assert blocks.headings[blocks.texts.index("Setext heading")]
    assert blocks.hits[-1] is not None and blocks.hits[-1].rule == "markdown.links"


def _check_cover(blocks: Blocks, count: int) -> None:
    covered = [line for first, end in zip(blocks.firsts, blocks.ends, strict=True)
               for line in range(first, end)]  # fmt: skip
    assert covered == list(range(count))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n\n",
        "# only a heading",
        "[a](b) [c](d)",
        "](\n](\n",
        "```\nunclosed fence\n[x](y)",
        "| a |\n|---|\n",
        "a\nb\nc\n, d\n, e\n, f",
        "* \n* \n[](/) [](/)",
    ],
)
def test_odd_inputs_report_every_line(text: str) -> None:
    result = declutter.clean_text(text)
    expected = len(text[:-1].split("\n")) if text.endswith("\n") else len(text.split("\n"))
    assert len(result.lines) == expected
    assert apply_report(text, result.report()) == result.text


def test_plain_text_stays_plain() -> None:
    text = "Menu\n\n# systemctl daemon-reload\n\nThe council met on Monday.\nIt agreed.\n"
    assert detect_shape(text).kind is TextShape.PLAIN
