"""Dump outputs that keep provenance (issue 12): every input field carried through, WARC
headers as fields, the report in a sibling file; the record layout of ``docs/dump.md``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from corpus_data import crawl_records, read_jsonl, rows, write_jsonl, write_warc
from test_dump_cli import _kill_when, _start, run

from declutter import REPORT_SCHEMA, __version__, apply_report

#: The keys declutter writes, in order, around the carried fields (docs/dump.md).
LEADING = ["id", "url"]
TRAILING = ["format", "language", "text", "stats", "declutter"]


def dump(inputs: list[Path], out: Path, *extra: str) -> Any:
    result = run([*map(str, inputs), "-o", str(out), "-j", "1", "--no-progress", *extra])
    assert result.exit_code == 0, result.stderr
    return result


def extra_rows(count: int) -> list[dict[str, Any]]:
    return [
        {
            "crawl": "CC-MAIN-2024-10",
            **row,
            "lang_hint": "en",
            "language": "eng",  # a name declutter writes too
            "scores": {"quality": i / 10, "tags": ["a", i]},
            "nothing": None,
        }
        for i, row in enumerate(rows(count))
    ]


def test_jsonl_keeps_every_input_field(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", extra_rows(4))
    out = tmp_path / "out.jsonl"
    dump([source], out)
    inputs = extra_rows(4)
    for got, given in zip(read_jsonl(out), inputs, strict=True):
        assert list(got) == [
            *LEADING, "crawl", "lang_hint", "input_language", "scores", "nothing", *TRAILING
        ]  # fmt: skip
        assert (got["id"], got["url"]) == (given["id"], given["url"])
        assert got["crawl"] == given["crawl"] and got["scores"] == given["scores"]
        assert got["input_language"] == "eng" and got["language"] == "en"
        assert got["nothing"] is None and got["text"] != given["text"]
        assert got["declutter"] == {"version": __version__, "report_schema": REPORT_SCHEMA}


def test_no_keep_fields_writes_declutter_keys_only(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", extra_rows(2))
    out = tmp_path / "out.jsonl"
    dump([source], out, "--no-keep-fields")
    assert all(list(record) == LEADING + TRAILING for record in read_jsonl(out))


def test_custom_payload_and_id_fields_are_not_carried_twice(tmp_path: Path) -> None:
    items = [{"key": 7, "html": "<p>The council met on Monday.</p>", "id": "x", "site": "a"}]
    source = write_jsonl(tmp_path / "in.jsonl", items)
    out = tmp_path / "out.jsonl"
    dump([source], out, "--field", "html", "--id-field", "key", "--format", "html")
    [record] = read_jsonl(out)
    assert list(record) == [*LEADING, "input_id", "site", *TRAILING]
    assert (record["id"], record["input_id"], record["site"]) == ("7", "x", "a")


def test_warc_headers_become_fields(tmp_path: Path) -> None:
    source = write_warc(tmp_path / "crawl.warc.gz", crawl_records(3))
    out = tmp_path / "out.jsonl"
    dump([source], out)
    records = read_jsonl(out)
    assert len(records) == 3
    first = records[0]
    assert list(first) == [
        *LEADING, "WARC-Type", "WARC-Record-ID", "WARC-Target-URI", "WARC-Date",
        "Content-Type", "Content-Length", *TRAILING,
    ]  # fmt: skip
    assert first["WARC-Record-ID"] == first["id"] and first["WARC-Target-URI"] == first["url"]
    assert first["WARC-Date"] == "2024-01-01T00:00:00Z" and first["WARC-Type"] == "response"


def test_report_file_lines_up_with_the_output(tmp_path: Path) -> None:
    items: list[Any] = rows(6)
    items.insert(2, "{not json")
    source = write_jsonl(tmp_path / "in.jsonl", items)
    out, report = tmp_path / "out.jsonl.gz", tmp_path / "reports.jsonl.zst"
    dump([source], out, "--report", str(report), "--chunk-size", "2", "--max-failure-rate", "1")
    records, reports = read_jsonl(out), read_jsonl(report)
    assert [(r["id"], r["url"]) for r in reports] == [(r["id"], r["url"]) for r in records]
    assert [r["position"] for r in reports] == [0, 1, 3, 4, 5, 6]
    source_texts = {row["id"]: row["text"] for row in rows(6)}
    for record, line in zip(records, reports, strict=True):
        assert line["report"]["schema"] == REPORT_SCHEMA
        assert apply_report(source_texts[record["id"]], line["report"]) == record["text"]
    assert not list(tmp_path.glob("*.partial"))


def test_report_file_must_be_json_lines_and_not_the_output(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", rows(2))
    out = tmp_path / "out.jsonl"
    args = [str(source), "-o", str(out), "-j", "1"]
    assert run([*args, "--report", str(tmp_path / "r.txt")]).exit_code == 2
    assert run([*args, "--report", str(out)]).exit_code == 2
    assert not out.exists()


def test_fields_and_reports_survive_a_kill_and_resume(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", extra_rows(300))
    reference, reference_reports = tmp_path / "ref.jsonl", tmp_path / "ref.reports.jsonl.gz"
    dump([source], reference, "--report", str(reference_reports))
    out, reports = tmp_path / "out.jsonl", tmp_path / "out.reports.jsonl.gz"
    args = [str(source), "-o", str(out), "--report", str(reports), "-j", "1",
            "--chunk-size", "4", "--checkpoint-every", "0", "--no-progress"]  # fmt: skip
    _kill_when(_start(args), tmp_path / "out.jsonl.checkpoint", 40)
    assert (tmp_path / "out.reports.jsonl.gz.partial").exists()
    result = run([*args, "--resume"])
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes() == reference.read_bytes()
    assert read_jsonl(reports) == read_jsonl(reference_reports)
