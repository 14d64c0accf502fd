"""Properties every input keeps, whatever it is (issue 13): no exception but the documented
ones, one record per line, registered rules, kept lines in order in ``Result.text``,
replayable reports in both modes, determinism, text that encodes as UTF-8.

Profiles: ``ci`` (the default: derandomized, a fixed number of examples, so CI is
reproducible) and ``long`` (random, many more examples) selected by
``DECLUTTER_HYPOTHESIS_PROFILE=long`` (these tests only); ``benchmarks/fuzz.py`` runs ``check_document`` for a
fixed time.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import declutter
from declutter import apply_report
from declutter._errors import BudgetExceeded, DeclutterError, InputError
from declutter._result import InputFormat, Result
from declutter.render.invisible import without_invisible
from declutter.rules.registry import RULES
from declutter.segment.text import segment_text

settings.register_profile(
    "ci", max_examples=60, derandomize=True, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)  # fmt: skip
settings.register_profile(
    "long", max_examples=2000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)  # fmt: skip
#: The profile of these tests (applied to them only, not loaded for the whole session).
PROFILE = settings.get_profile(os.environ.get("DECLUTTER_HYPOTHESIS_PROFILE", "ci"))

_PIECES = [
    "\n", "\r\n", "\r", " ", "\t", "\x00", "\x0b", "\ufeff", "\u200b", "\xa0", "\ud800",
    "\udfff", "\ud83d\ude00", "é", "e\u0301", "漢字", "ن", "|", " | ", " - ", "::", "<", ">",
    "&amp;", "&#0;", "<!--", "-->", "<!---->", "<!DOCTYPE html>", "<p>", "</p>", "<div>",
    "</div>", "<br>", "<pre>", "</pre>", "<nav>", "<a href='/x'>", "</a>", "<script>",
    "</script>", "<style>", "<table><tr><td>", "<meta charset='klingon'>", "<p hidden>",
    "Share on Facebook", "Read more", "Cookies help us", "12:30 / 45:10",
    "The council met on Monday and agreed the budget for the coming year.",
]  # fmt: skip
DOCUMENTS = st.lists(st.sampled_from(_PIECES) | st.text(max_size=30), max_size=40).map("".join)
PAYLOADS = (
    DOCUMENTS
    | DOCUMENTS.map(lambda text: text.encode("utf-8", "surrogatepass"))
    | (st.binary(max_size=300))
)
#: What the entry points may raise on purpose for a payload (see docs/design.md).
DOCUMENTED = (InputError, BudgetExceeded)


def check_result(result: Result, payload: str | bytes) -> None:
    """The properties of one result (see the module doc)."""
    lines = result.lines
    assert [line.number for line in lines] == list(range(1, len(lines) + 1))
    assert all(line.rule in RULES for line in lines)
    kept = "\n".join(line.text for line in lines if line.kept)
    assert result.text == without_invisible(kept)
    result.text.encode("utf-8")
    report = result.report()
    if result.format is InputFormat.HTML:
        segmented = "\n".join(line.text for line in lines)
        assert apply_report(segmented, report) == result.text
    elif isinstance(payload, str):
        assert len(lines) == len(segment_text(payload).lines)
        assert apply_report(payload, report) == result.text


def check_document(payload: str | bytes, entry: str) -> str:
    """Clean ``payload`` with ``entry`` twice and check the properties; the outcome's name."""
    function = getattr(declutter, entry)
    try:
        result = function(payload, max_seconds=30)
    except DOCUMENTED as error:
        return type(error).__name__
    except DeclutterError as error:  # pragma: no cover - a failure, named
        raise AssertionError(f"undocumented {type(error).__name__}: {error}") from error
    check_result(result, payload)
    assert function(payload, max_seconds=30).report() == result.report()
    return result.format.value


@PROFILE
@given(PAYLOADS)
def test_clean(payload: str | bytes) -> None:
    check_document(payload, "clean")


@PROFILE
@given(PAYLOADS)
def test_clean_text(payload: str | bytes) -> None:
    check_document(payload, "clean_text")


@PROFILE
@given(PAYLOADS)
def test_clean_html(payload: str | bytes) -> None:
    outcome = check_document(payload, "clean_html")
    assert outcome == "html"  # HTML mode never refuses input: bytes are always decoded
