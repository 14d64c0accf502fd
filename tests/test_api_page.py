"""The API page shows the keyword options that ``help()`` shows (``tools/api_options.py``,
used by the griffe extension that mkdocs.yml registers)."""

from __future__ import annotations

import dataclasses
import importlib.util
import inspect
from pathlib import Path
from types import ModuleType

import pytest

import declutter
from declutter._config import DEFAULT_CONFIG, OPTION_HELP, Config

TOOL = Path(__file__).resolve().parent.parent / "tools" / "api_options.py"


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("api_options", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["clean_text", "clean_html", "clean", "Cleaner"])
def test_every_option_is_a_list_row_under_the_original_docstring(
    tool: ModuleType, name: str
) -> None:
    page = tool.markdown_docstring(name)
    runtime = inspect.cleandoc(getattr(declutter, name).__doc__ or "")
    intro = runtime.split("Keyword options")[0]
    assert page.startswith(intro), "the docstring before the options is kept as it is"
    rows = [line for line in page.splitlines() if line.startswith("- `")]
    assert [row.split("`")[1] for row in rows] == [f.name for f in dataclasses.fields(Config)]
    for row, field in zip(rows, dataclasses.fields(Config), strict=True):
        assert OPTION_HELP[field.name] in row
        if field.name != "kept_kinds":
            assert f"(default `{getattr(DEFAULT_CONFIG, field.name)!r}`)" in row


def test_the_extension_is_registered(tool: ModuleType) -> None:
    config = (TOOL.parent.parent / "mkdocs.yml").read_text(encoding="utf-8")
    assert "tools/griffe_options.py:OptionsInDocstrings" in config
    assert tool.DOCUMENTED == ("clean_text", "clean_html", "clean", "Cleaner")
