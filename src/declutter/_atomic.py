"""Write a file atomically: into a temporary file beside it, moved into place on success.

A reader never sees half a file, and a failed write leaves an existing target as it was.
Where the system allows it (Linux ``O_TMPFILE`` and ``/proc``), the temporary file has no
name until ``commit``: a process killed while writing (SIGTERM, SIGKILL, a crash) leaves
nothing behind. Elsewhere it is a hidden ``.NAME.*.tmp`` file that ``discard`` removes.

>>> import pathlib, tempfile
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
>>> with AtomicFile(target) as out:
...     _ = out.stream.write(b"first")
>>> try:
...     with AtomicFile(target) as out:
...         _ = out.stream.write(b"second")
...         raise RuntimeError("failed half-way")
... except RuntimeError:
...     pass
>>> target.read_bytes(), sorted(p.name for p in target.parent.iterdir())
(b'first', ['out.txt'])
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path
from types import TracebackType
from typing import IO, TextIO


class AtomicFile:
    """A temporary file beside ``target`` that replaces it on ``commit`` and vanishes on
    ``discard``; as a context manager, it commits on success and discards on an exception.

    With ``target=None`` it writes through to standard output instead (nothing to replace).
    """

    def __init__(self, target: Path | None) -> None:
        self.target = target
        self.temporary: Path | None = None
        self.stream: IO[bytes]
        self._text: io.TextIOWrapper | None = None
        #: The descriptor of the unnamed temporary file, if it is one.
        self._unnamed: int | None = None
        if target is None:
            self.stream = sys.stdout.buffer
            return
        self._unnamed = _open_unnamed(target.parent)
        if self._unnamed is not None:
            self.stream = os.fdopen(self._unnamed, "wb")
        else:
            fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            self.temporary = Path(name)
            self.stream = os.fdopen(fd, "wb")

    @property
    def text(self) -> TextIO:
        """A UTF-8 text view of the stream (newlines written as ``\\n``)."""
        if self._text is None:
            self._text = io.TextIOWrapper(self.stream, encoding="utf-8", newline="\n")
        return self._text

    def commit(self) -> None:
        """Finish writing and move the temporary file onto the target."""
        if self._text is not None:
            self._text.flush()
            self._text.detach()
            self._text = None
        self.stream.flush()
        if self.target is None:
            return
        if self._unnamed is not None:
            self._name_unnamed(self._unnamed, self.target)
        if self.temporary is None:
            return
        self.stream.close()
        os.chmod(self.temporary, new_file_mode(self.target))
        os.replace(self.temporary, self.target)
        self.temporary = None

    def _name_unnamed(self, fd: int, target: Path) -> None:
        """Give the unnamed file ``fd`` a hidden name beside ``target`` (``commit`` then moves
        it onto the target)."""
        name = target.parent / f".{target.name}.{os.urandom(6).hex()}.tmp"
        # A directory descriptor makes os.link call linkat(AT_SYMLINK_FOLLOW), which links
        # the file behind the /proc entry rather than the entry itself.
        directory = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.link(f"/proc/self/fd/{fd}", name.name, dst_dir_fd=directory)
        finally:
            os.close(directory)
        self._unnamed = None
        self.temporary = name

    def discard(self) -> None:
        """Drop what was written; the target stays as it was."""
        if self._unnamed is not None:
            self.stream.close()  # an unnamed file vanishes with its last descriptor
            self._unnamed = None
        if self.temporary is None:
            return
        self.stream.close()
        self.temporary.unlink(missing_ok=True)
        self.temporary = None

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None:
            try:
                self.commit()
            except BaseException:
                self.discard()
                raise
        else:
            self.discard()


def new_file_mode(target: Path) -> int:
    """The target's permissions if it exists, else those a new file gets under the umask."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _open_unnamed(directory: Path) -> int | None:
    """A descriptor of a new unnamed file in ``directory`` that ``os.link`` can name later
    (``O_TMPFILE`` with ``/proc/self/fd``), or ``None`` where the system cannot."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None:
        return None
    try:
        fd = os.open(directory, flag | os.O_WRONLY, 0o600)
    except OSError:  # a file system or kernel without O_TMPFILE
        return None
    if not os.path.exists(f"/proc/self/fd/{fd}"):
        os.close(fd)
        return None
    return fd
