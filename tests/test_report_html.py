"""The visual report: ``Result.to_html()``, ``declutter report`` and the dump index page, checked
as markup and, when a Chromium can be found, in a real headless browser: rendered by Chromium's
own ``--dump-dom``/``--screenshot``, and clicked and typed into through Playwright."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from declutter import Kind, Result, clean, clean_text
from declutter.cli import cli
from declutter.render.dump_sample import sample_records
from declutter.render.html_report import _KIND_COLOURS, index_page, report_page

FIXTURES = Path(__file__).parent / "fixtures" / "html"
PAGE = FIXTURES / "wcxb-article-0490.html.gz"
TEXT = (
    "Skip to content\n"
    "Share this article\n"
    "River rises <b>two</b> metres overnight & the council opens the school hall.\n"
    "The river rose two metres overnight, and the town council opened the school hall.\n"
    "Load more\n"
)


def _html_result() -> Result:
    return clean(gzip.decompress(PAGE.read_bytes()), format="html")


def _count(tree: HTMLParser, name: str) -> int:
    node = tree.css_first(f'[data-count="{name}"]')
    assert node is not None, name
    return int(node.text())


def _check_counts(tree: HTMLParser, result: Result) -> None:
    stats = result.stats
    assert _count(tree, "lines_total") == stats.lines_total
    assert _count(tree, "lines_kept") == stats.lines_kept
    assert _count(tree, "chars_total") == stats.chars_total
    assert _count(tree, "chars_kept") == stats.chars_kept
    for kind, counts in stats.removed.items():
        chars = tree.css_first(f'[data-removed-chars="{kind.value}"]')
        lines = tree.css_first(f'[data-removed-lines="{kind.value}"]')
        assert chars is not None and int(chars.text()) == counts.chars
        assert lines is not None and int(lines.text()) == counts.lines


def test_every_kind_has_a_colour() -> None:
    assert set(_KIND_COLOURS) == {kind.value for kind in Kind}


def test_text_report_shows_every_line_with_its_decision() -> None:
    result = clean_text(TEXT)
    tree = HTMLParser(result.to_html(title="page.txt"))
    _check_counts(tree, result)
    rows = tree.css("ol.lines > li")
    assert [int(row.attributes["data-n"] or 0) for row in rows] == [
        line.number for line in result.lines
    ]
    for row, line in zip(rows, result.lines, strict=True):
        assert row.attributes["data-kind"] == line.kind.value
        assert row.attributes["data-rule"] == line.rule
        assert row.attributes["data-evidence"] == line.evidence
        assert row.attributes["data-kept"] == ("1" if line.kept else "0")
        assert row.attributes["tabindex"] == "0"
        assert line.rule in (row.attributes["title"] or "")
        assert ("removed" in (row.attributes["class"] or "")) is (not line.kept)
        text = row.css_first(".t")
        assert text is not None and text.text().endswith(line.text)
    assert not tree.css(".blocks"), "the blocks view is for HTML input"


def test_line_text_is_escaped_and_the_page_is_self_contained() -> None:
    page = clean_text(TEXT + "<script>alert(1)</script>\n").to_html()
    assert "<b>two</b>" not in page and "&lt;b&gt;two&lt;/b&gt;" in page
    assert page.count("<script>") == 1  # the report's own script only
    tree = HTMLParser(page)
    for node in tree.css("[src], [href], link"):
        target = node.attributes.get("src") or node.attributes.get("href") or ""
        assert target.startswith("#"), f"external reference {target!r}"
    assert "default-src 'none'" in page


def test_html_report_has_sources_and_a_blocks_view_with_removals_struck_through() -> None:
    result = _html_result()
    tree = HTMLParser(result.to_html())
    _check_counts(tree, result)
    blocks = tree.css(".blocks > p")
    shown = [line for line in result.lines if line.text.strip()]
    assert len(blocks) == len(shown)
    for block, line in zip(blocks, shown, strict=True):
        assert (block.css_first("del") is not None) is (not line.kept)
        assert block.attributes.get("data-source") == line.source
    assert any(line.source for line in result.lines)


def test_report_without_texts_is_refused() -> None:
    with pytest.raises(ValueError, match="include_text=True"):
        report_page(clean_text(TEXT).report(include_text=False))


def test_index_page_sums_the_records() -> None:
    results = [clean_text(TEXT), _html_result()]
    records = [{"id": f"doc-{i}", "stats": r.stats.to_dict()} for i, r in enumerate(results)]
    tree = HTMLParser(index_page(records))
    assert _count(tree, "records") == 2
    assert _count(tree, "lines_total") == sum(r.stats.lines_total for r in results)
    assert _count(tree, "chars_kept") == sum(r.stats.chars_kept for r in results)
    navigation = sum(r.stats.removed.get(Kind.NAVIGATION, _zero()).chars for r in results)
    node = tree.css_first('[data-removed-chars="navigation"]')
    assert node is not None and int(node.text()) == navigation
    assert len(tree.css("tbody > tr")) == 2


def _zero() -> object:
    from declutter._result import KindCount

    return KindCount()


def test_cli_report_one_file_several_files_and_errors(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(gzip.decompress(PAGE.read_bytes()))
    notes = tmp_path / "notes.txt"
    notes.write_text(TEXT, encoding="utf-8")
    runner = CliRunner()
    one = runner.invoke(cli, ["report", str(page), "-o", str(tmp_path / "one.html")])
    assert one.exit_code == 0, one.output
    tree = HTMLParser((tmp_path / "one.html").read_text(encoding="utf-8"))
    _check_counts(tree, _html_result())
    several = runner.invoke(
        cli, ["report", str(page), str(notes), "-o", str(tmp_path / "two.html")]
    )
    assert several.exit_code == 0, several.output
    tree = HTMLParser((tmp_path / "two.html").read_text(encoding="utf-8"))
    assert _count(tree, "records") == 2 and len(tree.css("details[id^=doc-]")) == 2
    missing = runner.invoke(
        cli, ["report", str(notes), str(tmp_path / "nope.txt"), "-o", str(tmp_path / "3.html")]
    )
    assert missing.exit_code == 1 and "nope.txt" in missing.output
    piped = runner.invoke(cli, ["report", "-o", str(tmp_path / "4.html")], input=TEXT)
    assert piped.exit_code == 0, piped.output
    tree = HTMLParser((tmp_path / "4.html").read_text(encoding="utf-8"))
    _check_counts(tree, clean_text(TEXT))


def test_cli_report_over_a_dump_sample(tmp_path: Path) -> None:
    dump = tmp_path / "out.jsonl.gz"
    records = []
    for number in range(30):
        result = clean_text(f"Skip to content\nStory number {number} was told at length today.")
        records.append({"id": f"doc-{number}", "url": None, "stats": result.stats.to_dict(),
                        "report": result.report()})  # fmt: skip
    with gzip.open(dump, "wt", encoding="utf-8") as stream:
        stream.writelines(json.dumps(record) + "\n" for record in records)
    out = tmp_path / "index.html"
    run = CliRunner().invoke(cli, ["report", "--dump", str(dump), "--sample", "7", "-o", str(out)])
    assert run.exit_code == 0, run.output
    tree = HTMLParser(out.read_text(encoding="utf-8"))
    assert _count(tree, "records") == 7
    ids = [row.text() for row in tree.css("tbody > tr > td:nth-child(2)")]
    assert ids == [record["id"] for record in sample_records(dump, 7)]
    assert ids == sorted(ids, key=lambda name: int(name.split("-")[1])), "file order"
    assert len(tree.css("details ol.lines")) == 7
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\n', encoding="utf-8")
    run = CliRunner().invoke(cli, ["report", "--dump", str(bad), "-o", str(out)])
    assert run.exit_code == 3 and "line 1: not a dump record" in run.output


# In a real browser.


def _chromium() -> str:
    for name in (os.environ.get("DECLUTTER_CHROMIUM"), "chromium", "chromium-browser",
                 "google-chrome"):  # fmt: skip
        if name and shutil.which(name):
            return str(shutil.which(name))
    pytest.skip(
        "no Chromium found (tried $DECLUTTER_CHROMIUM, chromium, chromium-browser, "
        "google-chrome): the report was not checked in a browser; on Debian: "
        "apt-get install chromium"
    )


def _headless(browser: str, profile: Path, *arguments: str) -> str:
    run = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={profile}", "--virtual-time-budget=5000", *arguments],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


def test_report_in_headless_chromium(tmp_path: Path) -> None:
    browser = _chromium()
    result = _html_result()
    page = tmp_path / "report.html"
    page.write_text(result.to_html(title="wcxb-article-0490.html"), encoding="utf-8")
    hidden = Kind.NAVIGATION
    assert result.stats.removed[hidden].lines > 0

    dom = _headless(browser, tmp_path / "profile", "--dump-dom", page.as_uri())
    tree = HTMLParser(dom)
    assert tree.css_first("html").attributes.get("data-ready") == "1", "the script did not run"
    _check_counts(tree, result)
    assert _visible(tree) == result.stats.lines_total

    dom = _headless(
        browser, tmp_path / "profile", "--dump-dom", f"{page.as_uri()}#hide={hidden.value}"
    )
    tree = HTMLParser(dom)
    assert _visible(tree) == result.stats.lines_total - result.stats.removed[hidden].lines
    assert tree.body is not None
    assert tree.body.attributes.get("data-hidden-kinds") == hidden.value
    rows = tree.css(f'ol.lines > li[data-kind="{hidden.value}"]')
    assert rows and all("hidden-kind" in (row.attributes["class"] or "") for row in rows)

    artifacts = Path(os.environ.get("DECLUTTER_ARTIFACTS", tmp_path))
    artifacts.mkdir(parents=True, exist_ok=True)
    for width in (375, 1280):
        shot = artifacts / f"report-{width}.png"
        _headless(browser, tmp_path / "profile", f"--window-size={width},900",
                  f"--screenshot={shot}", page.as_uri())  # fmt: skip
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _visible(tree: HTMLParser) -> int:
    node = tree.css_first("#visible-count")
    assert node is not None
    shown = int(node.text())
    rows = [row for row in tree.css("ol.lines > li")
            if "hidden-kind" not in (row.attributes["class"] or "")]  # fmt: skip
    assert shown == len(rows)
    assert re.fullmatch(r"\d+", node.text())
    return shown


# Clicked and typed into by Playwright, driving the same system Chromium (no browser download).


def test_report_filter_click_and_keyboard_in_chromium(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    browser_path = _chromium()
    result = _html_result()
    page_file = tmp_path / "report.html"
    page_file.write_text(result.to_html(title="wcxb-article-0490.html"), encoding="utf-8")
    hidden = Kind.NAVIGATION
    hidden_lines = result.stats.removed[hidden].lines
    assert hidden_lines > 0
    errors: list[str] = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=browser_path, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(page_file.as_uri())
            assert page.locator("html").get_attribute("data-ready") == "1"
            _check_counts(HTMLParser(page.content()), result)
            lines = page.locator("ol.lines > li")
            assert lines.count() == result.stats.lines_total
            assert _shown(page) == result.stats.lines_total

            box = page.locator(f'input[data-filter="{hidden.value}"]')
            box.click()
            assert not box.is_checked()
            assert _shown(page) == result.stats.lines_total - hidden_lines
            assert page.locator(f'ol.lines > li[data-kind="{hidden.value}"]:visible').count() == 0
            assert page.evaluate("location.hash") == f"#hide={hidden.value}"

            _walk_with_keys(page, result, hidden)

            page.set_viewport_size({"width": 375, "height": 900})
            assert page.evaluate("document.documentElement.scrollWidth") <= 375, "scrolls sideways"
            # Narrow: the panel sticks to the bottom; a line reached by keys stays above it.
            page.locator("ol.lines > li:visible").first.focus()
            for _ in range(30):
                page.keyboard.press("ArrowDown")
                assert page.evaluate(_FOCUSED_LINE_UNCOVERED), "focused line under the panel"
            artifacts = Path(os.environ.get("DECLUTTER_ARTIFACTS", tmp_path))
            artifacts.mkdir(parents=True, exist_ok=True)
            shot = artifacts / "report-375-clicked.png"
            page.screenshot(path=str(shot))
            assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

            box.click()
            assert box.is_checked()
            assert _shown(page) == result.stats.lines_total
            assert page.evaluate("location.hash") == ""
        finally:
            browser.close()
    assert not errors, errors


_FOCUSED_LINE_UNCOVERED = """(() => {
  const line = document.activeElement, box = line.getBoundingClientRect();
  const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return top !== null && line.contains(top);
})()"""


def _shown(page: Any) -> int:
    """The visible-line count the page prints, checked against the rows actually displayed."""
    shown = int(page.locator("#visible-count").inner_text())
    assert shown == page.locator("ol.lines > li:visible").count()
    return shown


def _walk_with_keys(page: Any, result: Result, hidden: Kind) -> None:
    """Focus the first line, then move with ArrowDown/j and ArrowUp/k: focus skips the hidden
    kind, and the side panel always shows the focused line's decision."""
    expected = [line.number for line in result.lines if line.kind is not hidden]
    page.locator("ol.lines > li").first.focus()
    position = 0
    for key in ["ArrowDown"] * 12 + ["j"] * 6 + ["k", "ArrowUp", "ArrowUp"]:
        page.keyboard.press(key)
        position += 1 if key in ("ArrowDown", "j") else -1
        number = int(page.evaluate("document.activeElement.dataset.n"))
        assert number == expected[position], key
        line = result.lines[number - 1]
        panel = _panel(page)
        assert panel["line"] == str(number)
        assert panel["verdict"] == ("kept" if line.kept else "removed")
        assert panel["kind"] == line.kind.value
        assert panel["rule"] == line.rule
        assert panel["evidence"] == line.evidence
        assert panel.get("source", "") == (line.source or "")
    skipped = [n for n in range(expected[0], expected[position]) if n not in expected]
    assert skipped, "the walk should have crossed a hidden line"


def _panel(page: Any) -> dict[str, str]:
    pairs: list[list[str]] = page.evaluate(
        "[...document.querySelectorAll('#panel-body dt')]"
        ".map(dt => [dt.textContent, dt.nextElementSibling.textContent])"
    )
    return dict((key, value) for key, value in pairs)
