"""The people who take quizzes (``learners``), and on a school bank their logins."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from quizapp.bank.engine import Db
from quizapp.core.summaries import Learner, learner_key

_COLUMNS = "id, name, login, class_name"


def _learner(row: Sequence[Any]) -> Learner:
    return Learner(int(row[0]), row[1], row[2] or "", row[3] or "")


def names(db: Db) -> list[str]:
    """Learners on this bank (that this login may see), most recent first."""
    return [r[0] for r in db.rows("SELECT name FROM learners ORDER BY last_seen_at DESC, name")]


def find(db: Db, name: str) -> Learner | None:
    """The learner of that name (whatever its case and spacing), or None."""
    row = db.row(
        f"SELECT {_COLUMNS} FROM learners WHERE name_key = :key", {"key": learner_key(name)}
    )
    return None if row is None else _learner(row)


def by_login(db: Db, login: str) -> Learner | None:
    """The learner (or teacher) whose school login this is, or None."""
    row = db.row(f"SELECT {_COLUMNS} FROM learners WHERE login = :login", {"login": login})
    return None if row is None else _learner(row)


def add(
    db: Db, name: str, now: datetime, *, login: str | None = None, class_name: str = ""
) -> Learner:
    """A new learner (the caller checked that the name is free)."""
    new_id = db.value(
        "INSERT INTO learners (name, name_key, login, class_name, created_at, last_seen_at) "
        "VALUES (:name, :key, :login, :class_name, :now, :now) RETURNING id",
        {"name": name, "key": learner_key(name), "login": login, "class_name": class_name,
         "now": now},
    )  # fmt: skip
    return Learner(int(new_id), name, login or "", class_name)


def seen(db: Db, learner_id: int, now: datetime) -> None:
    """Mark the learner as the latest one here (for the order of the names)."""
    db.run("UPDATE learners SET last_seen_at = :now WHERE id = :id", {"now": now, "id": learner_id})
