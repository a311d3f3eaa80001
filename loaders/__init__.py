"""Extraction: read a bulletin, split it, find its facts (see :mod:`kg.loaders.extract`).

The modules are compiled with Cython when the package is built (``setup.py``). A module is
imported from its source instead where the source is newer than its build (edited since, or
updated by ``git pull``: ``pip install -e .`` compiles again), and where this folder is imported
by its path as ``loaders`` (pytest's doctests, which check the source as written).
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
from pathlib import Path

_HERE = Path(__file__).parent


def use_source(source: Path, by_path: bool = False) -> bool:
    """Whether the module in ``source`` is to be imported from it rather than from its build:
    it has one, and it is older than the source or the package was imported by its path."""
    built = [source.with_suffix(suffix) for suffix in importlib.machinery.EXTENSION_SUFFIXES]
    times = [b.stat().st_mtime for b in built if b.exists()]
    return bool(times) and source.exists() and (by_path or source.stat().st_mtime > max(times))


class _Source:
    """Finds a module of this package from its source where :func:`use_source` says so."""

    @staticmethod
    def find_spec(name: str, path: object = None, target: object = None) -> importlib.machinery.ModuleSpec | None:
        package, _, module = name.rpartition(".")
        source = _HERE / f"{module}.py"
        if package == __name__ and use_source(source, by_path=__name__ != "kg.loaders"):
            return importlib.util.spec_from_file_location(name, source)
        return None


sys.meta_path.insert(0, _Source)
