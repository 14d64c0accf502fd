"""Plain files (``.txt``, ``.text``, ``.html``, ``.htm``, ``.xhtml``, ``.shtml``, not
compressed): one document per file, its bytes as they are on disk.

The record's id is the file's name under the input directory (or its name, for a file named
on its own); its format hint is ``auto`` for an HTML suffix and ``text`` otherwise. A file
that cannot be read, or that is larger than ``ReadOptions.max_record_bytes`` (not read into
memory then), becomes a record with an ``error``.

>>> import io, pathlib
>>> item = InputFile(pathlib.Path("pages/a.html"), "file", "pages/a.html")
>>> [draft] = file_drafts(item, io.BytesIO(b"<p>Hi</p>"), ReadOptions(), Counter())
>>> draft.id, draft.payload, draft.format, draft.error
('pages/a.html', b'<p>Hi</p>', 'auto', None)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import IO

from declutter.corpus.readers.base import Draft, InputFile, ReadOptions
from declutter.corpus.records import PayloadFormat

#: The suffixes of plain text files.
TEXT_SUFFIXES = (".txt", ".text")
#: The suffixes of HTML files.
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
#: Every suffix this reader takes (compressed files are not among them).
FILE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES


def file_drafts(
    item: InputFile, raw: IO[bytes], options: ReadOptions, skipped: Counter[str]
) -> Iterator[Draft]:
    """The one record of a ``.txt`` or ``.html`` file (see the module doc)."""
    fmt: PayloadFormat = "auto" if item.path.name.lower().endswith(HTML_SUFFIXES) else "text"
    cap = options.max_record_bytes
    try:
        data = raw.read(cap + 1)
        if len(data) > cap:
            size = item.size
            reason = f"{size:,} bytes, over max_record_bytes={cap:,} (not read)"
            draft = Draft(item.name, None, b"", fmt, error=reason)
        else:
            draft = Draft(item.name, None, data, fmt)
    except OSError as error:
        draft = Draft(item.name, None, b"", fmt, error=f"cannot read: {error}")
    yield draft
