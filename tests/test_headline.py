"""Issue 10, metadata: ``Config.headline`` decides whether the page's headline line stays in
the text ("auto": the cascade decides; "keep": kept as a heading; "drop": removed as metadata);
the title is in ``Result.metadata.title`` whatever the text keeps."""

from __future__ import annotations

import pytest

import declutter
from declutter import ConfigError, Kind, native

ARTICLE = (
    "<p>The harbour authority said on Tuesday that the old ferry terminal would close next "
    "spring, after forty years of service to the islands and their visitors.</p><p>Passengers "
    "will move to a new terminal on the north quay, which the authority says is easier to reach "
    "by bus and has room for larger ships in the winter.</p>"
)
PAGE = (
    "<html><head><title>Ferry terminal to close | Island News</title></head><body>"
    f"<nav><a href='/'>Home</a></nav><article><h1>Ferry terminal to close</h1>{ARTICLE}"
    "</article></body></html>"
)
TEXT = (
    "Ferry terminal to close\n\nThe harbour authority said on Tuesday that the old ferry "
    "terminal would close next spring, after forty years of service to the islands.\n"
)
BOTH = pytest.mark.parametrize("compiled", [False, True], ids=["python", "compiled"])


def _headline(result: declutter.Result) -> list[declutter.Line]:
    return [line for line in result.lines if line.text == "Ferry terminal to close"]


@BOTH
@pytest.mark.parametrize(
    ("mode", "kept", "kind"), [("keep", True, Kind.HEADING), ("drop", False, Kind.METADATA)]
)
def test_html_headline(compiled: bool, mode: str, kept: bool, kind: Kind) -> None:
    with native.use(compiled):
        result = declutter.clean_html(PAGE, headline=mode)  # type: ignore[arg-type]
    (line,) = _headline(result)
    assert (line.kept, line.kind, line.rule) == (kept, kind, "metadata.headline")
    assert line.evidence == f"the page's headline (metadata.title); headline={mode!r}"
    assert ("Ferry terminal to close" in result.text.split("\n")) is kept
    assert result.metadata.title == "Ferry terminal to close"
    title = next(line for line in result.lines if line.text.endswith("| Island News"))
    assert title.kind is Kind.HIDDEN  # the <title> line is not taken for the headline


@BOTH
def test_auto_leaves_the_headline_to_the_cascade(compiled: bool) -> None:
    with native.use(compiled):
        auto = declutter.clean_html(PAGE)
    assert declutter.Config().headline == "auto"
    assert all(line.rule != "metadata.headline" for line in auto.lines)


@BOTH
@pytest.mark.parametrize(("mode", "kept"), [("keep", True), ("drop", False)])
def test_text_headline(compiled: bool, mode: str, kept: bool) -> None:
    with native.use(compiled):
        result = declutter.clean_text(TEXT, headline=mode)  # type: ignore[arg-type]
    (line,) = _headline(result)
    assert (line.kept, line.rule) == (kept, "metadata.headline")
    assert result.metadata.title == "Ferry terminal to close"


def test_no_headline_found_changes_nothing() -> None:
    text = "The harbour authority said on Tuesday that the ferry terminal would close.\n"
    assert (
        declutter.clean_text(text, headline="drop").report() == declutter.clean_text(text).report()
    )


def test_a_wrong_value_is_refused() -> None:
    with pytest.raises(ConfigError, match="headline must be"):
        declutter.clean_text(TEXT, headline="maybe")  # type: ignore[arg-type]
