"""The SVG plots of the results page: F1 against speed per system, F1 per WCXB page type.

Plots are written so that the same figures give the same bytes (fixed hash salt, no date,
text kept as text), which keeps them small, diffable and checkable by a test. Needs
matplotlib (the ``bench`` extra).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

STYLE: dict[Any, Any] = {  # keys are matplotlib rcParams names
    "svg.hashsalt": "declutter-benchmarks",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
OURS = "#c0392b"
PEER = "#2c3e50"
OURS_SHADES = ("#c0392b", "#e6a09a", "#f5cfcb")
PEERS = ("#2c3e50", "#2980b9", "#27ae60", "#8e44ad", "#d35400", "#7f8c8d")


@dataclass(frozen=True)
class Point:
    """One system on the quality-against-speed plane."""

    label: str
    docs_per_s: float
    f1: float
    ours: bool = False
    hollow: bool = False


def scatter(
    points: Sequence[Point], title: str, x_label: str, baseline: Point | None = None
) -> str:
    """F1 against documents per second (log scale), one labelled marker per system;
    ``baseline`` (e.g. no cleaning, which does no work to time) is a dashed line at its F1."""
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(6.4, 4.0))
        axes = figure.subplots()
        if baseline is not None:
            axes.axhline(baseline.f1, color="#999999", linewidth=0.8, linestyle="--", zorder=1)
            axes.annotate(
                f"{baseline.label} (F1 {baseline.f1:.3f})",
                (0.99, baseline.f1),
                xycoords=("axes fraction", "data"),
                xytext=(0, -8),
                textcoords="offset points",
                ha="right",
                fontsize=7,
                color="#777777",
            )
        for point in points:
            colour = OURS if point.ours else PEER
            axes.scatter(
                [point.docs_per_s],
                [point.f1],
                s=36,
                color="white" if point.hollow else colour,
                edgecolors=colour,
                linewidths=1.4,
                zorder=3,
            )
        axes.set_xscale("log")
        axes.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        axes.xaxis.set_minor_formatter(NullFormatter())
        low = min(p.docs_per_s for p in points)
        high = max(p.docs_per_s for p in points)
        axes.set_xlim(low / 2.2, high * 2.2)
        bottom = min([p.f1 for p in points] + ([baseline.f1] if baseline else []))
        axes.set_ylim(max(0.0, math.floor(bottom * 20) / 20 - 0.02), 1.0)
        scale = 72.0 / figure.dpi  # display pixels -> points
        markers = [
            (float(x) * scale, float(y) * scale)
            for x, y in axes.transData.transform([(p.docs_per_s, p.f1) for p in points])
        ]
        for point, (dx, dy, align) in zip(points, _label_offsets(points, markers), strict=True):
            axes.annotate(
                point.label,
                (point.docs_per_s, point.f1),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=align,
                va="center",
                fontsize=LABEL_SIZE,
                color=OURS if point.ours else PEER,
            )
        axes.set_xlabel(x_label)
        axes.set_ylabel("F1")
        axes.set_title(title, loc="left", fontsize=10)
        axes.grid(True, which="major", linewidth=0.4, color="#dddddd")
        return _svg(figure)


LABEL_SIZE = 8.0
# Where a label may go around its marker, in order of preference: (dx, dy, alignment), points.
CANDIDATES = (
    (6.0, 0.0, "left"),
    (-6.0, 0.0, "right"),
    (6.0, 8.0, "left"),
    (6.0, -8.0, "left"),
    (-6.0, 8.0, "right"),
    (-6.0, -8.0, "right"),
    (0.0, 11.0, "center"),
    (0.0, -11.0, "center"),
    (6.0, 16.0, "left"),
    (6.0, -16.0, "left"),
)


def _label_offsets(
    points: Sequence[Point], markers: Sequence[tuple[float, float]]
) -> list[tuple[float, float, str]]:
    """A place for each label (offset in points from its marker, and alignment): the first
    candidate whose box overlaps no marker and no label placed before it (labels are placed
    from the highest F1 down); the first candidate when none is free."""
    boxes: list[tuple[float, float, float, float]] = [
        (x - 4.0, y - 4.0, x + 4.0, y + 4.0) for x, y in markers
    ]
    chosen: list[tuple[float, float, str]] = [CANDIDATES[0]] * len(points)
    for i in sorted(range(len(points)), key=lambda n: (-points[n].f1, points[n].label)):
        x, y = markers[i]
        width = 0.56 * LABEL_SIZE * len(points[i].label)
        height = 1.2 * LABEL_SIZE
        for dx, dy, align in CANDIDATES:
            left = x + dx - {"left": 0.0, "right": width, "center": width / 2}[align]
            box = (left, y + dy - height / 2, left + width, y + dy + height / 2)
            if not any(_overlap(box, other) for other in boxes):
                chosen[i] = (dx, dy, align)
                boxes.append(box)
                break
    return chosen


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def type_bars(
    systems: Sequence[tuple[str, dict[str, float], bool]], page_types: Sequence[str], title: str
) -> str:
    """Grouped bars of F1 per page type: one group per type, one bar per system.

    ``systems`` holds ``(label, {page_type: f1}, ours)``.
    """
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(8.0, 3.8))
        axes = figure.subplots()
        width = 0.8 / max(len(systems), 1)
        ours_seen = peers_seen = 0
        for n, (label, values, ours) in enumerate(systems):
            if ours:
                colour = OURS_SHADES[ours_seen % len(OURS_SHADES)]
                ours_seen += 1
            else:
                colour = PEERS[peers_seen % len(PEERS)]
                peers_seen += 1
            xs = [t + (n - (len(systems) - 1) / 2) * width for t in range(len(page_types))]
            axes.bar(
                xs,
                [values.get(kind, 0.0) for kind in page_types],
                width=width,
                label=label,
                color=colour,
            )
        axes.set_xticks(range(len(page_types)), list(page_types))
        axes.set_ylim(0.0, 1.0)
        axes.set_ylabel("word F1 (mean over pages)")
        axes.set_title(title, loc="left", fontsize=10)
        axes.grid(True, axis="y", linewidth=0.4, color="#dddddd")
        axes.set_axisbelow(True)
        axes.legend(fontsize=7, ncols=min(len(systems), 4), loc="upper center", frameon=False,
                    bbox_to_anchor=(0.5, -0.1))  # fmt: skip
        return _svg(figure)


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


def write(path: Path, svg: str) -> None:
    """Write one plot."""
    path.write_text(svg, encoding="utf-8")
