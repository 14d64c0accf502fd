"""Feature columns by name: the contract every scoring path implements.

A model reads a matrix of per-line feature columns. Each column is one function with one name,
registered in a ``ColumnGroup``:

- ``features.line.LINE``: context-free columns of a line's text and its rule hit;
- ``features.dom.DOM``: context-free columns of a line's place in the DOM (HTML mode);
- ``features.context.CONTEXT``: columns of a line's neighbours, of the main text block and of
  the previous stage's scores;
- ``features.dom.DOM_CONTEXT``: the scores of the containers around a line (HTML mode).

A stage's inputs are its groups' columns side by side (``FeatureLayout``). A model file lists
the names of the columns it was trained on, in its own order, and the code table of every
categorical column it reads (``Column.categories``); ``FeatureLayout.selection`` checks both when
the model is loaded, so a renamed column or a renumbered code table is an error, never a silent
drift. Adding a feature is one function and one name; retrain the models to use it.

A compiled scoring path, where there is one, computes the same columns under the same names;
tests hold the two
equal.

>>> numbers = ColumnGroup[list[float]]("demo", "a demonstration")
>>> @numbers.column("double", "twice the value")
... def _double(values: list[float]) -> FloatArray:
...     return np.array(values) * 2
>>> @numbers.column("sign", "the sign as a category", categories=("negative", "positive"))
... def _sign(values: list[float]) -> FloatArray:
...     return (np.array(values) > 0).astype(np.float64)
>>> numbers.names
('double', 'sign')
>>> numbers.matrix([-1.0, 3.0]).tolist()
[[-2.0, 0.0], [6.0, 1.0]]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import numpy as np
from numpy.typing import NDArray

from declutter._errors import ModelError

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
Inputs = TypeVar("Inputs")


@dataclass(frozen=True)
class Column(Generic[Inputs]):
    """One named feature column and the function that computes it for a document's lines."""

    name: str
    compute: Callable[[Inputs], FloatArray]
    description: str
    #: For a categorical column: the category of each code (code ``i`` is ``categories[i]``;
    #: ``len(categories)`` stands for "another value").
    categories: tuple[str, ...] | None = None
    #: Context columns: whether the column depends on the previous stage's scores (else it is
    #: computed once per document and reused by every stage).
    per_stage: bool = True


class ColumnGroup(Generic[Inputs]):
    """An ordered registry of columns computed from the same inputs."""

    def __init__(self, name: str, description: str) -> None:
        self.name = name
        self.description = description
        self._columns: dict[str, Column[Inputs]] = {}

    def column(
        self,
        name: str,
        description: str,
        *,
        categories: tuple[str, ...] | None = None,
        per_stage: bool = True,
    ) -> Callable[[Callable[[Inputs], FloatArray]], Callable[[Inputs], FloatArray]]:
        """Register the decorated function as the column ``name``."""

        def register(compute: Callable[[Inputs], FloatArray]) -> Callable[[Inputs], FloatArray]:
            self.add(Column(name, compute, description, categories, per_stage))
            return compute

        return register

    def add(self, column: Column[Inputs]) -> None:
        """Register ``column`` (names are unique within a group)."""
        if column.name in self._columns:
            raise ValueError(f"column {column.name!r} is registered twice in {self.name!r}")
        self._columns[column.name] = column

    @property
    def names(self) -> tuple[str, ...]:
        """The column names, in registration order (the order of ``matrix``)."""
        return tuple(self._columns)

    def __iter__(self) -> Iterator[Column[Inputs]]:
        return iter(self._columns.values())

    def __getitem__(self, name: str) -> Column[Inputs]:
        return self._columns[name]

    def __len__(self) -> int:
        return len(self._columns)

    def matrix(
        self, inputs: Inputs, rows: int | None = None, cache: dict[str, FloatArray] | None = None
    ) -> FloatArray:
        """Every column of the group for ``inputs`` (lines x columns, float64), stored column
        by column (Fortran order: the models read whole columns).

        ``rows`` is the number of lines, needed only when there may be none; with ``cache``,
        columns that are not ``per_stage`` are computed once and read from it after.
        """
        return self.columns(inputs, rows, cache).T

    def columns(
        self, inputs: Inputs, rows: int | None = None, cache: dict[str, FloatArray] | None = None
    ) -> FloatArray:
        """``matrix`` transposed: one row per column (columns x lines, C order)."""
        if rows == 0:
            return np.empty((len(self._columns), 0))
        values = []
        for column in self._columns.values():
            if cache is None or column.per_stage:
                values.append(column.compute(inputs))
                continue
            value = cache.get(column.name)
            if value is None:
                value = cache[column.name] = column.compute(inputs)
            values.append(value)
        return np.stack(values, dtype=np.float64)


class FeatureLayout:
    """The columns of one model stage: the columns of its groups, side by side.

    >>> group = ColumnGroup[int]("g", "demo")
    >>> for name in ("a", "b", "c"):
    ...     group.add(Column(name, lambda n: np.zeros(n), name))
    >>> layout = FeatureLayout((group,))
    >>> layout.selection(("a", "b", "c"), {}, "m") is None  # the layout's own order
    True
    >>> layout.selection(("c", "a"), {}, "m").tolist()
    [2, 0]
    >>> layout.selection(("a", "z"), {}, "m")
    Traceback (most recent call last):
    ...
    declutter._errors.ModelError: model 'm' reads columns this version does not compute: z; ...
    """

    def __init__(self, groups: Sequence[ColumnGroup[Any]]) -> None:
        self.groups = tuple(groups)
        self.columns: tuple[Column[Any], ...] = tuple(c for g in self.groups for c in g)
        self.names = tuple(column.name for column in self.columns)
        self._index = {name: i for i, name in enumerate(self.names)}
        if len(self._index) != len(self.names):
            raise ValueError(f"duplicate column names in {[g.name for g in self.groups]}")

    def selection(
        self, names: Sequence[str], categories: Mapping[str, Sequence[str]], model: str
    ) -> IntArray | None:
        """The positions of a model's columns ``names`` in this layout (``None``: the layout's
        own order, no selection needed), after checking that every column exists here and that
        every categorical column has the code table the model was trained with."""
        missing = [name for name in names if name not in self._index]
        if missing:
            raise ModelError(
                f"model {model!r} reads columns this version does not compute: "
                f"{', '.join(missing)}; retrain it with benchmarks/training/train.py"
            )
        for name in names:
            table = self.columns[self._index[name]].categories
            if table is None:
                continue
            trained = categories.get(name)
            if trained is None:
                raise ModelError(
                    f"model {model!r} does not say which categories the codes of column "
                    f"{name!r} stand for; retrain it with benchmarks/training/train.py"
                )
            if tuple(trained) != table:
                raise ModelError(
                    f"model {model!r} was trained with other codes for column {name!r} "
                    f"({_difference(tuple(trained), table)}); retrain it with "
                    "benchmarks/training/train.py"
                )
        positions = np.array([self._index[name] for name in names], dtype=np.intp)
        if len(positions) == len(self.names) and (positions == np.arange(len(positions))).all():
            return None
        return positions

    def categories(self) -> dict[str, list[str]]:
        """The code table of every categorical column, as a model file stores it."""
        return {c.name: list(c.categories) for c in self.columns if c.categories is not None}


def _difference(trained: tuple[str, ...], current: tuple[str, ...]) -> str:
    for code, (old, new) in enumerate(zip(trained, current, strict=False)):
        if old != new:
            return f"code {code} was {old!r}, is now {new!r}"
    return f"{len(trained)} codes then, {len(current)} now"
