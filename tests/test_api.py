"""The public API: clean_text, Cleaner, Config overrides, Result and its report."""

from __future__ import annotations

import inspect
import json
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import declutter
from declutter import Config, ConfigError, InputError, Kind, clean_text
from declutter.rules.registry import RULES
from declutter.segment.text import normalize_text

ARTICLE = """Skip to main content

Share on Facebook

The harbour authority said on Tuesday that the old ferry terminal would close next spring, after forty years of service to the islands.

Passengers will move to a new terminal on the north quay, which the authority says is easier to reach by bus and has room for larger ships.

Local traders, who depend on day visitors, asked for a shuttle service during the first summer, and the authority agreed to pay for one.

Load more
"""


def test_public_names_match_all() -> None:
    public = {name for name in dir(declutter) if not name.startswith("_")}
    modules = {name for name in public if inspect.ismodule(getattr(declutter, name))}
    exported = set(declutter.__all__) - {"__version__"}
    # submodules are public when __all__ names them (declutter.native)
    assert public - (modules - exported) - {"annotations"} == exported


def test_clean_text_keeps_the_article_and_names_the_chrome() -> None:
    result = clean_text(ARTICLE)
    assert result.text.startswith("The harbour authority said")
    assert result.text.endswith("agreed to pay for one.")
    kinds = {line.text: line.kind for line in result.lines}
    assert kinds["Skip to main content"] is Kind.ACCESSIBILITY
    assert kinds["Share on Facebook"] is Kind.SHARE
    assert kinds["Load more"] is Kind.CALL_TO_ACTION


def test_paragraphs_stay_separated_by_one_blank_line() -> None:
    paragraphs = clean_text(ARTICLE).text.split("\n\n")
    assert len(paragraphs) == 3


def test_lines_cover_the_input_in_order() -> None:
    result = clean_text(ARTICLE)
    assert [line.number for line in result.lines] == list(range(1, len(result.lines) + 1))
    joined = "\n".join(line.text for line in result.lines)
    assert joined == ARTICLE.rstrip("\n")
    for line in result.lines:
        assert ARTICLE[line.start : line.end] == line.text


def test_text_is_exactly_the_kept_lines() -> None:
    result = clean_text(ARTICLE)
    assert result.text == "\n".join(line.text for line in result.lines if line.kept)


def test_every_line_has_a_registered_rule_evidence_and_a_kind() -> None:
    for line in clean_text(ARTICLE).lines:
        assert line.rule in RULES
        assert line.evidence
        assert isinstance(line.kind, Kind)
        assert isinstance(line.context_free_kind, Kind)
        assert 0.0 <= line.score <= 1.0


def test_report_is_json_and_versioned() -> None:
    report = clean_text(ARTICLE).report()
    assert report["schema"] == "declutter.report/1"
    assert json.loads(json.dumps(report)) == report
    assert len(report["lines"]) == len(ARTICLE.rstrip("\n").split("\n"))


def test_stats_count_removed_lines_per_kind() -> None:
    result = clean_text(ARTICLE)
    stats = result.stats
    assert stats.lines_total == len(result.lines)
    assert stats.lines_kept == sum(line.kept for line in result.lines)
    assert stats.removed[Kind.SHARE].lines == 1
    assert stats.chars_kept == sum(len(line.text) for line in result.lines if line.kept)


def test_keep_a_chrome_kind_through_overrides() -> None:
    kinds = set(Config().kept_kinds) | {Kind.SHARE}
    result = clean_text(ARTICLE, kept_kinds=kinds)
    assert "Share on Facebook" in result.text


def test_unknown_option_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown option 'treshold'"):
        clean_text("x", treshold=0.3)


def test_threshold_out_of_range_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        Config(threshold=1.5)


def test_unknown_kind_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown kind"):
        clean_text("x", kept_kinds={"prose"})


def test_a_higher_threshold_keeps_no_more_lines() -> None:
    low = clean_text(ARTICLE, threshold=0.2).stats.lines_kept
    high = clean_text(ARTICLE, threshold=0.9).stats.lines_kept
    assert high <= low


def test_context_free_kind_is_kept_next_to_the_revised_kind() -> None:
    result = clean_text(ARTICLE, context=False)
    for line in result.lines:
        if line.rule == "model.line":
            assert line.kind is line.context_free_kind


def test_cleaner_is_reusable_across_threads() -> None:
    cleaner = declutter.Cleaner()
    expected = cleaner.clean_text(ARTICLE).text
    results: list[str] = []

    def work() -> None:
        for _ in range(5):
            results.append(cleaner.clean_text(ARTICLE).text)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 20


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "\t \n  \n", "\x00\x01\x02"])
def test_empty_and_blank_inputs_give_an_empty_text(text: str) -> None:
    result = clean_text(text)
    assert result.text == ""
    assert len(result.lines) >= 1


def test_bytes_are_decoded_as_utf8() -> None:
    assert clean_text(ARTICLE.encode("utf-8")).text == clean_text(ARTICLE).text


def test_binary_bytes_are_an_input_error() -> None:
    with pytest.raises(InputError):
        clean_text(bytes(range(256)) * 10)


def test_wrong_type_is_an_input_error() -> None:
    with pytest.raises(InputError, match="expects str or bytes"):
        clean_text(42)  # type: ignore[arg-type]


def test_a_very_long_single_line_is_handled() -> None:
    line = "The harbour authority said the terminal would close. " * 200_000
    result = clean_text(line)
    assert len(result.lines) == 1
    assert result.lines[0].text == line


def test_a_million_short_lines_are_handled() -> None:
    text = "\n".join(["menu"] * 1_000_000)
    result = clean_text(text)
    assert result.stats.lines_total == 1_000_000


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_string_is_cleaned_and_its_lines_reproduce_the_input(text: str) -> None:
    result = clean_text(text)
    normalized = normalize_text(text)
    if normalized.endswith("\n"):
        normalized = normalized[:-1]
    assert "\n".join(line.text for line in result.lines) == normalized
    assert result.text == "\n".join(line.text for line in result.lines if line.kept)
    assert declutter.apply_report(text, result.report()) == result.text


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Load more",
                "Share",
                "",
                "The council met on Monday and agreed the budget for next year.",
                "Cookie settings",
                "0:00 1:23",
                "Related articles",
                "A caption printed twice, once here.",
                "Home | News | Sport",
                "© 2024 Example Ltd. All rights reserved.",
            ]
        ),
        max_size=60,
    )
)
def test_any_mix_of_typical_lines_is_cleaned(lines: list[str]) -> None:
    text = "\n".join(lines)
    result = clean_text(text)
    assert result.text == "\n".join(line.text for line in result.lines if line.kept)
    for line in result.lines:
        assert line.rule in RULES
