"""An ordered map over chunks of records: in this process, or on a pool of worker processes
with a bounded number of chunks in flight.

Results come back in the order the chunks were read, whatever the number of processes, so
the output of a dump does not depend on ``--jobs``; at most ``2 * jobs + 2`` chunks are in
flight, so memory does not grow with the input.

>>> from declutter.corpus.process import CleanOptions
>>> from declutter.corpus.records import Record
>>> records = [Record(i, str(i), None, "x" * i, "text", "-") for i in range(5)]
>>> [[r.position for r in chunk] for chunk in chunks(records, max_records=2, max_bytes=100)]
[[0, 1], [2, 3], [4]]
>>> with Mapper(1, CleanOptions()) as mapper:
...     [len(c) for c in mapper.map(iter([records[:2], records[2:]]), _sizes, None)]
[2, 3]
"""

from __future__ import annotations

import gc
import multiprocessing
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

from declutter.corpus.process import CleanOptions, init_worker
from declutter.corpus.records import Record

R = TypeVar("R")


def chunks(
    records: Iterable[Record], *, max_records: int, max_bytes: int
) -> Iterator[list[Record]]:
    """Records grouped into chunks of ``max_records`` records or ``max_bytes`` of payload."""
    chunk: list[Record] = []
    size = 0
    for record in records:
        chunk.append(record)
        size += record.size
        if len(chunk) >= max_records or size >= max_bytes:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


class Mapper:
    """Map a task over chunks, in order: in this process (``jobs == 1``) or on a pool of
    ``jobs`` processes with a bounded number of chunks in flight."""

    def __init__(self, jobs: int, options: CleanOptions) -> None:
        self.jobs = jobs
        self.options = options
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> Mapper:
        worker = init_worker(self.options)  # fails early on a bad config
        if self.jobs > 1:
            context = _context()
            forked = context.get_start_method() == "fork"
            if forked:
                # Load and self-test the kernels, the lexicon and the models once, here:
                # the forked workers inherit them instead of each loading them again.
                worker.warm_up()
                gc.freeze()  # the workers' collections skip (so do not copy) what they inherit
            try:
                self._executor = ProcessPoolExecutor(
                    max_workers=self.jobs,
                    mp_context=context,
                    initializer=_init_pool_worker,
                    initargs=(self.options,),
                )
                # Start the workers now (a fork pool starts them all at the first task),
                # before a progress bar starts a thread in this process.
                self._executor.submit(_ready).result()
            finally:
                if forked:
                    gc.unfreeze()
        return self

    def map(
        self,
        chunks: Iterator[list[Record]],
        task: Callable[[list[Record], str | None], R],
        table_path: str | None,
    ) -> Iterator[R]:
        if self._executor is None:
            for chunk in chunks:
                yield task(chunk, table_path)
            return
        window = 2 * self.jobs + 2
        pending: deque[Future[R]] = deque()
        try:
            for chunk in chunks:
                pending.append(self._executor.submit(task, chunk, table_path))
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()

    def __exit__(self, kind: object, *rest: object) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=kind is None, cancel_futures=True)


def _context() -> Any:
    """``fork`` on Linux when this process runs no other thread: workers start at once and
    share the loaded lexicon and models; else ``forkserver`` (or ``spawn``)."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _init_pool_worker(options: CleanOptions) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles Ctrl-C
    init_worker(options)


def _ready() -> bool:
    return True


def _sizes(records: list[Record], table_path: str | None) -> list[Record]:
    return records
