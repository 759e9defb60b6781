"""Small named values kept with the bank (``settings``): the last learner, bundled packs seen."""

from __future__ import annotations

from quizapp.bank.engine import Db


def get(db: Db, key: str) -> str | None:
    """The value kept under ``key``, or None."""
    found = db.value("SELECT value FROM settings WHERE key = :key", {"key": key})
    return None if found is None else str(found)


def put(db: Db, key: str, value: str) -> None:
    """Keep ``value`` under ``key``."""
    db.run(
        "INSERT INTO settings (key, value) VALUES (:key, :value) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        {"key": key, "value": value},
    )
