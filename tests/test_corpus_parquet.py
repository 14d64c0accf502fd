"""Parquet inputs and outputs of ``declutter dump`` (issue 12): Parquet in -> Parquet out keeps
the schema, JSON Lines <-> Parquet keep every field, resume, read = written + failed."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from corpus_data import crawl_records, read_jsonl, rows, write_jsonl, write_warc
from test_dump_cli import _kill_when, _start, run

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from declutter import REPORT_SCHEMA, __version__  # noqa: E402

DECLUTTER_COLUMNS = ["format", "language", "text", "stats", "declutter"]


def dump(inputs: list[Path], out: Path, *extra: str) -> Any:
    result = run([*map(str, inputs), "-o", str(out), "-j", "1", "--no-progress", *extra])
    assert result.exit_code in (0, 1), result.stderr
    return result


def crawl_table(count: int) -> Any:
    items = rows(count)
    return pa.table(
        {
            "id": [r["id"] for r in items],
            "url": [r["url"] for r in items],
            "text": [r["text"] for r in items],
            "crawl": ["CC-MAIN-2024-10"] * count,
            "n": pa.array(range(count), pa.int32()),
            "fetched": pa.array(
                [datetime.datetime(2024, 1, 1, 12, i % 60) for i in range(count)],
                pa.timestamp("ms"),
            ),
            "tags": [["a", str(i)] for i in range(count)],
            "meta": [{"score": i / 10, "lang": "en"} for i in range(count)],
            "language": ["eng"] * count,
        }
    )


def test_parquet_in_parquet_out_keeps_the_schema(tmp_path: Path) -> None:
    source = tmp_path / "in.parquet"
    table = crawl_table(20)
    pq.write_table(table, source, row_group_size=7)
    out = tmp_path / "out.parquet"
    result = dump([source], out, "--chunk-size", "3")
    assert result.exit_code == 0, result.stderr
    written = pq.read_table(out)
    assert written.num_rows == 20
    renamed = {"language": "input_language"}
    for field in table.schema:
        assert written.schema.field(renamed.get(field.name, field.name)).type == field.type
    assert written.column_names == [
        "id", "url", "crawl", "n", "fetched", "tags", "meta", "input_language",
        *DECLUTTER_COLUMNS,
    ]  # fmt: skip
    assert written.column("fetched").equals(table.column("fetched"))
    assert written.column("meta").to_pylist() == table.column("meta").to_pylist()
    first = written.slice(0, 1).to_pylist()[0]
    assert first["declutter"] == {"version": __version__, "report_schema": REPORT_SCHEMA}
    assert first["text"] and first["text"] != table.column("text")[0].as_py()
    assert dict(first["stats"]["removed"])  # a map of kind -> counts


def test_parquet_output_equals_jsonl_output(tmp_path: Path) -> None:
    source = tmp_path / "in.parquet"
    pq.write_table(crawl_table(8), source)
    dump([source], tmp_path / "out.parquet", "--with-report")
    dump([source], tmp_path / "out.jsonl", "--with-report")
    from_parquet = pq.read_table(tmp_path / "out.parquet").to_pylist()
    from_jsonl = read_jsonl(tmp_path / "out.jsonl")
    for row, record in zip(from_parquet, from_jsonl, strict=True):
        assert json.loads(row.pop("report")) == record.pop("report")
        row["stats"]["removed"] = dict(row["stats"]["removed"])
        row["fetched"] = row["fetched"].isoformat()
        assert row == record


def test_jsonl_and_warc_to_parquet_keep_fields_as_json(tmp_path: Path) -> None:
    items: list[Any] = [{**r, "crawl": "X", "n": i} for i, r in enumerate(rows(5))]
    items.insert(2, "{bad json")
    inputs = [
        write_jsonl(tmp_path / "in.jsonl", items),
        write_warc(tmp_path / "crawl.warc.gz", crawl_records(3)),
    ]
    out = tmp_path / "out.parquet"
    result = dump(inputs, out, "--max-failure-rate", "1")
    table = pq.read_table(out)
    assert table.column_names == ["id", "url", "fields", *DECLUTTER_COLUMNS]
    fields = [json.loads(f) for f in table.column("fields").to_pylist()]
    assert fields[:5] == [{"crawl": "X", "n": i} for i in range(5)]
    assert fields[5]["WARC-Date"] == "2024-01-01T00:00:00Z"
    errors = read_jsonl(tmp_path / "out.errors.jsonl")
    assert f"{len(errors) + table.num_rows} records read = {table.num_rows} written" in (
        result.stderr
    )


def test_parquet_to_jsonl_writes_typed_values_as_json(tmp_path: Path) -> None:
    source = tmp_path / "in.parquet"
    pq.write_table(crawl_table(2), source)
    out = tmp_path / "out.jsonl"
    dump([source], out)
    first = read_jsonl(out)[0]
    assert first["fetched"] == "2024-01-01T12:00:00" and first["tags"] == ["a", "0"]
    assert first["meta"] == {"score": 0.0, "lang": "en"} and first["input_language"] == "eng"


def test_bad_parquet_rows_and_files_are_error_records(tmp_path: Path) -> None:
    table = pa.table({"id": ["a", "b"], "text": ["The council met.", None]})
    pq.write_table(table, tmp_path / "a.parquet")
    whole = (tmp_path / "a.parquet").read_bytes()
    (tmp_path / "cut.parquet").write_bytes(whole[: len(whole) // 2])
    out = tmp_path / "out.jsonl"
    result = dump(
        [tmp_path / "a.parquet", tmp_path / "cut.parquet"], out, "--max-failure-rate", "1"
    )
    errors = read_jsonl(tmp_path / "out.errors.jsonl")
    assert [(e["id"], e["stage"]) for e in errors] == [
        ("b", "read"), ("cut.parquet#truncated", "input")
    ]  # fmt: skip
    assert "no field 'text'" in errors[0]["reason"]
    assert result.exit_code == 1
    written = len(read_jsonl(out))
    assert f"{written + 2} records read = {written} written + 2 failed" in result.stderr


def test_parquet_inputs_with_different_columns_are_refused(tmp_path: Path) -> None:
    pq.write_table(pa.table({"text": ["a"]}), tmp_path / "a.parquet")
    pq.write_table(pa.table({"text": ["b"], "x": [1]}), tmp_path / "b.parquet")
    args = [str(tmp_path / "a.parquet"), str(tmp_path / "b.parquet")]
    result = run([*args, "-o", str(tmp_path / "out.parquet")])
    assert result.exit_code == 2 and "columns differ" in result.stderr
    assert run([*args, "-o", str(tmp_path / "out.jsonl"), "-j", "1"]).exit_code == 0


def test_parquet_output_resumes_after_kill_9(tmp_path: Path) -> None:
    source = tmp_path / "in.parquet"
    pq.write_table(crawl_table(300), source)
    reference = tmp_path / "ref.parquet"
    dump([source], reference)
    out = tmp_path / "out.parquet"
    args = [str(source), "-o", str(out), "-j", "1", "--chunk-size", "4",
            "--checkpoint-every", "0", "--no-progress"]  # fmt: skip
    _kill_when(_start(args), tmp_path / "out.parquet.checkpoint", 60)
    assert list((tmp_path / "out.parquet.partial").glob("part-*.parquet"))
    result = run([*args, "--resume"])
    assert result.exit_code == 0, result.stderr
    assert pq.read_table(out).equals(pq.read_table(reference))
    assert not (tmp_path / "out.parquet.partial").exists()


def test_deeply_nested_carried_fields_reach_a_parquet_output_as_read(tmp_path: Path) -> None:
    deep = "[" * 600 + "]" * 600  # read whole; the JSON text goes to the column as read
    line = '{"id": "deep", "text": "The council met on Monday and agreed.", "tree": ' + deep + "}"
    source = write_jsonl(tmp_path / "in.jsonl", [line, *rows(2)])
    out = tmp_path / "out.parquet"
    result = dump([source], out, "-j", "2")
    assert result.exit_code == 0, result.stderr
    fields = pq.read_table(out).column("fields").to_pylist()
    assert fields[0] == '{"tree":' + deep + "}" and fields[1:] == [None, None]
