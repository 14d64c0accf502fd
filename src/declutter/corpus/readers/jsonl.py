"""JSON Lines (``.jsonl``, ``.ndjson``, each optionally ``.gz`` or ``.zst``): one JSON object a
line.

The payload, id and url fields are configurable (``ReadOptions``); a record without an id
gets ``<file name>:<line number>``. Blank lines are skipped. A line that is not JSON (nested
too deep included) or not an object, and an object without its payload field or whose
payload is not a string, become records with an ``error``; so does a line longer than
``ReadOptions.max_record_bytes``, which is read past in pieces, never held whole. A truncated
or corrupt compressed file ends with an error record after the lines read before the cut.

>>> import io, pathlib
>>> item = InputFile(pathlib.Path("docs.jsonl"), "jsonl", "docs.jsonl")
>>> lines = io.BytesIO(b'{"id": "a", "text": "One."}\\n\\n{"body": "Two."}\\n[1]\\n')
>>> for draft in jsonl_drafts(item, lines, ReadOptions(), Counter()):
...     print(draft.id, repr(draft.payload), draft.error)
a 'One.' None
docs.jsonl:3 '' no field 'text' (fields: body)
docs.jsonl:4 '' line 4: not a JSON object
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import IO, Any

from declutter.corpus.compression import open_read
from declutter.corpus.readers.base import (
    STREAM_ERRORS,
    Draft,
    InputFile,
    ReadOptions,
    carried_dict,
    carried_fields,
    truncated,
)
from declutter.corpus.records import PayloadFormat

#: The suffixes of JSON Lines files (before any compression suffix).
JSONL_SUFFIXES = (".jsonl", ".ndjson")


#: An oversize line is read past this much at a time.
_SKIP_PIECE = 1 << 20


def jsonl_drafts(
    item: InputFile, raw: IO[bytes], options: ReadOptions, skipped: Counter[str]
) -> Iterator[Draft]:
    """The records of one JSON Lines file, one a non-blank line (see the module doc)."""
    count = number = 0
    cap = options.max_record_bytes
    try:
        with open_read(item.path, raw) as stream:
            while True:
                line = stream.readline(cap + 1)
                if not line:
                    break
                number += 1
                if len(line) > cap and not line.endswith(b"\n"):
                    size = len(line) + _skip_line(stream)
                    count += 1
                    yield _oversize(item.name, number, size, cap)
                    continue
                if not line.strip():
                    continue
                count += 1
                yield _json_draft(line, item.name, number, options)
    except STREAM_ERRORS as error:
        yield truncated(item.name, count, error, f"line {number + 1}")


def _skip_line(stream: IO[bytes]) -> int:
    """Read past the rest of a line in pieces; the number of bytes passed over."""
    size = 0
    while True:
        piece = stream.readline(_SKIP_PIECE)
        size += len(piece)
        if not piece or piece.endswith(b"\n"):
            return size


def _oversize(name: str, number: int, size: int, cap: int) -> Draft:
    reason = f"line {number}: {size:,} bytes, over max_record_bytes={cap:,} (passed over unread)"
    return Draft(f"{name}:{number}", None, "", "auto", error=reason)


def _json_draft(line: bytes, name: str, number: int, options: ReadOptions) -> Draft:
    default_id = f"{name}:{number}"
    try:
        obj = json.loads(line)
    except RecursionError:
        return Draft(default_id, None, "", "auto", error=f"line {number}: JSON nested too deep")
    except ValueError as error:
        return Draft(default_id, None, "", "auto", error=f"line {number}: not JSON ({error})")
    if not isinstance(obj, dict):
        return Draft(default_id, None, "", "auto", error=f"line {number}: not a JSON object")
    try:
        return draft_from_mapping(obj, default_id, options)
    except (RecursionError, ValueError) as error:  # e.g. fields nested too deep to write
        kind = type(error).__name__
        return Draft(default_id, None, "", "auto", error=f"line {number}: unreadable ({kind})")


def draft_from_mapping(
    obj: Mapping[str, Any], default_id: str, options: ReadOptions, *, dict_fields: bool = False
) -> Draft:
    """A draft record from a JSON object, a dict (Dask bags) or a Parquet row: the payload a
    string (or bytes, which JSON cannot hold); the carried fields as JSON text, or as a dict
    with ``dict_fields`` (a Parquet row's values keep their types).

    >>> draft = draft_from_mapping({"text": "Hi", "id": 7, "crawl": "CC"}, "x:1", ReadOptions())
    >>> draft.id, draft.url, draft.payload, draft.fields
    ('7', None, 'Hi', '{"crawl":"CC"}')
    >>> draft_from_mapping({"body": "Hi"}, "x:1", ReadOptions()).error
    "no field 'text' (fields: body)"
    """
    raw_id = obj.get(options.id_field)
    record_id = default_id if raw_id is None or raw_id == "" else str(raw_id)
    url = obj.get(options.url_field)
    url = url if isinstance(url, str) and url else None
    payload = obj.get(options.field)
    fmt: PayloadFormat = options.format or "auto"
    if payload is None:
        fields = ", ".join(sorted(map(str, obj))) or "none"
        return Draft(
            record_id, url, "", fmt, error=f"no field {options.field!r} (fields: {fields})"
        )
    if not isinstance(payload, (str, bytes)):
        kind = type(payload).__name__
        return Draft(record_id, url, "", fmt, error=f"field {options.field!r} is {kind}, not str")
    carried: str | dict[str, Any] | None = None
    if options.keep_fields:
        consumed = (options.field, options.id_field, options.url_field)
        pairs = ((k, v) for k, v in obj.items() if k not in consumed)
        carried = carried_dict(pairs) if dict_fields else carried_fields(pairs)
    return Draft(record_id, url, payload, fmt, fields=carried)
