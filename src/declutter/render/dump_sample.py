"""A reproducible random sample of the records of a ``declutter dump`` output, for the index page.

The file is read once, as a stream (reservoir sampling), so a dump of any size fits in memory
as long as the sample does. Records keep their order in the file.

>>> import json, pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "out.jsonl"
>>> _ = path.write_text("".join(json.dumps({"id": str(i), "stats": {}}) + "\\n"
...                             for i in range(10)))
>>> [record["id"] for record in sample_records(path, 3, seed=1)] == [
...     record["id"] for record in sample_records(path, 3, seed=1)]
True
>>> len(sample_records(path, 50))
10
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path
from typing import Any

from declutter.corpus.compression import open_read


def sample_records(path: Path, size: int, *, seed: int = 0) -> list[dict[str, Any]]:
    """Up to ``size`` records of the JSON Lines dump output ``path`` (``.gz``/``.zst`` too),
    drawn uniformly at random with ``seed``, in file order.

    Raises ``ValueError`` naming the line when a line is not a JSON object with ``stats``.
    """
    rng = random.Random(seed)
    chosen: list[tuple[int, dict[str, Any]]] = []
    with open_read(path) as raw, io.TextIOWrapper(raw, encoding="utf-8") as stream:
        seen = 0
        for number, text in enumerate(stream, 1):
            if not text.strip():
                continue
            slot = seen if seen < size else rng.randrange(seen + 1)
            seen += 1
            if slot >= size:
                continue
            record = _parse(text, number)
            if len(chosen) < size:
                chosen.append((number, record))
            else:
                chosen[slot] = (number, record)
    chosen.sort(key=lambda item: item[0])
    return [record for _, record in chosen]


def _parse(text: str, number: int) -> dict[str, Any]:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"line {number}: not JSON ({error.msg})") from None
    if not isinstance(record, dict) or not isinstance(record.get("stats"), dict):
        raise ValueError(f"line {number}: not a dump record (no 'stats' object)")
    return record
