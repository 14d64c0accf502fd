"""Progress of a dump on stderr, and its summary.

On a terminal: a ``rich`` progress bar over the input bytes (bytes read, MB/s, ETA) with the
records done and failed. Elsewhere (a log file, a CI job): one plain line every
``interval`` seconds, and a last one at the end.

>>> import io
>>> stream = io.StringIO()
>>> progress = Progress(2_000_000, "cleaning", stream=stream, terminal=False, interval=0)
>>> progress.update(1_000_000, records=10, failed=1)
>>> progress.close()
>>> print(stream.getvalue().splitlines()[0])  # doctest: +ELLIPSIS
declutter dump: cleaning: 10 records (1 failed), 1.0 of 2.0 MB read (50%), ... MB/s, ... ETA ...
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.progress import Progress as RichProgress

DEFAULT_INTERVAL = 10.0


class Progress:
    """Show how far a pass over ``total_bytes`` of input got (see the module doc); with
    ``total_bytes`` 0 (unknown: standard input, a store that gives no sizes), the records
    done and their rate only."""

    def __init__(
        self,
        total_bytes: int,
        label: str,
        *,
        stream: TextIO | None = None,
        terminal: bool | None = None,
        interval: float = DEFAULT_INTERVAL,
        enabled: bool = True,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.total = max(total_bytes, 1)
        self.known = total_bytes > 0
        self.label = label
        self.interval = interval
        self.enabled = enabled
        self.started = time.monotonic()
        self._last = self.started
        self._state = (0, 0, 0)
        self._bar: RichProgress | None = None
        self._task: TaskID | None = None
        if enabled and (self.stream.isatty() if terminal is None else terminal):
            console = Console(file=self.stream)
            self._bar = RichProgress(
                TextColumn(f"[bold]{label}[/]"),
                BarColumn(),
                DownloadColumn(),
                TransferSpeedColumn(),
                TimeRemainingColumn(),
                TextColumn("{task.fields[records]}"),
                console=console,
                transient=False,
            )
            total = self.total if self.known else None
            self._task = self._bar.add_task(label, total=total, records="")
            self._bar.start()

    def update(self, read_bytes: int, *, records: int, failed: int) -> None:
        """Report ``read_bytes`` of input read and ``records`` done, ``failed`` of them."""
        self._state = (read_bytes, records, failed)
        if not self.enabled:
            return
        if self._bar is not None and self._task is not None:
            text = f"{records:,} records" + (f", {failed:,} failed" if failed else "")
            self._bar.update(self._task, completed=min(read_bytes, self.total), records=text)
            return
        now = time.monotonic()
        if now - self._last >= self.interval:
            self._last = now
            self._log()

    def _log(self) -> None:
        read_bytes, records, failed = self._state
        elapsed = max(time.monotonic() - self.started, 1e-9)
        speed = read_bytes / elapsed
        share = read_bytes / self.total
        eta = (self.total - read_bytes) / speed if speed > 0 else 0.0
        failures = f" ({failed:,} failed)" if failed else ""
        if not self.known:
            self.stream.write(
                f"declutter dump: {self.label}: {records:,} records{failures}, "
                f"{records / elapsed:,.1f} docs/s\n"
            )
            self.stream.flush()
            return
        self.stream.write(
            f"declutter dump: {self.label}: {records:,} records{failures}, "
            f"{read_bytes / 1e6:,.1f} of {self.total / 1e6:,.1f} MB read ({share:.0%}), "
            f"{speed / 1e6:,.1f} MB/s, {records / elapsed:,.1f} docs/s, "
            f"ETA {_duration(eta)}\n"
        )
        self.stream.flush()

    def close(self) -> None:
        """Finish the bar, or write the last line."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        elif self.enabled:
            self._log()


def _duration(seconds: float) -> str:
    """``h:mm:ss``.

    >>> _duration(3725.2)
    '1:02:05'
    """
    whole = int(seconds + 0.5)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
