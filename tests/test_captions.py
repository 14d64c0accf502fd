"""Issue 10, class 9: captions are kind ``caption``; a caption printed twice keeps its first
copy as a caption and the second is a duplicate naming it (the case the project began with)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from documents import _PARAGRAPHS

import declutter
from declutter import Kind, native

SEED = Path(__file__).parent / "fixtures" / "seed"
ARTICLE = "\n\n".join(_PARAGRAPHS[:2]) + "\n"
BOTH = pytest.mark.parametrize("compiled", [False, True], ids=["python", "compiled"])


@BOTH
def test_the_seed_page_captions_printed_twice(compiled: bool) -> None:
    labels = json.loads((SEED / "seed-page.labels.json").read_text(encoding="utf-8"))
    with native.use(compiled):
        result = declutter.clean_text((SEED / "seed-page.txt").read_text(encoding="utf-8"))
    for first, second in labels["duplicate_groups"]:
        caption, copy = result.lines[first - 1], result.lines[second - 1]
        assert (caption.kept, caption.kind, caption.rule) == (
            True, Kind.CAPTION, "caption.printed_twice",
        )  # fmt: skip
        assert (
            caption.evidence == f"printed twice: line {second} repeats it (a caption and its copy)"
        )
        assert (copy.kept, copy.kind) == (False, Kind.DUPLICATE)
        assert copy.evidence.startswith(f"duplicate of line {first} ")


@BOTH
def test_without_captions_the_first_copy_stays_content(compiled: bool) -> None:
    text = (SEED / "seed-page.txt").read_text(encoding="utf-8")
    with native.use(compiled):
        result = declutter.clean_text(text, kept_kinds=[Kind.CONTENT, Kind.HEADING])
    assert not any(line.kind is Kind.CAPTION for line in result.lines)
    first, second = json.loads((SEED / "seed-page.labels.json").read_text())["duplicate_groups"][0]
    assert result.lines[first - 1].kept and result.lines[first - 1].kind is Kind.CONTENT
    assert result.lines[second - 1].kind is Kind.DUPLICATE


@BOTH
@pytest.mark.parametrize(
    "credit",
    ["Photo: Jane Doe/Reuters", "Foto: Hans Meier/dpa", "Crowds wait at the old quay (AFP)"],
)  # fmt: skip
def test_photo_credits_are_captions(compiled: bool, credit: str) -> None:
    with native.use(compiled):
        result = declutter.clean_text(f"{credit}\n\n{ARTICLE}", threshold=0.0)
    (line,) = [line for line in result.lines if line.text == credit]
    assert (line.kept, line.kind, line.rule) == (True, Kind.CAPTION, "caption.credit")


@BOTH
def test_prose_about_photos_is_not_a_credit(compiled: bool) -> None:
    line = "The photo of the last ferry was taken by a passenger on Tuesday morning."
    with native.use(compiled):
        result = declutter.clean_text(f"{line}\n\n{ARTICLE}", threshold=0.0)
    assert result.lines[0].kind is Kind.CONTENT


def test_html_figcaptions_stay_html_captions() -> None:
    page = (
        "<article><figure><img src='a.jpg'><figcaption>A crowd waits for the last ferry at "
        f"the old terminal.</figcaption></figure><p>{ARTICLE}</p></article>"
    )
    result = declutter.clean_html(page, threshold=0.0)
    (line,) = [line for line in result.lines if line.text.startswith("A crowd waits")]
    assert (line.kind, line.rule) == (Kind.CAPTION, "html.caption")
