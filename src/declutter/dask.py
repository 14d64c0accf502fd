"""Clean Dask bags and dataframes on a cluster, site templates included (the ``dask`` extra).

``clean_bag`` turns a bag of records (dicts with the JSON Lines fields, or ``Record``s) into
a bag of the objects ``declutter dump`` writes: one output record per input record, or its
error record (which has a ``reason`` and no ``text``; see ``is_failure``). ``clean_dataframe``
adds the clean text (or the failure reason) of one column as new columns.

With ``templates``, the site-template pass runs as a two-phase job: each partition counts the
line hashes of its pages per host, a tree reduction (``Bag.foldby``) adds the counts up per
host and keeps the template lines, and the table, a single small object, is passed to every
partition of the cleaning phase. Counts are exact, so the output equals ``declutter dump``'s
on the same records whatever the partitioning. Phase one holds, per host, one counter entry
per distinct line of that host's pages in the worker that reduces it.

>>> import dask
>>> import dask.bag as db
>>> rows = [{"id": "1", "url": "https://example.com/1",
...          "text": "Skip to content\\nThe council met on Monday and agreed the budget."}]
>>> with dask.config.set(scheduler="synchronous"):
...     [out] = clean_bag(db.from_sequence(rows)).compute()
>>> out["id"], out["text"]
('1', 'The council met on Monday and agreed the budget.')

See ``docs/dask.md``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

try:
    import dask
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError(
        f"declutter.dask needs Dask ({error}): pip install 'declutter-web[dask]'"
    ) from error

from declutter._config import Config
from declutter.corpus.locations import fsspec_module
from declutter.corpus.process import DUMP_CONFIG, CleanOptions, Worker, error_line, json_line
from declutter.corpus.readers import Corpus, InputFile, expand_inputs
from declutter.corpus.readers.base import ReadOptions
from declutter.corpus.readers.jsonl import draft_from_mapping
from declutter.corpus.records import Record
from declutter.corpus.runner import TemplateOptions
from declutter.templates import PAGE_MARKER, HostTemplates, TemplateTable

__all__ = [
    "clean_bag",
    "clean_dataframe",
    "is_failure",
    "learn_templates",
    "read_records",
    "to_jsonl",
]

_MASK = (1 << 64) - 1
_SOURCE = "dask"


def read_records(urlpath: str | Sequence[str], *, read: ReadOptions | None = None) -> db.Bag:
    """A bag of ``Record``s read by ``declutter dump``'s own readers from JSON Lines, WARC,
    Parquet... files at local paths or fsspec URLs (``s3://``, ``gs://``, ``https://``,
    folders and globs, as ``declutter dump`` takes them): one partition per file, its
    records in file order, so ``clean_bag`` then ``to_jsonl`` write what ``declutter dump``
    writes. Cut and corrupt files give error records, as in a dump.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "in.jsonl"
    >>> _ = path.write_text('{"id": "a", "text": "The council met on Monday."}\\n')
    >>> with dask.config.set(scheduler="synchronous"):
    ...     [(r.id, r.payload) for r in read_records(str(path)).compute()]
    [('a', 'The council met on Monday.')]
    """
    specs = [urlpath] if isinstance(urlpath, str) else list(urlpath)
    files = expand_inputs(specs)
    bag = db.from_sequence(files, npartitions=max(len(files), 1))  # type: ignore[no-untyped-call]
    records: db.Bag = bag.map_partitions(_read_partition, read or ReadOptions())
    return records


def to_jsonl(cleaned: db.Bag, urlpath: str, *, errors: str | None = None) -> None:
    """Write ``clean_bag``'s output records as ``declutter dump`` writes them, one file per
    partition (an empty one for a partition without records), through fsspec: ``urlpath``
    has one ``*``, replaced by the partition's number (5 digits, so the files sort in
    order); a ``.gz`` or ``.zst`` suffix compresses. With ``errors``, the error records go
    there in the same way. The files joined in order are, byte for byte, what ``declutter
    dump`` writes on the same input (uncompressed)."""
    if urlpath.count("*") != 1 or (errors is not None and errors.count("*") != 1):
        raise ValueError("to_jsonl paths need one '*', where the partition number goes")
    parts = cleaned.to_delayed()  # type: ignore[no-untyped-call]
    writes = [_write_part(part, urlpath.replace("*", _part_name(i)), False)
              for i, part in enumerate(parts)]  # fmt: skip
    if errors is not None:
        writes += [_write_part(part, errors.replace("*", _part_name(i)), True)
                   for i, part in enumerate(parts)]  # fmt: skip
    dask.compute(*writes)  # type: ignore[attr-defined, no-untyped-call]


@dask.delayed  # type: ignore[attr-defined, untyped-decorator]
def _write_part(records: list[dict[str, Any]], urlpath: str, failures: bool) -> None:
    if failures:
        data = b"".join(error_line(r) for r in records if is_failure(r))
    else:
        data = b"".join(json_line(r) for r in records if not is_failure(r))
    with fsspec_module().open(urlpath, "wb", compression="infer") as stream:
        stream.write(data)


def _read_partition(files: Iterable[InputFile], read: ReadOptions) -> list[Record]:
    return [record for item in files for record in Corpus([item], read)]


def _part_name(index: int) -> str:
    return f"{index:05d}"


def is_failure(record: Mapping[str, Any]) -> bool:
    """Whether an element of ``clean_bag``'s result is an error record."""
    return "reason" in record and "text" not in record


def clean_bag(
    bag: db.Bag,
    *,
    config: Config | None = None,
    read: ReadOptions | None = None,
    encoding: str | None = None,
    with_report: bool = False,
    templates: TemplateOptions | None = None,
) -> db.Bag:
    """A bag of output records (as ``declutter dump`` writes them) or error records.

    ``read`` names the fields of dict elements (payload, id, url) and may force the payload
    format; ``templates`` adds the site-template pass (see the module doc).
    """
    options = CleanOptions(config or DUMP_CONFIG, encoding, with_report)
    read = read or ReadOptions()
    indexed = _indexed(bag)
    table: Any = None
    if templates is not None:
        table = learn_templates(bag, templates, options=options, read=read)
    cleaned: db.Bag = db.map_partitions(  # type: ignore[no-untyped-call]
        _clean_partition, indexed, table, options, read
    )
    return cleaned


def learn_templates(
    bag: db.Bag,
    settings: TemplateOptions | None = None,
    *,
    options: CleanOptions | None = None,
    read: ReadOptions | None = None,
) -> Any:
    """A lazy ``TemplateTable`` (a ``dask.bag.Item``) of the pages of ``bag``."""
    settings = settings or TemplateOptions()
    options = options or CleanOptions()
    read = read or ReadOptions()
    empty = TemplateTable(settings.min_pages, settings.min_share, settings.max_lines)
    counts = db.map_partitions(  # type: ignore[no-untyped-call]
        _count_partition, _indexed(bag), options, read
    )
    per_host = counts.foldby(_host_of, _add_counts, None, _merge_counts, None)
    selected = per_host.map(_select, empty).filter(_is_selected)
    return selected.reduction(_table_part, _TableMerge(empty))


def clean_dataframe(
    frame: dd.DataFrame,
    column: str = "text",
    *,
    id_column: str | None = None,
    url_column: str | None = None,
    config: Config | None = None,
    payload_format: str | None = None,
    encoding: str | None = None,
    templates: TemplateOptions | None = None,
    prefix: str = "clean_",
) -> dd.DataFrame:
    """``frame`` with the cleaning of ``column`` in new columns: ``clean_text`` (``None`` if the
    row failed), ``clean_error`` (the reason, or ``None``), ``clean_lines_total`` and
    ``clean_lines_kept`` (``prefix`` changes the ``clean_`` start of these names)."""
    options = CleanOptions(config or DUMP_CONFIG, encoding)
    read = ReadOptions(
        field=column,
        id_field=id_column or "\0no id",
        url_field=url_column or "\0no url",
        format=payload_format,  # type: ignore[arg-type]
    )
    table: Any = None
    if templates is not None:
        bag = frame.to_bag(index=False, format="dict")  # type: ignore[no-untyped-call]
        table = learn_templates(bag, templates, options=options, read=read).to_delayed()
    meta = frame._meta.assign(
        **{
            f"{prefix}text": pd.Series(dtype=object),
            f"{prefix}error": pd.Series(dtype=object),
            f"{prefix}lines_total": pd.Series(dtype="int64"),
            f"{prefix}lines_kept": pd.Series(dtype="int64"),
        }
    )
    cleaned: dd.DataFrame = frame.map_partitions(  # type: ignore[no-untyped-call]
        _clean_frame, table, options, read, prefix, meta=meta, align_dataframes=False
    )
    return cleaned


# Partition functions (run on the workers).


def _indexed(bag: db.Bag) -> db.Bag:
    """``bag``'s partitions paired with their index (for default record ids)."""
    index = db.range(bag.npartitions, npartitions=bag.npartitions)  # type: ignore[no-untyped-call]
    indexed: db.Bag = db.map_partitions(_with_index, bag, index)  # type: ignore[no-untyped-call]
    return indexed


def _with_index(items: Iterable[Any], index: Iterable[int]) -> list[tuple[int, int, Any]]:
    [partition] = list(index)
    return [(partition, offset, item) for offset, item in enumerate(items)]


def _record(partition: int, offset: int, item: Any, read: ReadOptions) -> Record:
    if isinstance(item, Record):
        return item
    if not isinstance(item, Mapping):
        raise TypeError(f"expected dicts or Records, got {type(item).__name__}")
    draft = draft_from_mapping(item, f"partition-{partition}:{offset}", read)
    return Record(
        position=-1,
        id=draft.id,
        url=draft.url,
        payload=draft.payload,
        format=read.format or draft.format,
        source=_SOURCE,
        charset=draft.charset,
        error=draft.error,
        fields=draft.fields,
    )


def _clean_partition(
    items: Iterable[tuple[int, int, Any]],
    table: TemplateTable | None,
    options: CleanOptions,
    read: ReadOptions,
) -> list[dict[str, Any]]:
    records = [_record(p, o, item, read) for p, o, item in items]
    return [outcome.data for outcome in Worker(options).outcomes(records, table)]


def _count_partition(
    items: Iterable[tuple[int, int, Any]], options: CleanOptions, read: ReadOptions
) -> list[tuple[int, Counter[int]]]:
    records = [_record(p, o, item, read) for p, o, item in items]
    hosts: dict[int, Counter[int]] = {}
    for key, count in Worker(options).count(records).items():
        hosts.setdefault(key >> 64, Counter())[key & _MASK] += count
    return list(hosts.items())


def _host_of(item: tuple[int, Counter[int]]) -> int:
    return item[0]


def _add_counts(total: Counter[int] | None, item: tuple[int, Counter[int]]) -> Counter[int]:
    total = Counter() if total is None else total
    total.update(item[1])
    return total


def _merge_counts(left: Counter[int] | None, right: Counter[int] | None) -> Counter[int]:
    merged: Counter[int] = Counter()
    for part in (left, right):
        if part:
            merged.update(part)
    return merged


def _select(
    item: tuple[int, Counter[int]], empty: TemplateTable
) -> tuple[int, HostTemplates | None]:
    host, counts = item
    return host, empty.select(counts[PAGE_MARKER], counts.items())


def _is_selected(item: tuple[int, HostTemplates | None]) -> bool:
    return item[1] is not None


def _table_part(items: Iterable[tuple[int, HostTemplates]]) -> dict[int, HostTemplates]:
    return dict(items)


class _TableMerge:
    """Merge the parts of the table and wrap them in a ``TemplateTable``."""

    def __init__(self, empty: TemplateTable) -> None:
        self.empty = empty

    def __call__(self, parts: Iterable[dict[int, HostTemplates]]) -> TemplateTable:
        hosts: dict[int, HostTemplates] = {}
        for part in parts:
            hosts.update(part)
        e = self.empty
        return TemplateTable(e.min_pages, e.min_share, e.max_lines, hosts)


def _clean_frame(
    frame: pd.DataFrame,
    table: TemplateTable | None,
    options: CleanOptions,
    read: ReadOptions,
    prefix: str,
) -> pd.DataFrame:
    records = [
        _record(0, offset, row, read) for offset, row in enumerate(frame.to_dict(orient="records"))
    ]
    texts: list[str | None] = []
    errors: list[str | None] = []
    totals: list[int] = []
    kept: list[int] = []
    for outcome in Worker(options).outcomes(records, table):
        result = outcome.result
        texts.append(outcome.text if result is not None else None)
        errors.append(None if result is not None else outcome.data["reason"])
        totals.append(result.stats.lines_total if result is not None else 0)
        kept.append(result.stats.lines_kept if result is not None else 0)
    return frame.assign(
        **{
            f"{prefix}text": pd.Series(texts, index=frame.index, dtype=object),
            f"{prefix}error": pd.Series(errors, index=frame.index, dtype=object),
            f"{prefix}lines_total": pd.Series(totals, index=frame.index, dtype="int64"),
            f"{prefix}lines_kept": pd.Series(kept, index=frame.index, dtype="int64"),
        }
    )
