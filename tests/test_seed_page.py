"""The seed page: every labelled decision of ``fixtures/seed/seed-page.labels.json`` holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import declutter
from declutter import Kind
from declutter.rules.registry import RULES

SEED = Path(__file__).parent / "fixtures" / "seed"


@pytest.fixture(scope="module")
def labels() -> dict[str, list]:
    return json.loads((SEED / "seed-page.labels.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def result() -> declutter.Result:
    return declutter.clean_text((SEED / "seed-page.txt").read_text(encoding="utf-8"))


def test_every_content_line_is_kept(result: declutter.Result, labels: dict) -> None:
    removed = [
        (n, result.lines[n - 1].kind.value, result.lines[n - 1].evidence)
        for n in labels["content"]
        if not result.lines[n - 1].kept
    ]
    assert removed == []


def test_every_chrome_line_is_removed(result: declutter.Result, labels: dict) -> None:
    kept = [(n, result.lines[n - 1].text) for n in labels["chrome"] if result.lines[n - 1].kept]
    assert kept == []


def test_each_duplicate_group_keeps_exactly_one_copy(
    result: declutter.Result, labels: dict
) -> None:
    for group in labels["duplicate_groups"]:
        lines = [result.lines[n - 1] for n in group]
        assert sum(line.kept for line in lines) == 1, group
        kept = next(line for line in lines if line.kept)
        for line in lines:
            if not line.kept:
                assert line.kind is Kind.DUPLICATE
                assert f"line {kept.number}" in line.evidence


def test_every_removed_line_has_a_registered_rule_and_evidence(result: declutter.Result) -> None:
    for line in result.lines:
        assert line.rule in RULES, line
        assert line.evidence, line


def test_the_podcast_player_and_blog_footer_are_named(result: declutter.Result) -> None:
    kinds = {line.text: line.kind for line in result.lines if line.text}
    assert kinds["please wait"] is Kind.MEDIA_PLAYER
    assert kinds["No media source currently available"] is Kind.MEDIA_PLAYER
    assert kinds["0:00 0:34:52 0:00"] is Kind.MEDIA_PLAYER
    assert kinds["Load more"] is Kind.CALL_TO_ACTION
    assert kinds["Accessibility links"] is Kind.ACCESSIBILITY


def test_report_replays_to_the_text(result: declutter.Result) -> None:
    text = (SEED / "seed-page.txt").read_text(encoding="utf-8")
    assert declutter.apply_report(text, result.report()) == result.text
