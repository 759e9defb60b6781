"""Copying a whole bank to another (SQLite or PostgreSQL, either way), and checking the copy.

Every table is copied in the order of the schema's definition (parents before children),
row ids included, so that every reference stays true. Afterwards each table of both banks is
read again and compared: the number of rows and a SHA-256 of their values, normalised so
that the engines' ways of storing a boolean, a timestamp or a picture compare equal.
The schema's definition (``bank.models``) says which columns a table has and of what type.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, DateTime, Float, Integer, LargeBinary, Table

from quizapp.bank.engine import Db, as_datetime
from quizapp.bank.models import Base

BATCH = 5000


@dataclass(frozen=True, slots=True)
class TableCopy:
    """One table of a copy: how many rows, and whether both banks now hold the same."""

    table: str
    rows: int
    source_digest: str
    copy_digest: str

    @property
    def same(self) -> bool:
        return self.source_digest == self.copy_digest


def tables() -> list[Table]:
    """The bank's tables, parents before children."""
    return list(Base.metadata.sorted_tables)


def _converters(table: Table) -> list[Callable[[Any], Any]]:
    """Per column, a function that gives a value in one form whatever engine it came from."""
    out: list[Callable[[Any], Any]] = []
    for column in table.columns:
        kind = column.type
        if isinstance(kind, Boolean):
            out.append(lambda v: None if v is None else bool(v))
        elif isinstance(kind, DateTime):
            out.append(as_datetime)
        elif isinstance(kind, LargeBinary):
            out.append(lambda v: None if v is None else bytes(v))
        elif isinstance(kind, Float):
            out.append(lambda v: None if v is None else float(v))
        elif isinstance(kind, Integer):
            out.append(lambda v: None if v is None else int(v))
        else:
            out.append(lambda v: v)
    return out


def _rows(db: Db, table: Table) -> Iterator[list[tuple[Any, ...]]]:
    """The table's rows in primary-key order, in batches, as normalised values.

    Text keys are ordered by their bytes on both engines (SQLite's own order; ``COLLATE
    "C"`` on PostgreSQL), so that a server's language-aware sort cannot make two identical
    tables look different.
    """
    columns = ", ".join(c.name for c in table.columns)
    order = ", ".join(
        f'{c.name} COLLATE "C"' if db.postgres and not isinstance(c.type, Integer) else c.name
        for c in table.primary_key.columns
    )
    convert = _converters(table)
    for batch in db.stream(f"SELECT {columns} FROM {table.name} ORDER BY {order}", BATCH):
        yield [tuple(f(v) for f, v in zip(convert, row, strict=True)) for row in batch]


def _canonical(value: Any) -> Any:
    if isinstance(value, bytes):
        return "sha256:" + hashlib.sha256(value).hexdigest()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return value


def digest(db: Db, table: Table) -> tuple[int, str]:
    """(rows, SHA-256 of every value in primary-key order) of one table."""
    h = hashlib.sha256()
    n = 0
    for batch in _rows(db, table):
        for row in batch:
            h.update(json.dumps([_canonical(v) for v in row], ensure_ascii=False).encode())
            n += 1
    return n, h.hexdigest()


def holds_data(db: Db) -> list[str]:
    """The tables of the bank that have any row."""
    return [t.name for t in tables() if db.value(f"SELECT count(*) FROM {t.name}")]


def _insert(db: Db, table: Table, rows: Sequence[tuple[Any, ...]]) -> None:
    names = [c.name for c in table.columns]
    if db.postgres:  # COPY is many times faster than INSERT for whole tables
        with db.raw.cursor().copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    db.many(
        f"INSERT INTO {table.name} ({', '.join(names)}) VALUES "
        f"({', '.join(':' + n for n in names)})",
        [dict(zip(names, row, strict=True)) for row in rows],
    )


def _advance_sequences(db: Db) -> None:
    """PostgreSQL: the next row id of each table follows the ids copied in."""
    if not db.postgres:
        return
    for table in tables():
        key = list(table.primary_key.columns)
        if len(key) == 1 and isinstance(key[0].type, Integer) and key[0].name == "id":
            db.value(
                f"SELECT setval(pg_get_serial_sequence(:t, 'id'), coalesce(max(id), 1), "
                f"max(id) IS NOT NULL) FROM {table.name}",
                {"t": table.name},
            )


def copy_rows(source: Db, dest: Db, progress: Callable[[str, int], None] | None = None) -> None:
    """Copy every row of every table from ``source`` into the empty ``dest``."""
    for table in tables():
        copied = 0
        for batch in _rows(source, table):
            _insert(dest, table, batch)
            copied += len(batch)
        if progress is not None:
            progress(table.name, copied)
    _advance_sequences(dest)


def compare(source: Db, dest: Db) -> list[TableCopy]:
    """Each table's rows and checksum, in both banks."""
    out = []
    for table in tables():
        n, theirs = digest(source, table)
        m, ours = digest(dest, table)
        out.append(TableCopy(table.name, n, theirs, ours if m == n else f"{m} rows"))
    return out
