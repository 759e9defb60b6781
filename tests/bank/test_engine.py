"""One SQL text on both drivers: parameters, lists, literals, and SQLite's version."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from quizapp.bank import errors
from quizapp.services import Bank, open_bank


def test_a_parameter_inside_a_string_literal_is_left_alone(bank: Bank) -> None:
    with bank.read() as db:
        row = db.row(
            'SELECT \'time 10:30 and :word and 50%\', :word, "a:b" FROM (SELECT 1 AS "a:b") t',
            {"word": "given"},
        )
    assert row == ("time 10:30 and :word and 50%", "given", 1)


@pytest.mark.parametrize(("values", "inside", "outside"), [([2], 1, 2), ([1, 3], 2, 1)])
def test_a_list_parameter_means_the_same_in_and_not_in_on_both_engines(
    bank: Bank, values: list[int], inside: int, outside: int
) -> None:
    numbers = "SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3"
    with bank.read() as db:
        found_in = db.value(f"SELECT count(*) FROM ({numbers}) t WHERE n IN (:v)", {"v": values})
        found_out = db.value(
            f"SELECT count(*) FROM ({numbers}) t WHERE n NOT IN (:v)", {"v": values}
        )
    assert (found_in, found_out) == (inside, outside)


def test_an_empty_list_parameter_is_refused_rather_than_guessed(bank: Bank) -> None:
    with bank.read() as db, pytest.raises(ValueError, match=":v is empty"):
        db.value("SELECT count(*) FROM settings WHERE key NOT IN (:v)", {"v": []})


def test_an_sqlite_too_old_for_quizapp_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 31, 1))
    monkeypatch.setattr(sqlite3, "sqlite_version", "3.31.1")
    with pytest.raises(errors.SqliteTooOld) as info:
        open_bank(tmp_path / "bank.sqlite3")
    assert "3.31.1" in info.value.message and "3.35" in info.value.message
