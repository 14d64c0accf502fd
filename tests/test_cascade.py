"""The decision cascade: one ordered list of steps, each writing only its own rules; duplicates
decided after every step that changes what is kept; budgets in every mode."""

from __future__ import annotations

import re

import pytest
from documents import ARTICLE, all_documents, cleaned, site_template_result
from hypothesis import given, settings
from hypothesis import strategies as st

import declutter
from declutter import BudgetExceeded, Kind, TextShape
from declutter._api import _engine
from declutter._result import Decisions
from declutter.decide.cascade import CASCADE, Step, decide
from declutter.features.language import detect_language
from declutter.rules.registry import RULES
from declutter.segment.document import segment_document

_DUPLICATE_OF = re.compile(r"duplicate of line (\d+)")


def test_a_line_removed_as_chrome_does_not_make_its_article_copy_a_duplicate() -> None:
    # The sidebar copy is removed by the DOM rule; the article copy is the one kept.
    repeated = "The harbour authority will close the old ferry terminal next spring."
    page = (
        f"<html><body><div class='sidebar'><p>{repeated}</p></div><article>"
        f"<h1>Ferry terminal to close</h1><p>{repeated}</p>"
        + "".join(f"<p>{paragraph}</p>" for paragraph in ARTICLE.split("\n\n"))
        + "</article></body></html>"
    )
    result = declutter.clean_html(page)
    sidebar, article = (line for line in result.lines if line.text == repeated)
    assert (sidebar.kept, sidebar.rule) == (False, "html.dom")
    assert (article.kept, article.kind) == (True, Kind.CONTENT)
    assert result.text.count(repeated) == 1


def _check_duplicates_name_kept_lines(result: declutter.Result) -> int:
    lines = result.lines
    checked = 0
    for line in lines:
        if line.kind is Kind.DUPLICATE:
            match = _DUPLICATE_OF.search(line.evidence)
            assert match, line.evidence
            original = lines[int(match.group(1)) - 1]
            assert original.kept, (line.number, line.evidence, original)
            assert original.number < line.number
            checked += 1
    return checked


@pytest.mark.parametrize("name", [document.name for document in all_documents()])
def test_every_duplicate_names_a_kept_line(name: str) -> None:
    _check_duplicates_name_kept_lines(cleaned()[name])


def test_duplicates_are_found_on_the_documents() -> None:
    assert sum(map(_check_duplicates_name_kept_lines, cleaned().values())) >= 3


_SENTENCES = [paragraph for paragraph in ARTICLE.split("\n\n")] + [
    "Share on Facebook",
    "A crowd waits for the last ferry at the old terminal.",
    "Load more",
    "",
]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(_SENTENCES), min_size=1, max_size=30),
    st.sampled_from(["text", "html"]),
    st.sampled_from([0.0, 0.45, 0.9]),
)
def test_every_duplicate_names_a_kept_line_on_any_mix(
    lines: list[str], fmt: str, threshold: float
) -> None:
    if fmt == "html":
        wrappers = ["<div class='sidebar'><p>{}</p></div>", "<p>{}</p>", "<nav><p>{}</p></nav>"]
        page = "".join(wrappers[i % 3].format(line) for i, line in enumerate(lines))
        result = declutter.clean_html(f"<article>{page}</article>", threshold=threshold)
    else:
        result = declutter.clean_text("\n".join(lines), threshold=threshold)
    _check_duplicates_name_kept_lines(result)


def test_the_cascade_runs_its_steps_in_order() -> None:
    assert [step.name for step in CASCADE] == [
        "scores", "rules", "context", "dom", "headings", "duplicates", "captions", "separators",
    ]  # fmt: skip


def test_every_rule_belongs_to_one_step_or_runs_after_the_cascade() -> None:
    owners: dict[str, str] = {}
    for step in CASCADE:
        for rule in step.rules:
            assert rule in RULES, rule
            assert rule not in owners, (rule, owners.get(rule), step.name)
            owners[rule] = step.name
    # SiteTemplates revises a Result; Config.headline and Markdown headings (decide.blocks)
    # run after the cascade
    assert set(RULES) - set(owners) == {"site_template", "metadata.headline", "markdown.heading"}


@pytest.mark.parametrize("name", [document.name for document in all_documents()])
def test_each_step_writes_only_its_own_rules(name: str) -> None:
    document = next(d for d in all_documents() if d.name == name)
    config = declutter.Config().replace(**document.options)
    segmented = segment_document(document.payload, document.format)
    written: list[tuple[str, str]] = []
    before = ["blank_line"] * len(segmented.lines)

    def trace(step: Step, decisions: Decisions) -> None:
        for index, rule in enumerate(decisions.rules):
            if rule != before[index]:
                written.append((step.name, rule))
                before[index] = rule

    engine = _engine(segmented.format)
    language = detect_language(segmented.text)
    decisions = decide(
        segmented.visible_lines, language, config, engine, dom=segmented.html, trace=trace
    )
    owners = {rule: step.name for step in CASCADE for rule in step.rules}
    assert all(owners[rule] == step for step, rule in written), written
    # (the headline and Markdown headings are decided after the cascade)
    markdown = cleaned()[name].shape is TextShape.MARKDOWN
    if "headline" not in document.options and not markdown:
        assert decisions.kept == list(cleaned()[name].kept_flags)


def test_context_free_kind_is_the_verdict_of_the_first_steps() -> None:
    result = cleaned()["end-marker"]
    tail = result.lines[-1]
    assert (tail.kind, tail.context_free_kind, tail.rule) == (
        Kind.BOILERPLATE, Kind.CONTENT, "context.after_end_marker",
    )  # fmt: skip


def test_figure_captions_are_captions() -> None:
    line = next(line for line in cleaned()["caption"].lines if line.rule == "html.caption")
    assert (line.kind, line.kept) == (Kind.CAPTION, True)
    dropped = declutter.clean_html(
        next(d for d in all_documents() if d.name == "caption").payload,
        threshold=0.0,
        kept_kinds={"content", "heading"},
    )
    assert "A crowd waits" not in dropped.text


def test_site_templates_revise_after_the_cascade() -> None:
    line = site_template_result().lines[1]
    assert (line.kind, line.rule, line.kept) == (Kind.SITE_TEMPLATE, "site_template", False)


@pytest.mark.parametrize("function", [declutter.clean_text, declutter.clean_html, declutter.clean])
def test_max_bytes_applies_in_every_mode(function: object) -> None:
    clean = function  # type: ignore[assignment]
    with pytest.raises(BudgetExceeded, match=r"budget\.max_bytes: the document is 1,000 bytes"):
        clean("x" * 1000, max_bytes=999)
    assert clean("x" * 10, max_bytes=999).text in ("x" * 10, "")


def test_max_seconds_applies_in_text_mode() -> None:
    text = (ARTICLE + "\n\n") * 300
    with pytest.raises(BudgetExceeded, match=r"budget\.max_seconds: .* \(stopped after "):
        declutter.clean_text(text, max_seconds=1e-6)
    assert declutter.clean_text(text, max_seconds=60).text


def test_max_seconds_applies_in_html_mode() -> None:
    page = "<article>" + "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n")) * 300 + "</article>"
    with pytest.raises(BudgetExceeded, match=r"budget\.max_seconds"):
        declutter.clean_html(page, max_seconds=1e-6)


def test_clean_takes_a_format() -> None:
    page = "<p>The council met on Monday and agreed the budget for the coming year.</p>"
    assert declutter.clean(page, format="text").format.value == "text"
    assert declutter.clean(page, format="html").format.value == "html"
    assert declutter.clean(page).format_reason.startswith("detected text")
    with pytest.raises(declutter.InputError, match="unknown format"):
        declutter.clean(page, format="pdf")  # type: ignore[arg-type]
