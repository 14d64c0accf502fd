"""Issue 10, class 7: invisible characters (soft hyphens, zero-width spaces, BOMs) are taken
out of the clean text and Markdown; the report keeps the input as it was, offsets included."""

from __future__ import annotations

import declutter
from declutter.render.invisible import INVISIBLE, without_invisible

SENTENCE = (
    "The harbour authority said on Tues\u00adday that the old ferry ter\u200bminal would close "
    "next spring, after forty years of ser\u2060vice to the islands."
)
ARTICLE = (
    "Passengers will move to a new terminal on the north quay, which the authority says is "
    "easier to reach by bus and has room for larger ships in the winter."
)
CLEAN = (
    "The harbour authority said on Tuesday that the old ferry terminal would close next "
    "spring, after forty years of service to the islands."
)


def test_text_mode_output_has_no_invisible_characters() -> None:
    text = f"{SENTENCE}\n\n{ARTICLE}\n"
    result = declutter.clean_text(text)
    assert result.text.split("\n")[0] == CLEAN
    assert not INVISIBLE.intersection(map(ord, result.text))
    first = result.lines[0]
    assert first.text == SENTENCE and text[first.start : first.end] == SENTENCE
    assert declutter.apply_report(text, result.report()) == result.text


def test_html_mode_text_and_markdown_have_no_invisible_characters() -> None:
    page = f"<article><h2>Ferry news\u00ad</h2><p>{SENTENCE}</p><p>{ARTICLE}</p></article>"
    result = declutter.clean_html(page)
    assert CLEAN in result.text
    for output in (result.text, result.markdown):
        assert not INVISIBLE.intersection(map(ord, output))
    assert any("\u00ad" in line.text for line in result.lines)
    segmented = "\n".join(line.text for line in result.lines)
    assert declutter.apply_report(segmented, result.report()) == result.text


def test_joiners_that_change_writing_are_kept() -> None:
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    emoji = "\U0001f469\u200d\U0001f4bb"
    assert without_invisible(f"{persian} {emoji} \u200e") == f"{persian} {emoji} \u200e"
