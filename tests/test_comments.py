"""Issue 10, class 8: ``include_comments=True`` delivers the comments under an article, as kind
``comment`` and kept; comment furniture stays removed; without the option they are removed."""

from __future__ import annotations

import pytest

import declutter
from declutter import Kind, native

ARTICLE = "".join(
    f"<p>{paragraph}</p>"
    for paragraph in (
        "The harbour authority said on Tuesday that the old ferry terminal would close next "
        "spring, after forty years of service to the islands and their visitors.",
        "Passengers will move to a new terminal on the north quay, which the authority says is "
        "easier to reach by bus and has room for larger ships in the winter.",
        "Local traders, who depend on day visitors, asked for a shuttle service during the "
        "first summer, and the authority agreed to pay for one out of its own budget.",
        "The council will review the timetable in the autumn, when the first figures on "
        "passenger numbers are expected from the operator and the port.",
    )
)
COMMENTS = [
    "I took this ferry every summer as a child and I will really miss the old terminal.",
    "The new quay is much easier to reach by bus, which is good news for everyone here.",
]
PAGE = (
    f"<html><body><article><h1>Ferry terminal to close</h1>{ARTICLE}</article>"
    "<section id='comments' class='comments'><h3>2 comments</h3>"
    + "".join(
        f"<div class='comment'><p class='comment-author'>Reader {n}</p><p>{text}</p>"
        "<a href='#reply'>Reply</a></div>"
        for n, text in enumerate(COMMENTS)
    )
    + "</section></body></html>"
)
BOTH = pytest.mark.parametrize("compiled", [False, True], ids=["python", "compiled"])


@BOTH
def test_include_comments_delivers_the_comments(compiled: bool) -> None:
    with native.use(compiled):
        result = declutter.clean_html(PAGE, include_comments=True)
    for text in COMMENTS:
        (line,) = [line for line in result.lines if line.text == text]
        assert (line.kept, line.kind, line.rule) == (True, Kind.COMMENT, "html.comments")
        assert line.evidence.endswith("include_comments=True")
        assert text in result.text
    assert not any(line.kept for line in result.lines if line.text in ("Reply", "Reader 0"))


@BOTH
def test_comments_are_removed_by_default(compiled: bool) -> None:
    with native.use(compiled):
        result = declutter.clean_html(PAGE)
    for text in COMMENTS:
        (line,) = [line for line in result.lines if line.text == text]
        assert (line.kept, line.kind) == (False, Kind.COMMENT)
        assert line.evidence.endswith("include_comments=False")
    assert "Passengers will move" in result.text
