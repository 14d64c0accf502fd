"""Build the optional compiled core, ``declutter.native``.

Every ``src/declutter/native/*.pyx`` becomes one extension module. The build never fails for
want of a compiler or of Cython: the install then goes on without the extensions, prints one
warning, and the package runs its pure-Python path (``declutter.native.status()`` says why).
``DECLUTTER_PURE_PYTHON=1`` at build time skips the extensions on purpose;
``DECLUTTER_NATIVE_ONLY=_trees,_walk`` builds only those modules (development: rebuild one
kernel in place with ``DECLUTTER_NATIVE_ONLY=_walk python setup.py build_ext --inplace -t
build/tmp-walk``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

NATIVE = Path("src/declutter/native")
# -O3 and the host's vector units are chosen per function at run time (target_clones in the
# sources), so the wheel runs on any x86-64; no -ffast-math: results must equal the Python path's.
COMPILE_ARGS = ["-O3", "-fno-strict-aliasing", "-Wno-unused-function", "-Wno-unreachable-code"]


def _extensions() -> list[Extension]:
    if os.environ.get("DECLUTTER_PURE_PYTHON") == "1":
        return []
    try:
        from Cython.Build import cythonize
    except ImportError:
        _warn("Cython is not installed")
        return []
    only = {name for name in os.environ.get("DECLUTTER_NATIVE_ONLY", "").split(",") if name}
    modules = [
        Extension(
            f"declutter.native.{path.stem}",
            [str(path)],
            extra_compile_args=COMPILE_ARGS,
        )
        for path in sorted(NATIVE.glob("*.pyx"))
        if not only or path.stem in only
    ]
    return list(
        cythonize(
            modules,
            language_level=3,
            compiler_directives={
                "boundscheck": False,
                "wraparound": False,
                "cdivision": True,
                "initializedcheck": False,
                "embedsignature": True,
            },
            quiet=True,
        )
    )


def _warn(reason: str) -> None:
    print(
        f"WARNING: declutter: compiled core not built ({reason}); "
        "using the pure-Python path (same results, slower)",
        file=sys.stderr,
    )


class OptionalBuildExt(build_ext):
    """``build_ext`` that turns a failed compilation into a warning."""

    failures: list[str]

    def run(self) -> None:
        self.failures = []
        try:
            super().run()
        except Exception as error:
            self.failures.append(f"{type(error).__name__}: {error}")
        if self.failures:
            _warn(self.failures[0])

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as error:
            self.failures.append(f"{ext.name}: {type(error).__name__}: {error}")


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
