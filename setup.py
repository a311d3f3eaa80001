"""Build step: the extractor's modules (``kg.loaders``) are compiled with Cython, for speed.

Compiled or not, they give the same facts; compiled, they take less CPU (docs/benchmarks.md).
Without a C compiler (or without Cython, in a build that does not install ``pyproject.toml``'s
build requirements) they install as plain Python: each extension is optional. ``pip install -e .``
builds them next to their sources; a source edited since is imported as source until the next
build (``loaders/__init__.py``). Everything else about the package is in ``pyproject.toml``.
"""

import os
from pathlib import Path

from setuptools import Extension, setup

COMPILED = sorted(p for p in Path("loaders").glob("*.py") if p.name != "__init__.py")
FLAGS = ["-O2", "-g0"]  # after Python's own -O3 -g: a shorter build, no debug tables
# annotations stay hints (annotation_typing off): a dict[...] may hold a defaultdict, as in Python
DIRECTIVES = {"language_level": 3, "annotation_typing": False}


def extensions() -> list[Extension]:
    try:
        from Cython.Build import cythonize
    except ImportError:
        return []
    modules = [Extension(f"kg.loaders.{p.stem}", [str(p)], extra_compile_args=FLAGS, optional=True) for p in COMPILED]
    return cythonize(modules, quiet=True, compiler_directives=DIRECTIVES)


setup(ext_modules=extensions(), options={"build_ext": {"parallel": os.cpu_count() or 1}})
