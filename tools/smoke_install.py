"""Smoke test of an installed declutter-web (run with the Python of the environment to test).

    .venv/bin/python tools/smoke_install.py

Runs the ``declutter`` command of that environment as a new user would: an HTML page piped on
standard input, JSON output, the visual report; and checks the package data (lexicon, models,
schemas) loaded. Exits non-zero with a message on the first failure.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "examples" / "aljazeera-article.html"


def _run(*args: str, stdin: bytes | None = None) -> str:
    command = Path(sys.executable).parent / "declutter"
    run = subprocess.run([str(command), *args], input=stdin, capture_output=True, check=False)
    if run.returncode != 0:
        sys.exit(f"smoke: declutter {' '.join(args)} exited {run.returncode}: {run.stderr!r}")
    return run.stdout.decode("utf-8")


def main() -> int:
    import declutter
    from declutter.render.document_json import schema

    page = PAGE.read_bytes()
    text = _run("clean", stdin=page)
    expected = declutter.clean(page).text
    if not expected or text != expected + "\n" or text.lstrip().startswith("<"):
        sys.exit("smoke: piped HTML did not give the library's clean text")
    record = json.loads(_run("clean", "--output-format", "json", stdin=page))
    if record["schema"] != schema("document")["properties"]["schema"]["const"]:
        sys.exit("smoke: json output does not carry the shipped schema's name")
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.html"
        _run("report", str(PAGE), "-o", str(report))
        if "data-count" not in report.read_text(encoding="utf-8"):
            sys.exit("smoke: the report page has no counts")
    status = declutter.native.status()
    print(f"smoke: declutter {declutter.__version__} ok ({status.reason})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
