"""The seams of the architecture: ui/cli -> services -> bank/packs -> core, and nothing back.

Qt only in ui/; the bank only through services; SQLAlchemy only where the schema is defined
and migrated; the start path light.
"""

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


@pytest.mark.parametrize("path", [*files_in("ui"), PACKAGE / "cli.py"], ids=str)
def test_ui_and_cli_talk_to_services_not_to_the_bank(path: Path) -> None:
    modules = imported_modules(path)
    assert not {m for m in modules if m.startswith(("quizapp.bank", "sqlalchemy", "psycopg"))}


@pytest.mark.parametrize("path", files_in("ui"), ids=str)
def test_ui_does_not_reach_into_the_pack_formats(path: Path) -> None:
    assert not {m for m in imported_modules(path) if m.startswith("quizapp.packs")}


@pytest.mark.parametrize("path", files_in("bank") + files_in("packs") + files_in("core"), ids=str)
def test_lower_layers_never_import_the_layers_above(path: Path) -> None:
    above = ("quizapp.services", "quizapp.ui", "quizapp.cli")
    if "packs" in path.relative_to(PACKAGE).parts[:1]:
        above += ("quizapp.bank",)
    assert not {m for m in imported_modules(path) if m.startswith(above)}


# The schema is defined (models) and migrated (schema, migrations) with SQLAlchemy; every query
# runs through bank.engine, so no other module of the bank may import it.
SCHEMA_MODULES = {"models.py", "schema.py", "transfer.py"}


@pytest.mark.parametrize(
    "path",
    [
        p
        for p in files_in("bank")
        if p.name not in SCHEMA_MODULES and "migrations" not in p.relative_to(PACKAGE).parts
    ],
    ids=str,
)
def test_queries_do_not_use_sqlalchemy(path: Path) -> None:
    assert not roots(path) & {"sqlalchemy", "alembic"}


def test_the_start_path_loads_neither_sqlalchemy_nor_pydantic() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import quizapp.services.quiz, quizapp.services.bundled, quizapp.cli, "
        "quizapp.services.classroom, quizapp.services.study; "
        "print(sorted(m for m in ('sqlalchemy', 'alembic', 'pydantic', 'psycopg', 'fsrs', "
        "'genanki') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_command_line_lists_the_formats_without_loading_any_of_them() -> None:
    """Its options come from the formats' registry; reading that table loads no format."""
    import subprocess
    import sys

    code = (
        "import sys; from quizapp.cli import build_parser; build_parser(); "
        "print(sorted(m for m in sys.modules if m in ('pydantic', 'genanki', 'sqlalchemy') "
        "or m.startswith('quizapp.packs.') and m not in "
        "('quizapp.packs.registry', 'quizapp.packs.formats')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_start_screen_counts_facts_to_study_without_loading_fsrs(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from quizapp.services import open_bank, packs, quiz; "
        f"bank = open_bank({str(tmp_path / 'bank.sqlite3')!r}); "
        f"packs.import_files(bank, [{str(Path(__file__).parent / 'data' / 'mini.toml')!r}]); "
        "screen = quiz.start_screen(bank, 'Ada'); "
        "print('fsrs' in sys.modules, screen.study['mini-geo'].new)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False 2"  # two facts: "capitals" and "treaty-signed"


def _stdlib(module: str) -> bool:
    import sys

    return module.split(".")[0] in sys.stdlib_module_names


def test_the_checks_see_the_files() -> None:
    assert len(files_in()) > 10
    assert files_in("core") and files_in("packs")


def test_the_window_loads_the_classroom_only_when_it_is_used() -> None:
    """The start screen is on screen before the class code, hand-in and report code loads."""
    import subprocess
    import sys

    code = (
        "import sys; import quizapp.ui.app; "
        "print(sorted(m for m in ('quizapp.services.classroom', 'quizapp.core.item_analysis') "
        "if m in sys.modules))"
    )
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout.strip() == "[]"
