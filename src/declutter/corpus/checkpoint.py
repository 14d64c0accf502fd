"""The checkpoint of a dump in progress: how far it got, and how to get back there.

A checkpoint records the number of input records done (``position``), the sizes the output
and errors files had when they were last synced, the tallies so far, and a ``signature`` of
the inputs and options. It is written beside the output after the files are synced, through
a temporary file renamed over the old one, so a kill at any moment leaves a checkpoint that
matches durable output: resuming truncates the files back to it and re-reads the inputs from
that position. Nothing is lost (records after the checkpoint are cleaned again) and nothing
is duplicated (their earlier output is cut off).

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "out.jsonl.checkpoint"
>>> Checkpoint("abc", position=64, output_bytes=1234).save(path)
>>> Checkpoint.load(path).position
64
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

VERSION = 1


@dataclass
class Checkpoint:
    """How far a dump got (see the module doc)."""

    signature: str
    position: int = 0
    output_bytes: int = 0
    errors_bytes: int = 0
    report_bytes: int = 0
    tally: dict[str, Any] = field(default_factory=dict)
    templates: str | None = None
    version: int = VERSION

    def save(self, path: Path) -> None:
        """Write atomically and durably."""
        temporary = path.with_name(path.name + ".tmp")
        with open(temporary, "w", encoding="utf-8") as stream:
            json.dump(asdict(self), stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
        sync_directory(path.parent)

    @classmethod
    def load(cls, path: Path) -> Checkpoint:
        """Read a checkpoint written by ``save``; ``ValueError`` if it is not one."""
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("version") != VERSION:
            raise ValueError(f"{path}: not a declutter dump checkpoint (version {VERSION})")
        return cls(**data)


def signature(parts: Any) -> str:
    """A digest of the inputs and options (a JSON-ready value) that a resume must match."""
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def sync_directory(path: Path) -> None:
    """``fsync`` a directory, so that a file created or renamed in it stays after a crash."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
