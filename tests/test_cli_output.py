"""The CLI as a new user meets it: HTML piped on stdin is sniffed, JSON output follows the
shipped schema (one object per input, JSON Lines for several), explain takes several files."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from declutter import clean, clean_text
from declutter.cli import cli
from declutter.render.document_json import document_record, schema

PAGE = Path(__file__).parent / "fixtures" / "html" / "wcxb-article-0490.html.gz"
ARTICLE = (
    "Skip to content\n"
    "\n"
    "The river rose two metres overnight, and the town council opened the school hall.\n"
    "Volunteers brought blankets and soup; the mayor said the water should fall by Friday.\n"
    "Share this article\n"
)


def _validator(name: str) -> Draft202012Validator:
    resources = [(s["$id"], Resource.from_contents(s)) for s in (schema("report"),
                                                                schema("document"))]  # fmt: skip
    return Draft202012Validator(schema(name), registry=Registry().with_resources(resources))


def _html() -> bytes:
    return gzip.decompress(PAGE.read_bytes())


def _run(args: list[str], stdin: bytes | None = None) -> Any:
    return CliRunner().invoke(cli, args, input=stdin, catch_exceptions=False)


def test_the_schemas_are_valid_json_schemas() -> None:
    for name in ("report", "document"):
        Draft202012Validator.check_schema(schema(name))


def test_reports_validate_against_the_shipped_schema() -> None:
    validator = _validator("report")
    for result in (clean_text(ARTICLE), clean(_html(), format="html")):
        validator.validate(result.report())
        validator.validate(result.report(include_text=False))
    broken = clean_text(ARTICLE).report()
    broken["lines"][0]["kind"] = "sidebar"
    assert not validator.is_valid(broken)


def test_new_user_pipes_an_html_page_and_gets_clean_text() -> None:
    page = _html()
    run = _run(["clean"], stdin=page)
    assert run.exit_code == 0, run.output
    expected = clean(page).text
    assert expected and run.stdout == expected + "\n"
    assert "<" not in run.stdout.split("\n", 1)[0]
    forced = _run(["clean", "-", "--format", "text"], stdin=page)
    assert forced.stdout == clean_text(page).text + "\n"


def test_unknown_suffix_is_sniffed_and_txt_stays_text(tmp_path: Path) -> None:
    page = tmp_path / "page.download"
    page.write_bytes(_html())
    assert _run(["clean", str(page)]).stdout == clean(_html()).text + "\n"
    named_text = tmp_path / "page.txt"
    named_text.write_bytes(_html())
    assert _run(["clean", str(named_text)]).stdout == clean_text(_html()).text + "\n"


def test_json_output_is_one_object_with_text_metadata_stats_and_report() -> None:
    run = _run(["clean", "-", "--output-format", "json"], stdin=_html())
    assert run.exit_code == 0, run.output
    [line] = run.stdout.splitlines()
    record = json.loads(line)
    _validator("document").validate(record)
    result = clean(_html())
    assert record == json.loads(json.dumps(document_record(result, source="-")))
    assert record["text"] == result.text and record["format"] == "html"


def test_json_output_of_several_files_is_json_lines(tmp_path: Path) -> None:
    names = []
    for number in range(3):
        path = tmp_path / f"page{number}.txt"
        path.write_text(ARTICLE.replace("river", f"river {number}"), encoding="utf-8")
        names.append(str(path))
    run = _run(["clean", *names, "--output-format", "json"])
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert [record["source"] for record in records] == names
    for record in records:
        _validator("document").validate(record)
    out = tmp_path / "out"
    run = _run(["clean", *names, "--output-format", "json", "-o", str(out)])
    assert run.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["page0.json", "page1.json", "page2.json"]


def test_explain_several_files_with_headers_and_no_output_options(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(ARTICLE, encoding="utf-8")
    second.write_text("Load more\nThe council met on Tuesday and agreed the budget.")
    run = _run(["explain", str(first), str(second), "--only", "removed"])
    assert run.exit_code == 0
    assert f"==> {first} <==" in run.stdout and f"==> {second} <==" in run.stdout
    assert "   | \n" not in run.stdout, "--only leaves out blank lines"
    for option in (["--output-format", "json"], ["--links"]):
        refused = _run(["explain", str(first), *option])
        assert refused.exit_code == 2 and "no such option" in refused.output


@pytest.mark.parametrize("command", ["clean", "explain", "report"])
def test_unknown_language_is_refused_with_the_supported_list(command: str, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    run = _run([command, str(path), "--language", "xx", "-o" if command == "report" else "--",
                str(tmp_path / "r.html") if command == "report" else str(path)])  # fmt: skip
    assert run.exit_code == 2
    assert "unsupported language 'xx'; supported (ISO 639-1): ar, bg," in run.output
