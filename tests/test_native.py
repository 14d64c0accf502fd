"""The compiled core gives the reference path's results, byte for byte.

Every test here runs a document twice, with the compiled kernels and with
``declutter.native.use(False)``, and compares the full reports (decisions, rules, evidence,
scores to the printed precision, sources) and the texts. Without a compiled core the tests
that need one are skipped with the reason (``declutter.native.status()``); CI builds it.
"""

from __future__ import annotations

import json
import os
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import declutter
from declutter import native
from declutter.decide.trees import ObliviousEnsemble
from declutter.rules.lexicon import available_languages, read_language
from tests.documents import ARTICLE, HTML_ARTICLE, Document, all_documents

STATUS = native.status()
needs_native = pytest.mark.skipif(
    not STATUS.active and os.environ.get("DECLUTTER_REQUIRE_NATIVE") != "1",
    reason=f"no compiled core: {STATUS.reason} {STATUS.missing}",
)


def _both(document: Document) -> tuple[dict[str, Any], dict[str, Any]]:
    compiled = document.clean()
    with native.use(False):
        reference = document.clean()
    return _comparable(compiled), _comparable(reference)


def _comparable(result: declutter.Result) -> dict[str, Any]:
    return {"text": result.text, "report": json.dumps(result.report(), sort_keys=True)}


def test_status_says_why() -> None:
    assert isinstance(STATUS.reason, str) and STATUS.reason
    with native.use(False):
        off = native.status()
    assert not off.active and "switched off" in off.reason
    if os.environ.get("DECLUTTER_REQUIRE_NATIVE") == "1":
        assert STATUS.active and not STATUS.missing, STATUS


@needs_native
@pytest.mark.parametrize("document", all_documents(), ids=lambda d: d.name)
def test_documents_identical(document: Document) -> None:
    compiled, reference = _both(document)
    assert compiled == reference


def _lexicon_documents() -> list[Document]:
    documents = []
    for language in available_languages():
        for family, table in read_language(language).items():
            if not isinstance(table, dict):
                continue  # the file's own fields (language name, ...)
            for index, example in enumerate(
                [*table.get("examples", ()), *table.get("counterexamples", ())]
            ):
                documents.append(
                    Document(f"{language}-{family}-{index}", f"{example}\n\n{ARTICLE}", "text")
                )
    return documents


@needs_native
def test_lexicon_examples_identical() -> None:
    documents = _lexicon_documents()
    assert len(documents) > 100
    for document in documents:
        compiled, reference = _both(document)
        assert compiled == reference, document.name


_LINES = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "Share",
            "Load more",
            "0:00 0:34:52 0:00",
            "» » »",
            "Read more:",
            "Cookies",
            "Breaking News",
            "Photo: AFP",
            "Tags: news, ferry",
            "Advertisement",
            "",
            "The council met on Monday, and it agreed the budget.",
            "1.",
            "© 2024",
            "Accessibility links",
            "No media source currently available",
            "https://x.org",
        ]
    ),
    st.sampled_from(ARTICLE.split("\n\n")),
)


@needs_native
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(_LINES, max_size=25))
def test_text_property_identical(lines: list[str]) -> None:
    compiled, reference = _both(Document("property", "\n".join(lines), "text"))
    assert compiled == reference


_TAGS = ["p", "div", "span", "a", "li", "ul", "h2", "nav", "footer", "table", "td", "pre", "b"]


@st.composite
def _html(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 20))):
        tag = draw(st.sampled_from(_TAGS))
        attributes = draw(
            st.sampled_from(["", " class='share'", " hidden", " id='nav'", " href='/x'"])
        )
        text = draw(_LINES)
        parts.append(f"<{tag}{attributes}>{text}" + (f"</{tag}>" if draw(st.booleans()) else ""))
    return "<html><body>" + "".join(parts) + HTML_ARTICLE + "</body></html>"


@needs_native
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page=_html())
def test_html_property_identical(page: str) -> None:
    compiled, reference = _both(Document("property", page, "html"))
    assert compiled == reference


@needs_native
@settings(max_examples=200, deadline=None)
@given(
    rows=st.integers(0, 300),
    trees=st.integers(1, 130),
    depth=st.integers(1, 6),
    seed=st.integers(0, 2**32 - 1),
)
def test_trees_margin_bit_identical(rows: int, trees: int, depth: int, seed: int) -> None:
    kernel = native.kernel("trees")
    assert kernel is not None
    rng = np.random.default_rng(seed)
    columns = np.round(rng.normal(size=(7, rows)), 1)
    model = ObliviousEnsemble(
        name="random",
        features=tuple("abcdefg"),
        bias=float(rng.normal()),
        split_features=rng.integers(0, 7, size=(trees, depth)),
        borders=np.round(rng.normal(size=(trees, depth)), 1),
        leaf_values=rng.normal(size=(trees, 1 << depth)) * rng.choice([1e-3, 1.0, 1e3]),
    )
    compiled = kernel.CompiledTrees(
        model.split_features, model.borders, model.leaf_values, model.bias, None, 7
    )
    expected = model.margin(np.ascontiguousarray(columns.T))
    assert compiled.margin(columns).tobytes() == expected.tobytes()
