"""Griffe extension for the API page: the keyword options under the cleaning functions.

mkdocstrings reads the source without importing it, so it misses the option list that
``declutter._api`` appends to four docstrings at import time; this extension gives those
objects their run-time docstring (``api_options.markdown_docstring``). Registered in
``mkdocs.yml`` under the python handler's ``extensions``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import griffe


def _api_options() -> Any:
    """``tools/api_options.py``, loaded by path (``tools`` is not a package)."""
    spec = importlib.util.spec_from_file_location(
        "api_options", Path(__file__).resolve().parent / "api_options.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_OPTIONS = _api_options()


class OptionsInDocstrings(griffe.Extension):
    """Replace the static docstrings of the documented objects with their run-time ones."""

    def _update(self, obj: griffe.Object) -> None:
        documented = obj.parent is not None and obj.parent.path == _OPTIONS.MODULE
        if documented and obj.name in _OPTIONS.DOCUMENTED:
            text = _OPTIONS.markdown_docstring(obj.name)
            if obj.docstring is None:
                obj.docstring = griffe.Docstring(text, parent=obj)
            else:
                obj.docstring.value = text

    def on_function_instance(self, *, func: griffe.Function, **kwargs: Any) -> None:
        self._update(func)

    def on_class_instance(self, *, cls: griffe.Class, **kwargs: Any) -> None:
        self._update(cls)
