"""Issue 10, metadata: publication dates, one test per class of miss seen on real pages (the
fixtures in tests/fixtures/metadata/date_*.html are written for these tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

from declutter.metadata import Metadata, html_metadata
from declutter.metadata.dates import iso_date

FIXTURES = Path(__file__).parent / "fixtures" / "metadata"


def _meta(name: str, url: str | None = None) -> Metadata:
    return html_metadata((FIXTURES / name).read_text(encoding="utf-8"), url=url)


def test_the_updated_line_under_the_headline_beats_a_time_element_elsewhere() -> None:
    # A "Updated ... · 6 min read" line under the h1; a nav date above it and an older
    # <time datetime> in a sidebar; a date inside a sentence of the body.
    meta = _meta("date_updated_line.html")
    assert (meta.published, meta.sources["published"]) == ("2025-09-17", "date line near the h1")
    assert (meta.title, meta.sources["title"]) == ("How to repot a fern", "h1")


def test_numeric_dates_follow_the_page_language() -> None:
    meta = _meta("date_numeric_fr.html")  # lang="fr": 04/05/2024 is 4 May
    assert (meta.published, meta.sources["published"]) == ("2024-05-04", "date line near the h1")
    assert (meta.language, meta.sources["language"]) == ("fr", "html[lang]")
    page = (FIXTURES / "date_numeric_fr.html").read_text(encoding="utf-8")
    american = html_metadata(page.replace('lang="fr"', 'lang="en-US"'))
    assert american.published == "2024-04-05"


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("04/05/2024", False, "2024-04-05"),
        ("04/05/2024", True, "2024-05-04"),
        ("31/05/2024", False, "2024-05-31"),  # a part above 12 is the day
        ("17.05.2021", False, "2021-05-17"),
        ("02-12-2025", False, "2025-12-02"),  # dashes: day first
        ("2023 Jan 7", False, "2023-01-07"),
        ("Publié le 3 mars 2024", False, "2024-03-03"),
        ("Veröffentlicht am 3. März 2024", False, "2024-03-03"),
        ("5 de março de 2024", False, "2024-03-05"),
        ("pubblicato il 12 settembre 2023", False, "2023-09-12"),
        ("gepubliceerd op 1 mei 2022", False, "2022-05-01"),
        ("version 2024.5.0", False, None),
        ("3 days ago", False, None),  # relative: no time to count from
        ("12/05/25", False, None),  # two-digit year: not read
    ],
)
def test_written_dates(text: str, day_first: bool, expected: str | None) -> None:
    assert iso_date(text, day_first=day_first) == expected


def test_other_languages() -> None:
    meta = _meta("date_other_languages.html")
    assert (meta.published, meta.sources["published"]) == ("2024-03-05", "date line near the h1")
    assert meta.language == "pt-br"


def test_forum_join_dates_are_not_the_post_date() -> None:
    meta = _meta("date_forum.html")
    assert (meta.published, meta.sources["published"]) == ("2024-09-11", "date line near the h1")


def test_a_utc_timestamp_a_day_off_the_url_date_gives_the_local_day() -> None:
    meta = _meta("date_timezone.html", url="https://notes.example/2025/12/18/late-night-notes")
    assert meta.published == "2025-12-18"
    assert meta.sources["published"] == (
        "date in URL (local day of meta article:published_time 2025-12-19T02:41:41+00:00)"
    )
    alone = _meta("date_timezone.html")  # no URL: the timestamp as given
    assert (alone.published, alone.sources["published"]) == (
        "2025-12-19T02:41:41+00:00",
        "meta article:published_time",
    )


def test_a_labelled_date_line_far_from_the_headline() -> None:
    meta = _meta("date_labelled_far.html")
    assert (meta.published, meta.sources["published"]) == ("2025-12-15", "labelled date line")


@pytest.mark.parametrize(
    ("tag", "source"),
    [
        ('<meta name="published" content="July 17, 2025">', "meta published"),
        ('<meta name="w-published-date" content="2025-07-17T06:03:43Z">', "meta w-published-date"),
    ],
)
def test_more_names_of_the_publication_date_tag(tag: str, source: str) -> None:
    meta = html_metadata(f"<html><head>{tag}<meta name='updated' content='2025-09-01'></head>"
                         "<body><h1>T</h1><p>Text.</p></body></html>")  # fmt: skip
    assert (meta.published or "")[:10] == "2025-07-17"
    assert meta.sources["published"] == source
