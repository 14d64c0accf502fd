"""Hostile input to the library and the ``clean`` command (issue 13): every case gets its
documented outcome (docs/design.md, "What each bad input gets")."""

from __future__ import annotations

import codecs
import encodings.aliases
import os
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

import declutter
from declutter import BudgetExceeded, InputError, apply_report
from declutter._result import InputFormat
from declutter.cli import EXIT_USAGE, cli
from declutter.decode.format import detect_format
from declutter.decode.html import _WEB_LABELS, browser_codec, python_codec
from declutter.decode.surrogates import repair_surrogates
from declutter.features.text import _TITLE_SEPARATORS

PROSE = "The council met on Monday and agreed the budget for the coming year."


# Item 1: format detection on a run of comments.


def test_detection_of_many_empty_comments_returns() -> None:
    assert detect_format("<!---->" * 40 + "x")[0] is InputFormat.TEXT
    assert detect_format("<!---->" * 500 + "<!DOCTYPE html><p>x")[0] is InputFormat.HTML
    result = declutter.clean("<!---->" * 40 + "x")
    assert [line.text for line in result.lines] == ["<!---->" * 40 + "x"]


def test_detection_runs_inside_the_time_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    import declutter.segment.document as document

    def slow_detection(payload: str | bytes) -> tuple[InputFormat, str]:
        time.sleep(0.05)
        return InputFormat.TEXT, "slow"

    monkeypatch.setattr(document, "detect_format", slow_detection)
    with pytest.raises(BudgetExceeded, match=r"budget\.max_seconds"):
        declutter.clean(PROSE, max_seconds=0.01)


# Item 4: the title split of text mode.


def test_title_split_matches_the_separator_semantics() -> None:
    title = "breaking:  the bridge reopens |  city news  - the daily  :: home / x » y"
    assert _TITLE_SEPARATORS.split(title) == [
        "breaking:  the bridge reopens", "city news", "the daily", "home", "x", "y",
    ]  # fmt: skip
    assert _TITLE_SEPARATORS.split("a | | b") == ["a", "| b"]
    assert _TITLE_SEPARATORS.split("a-b a -b a - b") == ["a-b a -b a", "b"]


def test_first_line_with_a_long_run_of_spaces() -> None:
    first = "a" + " " * 40_000 + "b"
    result = declutter.clean_text(f"{first}\n{PROSE}")
    assert [line.text for line in result.lines] == [first, PROSE]


# Item 5: budgets in text mode.


@pytest.mark.parametrize("entry", ["clean", "clean_text"])
@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
def test_max_bytes_in_text_mode(entry: str, as_bytes: bool) -> None:
    function = getattr(declutter, entry)
    payload = (PROSE * 20).encode() if as_bytes else PROSE * 20
    with pytest.raises(BudgetExceeded, match=r"budget\.max_bytes: the document is 1,360 bytes"):
        function(payload, max_bytes=1000)
    assert function(payload, max_bytes=2000).text


# Item 7: charsets Python knows under another name.


def test_thai_bytes_are_read_as_windows_874() -> None:
    result = declutter.clean_html(b"\xa0\t\t\xa4")
    assert "windows-874" in result.format_reason
    assert result.text == "\u0e04"


def test_every_charset_label_decodes() -> None:
    labels = set(encodings.aliases.aliases) | set(encodings.aliases.aliases.values())
    for label in sorted(labels | set(_WEB_LABELS)):
        name = browser_codec(label)
        if name is not None:
            codecs.lookup(python_codec(name))  # no LookupError
            b"abc \xe9\xa4".decode(python_codec(name), "replace")


# Item 10: lone surrogates.

SURROGATES = "Caf\udce9 \ud800 and a pair \ud83d\ude00 then a low \udfff alone. " + PROSE


def test_surrogate_mapping() -> None:
    assert repair_surrogates(SURROGATES).startswith(
        "Caf\ufffd \ufffd and a pair 😀 then a low \ufffd"
    )
    assert repair_surrogates("\ud800") == "\ufffd"
    assert repair_surrogates("\ud800\ud800\udc00") == "\ufffd\U00010000"


@pytest.mark.parametrize("entry", ["clean", "clean_text", "clean_html"])
def test_surrogates_give_text_that_encodes(entry: str) -> None:
    payload = f"<p>{SURROGATES}</p>" if entry == "clean_html" else SURROGATES
    result = getattr(declutter, entry)(payload)
    assert "\ufffd" in result.text and "😀" in result.text
    result.text.encode("utf-8")
    for line in result.lines:
        line.text.encode("utf-8")


def test_surrogate_reports_replay() -> None:
    text = f"Share this\n{SURROGATES}\n\ud800"
    result = declutter.clean_text(text)
    assert apply_report(text, result.report()) == result.text


# Item 13: HTML reports replay from their own lines.


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>t</title></head><body></body></html>",
        "",
        f"<p>{PROSE}</p><p>x</p>",
        f"<p>{PROSE}</p><pre>x\n\n</pre>",
        f"<div><p>{PROSE}</p><p hidden>Hidden text</p></div>",
    ],
)
def test_html_reports_replay_from_their_lines(page: str) -> None:
    result = declutter.clean_html(page)
    segmented = "\n".join(line.text for line in result.lines)
    assert apply_report(segmented, result.report()) == result.text


def test_html_replay_keeps_an_empty_last_line() -> None:
    report = {"format": "html", "lines": [
        {"number": 1, "text": "Kept", "start": 0, "kept": True},
        {"number": 2, "text": "", "start": 5, "kept": True},
    ]}  # fmt: skip
    assert apply_report("Kept\n", report) == "Kept\n"
    assert apply_report("", {"format": "html", "lines": []}) == ""


# Item 8: the clean command never writes over its input.


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(PROSE + "\n", encoding="utf-8")
    return path


def _refused(*args: str) -> str:
    result = CliRunner().invoke(cli, ["clean", *args], catch_exceptions=False)
    assert result.exit_code == EXIT_USAGE, result.output
    return result.stderr


def test_output_onto_the_input_is_refused(page: Path) -> None:
    assert "it would overwrite it" in _refused(str(page), "-o", str(page))
    (page.parent / "link.txt").symlink_to(page)
    (page.parent / "hard.txt").hardlink_to(page)
    for other in ("link.txt", "hard.txt"):
        _refused(str(page), "-o", str(page.parent / other))
        _refused(str(page.parent / other), "-o", str(page))
    _refused(str(page), "-o", str(page.parent / "out.txt"), "--report", str(page))
    _refused(str(page), "-o", str(page.parent / "o.txt"), "--report", str(page.parent / "o.txt"))
    _refused(str(page), str(page.parent / "hard.txt"), "-o", str(page.parent))
    assert page.read_text(encoding="utf-8") == PROSE + "\n"


# Item 12: a killed writer leaves no temporary file.


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_a_killed_writer_leaves_nothing(tmp_path: Path, sig: signal.Signals) -> None:
    target = tmp_path / "report.jsonl"
    target.write_text("old\n", encoding="utf-8")
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from declutter._atomic import AtomicFile
        out = AtomicFile(Path({str(target)!r}))
        out.stream.write(b"half a report" * 1000)
        out.stream.flush()
        os.kill(os.getpid(), {int(sig)})
    """)
    process = subprocess.run([sys.executable, "-c", script], check=False)
    assert process.returncode == -sig
    assert sorted(os.listdir(tmp_path)) == ["report.jsonl"]
    assert target.read_text(encoding="utf-8") == "old\n"


def test_binary_input_in_text_mode() -> None:
    with pytest.raises(InputError, match="binary data"):
        declutter.clean_text(bytes(range(256)) * 10)
    with pytest.raises(InputError, match="binary data"):
        declutter.clean(b"\x00\x01\x02" * 100)


# docs/design.md, "Bad input": every row names a test that exists.


def test_the_bad_input_table_names_existing_tests() -> None:
    tests = Path(__file__).parent
    design = (tests.parent / "docs" / "design.md").read_text(encoding="utf-8")
    section = design.split("## Bad input\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) > 15
    for row in rows[1:]:
        held_by = row.rstrip(" |").rsplit("|", 1)[1]
        references = re.findall(r"`([\w/.]+\.py)(?:::(\w+))?`", held_by)
        assert references, row
        for path, name in references:
            source = (tests.parent / path if "/" in path else tests / path).read_text("utf-8")
            assert not name or f"def {name}(" in source, (path, name)
