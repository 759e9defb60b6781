"""A bank on a PostgreSQL server: URLs, passwords, and a plain sentence for each failure."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from quizapp.bank import errors
from quizapp.bank.engine import Dialect, Location
from quizapp.bank.schema import SCHEMA_HEAD
from quizapp.services import Bank, open_bank
from quizapp.services import packs as pack_service

from ..postgres import TempServer


def test_a_path_is_an_sqlite_bank_and_a_url_a_postgresql_one() -> None:
    assert Location.parse("bank.sqlite3").dialect is Dialect.SQLITE
    assert Location.parse(r"C:\Users\ada\bank.sqlite3").dialect is Dialect.SQLITE
    here = Location.parse("postgresql+psycopg://ada:s%40cret@db.school.lan:5433/quizapp")
    assert here.dialect is Dialect.POSTGRESQL
    assert dict(here.params) == {
        "user": "ada",
        "password": "s@cret",
        "host": "db.school.lan",
        "port": "5433",
        "dbname": "quizapp",
    }
    assert here.display == '"quizapp" on db.school.lan:5433'
    assert "s@cret" not in here.text and "cret" not in here.text


def test_the_socket_form_of_the_url_is_understood() -> None:
    here = Location.parse("postgresql+psycopg://ada@/quizapp?host=/run/postgresql")
    assert dict(here.params) == {"user": "ada", "dbname": "quizapp", "host": "/run/postgresql"}
    assert here.display == '"quizapp" on /run/postgresql'


def test_another_kind_of_database_is_named_and_refused() -> None:
    with pytest.raises(errors.UnsupportedBank) as info:
        open_bank("mysql://root:hunter2@localhost/quiz")
    message = info.value.message
    assert '"mysql" databases are not supported' in message
    assert "postgresql+psycopg://USER@HOST:5432/DATABASE" in message
    assert "hunter2" not in message


def test_an_empty_database_becomes_a_bank(
    postgres_server: TempServer, postgres_database: str
) -> None:
    bank = open_bank(postgres_server.url(postgres_database))
    with bank.read() as db:
        assert db.value("SELECT version_num FROM alembic_version") == SCHEMA_HEAD
    assert pack_service.list_packs(bank) == []
    bank.close()


def test_a_server_that_does_not_answer_is_named(postgres_server: TempServer) -> None:
    with pytest.raises(errors.ServerUnreachable) as info:
        open_bank("postgresql+psycopg://ada:pw@127.0.0.1:1/quizapp")
    message = info.value.message
    assert '"quizapp" on 127.0.0.1:1' in message and "does not answer" in message
    assert "Check that the PostgreSQL server is running" in message
    assert ":pw@" not in message and "pw" not in message.split("(")[0]


def test_a_wrong_password_says_so_without_showing_it(
    postgres_server: TempServer, postgres_database: str
) -> None:
    wrong = postgres_server.url(postgres_database, "postgres", "not-the-password")
    with pytest.raises(errors.LoginRefused) as info:
        open_bank(wrong)
    message = info.value.message
    assert f'"{postgres_database}" on 127.0.0.1:{postgres_server.port}' in message
    assert "wrong or missing password for the login postgres" in message
    assert "not-the-password" not in message


def test_a_missing_database_is_named(postgres_server: TempServer) -> None:
    with pytest.raises(errors.DatabaseMissing) as info:
        open_bank(postgres_server.url("no_such_database"))
    assert '"no_such_database" on 127.0.0.1' in info.value.message
    assert "createdb" in info.value.message


def test_a_database_with_other_tables_is_left_alone(
    postgres_server: TempServer, postgres_database: str
) -> None:
    with postgres_server.connect(postgres_database, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id int)")
    with pytest.raises(errors.NotABank) as info:
        open_bank(postgres_server.url(postgres_database))
    assert "public.invoices" in info.value.message
    with postgres_server.connect(postgres_database) as conn:
        tables = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
    assert tables == [("invoices",)]  # nothing was created beside it


def test_a_bank_of_a_newer_quizapp_is_not_touched(
    postgres_server: TempServer, postgres_bank: Bank
) -> None:
    database = postgres_bank.location.params["dbname"]
    postgres_bank.close()
    with postgres_server.connect(database, autocommit=True) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(errors.BankTooNew, match="Update quizapp"):
        open_bank(postgres_server.url(database))


def test_the_password_can_come_from_pgpassword_or_pgpass(
    postgres_server: TempServer,
    postgres_bank: Bank,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    database = postgres_bank.location.params["dbname"]
    without = postgres_server.url(database, postgres_server.superuser)  # no password in it
    monkeypatch.setenv("PGPASSWORD", postgres_server.superuser_password)
    open_bank(without).close()
    monkeypatch.delenv("PGPASSWORD")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(
        f"127.0.0.1:{postgres_server.port}:{database}:{postgres_server.superuser}:"
        f"{postgres_server.superuser_password}\n"
    )
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    open_bank(without).close()


def test_the_unix_socket_form_connects(postgres_server: TempServer, postgres_bank: Bank) -> None:
    if postgres_server.external:
        pytest.skip("the socket of a server of your own is not known")
    database = postgres_bank.location.params["dbname"]
    user, password = postgres_server.superuser, postgres_server.superuser_password
    bank = open_bank(
        f"postgresql+psycopg://{user}:{password}@/{database}"
        f"?host={postgres_server.socket_dir}&port={postgres_server.port}"
    )
    assert pack_service.list_packs(bank) == []
    bank.close()


def test_two_computers_opening_an_empty_database_at_once_make_one_bank(
    postgres_server: TempServer, postgres_database: str
) -> None:
    target = postgres_server.url(postgres_database)
    failures: list[BaseException] = []

    def first_start() -> None:
        try:
            open_bank(target).close()
        except BaseException as e:  # pragma: no cover - reported below
            failures.append(e)

    threads = [threading.Thread(target=first_start) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    with postgres_server.connect(postgres_database) as conn:
        assert conn.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)


def test_a_server_that_goes_away_is_a_plain_error_and_the_next_call_reconnects(
    postgres_server: TempServer, postgres_bank: Bank
) -> None:
    assert pack_service.list_packs(postgres_bank) == []
    with postgres_server.admin() as conn:  # the server ends this connection (a restart...)
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (postgres_bank.location.params["dbname"],),
        )
    with pytest.raises(errors.ConnectionLost) as info:
        pack_service.list_packs(postgres_bank)
    assert "was not saved" in info.value.message
    assert pack_service.list_packs(postgres_bank) == []  # and it works again


def test_two_computers_adding_the_same_pack_or_learner_at_once_both_succeed(
    postgres_bank: Bank, mini_pack_path: Path, tmp_path: Path
) -> None:
    from quizapp.services.quiz import QuizRequest, QuizSession

    target = postgres_bank.location
    pack_service.import_files(postgres_bank, [str(mini_pack_path)])
    text = mini_pack_path.read_text(encoding="utf-8").replace('id = "mini-geo"', 'id = "geo-2"')
    folder = tmp_path
    (folder / "race.toml").write_text(text, encoding="utf-8")
    failures: list[BaseException] = []
    results: list[str] = []
    barrier = threading.Barrier(4)

    def computer(i: int) -> None:
        bank = open_bank(target)
        try:
            barrier.wait()
            if i % 2:
                [r] = pack_service.import_files(bank, [str(folder / "race.toml")])
                results.append(r.status.value)
            else:
                QuizSession.start(bank, QuizRequest("mini-geo", "Newcomer", count=1))
        except BaseException as e:  # pragma: no cover - reported below
            failures.append(e)
        finally:
            bank.close()

    threads = [threading.Thread(target=computer, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert sorted(results) == ["added", "unchanged"]
    with postgres_bank.read() as db:
        assert db.value("SELECT count(*) FROM learners") == 1
        assert db.value("SELECT count(*) FROM attempts") == 2
