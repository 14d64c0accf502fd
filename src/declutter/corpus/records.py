"""One document of a dump, as every reader yields it and every worker receives it.

>>> record = Record(position=3, id="doc-3", url="https://www.Example.com/a", payload="Hello.",
...                 format="text", source="pages.jsonl")
>>> record.host, record.size
('example.com', 6)
>>> host_of("http://blog.example.org:8080/x"), host_of(None), host_of("not a url")
('blog.example.org', None, None)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

#: What a payload is: plain text, HTML, or to be detected (``declutter.clean``).
PayloadFormat = Literal["text", "html", "auto"]
FORMATS: tuple[PayloadFormat, ...] = ("text", "html", "auto")


def host_of(url: str | None) -> str | None:
    """The lower-case host of ``url`` without port and leading ``www.``, or ``None``."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


@dataclass(frozen=True, slots=True)
class Record:
    """One document read from an input.

    ``position`` is the 0-based index of the record among all the records of all inputs, in
    input order: output follows it, resume skips by it. ``format`` is a hint from the reader
    (``--format`` overrides it); ``charset`` is the HTTP charset of a WARC response.
    A record with an ``error`` could not be read (a malformed JSON line, a truncated file):
    it goes to the errors file with that reason, so that every position is accounted for;
    ``damaged`` marks the error records that stand for input bytes the reader could not read
    as records (a cut, a skipped stretch of a WARC), which make a dump exit non-zero.
    ``fields`` holds the input fields the record carries to the output
    (``ReadOptions.keep_fields``): a JSON object's text, or a dict for a Parquet row.
    """

    position: int
    id: str
    url: str | None
    payload: str | bytes
    format: PayloadFormat
    source: str
    charset: str | None = None
    error: str | None = None
    damaged: bool = False
    fields: str | dict[str, Any] | None = None
    host: str | None = field(default=None)

    def __post_init__(self) -> None:
        if self.host is None:
            object.__setattr__(self, "host", host_of(self.url))

    @property
    def size(self) -> int:
        """The payload's size: bytes, or characters for a payload read as text."""
        return len(self.payload)
