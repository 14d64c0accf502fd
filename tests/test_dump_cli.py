"""``declutter dump``: identical output for any --jobs, records in == records out + errors,
failure handling and exit codes, resume after kill -9, site templates, output kinds."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from click.testing import Result as RunResult
from corpus_data import (
    ABOUT,
    article,
    crawl_records,
    read_jsonl,
    rows,
    write_jsonl,
    write_warc,
)

from declutter import REPORT_SCHEMA, __version__, apply_report
from declutter.cli import cli
from declutter.corpus import Corpus, expand_inputs
from declutter.corpus.process import Worker


def run(args: list[str]) -> RunResult:
    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click < 8.2
    except TypeError:
        runner = CliRunner()
    return runner.invoke(cli, ["dump", *args], catch_exceptions=False)


def count_records(*paths: Path) -> int:
    return len(list(Corpus(expand_inputs([str(p) for p in paths]))))


def messy_inputs(folder: Path) -> list[Path]:
    """Good records, bad JSON, a record that fails while cleaning, a cut gzip, a WARC."""
    items: list[Any] = rows(30)
    items.insert(5, "{not json")
    items.insert(17, {"id": "surrogate", "text": "Text with a lone surrogate \ud800 inside it."})
    items.insert(20, {"id": "no-text", "body": "x"})
    whole = write_jsonl(
        folder / "whole.jsonl.gz", [{**r, "id": f"cut-{r['id']}"} for r in rows(300)]
    )
    cut = folder / "cut.jsonl.gz"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 3])
    whole.unlink()
    return [
        write_jsonl(folder / "a.jsonl", items),
        cut,
        write_warc(folder / "c.warc.gz", crawl_records(6)),
    ]


def test_records_in_equal_records_out_plus_errors(tmp_path: Path) -> None:
    inputs = messy_inputs(tmp_path)
    out = tmp_path / "out.jsonl"
    result = run([*map(str, inputs), "-o", str(out), "--jobs", "1", "--chunk-size", "4"])
    total = count_records(*inputs)
    written, errors = read_jsonl(out), read_jsonl(tmp_path / "out.errors.jsonl")
    assert len(written) + len(errors) == total
    assert len({r["id"] for r in written}) == len(written)
    reasons = {e["id"]: e["reason"] for e in errors}
    assert reasons["a.jsonl:6"].startswith("line 6: not JSON")
    assert reasons["no-text"].startswith("no field 'text'")
    # a lone surrogate: cleaned once issue 13 item 10 lands, an error record before
    assert "surrogate" in reasons or "surrogate" in {r["id"] for r in written}
    assert "truncated" in reasons["cut.jsonl.gz#truncated"]
    assert {e["stage"] for e in errors} - {"clean"} == {"read", "input"}
    assert result.exit_code == 1  # a cut input, and 3-4 failures in ~100 records
    assert f"{total} records read = {len(written)} written + {len(errors)} failed" in result.stderr
    assert "skipped" in result.stderr and "request record" in result.stderr
    assert not list(tmp_path.glob("*.partial")) and not list(tmp_path.glob("*.checkpoint"))


def test_a_record_that_raises_mid_chunk_goes_to_the_errors_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = Worker.clean_record

    def flaky(self: Worker, record: Any, table: Any = None) -> Any:
        if record.id == "doc-6":
            raise RuntimeError("boom")
        return original(self, record, table)

    monkeypatch.setattr(Worker, "clean_record", flaky)
    path = write_jsonl(tmp_path / "in.jsonl", rows(12))
    out = tmp_path / "out.jsonl"
    result = run(
        [str(path), "-o", str(out), "-j", "1", "--chunk-size", "4", "--max-failure-rate", "0.1"]
    )
    assert result.exit_code == 0
    assert [r["id"] for r in read_jsonl(out)] == [f"doc-{i}" for i in range(12) if i != 6]
    [error] = read_jsonl(tmp_path / "out.errors.jsonl")
    assert error == {
        "id": "doc-6", "url": "https://site0.example/p/6", "source": "in.jsonl", "position": 6,
        "stage": "clean", "reason": "internal error (RuntimeError: boom)",
    }  # fmt: skip


def test_failure_rate_limit_sets_the_exit_code(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [*rows(9), "{bad"])
    args = [str(path), "-o", str(tmp_path / "o.jsonl"), "-j", "1"]
    assert run([*args, "--max-failure-rate", "0.1"]).exit_code == 0
    assert run([*args, "--max-failure-rate", "0.05"]).exit_code == 1


def test_jobs_1_and_2_write_identical_output_with_templates(tmp_path: Path) -> None:
    inputs = messy_inputs(tmp_path)
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl.gz"
        result = run([*map(str, inputs), "-o", str(out), "-j", jobs, "--chunk-size", "3",
                      "--site-templates", "--max-failure-rate", "1"])  # fmt: skip
        assert result.exit_code == 1, result.stderr  # one input is cut
        assert "damaged     1 stretch" in result.stderr
        outputs.append((out.read_bytes(), (tmp_path / f"out{jobs}.errors.jsonl").read_bytes()))
    assert outputs[0] == outputs[1]
    records = read_jsonl(tmp_path / "out2.jsonl.gz")
    texts = [r["text"] for r in records if r["id"].startswith("doc-")]
    assert texts and not any(ABOUT in text for text in texts)
    assert all(r["stats"]["removed"]["site_template"]["lines"] == 1 for r in records
               if r["id"].startswith("doc-"))  # fmt: skip
    assert "template lines on" in result.stderr


def test_templates_do_not_depend_on_input_order(tmp_path: Path) -> None:
    items = rows(24, hosts=2)
    shuffled = items[:]
    random.Random(7).shuffle(shuffled)
    by_id = []
    for name, batch in (("a", items), ("b", shuffled)):
        path = write_jsonl(tmp_path / f"{name}.jsonl", batch)
        out = tmp_path / f"{name}.out.jsonl"
        assert run([str(path), "-o", str(out), "-j", "1", "--site-templates"]).exit_code == 0
        by_id.append({r["id"]: r for r in read_jsonl(out)})
    assert by_id[0] == by_id[1]
    assert not any(ABOUT in r["text"] for r in by_id[0].values())


def test_template_thresholds(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", rows(8, hosts=2))  # 4 pages per host
    out = tmp_path / "out.jsonl"
    assert run([str(path), "-o", str(out), "-j", "1", "--site-templates"]).exit_code == 0
    assert all(ABOUT in r["text"] for r in read_jsonl(out))
    args = [str(path), "-o", str(out), "-j", "1", "--site-templates", "--template-min-pages", "4"]
    assert run(args).exit_code == 0
    records = read_jsonl(out)
    assert not any(ABOUT in r["text"] for r in records)
    report_args = [*args, "--with-report"]
    assert run(report_args).exit_code == 0
    [line] = [x for x in read_jsonl(out)[0]["report"]["lines"] if x["text"] == ABOUT]
    assert line["evidence"] == "seen on 4 of 4 pages of site0.example"


def test_with_report_is_replayable(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", rows(3))
    out = tmp_path / "out.jsonl.zst"
    assert run([str(path), "-o", str(out), "-j", "1", "--with-report"]).exit_code == 0
    for record, row in zip(read_jsonl(out), rows(3), strict=True):
        assert record["report"]["schema"] == "declutter.report/1"
        assert apply_report(row["text"], record["report"]) == record["text"]


def test_directory_output(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc", crawl_records(3))
    out = tmp_path / "texts"
    assert run([str(path), "-o", str(out), "-j", "1"]).exit_code == 0
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == 3 and files[0].startswith("000000000-urn_uuid_")
    assert "project would take two more years" in (out / files[0]).read_text(encoding="utf-8")


def test_summary_json_and_plain_progress(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", rows(5))
    summary = tmp_path / "summary.json"
    result = run([str(path), "-o", str(tmp_path / "o.jsonl"), "-j", "1", "--summary", str(summary)])
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert (data["records"], data["written"], data["failed"], data["ok"]) == (5, 5, 0, True)
    assert data["removed"]["accessibility"] == 5
    assert "declutter dump: cleaning: 5 records" in result.stderr  # not a terminal: log lines


def test_usage_errors(tmp_path: Path) -> None:
    result = run([str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 2 and "no such file" in result.stderr
    path = write_jsonl(tmp_path / "in.jsonl", rows(2))
    for target, message in [
        (tmp_path / "no" / "o.jsonl", "does not exist"),
        (path, "is also an input"),
        (tmp_path, "must not exist or be empty"),
    ]:
        result = run([str(path), "-o", str(target)])
        assert result.exit_code == 2 and message in result.stderr, result.stderr
    (tmp_path / "o.jsonl.partial").write_text("", encoding="utf-8")
    path = write_jsonl(tmp_path / "in.jsonl", rows(2))
    result = run([str(path), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 2 and "--resume" in result.stderr


def test_every_output_record_names_the_declutter_and_report_schema(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", rows(3))
    out = tmp_path / "out.jsonl"
    assert run([str(path), "-o", str(out), "-j", "1", "--with-report"]).exit_code == 0
    records = read_jsonl(out)
    assert len(records) == 3
    for record in records:
        assert record["declutter"] == {"version": __version__, "report_schema": REPORT_SCHEMA}
        assert record["report"]["schema"] == REPORT_SCHEMA


@pytest.mark.parametrize("name", ["out.json", "out.txt", "out.csv.gz", "out.arrow"])
def test_unknown_output_suffix_is_an_error_not_a_folder(tmp_path: Path, name: str) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", rows(2))
    result = run([str(path), "-o", str(tmp_path / name), "-j", "1"])
    assert result.exit_code == 2 and "unknown output suffix" in result.stderr, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_existing_directory_with_a_dot_in_its_name_is_a_directory_output(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", rows(2))
    out = tmp_path / "texts.v2"
    out.mkdir()
    assert run([str(path), "-o", str(out), "-j", "1"]).exit_code == 0
    assert len(list(out.iterdir())) == 2


def _start(args: list[str]) -> subprocess.Popen[bytes]:
    code = "import sys; from declutter.cli import main; sys.argv[0] = 'declutter'; main()"
    return subprocess.Popen(
        [sys.executable, "-c", code, "dump", *args],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


def _kill_when(process: subprocess.Popen[bytes], checkpoint: Path, position: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if json.loads(checkpoint.read_text(encoding="utf-8"))["position"] >= position:
                break
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.02)
    assert process.poll() is None, "the dump ended before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()


def test_resume_after_kill_9_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    items: list[Any] = rows(400)
    items.insert(100, "{bad json")
    path = write_jsonl(tmp_path / "in.jsonl", items)
    reference = tmp_path / "ref.jsonl.gz"
    common = ["--max-failure-rate", "1", "--site-templates", "--template-min-pages", "3"]
    assert run([str(path), "-o", str(reference), "-j", "1", *common]).exit_code == 0
    out = tmp_path / "out.jsonl.gz"
    args = [str(path), "-o", str(out), "-j", "1", "--chunk-size", "5", "--checkpoint-every", "0",
            "--no-progress", *common]  # fmt: skip
    checkpoint = tmp_path / "out.jsonl.gz.checkpoint"
    _kill_when(_start(args), checkpoint, 60)
    _kill_when(_start([*args, "--resume"]), checkpoint, 180)
    # a write the checkpoint does not cover, as a kill between write and checkpoint leaves
    with open(tmp_path / "out.jsonl.gz.partial", "ab") as partial:
        partial.write(b"\x1f\x8b half a gzip member")
    result = run([*args, "--resume"])
    assert result.exit_code == 0, result.stderr
    assert "resumed     at record" in result.stderr
    assert read_jsonl(out) == read_jsonl(reference)
    assert not any(ABOUT in r["text"] for r in read_jsonl(out))
    assert not list(tmp_path.glob("out.*.templates.json"))
    assert read_jsonl(tmp_path / "out.errors.jsonl") == read_jsonl(tmp_path / "ref.errors.jsonl")
    assert "401 records read = 400 written + 1 failed" in result.stderr


def test_resume_with_other_options_is_refused(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "in.jsonl", [{"id": str(i), "text": article(i)} for i in range(300)]
    )
    out = tmp_path / "out.jsonl"
    args = [str(path), "-o", str(out), "-j", "1", "--chunk-size", "2", "--checkpoint-every", "0"]
    _kill_when(_start(args), tmp_path / "out.jsonl.checkpoint", 10)
    result = run([*args, "--resume", "--threshold", "0.9"])
    assert result.exit_code == 2 and "differ" in result.stderr
    assert run([*args, "--resume"]).exit_code == 0
    assert [r["id"] for r in read_jsonl(out)] == [str(i) for i in range(300)]


def test_jobs_2_through_a_fork_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import declutter.corpus.pool as pool

    monkeypatch.setattr(pool.threading, "active_count", lambda: 2)  # as if threads ran here
    assert pool._context().get_start_method() in ("forkserver", "spawn")
    path = write_jsonl(tmp_path / "in.jsonl", [*rows(10), "{bad"])
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"o{jobs}.jsonl"
        assert run([str(path), "-o", str(out), "-j", jobs, "--max-failure-rate", "0.5",
                    "--chunk-size", "2"]).exit_code == 0  # fmt: skip
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] and len(read_jsonl(tmp_path / "o2.jsonl")) == 10


def _loaded_here(records: list[Any], table_path: str | None) -> tuple[int, bool]:
    """Pool task: the engines this process has before it cleans anything, and whether its
    kernels are loaded (or switched off: ``DECLUTTER_PURE_PYTHON=1``)."""
    from declutter import _api, native

    return _api._engine.cache_info().currsize, native._loaded is not None or not native._enabled


def test_forked_workers_inherit_the_loaded_kernels_and_models(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The main process loads and self-tests the kernels, and loads the lexicon and models,
    before it forks the workers: no worker loads them again on its first record."""
    from declutter import _api, native
    from declutter.corpus import pool
    from declutter.corpus.process import CleanOptions

    if pool._context().get_start_method() != "fork":
        pytest.skip("workers are forked only on Linux, from a process without threads")
    _api._engine.cache_clear()
    monkeypatch.setattr(native, "_loaded", None)
    monkeypatch.setattr(native, "_missing", {})
    with pool.Mapper(2, CleanOptions()) as mapper:
        task = pool.Task(_loaded_here, list, lambda record, reason: (0, False))
        seen = list(mapper.map(iter([[], [], [], []]), task, None))
    assert all(engines >= 1 and kernels for engines, kernels in seen)


def test_progress_bar_on_a_terminal() -> None:
    import io

    from declutter.corpus.progress import Progress

    stream = io.StringIO()
    progress = Progress(10_000_000, "cleaning", stream=stream, terminal=True)
    progress.update(5_000_000, records=42, failed=1)
    progress.close()
    shown = stream.getvalue()
    assert "cleaning" in shown and "42 records, 1 failed" in shown
