"""Typed options: every ``Config`` field is a keyword of the cleaning functions that a type
checker knows, and ``help()`` lists each with its default."""

from __future__ import annotations

import dataclasses
import pydoc
import typing
from pathlib import Path

import pytest
from mypy import api as mypy_api

import declutter
from declutter import Cleaner, Config, Options, clean, clean_html, clean_text
from declutter._config import OPTION_HELP

FIELDS = [field.name for field in dataclasses.fields(Config)]


def test_options_cover_every_config_field() -> None:
    assert list(typing.get_type_hints(Options)) == FIELDS
    assert list(OPTION_HELP) == FIELDS


@pytest.mark.parametrize("function", [clean_text, clean_html, clean, Cleaner])
def test_help_lists_every_option_with_its_default(function: object) -> None:
    text = pydoc.render_doc(function, renderer=pydoc.plaintext)
    for name in FIELDS:
        default = getattr(declutter._config.DEFAULT_CONFIG, name)
        shown = sorted(k.value for k in default) if name == "kept_kinds" else default
        assert f"{name} (default {shown!r}): {OPTION_HELP[name]}." in text


def test_options_reach_the_config() -> None:
    cleaner = Cleaner(threshold=0.7, kept_kinds={"content"}, language="de", context=False)
    assert cleaner.config.threshold == 0.7 and cleaner.config.language == "de"
    assert cleaner.config.context is False


def test_a_type_checker_catches_misspelled_and_mistyped_options(tmp_path: Path) -> None:
    snippet = tmp_path / "user_code.py"
    snippet.write_text(
        "import declutter\n"
        'declutter.clean_text("x", treshold=0.5)\n'
        'declutter.clean_html("x", threshold="high")\n'
        'declutter.clean("x", output="pdf")\n'
        'declutter.Cleaner(language="de", context=False, max_bytes=10)\n',
        encoding="utf-8",
    )
    stdout, _, status = mypy_api.run(
        ["--strict", "--no-error-summary", "--cache-dir", str(tmp_path / "cache"), str(snippet)]
    )
    errors = [line for line in stdout.splitlines() if ": error:" in line]
    assert status == 1
    assert [line.split(":")[1] for line in errors] == ["2", "3", "4"], stdout
    assert 'Unexpected keyword argument "treshold"' in errors[0]


@pytest.mark.parametrize(
    "name", [n for n in declutter.__all__ if callable(getattr(declutter, n)) and n[0].islower()]
)
def test_public_functions_have_runnable_examples(name: str) -> None:
    assert ">>>" in (getattr(declutter, name).__doc__ or "")
