"""SIGTERM stops the command the way Ctrl-C does: a ``KeyboardInterrupt`` in the main thread.

A process manager (systemd, Kubernetes, a shell's ``kill``) asks a process to stop with
SIGTERM. By default Python dies on it at once, exit status -15, without a word. Under
``sigterm_raises`` the signal raises ``KeyboardInterrupt("terminated (SIGTERM)")`` instead, so
every path that handles Ctrl-C handles it too: temporary files are discarded (``AtomicFile``),
a dump saves its checkpoint; ``terminated(error)`` tells the two apart, so that the command
says why it stopped and exits with 143. A second SIGTERM while it stops kills the process at
once.

>>> import os, signal, time
>>> try:
...     with sigterm_raises():
...         os.kill(os.getpid(), signal.SIGTERM)
...         time.sleep(5)  # the handler raises at once
... except KeyboardInterrupt as stopped:
...     print(stopped, terminated(stopped))
terminated (SIGTERM) True
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

#: The exit status of a command stopped by SIGTERM (128 + 15, as a shell reports it).
EXIT_TERMINATED = 128 + signal.SIGTERM
#: What the interrupt raised on SIGTERM says.
TERMINATED = "terminated (SIGTERM)"


def terminated(error: BaseException) -> bool:
    """Whether ``error`` is the interrupt raised on SIGTERM (else: Ctrl-C, or anything else),
    also when it is the cause of another exception (click's ``Abort``)."""
    for candidate in (error, error.__cause__):
        if isinstance(candidate, KeyboardInterrupt) and candidate.args == (TERMINATED,):
            return True
    return False


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends it at once
    raise KeyboardInterrupt(TERMINATED)


@contextmanager
def sigterm_raises() -> Iterator[None]:
    """Within the block, SIGTERM raises ``KeyboardInterrupt(TERMINATED)`` in the main thread
    (if the block does not run in the main thread, nothing changes)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
