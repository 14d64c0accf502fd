"""Read the JSON that the benchmark scripts write into the records the results page is made of.

``results_dir`` holds up to six files, each optional (a missing one gives a page section that
says it was not measured):

* ``quality-text.json``, ``quality-html.json``: ``quality.py --json`` (``--summary-only``);
* ``speed-text.json``, ``speed-html.json``: ``speed.py --json``;
* ``cv-text.json``, ``cv-html.json``: ``training/train.py --json``, declutter cross-validated
  by site;
* ``reference.json``: figures cited from elsewhere (the data README's reference runs of the
  peers, published results), which the page sets beside the measured ones.

A file that is there but lacks a field the page needs raises ``ResultsError`` naming the file
and the field.

>>> load(Path("/nonexistent")).quality
{}
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from declutter._config import Config

MODES = ("html", "text")
PAGE_TYPES = ("article", "collection", "documentation", "forum", "listing", "product", "service")


class ResultsError(ValueError):
    """A results file is not what the benchmark scripts write."""


@dataclass(frozen=True)
class Score:
    """A corpus-level (or page-type-level) score: F1 with its precision and recall."""

    f1: float
    p: float
    r: float
    pages: int = 0


@dataclass(frozen=True)
class QualityRow:
    """One system on one corpus in a ``quality.py`` run."""

    corpus: str
    system: str
    score: Score
    by_type: dict[str, Score]
    docs_per_s: float
    mb_per_s: float
    failures: int
    #: Pages whose output has under a fifth of the gold's words (main text lost); ``None``
    #: when the run predates that count.
    short_outputs: int | None = None


@dataclass(frozen=True)
class Run:
    """Where and how a results file was made."""

    source: str
    command: str
    environment: dict[str, Any]


@dataclass(frozen=True)
class QualityRun:
    """A ``quality.py`` run: one row per system and corpus."""

    run: Run
    jobs: int
    rows: list[QualityRow]

    def corpus(self, name: str) -> list[QualityRow]:
        """The rows of one corpus, in the order the run measured them."""
        return [row for row in self.rows if row.corpus == name]


@dataclass(frozen=True)
class SpeedRow:
    """One system in a ``speed.py`` run."""

    system: str
    docs_per_s: float
    mb_per_s: float
    best_mb_per_s: float
    ratio: float | None
    failures: int
    peak_rss_mib: float | None
    rss_delta_mib: float | None


@dataclass(frozen=True)
class SpeedRun:
    """A ``speed.py`` run on one corpus."""

    run: Run
    corpus: str
    pages: int
    megabytes: float
    unit: str
    reference: str
    repeat: int
    rows: list[SpeedRow]
    one_line_ms: dict[str, float]


@dataclass(frozen=True)
class CrossValidation:
    """declutter's figures with models that never saw the scored page's site."""

    run: Run
    folds: int
    threshold: float
    corpora: dict[str, Score]
    wcxb_types: dict[str, float]


@dataclass(frozen=True)
class Published:
    """A figure published elsewhere for a system not run here."""

    corpus: str
    system: str
    f1: float
    where: str


@dataclass(frozen=True)
class Reference:
    """Figures the runs are checked against, cited from ``source`` (``reference.json``)."""

    source: str
    quality: dict[str, dict[str, dict[str, float]]]  # mode -> corpus -> system -> F1
    wcxb_types: dict[str, dict[str, dict[str, float]]]  # mode -> system -> type -> F1
    published: list[Published]

    def f1(self, mode: str, corpus: str, system: str) -> float | None:
        """The reference F1 of ``system``, or ``None`` when the source gives none."""
        return self.quality.get(mode, {}).get(corpus, {}).get(system)


NO_REFERENCE = Reference("", {}, {}, [])


@dataclass(frozen=True)
class Results:
    """Everything found in a results folder, by mode."""

    quality: dict[str, QualityRun] = field(default_factory=dict)
    speed: dict[str, SpeedRun] = field(default_factory=dict)
    cv: dict[str, CrossValidation] = field(default_factory=dict)
    reference: Reference = NO_REFERENCE


def load(results_dir: Path) -> Results:
    """Every results file of ``results_dir`` (see the module docstring)."""
    reference = _read(results_dir / "reference.json")
    results = Results(
        reference=NO_REFERENCE if reference is None else _reference(reference, "reference.json")
    )
    for mode in MODES:
        quality = _read(results_dir / f"quality-{mode}.json")
        if quality is not None:
            results.quality[mode] = _quality(quality, f"quality-{mode}.json")
        speed = _read(results_dir / f"speed-{mode}.json")
        if speed is not None:
            results.speed[mode] = _speed(speed, f"speed-{mode}.json")
        cv = _read(results_dir / f"cv-{mode}.json")
        if cv is not None:
            results.cv[mode] = _cv(cv, f"cv-{mode}.json")
    return results


def _read(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ResultsError(f"{path.name}: not JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise ResultsError(f"{path.name}: expected a JSON object")
    return data


def _get(data: Mapping[str, Any], key: str, source: str) -> Any:
    if key not in data:
        raise ResultsError(f"{source}: no {key!r} field")
    return data[key]


def _score(data: Mapping[str, Any], source: str) -> Score:
    return Score(
        f1=float(_get(data, "f1", source)),
        p=float(_get(data, "p", source)),
        r=float(_get(data, "r", source)),
        pages=int(data.get("n", 0)),
    )


def _run(data: Mapping[str, Any], source: str, script: str, flags: tuple[str, ...]) -> Run:
    args = _get(data, "args", source)
    parts = [script]
    for flag in flags:
        value = args.get(flag.replace("-", "_"))
        if value in (None, "", False, 0) and flag != "jobs":
            continue
        parts.append(f"--{flag}" if value is True else f"--{flag} {_argument(value)}")
    return Run(source, " ".join(parts), dict(data.get("environment", {})))


def _argument(value: object) -> str:
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    return str(value)


def _quality(data: Mapping[str, Any], source: str) -> QualityRun:
    run = _run(
        data,
        source,
        "python benchmarks/quality.py",
        ("mode", "corpus", "systems", "limit", "jobs"),
    )
    rows = []
    for item in _get(data, "summary", source):
        where = f"{source}: {item.get('corpus')}/{item.get('system')}"
        rows.append(
            QualityRow(
                corpus=str(_get(item, "corpus", source)),
                system=str(_get(item, "system", source)),
                score=_score(item, where),
                by_type={
                    kind: _score(value, f"{where}/{kind}")
                    for kind, value in item.get("by_type", {}).items()
                },
                docs_per_s=float(_get(item, "docs_per_s", where)),
                mb_per_s=float(_get(item, "mb_per_s", where)),
                failures=int(_get(item, "failures", where)),
                short_outputs=len(item["short_outputs"]) if "short_outputs" in item else None,
            )
        )
    return QualityRun(run, int(data["args"].get("jobs", 1)), rows)


def _speed(data: Mapping[str, Any], source: str) -> SpeedRun:
    run = _run(
        data, source, "python benchmarks/speed.py", ("mode", "corpus", "repeat", "limit", "systems")
    )
    rows = []
    for item in _get(data, "systems", source):
        where = f"{source}: {item.get('system')}"
        memory = item.get("memory_mib") or {}
        rows.append(
            SpeedRow(
                system=str(_get(item, "system", where)),
                docs_per_s=float(_get(item, "docs_per_s", where)),
                mb_per_s=float(_get(item, "mb_per_s", where)),
                best_mb_per_s=float(_get(item, "best_mb_per_s", where)),
                ratio=item.get("ratio_to_reference"),
                failures=int(_get(item, "failures", where)),
                peak_rss_mib=memory.get("peak"),
                rss_delta_mib=memory.get("delta"),
            )
        )
    return SpeedRun(
        run=run,
        corpus=str(_get(data, "corpus", source)),
        pages=int(_get(data, "pages", source)),
        megabytes=float(_get(data, "megabytes", source)),
        unit=str(_get(data, "unit", source)),
        reference=str(_get(data, "reference", source)),
        repeat=int(data["args"].get("repeat", 0)),
        rows=rows,
        one_line_ms={k: float(v) for k, v in data.get("one_line_ms", {}).items()},
    )


def _cv(data: Mapping[str, Any], source: str) -> CrossValidation:
    run = _run(
        data,
        source,
        "python -m benchmarks.training.train",
        ("mode", "folds", "iterations", "depth", "weight", "stages", "thresholds"),
    )
    shipped = Config().threshold
    evaluations = [
        item for item in _get(data, "evaluations", source) if item.get("threshold") == shipped
    ]
    if not evaluations:
        raise ResultsError(f"{source}: no evaluation at the shipped threshold {shipped}")
    chosen = evaluations[0]
    scores = _get(chosen, "cross_validated_by_host", source)
    return CrossValidation(
        run=run,
        folds=int(_get(chosen, "folds", source)),
        threshold=float(_get(chosen, "threshold", source)),
        corpora={
            corpus: _score(scores[corpus], f"{source}: {corpus}")
            for corpus in ("aeb", "wcxb")
            if corpus in scores
        },
        wcxb_types={k: float(v) for k, v in scores.get("wcxb_types", {}).items()},
    )


def _reference(data: Mapping[str, Any], source: str) -> Reference:
    published = [
        Published(
            corpus=str(_get(item, "corpus", source)),
            system=str(_get(item, "system", source)),
            f1=float(_get(item, "f1", source)),
            where=str(_get(item, "where", source)),
        )
        for item in data.get("published", [])
    ]
    return Reference(
        source=str(_get(data, "source", source)),
        quality=_get(data, "quality", source),
        wcxb_types=data.get("wcxb_types", {}),
        published=published,
    )
