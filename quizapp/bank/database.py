"""An open bank: where it is, who we are on it, and units of work on it.

``open_bank`` checks the file or the database, creates or upgrades its schema, and returns a
``Bank``. Every read and write happens inside ``bank.transaction()`` (a change) or
``bank.read()``: one unit of work, committed as a whole or not at all. Each thread gets its
own connection, so a background import never shares one with the window.

Errors of the engine that the user can act on (a locked file, a server gone, a login that
may not do this) become BankErrors here, in one place, for every query.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from quizapp.bank import errors, schema
from quizapp.bank.engine import (
    Db,
    Dialect,
    Location,
    check_sqlite_version,
    connect_postgres,
    connect_sqlite,
)
from quizapp.core.summaries import BankAccess


def default_location() -> Location:
    """``$QUIZAPP_DB`` (a path or a URL) if set, else ``bank.sqlite3`` in the user's data folder."""
    env = os.environ.get("QUIZAPP_DB")
    if env:
        return Location.parse(env)
    import platformdirs

    path = platformdirs.user_data_path("quizapp", appauthor=False) / "bank.sqlite3"
    return Location(Dialect.SQLITE, path=path, text=str(path))


class Bank:
    """An open question bank.

    Attributes:
        location: where it is.
        backup: the copy of an SQLite bank taken before a schema upgrade, if one was needed.
    """

    def __init__(
        self, location: Location, backup: Path | None = None, connection: Any = None
    ) -> None:
        self.location = location
        self.backup = backup
        self._local = threading.local()
        self._open: list[Any] = []
        self._lock = threading.Lock()
        self._access: tuple[BankAccess, str] | None = None
        if connection is not None:  # opened while checking the bank: this thread's from now on
            self._local.db = Db(location.dialect, connection)
            self._open.append(connection)

    @property
    def dialect(self) -> Dialect:
        return self.location.dialect

    @property
    def path(self) -> Path | None:
        """The SQLite file (None on a server)."""
        return self.location.path

    @property
    def where(self) -> str:
        """The bank as messages name it (never with a password)."""
        return self.location.display

    # -- units of work ---------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Db]:
        """One change: committed if the block succeeds, rolled back if it raises.

        On SQLite it takes the write lock at once (``BEGIN IMMEDIATE``), so that two
        programs writing at the same time wait for each other instead of failing.
        """
        with self._unit(write=True) as db:
            yield db

    @contextmanager
    def read(self) -> Iterator[Db]:
        """Reading only: one consistent view of the bank, no write lock."""
        with self._unit(write=False) as db:
            yield db

    @contextmanager
    def _unit(self, *, write: bool) -> Iterator[Db]:
        depth = getattr(self._local, "depth", 0)
        if depth:  # inside another unit of work: be part of it
            yield self._local.db
            return
        with self._translated():
            db = self._db()
            self._local.depth = 1
            try:
                if db.postgres:
                    # A reading unit sees one moment of the bank (PostgreSQL's default would let
                    # each statement see the latest commits); read-only, it never has to retry.
                    db.raw.read_only = not write
                    db.raw.isolation_level = None if write else _repeatable_read()
                    yield db
                    db.raw.commit()
                else:
                    db.raw.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                    yield db
                    db.raw.execute("COMMIT")
            except BaseException:
                self._rollback(db)
                raise
            finally:
                self._local.depth = 0

    def _rollback(self, db: Db) -> None:
        try:
            if db.postgres:
                db.raw.rollback()
            elif db.raw.in_transaction:
                db.raw.execute("ROLLBACK")
        except Exception:  # the connection is gone; the next unit of work reconnects
            self._forget(db)

    def _db(self) -> Db:
        db: Db | None = getattr(self._local, "db", None)
        if db is not None and db.postgres and db.raw.closed:
            self._forget(db)
            db = None
        if db is None:
            if self.location.dialect is Dialect.POSTGRESQL:
                raw = connect_postgres(self.location)
            else:
                assert self.location.path is not None
                raw = connect_sqlite(self.location.path, schema.BUSY_TIMEOUT_MS)
            db = Db(self.location.dialect, raw)
            self._local.db = db
            with self._lock:
                self._open.append(raw)
        return db

    def _forget(self, db: Db) -> None:
        self._local.db = None
        with self._lock:
            if db.raw in self._open:
                self._open.remove(db.raw)
        with contextlib.suppress(Exception):
            db.raw.close()

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except errors.BankError:
            raise
        except sqlite3.Error as e:
            error = schema.translate_sqlite_error(self.where, e)
            if error is None:
                raise
            raise error from e
        except Exception as e:
            error = self._postgres_error(e)
            if error is None:
                raise
            raise error from e

    def _postgres_error(self, error: Exception) -> errors.BankError | None:
        if not type(error).__module__.startswith("psycopg"):
            return None
        import psycopg

        state = getattr(error, "sqlstate", None)
        if state == "42501":  # insufficient_privilege, row-level security included
            return errors.NotAllowed(self.where, str(error).splitlines()[0])
        if state in ("23505", "40001", "40P01"):  # a unique key, serialization, deadlock
            return errors.ChangedMeanwhile(self.where)
        if isinstance(error, psycopg.OperationalError) and (
            state is None
            or state[:2]
            in {
                "08",
                "57",  # connection exceptions; operator intervention (server shut down)
            }
        ):
            db = getattr(self._local, "db", None)
            if db is not None:
                self._forget(db)
            return errors.ConnectionLost(self.where)
        return None

    # -- who we are ------------------------------------------------------------------------
    @property
    def access(self) -> BankAccess:
        """What this login may do: everything (a file, the owner), a teacher's or a learner's."""
        return self._who()[0]

    @property
    def login(self) -> str:
        """The PostgreSQL login in use ("" for an SQLite file)."""
        return self._who()[1]

    def _who(self) -> tuple[BankAccess, str]:
        if self._access is None:
            if self.dialect is Dialect.SQLITE:
                self._access = (BankAccess.OWNER, "")
            else:
                with self.read() as db:
                    self._access = _postgres_access(db)
        return self._access

    def close(self) -> None:
        """Close every connection (of every thread)."""
        with self._lock:
            opened, self._open = self._open, []
        for raw in opened:
            with contextlib.suppress(Exception):
                raw.close()
        self._local = threading.local()


def _repeatable_read() -> Any:
    from psycopg import IsolationLevel  # only on the PostgreSQL path

    return IsolationLevel.REPEATABLE_READ


def _postgres_access(db: Db) -> tuple[BankAccess, str]:
    from quizapp.bank.school import LEARNER_ROLE, TEACHER_ROLE  # PostgreSQL only

    login, superuser, owner = db.row(
        "SELECT current_user, "
        "(SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user), "
        "(SELECT pg_catalog.pg_get_userbyid(c.relowner) FROM pg_catalog.pg_class c "
        " WHERE c.oid = CAST('packs' AS regclass))"
    ) or ("", False, "")
    if superuser or owner == login:
        return BankAccess.OWNER, login
    roles = {
        r[0]
        for r in db.rows(
            "SELECT rolname FROM pg_catalog.pg_roles "
            "WHERE rolname IN (:roles) AND pg_catalog.pg_has_role(current_user, oid, 'MEMBER')",
            {"roles": [TEACHER_ROLE, LEARNER_ROLE]},
        )
    }
    if TEACHER_ROLE in roles:
        return BankAccess.TEACHER, login
    if LEARNER_ROLE in roles:
        return BankAccess.LEARNER, login
    return BankAccess.OWNER, login  # a login of the school's own making: the server decides


def open_bank(target: str | Path | Location | None = None) -> Bank:
    """Open (creating or upgrading if needed) the bank at ``target`` or the default location.

    ``target`` is a file path (SQLite) or a PostgreSQL URL. Raises a BankError naming the
    bank and what to do.
    """
    if isinstance(target, Location):
        location = target
    elif target is not None:
        location = Location.parse(target)
    else:
        location = default_location()
    if location.dialect is Dialect.POSTGRESQL:
        return Bank(location, connection=schema.prepare_postgres(location))
    assert location.path is not None
    path = location.path
    check_sqlite_version(path)
    revision = schema.check_bank_file(path, create_folder=target is None)
    backup = None
    if revision != schema.SCHEMA_HEAD:
        if revision is not None:
            backup = schema.backup_before_upgrade(path, revision)
        schema.upgrade_sqlite(path)
        if revision is not None:
            schema.compact_sqlite(path)
    return Bank(location, backup)


def upgrade_pending(target: str | Path | Location | None = None) -> bool:
    """Whether opening this SQLite bank will first upgrade its schema (a one-off, slower start).

    Cheap: it reads one row. False for a new bank, a server, or a bank that cannot be opened
    (``open_bank`` then says why).
    """
    location = (
        target
        if isinstance(target, Location)
        else (Location.parse(target) if target is not None else default_location())
    )
    if location.path is None or not location.path.is_file():
        return False
    try:
        revision = schema.check_bank_file(location.path)
    except errors.BankError:
        return False
    return revision is not None and revision != schema.SCHEMA_HEAD
