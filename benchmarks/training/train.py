"""Train the text-mode line and context models, cross-validated by site, and export them.

    python -m benchmarks.training.train [--data PATH] [--folds 5] [--iterations 300] [--export]
    python -m benchmarks.training.train --flatteners html_text,bs4,markdown --json cv.json

Pages of both development sets are flattened (``--flatteners``: html_text by default; several
give one training page per page and flattener, so that the models do not learn one
flattener's habits), read as the cleaner reads them (fragmented text and Markdown as blocks,
``declutter.segment.blocks``) and labelled line by line against their gold text
(``labels.py``). Folds are split by host, so no site is both trained and scored, whatever the
flattener; the figures are printed per flattener.
Stage 1 (line model) sees context-free features; stage 2 (context model) sees stage 1's
out-of-fold scores of each line and its neighbours. The figures printed are those of the whole
cleaner (rules, both models, context rules, duplicates) on held-out folds. ``--export`` then
trains both models on all pages and writes them to ``src/declutter/models/``.
Needs the ``train`` extra (catboost, scikit-learn).
"""

from __future__ import annotations

import argparse
import json
import pickle
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from catboost import CatBoostClassifier
from sklearn.model_selection import GroupKFold

from benchmarks import datasets, environment, metrics
from benchmarks.training.linedata import (
    LabelledHtmlPage,
    LabelledPage,
    labelled_html_pages,
    labelled_pages,
)
from declutter._config import Config
from declutter.decide.blocks import mark_markdown_headings
from declutter.decide.cascade import decide
from declutter.decide.scoring import HTML_LAYOUTS, TEXT_LAYOUTS, Engine, PageFeatures
from declutter.decide.trees import ObliviousEnsemble
from declutter.features.columns import FeatureLayout
from declutter.features.language import detect_language
from declutter.features.line import LINE
from declutter.rules.lexicon import Lexicon, load_lexicon
from declutter.segment.blocks import Blocks
from declutter.segment.dom import HtmlDocument

MODELS = Path(__file__).resolve().parents[2] / "src" / "declutter" / "models"
LABEL_THRESHOLD = 0.5
_LOG_CHARS = LINE.names.index("log_chars")


@dataclass
class PageRows:
    """One page's lines, model inputs and labels."""

    page: datasets.Page
    lines: list[str]
    language: str
    features: PageFeatures
    labels: np.ndarray
    document: HtmlDocument | None = None
    flattener: str = "html"
    blocks: Blocks | None = None

    @property
    def line_rows(self) -> np.ndarray:
        """The line model's inputs."""
        return self.features.line_matrix

    def context_rows(self, scores: np.ndarray) -> np.ndarray:
        """The context model's inputs for the previous stage's ``scores``."""
        return self.features.context_matrix(scores)


def build_text_rows(pages: list[LabelledPage], lexicon: Lexicon) -> list[PageRows]:
    """Context-free model inputs and labels of every flattened page."""
    out = []
    for labelled in pages:
        language = detect_language("\n".join(labelled.lines))
        blocks = labelled.blocks
        hits = blocks.hits if blocks is not None and blocks.any_hits() else None
        features = PageFeatures(labelled.lines, language, lexicon, hits=hits)
        labels = np.array([labelled.coverage[i] >= LABEL_THRESHOLD for i in features.rows])
        out.append(
            PageRows(
                labelled.page, labelled.lines, language, features, labels,
                flattener=labelled.flattener, blocks=blocks,
            )
        )  # fmt: skip
    return out


def build_html_rows(pages: list[LabelledHtmlPage], lexicon: Lexicon) -> list[PageRows]:
    """Context-free and DOM model inputs and labels of every segmented HTML page."""
    out = []
    for labelled in pages:
        doc = labelled.document
        lines = doc.visible_lines()
        language = detect_language("\n".join(lines))
        features = PageFeatures(lines, language, lexicon, dom=doc)
        labels = np.array([labelled.coverage[i] >= LABEL_THRESHOLD for i in features.rows])
        out.append(PageRows(labelled.page, lines, language, features, labels, doc))
    return out


def cleaned_text(page: PageRows, config: Config, engine: Engine) -> str:
    """The text the cleaner keeps of one page with ``engine`` (fragmented text and Markdown:
    the kept blocks' plain text, as ``markup.plain_text`` scores it)."""
    blocks = page.blocks
    hits = blocks.hits if blocks is not None and blocks.any_hits() else None
    decisions = decide(page.lines, page.language, config, engine, dom=page.document, hits=hits)
    if blocks is not None and any(blocks.headings):
        mark_markdown_headings(blocks, decisions)
    lines = page.lines if page.document is None else page.document.lines
    return "\n".join(line for line, keep in zip(lines, decisions.kept, strict=True) if keep)


def sample_weights(
    pages: list[PageRows], indices: list[int] | range, mode: str
) -> np.ndarray | None:
    """Per-line training weights: none; the square root of the line's characters; or that
    scaled so that every page weighs the same (``page_sqrt_chars``, as the metrics average
    over pages)."""
    if mode == "none":
        return None
    weights = [np.sqrt(np.expm1(pages[i].line_rows[:, _LOG_CHARS]) + 1.0) for i in indices]
    if mode == "page_sqrt_chars":
        mean_lines = sum(len(w) for w in weights) / max(len(weights), 1)
        weights = [w * (mean_lines / max(float(w.sum()), 1e-9)) for w in weights]
    return np.concatenate(weights)


def fit(
    rows: list[np.ndarray],
    labels: list[np.ndarray],
    iterations: int,
    depth: int,
    weights: np.ndarray | None = None,
) -> CatBoostClassifier:
    """A CatBoost classifier with oblivious trees (CatBoost's default)."""
    model = CatBoostClassifier(
        iterations=iterations,
        depth=depth,
        learning_rate=0.12,
        verbose=0,
        thread_count=2,
        random_seed=7,
        allow_writing_files=False,
    )
    model.fit(np.vstack(rows), np.concatenate(labels), sample_weight=weights)
    return model


def export(model: CatBoostClassifier, name: str, layout: FeatureLayout) -> ObliviousEnsemble:
    """Convert a CatBoost model fitted on ``layout``'s columns to an ``ObliviousEnsemble``."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.json"
        model.save_model(str(path), format="json")
        data = json.loads(path.read_text())
    trees = data["oblivious_trees"]
    depth = max(len(tree["splits"]) for tree in trees)
    split_features = np.zeros((len(trees), depth), dtype=np.intp)
    borders = np.full((len(trees), depth), np.inf)
    leaves = np.zeros((len(trees), 1 << depth))
    for t, tree in enumerate(trees):
        for level, split in enumerate(tree["splits"]):
            split_features[t, level] = split["float_feature_index"]
            borders[t, level] = split["border"]
        values = np.asarray(tree["leaf_values"])
        leaves[t, : len(values)] = values
    scale, bias = data["scale_and_bias"]
    leaves *= scale
    return ObliviousEnsemble(
        name=name,
        features=layout.names,
        bias=float(bias[0] if isinstance(bias, list) else bias),
        split_features=split_features,
        borders=borders,
        leaf_values=leaves,
        categories={k: tuple(v) for k, v in layout.categories().items()},
    )


def score_by_flattener(pages: list[PageRows], texts: list[str]) -> dict[str, object]:
    """``score_pages`` per flattener (one flattener: its figures alone)."""
    flatteners = sorted({p.flattener for p in pages})
    if len(flatteners) == 1:
        return score_pages(pages, texts)
    return {
        flattener: score_pages(
            [p for p in pages if p.flattener == flattener],
            [t for p, t in zip(pages, texts, strict=True) if p.flattener == flattener],
        )
        for flattener in flatteners
    }


def score_pages(pages: list[PageRows], texts: list[str]) -> dict[str, object]:
    """The benchmark metrics of ``texts`` (one per page) per corpus and WCXB page type."""
    result: dict[str, object] = {}
    for corpus in ("aeb", "wcxb"):
        pairs = [(p.page, t) for p, t in zip(pages, texts, strict=True) if p.page.corpus == corpus]
        if not pairs:
            continue
        scores = [metrics.score_page(corpus, page.gold, text) for page, text in pairs]
        total = metrics.aggregate(corpus, scores)
        result[corpus] = {"f1": round(total.f1, 4), "p": round(total.p, 4), "r": round(total.r, 4)}
        if corpus == "wcxb":
            by_type: dict[str, list[float]] = {}
            for (page, _), score in zip(pairs, scores, strict=True):
                by_type.setdefault(page.page_type, []).append(score.f1)
            result["wcxb_types"] = {
                k: round(statistics.mean(v), 3) for k, v in sorted(by_type.items())
            }
    return result


def out_of_fold(
    inputs: list[np.ndarray],
    pages: list[PageRows],
    folds: list,
    args: argparse.Namespace,
    name: str,
    layout: FeatureLayout,
    iterations: int,
    depth: int,
) -> tuple[list[np.ndarray], list[ObliviousEnsemble]]:
    """Out-of-fold scores of every page and the model of every fold."""
    scores: list[np.ndarray] = [np.zeros(0)] * len(pages)
    models = []
    for train, test in folds:
        model = export(
            fit(
                [inputs[i] for i in train],
                [pages[i].labels for i in train],
                iterations,
                depth,
                sample_weights(pages, train, args.weight),
            ),
            name,
            layout,
        )
        models.append(model)
        for i in test:
            scores[i] = model.predict_proba(inputs[i])
    return scores, models


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mode", choices=("text", "html"), default="text")
    parser.add_argument("--data", type=Path, default=datasets.DEFAULT_DATA)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--flatteners", default="html_text",
        help="text mode: comma-separated flatteners whose pages are mixed (benchmarks/datasets.py)",
    )  # fmt: skip
    parser.add_argument(
        "--also-evaluate", default="",
        help="text mode: flatteners whose pages are only scored, each by the fold model that "
        "did not see its site (how the models do on a flattener they were not trained on)",
    )  # fmt: skip
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--depth", type=int, default=6)
    parser.add_argument("--context-iterations", type=int, default=None)
    parser.add_argument("--context-depth", type=int, default=None)
    parser.add_argument("--stages", type=int, default=1, help="context stages after the line model")
    parser.add_argument(
        "--weight", choices=("none", "sqrt_chars", "page_sqrt_chars"), default="none"
    )
    parser.add_argument("--export", action="store_true")
    parser.add_argument(
        "--export-to", type=Path, default=MODELS,
        help="where --export writes the models (default: the package's models folder)",
    )  # fmt: skip
    parser.add_argument(
        "--fold-models", type=Path,
        help="read the fold models from this file if it exists, else write them there "
        "(to re-evaluate the cleaner without refitting)",
    )  # fmt: skip
    parser.add_argument(
        "--thresholds",
        type=lambda v: [float(x) for x in v.split(",")],
        default=[0.5],
        help="comma-separated content-score thresholds to evaluate",
    )
    parser.add_argument(
        "--save-texts", type=Path, help="write each page's cross-validated text here"
    )
    parser.add_argument(
        "--json", type=Path,
        help="also write the cross-validated figures here (docs/benchmarks/results/cv-MODE.json)",
    )  # fmt: skip
    args = parser.parse_args()
    started = environment.snapshot()
    context_iterations = args.context_iterations or args.iterations
    context_depth = args.context_depth or args.depth

    lexicon = load_lexicon(None)
    if args.mode == "text":
        labelled = [
            page
            for flattener in args.flatteners.split(",")
            for corpus in datasets.CORPORA
            for page in labelled_pages(corpus, flattener, data=args.data)
        ]
        pages = build_text_rows(labelled, lexicon)
        extra = build_text_rows(
            [
                page
                for flattener in filter(None, args.also_evaluate.split(","))
                for corpus in datasets.CORPORA
                for page in labelled_pages(corpus, flattener, data=args.data)
            ],
            lexicon,
        )
    else:
        extra = []
        pages = build_html_rows(
            labelled_html_pages("aeb", data=args.data)
            + labelled_html_pages("wcxb", data=args.data),
            lexicon,
        )
    html = args.mode == "html"
    line_layout, context_layout = HTML_LAYOUTS if html else TEXT_LAYOUTS
    line_name, context_name = f"{args.mode}-line", f"{args.mode}-context"
    hosts = sorted({p.page.host for p in pages})
    groups = np.array([hosts.index(p.page.host) for p in pages])
    folds = list(GroupKFold(args.folds).split(pages, groups=groups))

    line_inputs = [p.line_rows for p in pages]
    stage_inputs: list[list[np.ndarray]] = []
    if args.fold_models and args.fold_models.exists():
        with args.fold_models.open("rb") as handle:
            line_models, stage_models = pickle.load(handle)
        print(f"fold models read from {args.fold_models}", file=sys.stderr)
        if args.export:
            parser.error("--export fits new models: remove --fold-models or its file")
    else:
        scores, line_models = out_of_fold(
            line_inputs, pages, folds, args, line_name, line_layout, args.iterations,
            args.depth,
        )  # fmt: skip
        stage_models = []
        for stage in range(args.stages):
            inputs = [p.context_rows(s) for p, s in zip(pages, scores, strict=True)]
            scores, models = out_of_fold(
                inputs, pages, folds, args, f"{context_name}-{stage + 1}",
                context_layout, context_iterations, context_depth,
            )  # fmt: skip
            stage_inputs.append(inputs)
            stage_models.append(models)
        if args.fold_models:
            with args.fold_models.open("wb") as handle:
                pickle.dump((line_models, stage_models), handle)

    fold_of_host = {pages[i].page.host: fold for fold, (_, test) in enumerate(folds) for i in test}
    scored = pages + extra
    evaluations = []
    for threshold in args.thresholds:
        texts = [""] * len(scored)
        config = Config(threshold=threshold)
        for fold in range(len(folds)):
            stages = tuple(m[fold] for m in stage_models)
            engine = Engine(lexicon, line_models[fold], stages, dom=html)
            for i, page in enumerate(scored):
                if fold_of_host[page.page.host] == fold:
                    texts[i] = cleaned_text(page, config, engine)
        evaluations.append(
            {
                "cross_validated_by_host": score_by_flattener(scored, texts),
                "flatteners": args.flatteners if not html else "",
                "also_evaluated": args.also_evaluate if not html else "",
                "folds": args.folds,
                "stages": args.stages,
                "weight": args.weight,
                "threshold": threshold,
            }
        )
        print(json.dumps(evaluations[-1], indent=1))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "mode": args.mode,
            "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
            "environment": environment.finish(started),
            "evaluations": evaluations,
        }
        args.json.write_text(json.dumps(payload, indent=1), encoding="utf-8")
    if args.save_texts:
        for page, text in zip(scored, texts, strict=True):
            path = args.save_texts / page.flattener / page.page.corpus / f"{page.page.id}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")

    if args.export:
        everything = range(len(pages))
        labels = [p.labels for p in pages]
        exported = [
            export(
                fit(
                    line_inputs,
                    labels,
                    args.iterations,
                    args.depth,
                    sample_weights(pages, everything, args.weight),
                ),
                line_name,
                line_layout,
            )
        ]
        for stage, inputs in enumerate(stage_inputs):
            exported.append(
                export(
                    fit(
                        inputs,
                        labels,
                        context_iterations,
                        context_depth,
                        sample_weights(pages, everything, args.weight),
                    ),
                    f"{context_name}-{stage + 1}",
                    context_layout,
                )
            )
        target = args.export_to
        target.mkdir(parents=True, exist_ok=True)
        for old in target.glob(f"{args.mode}-*.json"):
            old.unlink()
        for model in exported:
            (target / f"{model.name}.json").write_text(
                json.dumps(model.to_json(), separators=(",", ":"))
            )
        print(f"exported {[m.name for m in exported]} to {target}")


if __name__ == "__main__":
    main()
