"""Named feature columns: models read their columns by name, in their own order, and a model
trained with other category codes, or on a column this version does not compute, is refused."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from documents import ARTICLE, all_documents

from declutter import Config
from declutter._errors import ModelError
from declutter.decide.cascade import decide
from declutter.decide.scoring import HTML_LAYOUTS, TEXT_LAYOUTS, Engine, PageFeatures
from declutter.decide.trees import ObliviousEnsemble, load_model
from declutter.features.columns import ColumnGroup
from declutter.features.context import CONTEXT
from declutter.features.dom import DOM, DOM_CONTEXT
from declutter.features.line import LINE, RULE_CLASSES
from declutter.rules.lexicon import load_lexicon

LEXICON = load_lexicon(None)
LINES = ["Share on Facebook", "", *ARTICLE.split("\n"), "Load more"]


def _permuted(model: ObliviousEnsemble, order: list[int]) -> ObliviousEnsemble:
    """The same trees reading their columns in another order (``order[new] = old``)."""
    position = {old: new for new, old in enumerate(order)}
    remap = np.vectorize(position.__getitem__)
    return dataclasses.replace(
        model,
        features=tuple(model.features[old] for old in order),
        split_features=remap(model.split_features).astype(np.intp),
    )


def test_group_names_are_unique_and_layouts_hold_them_all() -> None:
    groups: list[ColumnGroup[object]] = [LINE, CONTEXT, DOM, DOM_CONTEXT]  # type: ignore[list-item]
    names = [name for group in groups for name in group.names]
    assert len(names) == len(set(names))
    assert HTML_LAYOUTS[1].names == (*LINE.names, *DOM.names, *CONTEXT.names, *DOM_CONTEXT.names)
    assert TEXT_LAYOUTS[1].names == (*LINE.names, *CONTEXT.names)


def test_every_column_is_finite_on_the_documents() -> None:
    for document in all_documents()[:6]:
        from declutter.segment.document import segment_document

        segmented = segment_document(document.payload, document.format)
        page = PageFeatures(segmented.visible_lines, "en", LEXICON, dom=segmented.html)
        matrix = page.context_matrix(np.full(len(page.rows), 0.5))
        assert matrix.shape == (len(page.rows), len(page.layouts[1].names))
        assert np.isfinite(matrix).all(), document.name


def test_the_shipped_models_read_the_layouts_in_order() -> None:
    for mode, layouts in (("text", TEXT_LAYOUTS), ("html", HTML_LAYOUTS)):
        line = load_model(f"{mode}-line")
        assert line.features == layouts[0].names
        assert layouts[0].selection(line.features, line.categories, line.name) is None


def test_a_model_reads_its_columns_by_name_in_any_order() -> None:
    line, context = load_model("text-line"), load_model("text-context-1")
    rng = np.random.default_rng(7)
    shuffled_line = _permuted(line, list(rng.permutation(len(line.features))))
    shuffled_context = _permuted(context, list(rng.permutation(len(context.features))))
    original = Engine(LEXICON, line, (context,))
    shuffled = Engine(LEXICON, shuffled_line, (shuffled_context,))
    page = PageFeatures(LINES, "en", LEXICON)
    for a, b in zip(
        original.score(page, context=True), shuffled.score(page, context=True), strict=True
    ):
        assert np.array_equal(a, b)
    assert (
        decide(LINES, "en", Config(), original).kept == decide(LINES, "en", Config(), shuffled).kept
    )


def test_a_model_may_read_fewer_columns() -> None:
    line = load_model("text-line")
    used = sorted({int(i) for i in line.split_features.ravel()})
    unused = [i for i in range(len(line.features)) if i not in used]
    if not unused:
        pytest.skip("the line model reads every column")
    keep = [i for i in range(len(line.features)) if i not in unused[:1]]
    smaller = _permuted(line, keep + unused[:1])
    smaller = dataclasses.replace(smaller, features=smaller.features[: len(keep)])
    page = PageFeatures(LINES, "en", LEXICON)
    scores = Engine(LEXICON, smaller, ()).score(page, context=False)[0]
    assert np.array_equal(scores, Engine(LEXICON, line, ()).score(page, context=False)[0])


def test_renumbered_category_codes_are_refused() -> None:
    line = load_model("text-line")
    codes = list(RULE_CLASSES)
    codes.insert(3, "a_new_family")  # a lexicon family added: the later codes move
    drifted = dataclasses.replace(line, categories={"rule_class": tuple(codes)})
    with pytest.raises(ModelError, match=r"other codes for column 'rule_class'.*code 3"):
        Engine(LEXICON, drifted, ())


def test_a_model_without_its_code_tables_is_refused() -> None:
    line = dataclasses.replace(load_model("html-line"), categories={})
    with pytest.raises(ModelError, match=r"does not say which categories .* 'rule_class'"):
        Engine(LEXICON, line, (), dom=True)


def test_a_model_reading_an_unknown_column_is_refused() -> None:
    line = load_model("text-line")
    renamed = dataclasses.replace(line, features=("no_such_column", *line.features[1:]))
    with pytest.raises(ModelError, match="does not compute: no_such_column"):
        Engine(LEXICON, renamed, ())


def test_model_files_round_trip_with_their_code_tables() -> None:
    model = load_model("html-context-2")
    again = ObliviousEnsemble.from_json(model.to_json())
    assert again.categories == model.categories
    assert set(model.categories) == {"rule_class", "block_kind", "landmark"}
    with pytest.raises(ModelError, match=r"declutter\.model/2"):
        ObliviousEnsemble.from_json({**model.to_json(), "schema": "declutter.model/1"})
    data = model.to_json()
    del data["categories"]
    with pytest.raises(ModelError, match=r"malformed .*categories"):
        ObliviousEnsemble.from_json(data)
