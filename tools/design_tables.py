"""Generate the tables of ``docs/design.md`` that come from the code.

Each generated section sits between ``<!-- generated: NAME -->`` and ``<!-- end generated -->``
(NAME one of ``SECTIONS``); everything outside the markers is written by hand.

    python tools/design_tables.py            # rewrite the generated sections in place
    python tools/design_tables.py --check    # exit 1 with a diff when the doc is stale

The sources: the steps of ``declutter.decide.cascade.CASCADE``, the rules of
``declutter.rules.registry.RULES``, the kinds of ``declutter.Kind``, the column groups of
``declutter.features`` and the layouts of ``declutter.decide.scoring``.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from itertools import count
from pathlib import Path
from typing import Any

from declutter._errors import ModelError
from declutter._result import DEFAULT_KEPT_KINDS, Kind
from declutter.decide.cascade import CASCADE
from declutter.decide.scoring import HTML_LAYOUTS, TEXT_LAYOUTS
from declutter.decide.trees import load_model
from declutter.features.columns import ColumnGroup, FeatureLayout
from declutter.features.context import CONTEXT
from declutter.features.dom import DOM, DOM_CONTEXT
from declutter.features.line import LINE
from declutter.rules.registry import RULES

DOC = Path(__file__).resolve().parent.parent / "docs" / "design.md"
#: Rules applied outside the cascade, and by what.
AFTER_CASCADE = {
    "site_template": "after the cascade, `declutter.SiteTemplates`",
    "metadata.headline": "after the cascade, `Config.headline`",
    "markdown.heading": "after the cascade, `decide.blocks` (Markdown input)",
}
#: The column groups, under the name they are imported by.
GROUPS: tuple[tuple[str, ColumnGroup[Any]], ...] = (
    ("declutter.features.line.LINE", LINE),
    ("declutter.features.dom.DOM", DOM),
    ("declutter.features.context.CONTEXT", CONTEXT),
    ("declutter.features.dom.DOM_CONTEXT", DOM_CONTEXT),
)
_SECTION = re.compile(
    r"(<!-- generated: (?P<name>[a-z_]+) -->\n)(?P<body>.*?)(<!-- end generated -->)", re.S
)


def _cell(text: str) -> str:
    """Text for a markdown table cell (a ``|`` would end the cell)."""
    return text.replace("|", "\\|")


def _prose(text: str) -> str:
    """A description as markdown text (``<main>`` is not an HTML tag there)."""
    return text.replace("<", "&lt;")


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    return lines


def _code(names: Iterable[str]) -> str:
    return ", ".join(f"`{name}`" for name in names)


def _step_of(rule: str) -> str:
    for step in CASCADE:
        if rule in step.rules:
            return f"`{step.name}`"
    return AFTER_CASCADE.get(rule, "(none)")


def cascade() -> list[str]:
    """The steps of the cascade, in order, with their rules."""
    rows = (
        (str(number), f"`{step.name}`", _prose(step.description), _code(step.rules))
        for number, step in enumerate(CASCADE, 1)
    )
    return _table(("#", "step", "what it does", "rules it writes"), rows)


def rules() -> list[str]:
    """Every rule of the registry, in the order of the steps that write it."""
    order = {name: i for i, name in enumerate(r for step in CASCADE for r in step.rules)}
    ranked = sorted(RULES.values(), key=lambda rule: order.get(rule.name, len(order)))
    rows = (
        (
            f"`{rule.name}`",
            _step_of(rule.name),
            _code(sorted(kind.value for kind in rule.kinds)),
            _prose(rule.description),
        )
        for rule in ranked
    )
    return _table(("rule", "step", "kinds", "what it means"), rows)


def kinds() -> list[str]:
    """Every kind, whether it is kept by default and which rules give it."""
    rows = (
        (
            f"`{kind.value}`",
            "yes" if kind in DEFAULT_KEPT_KINDS else "",
            _code(rule.name for rule in RULES.values() if kind in rule.kinds),
        )
        for kind in Kind
    )
    return _table(("kind", "kept by default", "rules that give it"), rows)


def _categories(table: Sequence[str]) -> str:
    codes = [f"{code} `{name}`" if name else f"{code} none" for code, name in enumerate(table)]
    return ", ".join([*codes, f"{len(table)} any other value"])


def columns() -> list[str]:
    """The columns of every group, then the code tables of the categorical ones."""
    lines: list[str] = []
    for label, group in GROUPS:
        staged = any(not column.per_stage for column in group)
        header = ["column", "what it measures"] + (["computed"] if staged else [])
        rows = []
        for column in group:
            row = [f"`{column.name}`", _prose(column.description)]
            if column.categories is not None:
                row[1] += " (categorical)"
            if staged:
                row.append("each stage" if column.per_stage else "once per document")
            rows.append(row)
        lines += [f"`{label}` ({len(group)} columns): {_prose(group.description)}.", ""]
        lines += [*_table(header, rows), ""]
        for column in group:
            if column.categories is not None:
                lines += [f"Codes of `{column.name}`: {_categories(column.categories)}.", ""]
    return lines[:-1]


def _models(prefix: str, stage: int) -> str:
    """The shipped models of a stage, each with the number of columns it reads."""
    names = [f"{prefix}-line"] if stage == 0 else (f"{prefix}-context-{n}" for n in count(1))
    models: list[str] = []
    for name in names:
        try:
            model = load_model(name)
        except ModelError:
            break
        models.append(f"`{name}` ({len(model.features)})")
    return ", ".join(models) or "none (the text models are used)"


def layouts() -> list[str]:
    """The columns each model stage reads, in text mode and in HTML mode."""
    rows = []
    for mode, prefix, stages in (("text", "text", TEXT_LAYOUTS), ("HTML", "html", HTML_LAYOUTS)):
        for stage, layout in enumerate(stages):
            rows.append(
                (
                    mode,
                    "line" if stage == 0 else "context",
                    _groups(layout),
                    str(len(layout.names)),
                    _models(prefix, stage),
                )
            )
    header = ("mode", "stage", "column groups", "columns", "shipped models (columns read)")
    return _table(header, rows)


def _groups(layout: FeatureLayout) -> str:
    labels = {id(group): label.rpartition(".")[2] for label, group in GROUPS}
    return " + ".join(f"`{labels[id(group)]}`" for group in layout.groups)


SECTIONS: dict[str, Callable[[], list[str]]] = {
    "cascade": cascade,
    "rules": rules,
    "kinds": kinds,
    "columns": columns,
    "layouts": layouts,
}


def render(document: str) -> str:
    """``document`` with every generated section made anew from the code."""
    seen: set[str] = set()

    def section(match: re.Match[str]) -> str:
        name = match["name"]
        if name not in SECTIONS:
            raise SystemExit(f"{DOC}: unknown generated section {name!r}")
        seen.add(name)
        return match[1] + "\n".join(SECTIONS[name]()) + "\n" + match[4]

    result = _SECTION.sub(section, document)
    missing = set(SECTIONS) - seen
    if missing:
        raise SystemExit(f"{DOC}: no generated section for {', '.join(sorted(missing))}")
    return result


def stale(path: Path = DOC) -> str:
    """A unified diff from the doc to what it should be; empty when it is up to date."""
    current = path.read_text(encoding="utf-8")
    wanted = render(current)
    diff = difflib.unified_diff(
        current.splitlines(keepends=True),
        wanted.splitlines(keepends=True),
        f"{path.name} (as written)",
        f"{path.name} (from the code)",
    )
    return "".join(diff)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 with a diff if stale")
    parser.add_argument("--doc", type=Path, default=DOC, help="the document (docs/design.md)")
    args = parser.parse_args(argv)
    if args.check:
        diff = stale(args.doc)
        if diff:
            sys.stdout.write(diff)
            print(f"\n{args.doc} is stale: run python tools/design_tables.py", file=sys.stderr)
            return 1
        return 0
    current = args.doc.read_text(encoding="utf-8")
    wanted = render(current)
    if wanted != current:
        args.doc.write_text(wanted, encoding="utf-8")
        print(f"rewrote the generated sections of {args.doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
