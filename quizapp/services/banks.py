"""Moving and keeping banks: copy one bank into another, back up and restore an SQLite bank."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.bank import backup, schema
from quizapp.bank.database import Bank
from quizapp.bank.engine import Dialect, Location
from quizapp.core.quiz import Clock, system_clock
from quizapp.services import ServiceError, open_bank

if TYPE_CHECKING:
    from quizapp.bank.transfer import TableCopy

PG_DUMP_ADVICE = (
    "a PostgreSQL bank is backed up on its server with pg_dump, and restored with pg_restore "
    "(see docs/school.md)"
)


@dataclass(frozen=True, slots=True)
class Copied:
    """What ``copy_bank`` did: every table, its rows, and whether both banks agree."""

    source: str
    dest: str
    tables: tuple[TableCopy, ...]

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)

    @property
    def same(self) -> bool:
        return all(t.same for t in self.tables)


def bank_name(target: str | Path | Location) -> str:
    """A bank as messages name it: the file, or "DATABASE on HOST:PORT" (never a password)."""
    return _location(target).display


def _location(target: str | Path | Location) -> Location:
    return target if isinstance(target, Location) else Location.parse(target)


def _same_bank(a: Location, b: Location) -> bool:
    if a.path is not None and b.path is not None:
        return a.path.resolve() == b.path.resolve()
    return a == b


def copy_bank(
    source: str | Path | Location,
    dest: str | Path | Location,
    progress: Callable[[str, int], None] | None = None,
) -> Copied:
    """Copy every pack, picture, learner, attempt, answer and setting of one bank into another.

    ``dest`` must hold no data (a new file, an empty database or a new bank). The copy is one
    unit of work on ``dest``: before it is committed, both banks are compared table by table
    (read back from each), and a difference raises ServiceError and keeps nothing.
    """
    from quizapp.bank import transfer  # loads the schema's definition (SQLAlchemy): not at start

    here, there = _location(source), _location(dest)
    if _same_bank(here, there):
        raise ServiceError("the source and the destination are the same bank")
    src = open_bank(here)
    try:
        dst = open_bank(there)
        try:
            with dst.transaction() as out, src.read() as into:
                full = transfer.holds_data(out)
                if full:
                    raise ServiceError(
                        f"{dst.where} already holds data (in {', '.join(full[:4])}); quizapp "
                        "copies only into an empty bank, so that nothing is mixed or lost"
                    )
                transfer.copy_rows(into, out, progress)
                # Checked before the copy is committed: a copy that differs is not kept.
                done = Copied(src.where, dst.where, tuple(transfer.compare(into, out)))
                if not done.same:
                    bad = ", ".join(t.table for t in done.tables if not t.same)
                    raise ServiceError(
                        f"the copy differs from {src.where} in: {bad}; nothing was kept in "
                        f"{dst.where}"
                    )
            return done
        finally:
            dst.close()
    finally:
        src.close()


def _sqlite_path(bank: Bank) -> Path:
    if bank.dialect is not Dialect.SQLITE or bank.path is None:
        raise ServiceError(PG_DUMP_ADVICE)
    return bank.path


def backup_bank(bank: Bank, target: Path | None = None, clock: Clock = system_clock) -> Path:
    """A consistent copy of an SQLite bank, taken while it may be in use."""
    path = _sqlite_path(bank)
    if target is None:
        stamp = clock().strftime("%Y%m%d-%H%M%S")
        target = backup.folder_of(path) / f"{path.stem}-{stamp}.sqlite3"
    if target.resolve() == path.resolve():
        raise ServiceError("a backup cannot replace the bank itself")
    try:
        return backup.copy_to(path, target)
    except OSError as e:
        raise ServiceError(f"cannot write {target}: {e.strerror or e}") from None


def daily_backup(bank_path: Path, today: date | None = None) -> Path | None:
    """Today's automatic backup of an SQLite bank (None if it was already taken today)."""
    return backup.daily(bank_path, today or date.today())


def daily_backup_in_background(bank: Bank, today: date | None = None) -> threading.Thread | None:
    """Start today's backup of an SQLite bank in a thread of its own; None for a server bank.

    It runs while the learner starts working, never in the way of the window. A backup
    that fails (a full disk) is written to the log, not shown: the bank itself is fine.
    """
    if bank.dialect is not Dialect.SQLITE or bank.path is None:
        return None
    path = bank.path

    def work() -> None:
        try:
            daily_backup(path, today)
        except Exception as e:  # reported in the log, never in the way
            from quizapp.logs import note

            note(f"the daily backup of {path} failed: {type(e).__name__}: {e}")

    thread = threading.Thread(target=work, name="quizapp-daily-backup", daemon=True)
    thread.start()
    return thread


def check_restorable(bank: Bank, source: Path) -> str | None:
    """Check that ``source`` can replace the bank; its schema revision (None: empty file)."""
    _sqlite_path(bank)
    if not source.is_file():
        raise ServiceError(f"{source} is not a file")
    revision = schema.check_bank_file(source)
    if revision is None:
        raise ServiceError(f"{source} is an empty file, not a backup of a bank")
    return revision


def restore_bank(bank: Bank, source: Path, now: datetime | None = None) -> Path:
    """Replace the bank's content with the backup ``source``; the current bank is kept first.

    Returns where the current bank was kept. The bank is closed, restored, and upgraded if
    the backup is from an older quizapp; the caller opens it again.
    """
    path = _sqlite_path(bank)
    check_restorable(bank, source)
    if source.resolve() == path.resolve():
        raise ServiceError("that file is the bank itself")
    bank.close()
    kept = backup.restore(path, source, now or datetime.now())
    open_bank(path).close()  # brings an older backup up to this quizapp's schema
    return kept
