"""The seams of the architecture: Qt only in ui/, no SQLAlchemy in core/ or packs/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "quizapp"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def files_in(*parts: str) -> list[Path]:
    return sorted(PACKAGE.joinpath(*parts).rglob("*.py"))


def roots(path: Path) -> set[str]:
    return {name.split(".")[0] for name in imported_modules(path)}


@pytest.mark.parametrize(
    "path", [p for p in files_in() if "ui" not in p.relative_to(PACKAGE).parts[:1]], ids=str
)
def test_nothing_outside_ui_imports_qt(path: Path) -> None:
    assert not roots(path) & {"PySide6", "shiboken6", "PyQt5", "PyQt6"}


@pytest.mark.parametrize("path", files_in("core") + files_in("packs"), ids=str)
def test_core_and_packs_do_not_import_sqlalchemy_or_alembic(path: Path) -> None:
    assert not roots(path) & {"sqlalchemy", "alembic"}


@pytest.mark.parametrize("path", files_in("core"), ids=str)
def test_core_depends_on_nothing_but_the_standard_library(path: Path) -> None:
    modules = imported_modules(path)
    outside = {
        m for m in modules if m.split(".")[0] not in {"quizapp", "__future__"} and not _stdlib(m)
    }
    assert outside == set()
    assert not {m for m in modules if m.startswith("quizapp.") and not m.startswith("quizapp.core")}


@pytest.mark.parametrize("path", files_in("ui"), ids=str)
def test_ui_talks_to_services_not_to_the_bank(path: Path) -> None:
    modules = imported_modules(path)
    assert not {m for m in modules if m.startswith(("quizapp.bank", "sqlalchemy"))}


def _stdlib(module: str) -> bool:
    import sys

    return module.split(".")[0] in sys.stdlib_module_names


def test_the_checks_see_the_files() -> None:
    assert len(files_in()) > 10
    assert files_in("core") and files_in("packs")
