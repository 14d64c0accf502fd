"""Plain files (``.txt``, ``.text``, ``.html``, ``.htm``, ``.xhtml``, ``.shtml``, not
compressed): one document per file, its bytes as they are on disk.

The record's id is the file's name under the input directory (or its name, for a file named
on its own); its format hint is ``auto`` for an HTML suffix and ``text`` otherwise. A file
that cannot be read becomes a record with an ``error``.

>>> import io, pathlib
>>> item = InputFile(pathlib.Path("pages/a.html"), "file", "pages/a.html")
>>> list(file_drafts(item, io.BytesIO(b"<p>Hi</p>"), ReadOptions(), Counter()))
[Draft(id='pages/a.html', url=None, payload=b'<p>Hi</p>', format='auto', charset=None, error=None)]
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
    try:
        draft = Draft(item.name, None, raw.read(), fmt)
    except OSError as error:
        draft = Draft(item.name, None, b"", fmt, error=f"cannot read: {error}")
    yield draft
