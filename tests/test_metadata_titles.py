"""Issue 10, metadata: titles, one test per class of miss seen on real pages (the fixtures in
tests/fixtures/metadata/ are written for these tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

from declutter.metadata import Metadata, html_metadata
from declutter.metadata.titles import host_label, is_site_part, strip_site

FIXTURES = Path(__file__).parent / "fixtures" / "metadata"


def _meta(name: str, url: str | None = None) -> Metadata:
    return html_metadata((FIXTURES / name).read_text(encoding="utf-8"), url=url)


def test_an_h1_that_is_the_site_name_is_not_the_title() -> None:
    # A blog whose h1 is its logo; the post's title is in <title> before the site's name.
    meta = _meta("date_labelled_far.html")
    assert (meta.title, meta.sources["title"]) == (
        "Why I moved my blog to a static site",
        "title (site name stripped)",
    )


def test_a_forum_h1_that_is_the_forum_name() -> None:
    meta = _meta("date_forum.html")  # <title>Which tent for alpine trips? - Hiking Forum
    assert (meta.title, meta.sources["title"]) == (
        "Which tent for alpine trips?",
        "title (site name stripped)",
    )


def test_sources_that_agree_outvote_a_different_h1() -> None:
    meta = _meta("title_vote.html")  # og:title and <title> agree, the h1 says something else
    assert (meta.title, meta.sources["title"]) == (
        "Top MBA Programs of 2025: Business School Rankings & Guides",
        "meta og:title",
    )
    assert (meta.site_name, meta.sources["site_name"]) == ("Menlo Coaching", "meta og:site_name")


def test_a_suffix_naming_the_host_is_the_site_name() -> None:
    meta = _meta("title_host_suffix.html", url="https://electricians.promatcher.com/cost/x.aspx")
    assert (meta.title, meta.sources["title"]) == (
        "Marietta Electricians Costs & Prices",
        "title (site name stripped)",
    )
    assert (meta.canonical_url, meta.sources["canonical_url"]) == (
        "https://electricians.promatcher.com/cost/x.aspx",
        "url given",
    )


@pytest.mark.parametrize(
    ("title", "host", "expected"),
    [
        ("Electrical - Overview | Occupational Safety and Health Administration", "osha",
         "Electrical - Overview"),  # the host's initials
        ("Ridge Wallet - Royal Black", "ridge", "Ridge Wallet"),  # a prefix is not cut for it
        ("Tastify | Top 7 Corporate Catering Trends for 2024 to watch", "tastifyfood",
         "Tastify | Top 7 Corporate Catering Trends for 2024 to watch"),
        ("Budget agreed | Tastify Food", "tastifyfood", "Budget agreed"),
    ],
)  # fmt: skip
def test_site_parts(title: str, host: str, expected: str) -> None:
    assert strip_site(title, [], host) == expected


def test_host_labels() -> None:
    assert host_label("https://www.bbc.co.uk/news") == "bbc"
    assert host_label("https://bbs.archlinux.org/viewtopic.php?id=1") == "archlinux"
    assert is_site_part("Arch Linux", [], "archlinux")
    assert not is_site_part("Arch Linux ISO sizes over the years", [], "archlinux")
