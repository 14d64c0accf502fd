"""Issue 10, class 2: an end marker inside the body does not cut the rest of the article.

``context.after_end_marker`` removes the content after an end-of-article marker ("Read more:",
"Related articles", "Load more") that follows most of the page's content. An in-article
"Read more:" with a link, followed by more paragraphs of the same block, is not an end: the
article goes on (``context.article_goes_on``). A marker followed by paragraphs in another block
still ends it.
"""

from __future__ import annotations

import pytest

import declutter
from declutter import native

PROSE = [
    "The harbour authority said on Tuesday that the old ferry terminal would close next spring, "
    "after forty years of service to the islands and their visitors.",
    "Passengers will move to a new terminal on the north quay, which the authority says is easier "
    "to reach by bus and has room for larger ships in the winter.",
    "Local traders, who depend on day visitors, asked for a shuttle service during the first "
    "summer, and the authority agreed to pay for one out of its own budget.",
    "The council will review the timetable in the autumn, when the first figures on passenger "
    "numbers are expected from the operator and the port.",
    "Engineers found cracks in the old pier last year, and the cost of repairing it was more than "
    "the authority could raise from harbour dues alone.",
    "A public meeting in the town hall drew more than two hundred people, many of whom had worked "
    "at the terminal or used it every day for decades.",
    "The authority's chair told the meeting that the decision had been difficult, but that the "
    "new quay would serve the islands for another half century.",
    "Some residents asked whether the old building could be kept as a museum, and the council "
    "said it would look at the idea with the local heritage trust.",
    "Fishermen who moor their boats beside the terminal were told they could stay until the end "
    "of the season, when a new pontoon is due to open nearby.",
    "The bus company has promised a new route from the town centre to the north quay, with a stop "
    "outside the hospital and another at the school.",
    "Tourism officials expect the first summer on the new quay to be busy, because a cruise line "
    "has already booked several calls for the coming season.",
    "Work on the new terminal building started in March and is running on time, according to the "
    "contractor, despite a wet winter and a shortage of steel.",
]
TAIL = [
    "The operator said the new timetable would add two sailings a day in summer, and one more on "
    "winter weekends when the weather allows.",
    "Residents of the smaller islands, who rely on the ferry for school and work, welcomed the "
    "plan but asked for cheaper fares for daily travellers.",
]
MARKER = "<p>Read more:</p><p><a href='/quay'>The new quay in pictures</a></p>"
BOTH = pytest.mark.parametrize("compiled", [False, True], ids=["python", "compiled"])


def _page(tail_in_another_block: bool) -> str:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in PROSE)
    tail = "".join(f"<p>{paragraph}</p>" for paragraph in TAIL)
    if tail_in_another_block:
        story = f"<div class='story'>{body}{MARKER}</div><div class='more'>{tail}</div>"
    else:
        story = f"<div class='story'>{body}{MARKER}{tail}</div>"
    return f"<html><body><article>{story}</article></body></html>"


def _tail(result: declutter.Result) -> list[declutter.Line]:
    return [line for line in result.lines if line.text in TAIL]


@BOTH
def test_a_read_more_inside_the_story_does_not_cut_it(compiled: bool) -> None:
    with native.use(compiled):
        result = declutter.clean_html(_page(tail_in_another_block=False))
    marker = next(line for line in result.lines if line.text == "Read more:")
    assert not marker.kept and marker.rule == "lexicon.call_to_action"
    assert [line.kept for line in _tail(result)] == [True, True]
    assert "context.after_end_marker" not in {line.rule for line in result.lines}


@BOTH
def test_a_read_more_before_another_block_still_ends_the_article(compiled: bool) -> None:
    with native.use(compiled):
        result = declutter.clean_html(_page(tail_in_another_block=True))
    (first, second) = _tail(result)
    assert not first.kept and first.rule == "context.after_end_marker"
    assert first.evidence.startswith('after end marker "Read more:"')
    assert not second.kept


@BOTH
def test_text_mode_keeps_the_rule_as_it_was(compiled: bool) -> None:
    """Text has no blocks: the marker ends the article when what follows is short enough."""
    text = "\n\n".join([*PROSE, "Related articles", *TAIL]) + "\n"
    with native.use(compiled):
        result = declutter.clean_text(text)
    assert not any(line.kept for line in result.lines if line.text in TAIL)
