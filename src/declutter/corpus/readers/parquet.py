"""Parquet (``.parquet``) through pyarrow (the ``parquet`` extra): one record a row.

Columns are read as JSON Lines fields are (``ReadOptions``: the payload, id and url
columns; a row without an id gets ``<file name>:<row number>``); the payload may be a string
or binary column (bytes are decoded as HTML bytes are). With ``keep_fields`` the other
columns are carried to the output with their Python values, so a Parquet output keeps
their types (``declutter.corpus.parquet``). Rows are read a batch at a time; a payload over
``ReadOptions.max_record_bytes`` becomes an error record, and a file that cannot be read
(not Parquet, cut, corrupt) ends with a ``#truncated`` error record after the rows read.

>>> import io, pathlib, pyarrow as pa, pyarrow.parquet as pq
>>> buffer = io.BytesIO()
>>> pq.write_table(pa.table({"id": ["a", None], "text": ["One.", "Two."], "n": [1, 2]}), buffer)
>>> item = InputFile(pathlib.Path("t.parquet"), "parquet", "t.parquet")
>>> for draft in parquet_drafts(item, io.BytesIO(buffer.getvalue()), ReadOptions(), Counter()):
...     print(draft.id, draft.payload, draft.fields)
a One. {'n': 1}
t.parquet:2 Two. {'n': 2}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import IO, Any

from declutter._errors import MissingDependency
from declutter.corpus.readers.base import Draft, InputFile, ReadOptions, truncated
from declutter.corpus.readers.jsonl import draft_from_mapping

#: The suffixes of Parquet files (never compressed: Parquet compresses its pages itself).
PARQUET_SUFFIXES = (".parquet",)
#: Rows read at a time.
BATCH_ROWS = 256


def pyarrow_parquet() -> Any:
    """``pyarrow.parquet``, or ``MissingDependency`` naming the extra that installs it."""
    try:
        import pyarrow.parquet
    except ImportError:
        raise MissingDependency(
            "reading or writing Parquet needs pyarrow: pip install 'declutter-web[parquet]'"
        ) from None
    return pyarrow.parquet


def parquet_drafts(
    item: InputFile, raw: IO[bytes], options: ReadOptions, skipped: Counter[str]
) -> Iterator[Draft]:
    """The records of one Parquet file, one a row (see the module doc)."""
    parquet = pyarrow_parquet()
    count = 0
    try:
        rows = parquet.ParquetFile(raw).iter_batches(batch_size=BATCH_ROWS)
        for batch in rows:
            for row in batch.to_pylist():
                count += 1
                yield _row_draft(row, f"{item.name}:{count}", options)
    except (OSError, ValueError, EOFError) as error:  # pyarrow's ArrowInvalid is a ValueError
        yield truncated(item.name, count, error, f"row {count + 1}")


def _row_draft(row: dict[str, Any], default_id: str, options: ReadOptions) -> Draft:
    draft = draft_from_mapping(row, default_id, options, dict_fields=True)
    size = len(draft.payload)
    if size > options.max_record_bytes:
        reason = f"row {default_id}: payload of {size:,} bytes, over max_record_bytes"
        return Draft(draft.id, draft.url, b"", draft.format, error=reason)
    return draft
