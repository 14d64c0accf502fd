"""The generated benchmarks page (``benchmarks/report_page.py``): tables and SVG plots made from
the JSON the benchmark scripts write, and ``docs/benchmarks/`` equal to what the committed
results make."""

from __future__ import annotations

import importlib
import json
import re
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "benchmarks"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def page() -> ModuleType:
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(ROOT))
        return importlib.import_module("benchmarks.report_page")


def _texts(svg: Path) -> list[str]:
    tree = ElementTree.parse(svg)
    return [node.text or "" for node in tree.iter(f"{SVG}text")]


def test_tables_come_from_the_results(page: ModuleType, tmp_path: Path) -> None:
    assert page.main(["--results", str(FIXTURES), "--out", str(tmp_path)]) == 0
    text = (tmp_path / "results.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    # Sorted by F1; the fixture's own figures, formatted.
    trafilatura = lines.index(
        "| trafilatura | `extract(html, include_comments=False)` | 0.960 | 0.960 | 0.942 | 0.978 "
        "| 0 | 52.0 | 8.67 | 0 |"
    )
    ours = lines.index(
        "| **declutter (in-sample)** | `clean_html` | 0.951 |  | 0.926 | 0.976 | 2 | 444 | 74.00 "
        "| 0 |"
    )
    assert trafilatura < ours
    assert lines[ours + 1].startswith("| **declutter (5-fold site CV)** |")
    assert "| **0.943** | | 0.920 | 0.967 | | as above |" in lines[ours + 1]
    # A run from before the short-outputs count says so.
    assert (
        "| html_text | no cleaning: all the page's text (html_text) | 0.665 | 0.665 | 0.499 "
        "| 0.994 | - | 268 |" in text
    )
    # At a glance: declutter against the best peer of the same run.
    assert "| html | AEB | **0.943** | 0.951 | trafilatura (0.960) | 8.5x |" in lines
    assert "| text | AEB | - | 0.913 | c4 (0.806) | 0.9x |" in lines
    # Cited figures: the per-type gap and the published figure.
    assert (
        "Largest difference from the data README's per-type figures: trafilatura 0.004 over "
        "2 types."
    ) in lines
    assert "Published F1 of systems not run here: rs-trafilatura 0.859 (the WCXB README)." in lines
    assert "no cross-validation results for text mode" in text
    assert "| system | article (2) | forum (1) |" in lines
    assert "| **declutter (5-fold site CV)** | **0.949** | **0.764** |" in lines
    assert "| trafilatura | 0.937 | 0.694 |" in lines
    assert "| **declutter** | compiled core | 422 | 73.30 | 75.00 | 0.47 | 0 | 142 | 42 |" in lines
    assert (
        "| resiliparse | `extract_plain_text(main_content=True)` | 890 | 154.70 | 160.00 | 1.00 "
        "| 0 | - | - |"
    ) in lines
    # Files that are not there give a section saying so, not an error.
    assert "Not measured: no `speed-text.json` in the results folder." in lines
    # No cross-validation for text mode: no CV row in its table.
    text_mode = text[text.index("## Text mode") : text.index("## Speed")]
    assert "site CV" not in text_mode and "| **declutter (in-sample)** |" in text_mode
    # The runs: command, load at start and end, commit.
    assert (
        "| `quality-html.json` | `python benchmarks/quality.py --mode html --corpus all "
        "--systems declutter,trafilatura,html_text --jobs 1` | 2026-12-05 12:00 UTC | abc1234 | "
        "0.50 / 0.60 / 0.70 | 1.50 / 1.10 / 0.90 | compiled core active |"
    ) in lines
    assert "--thresholds 0.45" in text


def test_plots_are_labelled_svg_and_reproducible(page: ModuleType, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    page.main(["--results", str(FIXTURES), "--out", str(first)])
    page.main(["--results", str(FIXTURES), "--out", str(second)])
    plots = sorted(path.name for path in first.glob("*.svg"))
    assert plots == [
        "quality-html-aeb.svg",
        "quality-html-wcxb.svg",
        "quality-text-aeb.svg",
        "types-html.svg",
    ]
    for name in plots:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    markdown = (first / "results.md").read_text(encoding="utf-8")
    assert all(f"]({name})" in markdown for name in plots)

    html_aeb = _texts(first / "quality-html-aeb.svg")
    for label in ("declutter (in-sample)", "declutter (site CV)", "trafilatura", "html_text"):
        assert label in html_aeb
    assert "F1" in html_aeb and "AEB, HTML mode" in html_aeb
    text_aeb = _texts(first / "quality-text-aeb.svg")
    assert "declutter" in text_aeb and "c4" in text_aeb
    assert "none" not in text_aeb and "no cleaning (F1 0.665)" in text_aeb
    bars = _texts(first / "types-html.svg")
    for label in ("article", "forum", "declutter (site CV)", "trafilatura", "html_text"):
        assert label in bars
    assert "F1 against docs/s" not in "".join(bars)


def test_check_reports_a_stale_page(page: ModuleType, tmp_path: Path) -> None:
    results, out = tmp_path / "results", tmp_path / "out"
    shutil.copytree(FIXTURES, results)
    assert page.main(["--results", str(results), "--out", str(out)]) == 0
    assert page.main(["--check", "--results", str(results), "--out", str(out)]) == 0
    # Another matplotlib lays out the same text a little differently: that is not stale.
    plot = out / "quality-html-aeb.svg"
    original = plot.read_text(encoding="utf-8")
    moved = re.sub(r'x="(\d+)\.', lambda m: f'x="{int(m[1]) + 1}.', original)
    plot.write_text(moved, encoding="utf-8")
    assert page.stale(results, out) == ["quality-html-aeb.svg: differs from what the results "
                                        "generate"]  # fmt: skip
    plot.write_text(re.sub(r"Matplotlib v[\w.]+", "Matplotlib v0.1", moved), encoding="utf-8")
    assert page.stale(results, out) == []
    plot.write_text(original, encoding="utf-8")
    source = results / "quality-html.json"
    data = json.loads(source.read_text(encoding="utf-8"))
    data["summary"][1]["f1"] = 0.5
    source.write_text(json.dumps(data), encoding="utf-8")
    problems = page.stale(results, out)
    assert any("-| trafilatura |" in problem and "| 0.500 |" in problem for problem in problems)
    assert "quality-html-aeb.svg: differs from what the results generate" in problems
    assert page.main(["--check", "--results", str(results), "--out", str(out)]) == 1
    (out / "old-plot.svg").write_text("<svg/>", encoding="utf-8")
    assert page.main(["--results", str(results), "--out", str(out)]) == 0
    assert not (out / "old-plot.svg").exists()
    assert page.stale(results, out) == []


def test_bad_results_files_are_named(page: ModuleType, tmp_path: Path) -> None:
    data = importlib.import_module("benchmarks.report_data")
    (tmp_path / "quality-text.json").write_text('{"args": {}}', encoding="utf-8")
    with pytest.raises(data.ResultsError, match=r"quality-text.json: no 'summary' field"):
        data.load(tmp_path)
    (tmp_path / "quality-text.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(data.ResultsError, match=r"quality-text.json: not JSON"):
        data.load(tmp_path)
    (tmp_path / "quality-text.json").unlink()
    cv = json.loads((FIXTURES / "cv-html.json").read_text(encoding="utf-8"))
    cv["evaluations"][0]["threshold"] = 0.7
    (tmp_path / "cv-html.json").write_text(json.dumps(cv), encoding="utf-8")
    with pytest.raises(data.ResultsError, match="no evaluation at the shipped threshold"):
        data.load(tmp_path)
    (tmp_path / "cv-html.json").unlink()
    empty = page.render(data.load(tmp_path))
    assert list(empty) == ["results.md"]
    assert "Not measured: no `quality-html.json`" in empty["results.md"]


def test_committed_page_is_what_the_committed_results_make(page: ModuleType) -> None:
    docs = ROOT / "docs" / "benchmarks"
    problems = page.stale(docs / "results", docs)
    assert not problems, "docs/benchmarks is stale; run python benchmarks/report_page.py\n" + (
        "\n".join(problems)
    )


def test_quality_lists_pages_whose_output_lost_the_main_text() -> None:
    """Issue 10, class 1 diagnostic: outputs under 20% of the gold's words are listed."""
    from pathlib import Path

    from benchmarks import datasets, quality

    def run(page_id: str, gold: str, output: str) -> quality.Run:
        page = datasets.Page("wcxb", page_id, f"https://{page_id}.example/", "article", gold,
                             Path("unused"))  # fmt: skip
        return quality.Run(page, output, 0.0, 0.0)

    gold = " ".join(["word"] * 100)
    runs = [run("a", gold, "word " * 19), run("b", gold, "word " * 20), run("c", gold, ""),
            run("d", "", "")]  # fmt: skip
    assert quality.short_outputs(runs) == (
        ("c", "c.example", 0.0), ("a", "a.example", 0.19),
    )  # fmt: skip
