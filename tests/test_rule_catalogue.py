"""docs/rules.md matches the registry and the lexicon (``tools/rule_catalogue.py``)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from declutter.rules.registry import RULES

ROOT = Path(__file__).resolve().parent.parent


def test_rule_catalogue_is_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location(
        "rule_catalogue", ROOT / "tools" / "rule_catalogue.py"
    )
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    diff = tool.stale(ROOT / "docs" / "rules.md")
    assert not diff, f"docs/rules.md is stale; run python tools/rule_catalogue.py\n{diff}"
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert all(f"| `{name}` |" in text for name in RULES)
