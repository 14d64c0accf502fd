"""Issue 10, class 10: evidence in the page's language.

Every shipped lexicon is loaded at once, and a whole line several languages list ("Home",
"Login", "FAQ") is filed under the first language loaded, so an English page's lines used to
cite ``lexicon de/navigation``. Lexicon hits are now matched with the page language's own list
first; a line only another language lists keeps that hit and its evidence says the page's
list has no entry for it.
"""

from __future__ import annotations

import pytest
from documents import _PARAGRAPHS

import declutter
from declutter import native

ARTICLE = "\n\n".join(_PARAGRAPHS[:2]) + "\n"
BOTH = pytest.mark.parametrize("compiled", [False, True], ids=["python", "compiled"])


def _evidence(text: str, language: str, compiled: bool) -> dict[str, str]:
    with native.use(compiled):
        result = declutter.clean_text(text, language=language)
    return {line.text: line.evidence for line in result.lines if line.rule.startswith("lexicon.")}


@BOTH
@pytest.mark.parametrize(
    ("language", "line", "cited"),
    [("en", "Home", "en/navigation"), ("en", "Login", "en/navigation"),
     ("en", "FAQ", "en/"), ("nl", "Home", "nl/navigation"), ("de", "Home", "de/navigation")],
)  # fmt: skip
def test_a_line_cites_the_page_language_list(
    compiled: bool, language: str, line: str, cited: str
) -> None:
    evidence = _evidence(f"{line}\n\n{ARTICLE}", language, compiled)
    assert f"(lexicon {cited}" in evidence[line], evidence[line]
    assert "no " not in evidence[line]


@BOTH
def test_a_line_only_another_language_lists_says_so(compiled: bool) -> None:
    evidence = _evidence(f"Zum Inhalt springen\n\nDeutsch\n\n{ARTICLE}", "en", compiled)
    assert evidence["Zum Inhalt springen"].startswith(
        'line reads "zum inhalt springen" (lexicon de/accessibility: '
    )
    assert evidence["Zum Inhalt springen"].endswith("; no en entry)")
    assert (
        evidence["Deutsch"]
        == 'line reads "deutsch" (lexicon de/navigation: "deutsch"; no en entry)'
    )


@BOTH
def test_a_phrase_hit_in_another_language_says_so(compiled: bool) -> None:
    line = "Artikel wird unter der Anzeige fortgesetzt"
    with native.use(compiled):
        result = declutter.clean_text(f"{ARTICLE}\n{line}\n", language="en")
    (hit,) = [entry for entry in result.lines if entry.text == line]
    assert hit.rule == "lexicon.call_to_action"
    assert hit.evidence.startswith('matches "[artikel | text] wird unter der [anzeige | werbung] ')
    assert hit.evidence.endswith("(lexicon de/call_to_action; no en entry) in a line of 6 words")
