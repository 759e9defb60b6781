"""Opening the bank: where it lives, checks that it is really ours, migrations, sessions.

Every problem with the file itself (missing folder, not a database, damaged, locked,
read-only, made by a newer quizapp) becomes a ``BankError`` whose message names the file and
says what to do; the file is never replaced or overwritten.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session, sessionmaker

# The newest schema revision this quizapp knows. A test checks it equals the Alembic head,
# so that opening an up-to-date bank does not need to load Alembic at all.
SCHEMA_HEAD = "0003_images"
KNOWN_REVISIONS = ("0001_initial", "0002_learners", "0003_images")

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 3000


class BankError(Exception):
    """A problem with the bank file that the user can act on."""

    what = "cannot be used"
    advice = ""

    def __init__(self, path: Path, detail: str = "") -> None:
        self.path = path
        self.detail = detail
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = f"The question bank {self.path} {self.what}"
        if self.detail:
            text += f" ({self.detail})"
        text += "."
        if self.advice:
            text += " " + self.advice
        return text


class BankMissing(BankError):
    """The bank's folder does not exist."""

    what = "cannot be created because its folder does not exist"
    advice = "Create the folder, or choose another file with --db."


class NotABank(BankError):
    """The file is not a quizapp bank."""

    what = "is not a quizapp question bank"
    advice = (
        "quizapp will not change it. Choose another file with --db (or QUIZAPP_DB), "
        "or move this file away."
    )


class BankCorrupt(BankError):
    """SQLite reports the file as damaged."""

    what = "is damaged"
    advice = (
        "quizapp will not change it. Restore it from a backup, or start a new bank with "
        "--db NEWFILE and import your packs again."
    )


class BankLocked(BankError):
    """Another program holds a lock on the file."""

    what = "is in use by another program"
    advice = "Close the other program (perhaps another quizapp) and try again."


class BankReadOnly(BankError):
    """The file or its folder cannot be written."""

    what = "is read-only"
    advice = (
        "quizapp needs to write to it and to its folder. Make them writable, or choose "
        "another file with --db."
    )


class BankTooNew(BankError):
    """The bank was written by a newer quizapp."""

    what = "was made by a newer version of quizapp"
    advice = "Update quizapp to open it; quizapp will not change it."


def default_bank_path() -> Path:
    """``$QUIZAPP_DB`` if set, else ``bank.sqlite3`` in the user's data folder."""
    env = os.environ.get("QUIZAPP_DB")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path("quizapp", appauthor=False) / "bank.sqlite3"


def translate_sqlite_error(path: Path, error: BaseException) -> BankError | None:
    """The BankError that an SQLite error message stands for, if it is about the file."""
    text = str(error).lower()
    if "database is locked" in text or "database table is locked" in text:
        return BankLocked(path)
    if "readonly database" in text or "read-only" in text:
        return BankReadOnly(path)
    if "malformed" in text or "file is not a database" in text or "disk image" in text:
        return BankCorrupt(path, f"SQLite says: {error}".split("\n")[0])
    if "unable to open database" in text:
        return BankReadOnly(path, "SQLite cannot open it")
    if "disk i/o error" in text:
        return BankCorrupt(path, "a disk read or write failed")
    return None


def _inspect(path: Path) -> tuple[str | None, bool]:
    """(schema revision or None, has any table) of an existing SQLite file, read-only."""
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        con = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as e:
        raise translate_sqlite_error(path, e) or BankCorrupt(path, str(e)) from None
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return None, False
        if "alembic_version" not in tables or "packs" not in tables:
            raise NotABank(path, "it is an SQLite database with other tables")
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return (row[0] if row else None), True
    except sqlite3.Error as e:
        raise translate_sqlite_error(path, e) or BankCorrupt(path, str(e)) from None
    finally:
        con.close()


def check_bank_file(path: Path, *, create_folder: bool = False) -> str | None:
    """Check that ``path`` can be used as a bank; return its schema revision (None if new).

    Raises a BankError naming the file and what to do.
    """
    if path.is_dir():
        raise NotABank(path, "it is a folder")
    folder = path.parent
    if not path.exists():
        if not folder.exists():
            if not create_folder:
                raise BankMissing(path)
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise BankMissing(path, e.strerror or str(e)) from None
        if not os.access(folder, os.W_OK):
            raise BankReadOnly(path, "its folder cannot be written")
        return None
    try:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except PermissionError:
        raise BankReadOnly(path, "it cannot even be read") from None
    except OSError as e:
        raise BankCorrupt(path, e.strerror or str(e)) from None
    if header and header != SQLITE_HEADER:
        raise NotABank(path, "it is not an SQLite database")
    if not os.access(path, os.W_OK) or not os.access(folder, os.W_OK):
        raise BankReadOnly(path)
    if not header:
        return None
    revision, has_tables = _inspect(path)
    if has_tables and revision not in KNOWN_REVISIONS:
        raise BankTooNew(path, f"schema {revision}")
    return revision


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _backup(path: Path, revision: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.before-{revision}-{stamp}.bak")
    src = sqlite3.connect(path)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def _upgrade(path: Path, target: str = "head") -> None:
    """Run the Alembic migrations up to ``target`` in one transaction.

    A dedicated engine takes over transaction control from the sqlite3 module (which would
    otherwise commit each DDL statement on its own) and turns foreign keys off, as SQLite
    advises for schema changes: a rebuilt table must not cascade-delete its children.
    """
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, event

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA foreign_keys = OFF")
        dbapi_connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    engine = create_engine(f"sqlite:///{path}", connect_args={"isolation_level": None})
    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, target)
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"migration left broken references: {broken[:5]}")
    finally:
        engine.dispose()


class Bank:
    """An open question bank: the file, its engine, and a session factory.

    Attributes:
        path: the bank file.
        backup: the copy taken before a schema upgrade, if one was needed.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.backup: Path | None = None
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._conn: sqlite3.Connection | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from sqlalchemy import create_engine, event

            engine = create_engine(f"sqlite:///{self.path}")
            event.listen(engine, "connect", _set_pragmas)
            self._engine = engine
        return self._engine

    @property
    def sessions(self) -> sessionmaker[Session]:
        if self._sessions is None:
            from sqlalchemy.orm import sessionmaker

            self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        return self._sessions

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit if the block succeeds, roll back if it raises."""
        with self.translate_errors(), self.sessions.begin() as session:
            yield session

    @contextmanager
    def translate_errors(self) -> Iterator[None]:
        """Turn SQLite errors about the file into BankErrors that name it.

        SQLAlchemy wraps sqlite3's errors (``.orig``); checking for that attribute rather
        than importing SQLAlchemy keeps the plain-sqlite3 path free of it.
        """
        try:
            yield
        except Exception as e:
            original = e if isinstance(e, sqlite3.Error) else getattr(e, "orig", None)
            error = (
                translate_sqlite_error(self.path, original)
                if isinstance(original, sqlite3.Error)
                else None
            )
            if error is None:
                raise
            raise error from e

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """One unit of work on the plain sqlite3 connection of the quiz's hot path.

        Commits if the block succeeds and rolls back if it raises (see ``bank.live``).
        """
        with self.translate_errors():
            if self._conn is None:
                conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000)
                _set_pragmas(conn, None)
                self._conn = conn
            try:
                yield self._conn
                self._conn.commit()
            except BaseException:
                self._conn.rollback()
                raise

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
            self._sessions = None


def open_bank(path: Path | None = None) -> Bank:
    """Open (creating or upgrading if needed) the bank at ``path`` or the default location."""
    explicit = path is not None
    path = Path(path) if path is not None else default_bank_path()
    revision = check_bank_file(path, create_folder=not explicit)
    bank = Bank(path)
    if revision != SCHEMA_HEAD:
        if revision is not None:
            bank.backup = _backup(path, revision)
        with bank.translate_errors():
            _upgrade(path)
    return bank
