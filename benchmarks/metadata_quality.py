"""Metadata quality on WCXB dev: title, author and publish date against the ground truth,
declutter's ``html_metadata`` and trafilatura's ``bare_extraction(with_metadata=True)`` in
the same run, overall and per fold (5 folds split by site).

    python benchmarks/quality.py --metadata [--data ../shared/data] [--limit N] [--jobs 2]

Matching: case and space folding; a title also counts when one contains the other and the
shorter is at least 60% of the longer; dates on their first 10 characters; an author counts
when the folded strings are equal or one contains the other (several names joined with "; ").
Only pages whose ground truth has the field are counted for that field.
"""

from __future__ import annotations

import json
import re
import sys
import time
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from benchmarks import datasets

FIELDS = ("title", "author", "publish_date")
FOLDS = 5
Extracted = dict[str, str | None]


def fold(value: str | None) -> str:
    return re.sub(r"\s+", " ", value or "").strip().casefold()


def matches(field: str, got: str | None, gold: str) -> bool:
    """Whether ``got`` counts as the gold value of ``field``."""
    a, b = fold(got), fold(gold)
    if not a or not b:
        return False
    if field == "publish_date":
        return a[:10] == b[:10]
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if field == "title":
        return short in long and len(short) >= 0.6 * len(long)
    return short in long


def declutter_metadata(html: str, url: str) -> Extracted:
    from declutter.metadata import html_metadata

    meta = html_metadata(html, url=url)
    return {"title": meta.title, "author": meta.author, "publish_date": meta.published}


def trafilatura_metadata(html: str, url: str) -> Extracted:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return {"title": None, "author": None, "publish_date": None}
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return {
        "title": data.get("title"),
        "author": data.get("author"),
        "publish_date": data.get("date"),
    }


SYSTEMS: dict[str, Callable[[str, str], Extracted]] = {
    "declutter": declutter_metadata,
    "trafilatura": trafilatura_metadata,
}


def _gold(page: datasets.Page) -> dict[str, str]:
    item = json.loads((page.path.parent.parent / "ground-truth" / f"{page.id}.json").read_text())
    truth = item.get("ground_truth", {})
    return {field: str(truth[field]) for field in FIELDS if truth.get(field)}


def _run(task: tuple[str, datasets.Page]) -> tuple[Extracted, float]:
    name, page = task
    html = page.html()
    start = time.process_time()
    try:
        got = SYSTEMS[name](html, page.url)
    except Exception:  # a failing system scores the page as empty, counted below
        got = {}
    return got, time.process_time() - start


def site_fold(page: datasets.Page) -> int:
    return zlib.crc32(page.host.encode()) % FOLDS


def run(data: Path, limit: int, jobs: int) -> str:
    pages = datasets.load("wcxb", data)
    pages = pages[:limit] if limit else pages
    golds = [_gold(page) for page in pages]
    lines = [
        f"Metadata on WCXB dev ({len(pages)} pages; gold: "
        + ", ".join(f"{f} {sum(f in g for g in golds)}" for f in FIELDS)
        + ")",
        "",
    ]
    header = (
        "| system | "
        + " | ".join(FIELDS)
        + " | ms/page (CPU) | "
        + " | ".join(f"fold {k} t/a/d" for k in range(FOLDS))
        + " |"
    )
    lines += [header, "|" + "---|" * (header.count("|") - 1)]
    for name in SYSTEMS:
        with ProcessPoolExecutor(jobs) as pool:
            results = list(pool.map(_run, [(name, page) for page in pages], chunksize=8))
        cpu = sum(seconds for _, seconds in results) / max(len(pages), 1) * 1000
        hits = {f: [0] * FOLDS for f in FIELDS}
        totals = {f: [0] * FOLDS for f in FIELDS}
        for page, gold, (got, _) in zip(pages, golds, results, strict=True):
            k = site_fold(page)
            for field, value in gold.items():
                totals[field][k] += 1
                hits[field][k] += matches(field, got.get(field), value)
        overall = [sum(hits[f]) / max(sum(totals[f]), 1) for f in FIELDS]
        per_fold = [
            "/".join(f"{hits[f][k] / max(totals[f][k], 1):.2f}" for f in FIELDS)
            for k in range(FOLDS)
        ]
        lines.append(
            f"| {name} | "
            + " | ".join(f"{v:.3f}" for v in overall)
            + f" | {cpu:.1f} | "
            + " | ".join(per_fold)
            + " |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=datasets.DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    print(run(args.data, args.limit, args.jobs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
