"""Count template keys over a whole dump exactly, in memory that does not grow with it.

Keys are ``host_hash << 64 | line_hash`` with a count of pages (line hash ``PAGE_MARKER``
counts the host's pages). Counts gather in a dict of at most ``max_entries`` keys (about
90 bytes each, plus 8 while its keys are sorted: 1,000,000 keys take under 100 MB); a full
dict is spilled, in key order, to a run file of 24-byte records. ``table()``
merges the runs in key order, so each host's keys arrive together, page count first, and
keeps only its template lines: memory holds one host's template lines at a time, and the
result holds at most ``max_lines`` lines per host. Counts are exact, so the table does not
depend on the order in which pages were counted.

>>> import tempfile
>>> from declutter.templates import TemplateTable, host_hash, line_hash
>>> counter = TemplateCounter(TemplateTable(min_pages=2, min_share=0.5), Path(tempfile.mkdtemp()),
...                           max_entries=2)
>>> host = host_hash("example.com") << 64
>>> for page in range(4):
...     counter.add({host: 1, host | line_hash("Subscribe to our newsletter"): 1,
...                  host | line_hash(f"Story number {'abcd'[page]}"): 1})
>>> table = counter.table()
>>> template = table.hosts[host_hash("example.com")]
>>> template.pages, list(template.lines.values()), counter.runs > 1
(4, [4], True)
>>> counter.close()
"""

from __future__ import annotations

import heapq
import itertools
import os
import struct
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from declutter.templates import HostTemplates, TemplateTable

_RECORD = struct.Struct(">QQQ")
_MASK = (1 << 64) - 1
_BLOCK = _RECORD.size * 8192
#: Runs merged at once; more runs are first merged into fewer, this many at a time.
MAX_OPEN_RUNS = 128
DEFAULT_MAX_ENTRIES = 1_000_000


class TemplateCounter:
    """Add per-chunk counts with ``add``; ``table()`` gives the template lines."""

    def __init__(
        self,
        empty: TemplateTable,
        directory: Path,
        *,
        max_entries: int = DEFAULT_MAX_ENTRIES,
    ) -> None:
        self.empty = empty
        self.max_entries = max_entries
        self._tmp = tempfile.TemporaryDirectory(prefix="declutter-templates-", dir=directory)
        self._dir = Path(self._tmp.name)
        self._buffer: dict[int, int] = {}
        self._runs: list[Path] = []
        self.pages = 0

    @property
    def runs(self) -> int:
        """Run files spilled so far."""
        return len(self._runs)

    def add(self, counts: Mapping[int, int]) -> None:
        """Add the counts of one chunk (``Worker.count``)."""
        buffer = self._buffer
        for key, count in counts.items():
            buffer[key] = buffer.get(key, 0) + count
        if len(buffer) >= self.max_entries:
            self._spill()

    def _spill(self) -> None:
        path = self._dir / f"run-{len(self._runs):06d}"
        _write_run(path, _sorted_entries(self._buffer))
        self._runs.append(path)
        self._buffer = {}

    def table(self) -> TemplateTable:
        """Merge everything counted into the table of template lines."""
        while len(self._runs) > MAX_OPEN_RUNS:
            group, self._runs = self._runs[:MAX_OPEN_RUNS], self._runs[MAX_OPEN_RUNS:]
            merged = self._dir / f"merged-{len(os.listdir(self._dir)):06d}"
            _write_run(merged, _summed(heapq.merge(*map(_read_run, group))))
            for path in group:
                path.unlink()
            self._runs.append(merged)
        memory = _sorted_entries(self._buffer)
        merged_all = _summed(heapq.merge(memory, *map(_read_run, self._runs)))
        hosts: dict[int, HostTemplates] = {}
        empty = self.empty
        for host, entries in itertools.groupby(merged_all, key=lambda entry: entry[0]):
            first = next(entries)
            if first[1] != 0:  # no page marker: cannot happen with Worker.count
                continue
            pages = first[2]
            self.pages += pages
            lines = ((line, count) for _, line, count in entries)  # noqa: B031 - used once
            selected = empty.select(pages, lines)
            if selected is not None:
                hosts[host] = selected
        return TemplateTable(empty.min_pages, empty.min_share, empty.max_lines, hosts)

    def close(self) -> None:
        """Delete the run files."""
        self._tmp.cleanup()

    def __enter__(self) -> TemplateCounter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _sorted_entries(buffer: dict[int, int]) -> Iterator[tuple[int, int, int]]:
    """The buffer's ``(host, line, count)`` entries in key order (sorting only the keys)."""
    for key in sorted(buffer):
        yield key >> 64, key & _MASK, buffer[key]


def _summed(entries: Iterable[tuple[int, int, int]]) -> Iterator[tuple[int, int, int]]:
    """Equal keys of a sorted stream added up."""
    for (host, line), group in itertools.groupby(entries, key=lambda e: (e[0], e[1])):
        yield host, line, sum(count for _, _, count in group)


def _write_run(path: Path, entries: Iterable[tuple[int, int, int]]) -> None:
    pack = _RECORD.pack
    with open(path, "wb") as out:
        block: list[bytes] = []
        for entry in entries:
            block.append(pack(*entry))
            if len(block) >= 8192:
                out.write(b"".join(block))
                block = []
        out.write(b"".join(block))


def _read_run(path: Path) -> Iterator[tuple[int, int, int]]:
    with open(path, "rb") as stream:
        while True:
            data = stream.read(_BLOCK)
            if not data:
                return
            yield from _RECORD.iter_unpack(data)
