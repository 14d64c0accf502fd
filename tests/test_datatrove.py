"""declutter's datatrove blocks: in real ``LocalPipelineExecutor`` pipelines (two tasks), their
output equals ``declutter dump``'s on the same records; stats, drops, exclusion writers,
budgets and the extractor sandbox's timeouts; the docs page's pipeline runs as written."""

from __future__ import annotations

import gzip
import json
import os
import re
import runpy
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from corpus_data import article, read_jsonl, write_jsonl

from declutter import apply_report
from declutter.cli import cli

pytest.importorskip("datatrove")
pytest.importorskip("orjson")

from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter
from datatrove.utils.stats import PipelineStats

from declutter.datatrove import DeclutterExtractor, DeclutterFilter

FIXTURES = Path(__file__).parent / "fixtures"
DOCS = Path(__file__).parent.parent / "docs" / "datatrove.md"
GOOD = "The council met on Monday and agreed the budget for next year, after a long debate."


def html_rows() -> list[dict[str, Any]]:
    """The fixture pages as JSON Lines rows with extra fields (one named like a dump key)."""
    return [
        {
            "id": path.name.removesuffix(".html.gz"),
            "url": f"https://example.com/{path.name.removesuffix('.html.gz')}",
            "html": gzip.decompress(path.read_bytes()).decode("utf-8"),
            "crawl": "CC-MAIN-2024-10",
            "language": "input-hint",
        }
        for path in sorted((FIXTURES / "html").glob("*.html.gz"))
    ]


def dump(inputs: Path, out: Path, *args: str) -> dict[str, dict[str, Any]]:
    """``declutter dump`` of ``inputs`` to ``out``: its records by id."""
    result = CliRunner().invoke(
        cli, ["dump", str(inputs), "-o", str(out), "--jobs", "1", "--no-progress", *args]
    )
    assert result.exit_code == 0, result.output
    return {record["id"]: record for record in read_jsonl(out)}


def written(folder: Path) -> dict[str, dict[str, Any]]:
    """The documents a datatrove ``JsonlWriter`` wrote under ``folder``, by id."""
    docs = [doc for path in sorted(folder.glob("*.jsonl.gz")) for doc in read_jsonl(path)]
    by_id = {doc["id"]: doc for doc in docs}
    assert len(by_id) == len(docs)
    return by_id


def merged_stats(logs: Path, step: str) -> dict[str, int]:
    """The totals of ``step``'s stats, summed over the tasks as ``merge_stats`` does."""
    files = sorted((logs / "stats").glob("*.json"))
    assert len(files) == 2
    merged = sum(
        (PipelineStats.from_json(json.loads(path.read_text())) for path in files),
        start=PipelineStats(),
    )
    [stats] = [stats for stats in merged.stats if stats.name.endswith(step)]
    return {label: metric.total for label, metric in stats.stats.items()}


def python_blocks(page: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S)


def test_docs_pipeline_runs_as_written_and_equals_dump(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = html_rows()
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    half = len(rows) // 2
    write_jsonl(crawl / "part-0.jsonl", rows[:half])
    write_jsonl(crawl / "part-1.jsonl", rows[half:])
    script = tmp_path / "pipeline.py"
    script.write_text(python_blocks(DOCS)[0], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runpy.run_path(str(script), run_name="__main__")

    expected = dump(crawl, tmp_path / "dump.jsonl", "--field", "html", "--format", "html",
                    "--with-report")  # fmt: skip
    clean = written(tmp_path / "clean")
    excluded = written(tmp_path / "excluded") if (tmp_path / "excluded").exists() else {}
    assert set(clean) | set(excluded) == {row["id"] for row in rows}
    assert len(clean) >= len(rows) - 1
    for doc_id, doc in clean.items():
        record, metadata = expected[doc_id], doc["metadata"]
        assert doc["text"] == record["text"], doc_id
        assert doc["text"]
        for key in ("format", "language", "stats", "declutter", "report"):
            assert metadata[key] == record[key], (doc_id, key)
        assert metadata["url"] == record["url"]
        assert metadata["crawl"] == "CC-MAIN-2024-10"
        assert metadata["input_language"] == "input-hint" == record["input_language"]
    for doc_id, doc in excluded.items():
        assert expected[doc_id]["text"] == ""
        assert doc["metadata"]["filter_reason"] == "dropped"

    stats = merged_stats(tmp_path / "logs", ": 🧹 declutter")
    assert stats["total"] == len(rows)
    assert stats["forwarded"] == len(clean)
    assert stats["lines_total"] == sum(r["stats"]["lines_total"] for r in expected.values())
    removed: dict[str, int] = {}
    for record in expected.values():
        for kind, count in record["stats"]["removed"].items():
            removed[kind] = removed.get(kind, 0) + count["chars"]
    assert removed
    for kind, chars in removed.items():
        assert stats[f"removed_{kind}_chars"] == chars, kind


def test_report_in_metadata_replays_to_the_text() -> None:
    row = html_rows()[0]
    [doc] = DeclutterExtractor(with_report=True, sandbox=False).run(
        [Document(text=row["html"], id=row["id"], metadata={"url": row["url"]})]
    )
    report = doc.metadata["report"]
    segmented = "\n".join(line["text"] for line in report["lines"])
    assert apply_report(segmented, report) == doc.text

    page = article(3)
    [text_doc] = DeclutterFilter(with_report=True).run([Document(text=page, id="t")])
    assert apply_report(page, text_doc.metadata["report"]) == text_doc.text


def test_filter_pipeline_equals_dump_in_text_mode(tmp_path: Path) -> None:
    rows = [
        {"id": f"doc-{i}", "url": f"https://site{i % 3}.example/p/{i}", "text": article(i)}
        for i in range(12)
    ]
    rows[3]["text"] = "Skip to content\nHome | News | Sport\nShare this"
    rows[7]["text"] = "Skip to content\nIt rained."
    inputs = tmp_path / "in"
    inputs.mkdir()
    write_jsonl(inputs / "a.jsonl.gz", rows[:6])
    write_jsonl(inputs / "b.jsonl.gz", rows[6:])
    LocalPipelineExecutor(
        [
            JsonlReader(str(inputs)),
            DeclutterFilter(min_chars=20, exclusion_writer=JsonlWriter(str(tmp_path / "short"))),
            JsonlWriter(str(tmp_path / "out")),
        ],
        tasks=2,
        logging_dir=str(tmp_path / "logs"),
    ).run()

    expected = dump(inputs, tmp_path / "dump.jsonl", "--format", "text")
    clean, short = written(tmp_path / "out"), written(tmp_path / "short")
    assert set(short) == {"doc-3", "doc-7"}
    assert set(clean) == {row["id"] for row in rows} - set(short)
    for doc_id, doc in clean.items():
        assert doc["text"] == expected[doc_id]["text"]
        assert doc["metadata"]["stats"] == expected[doc_id]["stats"]
        assert doc["metadata"]["format"] == "text"
    by_id = {row["id"]: row for row in rows}
    for doc_id, doc in short.items():
        assert doc["text"] == by_id[doc_id]["text"]  # the input text, nothing lost
        assert doc["metadata"]["filter_reason"] == "too_little_text"
        assert len(expected[doc_id]["text"]) < 20
        assert doc["metadata"]["stats"] == expected[doc_id]["stats"]
    stats = merged_stats(tmp_path / "logs", ": 🧹 declutter (text)")
    assert stats["dropped_too_little_text"] == 2
    assert stats["forwarded"] == 10
    assert stats["removed_accessibility_lines"] == 12


def test_budgets_drop_documents_with_a_reason() -> None:
    page = "<html><body><p>" + GOOD + "</p></body></html>"
    block = DeclutterExtractor(max_bytes=50, sandbox=False)
    assert list(block.run([Document(text=page, id="big")])) == []
    assert block.stats["too_large"].total == 1

    text_block = DeclutterFilter(max_bytes=100)
    docs = [Document(text=GOOD * 2, id="big"), Document(text=GOOD, id="ok")]
    assert [doc.id for doc in text_block.run(docs)] == ["ok"]
    assert text_block.stats["dropped_too_large"].total == 1
    assert docs[0].metadata["declutter_error"].startswith("budget.max_bytes")


class SlowExtractor(DeclutterExtractor):
    """Hangs on a page that says HANG and dies on one that says DIE (in the sandbox child)."""

    def clean_document(self, text: str, url: str | None) -> Any:
        if "HANG" in text:
            time.sleep(30)
        if "DIE" in text:
            os._exit(1)
        return super().clean_document(text, url)


def test_sandbox_timeout_and_dead_child_lose_no_document(tmp_path: Path) -> None:
    page = "<html><body><p>{}</p></body></html>"
    docs = [
        Document(text=page.format(GOOD), id="a"),
        Document(text=page.format("HANG " + GOOD), id="hang"),
        Document(text=page.format("DIE " + GOOD), id="die"),
        Document(text=page.format(GOOD.replace("Monday", "Friday")), id="b"),
    ]
    block = SlowExtractor(timeout=3, exclusion_writer=JsonlWriter(str(tmp_path / "excluded")))
    started = time.monotonic()
    out = list(block.run(docs))
    assert time.monotonic() - started < 25
    assert [doc.id for doc in out] == ["a", "b"]
    assert out[1].text == GOOD.replace("Monday", "Friday")
    assert block.stats["timeout"].total == 1
    assert block.stats["broken_process"].total == 1
    excluded = written(tmp_path / "excluded")
    assert {k: v["metadata"]["filter_reason"] for k, v in excluded.items()} == {
        "hang": "timeout",
        "die": "broken_process",
    }
    assert excluded["hang"]["text"] == page.format("HANG " + GOOD)


def test_input_metadata_named_like_a_field_is_kept() -> None:
    doc = Document(text="Share this\n" + GOOD, id="x", metadata={"stats": 1, "format": "wet"})
    [out] = DeclutterFilter().run([doc])
    assert out.metadata["input_stats"] == 1
    assert out.metadata["input_format"] == "wet"
    assert out.metadata["format"] == "text"
    assert out.text == GOOD


def test_markdown_output_and_options() -> None:
    page = "<html><body><h2>Bridge news</h2><p>" + GOOD + "</p></body></html>"
    [doc] = DeclutterExtractor(output="markdown", sandbox=False).run([Document(text=page, id="1")])
    assert doc.text.startswith("## Bridge news")


def test_slurm_configuration_builds(tmp_path: Path) -> None:
    blocks = python_blocks(DOCS)
    namespace: dict[str, Any] = {}
    exec(blocks[0], namespace)  # the pipeline, not run: __name__ is not "__main__"
    slurm = blocks[-1].replace("SlurmPipelineExecutor(\n", "executor = SlurmPipelineExecutor(\n")
    slurm = slurm.replace(".run()", "").replace('"logs/"', repr(str(tmp_path / "logs")))
    exec(slurm, namespace)
    executor = namespace["executor"]
    assert executor.tasks == 64
    assert [type(step).__name__ for step in executor.pipeline] == [
        "JsonlReader",
        "DeclutterExtractor",
        "JsonlWriter",
    ]


def test_documents_left_empty() -> None:
    chrome = "Skip to content\nHome | News | Sport\nShare this"
    [kept] = DeclutterFilter(min_chars=0).run([Document(text=chrome, id="e")])
    assert kept.text == ""
    assert kept.metadata["stats"]["lines_kept"] == 0

    page = "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>"
    block = DeclutterExtractor(sandbox=False)
    doc = Document(text=page, id="nav-only")
    assert list(block.run([doc])) == []
    assert block.stats["dropped"].total == 1
    assert doc.text == page  # dropped with its input text, its stats in the metadata
    assert doc.metadata["stats"]["removed"]["navigation"]["lines"] == 1
    assert block.stats["removed_navigation_lines"].total == 1
