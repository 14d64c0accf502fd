"""An ordered map over chunks of records: in this process, or on a pool of worker processes
with a bounded number of chunks in flight, replacing workers that die or hang.

Results come back in the order the chunks were read, whatever the number of processes, so
the output of a dump does not depend on ``--jobs``; at most ``2 * jobs + 2`` chunks are in
flight, so memory does not grow with the input.

A worker that dies (killed, out of memory, a crash in C code) or does not finish a chunk in
time (``Mapper.deadline``: twice the per-document ``max_seconds`` for each record, plus a
grace) breaks the pool; a chunk whose result cannot come back (it does not pickle) is
treated the same way. The ``Mapper`` then kills the pool, starts a new one and runs the
chunks that were in flight again one record at a time; a record that kills or hangs a
worker on its own becomes the task's ``lost`` result (an error record), and the map goes
on. In this process (``jobs == 1``) nothing can watch the worker: only the budgets apply.

>>> from declutter.corpus.process import CleanOptions
>>> from declutter.corpus.records import Record
>>> records = [Record(i, str(i), None, "x" * i, "text", "-") for i in range(5)]
>>> [[r.position for r in chunk] for chunk in chunks(records, max_records=2, max_bytes=100)]
[[0, 1], [2, 3], [4]]
>>> with Mapper(1, CleanOptions()) as mapper:
...     [len(c) for c in mapper.map(iter([records[:2], records[2:]]), SIZES, None)]
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
from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from declutter.corpus.process import CleanOptions, init_worker
from declutter.corpus.records import Record

R = TypeVar("R")
#: Seconds a worker gets on top of twice ``max_seconds`` per record before it counts as hung.
HANG_GRACE = 30.0


@dataclass(frozen=True)
class Task(Generic[R]):
    """What the pool runs on a chunk (``run``, a module-level function, so it pickles), how
    results of parts of a chunk add up (``merge``), and the result for a record whose worker
    died or hung (``lost``, given the record and the reason)."""

    run: Callable[[list[Record], str | None], R]
    merge: Callable[[list[R]], R]
    lost: Callable[[Record, str], R]


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
    ``jobs`` processes with a bounded number of chunks in flight (see the module doc)."""

    def __init__(self, jobs: int, options: CleanOptions, *, grace: float = HANG_GRACE) -> None:
        self.jobs = jobs
        self.options = options
        self.grace = grace
        self._executor: ProcessPoolExecutor | None = None
        self._context: Any = None

    def __enter__(self) -> Mapper:
        worker = init_worker(self.options)  # fails early on a bad config
        if self.jobs == 1:
            # Load what cleaning loads on first use now, so that the first document's
            # max_seconds budget is not spent on loading.
            worker.warm_up()
        else:
            self._context = _context()
            forked = self._context.get_start_method() == "fork"
            if forked:
                # Load and self-test the kernels, the lexicon and the models once, here:
                # the forked workers inherit them instead of each loading them again.
                worker.warm_up()
                gc.freeze()  # the workers' collections skip (so do not copy) what they inherit
            try:
                self._start()
            finally:
                if forked:
                    gc.unfreeze()
        return self

    def _start(self) -> None:
        self._executor = ProcessPoolExecutor(
            max_workers=self.jobs,
            mp_context=self._context,
            initializer=_init_pool_worker,
            initargs=(self.options,),
        )
        # Start the workers now (a fork pool starts them all at the first task), before a
        # progress bar starts a thread in this process.
        self._executor.submit(_ready).result()

    def deadline(self, records: int) -> float | None:
        """Seconds a worker may take on ``records`` records before it counts as hung
        (``None``: no per-document ``max_seconds``, so no limit)."""
        limit = self.options.config.max_seconds
        return None if limit is None else records * 2 * limit + self.grace

    def map(
        self, chunks: Iterator[list[Record]], task: Task[R], table_path: str | None
    ) -> Iterator[R]:
        """``task.run`` on each chunk, results in chunk order (see the module doc)."""
        if self._executor is None:
            for chunk in chunks:
                yield task.run(chunk, table_path)
            return
        window = 2 * self.jobs + 2
        pending: deque[tuple[list[Record], Future[R]]] = deque()
        try:
            for chunk in chunks:
                pending.append((chunk, self._submit(task, chunk, table_path)))
                if len(pending) >= window:
                    yield from self._next(pending, task, table_path)
            while pending:
                yield from self._next(pending, task, table_path)
        finally:
            for _, future in pending:
                future.cancel()

    def _submit(self, task: Task[R], chunk: list[Record], table_path: str | None) -> Future[R]:
        assert self._executor is not None
        return self._executor.submit(task.run, chunk, table_path)

    def _next(
        self, pending: deque[tuple[list[Record], Future[R]]], task: Task[R], table: str | None
    ) -> Iterator[R]:
        """The result of the oldest chunk; if the pool broke or hung, the results of every
        chunk in flight, each run again one record at a time on a new pool."""
        chunk, future = pending[0]
        try:
            result = future.result(timeout=self.deadline(len(chunk)))
        except Exception:  # a dead or hung worker, or a result that could not come back
            suspects = [chunk for chunk, _ in pending]
            pending.clear()
            self._restart()
            for chunk in suspects:
                yield task.merge([self._alone(task, record, table) for record in chunk])
            return
        pending.popleft()
        yield result

    def _alone(self, task: Task[R], record: Record, table: str | None) -> R:
        """``task`` on one record; its ``lost`` result if its worker dies or hangs."""
        future = self._submit(task, [record], table)
        try:
            return future.result(timeout=self.deadline(1))
        except BrokenExecutor:
            reason = "the worker process cleaning it died (killed, out of memory or crashed)"
        except FutureTimeout:
            reason = f"the worker process cleaning it hung for over {self.deadline(1):g} s"
        except Exception as error:  # e.g. a result that does not pickle
            return task.lost(record, f"the worker process could not return it ({error!r})")
        self._restart()
        return task.lost(record, reason)

    def _restart(self) -> None:
        """Kill the pool's processes (a hung one too) and start a new pool."""
        executor = self._executor
        if executor is not None:
            processes = getattr(executor, "_processes", None) or {}  # no public way to kill
            for process in list(processes.values()):
                if process.is_alive():
                    process.kill()
            executor.shutdown(wait=True, cancel_futures=True)
        self._start()

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
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker ends on SIGTERM at once
    # Loaded before the first record's budget starts (a forked worker inherited it all, so
    # this takes milliseconds there).
    init_worker(options).warm_up()


def _ready() -> bool:
    return True


def _sizes(records: list[Record], table_path: str | None) -> list[Record]:
    return records


def _concatenate(parts: list[list[Record]]) -> list[Record]:
    return [record for part in parts for record in part]


def _no_records(record: Record, reason: str) -> list[Record]:
    return []


#: A task for the examples: the records of each chunk, as they are.
SIZES: Task[list[Record]] = Task(_sizes, _concatenate, _no_records)
