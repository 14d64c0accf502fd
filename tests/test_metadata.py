"""Page metadata: every source family, conflicts between them, provenance of each field."""

from __future__ import annotations

from pathlib import Path

import pytest

from declutter import clean_html, clean_text
from declutter.metadata import Metadata, html_metadata

FIXTURES = Path(__file__).parent / "fixtures" / "metadata"


def _page(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_conflicting_sources_are_ranked_and_named() -> None:
    meta = html_metadata(_page("conflicts.html"))
    assert meta.title == "Harbour bridge reopens after repairs"
    assert meta.sources["title"] == "h1"
    assert meta.authors == ("Mara Quinn", "Tom Ode")
    assert meta.sources["authors"] == "json-ld newsarticle.author"
    assert meta.published == "2024-03-02"
    assert meta.sources["published"] == "json-ld newsarticle.datePublished"
    assert (meta.site_name, meta.sources["site_name"]) == ("Coastline Gazette", "meta og:site_name")
    assert (meta.language, meta.sources["language"]) == ("en-gb", "html[lang]")
    assert meta.canonical_url == "https://gazette.example/2024/03/01/bridge"
    assert meta.sources["canonical_url"] == "link rel=canonical"
    assert meta.description == "The harbour bridge reopened on Friday."


def test_dublin_core_tags_and_title_suffix() -> None:
    meta = html_metadata(_page("tags_only.html"))
    assert (meta.title, meta.sources["title"]) == ("Winter soups we love", "meta dc.title")
    assert (meta.authors, meta.sources["authors"]) == (("Ines Park",), "meta dc.creator")
    assert (meta.published, meta.sources["published"]) == ("2023-01-05", "meta dc.date")
    assert (meta.language, meta.sources["language"]) == ("de", "meta dc.language")


def test_title_tag_with_site_suffix_when_nothing_else() -> None:
    page = (
        "<html><head><title>Winter soups we love | Kitchen Notes</title></head><body></body></html>"
    )
    meta = html_metadata(page)
    assert (meta.title, meta.sources["title"]) == (
        "Winter soups we love",
        "title (site name stripped)",
    )


def test_author_elements_in_the_body() -> None:
    meta = html_metadata(_page("body_only.html"))
    assert (meta.title, meta.sources["title"]) == ("Notes on gardening", "h1")
    assert meta.authors == ("Li Wei",)
    assert meta.sources["authors"] == "a[rel=author]"


def test_byline_text_and_date_in_url() -> None:
    meta = html_metadata(_page("byline_url.html"), url="https://news.example/2025/11/03/rain")
    assert (meta.authors, meta.sources["authors"]) == (("Sam Hale",), 'byline "By ..."')
    assert (meta.published, meta.sources["published"]) == ("2025-11-03", "date in URL")
    assert (meta.canonical_url, meta.sources["canonical_url"]) == (
        "https://news.example/2025/11/03/rain",
        "url given",
    )


def test_result_metadata_is_lazy_and_survives_bytes_and_changes() -> None:
    result = clean_html(_page("conflicts.html").encode("utf-8"))
    assert result._metadata is None
    assert result.metadata.title == "Harbour bridge reopens after repairs"
    assert result.metadata is result.metadata
    revised = result.with_changes({})
    assert revised.metadata.published == "2024-03-02"


@pytest.mark.parametrize(
    "page", ["", "<html></html>", "<script type='application/ld+json'>{bad</script>"]
)
def test_empty_or_broken_pages_give_an_empty_record(page: str) -> None:
    meta = html_metadata(page)
    assert meta == Metadata()


def test_text_mode_title_and_language() -> None:
    result = clean_text(
        "Harbour Bridge Reopens\n\nThe bridge reopened on Friday after two years of repairs."
    )
    meta = result.metadata
    assert meta.title == "Harbour Bridge Reopens"
    assert meta.sources == {"language": "language detection", "title": "first heading-like line 1"}
    assert meta.language == result.language
    assert meta.authors == () and meta.published is None


def test_text_mode_without_heading_line() -> None:
    meta = clean_text("The bridge reopened on Friday after two years of repairs.").metadata
    assert meta.title is None


def test_cli_with_metadata_writes_front_matter(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from declutter.cli import cli

    page = tmp_path / "page.html"
    page.write_text(_page("tags_only.html"), encoding="utf-8")
    outcome = CliRunner().invoke(cli, ["clean", "--with-metadata", str(page)])
    assert outcome.exit_code == 0, outcome.output
    head, _, text = outcome.output.partition("---\n")[2].partition("---\n")
    assert 'title: "Winter soups we love"\n' in head
    assert 'authors: ["Ines Park"]\n' in head
    assert 'sources.published: "meta dc.date"\n' in head
    assert text.startswith("Soup is the answer")


HEADLINE_PAGE = (
    "<html><head><title>Ferry terminal to close | Island News</title></head><body>"
    "<nav><a href='/'>Home</a></nav><article><h1>Ferry terminal to close</h1>"
    "<p>The harbour authority said on Tuesday that the old ferry terminal would close next "
    "spring, after forty years of service to the islands and their visitors.</p></article>"
    "</body></html>"
)


@pytest.mark.parametrize(("mode", "printed"), [("keep", True), ("drop", False)])
def test_cli_headline_flag_keeps_or_drops_the_headline_line(
    tmp_path: Path, mode: str, printed: bool
) -> None:
    from click.testing import CliRunner

    from declutter.cli import cli

    page = tmp_path / "page.html"
    page.write_text(HEADLINE_PAGE, encoding="utf-8")
    runner = CliRunner()
    outcome = runner.invoke(cli, ["clean", "--headline", mode, str(page)])
    assert outcome.exit_code == 0, outcome.output
    lines = outcome.output.splitlines()
    assert ("Ferry terminal to close" in lines) is printed
    assert lines[-1].startswith("The harbour authority said on Tuesday")
    assert outcome.output == clean_html(HEADLINE_PAGE, headline=mode).text + "\n"  # type: ignore[arg-type]
    explained = runner.invoke(cli, ["explain", "--headline", mode, str(page)]).output.splitlines()
    at = explained.index("   | Ferry terminal to close")
    verdict = "kept     heading" if printed else "removed  metadata"
    assert explained[at - 1].startswith(f"3  {verdict}")
    assert (
        f"metadata.headline: the page's headline (metadata.title); headline='{mode}'"
        in (explained[at - 1])
    )


def test_cli_headline_flag_reaches_dump_and_rejects_other_values(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from declutter.cli import cli

    records = tmp_path / "in.jsonl"
    records.write_text(json.dumps({"id": "p1", "text": HEADLINE_PAGE}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    runner = CliRunner()
    args = ["dump", str(records), "-o", str(out), "--format", "html", "--jobs", "1"]
    assert runner.invoke(cli, [*args, "--headline", "drop"]).exit_code == 0
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert not record["text"].startswith("Ferry terminal to close")
    assert record["text"].startswith("The harbour authority said on Tuesday")
    bad = runner.invoke(cli, ["clean", "--headline", "maybe", str(records)])
    assert bad.exit_code == 2
    assert "'--headline'" in bad.output and "'maybe' is not one of 'auto', 'keep', 'drop'" in (
        bad.output
    )
