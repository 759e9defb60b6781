"""Shared fixtures: an isolated environment, fresh banks on SQLite and PostgreSQL, test packs.

The PostgreSQL server is the test session's own (``tests.postgres``): started once, stopped
at the end. Each test that asks for a PostgreSQL bank gets a new database of its own, copied
from a template at the newest schema. Without PostgreSQL's programs the tests that need it
fail with what to install; ``QUIZAPP_TEST_POSTGRES=skip`` skips them instead, on purpose.
"""

from __future__ import annotations

import os

# Before any QApplication exists: the tests never need a display.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

import csv
import io
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizapp.services import Bank, open_bank

from .helpers import import_text, numbers_pack, write
from .postgres import NoServer, TempServer

ENGINES = ("sqlite", "postgresql")
TEMPLATE = "quizapp_template"
_databases = itertools.count(1)

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent


# -- CI runs every test: with QUIZAPP_TEST_NO_SKIPS=1 (set by .ci/run) a skip fails the run -----

_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        _skipped.append(report.nodeid)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _skipped and os.environ.get("QUIZAPP_TEST_NO_SKIPS") == "1":
        terminalreporter.write_line(
            f"QUIZAPP_TEST_NO_SKIPS=1 and {len(_skipped)} test(s) skipped: the run fails "
            f"(first: {_skipped[0]})",
            red=True,
        )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _skipped and os.environ.get("QUIZAPP_TEST_NO_SKIPS") == "1":
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Nothing a test does touches the real user folders; no bundled packs unless asked."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("QUIZAPP_LOG_DIR", str(home / "log"))
    monkeypatch.setenv("QUIZAPP_DB", str(home / "bank.sqlite3"))
    monkeypatch.setenv("QUIZAPP_BUNDLED_DIR", "")
    return home


@pytest.fixture
def bank_path(tmp_path: Path) -> Path:
    return tmp_path / "bank.sqlite3"


@pytest.fixture
def bank(bank_path: Path) -> Iterator[Bank]:
    """A fresh, empty SQLite bank in a temporary folder (tests/bank and tests/services
    replace it with ``any_bank``, which also runs them on PostgreSQL)."""
    b = open_bank(bank_path)
    yield b
    b.close()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[TempServer]:
    """The test session's PostgreSQL server."""
    if os.environ.get("QUIZAPP_TEST_POSTGRES") == "skip":
        pytest.skip("QUIZAPP_TEST_POSTGRES=skip")
    try:
        server = TempServer.start()
    except NoServer as e:
        pytest.fail(str(e), pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_template(postgres_server: TempServer) -> str:
    """A database holding an empty bank at the newest schema, to copy for each test."""
    postgres_server.drop_database(TEMPLATE)
    postgres_server.create_database(TEMPLATE)
    open_bank(postgres_server.url(TEMPLATE)).close()
    return TEMPLATE


@pytest.fixture
def postgres_database(postgres_server: TempServer) -> Iterator[str]:
    """The name of a new, empty database (no tables) of this test's own."""
    name = f"quizapp_test_{os.getpid()}_{next(_databases)}"
    postgres_server.create_database(name)
    yield name
    postgres_server.drop_database(name)


@pytest.fixture
def postgres_bank(postgres_server: TempServer, postgres_template: str) -> Iterator[Bank]:
    """A fresh, empty bank in a database of this test's own."""
    name = f"quizapp_test_{os.getpid()}_{next(_databases)}"
    postgres_server.create_database(name, template=postgres_template)
    b = open_bank(postgres_server.url(name))
    yield b
    b.close()
    postgres_server.drop_database(name)


@pytest.fixture(params=ENGINES)
def any_bank(request: pytest.FixtureRequest) -> Bank:
    """A fresh, empty bank: the test runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("bank_sqlite")
    return request.getfixturevalue("postgres_bank")


@pytest.fixture
def bank_sqlite(bank_path: Path) -> Iterator[Bank]:
    b = open_bank(bank_path)
    yield b
    b.close()


@pytest.fixture
def mini_pack_path() -> Path:
    return DATA / "mini.toml"


# -- a school bank (PostgreSQL with roles and logins) -------------------------------------------


def _cli(*argv: str) -> tuple[int, str, str]:
    from quizapp.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _drop_logins(server: TempServer) -> None:
    import psycopg

    with server.admin() as conn:
        roles = [
            r[0]
            for r in conn.execute(
                "SELECT rolname FROM pg_roles WHERE rolname NOT LIKE 'pg\\_%' AND NOT rolsuper"
            )
        ]
        for role in roles:
            conn.execute(psycopg.sql.SQL("DROP ROLE {}").format(psycopg.sql.Identifier(role)))


@pytest.fixture
def school(
    postgres_server: TempServer, postgres_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The URL of a new school bank (roles made, the numbers pack in it), as its owner."""
    target = postgres_server.url(postgres_database)
    code, _out, err = _cli("--db", target, "school", "init")
    assert code == 0, err
    bank = open_bank(target)
    import_text(bank, tmp_path_factory.mktemp("school"), numbers_pack(4))
    bank.close()
    yield target
    postgres_server.drop_database(postgres_database)
    _drop_logins(postgres_server)


@pytest.fixture
def logins(school: str, tmp_path: Path) -> dict[str, dict[str, str]]:
    """Ana and Ben as learners (from a roster), Tess as a teacher: name -> their row."""
    roster = write(tmp_path, "roster.csv", "name,class\nAna García,5B\nBen Okafor,5B\n")
    code, out, err = _cli("--db", school, "school", "add-learners", str(roster), "-o",
                         str(tmp_path / "logins.csv"))  # fmt: skip
    assert code == 0, err
    rows = {
        r["name"]: r for r in csv.DictReader(io.StringIO((tmp_path / "logins.csv").read_text()))
    }
    code, out, err = _cli("--db", school, "school", "add-teacher", "tess")
    assert code == 0, err
    password = out.split("password: ")[1].split()[0]
    rows["tess"] = {"name": "tess", "class": "", "login": "tess", "password": password}
    return rows
