"""The ``declutter`` command line: clean, explain, errors and exit codes, atomic output."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from click.testing import Result as RunResult

import declutter
from declutter import Cleaner, Kind, clean_text
from declutter._config import DEFAULT_CONFIG
from declutter.cli import EXIT_FAILED, cli
from declutter.render.explain import explain_plain, want_colour
from declutter.render.jsonl import read_report

ARTICLE = (
    "Accessibility links\n"
    "Skip to content\n"
    "\n"
    "River rises two metres overnight\n"
    "The river rose two metres overnight, and the town council opened the school hall to "
    "families from the lower streets.\n"
    "Volunteers brought blankets and soup; the mayor said the water should fall by Friday.\n"
    "Share this article\n"
    "Load more\n"
    "© 2024 Example News. All rights reserved."
)
ANSI = re.compile(r"\x1b\[")
# The placeholder classifier (kept until the real one lands) keeps every line whatever the config.
DECISION = re.compile(r"^\s*(\d+)  (kept|removed)\s+(\w+)\s+(\d\.\d\d)  ")


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click < 8.2
    except TypeError:
        return CliRunner()


def run(args: list[str], stdin: bytes | None = None, **kwargs: Any) -> RunResult:
    return _runner().invoke(cli, args, input=stdin, catch_exceptions=False, **kwargs)


def expected(text: str, **overrides: Any) -> str:
    """What ``declutter clean`` prints for ``text``: the library's Result text plus a newline."""
    clean = clean_text(text, **overrides).text
    return clean + "\n" if clean else ""


def one_error(result: RunResult) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("declutter: error: ")
    assert "Traceback" not in result.stderr + result.stdout
    return lines[0]


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


# Help and version.


@pytest.mark.parametrize("args", [["--help"], ["clean", "--help"], ["explain", "--help"], []])
def test_help_lists_exit_codes(args: list[str]) -> None:
    result = run(args)
    assert result.exit_code == 0
    assert "Usage: declutter" in result.stdout
    assert "Exit codes:" in result.stdout
    assert "3    no input could be processed" in result.stdout


def test_version() -> None:
    result = run(["--version"])
    assert result.exit_code == 0
    assert declutter.__version__ in result.stdout
    status = declutter.native.status()
    assert ("compiled core" if status.active else "pure Python") in result.stdout


# clean: outputs.


def test_clean_file_to_stdout(page: Path) -> None:
    result = run(["clean", str(page)])
    assert result.exit_code == 0
    assert result.stdout == expected(ARTICLE)
    assert result.stderr == ""


def test_clean_stdin() -> None:
    result = run(["clean", "-"], stdin=ARTICLE.encode())
    assert result.exit_code == 0
    assert result.stdout == expected(ARTICLE)


def test_clean_stdin_is_decoded_like_files() -> None:
    result = run(["clean", "-"], stdin=b"Caf\xe9 au lait")
    assert result.exit_code == 3
    assert one_error(result) == (
        "declutter: error: <stdin>: not valid UTF-8 at byte 3 (looks like windows-1252); "
        "pass --encoding windows-1252"
    )
    result = run(["clean", "--encoding", "latin-1", "-"], stdin=b"Caf\xe9 au lait")
    assert result.exit_code == 0
    assert result.stdout == expected("Café au lait")


def test_several_files_to_stdout(tmp_path: Path, page: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("Second document, one line long enough to be kept by a cleaner.")
    result = run(["clean", str(page), str(other)])
    assert result.exit_code == 0
    assert result.stdout == expected(ARTICLE) + expected(other.read_text())


def test_output_file(tmp_path: Path, page: Path) -> None:
    target = tmp_path / "clean.txt"
    result = run(["clean", str(page), "-o", str(target)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == expected(ARTICLE)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean.txt", "page.txt"]


def test_output_directory_for_several_inputs(tmp_path: Path, page: Path) -> None:
    other = tmp_path / "other.md"
    other.write_text("Another page.")
    out = tmp_path / "out" / "nested"
    result = run(["clean", str(page), str(other), "-", "-o", str(out)], stdin=b"From stdin.")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["other.txt", "page.txt", "stdin.txt"]
    assert (out / "page.txt").read_text() == expected(ARTICLE)
    assert (out / "stdin.txt").read_text() == expected("From stdin.")


def test_output_existing_directory_for_one_input(tmp_path: Path, page: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert run(["clean", str(page), "-o", str(out)]).exit_code == 0
    assert (out / "page.txt").read_text() == expected(ARTICLE)


def test_output_usage_errors(tmp_path: Path, page: Path) -> None:
    twin = tmp_path / "twin"
    twin.mkdir()
    (twin / "page.txt").write_text("same name")
    result = run(["clean", str(page), str(twin / "page.txt"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "would both be written to" in one_error(result)

    existing = tmp_path / "file.txt"
    existing.write_text("x")
    result = run(["clean", str(page), str(page), "-o", str(existing)])
    assert result.exit_code == 2
    assert "-o must name a directory" in one_error(result)

    result = run(["clean", str(page), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "would overwrite an input" in one_error(result)

    result = run(["clean", str(page), "-o", str(tmp_path / "missing" / "x.txt")])
    assert result.exit_code == 2
    assert "does not exist" in one_error(result)

    assert run(["clean", "-", "-"]).exit_code == 2


def test_report_jsonl(tmp_path: Path, page: Path) -> None:
    report = tmp_path / "report.jsonl"
    missing = tmp_path / "missing.txt"
    result = run(["clean", str(page), str(missing), "-", "--report", str(report)], stdin=b"Hi.")
    assert result.exit_code == 1
    assert "missing.txt: no such file or directory" in one_error(result)
    documents = read_report(report.read_text(encoding="utf-8").splitlines())
    assert [d["source"] for d in documents] == [str(page), "-"]
    assert [d["document"] for d in documents] == [1, 2]
    assert documents[0]["schema"] == "declutter.report/1"
    assert documents[0]["lines"] == [line.to_dict() for line in clean_text(ARTICLE).lines]
    assert declutter.apply_report(ARTICLE, documents[0]) == clean_text(ARTICLE).text
    first = json.loads(report.read_text(encoding="utf-8").splitlines()[0])
    assert first["record"] == "document"


def test_report_to_stdout_needs_output(tmp_path: Path, page: Path) -> None:
    result = run(["clean", str(page), "--report", "-"])
    assert result.exit_code == 2
    result = run(["clean", str(page), "-o", str(tmp_path / "c.txt"), "--report", "-"])
    assert result.exit_code == 0
    [document] = read_report(result.stdout.splitlines())
    assert document["source"] == str(page)


def test_report_target_is_a_directory(tmp_path: Path, page: Path) -> None:
    result = run(["clean", str(page), "--report", str(tmp_path)])
    assert result.exit_code == 2
    assert "is a directory" in one_error(result)


# Atomic writes.


def test_failed_clean_leaves_targets_untouched(
    tmp_path: Path, page: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "clean.txt"
    report = tmp_path / "report.jsonl"
    target.write_text("previous output")
    report.write_text("previous report")

    def explode(self: Cleaner, document: bytes, **options: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(Cleaner, "clean", explode)
    result = run(["clean", str(page), "-o", str(target), "--report", str(report)])
    assert result.exit_code == 3
    assert "internal error (RuntimeError: boom)" in one_error(result)
    assert target.read_text() == "previous output"
    assert report.read_text() == "previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean.txt", "page.txt", "report.jsonl"]


def test_failure_while_moving_into_place(
    tmp_path: Path, page: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "clean.txt"
    target.write_text("previous output")

    def refuse(source: Any, destination: Any) -> None:
        raise PermissionError(13, "Permission denied", str(destination))

    monkeypatch.setattr(os, "replace", refuse)
    result = run(["clean", str(page), "-o", str(target)])
    assert result.exit_code == 3
    assert "permission denied" in one_error(result)
    assert target.read_text() == "previous output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean.txt", "page.txt"]


def test_report_write_failure(tmp_path: Path, page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = tmp_path / "report.jsonl"
    report.write_text("previous report")

    def full_disk(*args: Any, **kwargs: Any) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("declutter.cli.write_report", full_disk)
    result = run(["clean", str(page), "--report", str(report)])
    assert result.exit_code == 1
    assert one_error(result) == f"declutter: error: --report {report}: no space left on device"
    assert report.read_text() == "previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.txt", "report.jsonl"]


def test_output_dash_is_stdout(page: Path) -> None:
    result = run(["clean", str(page), "-o", "-"])
    assert result.exit_code == 0
    assert result.stdout == expected(ARTICLE)


def test_new_output_gets_normal_permissions(tmp_path: Path, page: Path) -> None:
    target = tmp_path / "clean.txt"
    run(["clean", str(page), "-o", str(target)])
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


# clean: cleaning options.


@pytest.mark.parametrize(
    ("args", "kept"),
    [
        (["--keep", "accessibility"], DEFAULT_CONFIG.kept_kinds | {Kind.ACCESSIBILITY}),
        (
            ["--keep", "accessibility", "--keep", "call_to_action"],
            DEFAULT_CONFIG.kept_kinds | {Kind.ACCESSIBILITY, Kind.CALL_TO_ACTION},
        ),
        (["--drop", "heading"], DEFAULT_CONFIG.kept_kinds - {Kind.HEADING}),
        (
            ["--drop", "content", "--keep", "share"],
            (DEFAULT_CONFIG.kept_kinds | {Kind.SHARE}) - {Kind.CONTENT},
        ),
    ],
)
def test_keep_and_drop(page: Path, args: list[str], kept: frozenset[Kind]) -> None:
    result = run(["clean", str(page), *args])
    assert result.exit_code == 0
    library = clean_text(ARTICLE, kept_kinds=kept)
    assert result.stdout == expected(ARTICLE, kept_kinds=kept)
    shown = result.stdout.splitlines()
    for line in library.lines:
        if line.kind in kept and line.kept and line.text:
            assert line.text in shown
    # explain shows the same verdicts, and every verdict follows the kept set.
    rows = run(["explain", str(page), "--full", *args]).stdout.splitlines()
    verdicts = [m.groups() for m in map(DECISION.match, rows) if m]
    assert len(verdicts) == len(library.lines)
    for (number, verdict, kind, _), line in zip(verdicts, library.lines, strict=True):
        assert (int(number), verdict == "kept", kind) == (line.number, line.kept, line.kind.value)
        # Blank lines are kept as paragraph separators, whatever the kept set says.
        if line.kind is not Kind.EMPTY:
            assert line.kept == (line.kind in kept)


def test_keep_accessibility_keeps_accessibility_lines(page: Path) -> None:
    library = clean_text(ARTICLE)
    access = [line.text for line in library.lines if line.kind is Kind.ACCESSIBILITY]
    result = run(["clean", str(page), "--keep", "accessibility"])
    for text in access:
        assert text in result.stdout.splitlines()
        assert text not in run(["clean", str(page)]).stdout.splitlines()


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--threshold", "0.9"], {"threshold": 0.9}),
        (["--language", "en"], {"language": "en"}),
        (["--no-context"], {"context": False}),
        (["--no-dedupe"], {"dedupe": False}),
    ],
)
def test_cleaning_options_reach_the_config(
    page: Path, args: list[str], option: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = []
    original = Cleaner.__init__

    def spy(self: Cleaner, config: Any = None, **overrides: Any) -> None:
        original(self, config, **overrides)
        seen.append(self.config)

    monkeypatch.setattr(Cleaner, "__init__", spy)
    result = run(["clean", str(page), *args])
    assert result.exit_code == 0
    [config] = seen
    for name, value in option.items():
        assert getattr(config, name) == value
    assert result.stdout == expected(ARTICLE, **option)


# clean: errors.


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--keep", "sidebar"], "invalid value for '--keep': 'sidebar' is not one of 'content'"),
        (["--drop", "sidebar"], "'call_to_action'"),
        (["--keep", "share", "--drop", "share"], "--keep and --drop both name share"),
        (["--threshold", "1.5"], "'--threshold': 1.5 is not in the range 0.0<=x<=1.0"),
        (["--threshold", "high"], "'--threshold': 'high' is not a valid float"),
        (["--language", "english"], "unsupported language 'english'; supported (ISO 639-1): ar,"),
        (["--language", "xx"], "unsupported language 'xx'"),
        (["--encoding", "klingon"], "'--encoding': unknown encoding 'klingon'"),
        (["--encoding", "rot13"], "'rot13' is not a text encoding"),
        (["--format", "pdf"], "'--format'"),
        (["--bogus"], "no such option"),
    ],
)
def test_usage_errors(page: Path, args: list[str], message: str) -> None:
    result = run(["clean", str(page), *args])
    assert result.exit_code == 2
    line = one_error(result)
    assert message in line
    assert line.endswith("see 'declutter clean --help'")
    assert result.stdout == ""


def test_no_file_reads_piped_standard_input() -> None:
    result = run(["clean"], stdin=ARTICLE.encode())
    assert result.exit_code == 0
    assert result.stdout == clean_text(ARTICLE).text + "\n"


def test_no_file_and_standard_input_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from declutter import cli as cli_module

    monkeypatch.setattr(cli_module, "_stdin_is_terminal", lambda: True)
    result = run(["clean"])
    assert result.exit_code == 2
    assert "give FILE... ('-' for standard input), or pipe the input" in one_error(result)


@pytest.mark.parametrize("fmt", ["html", "auto"])
def test_html_mode(page: Path, fmt: str) -> None:
    available = hasattr(declutter, "clean_html" if fmt == "html" else "clean")
    result = run(["clean", str(page), "--format", fmt])
    if available:
        assert result.exit_code == 0
    else:
        assert result.exit_code == 2
        assert "HTML mode is not available" in one_error(result)


def test_file_errors(tmp_path: Path, page: Path) -> None:
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"x" * 1042 + "Caf\u00e9 cr\u00e8me".encode("cp1252"))
    cases = {
        str(tmp_path / "missing.txt"): "missing.txt: no such file or directory",
        str(tmp_path): f"{tmp_path}: is a directory",
        str(binary): "image.png: binary data (NUL bytes in the first 8 KB), not text",
        str(latin): (
            "latin.txt: not valid UTF-8 at byte 1045 (looks like windows-1252); "
            "pass --encoding windows-1252"
        ),
    }
    for name, message in cases.items():
        result = run(["clean", name])
        assert result.exit_code == 3, name
        assert one_error(result).endswith(message)
        assert result.stdout == ""
    # Several inputs: each failing one is named, the good one still cleaned.
    result = run(["clean", *cases, str(page)])
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == len(cases)
    assert result.stdout == expected(ARTICLE)


def test_permission_denied(tmp_path: Path, page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def deny(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", deny)
    result = run(["clean", str(page)])
    assert result.exit_code == 3
    assert one_error(result) == f"declutter: error: {page}: permission denied"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_permission_denied_for_real(page: Path) -> None:
    page.chmod(0)
    result = run(["clean", str(page)])
    assert result.exit_code == 3
    assert one_error(result).endswith("permission denied")


def test_invalid_utf8_with_latin1(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Déjà vu, naïve café.".encode("latin-1"))
    assert run(["clean", str(path)]).exit_code == 3
    result = run(["clean", str(path), "--encoding", "latin-1"])
    assert result.exit_code == 0
    assert result.stdout == expected("Déjà vu, naïve café.")


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  \n", b"\xef\xbb\xbf"])
def test_empty_and_whitespace_files(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    result = run(["clean", str(path)])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == expected(content.decode("utf-8-sig"))
    assert run(["explain", str(path)]).exit_code == 0


def test_fifty_megabyte_single_line(tmp_path: Path) -> None:
    line = b"word " * 10_000_000
    path = tmp_path / "big.txt"
    path.write_bytes(line)
    target = tmp_path / "big.clean.txt"
    result = run(["clean", str(path), "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert target.stat().st_size in (0, len(line) + 1)


# explain.


def test_explain_plain_when_piped(page: Path) -> None:
    result = run(["explain", str(page)])
    assert result.exit_code == 0
    assert not ANSI.search(result.stdout)
    library = clean_text(ARTICLE)
    rows = result.stdout.splitlines()
    decisions = [row for row in rows if DECISION.match(row)]
    assert len(decisions) == len(library.lines)
    for row, line in zip(decisions, library.lines, strict=True):
        assert line.rule in row and line.kind.value in row
    assert f"{len(library.lines)} lines: {library.stats.lines_kept} kept" in result.stdout


def test_explain_colour_can_be_forced(page: Path) -> None:
    result = run(["explain", str(page), "--color"])
    assert ANSI.search(result.stdout)
    result = run(["explain", str(page), "--no-color"], env={"FORCE_COLOR": "1"})
    assert not ANSI.search(result.stdout)


def test_want_colour() -> None:
    assert want_colour(None, isatty=True, environ={})
    assert not want_colour(None, isatty=False, environ={})
    assert not want_colour(None, isatty=True, environ={"NO_COLOR": "1"})
    assert not want_colour(None, isatty=True, environ={"TERM": "dumb"})
    assert want_colour(True, isatty=False, environ={"NO_COLOR": "1"})
    assert not want_colour(False, isatty=True, environ={})


@pytest.mark.parametrize("only", ["kept", "removed"])
def test_explain_only(page: Path, only: str) -> None:
    result = run(["explain", str(page), "--only", only])
    verdicts = {m.group(2) for m in map(DECISION.match, result.stdout.splitlines()) if m}
    assert verdicts <= {only}
    count = sum(
        line.kept == (only == "kept") and bool(line.text.strip())
        for line in clean_text(ARTICLE).lines
    )
    assert len([r for r in result.stdout.splitlines() if DECISION.match(r)]) == count


def test_explain_width_and_full(tmp_path: Path) -> None:
    long_line = "A sentence that goes on and on, " * 20
    path = tmp_path / "long.txt"
    path.write_text(long_line.strip())
    rows = run(["explain", str(path)]).stdout.split("\n\n")[0].splitlines()
    assert any(long_line.strip() in row for row in rows), "never cut off a terminal"
    rows = run(["explain", str(path), "--width", "40"]).stdout.split("\n\n")[0].splitlines()
    assert max(len(row) for row in rows) <= 40
    full = run(["explain", str(path), "--full"]).stdout
    assert long_line.strip() in full
    coloured = run(["explain", str(path), "--color", "--width", "60"]).stdout
    plain = re.sub(r"\x1b\[[0-9;]*m", "", coloured)
    assert max(len(row) for row in plain.split("\n\n")[0].splitlines()) <= 60


def test_explain_errors(tmp_path: Path) -> None:
    result = run(["explain", str(tmp_path / "missing.txt")])
    assert result.exit_code == 3
    assert "no such file or directory" in one_error(result)
    result = run(["explain", "--only", "maybe", "-"])
    assert result.exit_code == 2


def test_explain_shows_source_and_context_free_kind() -> None:
    from declutter._result import Decisions, InputFormat, Result

    decisions = Decisions(2)
    decisions.set(0, Kind.NAVIGATION, "test.nav", "link_density %.2f > %.2f", 0.83, 0.5, score=0.1)
    decisions.context_free_kinds[0] = Kind.CONTENT
    decisions.set(1, Kind.CONTENT, "test.model", "", score=0.9)
    decisions.context_free_kinds[1] = Kind.CONTENT
    decisions.kept[1] = True
    decisions.sources = ["body > nav > ul", "article > p"]
    result = Result(
        line_texts=["Home | News", "Body."],
        starts=[0, 12],
        decisions=decisions,
        input_format=InputFormat.HTML,
        format_reason="test",
        language="en",
    )
    rows = list(explain_plain(result, width=None))
    assert rows[0] == (
        "1  removed  navigation      0.10  test.nav: link_density 0.83 > 0.50"
        "  (context-free: content)  @ body > nav > ul"
    )
    assert rows[1] == "   | Home | News"
    assert rows[2].endswith("test.model  @ article > p")


# The real entry point.


def _script() -> str:
    script = Path(sys.executable).with_name("declutter")
    if not script.exists():
        pytest.skip("the declutter script is not installed next to the interpreter")
    return str(script)


def test_python_dash_m_runs_the_command(tmp_path: Path) -> None:
    """``python -m declutter`` is the ``declutter`` command (same output, same errors)."""
    done = subprocess.run(
        [sys.executable, "-m", "declutter", "clean", "-"],
        input=ARTICLE.encode(),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.decode() == expected(ARTICLE)
    done = subprocess.run(
        [sys.executable, "-m", "declutter", "clean", str(tmp_path / "nope.txt")],
        capture_output=True,
        check=False,
    )
    assert done.returncode == EXIT_FAILED
    assert done.stderr.decode().splitlines() == [
        f"declutter: error: {tmp_path / 'nope.txt'}: no such file or directory"
    ]


def test_entry_point_subprocess(tmp_path: Path, page: Path) -> None:
    done = subprocess.run(
        [_script(), "clean", "-"], input=ARTICLE.encode(), capture_output=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.decode() == expected(ARTICLE)
    done = subprocess.run(
        [_script(), "clean", str(page), str(tmp_path / "nope.txt")],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.decode().splitlines() == [
        f"declutter: error: {tmp_path / 'nope.txt'}: no such file or directory"
    ]
    done = subprocess.run(
        [_script(), "explain", str(page)],
        capture_output=True,
        check=False,
        env={**os.environ, "FORCE_COLOR": ""},
    )
    assert done.returncode == 0
    assert not ANSI.search(done.stdout.decode())
    done = subprocess.run([_script(), "clean", "--threshold", "7", str(page)], capture_output=True)
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1


def test_entry_point_broken_pipe(tmp_path: Path) -> None:
    path = tmp_path / "many.txt"
    path.write_text("\n".join(f"line number {i} of a long file" for i in range(20_000)))
    process = subprocess.Popen(
        [_script(), "explain", str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(timeout=60) == 141
    assert stderr == b""


def test_click_is_the_parser() -> None:
    assert isinstance(cli, click.Group)
    assert {"clean", "explain"} <= set(cli.commands)
