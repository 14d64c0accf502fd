"""Site templates: hashing, selection thresholds, order independence, bounded counting, and
revised results that stay consistent (text, stats, replayable report)."""

from __future__ import annotations

import gzip
import random
import tempfile
from pathlib import Path

import pytest
from corpus_data import ABOUT, article, html_page

import declutter
from declutter import Kind, apply_report, clean_text
from declutter._errors import ConfigError
from declutter.corpus.counting import TemplateCounter
from declutter.corpus.process import CleanOptions, Worker
from declutter.corpus.records import Record
from declutter.templates import (
    SiteTemplates,
    TemplateTable,
    apply_templates,
    host_hash,
    line_hash,
    line_key,
)

FIXTURES = Path(__file__).parent / "fixtures" / "html"


def pages(count: int, host: str = "example.com") -> list[tuple[str, str]]:
    return [(host, article(i)) for i in range(count)]


def test_line_key_ignores_case_digits_and_punctuation() -> None:
    assert line_key("Posted 3 May 2024 — by JANE!") == line_key("posted 17 may 1999 by jane")
    assert line_hash("   ") is None and line_hash("--") is None
    assert line_hash("About us") == line_hash("ABOUT US.") != line_hash("About them")
    assert 0 < line_hash("x") < 1 << 64  # type: ignore[operator]


def test_a_repeated_prose_line_is_removed_with_evidence() -> None:
    templates = SiteTemplates(min_pages=5, min_share=0.5).learn(pages(8))
    page = article(3)
    before = clean_text(page)
    assert ABOUT in before.text
    after = templates.apply(before, "example.com")
    assert ABOUT not in after.text
    assert after.text == before.text.replace("\n\n" + ABOUT, "")
    [line] = [line for line in after.lines if line.text == ABOUT]
    assert (line.kept, line.kind, line.rule) == (False, Kind.SITE_TEMPLATE, "site_template")
    assert line.evidence == "seen on 8 of 8 pages of example.com"
    assert after.stats.removed[Kind.SITE_TEMPLATE].lines == 1
    assert apply_report(page, after.report()) == after.text
    assert before.text != after.text  # the original result is unchanged
    assert "\n\n" + ABOUT in before.text


def test_thresholds_pages_and_share() -> None:
    assert SiteTemplates(min_pages=5).learn(pages(4)).table.hosts == {}
    assert len(SiteTemplates(min_pages=4).learn(pages(4)).table.hosts) == 1
    mixed = pages(6) + [("example.com", article(i, about=False)) for i in range(6, 20)]
    about = line_hash(ABOUT)
    table = SiteTemplates(min_pages=5, min_share=0.5).learn(mixed).table
    host = table.hosts[host_hash("example.com")]
    assert host.pages == 20 and about not in host.lines and len(host.lines) == 4  # the chrome
    table = SiteTemplates(min_pages=5, min_share=0.3).learn(mixed).table
    assert table.hosts[host_hash("example.com")].lines[about] == 6  # type: ignore[index]
    with pytest.raises(ConfigError):
        SiteTemplates(min_pages=1)
    with pytest.raises(ConfigError):
        SiteTemplates(min_share=0.0)


def test_hosts_are_counted_apart() -> None:
    batch = pages(3, "a.example") + pages(3, "b.example")
    assert SiteTemplates(min_pages=4).learn(batch).table.hosts == {}
    result = SiteTemplates(min_pages=3).learn(batch).apply(clean_text(article(1)), "c.example")
    assert ABOUT in result.text


def test_order_does_not_change_the_table_or_the_output() -> None:
    batch = pages(12, "a.example") + pages(7, "b.example") + [("c.example", article(1))]
    reference = SiteTemplates(min_pages=5).learn(batch).table
    for seed in range(3):
        shuffled = batch[:]
        random.Random(seed).shuffle(shuffled)
        table = SiteTemplates(min_pages=5).learn(shuffled).table
        assert table == reference
    texts = {apply_templates(clean_text(p), reference, h).text for h, p in batch[:1]}
    assert len(texts) == 1


def test_the_bounded_counter_equals_the_in_memory_one() -> None:
    worker = Worker(CleanOptions())
    records = [
        Record(i, f"d{i}", f"https://{host}/{i}", text, "text", "x")
        for i, (host, text) in enumerate(pages(9, "a.example") + pages(6, "b.example"))
    ]
    expected = SiteTemplates(min_pages=5).learn((r.host or "", str(r.payload)) for r in records)
    with tempfile.TemporaryDirectory() as folder:
        counter = TemplateCounter(TemplateTable(min_pages=5), Path(folder), max_entries=8)
        for start in range(0, len(records), 2):
            counter.add(worker.count(records[start : start + 2]))
        assert counter.runs > 3
        table = counter.table()
        counter.close()
    assert table == expected.table
    assert counter.pages == 15


def test_kept_kinds_can_keep_template_lines() -> None:
    templates = SiteTemplates().learn(pages(6))
    result = templates.apply(clean_text(article(0)), "example.com", kept_kinds=frozenset(
        {Kind.CONTENT, Kind.HEADING, Kind.SITE_TEMPLATE}))  # fmt: skip
    [line] = [line for line in result.lines if line.text == ABOUT]
    assert line.kept and line.kind is Kind.SITE_TEMPLATE and ABOUT in result.text


def test_max_lines_keeps_the_most_frequent() -> None:
    batch = [("h", f"Line one of the footer text.\nLine two of the footer text.\nStory {w}.")
             for w in ["apple", "pear", "plum", "fig", "kiwi"]]  # fmt: skip
    batch += [("h", "Line one of the footer text.\nA story of its own, alone.")]
    table = SiteTemplates(min_pages=5, min_share=0.5, max_lines=1).learn(batch).table
    assert list(table.hosts[host_hash("h")].lines) == [line_hash("Line one of the footer text.")]


def test_table_round_trip(tmp_path: Path) -> None:
    table = SiteTemplates().learn(pages(6)).table
    table.save(tmp_path / "t.json")
    assert TemplateTable.load(tmp_path / "t.json") == table


def test_library_batch_with_results_and_public_name() -> None:
    results = [(host, clean_text(text)) for host, text in pages(6)]
    templates = declutter.SiteTemplates().learn(results)
    cleaned = [templates.apply(result, host) for host, result in results]
    assert all(ABOUT not in result.text for result in cleaned)


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.html.gz"))[:6], ids=lambda p: p.name)
def test_pass_one_sees_the_lines_the_cleaner_sees(fixture: Path) -> None:
    worker = Worker(CleanOptions())
    payload = gzip.decompress(fixture.read_bytes())
    for fmt in ("html", "auto"):
        record = Record(0, "x", "https://a.example/", payload, fmt, "x")  # type: ignore[arg-type]
        assert worker.document_lines(record) == list(worker.clean_record(record).line_texts)


def test_pass_one_lines_for_text_and_generated_html() -> None:
    worker = Worker(CleanOptions())
    for payload, fmt in [
        (article(2), "text"),
        (article(2).encode(), "auto"),
        (html_page(2), "auto"),
    ]:
        record = Record(0, "x", None, payload, fmt, "x")  # type: ignore[arg-type]
        assert worker.document_lines(record) == list(worker.clean_record(record).line_texts)
