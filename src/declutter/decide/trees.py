"""Scored models shipped as data: boosted oblivious trees evaluated with numpy.

An oblivious tree asks the same question of every node at one depth, so a whole ensemble is
evaluated for all lines at once: compare each line's features with every split border, read the
answers of a tree as the bits of its leaf index, add up the leaves.

Models are JSON files in ``declutter/models/`` (schema ``declutter.model/2``), trained by
``benchmarks/training/train.py`` from the development sets. A model file names its feature
columns in its own order and carries the code table of each categorical column it reads
(``categories``), which ``features.columns.FeatureLayout`` checks against the code.

>>> model = ObliviousEnsemble(
...     name="demo", features=("chars",), bias=-1.0,
...     split_features=np.array([[0]]), borders=np.array([[40.0]]),
...     leaf_values=np.array([[0.0, 3.0]]))
>>> [round(float(p), 2) for p in model.predict_proba(np.array([[10.0], [200.0]]))]
[0.27, 0.88]
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import NDArray

from declutter._errors import ModelError

MODEL_SCHEMA = "declutter.model/2"

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class ObliviousEnsemble:
    """Boosted oblivious trees.

    ``split_features`` and ``borders`` are (trees x depth) arrays, ``leaf_values`` is
    (trees x 2^depth).
    """

    name: str
    features: tuple[str, ...]
    bias: float
    split_features: NDArray[np.intp]
    borders: FloatArray
    leaf_values: FloatArray
    #: Categorical column name -> the category of each code, as in training.
    categories: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        trees, depth = self.split_features.shape
        if self.borders.shape != (trees, depth) or self.leaf_values.shape != (trees, 1 << depth):
            raise ModelError(f"model {self.name!r}: inconsistent array shapes")
        if depth > 8:
            raise ModelError(f"model {self.name!r}: trees deeper than 8 levels are not supported")
        # Level-major copies: the answers of one level of every tree are one contiguous block.
        object.__setattr__(self, "_level_features", self.split_features.T.reshape(-1))
        object.__setattr__(self, "_level_borders", self.borders.T.reshape(-1)[:, None])
        object.__setattr__(
            self, "_leaf_offsets", (np.arange(trees, dtype=np.intp) << depth)[:, None]
        )
        object.__setattr__(self, "_leaves", self.leaf_values.reshape(-1))

    def margin(self, rows: FloatArray) -> FloatArray:
        """The raw score (log-odds) of each row of ``rows`` (lines x features)."""
        if rows.shape[0] == 0:
            return np.zeros(0)
        trees, depth = self.split_features.shape
        columns = rows.T
        answers = columns[self._level_features] > self._level_borders  # type: ignore[attr-defined]
        bits = answers.view(np.uint8).reshape(depth, trees, -1)
        leaf = bits[0].copy()
        for level in range(1, depth):
            leaf |= bits[level] << level
        values = np.take(self._leaves, self._leaf_offsets + leaf)  # type: ignore[attr-defined]
        return np.asarray(values.sum(axis=0) + self.bias)

    def predict_proba(self, rows: FloatArray) -> FloatArray:
        """The content probability of each row."""
        return probability(self.margin(rows))

    def to_json(self) -> dict[str, Any]:
        """The model as a JSON-ready dict."""
        return {
            "schema": MODEL_SCHEMA,
            "type": "oblivious_trees",
            "name": self.name,
            "features": list(self.features),
            "bias": self.bias,
            "split_features": self.split_features.tolist(),
            "borders": self.borders.tolist(),
            "leaf_values": self.leaf_values.tolist(),
            "categories": {name: list(codes) for name, codes in sorted(self.categories.items())},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ObliviousEnsemble:
        """Build a model from its JSON form."""
        if data.get("schema") != MODEL_SCHEMA or data.get("type") != "oblivious_trees":
            raise ModelError(
                f"not a {MODEL_SCHEMA} oblivious_trees model (schema {data.get('schema')!r}); "
                "retrain it with benchmarks/training/train.py"
            )
        try:
            return cls(
                name=str(data["name"]),
                features=tuple(map(str, data["features"])),
                bias=float(data["bias"]),
                split_features=np.asarray(data["split_features"], dtype=np.intp),
                borders=np.asarray(data["borders"], dtype=np.float64),
                leaf_values=np.asarray(data["leaf_values"], dtype=np.float64),
                categories={str(k): tuple(map(str, v)) for k, v in data["categories"].items()},
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            name = data.get("name", "?")
            raise ModelError(
                f"model {name!r}: malformed {MODEL_SCHEMA} file ({error!r})"
            ) from error


def probability(margin: FloatArray) -> FloatArray:
    """The logistic function of each margin (one numpy expression: both scoring paths use it,
    so their probabilities are equal bit for bit)."""
    return np.asarray(1.0 / (1.0 + np.exp(-margin)))


@lru_cache(maxsize=8)
def load_model(name: str) -> ObliviousEnsemble:
    """The packaged model ``declutter/models/<name>.json``."""
    path = resources.files("declutter.models") / f"{name}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ModelError(f"cannot read model {name!r}: {error}") from error
    return ObliviousEnsemble.from_json(data)
