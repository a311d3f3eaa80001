"""The extractor's compiled modules: used where current, their sources where edited since."""

import importlib.machinery
import os
from pathlib import Path

import kg.loaders
import kg.loaders.extract
from kg.loaders import use_source

BUILD = importlib.machinery.EXTENSION_SUFFIXES[0]


def _module_pair(folder: Path, source_age: int, build_age: int) -> Path:
    source, build = folder / "step.py", folder / f"step{BUILD}"
    source.write_text("X = 1\n", encoding="utf-8")
    build.write_bytes(b"\x7fELF")
    for path, age in ((source, source_age), (build, build_age)):
        os.utime(path, (path.stat().st_atime - age, path.stat().st_mtime - age))
    return source


def test_a_source_edited_after_its_build_is_used(tmp_path: Path) -> None:
    assert use_source(_module_pair(tmp_path, source_age=0, build_age=60))


def test_a_build_newer_than_its_source_is_used(tmp_path: Path) -> None:
    assert not use_source(_module_pair(tmp_path, source_age=60, build_age=0))


def test_imported_by_its_path_the_source_is_used(tmp_path: Path) -> None:
    assert use_source(_module_pair(tmp_path, source_age=60, build_age=0), by_path=True)


def test_a_module_never_built_is_left_to_the_usual_import(tmp_path: Path) -> None:
    source = tmp_path / "step.py"
    source.write_text("X = 1\n", encoding="utf-8")
    assert not use_source(source)


def test_the_installed_extractor_is_its_build_where_one_is_current() -> None:
    source = Path(kg.loaders.__file__).parent / "extract.py"
    built = [source.with_suffix(s) for s in importlib.machinery.EXTENSION_SUFFIXES if source.with_suffix(s).exists()]
    expected = source if not built or use_source(source) else built[0]
    assert Path(kg.loaders.extract.__file__) == expected
