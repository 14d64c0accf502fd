"""Issue 10, metadata: authors, one test per class of miss seen on real pages (the fixtures in
tests/fixtures/metadata/author_*.html are written for these tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

from declutter.metadata import Metadata, html_metadata
from declutter.metadata.names import person_like, split_authors, valid_name

FIXTURES = Path(__file__).parent / "fixtures" / "metadata"


def _meta(name: str) -> Metadata:
    return html_metadata((FIXTURES / name).read_text(encoding="utf-8"))


def test_a_json_ld_author_given_by_id_is_the_node_it_points_to() -> None:
    meta = _meta("author_jsonld_ref.html")
    assert (meta.authors, meta.sources["authors"]) == (("Ines Okafor",), "json-ld webpage.author")
    assert (meta.site_name, meta.sources["site_name"]) == ("Rest Well", "json-ld webpage.publisher")
    assert (meta.title, meta.sources["title"]) == ("Five habits of good sleepers", "h1")


def test_a_person_in_the_byline_beats_a_handle_in_the_author_tag() -> None:
    meta = _meta("author_handle_vs_byline.html")
    assert (meta.authors, meta.sources["authors"]) == (("Nirmita Panchal",), 'byline "By ..."')


def test_the_site_as_the_only_declared_author_is_kept() -> None:
    meta = _meta("author_site_only.html")
    assert (meta.authors, meta.sources["authors"]) == (("Whova",), "meta author")
    assert (meta.site_name, meta.sources["site_name"]) == ("Whova", "meta og:site_name")
    assert (meta.title, meta.sources["title"]) == ("Top event industry trends for 2025", "h1")


def test_a_link_to_an_author_page_and_not_the_interface_around_it() -> None:
    # "Log in" / "Sign up" links to /user/ pages and a "The Author" label are not names.
    meta = _meta("author_link.html")
    assert (meta.authors, meta.sources["authors"]) == (
        ("Shannon Grilli",),
        "link to an author page",
    )


def test_credentials_are_not_authors() -> None:
    meta = _meta("author_lists.html")  # parsely-author "Dylan Bailey, MS, RD, FAND"
    assert (meta.authors, meta.sources["authors"]) == (("Dylan Bailey",), "meta parsely-author")
    assert meta.author == "Dylan Bailey"


def test_a_forum_post_author() -> None:
    meta = _meta("date_forum.html")  # "by alpine_anna » 11. Sep 2024, 18:36"
    assert (meta.authors, meta.sources["authors"]) == (("alpine_anna",), "class*=author")


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("Jared Newman and Sam Singleton", ["Jared Newman", "Sam Singleton"]),
        ("Danielle DeSiato, Donna Enzmann, and Natalie Nguyen",
         ["Danielle DeSiato", "Donna Enzmann", "Natalie Nguyen"]),
        ("Dylan Bailey, MS, RD, FAND", ["Dylan Bailey"]),
        ("Rebecca Lake, CEPF®", ["Rebecca Lake"]),
        ("Benjamin Johnson, Sr. Director of Operations, Atlas Van Lines", ["Benjamin Johnson"]),
        ("Center for Drug Evaluation and Research", ["Center for Drug Evaluation and Research"]),
        ("Maria &amp; Katerina", ["Maria & Katerina"]),
        ("Written by Block Renovation", ["Block Renovation"]),
    ],
)  # fmt: skip
def test_tag_values_split_into_people(value: str, names: list[str]) -> None:
    from declutter.metadata.normalize import unescape

    assert split_authors(unescape(value)) == names


@pytest.mark.parametrize(
    ("name", "person", "valid"),
    [
        ("Mara Quinn", True, True),
        ("Matt De La O", True, True),
        ("kffnirmitap", False, True),
        ("andrew.keaveney", False, True),
        ("Whova", False, True),
        ("The Author", False, False),
        ("August", False, False),
        ("Log in", False, False),
        ("J Offline", False, False),
        ("Sun Dec", False, False),
        ("#identity", False, False),
        ("https://example.com/#/schema/person/1", False, False),
    ],
)
def test_names(name: str, person: bool, valid: bool) -> None:
    assert person_like(name) is person
    assert valid_name(name) is valid


def test_a_thread_starter_beats_the_author_of_the_first_post_shown() -> None:
    # Page 2 of a thread: the first post shown is a reply; the thread's author is its starter.
    meta = _meta("author_thread_starter.html")
    assert (meta.authors, meta.sources["authors"]) == (("pippin06",), 'label "Thread starter"')
    assert (meta.title, meta.sources["title"]) == ("Fragrance budget for 2024?", "h1")
