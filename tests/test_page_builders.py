"""Page builders name every block of a page after a widget: the "widget" stem (a sidebar in
WordPress themes) must not make a whole Elementor page chrome (WCXB dev pages built with
Elementor lost their main text: smallbusinessattorneynyc.com F1 0.00, employmentboost.com 0.00).
Only the widget's type after the prefix counts: ``elementor-widget-nav-menu`` is a menu."""

from __future__ import annotations

import pytest
from documents import _PARAGRAPHS

import declutter
from declutter import native
from declutter.native import kernel
from declutter.segment.dom import ClassHit, class_mask

PARAGRAPHS = _PARAGRAPHS[:3]


def _widget(kind: str, inner: str) -> str:
    return (
        f"<div class='elementor-element elementor-widget elementor-widget-{kind}'>"
        f"<div class='elementor-widget-container'>{inner}</div></div>"
    )


PAGE = (
    "<html><body><div class='elementor elementor-12'>"
    + _widget(
        "nav-menu",
        "<ul><li><a href='/'>Home</a></li><li><a href='/about'>About us</a></li>"
        "<li><a href='/contact'>Contact</a></li></ul>",
    )
    + "".join(
        "<section class='elementor-section'><div class='elementor-widget-wrap'>"
        + _widget("heading", f"<h2>Part {number} of the story</h2>")
        + _widget("text-editor", f"<p>{paragraph}</p>")
        + "</div></section>"
        for number, paragraph in enumerate(PARAGRAPHS, 1)
    )
    + "</div></body></html>"
)
BOTH = pytest.mark.parametrize("compiled", [False, True], ids=["python", "compiled"])


@pytest.mark.parametrize(
    ("value", "hit"),
    [("elementor-widget", 0), ("elementor-widget-wrap", 0),
     ("elementor-widget elementor-widget-text-editor", 0),
     ("elementor-widget-container", 0), ("elementor-widget-nav-menu", ClassHit.MENU | ClassHit.NAV),
     ("elementor-widget-share-buttons", ClassHit.SHARE), ("widget widget_recent_entries", ClassHit.SIDEBAR)],
)  # fmt: skip
def test_the_widget_type_counts_not_the_prefix(value: str, hit: int) -> None:
    assert class_mask(value) == hit
    walk = kernel("walk")
    if walk is not None:
        for token in value.split():
            assert walk.token_mask(token) == class_mask(token), token


@BOTH
def test_an_elementor_page_keeps_its_text(compiled: bool) -> None:
    with native.use(compiled):
        result = declutter.clean_html(PAGE)
    for paragraph in PARAGRAPHS:
        assert paragraph in result.text
    assert "About us" not in result.text
