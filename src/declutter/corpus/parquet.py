"""Parquet output of a dump (``-o FILE.parquet``, the ``parquet`` extra): the record layout of
``docs/dump.md`` as Arrow columns, written in parts that a resume can go back to.

Columns, in order: ``id`` and ``url`` (string), the carried columns, ``format``,
``language`` and ``text`` (string), ``stats`` (a struct: ``lines_total``, ``lines_kept``,
``chars_total``, ``chars_kept``, and ``removed``, a map from kind to ``{lines, chars}``),
``declutter`` (a struct: ``version``, ``report_schema``), and with ``--with-report``
``report`` (the report as JSON text). The carried columns (``--keep-fields``) are the input's
other columns with their types when every input is Parquet with one schema (so Parquet in ->
Parquet out keeps the schema); otherwise one string column ``fields`` holds each record's
carried fields as a JSON object, since JSON Lines and WARC records need not share fields.

A ``ParquetSink`` writes ``FILE.parquet.partial/part-NNNNNN.parquet``: each ``sync`` closes
the current part (a complete Parquet file, fsynced) and returns the number of parts, the
offset a resume truncates back to (later parts are deleted). ``finish`` copies the parts'
row groups, in order, into one file beside the output and moves it into place.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> schema = output_schema([], json_fields=False, with_report=False)
>>> sink = ParquetSink(folder / "out.parquet", schema, json_fields=False)
>>> sink.open(None)
>>> row = {"id": "a", "url": None, "format": "text", "language": "en", "text": "Hi.",
...        "stats": {"lines_total": 1, "lines_kept": 1, "chars_total": 3, "chars_kept": 3,
...                  "removed": {}}, "declutter": {"version": "0", "report_schema": "r/1"}}
>>> sink.write_rows([row])
>>> sink.sync()
1
>>> sink.finish()
>>> pyarrow_parquet().read_table(folder / "out.parquet").column("text").to_pylist()
['Hi.']
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from declutter._errors import DumpError
from declutter.corpus.checkpoint import sync_directory
from declutter.corpus.locations import open_url
from declutter.corpus.process import CARRIED_JSON, json_value
from declutter.corpus.readers.base import OUTPUT_KEYS, InputFile, ReadOptions, carried_name
from declutter.corpus.readers.parquet import pyarrow_parquet
from declutter.corpus.writers import partial_path

#: Rows gathered before they are written as a row group.
ROW_GROUP_ROWS = 4096


def _arrow() -> Any:
    pyarrow_parquet()  # the error that names the extra
    import pyarrow

    return pyarrow


def output_schema(carried: list[Any], *, json_fields: bool, with_report: bool) -> Any:
    """The Arrow schema of a dump's Parquet output (see the module doc); ``carried``: the
    typed carried columns (``pyarrow.Field``s)."""
    pa = _arrow()
    counts = pa.struct([("lines", pa.int64()), ("chars", pa.int64())])
    stats = pa.struct(
        [(name, pa.int64()) for name in ("lines_total", "lines_kept", "chars_total", "chars_kept")]
        + [("removed", pa.map_(pa.string(), counts))]
    )
    provenance = pa.struct([("version", pa.string()), ("report_schema", pa.string())])
    fields = [pa.field("id", pa.string()), pa.field("url", pa.string()), *carried]
    if json_fields:
        fields.append(pa.field("fields", pa.string()))
    fields += [
        pa.field("format", pa.string()),
        pa.field("language", pa.string()),
        pa.field("text", pa.string()),
        pa.field("stats", stats),
        pa.field("declutter", provenance),
    ]
    if with_report:
        fields.append(pa.field("report", pa.string()))
    return pa.schema(fields)


def carried_columns(inputs: list[InputFile], read: ReadOptions) -> tuple[list[Any], bool]:
    """The typed carried columns, and whether carried fields go to one JSON ``fields``
    column instead (inputs that are not all Parquet). ``DumpError`` if Parquet inputs
    differ in their columns."""
    if not read.keep_fields:
        return [], False
    if not inputs or any(item.kind != "parquet" for item in inputs):
        return [], True
    parquet = pyarrow_parquet()
    schemas = []
    for item in inputs:
        try:
            with item.open() as raw:
                schemas.append((item, parquet.read_schema(raw)))
        except (OSError, ValueError) as error:
            raise DumpError(f"{item.name}: not a readable Parquet file ({error})") from None
    first_item, first = schemas[0]
    for item, schema in schemas[1:]:
        if not schema.equals(first):
            raise DumpError(
                f"{item.name}: its columns differ from those of {first_item.name}; a Parquet "
                "output keeps one schema (dump them separately, or to JSON Lines)"
            )
    consumed = (read.field, read.id_field, read.url_field)
    return [f.with_name(carried_name(f.name)) for f in first if f.name not in consumed], False


class ParquetSink:
    """The Parquet output of a dump, written in parts (see the module doc)."""

    def __init__(self, path: Path, schema: Any, *, json_fields: bool) -> None:
        self.path = path
        self.partial = partial_path(path)
        self.schema = schema
        self.json_fields = json_fields
        self.bytes_written = 0
        self._parts = 0
        self._writer: Any = None
        self._rows: list[dict[str, Any]] = []

    def open(self, offset: int | None) -> None:
        """Start afresh (``None``) or resume after ``offset`` parts (later ones are deleted)."""
        if self.partial.is_symlink():
            raise OSError(f"{self.partial} is a symbolic link: refusing to write through it")
        if offset is None and self.partial.exists():
            shutil.rmtree(self.partial)
        self.partial.mkdir(parents=True, exist_ok=True)
        self._parts = offset or 0
        for part in self.partial.glob("part-*.parquet"):
            if int(part.stem.split("-")[1]) >= self._parts:
                part.unlink()
        self.bytes_written = sum(self._part(i).stat().st_size for i in range(self._parts))

    def write_rows(self, rows: Iterable[dict[str, Any]]) -> None:
        """Add output records (``process.output_record`` objects)."""
        self.buffer(rows)
        if len(self.pending) >= ROW_GROUP_ROWS:
            self._flush()

    @property
    def pending(self) -> list[dict[str, Any]]:
        """The rows not written yet."""
        return self._rows

    def buffer(self, rows: Iterable[dict[str, Any]]) -> None:
        """Keep ``rows``, in the schema's form, for the next row group."""
        self._rows.extend(self._row(row) for row in rows)

    def take_table(self) -> Any:
        """The kept rows as an Arrow table (``None`` if there are none); they are dropped."""
        if not self._rows:
            return None
        table = _arrow().Table.from_pylist(self._rows, schema=self.schema)
        self._rows = []
        return table

    def sync(self) -> int:
        """Close the current part (durably); the number of complete parts."""
        self._flush()
        if self._writer is not None:
            self._writer.close()
            self._writer = None
            part = self._part(self._parts)
            with open(part, "rb") as stream:
                os.fsync(stream.fileno())
            sync_directory(self.partial)
            self.bytes_written += part.stat().st_size
            self._parts += 1
        return self._parts

    def close(self) -> None:
        """Stop, keeping the complete parts (the current one is dropped: not checkpointed)."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        self._rows = []

    def finish(self) -> None:
        """Join the parts into the output file, moved into place; remove the parts."""
        self.sync()
        parquet = pyarrow_parquet()
        temporary = self.path.with_name(f".{self.path.name}.tmp")
        with parquet.ParquetWriter(temporary, self.schema) as writer:
            for index in range(self._parts):
                source = parquet.ParquetFile(self._part(index))
                for group in range(source.num_row_groups):
                    writer.write_table(source.read_row_group(group))
            if not self._parts:
                writer.write_table(self.schema.empty_table())
        with open(temporary, "rb") as stream:
            os.fsync(stream.fileno())
        os.replace(temporary, self.path)
        self.bytes_written = self.path.stat().st_size
        shutil.rmtree(self.partial)

    def _part(self, index: int) -> Path:
        return self.partial / f"part-{index:06d}.parquet"

    def _row(self, row: dict[str, Any]) -> dict[str, Any]:
        row = dict(row)
        if "report" in row:
            row["report"] = json.dumps(row["report"], ensure_ascii=False, separators=(",", ":"))
        text = row.pop(CARRIED_JSON, None)  # a JSON Lines or WARC record's, as read
        if self.json_fields:
            carried = {k: row.pop(k) for k in list(row) if k not in OUTPUT_KEYS}
            if text is None and carried:  # a Parquet row's, among other inputs
                text = json.dumps(
                    carried, ensure_ascii=False, separators=(",", ":"), default=json_value
                )
            row["fields"] = text
        return row

    def _flush(self) -> None:
        table = self.take_table()
        if table is None:
            return
        if self._writer is None:
            self._writer = pyarrow_parquet().ParquetWriter(self._part(self._parts), self.schema)
        self._writer.write_table(table)


class ParquetStreamSink:
    """A Parquet output written as a stream (a URL): one writer, row groups as they come,
    the footer in ``finish``; no parts and no resume (see ``StreamSink``)."""

    def __init__(self, location: str, schema: Any, *, json_fields: bool) -> None:
        self._rows = ParquetSink(Path("unused"), schema, json_fields=json_fields)
        self.location = location
        self.schema = schema
        self.bytes_written = 0
        self._stream: Any = None
        self._writer: Any = None

    def open(self, offset: int | None) -> None:
        if offset is not None:
            raise OSError(f"{self.location}: a stream cannot be resumed")
        self._stream = open_url(self.location, "wb")
        self._writer = pyarrow_parquet().ParquetWriter(self._stream, self.schema)

    def write_rows(self, rows: Iterable[dict[str, Any]]) -> None:
        """Add output records."""
        self._rows.buffer(rows)
        if len(self._rows.pending) >= ROW_GROUP_ROWS:
            self._flush()

    def sync(self) -> int:
        self._flush()
        return 0

    def close(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            discard = getattr(stream, "discard", None)
            (discard or stream.close)()

    def finish(self) -> None:
        self._flush()
        self._writer.close()
        self.bytes_written = self._stream.tell() if hasattr(self._stream, "tell") else 0
        self._stream.close()
        self._stream = None

    def _flush(self) -> None:
        table = self._rows.take_table()
        if table is not None:
            self._writer.write_table(table)
