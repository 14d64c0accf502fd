"""``declutter.dask`` on a ``LocalCluster`` with two workers: its output equals that of
``declutter dump`` on the same records, site templates included."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_data import ABOUT, read_jsonl, rows, write_jsonl

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")
import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import pandas as pd  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from declutter.cli import cli  # noqa: E402
from declutter.corpus.runner import TemplateOptions  # noqa: E402
from declutter.dask import clean_bag, clean_dataframe, is_failure  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def dump(tmp_path: Path, source: Path, *extra: str) -> list[dict[str, object]]:
    from click.testing import CliRunner

    out = tmp_path / "dump.jsonl"
    result = CliRunner().invoke(cli, ["dump", str(source), "-o", str(out), "-j", "1", *extra])
    assert result.exit_code == 0, result.output
    return read_jsonl(out)


def items() -> list[dict[str, object]]:
    data: list[dict[str, object]] = list(rows(24, hosts=2))
    data.insert(9, {"id": "no-text", "url": "https://site0.example/x"})
    return data


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
    )
    with distributed.Client(cluster) as connected:
        yield connected
    cluster.close()


def test_bag_output_equals_dump_output_with_templates(tmp_path: Path, client: object) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", items())
    expected = dump(tmp_path, source, "--site-templates", "--max-failure-rate", "1")
    bag = db.read_text(str(source), blocksize=2000).map(__import__("json").loads)
    assert bag.npartitions > 2
    cleaned = clean_bag(bag, templates=TemplateOptions()).compute()
    outputs = [r for r in cleaned if not is_failure(r)]
    failures = [r for r in cleaned if is_failure(r)]
    assert outputs == expected
    assert [f["id"] for f in failures] == ["no-text"]
    assert not any(ABOUT in str(r["text"]) for r in outputs)


def test_dataframe_column(client: object) -> None:
    frame = pd.DataFrame(rows(12, hosts=2))
    ddf = dd.from_pandas(frame, npartitions=3)
    cleaned = clean_dataframe(
        ddf, "text", id_column="id", url_column="url", templates=TemplateOptions()
    ).compute()
    assert list(cleaned.columns[-4:]) == [
        "clean_text", "clean_error", "clean_lines_total", "clean_lines_kept"
    ]  # fmt: skip
    assert cleaned["clean_error"].isna().all()
    assert not cleaned["clean_text"].str.contains("About the author").any()
    plain = clean_dataframe(ddf, "text").compute()
    assert plain["clean_text"].str.contains("About the author").all()


def test_bag_on_worker_processes_equals_dump(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", items())
    expected = dump(tmp_path, source, "--site-templates", "--max-failure-rate", "1")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster, distributed.Client(cluster):  # fmt: skip
        bag = db.from_sequence(items(), npartitions=4)
        cleaned = clean_bag(bag, templates=TemplateOptions()).compute()
    assert [r for r in cleaned if not is_failure(r)] == expected


def joined(fs: object, folder: str) -> bytes:
    names = sorted(fs.ls(folder, detail=False))  # type: ignore[attr-defined]
    return b"".join(fs.cat(name) for name in names)  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", ["jsonl", "parquet"])
def test_dask_on_fsspec_paths_writes_what_dump_writes_byte_for_byte(
    tmp_path: Path, client: object, kind: str
) -> None:
    """Parquet or JSON Lines files at memory:// URLs -> read_records -> clean_bag (site
    templates) -> to_jsonl equals ``declutter dump`` of the same files, byte for byte."""
    from declutter.dask import read_records, to_jsonl

    fsspec = pytest.importorskip("fsspec")
    memory = fsspec.filesystem("memory")
    data = [{**row, "crawl": "CC"} for row in items()]
    sources = []
    for part, chunk in enumerate((data[:11], data[11:])):
        if kind == "jsonl":
            source = write_jsonl(tmp_path / f"in-{part}.jsonl", chunk)
        else:
            pq = pytest.importorskip("pyarrow.parquet")
            source = tmp_path / f"in-{part}.parquet"
            pq.write_table(pd.DataFrame(chunk).pipe(__import__("pyarrow").Table.from_pandas,
                                                    preserve_index=False), source)  # fmt: skip
        memory.pipe(f"/dask-in/{source.name}", source.read_bytes())
        sources.append(source)
    out = tmp_path / "dump.jsonl"
    result = CliRunner().invoke(cli, ["dump", *map(str, sources), "-o", str(out), "-j", "1",
                                      "--site-templates", "--max-failure-rate", "1"])  # fmt: skip
    assert result.exit_code == 0, result.output
    records = read_records("memory://dask-in/", read=None)
    assert records.npartitions == 2
    cleaned = clean_bag(records, templates=TemplateOptions())
    to_jsonl(cleaned, "memory://dask-out/*.jsonl", errors="memory://dask-errors/*.jsonl")
    assert joined(memory, "/dask-out") == out.read_bytes()
    errors = [
        __import__("json").loads(line) for line in joined(memory, "/dask-errors").splitlines()
    ]
    assert [e["id"] for e in errors] == ["no-text"]
    memory.rm("/dask-in", recursive=True)
    memory.rm("/dask-out", recursive=True)
    memory.rm("/dask-errors", recursive=True)
