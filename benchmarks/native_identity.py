"""Check that the compiled core and the pure-Python path give the same reports on every page.

    python benchmarks/native_identity.py                      # both corpora, both modes
    python benchmarks/native_identity.py --corpus aeb --mode html --limit 50

Every page is cleaned twice, with the compiled kernels (``declutter.native``) and with the
reference path (``native.use(False)``); the full ``report()`` (decisions, rules, evidence,
scores, sources) and the text are compared. Text mode cleans the ``html_text``-flattened page,
HTML mode the page's HTML bytes (decoded by declutter). Prints one row per corpus and mode:
pages, pages that differ, the first differing line of the first few, and the time each path
took (the ratio is indicative: this is not a speed benchmark, see ``speed.py``). Exit code 1
when any page differs or the compiled core is not active.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

import declutter
from benchmarks import datasets
from benchmarks.quality import format_table
from declutter import native

SHOWN_DIFFERENCES = 5


def _report(cleaner: declutter.Cleaner, mode: str, document: str | bytes) -> str:
    try:
        result = (cleaner.clean_text if mode == "text" else cleaner.clean_html)(document)
    except declutter.DeclutterError as error:
        return f"{type(error).__name__}: {error}"
    return json.dumps({"text": result.text, "report": result.report()}, sort_keys=True)


def _first_difference(compiled: str, reference: str) -> str:
    if compiled.startswith(("{",)) and reference.startswith("{"):
        left, right = json.loads(compiled), json.loads(reference)
        for a, b in zip(left["report"]["lines"], right["report"]["lines"], strict=False):
            if a != b:
                return f"line {a.get('number')}: compiled {a} != reference {b}"
    return f"compiled {compiled[:200]!r} != reference {reference[:200]!r}"


def check(corpus: str, mode: str, data: Path, limit: int) -> tuple[list[str], list[str]]:
    """The row of the table for one corpus and mode, and the differences found."""
    pages = datasets.load(corpus, data)
    pages = pages[:limit] if limit else pages
    documents: list[str | bytes] = (
        [datasets.flattened(page, "html_text") for page in pages]
        if mode == "text"
        else [page.html_bytes() for page in pages]
    )
    cleaner = declutter.Cleaner()
    for document in documents[:3]:  # warm-up: models, lexicon and tables load once
        _report(cleaner, mode, document)
        with native.use(False):
            _report(cleaner, mode, document)
    start = time.perf_counter()
    compiled = [_report(cleaner, mode, document) for document in documents]
    compiled_seconds = time.perf_counter() - start
    with native.use(False):
        start = time.perf_counter()
        reference = [_report(cleaner, mode, document) for document in documents]
        reference_seconds = time.perf_counter() - start
    differences = [
        f"{corpus}/{mode} {page.id}: {_first_difference(a, b)}"
        for page, a, b in zip(pages, compiled, reference, strict=True)
        if a != b
    ]
    row = [
        corpus,
        mode,
        str(len(documents)),
        str(len(differences)),
        f"{compiled_seconds:.1f}",
        f"{reference_seconds:.1f}",
        f"{reference_seconds / compiled_seconds:.2f}",
    ]
    return row, differences


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=datasets.DEFAULT_DATA)
    parser.add_argument("--corpus", choices=datasets.CORPORA, action="append")
    parser.add_argument("--mode", choices=("text", "html"), action="append")
    parser.add_argument("--limit", type=int, default=0, help="first N pages of each corpus")
    args = parser.parse_args(argv)
    status = native.status()
    print(f"compiled core: {status.reason}; kernels {status.kernels}; missing {status.missing}")
    rows, differences = [], []
    for corpus in args.corpus or datasets.CORPORA:
        for mode in args.mode or ("text", "html"):
            row, found = check(corpus, mode, args.data, args.limit)
            rows.append(row)
            differences += found
    header = ["corpus", "mode", "pages", "differ", "compiled s", "pure s", "pure / compiled"]
    print(format_table(header, rows))
    for line in differences[:SHOWN_DIFFERENCES]:
        print(line)
    return 1 if differences or not status.active else 0


if __name__ == "__main__":
    sys.exit(main())
