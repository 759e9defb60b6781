"""Opening an SQLite bank: schema, pragmas, and files that are not usable banks."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from quizapp.bank import schema as db
from quizapp.bank.errors import (
    BankCorrupt,
    BankLocked,
    BankMissing,
    BankReadOnly,
    BankTooNew,
    NotABank,
)
from quizapp.services import open_bank
from quizapp.services.packs import import_files, list_packs


def test_schema_head_constant_matches_the_migrations() -> None:
    config = Config()
    config.set_main_option("script_location", str(Path(db.__file__).with_name("migrations")))
    script = ScriptDirectory.from_config(config)
    assert script.get_current_head() == db.SCHEMA_HEAD
    assert {r.revision for r in script.walk_revisions()} == set(db.KNOWN_REVISIONS)


def test_a_new_bank_is_created_at_the_newest_schema(bank_path: Path) -> None:
    bank = open_bank(bank_path)
    with bank.read() as conn:
        assert conn.value("SELECT version_num FROM alembic_version") == db.SCHEMA_HEAD
        assert conn.value("PRAGMA foreign_keys") == 1
        assert conn.value("PRAGMA journal_mode") == "wal"
    bank.close()
    assert db.check_bank_file(bank_path) == db.SCHEMA_HEAD


def test_default_location_is_created_in_the_user_data_folder(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("QUIZAPP_DB")
    bank = open_bank()
    assert bank.path == isolated_env / "data" / "quizapp" / "bank.sqlite3"
    assert bank.path.exists()
    bank.close()


def test_the_environment_variable_chooses_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUIZAPP_DB", str(tmp_path / "elsewhere.db"))
    bank = open_bank()
    assert bank.path == tmp_path / "elsewhere.db"
    bank.close()


def test_a_text_file_is_not_a_bank_and_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my precious notes")
    with pytest.raises(NotABank) as info:
        open_bank(path)
    assert str(path) in info.value.message
    assert "will not change it" in info.value.message
    assert path.read_text() == "my precious notes"


def test_another_programs_database_is_not_a_bank(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(NotABank, match="SQLite database with other tables"):
        open_bank(path)
    assert path.read_bytes() == before


def test_a_damaged_bank_is_reported_and_not_touched(bank_path: Path) -> None:
    open_bank(bank_path).close()
    data = bytearray(bank_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # keep the header, wreck the schema page
    bank_path.write_bytes(bytes(data))
    with pytest.raises(BankCorrupt) as info:
        open_bank(bank_path)
    assert str(bank_path) in info.value.message
    assert "Restore it from a backup" in info.value.message
    assert bank_path.read_bytes() == bytes(data)


def test_a_bank_from_a_newer_quizapp_is_refused(bank_path: Path) -> None:
    open_bank(bank_path).close()
    con = sqlite3.connect(bank_path)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    with pytest.raises(BankTooNew, match="Update quizapp"):
        open_bank(bank_path)


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "bank.db"
    with pytest.raises(BankMissing) as info:
        open_bank(path)
    assert str(path) in info.value.message


def test_a_read_only_bank_is_reported(bank_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_bank(bank_path).close()
    bank_path.chmod(0o444)
    if os.geteuid() == 0:  # root may write anyway; ask the question the way a user would see it
        monkeypatch.setattr(db.os, "access", lambda p, mode: mode != os.W_OK)
    with pytest.raises(BankReadOnly) as info:
        open_bank(bank_path)
    assert "Make them writable" in info.value.message


def test_sqlite_read_only_errors_are_translated(tmp_path: Path) -> None:
    error = db.translate_sqlite_error(
        tmp_path, sqlite3.OperationalError("attempt to write a readonly database")
    )
    assert isinstance(error, BankReadOnly)


def test_a_locked_bank_is_reported(
    bank_path: Path, mini_pack_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 50)
    bank = open_bank(bank_path)
    other = sqlite3.connect(bank_path, timeout=0.05)
    other.execute("BEGIN IMMEDIATE")  # another program is writing
    try:
        with pytest.raises(BankLocked) as info:
            import_files(bank, [str(mini_pack_path)])
        assert "another program" in info.value.message
    finally:
        other.rollback()
        other.close()
        bank.close()


def test_a_filled_bank_from_the_first_schema_is_upgraded_with_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db.upgrade_sqlite(path, "0001_initial")
    con = sqlite3.connect(path)
    con.executescript(
        """
        INSERT INTO packs (id, slug, title, version, language, authors, license, description,
          origin, source_format, bundled, imported_at, updated_at)
        VALUES (1, 'old', 'Old pack', '1.0.0', 'en', '', '', '', '', 'toml', 0,
          '2025-01-01 00:00:00.000000', '2025-01-01 00:00:00.000000');
        INSERT INTO sources (id, pack_id, key, title, author, publisher, date, url, kind, note,
          position) VALUES (1, 1, 's', 'Source', '', '', '', '', 'book', '', 0);
        INSERT INTO questions (id, pack_id, key, type, prompt, explanation, fact_id, difficulty,
          shuffle, position, retired, content_hash)
        VALUES (1, 1, 'a', 'true_false', 'A?', 'Because.', NULL, NULL, 1, 0, 0, ''),
               (2, 1, 'b', 'multiple_choice', 'B?', 'Because.', NULL, NULL, 1, 1, 0, ''),
               (3, 1, 'c', 'true_false', 'C?', 'Because.', NULL, NULL, 1, 2, 1, '');
        INSERT INTO choices (question_id, position, text, correct, feedback)
        VALUES (1, 0, 'True', 1, ''), (1, 1, 'False', 0, ''),
               (2, 0, 'x', 1, ''), (2, 1, 'y', 0, '');
        INSERT INTO citations (question_id, fact_id, source_id, position, locator, quote)
        VALUES (1, NULL, 1, 0, 'p. 1', ''), (2, NULL, 1, 0, 'p. 2', '');
        """
    )
    con.commit()
    con.close()
    bank = open_bank(path)
    assert bank.backup is not None and bank.backup.exists()
    [summary] = list_packs(bank)
    assert (summary.id, summary.questions, summary.multiple_choice, summary.true_false) == (
        "old",
        2,
        1,
        1,
    )
    with bank.read() as conn:
        assert conn.value("SELECT count(*) FROM choices") == 4
        assert conn.value("SELECT count(*) FROM learners") == 0
        assert conn.value("SELECT version_num FROM alembic_version") == db.SCHEMA_HEAD
    bank.close()
    backup = sqlite3.connect(bank.backup)
    assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001_initial",)
    backup.close()
