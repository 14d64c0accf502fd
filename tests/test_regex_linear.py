"""Every regular expression declutter compiles runs in linear time on adversarial input.

``tests/regex_inventory.py`` lists the patterns (module patterns, the lexicon's, those compiled
on first use) in a fresh interpreter. Each pattern scans (``finditer`` to the end) inputs of
10^4 and 10^5 characters built to make backtracking patterns slow: runs of one character, of
spaces and separators, nested and empty comments, open tags, and near-matches of the
pattern's own literal words (the word less its last character, repeated). The bound is
behavioural, not a speed benchmark: ten times the input may cost at most ``MAX_GROWTH`` times
the time (linear scanning costs about ten times; quadratic, a hundred), and no single scan may
take ``HANG_SECONDS`` (an exponential pattern is stopped by a timer signal, which both engines
check while matching).
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
import regex

SMALL, LARGE = 10_000, 100_000
#: Largest time ratio between the 10^5 and the 10^4 scan (linear: about 10).
MAX_GROWTH = 40.0
#: Scans of 10^4 characters faster than this are not worth timing at 10^5 (no growth to see).
MEASURABLE_SECONDS = 0.002
#: A 10^5 scan under this passes whatever the ratio (timer noise on a loaded machine).
NOISE_SECONDS = 0.05
#: A scan that takes longer is taken for a hang.
HANG_SECONDS = 5.0

_UNITS = {
    "spaces": " ", "letters": "a", "newlines": "\n", "space-tab": " \t", "words": "ab ",
    "digits": "1", "digit-dots": "1.", "separators": " | ", "dashes": "-", "spaced-dashes": " - ",
    "colons": ":", "less-than": "<", "open-comments": "<!--", "empty-comments": "<!---->",
    "nested-comments": "<!-- <!-- ", "open-tags": "<a ", "metas": "<meta charset=",
    "quotes": "\"'", "han": "漢", "accents": "é", "no-break-spaces": "\xa0", "stops": ".!?",
    "equals": "=", "slashes": "/", "hashes": "#", "brackets": "([{", "ampersands": "&#",
    "urls": "http://", "at-signs": "a@", "percents": "%",
}  # fmt: skip
_METACHARACTERS = set("\\^$.|?*+()[]{}")


@cache
def inventory() -> list[dict[str, Any]]:
    """The patterns ``tests/regex_inventory.py`` finds, in a fresh interpreter."""
    script = Path(__file__).with_name("regex_inventory.py")
    output = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True
    ).stdout
    return [json.loads(line) for line in output.splitlines()]


def _compiled(record: dict[str, Any]) -> Any:
    source: str | bytes = record["pattern"]
    if record["bytes"]:
        source = str(source).encode("latin-1")
    engine: Any = regex if record["module"] == "regex" else re
    return engine.compile(source, record["flags"])


def _literal_words(source: str) -> list[str]:
    """Runs of literal characters in a pattern's source, longest first."""
    words = re.findall(r"(?:\\.|[^\\^$.|?*+()\[\]{}])+", source)
    cleaned = {re.sub(r"\\(.)", r"\1", word) for word in words}
    return sorted((word for word in cleaned if len(word) >= 2), key=len, reverse=True)


def adversarial_units(source: str) -> dict[str, str]:
    """The repeated units of the inputs for one pattern (see the module doc)."""
    units = dict(_UNITS)
    for word in _literal_words(source)[:4]:
        units[f"near {word!r}"] = word[:-1]
        units[f"near {word!r} spaced"] = word[:-1] + " "
    for char in sorted({c for c in source if not c.isalnum() and c not in _METACHARACTERS})[:6]:
        units[f"run of {char!r}"] = char
    return units


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


class _Hang(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _Hang


def _scan_seconds(pattern: Any, text: str | bytes) -> float:
    started = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
    try:
        for _ in pattern.finditer(text):
            pass
    except _Hang:
        return float("inf")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return time.perf_counter() - started


def super_linear(record: dict[str, Any]) -> Iterator[str]:
    """What is wrong with one pattern: each input on which it does not scan in linear time."""
    pattern = _compiled(record)
    for name, unit in adversarial_units(record["pattern"]).items():
        small, large = _repeat(unit, SMALL), _repeat(unit, LARGE)
        if record["bytes"]:
            small, large = small.encode("utf-8"), large.encode("utf-8")  # type: ignore[assignment]
        short = _scan_seconds(pattern, small)
        if short == float("inf"):
            yield f"{name}: no end in {HANG_SECONDS:g} s on {SMALL:,} characters"
            continue
        if short < MEASURABLE_SECONDS:
            continue
        long = _scan_seconds(pattern, large)
        for _ in range(2):  # a suspect: the best of three, as the machine may be busy
            if long <= NOISE_SECONDS or long <= MAX_GROWTH * short:
                break
            short = min(short, _scan_seconds(pattern, small))
            long = min(long, _scan_seconds(pattern, large))
        if long > NOISE_SECONDS and long > MAX_GROWTH * short:
            yield f"{name}: {short * 1000:.1f} ms on {SMALL:,} chars, {long * 1000:.0f} ms on {LARGE:,}"


@pytest.fixture(autouse=True)
def timer_signal() -> Iterator[None]:
    previous = signal.signal(signal.SIGALRM, _alarm)
    yield
    signal.signal(signal.SIGALRM, previous)


def test_the_inventory_finds_module_lexicon_and_first_use_patterns() -> None:
    sources = {record["pattern"] for record in inventory()}
    from declutter.decode.format import _DOCTYPE
    from declutter.features.text import _TITLE_SEPARATORS

    assert {_DOCTYPE.pattern, _TITLE_SEPARATORS.pattern} <= sources
    assert any(source.endswith("(?= )") for source in sources)  # lexicon phrases
    assert len(sources) > 500


def test_the_check_catches_backtracking_patterns() -> None:
    quadratic = {"module": "re", "pattern": r"\s+[|]\s+", "bytes": False, "flags": 0}
    assert any(problem.startswith("spaces:") for problem in super_linear(quadratic))
    exponential = {"module": "re", "pattern": r"(?:<!--.*?-->\s*)*<!doctype", "bytes": False,
                   "flags": int(re.S)}  # fmt: skip
    assert any("no end" in problem for problem in super_linear(exponential))


def test_every_pattern_scans_in_linear_time() -> None:
    problems = {}
    for record in inventory():
        found = list(super_linear(record))
        if found:
            problems[f"{record['module']}.compile({record['pattern'][:80]!r})"] = found
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
