"""The report as JSON Lines: a document record, then one record per line of the document.

Several documents go into one file one after the other; a reader groups the records back::

    {"record": "document", "schema": "declutter.report/1", "document": 1, "source": "page.txt",
     "declutter_version": "...", "format": "text", "format_reason": "...", "language": "en",
     "stats": {...}}
    {"record": "line", "document": 1, "number": 1, "start": 0, "end": 9, "kept": false, ...}

(each record is one line in the file). Line records carry the fields of ``Line.to_dict()``;
``document`` is the 1-based position of the document in the file.

>>> import io
>>> from declutter import clean_text
>>> out = io.StringIO()
>>> write_report(out, clean_text("Load more\\nThe council met."), source="page.txt")
3
>>> [doc] = read_report(out.getvalue().splitlines())
>>> doc["source"], doc["schema"], [line["number"] for line in doc["lines"]]
('page.txt', 'declutter.report/1', [1, 2])
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from declutter._errors import InputError
from declutter._result import REPORT_SCHEMA, Result

_SCHEMA_FAMILY = REPORT_SCHEMA.rsplit("/", 1)[0] + "/"
_SUPPORTED_SCHEMAS = frozenset({REPORT_SCHEMA})


def report_records(
    result: Result, *, source: str = "-", document: int = 1, include_text: bool = True
) -> Iterator[dict[str, Any]]:
    """The records of one document: the document record, then one record per line.

    ``source`` names the input (a file name, or ``"-"`` for standard input); ``document`` is
    the position of the document in the file being written.
    """
    report = result.report(include_text=include_text)
    lines = report.pop("lines")
    yield {
        "record": "document",
        "schema": report.pop("schema"),
        "document": document,
        "source": source,
        **report,
    }
    for line in lines:
        yield {"record": "line", "document": document, **line}


def write_report(
    stream: TextIO,
    result: Result,
    *,
    source: str = "-",
    document: int = 1,
    include_text: bool = True,
) -> int:
    """Write the records of one document to ``stream``, one JSON object a line.

    Returns the number of records written.
    """
    count = 0
    for record in report_records(
        result, source=source, document=document, include_text=include_text
    ):
        stream.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        stream.write("\n")
        count += 1
    return count


def iter_report(lines: Iterable[str | bytes]) -> Iterator[dict[str, Any]]:
    """Read JSON Lines records and yield one dict per document, with its line records.

    Each dict has the fields of the document record (without ``record``) and ``lines``, the
    list of its line records (without ``record`` and ``document``): the shape of
    ``Result.report()`` plus ``source`` and ``document``. Records of unknown kinds are skipped,
    so that later versions can add some. Malformed input raises ``InputError``.
    """
    current: dict[str, Any] | None = None
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except ValueError as error:
            raise InputError(f"report line {number}: not JSON ({error})") from None
        if not isinstance(record, dict):
            raise InputError(f"report line {number}: not a JSON object")
        kind = record.pop("record", None)
        if kind == "document":
            if current is not None:
                yield current
            _check_schema(record.get("schema"), number)
            current = {**record, "lines": []}
        elif kind == "line":
            if current is None:
                raise InputError(f"report line {number}: a line record before any document")
            owner = record.pop("document", current.get("document"))
            if owner != current.get("document"):
                raise InputError(
                    f"report line {number}: a line of document {owner} "
                    f"inside document {current.get('document')}"
                )
            current["lines"].append(record)
    if current is not None:
        yield current


def read_report(lines: Iterable[str | bytes]) -> list[dict[str, Any]]:
    """All the documents of a JSON Lines report, as ``iter_report`` yields them."""
    return list(iter_report(lines))


def _check_schema(schema: object, number: int) -> None:
    if schema in _SUPPORTED_SCHEMAS:
        return
    if isinstance(schema, str) and schema.startswith(_SCHEMA_FAMILY):
        raise InputError(
            f"report line {number}: schema {schema!r} is not supported "
            f"(this version reads {REPORT_SCHEMA!r})"
        )
    raise InputError(f"report line {number}: not a declutter report (schema {schema!r})")
