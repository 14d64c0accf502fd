"""The generated tables of docs/design.md match the code (``tools/design_tables.py``)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "design_tables.py"


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("design_tables", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    return _load_tool()


def test_design_doc_is_up_to_date(tool: ModuleType) -> None:
    diff = tool.stale(ROOT / "docs" / "design.md")
    assert not diff, f"docs/design.md is stale; run python tools/design_tables.py\n{diff}"


def test_check_fails_on_a_stale_doc(tool: ModuleType, tmp_path: Path) -> None:
    doc = tmp_path / "design.md"
    current = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    doc.write_text(current.replace("| `html.caption` |", "| `html.old` |", 1), encoding="utf-8")
    assert tool.main(["--check", "--doc", str(doc)]) == 1
    assert tool.main(["--doc", str(doc)]) == 0
    assert doc.read_text(encoding="utf-8") == current
    assert tool.main(["--check", "--doc", str(doc)]) == 0


def test_every_section_has_its_markers(tool: ModuleType) -> None:
    with pytest.raises(SystemExit, match="no generated section"):
        tool.render("no markers at all\n")
