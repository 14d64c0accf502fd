"""One cleaned document as one JSON object: text, metadata, stats and report (schema
``declutter.document/1``), as ``declutter clean --output-format json`` writes it.

The JSON Schemas ship in the package: ``schema("document")`` and ``schema("report")`` (the
report of ``Result.report()``, ``declutter.report/1``).

>>> from declutter import clean_text
>>> result = clean_text("Load more\\nThe council met on Tuesday and agreed the budget.")
>>> record = document_record(result, source="a.txt")
>>> record["schema"], record["text"], record["report"]["lines"][0]["kind"]
('declutter.document/1', 'The council met on Tuesday and agreed the budget.', 'call_to_action')
>>> schema("document")["title"]
'declutter.document/1'
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, Literal

from declutter._result import Result

DOCUMENT_SCHEMA = "declutter.document/1"
SchemaName = Literal["document", "report"]


def document_record(result: Result, *, source: str = "-") -> dict[str, Any]:
    """The JSON-ready object of one document; ``source`` names the input (``"-"``: stdin)."""
    report = result.report()
    return {
        "schema": DOCUMENT_SCHEMA,
        "source": source,
        "text": result.text,
        "metadata": result.metadata.to_dict(),
        "format": report["format"],
        "format_reason": report["format_reason"],
        "language": report["language"],
        "declutter_version": report["declutter_version"],
        "stats": report["stats"],
        "report": report,
    }


def document_json(result: Result, *, source: str = "-") -> str:
    """``document_record`` as one line of JSON (non-ASCII characters kept as they are)."""
    return json.dumps(document_record(result, source=source), ensure_ascii=False)


def schema(name: SchemaName) -> dict[str, Any]:
    """The shipped JSON Schema (draft 2020-12) of a ``document`` or a ``report``."""
    text = resources.files("declutter.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded
