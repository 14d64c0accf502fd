"""SIGTERM stops ``declutter clean`` and ``dump`` cleanly: a message, exit 143, no partial file."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from declutter._signals import EXIT_TERMINATED

ARTICLE = "The council met on Tuesday and agreed the budget for the next two years.\n"
COMMAND = [sys.executable, "-c", "from declutter.cli import main; main()"]


def _wait_for(path: Path, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.05)


def _terminate(process: subprocess.Popen[bytes]) -> tuple[int, str]:
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    return process.returncode, stderr.decode()


def test_sigterm_during_clean_leaves_no_partial_report(tmp_path: Path) -> None:
    first = tmp_path / "a.txt"
    first.write_text(ARTICLE)
    out = tmp_path / "out"
    out.mkdir()
    report = tmp_path / "report.jsonl"
    # a.txt is cleaned and its report line written; then the command waits on standard input.
    process = subprocess.Popen(
        [*COMMAND, "clean", str(first), "-", "-o", f"{out}/", "--report", str(report)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        _wait_for(out / "a.txt", process)
        code, stderr = _terminate(process)
    finally:
        process.kill()
    assert code == EXIT_TERMINATED == 143
    assert stderr.strip().splitlines() == ["declutter: error: terminated (SIGTERM)"]
    assert not report.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "out"]
    assert sorted(p.name for p in out.iterdir()) == ["a.txt"]


def test_sigterm_during_dump(tmp_path: Path) -> None:
    """A dump waiting on its input stops with exit 143 and says how to go on."""
    output = tmp_path / "clean.jsonl"
    process = subprocess.Popen(
        [*COMMAND, "dump", "-", "-o", str(output), "--jobs", "1"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert process.stdin is not None
        process.stdin.write((json.dumps({"text": ARTICLE}) + "\n").encode())
        process.stdin.flush()
        time.sleep(2)
        code, stderr = _terminate(process)
    finally:
        process.kill()
    assert code == EXIT_TERMINATED
    assert "Traceback" not in stderr
    assert stderr.splitlines()[-1] == (
        "declutter: error: terminated (SIGTERM); run the same command with --resume to continue"
    )
    assert not output.exists()
