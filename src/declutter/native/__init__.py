"""The optional compiled core: which path is active, and why.

declutter computes every decision in pure Python (the reference path). When the package was
built with a C compiler, extension modules in this package (``declutter.native._*``) compute
the same things faster: the tree models, the line measurements and rules, the context columns
and the HTML walk. Each kernel must give the same results as the Python code it replaces, byte
for byte; tests and ``benchmarks/native_identity.py`` hold them equal.

``DECLUTTER_PURE_PYTHON=1`` in the environment forces the reference path; ``use(False)`` does
the same inside a process (tests compare the two paths with it).

>>> report = status()
>>> report.active == bool(report.kernels) and isinstance(report.reason, str)
True
>>> with use(False):
...     kernel("trees") is None
True
"""

from __future__ import annotations

import importlib
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import ModuleType

from declutter._errors import PurePythonWarning

#: Kernel name -> its extension module (in this package).
KERNELS = {
    "trees": "_trees",
    "lines": "_lines",
    "context": "_context",
    "walk": "_walk",
    "text": "_text",
    "decide": "_decide",
}
ENVIRONMENT_SWITCH = "DECLUTTER_PURE_PYTHON"


@dataclass(frozen=True)
class NativeStatus:
    """Which path computes declutter's decisions.

    ``kernels`` names the compiled kernels in use; ``missing`` gives, for each kernel not in
    use, the reason.
    """

    active: bool
    reason: str
    kernels: tuple[str, ...] = ()
    missing: dict[str, str] = field(default_factory=dict)


_loaded: dict[str, ModuleType] | None = None
_missing: dict[str, str] = {}
_enabled = os.environ.get(ENVIRONMENT_SWITCH, "") not in ("1", "true", "yes")


def _load() -> dict[str, ModuleType]:
    """Import every kernel once and keep those whose self-test passes.

    Kernels are published one by one as they pass, so that a self-test that runs the
    reference code (which asks for kernels) sees the kernels loaded so far, never a loop.
    """
    global _loaded
    if _loaded is None:
        loaded: dict[str, ModuleType] = {}
        _loaded = loaded
        for name, module_name in KERNELS.items():
            try:
                module = importlib.import_module(f"{__name__}.{module_name}")
            except ImportError as error:
                _missing[name] = f"not built ({error})"
                continue
            try:
                problem = getattr(module, "self_test", lambda: None)()
            except Exception as error:
                problem = f"self-test failed: {type(error).__name__}: {error}"
            if problem:
                _missing[name] = str(problem)
                continue
            loaded[name] = module
        if not loaded and _enabled:
            warnings.warn(
                "declutter: the compiled core is not installed (no C compiler at install "
                "time?); using the pure-Python path: same results, several times slower",
                PurePythonWarning,
                stacklevel=3,
            )
    return _loaded


def kernel(name: str) -> ModuleType | None:
    """The compiled kernel ``name`` (a key of ``KERNELS``), or ``None`` when the reference
    path must run (not built, failed its self-test, or switched off)."""
    if not _enabled:
        return None
    loaded = _loaded if _loaded is not None else _load()
    return loaded.get(name)


def status() -> NativeStatus:
    """Which path is active and why."""
    if not _enabled:
        return NativeStatus(
            False, f"switched off ({ENVIRONMENT_SWITCH}=1 or native.use(False))", (), {}
        )
    loaded = _load()
    if not loaded:
        return NativeStatus(False, "the compiled core is not installed", (), dict(_missing))
    names = tuple(name for name in KERNELS if name in loaded)
    reason = "compiled core active" + (
        f" ({len(_missing)} kernel(s) on the Python path)" if _missing else ""
    )
    return NativeStatus(True, reason, names, dict(_missing))


@contextmanager
def use(enabled: bool) -> Iterator[None]:
    """Run the block with the compiled core switched on or off (``False``: reference path)."""
    global _enabled
    previous = _enabled
    _enabled = enabled
    try:
        yield
    finally:
        _enabled = previous
