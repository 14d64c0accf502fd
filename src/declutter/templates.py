"""Site templates: lines repeated on many pages of one host are chrome, even when they read
like prose (a blog's "About" paragraph, a newsletter pitch, a footer).

A line is identified by the hash of its normalized form (case folded, digits as ``0``,
punctuation as spaces; ``line_hash``): 8 bytes of BLAKE2b, so that counting needs no text.
Each page counts each of its lines once. A line of host ``h`` is a template line when it was
seen on at least ``min_pages`` pages of ``h`` and on at least ``min_share`` of them. Counts
are exact, so the table, and every document's output, is the same for any input order.

``SiteTemplates`` learns from a batch held in memory; ``declutter dump --site-templates``
counts with ``declutter.corpus.counting``, whose memory does not grow with the dump.

>>> stories = ["rain", "snow", "wind", "hail", "fog", "frost"]
>>> pages = [f"The {word} came early this year and stayed until the end of March.\\n"
...          "Our newsletter goes out every Friday to all our readers." for word in stories]
>>> templates = SiteTemplates(min_pages=5, min_share=0.5).learn(("example.com", p) for p in pages)
>>> from declutter import clean_text
>>> result = templates.apply(clean_text(pages[0], threshold=0.0), "example.com")
>>> print(result.text)
The rain came early this year and stayed until the end of March.
>>> line = result.lines[1]
>>> line.kind.value, line.rule, line.evidence
('site_template', 'site_template', 'seen on 6 of 6 pages of example.com')
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from hashlib import blake2b
from pathlib import Path
from typing import Any

from declutter._config import DEFAULT_CONFIG
from declutter._errors import ConfigError
from declutter._result import Kind, Result
from declutter.segment.text import segment_text

RULE = "site_template"
#: Line hash 0 is reserved: in counts it stands for "one page of this host".
PAGE_MARKER = 0
DEFAULT_MIN_PAGES = 5
DEFAULT_MIN_SHARE = 0.5
#: At most this many template lines per host are kept (the most frequent; ties by hash).
DEFAULT_MAX_LINES = 2000

_NON_WORD = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")


def line_key(line: str) -> str:
    """The normalized form of a line that templates compare.

    >>> line_key("  © 2024 Example News — All rights reserved. ")
    '0 example news all rights reserved'
    """
    return _NON_WORD.sub(" ", _DIGITS.sub("0", line.casefold())).strip()


def _hash(text: str) -> int:
    return int.from_bytes(
        blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big"
    )


def line_hash(line: str) -> int | None:
    """The 8-byte hash of ``line_key(line)`` (never 0), or ``None`` for a line without words."""
    key = line_key(line)
    if not key:
        return None
    return _hash(key) or 1


def host_hash(host: str) -> int:
    """The 8-byte hash of a host name."""
    return _hash(host.lower())


def page_hashes(lines: Iterable[str]) -> set[int]:
    """The distinct line hashes of one page."""
    hashes = set(map(line_hash, lines))
    hashes.discard(None)
    return hashes  # type: ignore[return-value]  # None removed


@dataclass(frozen=True)
class HostTemplates:
    """The template lines of one host: its page count and, per line hash, its page count."""

    pages: int
    lines: Mapping[int, int]


@dataclass(frozen=True)
class TemplateTable:
    """Template lines per host hash, and the thresholds they were selected with."""

    min_pages: int = DEFAULT_MIN_PAGES
    min_share: float = DEFAULT_MIN_SHARE
    max_lines: int = DEFAULT_MAX_LINES
    hosts: Mapping[int, HostTemplates] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_thresholds(self.min_pages, self.min_share)

    def select(self, pages: int, counts: Iterable[tuple[int, int]]) -> HostTemplates | None:
        """The template lines among one host's ``(line hash, pages)`` counts, or ``None``."""
        needed = max(self.min_pages, self.min_share * pages)
        chosen = [(c, h) for h, c in counts if h != PAGE_MARKER and c >= needed]
        if not chosen:
            return None
        chosen.sort(key=lambda item: (-item[0], item[1]))
        return HostTemplates(pages, {h: c for c, h in chosen[: self.max_lines]})

    @property
    def line_count(self) -> int:
        """Template lines over all hosts."""
        return sum(len(host.lines) for host in self.hosts.values())

    def save(self, path: Path) -> None:
        """Write the table as JSON (hashes as hexadecimal strings)."""
        data = {
            "min_pages": self.min_pages,
            "min_share": self.min_share,
            "max_lines": self.max_lines,
            "hosts": {
                f"{h:016x}": [t.pages, {f"{k:016x}": c for k, c in t.lines.items()}]
                for h, t in self.hosts.items()
            },
        }
        path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> TemplateTable:
        """Read a table written by ``save``."""
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        hosts = {
            int(h, 16): HostTemplates(pages, {int(k, 16): c for k, c in lines.items()})
            for h, (pages, lines) in data["hosts"].items()
        }
        return cls(data["min_pages"], data["min_share"], data["max_lines"], hosts)


def check_thresholds(min_pages: int, min_share: float) -> None:
    """Raise ``ConfigError`` for thresholds out of range."""
    if min_pages < 2:
        raise ConfigError(f"template min_pages must be at least 2, got {min_pages}")
    if not 0.0 < min_share <= 1.0:
        raise ConfigError(f"template min_share must be in (0, 1], got {min_share}")


def apply_templates(
    result: Result,
    table: TemplateTable,
    host: str | None,
    *,
    kept_kinds: frozenset[Kind] = DEFAULT_CONFIG.kept_kinds,
) -> Result:
    """``result`` with its kept lines that are template lines of ``host`` marked
    ``site_template`` (removed unless ``kept_kinds`` keeps that kind); the blank lines kept as
    paragraph separators are revised to match. Lines already removed keep their own kind.
    """
    if host is None:
        return result
    templates = table.hosts.get(host_hash(host))
    if templates is None:
        return result
    kept = list(result.kept_flags)
    texts = result.line_texts
    keep = Kind.SITE_TEMPLATE in kept_kinds
    changes: dict[int, tuple[bool, Kind, str, str]] = {}
    for index, (text, is_kept) in enumerate(zip(texts, kept, strict=True)):
        if not is_kept or not text.strip():
            continue
        digest = line_hash(text)
        seen = templates.lines.get(digest) if digest is not None else None
        if seen is not None:
            evidence = f"seen on {seen} of {templates.pages} pages of {host}"
            changes[index] = (keep, Kind.SITE_TEMPLATE, RULE, evidence)
            kept[index] = keep
    if not changes:
        return result
    changes.update(_separators(result, kept))
    return result.with_changes(changes)


def _separators(result: Result, kept: list[bool]) -> dict[int, tuple[bool, Kind, str, str]]:
    """Blank lines whose kept flag must change so that, as the classifier does, exactly the
    first blank line between two kept lines is kept."""
    texts = result.line_texts
    wanted: dict[int, tuple[int, int]] = {}
    last_kept: int | None = None
    blank: int | None = None
    for index, text in enumerate(texts):
        if not text.strip():
            if last_kept is not None and blank is None:
                blank = index
            continue
        if kept[index]:
            if last_kept is not None and blank is not None:
                wanted[blank] = (last_kept, index)
            last_kept, blank = index, None
    changes: dict[int, tuple[bool, Kind, str, str]] = {}
    kinds = None
    for index, text in enumerate(texts):
        if text.strip() or (index in wanted) == kept[index]:
            continue
        if kinds is None:
            kinds = [line.kind for line in result.lines]
        if kinds[index] is not Kind.EMPTY:
            continue
        if index in wanted:
            before, after = wanted[index]
            evidence = (
                f"blank line kept as the separator of kept lines {before + 1} and {after + 1}"
            )
            changes[index] = (True, Kind.EMPTY, "blank_line", evidence)
        else:
            changes[index] = (False, Kind.EMPTY, "blank_line", "blank line")
    return changes


class SiteTemplates:
    """Learn site templates from a batch of pages, then apply them to cleaned pages.

    Counting is exact and held in memory: one counter entry per distinct line of each host
    (about 100 bytes each). For dumps larger than memory use ``declutter dump
    --site-templates`` or ``declutter.dask``.
    """

    def __init__(
        self,
        *,
        min_pages: int = DEFAULT_MIN_PAGES,
        min_share: float = DEFAULT_MIN_SHARE,
        max_lines: int = DEFAULT_MAX_LINES,
    ) -> None:
        self._empty = TemplateTable(min_pages, min_share, max_lines)
        self._pages: Counter[int] = Counter()
        self._lines: dict[int, Counter[int]] = {}
        self._table: TemplateTable | None = None

    def add(self, host: str, page: str | Result | Sequence[str]) -> None:
        """Count one page of ``host``: plain text, a ``Result``, or its lines."""
        if isinstance(page, Result):
            lines: Sequence[str] = page.line_texts
        elif isinstance(page, str):
            lines = segment_text(page).lines
        else:
            lines = page
        key = host_hash(host)
        self._pages[key] += 1
        self._lines.setdefault(key, Counter()).update(page_hashes(lines))
        self._table = None

    def learn(self, pages: Iterable[tuple[str, str | Result | Sequence[str]]]) -> SiteTemplates:
        """Count every ``(host, page)`` of ``pages``; returns ``self``."""
        for host, page in pages:
            self.add(host, page)
        return self

    @property
    def table(self) -> TemplateTable:
        """The template lines of every host counted so far."""
        if self._table is None:
            hosts = {}
            for key, pages in self._pages.items():
                selected = self._empty.select(pages, self._lines[key].items())
                if selected is not None:
                    hosts[key] = selected
            empty = self._empty
            self._table = TemplateTable(empty.min_pages, empty.min_share, empty.max_lines, hosts)
        return self._table

    def apply(
        self, result: Result, host: str | None, *, kept_kinds: frozenset[Kind] | None = None
    ) -> Result:
        """``result`` with the template lines of ``host`` removed (see ``apply_templates``)."""
        kinds = DEFAULT_CONFIG.kept_kinds if kept_kinds is None else kept_kinds
        return apply_templates(result, self.table, host, kept_kinds=kinds)
