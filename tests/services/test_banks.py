"""Moving and keeping banks: copies between engines, backups and restores."""

from __future__ import annotations

import io
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.services import Bank, ServiceError, open_bank
from quizapp.services import banks as bank_service
from quizapp.services import packs as pack_service
from quizapp.services import quiz as quiz_service
from quizapp.services.quiz import QuizRequest, QuizSession

from ..helpers import FakeClock, row_counts, table_names, write_select_all
from ..postgres import TempServer


def _fill(bank: Bank, tmp_path: Path) -> None:
    """Packs with pictures, two learners, a finished and an unfinished attempt, settings."""
    pack_service.import_files(bank, [str(write_select_all(tmp_path))])
    clock = FakeClock()
    for learner in ("Ada", "Grace"):
        session = QuizSession.start(bank, QuizRequest("select", learner, count=None), clock)
        q = session.current
        assert q is not None
        session.choose_many([0]) if q.type.value == "multiple_response" else session.choose(0)
        clock.advance(7.25)
        if learner == "Ada":
            session.next()
            session.finish()


def _everything(bank: Bank) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, normalised the way the copy check compares them."""
    from quizapp.bank import transfer

    with bank.read() as db:
        return {
            t.name: [row for batch in transfer._rows(db, t) for row in batch]
            for t in transfer.tables()
        }


def test_a_bank_goes_to_postgresql_and_back_unchanged(
    tmp_path: Path, postgres_server: TempServer, postgres_database: str
) -> None:
    start = tmp_path / "teacher.sqlite3"
    first = open_bank(start)
    _fill(first, tmp_path)
    before = _everything(first)
    first.close()
    server = postgres_server.url(postgres_database)

    there = bank_service.copy_bank(start, server)
    assert there.same and there.rows == sum(len(rows) for rows in before.values())
    assert {t.table for t in there.tables} == set(table_names())
    back = tmp_path / "back.sqlite3"
    assert bank_service.copy_bank(server, back).same

    again = open_bank(back)
    assert _everything(again) == before
    # ... and it still works: history, review with pictures, a new attempt after the copied ids.
    unfinished = quiz_service.start_screen(again, "Grace").unfinished
    assert unfinished is not None
    resumed = QuizSession.resume(again, unfinished.id)
    assert any(c.image for q in resumed.run.questions for c in q.choices)
    again.close()
    on_server = open_bank(server)
    new = QuizSession.start(on_server, QuizRequest("select", "Ada", count=1))
    assert new.run.attempt_id > max(row[0] for row in before["attempts"])
    on_server.close()


def test_a_copy_never_goes_into_a_bank_that_holds_data(bank: Bank, tmp_path: Path) -> None:
    source = tmp_path / "source.sqlite3"
    open_bank(source).close()
    pack_service.import_files(bank, [str(write_select_all(tmp_path))])
    before = row_counts(bank)
    with pytest.raises(ServiceError, match="already holds data"):
        bank_service.copy_bank(source, bank.location)
    assert row_counts(bank) == before


def test_a_bank_is_not_copied_onto_itself(tmp_path: Path) -> None:
    with pytest.raises(ServiceError, match="the same bank"):
        bank_service.copy_bank(tmp_path / "a.sqlite3", tmp_path / "." / "a.sqlite3")


def test_the_copy_command_prints_what_it_copied_and_checked(tmp_path: Path) -> None:
    source = tmp_path / "source.sqlite3"
    bank = open_bank(source)
    _fill(bank, tmp_path)
    bank.close()
    out, err = io.StringIO(), io.StringIO()
    code = main(["bank", "copy", str(source), str(tmp_path / "copy.sqlite3")], out=out, err=err)
    assert code == 0, err.getvalue()
    text = out.getvalue()
    assert "  packs: 1 row(s)" in text and "  responses: 2 row(s)" in text
    assert "holds the same rows" in text and "SHA-256" in text


# -- backups -----------------------------------------------------------------------------------


def test_a_backup_taken_while_the_bank_is_in_use_is_a_whole_bank(tmp_path: Path) -> None:
    path = tmp_path / "bank.sqlite3"
    bank = open_bank(path)
    _fill(bank, tmp_path)
    with bank.transaction() as db:  # a change still being made while the backup is taken
        db.run("INSERT INTO settings (key, value) VALUES ('x', 'not yet')")
        target = bank_service.backup_bank(bank, tmp_path / "out" / "copy.sqlite3")
    copy = open_bank(target)
    assert [p.id for p in pack_service.list_packs(copy)] == ["select"]
    assert row_counts(copy)["responses"] == row_counts(bank)["responses"]
    with copy.read() as db:
        assert db.value("SELECT count(*) FROM settings WHERE key = 'x'") == 0  # not committed
    copy.close()
    bank.close()


def test_one_backup_a_day_and_only_the_last_seven_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "bank.sqlite3"
    open_bank(path).close()
    made = [bank_service.daily_backup(path, date(2026, 12, d)) for d in range(1, 11)]
    assert all(made)
    assert bank_service.daily_backup(path, date(2026, 12, 10)) is None  # one a day
    kept = sorted(p.name for p in (tmp_path / "backups").iterdir())
    assert kept == [f"bank-2026-12-{d:02d}.sqlite3" for d in range(4, 11)]


def test_a_restore_keeps_the_bank_it_replaces(tmp_path: Path) -> None:
    path = tmp_path / "bank.sqlite3"
    bank = open_bank(path)
    pack_service.import_files(bank, [str(write_select_all(tmp_path))])
    saved = bank_service.backup_bank(bank, tmp_path / "saved.sqlite3")
    pack_service.remove_pack(bank, "select")
    kept = bank_service.restore_bank(bank, saved, datetime(2026, 12, 1, 10, 0))
    assert kept.name == "bank-before-restore-20261201-100000.sqlite3"
    again = open_bank(path)
    assert [p.id for p in pack_service.list_packs(again)] == ["select"]
    again.close()
    before = open_bank(kept)
    assert pack_service.list_packs(before) == []
    before.close()


def test_only_a_quizapp_bank_can_be_restored(tmp_path: Path) -> None:
    path = tmp_path / "bank.sqlite3"
    bank = open_bank(path)
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.commit()
    con.close()
    from quizapp.bank.errors import NotABank

    with pytest.raises(NotABank):
        bank_service.restore_bank(bank, other)
    assert not (tmp_path / "backups").exists()
    bank.close()


def test_restore_asks_first_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "bank.sqlite3"
    bank = open_bank(path)
    saved = bank_service.backup_bank(bank, tmp_path / "saved.sqlite3")
    bank.close()
    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", str(path), "bank", "restore", str(saved)], out=out, err=err)
    assert code == 2 and "add --yes" in err.getvalue()
    code = main(["--db", str(path), "bank", "restore", str(saved), "--yes"], out=out, err=err)
    assert code == 0 and "kept in" in out.getvalue()


def test_a_postgresql_bank_is_backed_up_with_pg_dump(postgres_bank: Bank) -> None:
    with pytest.raises(ServiceError, match="pg_dump"):
        bank_service.backup_bank(postgres_bank)


def test_the_daily_backup_runs_beside_the_app_and_a_failure_only_goes_to_the_log(
    tmp_path: Path, isolated_env: Path
) -> None:
    path = tmp_path / "bank.sqlite3"
    bank = open_bank(path)
    thread = bank_service.daily_backup_in_background(bank, date(2026, 12, 1))
    assert thread is not None
    thread.join(timeout=30)
    assert (tmp_path / "backups" / "bank-2026-12-01.sqlite3").exists()
    bank.close()
    other = tmp_path / "other"
    other.mkdir()
    (other / "backups").write_text("a file where the backups folder should be")
    elsewhere = open_bank(other / "bank.sqlite3")
    thread = bank_service.daily_backup_in_background(elsewhere, date(2026, 12, 2))
    assert thread is not None
    thread.join(timeout=30)
    log = (isolated_env / "log" / "quizapp.log").read_text()
    assert f"the daily backup of {other / 'bank.sqlite3'} failed" in log
    elsewhere.close()


def test_a_copy_is_checked_whatever_order_the_server_sorts_text_in(
    tmp_path: Path, postgres_server: TempServer
) -> None:
    source = tmp_path / "source.sqlite3"
    bank = open_bank(source)
    with bank.transaction() as db:  # keys that sort one way by bytes, another by language
        for key in ("Zeta", "alpha", "world-war", "worlds"):
            db.run("INSERT INTO settings (key, value) VALUES (:k, 'v')", {"k": key})
    bank.close()
    with postgres_server.admin() as conn:
        conn.execute(
            "CREATE DATABASE quizapp_icu TEMPLATE template0 LOCALE_PROVIDER icu "
            "ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"
        )
    try:
        assert bank_service.copy_bank(source, postgres_server.url("quizapp_icu")).same
    finally:
        postgres_server.drop_database("quizapp_icu")


def test_a_copy_that_does_not_check_out_leaves_the_destination_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizapp.bank import transfer

    source = tmp_path / "source.sqlite3"
    bank = open_bank(source)
    _fill(bank, tmp_path)
    bank.close()
    dest = tmp_path / "dest.sqlite3"

    def differs(a: object, b: object) -> list[transfer.TableCopy]:
        return [transfer.TableCopy("packs", 1, "a", "b")]

    monkeypatch.setattr(transfer, "compare", differs)
    with pytest.raises(ServiceError, match="differs"):
        bank_service.copy_bank(source, dest)
    monkeypatch.undo()
    assert bank_service.copy_bank(source, dest).same  # nothing was left behind: it can go again


def test_the_copy_command_never_prints_a_password(
    tmp_path: Path, postgres_server: TempServer, postgres_database: str
) -> None:
    source = tmp_path / "source.sqlite3"
    open_bank(source).close()
    out, err = io.StringIO(), io.StringIO()
    code = main(["bank", "copy", str(source), postgres_server.url(postgres_database)], out, err)
    assert code == 0, err.getvalue()
    assert postgres_server.superuser_password not in out.getvalue() + err.getvalue()
