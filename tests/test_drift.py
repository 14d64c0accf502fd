"""No drift between the registry, the kinds and what the code does: every rule in ``RULES`` is
emitted by some fixture page or probe, every ``Kind`` is reachable, every line's kind is one its
rule can give."""

from __future__ import annotations

from collections import Counter

from documents import cleaned, site_template_result

from declutter import Kind
from declutter.decide.dom import _CHROME_KINDS
from declutter.rules.registry import DOM_CHROME_KINDS, RULES


def _emitted() -> tuple[Counter[str], set[Kind]]:
    rules: Counter[str] = Counter()
    kinds: set[Kind] = set()
    results = [*cleaned().values(), site_template_result()]
    for result in results:
        for line in result.lines:
            rules[line.rule] += 1
            kinds.add(line.kind)
            kinds.add(line.context_free_kind)
    return rules, kinds


def test_every_registered_rule_is_emitted() -> None:
    rules, _ = _emitted()
    assert sorted(set(RULES) - set(rules)) == []


def test_every_emitted_rule_is_registered() -> None:
    rules, _ = _emitted()
    assert sorted(set(rules) - set(RULES)) == []


def test_every_kind_is_reachable() -> None:
    _, kinds = _emitted()
    assert sorted(kind.value for kind in set(Kind) - kinds) == []


def test_every_line_has_a_kind_its_rule_can_give() -> None:
    wrong = [
        (name, line.number, line.rule, line.kind.value)
        for name, result in [*cleaned().items(), ("site-template", site_template_result())]
        for line in result.lines
        if line.kind not in RULES[line.rule].kinds
    ]
    assert wrong == []


def test_the_dom_rule_declares_the_kinds_it_gives() -> None:
    assert {*_CHROME_KINDS.values(), Kind.BOILERPLATE} == DOM_CHROME_KINDS
