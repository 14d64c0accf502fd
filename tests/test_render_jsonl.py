"""The JSON Lines report and replaying a report on its input."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from declutter import REPORT_SCHEMA, InputError, ReportMismatch, apply_report, clean_text
from declutter.render.jsonl import iter_report, read_report, report_records, write_report
from declutter.segment.text import segment_text

ARTICLE = (
    "Accessibility links\n"
    "Skip to content\n"
    "\n"
    "River rises two metres overnight\n"
    "The river rose two metres overnight, and the town council opened the school hall to "
    "families from the lower streets.\n"
    "Volunteers brought blankets and soup; the mayor said the water should fall by Friday.\n"
    "Share this article\n"
    "Load more\n"
    "© 2024 Example News. All rights reserved."
)


INPUTS = [
    pytest.param(ARTICLE, id="article"),
    pytest.param("", id="empty"),
    pytest.param("One single line without a newline", id="one-line"),
    pytest.param("Ünïcödé ☃ 東京 — “quotes”\n\nsecond paragraph", id="unicode"),
    pytest.param(
        "A caption printed twice, as scraped pages often do.\n" * 2 + "Body text here.",
        id="duplicates",
    ),
    pytest.param("Title\r\n\r\nBody\x00 text\r\n", id="crlf-controls"),
    pytest.param("   \n\t\n", id="whitespace"),
    pytest.param("Cafe\u0301 decomposed", id="nfc"),
    pytest.param(ARTICLE + "\n", id="trailing-newline"),
]


@pytest.mark.parametrize("text", INPUTS)
def test_apply_report_gives_result_text(text: str) -> None:
    result = clean_text(text)
    assert apply_report(text, result.report()) == result.text


@pytest.mark.parametrize("text", INPUTS)
def test_jsonl_round_trip_replays(text: str) -> None:
    result = clean_text(text)
    out = io.StringIO()
    write_report(out, result, source="page.txt")
    [document] = read_report(out.getvalue().splitlines(keepends=True))
    assert apply_report(text, document) == result.text


@pytest.mark.parametrize("kept", [{"content"}, {"content", "accessibility", "call_to_action"}])
def test_replay_with_other_kept_kinds(kept: set[str]) -> None:
    result = clean_text(ARTICLE, kept_kinds=kept)
    assert apply_report(ARTICLE, result.report()) == result.text


def test_replay_without_line_texts_checks_count_only() -> None:
    result = clean_text(ARTICLE)
    report = result.report(include_text=False)
    assert apply_report(ARTICLE, report) == result.text


def _records(text: str = ARTICLE, **kwargs: Any) -> list[dict[str, Any]]:
    out = io.StringIO()
    write_report(out, clean_text(text), **kwargs)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_document_record() -> None:
    result = clean_text(ARTICLE)
    document = _records(source="page.txt")[0]
    assert document["record"] == "document"
    assert document["schema"] == REPORT_SCHEMA == "declutter.report/1"
    assert document["source"] == "page.txt"
    assert document["document"] == 1
    assert document["format"] == result.format.value
    assert document["language"] == result.language
    assert document["stats"] == result.stats.to_dict()
    assert "lines" not in document


def test_line_records_carry_line_to_dict() -> None:
    result = clean_text(ARTICLE)
    lines = _records(source="-")[1:]
    assert len(lines) == len(result.lines)
    for record, line in zip(lines, result.lines, strict=True):
        assert record == {"record": "line", "document": 1, **line.to_dict()}


def test_report_records_match_write_report() -> None:
    result = clean_text(ARTICLE)
    assert list(report_records(result, source="a")) == _records(source="a")


def test_non_ascii_is_written_as_is() -> None:
    out = io.StringIO()
    write_report(out, clean_text("東京 ☃"))
    assert "東京 ☃" in out.getvalue()


def test_without_text() -> None:
    records = _records(include_text=False)
    assert all("text" not in record for record in records[1:])


def test_several_documents_are_grouped() -> None:
    out = io.StringIO()
    texts = [ARTICLE, "second document", ""]
    for number, text in enumerate(texts, start=1):
        write_report(out, clean_text(text), source=f"doc{number}.txt", document=number)
    documents = read_report(io.StringIO(out.getvalue()))
    assert [d["source"] for d in documents] == ["doc1.txt", "doc2.txt", "doc3.txt"]
    for text, document in zip(texts, documents, strict=True):
        result = clean_text(text)
        assert len(document["lines"]) == len(result.lines)
        assert all("record" not in line and "document" not in line for line in document["lines"])
        assert apply_report(text, document) == result.text


def test_reader_accepts_bytes_blank_lines_and_unknown_records() -> None:
    lines = [json.dumps(r).encode() for r in _records(text="a\nb")]
    lines.insert(1, b"   ")
    lines.append(json.dumps({"record": "future_kind", "x": 1}).encode())
    [document] = iter_report(lines)
    assert [line["text"] for line in document["lines"]] == ["a", "b"]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["{not json"], r"report line 1: not JSON"),
        (["[1, 2]"], r"report line 1: not a JSON object"),
        (['{"record": "line", "number": 1}'], r"line record before any document"),
        (['{"record": "document", "schema": "declutter.report/9"}'], r"not supported"),
        (['{"record": "document", "schema": "other/1"}'], r"not a declutter report"),
        (
            [
                '{"record": "document", "schema": "declutter.report/1", "document": 1}',
                '{"record": "line", "document": 2, "number": 1}',
            ],
            r"report line 2: a line of document 2 inside document 1",
        ),
    ],
)
def test_malformed_reports(lines: list[str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_report(lines)


def test_mismatch_line_count() -> None:
    report = clean_text("one\ntwo").report()
    with pytest.raises(ReportMismatch, match="describes 2 lines, the text has 3"):
        apply_report("one\ntwo\nthree", report)


def test_mismatch_line_text() -> None:
    report = clean_text("one\ntwo").report()
    message = r"line 2 differs: the report has 'two', the text 'tow'"
    with pytest.raises(ReportMismatch, match=message):
        apply_report("one\ntow", report)


def test_mismatch_offsets_and_flags() -> None:
    report = clean_text("one\ntwo").report(include_text=False)
    report["lines"][1]["start"] = 7
    with pytest.raises(ReportMismatch, match="line 2 starts at offset 4"):
        apply_report("one\ntwo", report)
    del report["lines"][1]["kept"]
    with pytest.raises(ReportMismatch, match="line 2 of the report has no 'kept' flag"):
        apply_report("one\ntwo", report)
    with pytest.raises(ReportMismatch, match="no 'lines' list"):
        apply_report("one", {"schema": REPORT_SCHEMA})


def test_replay_uses_segmentation() -> None:
    # A hand-made report over the segmented lines: replay normalizes like the cleaner does.
    text = "Title\r\nBody\x00 text\r\n"
    lines = segment_text(text).lines
    report = {"lines": [{"kept": i == 1, "text": line} for i, line in enumerate(lines)]}
    assert apply_report(text, report) == "Body text"


def test_apply_report_is_public() -> None:
    import declutter

    assert "apply_report" in declutter.__all__
    assert declutter.apply_report is apply_report
