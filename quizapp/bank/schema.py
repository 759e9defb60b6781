"""The bank's schema revision: what a file or database holds, and creating or upgrading it.

Opening an up-to-date bank reads one row (``alembic_version``) and loads neither SQLAlchemy
nor Alembic. A new bank is created, and an old one upgraded, by running the Alembic
migrations in one transaction, on SQLite and on PostgreSQL alike. Nothing is ever created
in a database that holds tables of its own, and a bank made by a newer quizapp is not touched.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from quizapp.bank.engine import Location, connect_postgres
from quizapp.bank.errors import (
    BankCorrupt,
    BankError,
    BankLocked,
    BankMissing,
    BankNeedsUpgrade,
    BankReadOnly,
    BankTooNew,
    NotABank,
    NotAllowed,
)

# The newest schema revision this quizapp knows. A test checks it equals the Alembic head,
# so that opening an up-to-date bank does not need to load Alembic at all.
SCHEMA_HEAD = "0007_study"
KNOWN_REVISIONS = (
    "0001_initial", "0002_learners", "0003_images", "0004_one_data_layer",
    "0005_exam_navigation", "0006_class_codes", SCHEMA_HEAD,
)  # fmt: skip

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 3000
# Two computers opening an empty school database at once: one creates it, the other waits.
SCHEMA_LOCK = 741_020_501


def translate_sqlite_error(where: object, error: BaseException) -> BankError | None:
    """The BankError that an SQLite error message stands for, if it is about the file."""
    text = str(error).lower()
    if "database is locked" in text or "database table is locked" in text:
        return BankLocked(where)
    if "readonly database" in text or "read-only" in text:
        return BankReadOnly(where)
    if "malformed" in text or "file is not a database" in text or "disk image" in text:
        return BankCorrupt(where, f"SQLite says: {error}".split("\n")[0])
    if "unable to open database" in text:
        return BankReadOnly(where, "SQLite cannot open it")
    if "disk i/o error" in text:
        return BankCorrupt(where, "a disk read or write failed")
    return None


# -- SQLite files -------------------------------------------------------------------------------


def _inspect_sqlite(path: Path) -> tuple[str | None, bool]:
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
    revision, has_tables = _inspect_sqlite(path)
    if has_tables and revision not in KNOWN_REVISIONS:
        raise BankTooNew(path, f"schema {revision}")
    return revision


def backup_before_upgrade(path: Path, revision: str) -> Path:
    """A copy of the bank beside it, taken before its schema changes."""
    from quizapp.bank.backup import copy_to

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return copy_to(path, path.with_name(f"{path.name}.before-{revision}-{stamp}.bak"))


def _alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    return config


def upgrade_sqlite(path: Path, target: str = "head") -> None:
    """Run the Alembic migrations up to ``target`` in one transaction.

    A dedicated engine takes over transaction control from the sqlite3 module (which would
    otherwise commit each DDL statement on its own) and turns foreign keys off, as SQLite
    advises for schema changes: a rebuilt table must not cascade-delete its children.
    """
    from alembic import command
    from sqlalchemy import create_engine, event

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA foreign_keys = OFF")
        dbapi_connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    engine = create_engine(f"sqlite:///{path}", connect_args={"isolation_level": None})
    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
    config = _alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, target)
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:  # rolled back with everything else: the bank stays as it was
                tables = ", ".join(sorted({str(b[0]) for b in broken}))
                raise BankCorrupt(path, f"rows of {tables} refer to rows that are no longer there")
    except sqlite3.Error as e:
        raise translate_sqlite_error(path, e) or e from None
    except Exception as e:
        original = getattr(e, "orig", None)
        if isinstance(original, sqlite3.Error):
            raise translate_sqlite_error(path, original) or e from None
        raise
    finally:
        engine.dispose()


def compact_sqlite(path: Path) -> bool:
    """After an upgrade that rebuilt tables: give the freed space back, if it is much.

    A rebuilt table leaves its old pages free inside the file (a 100,000-question bank grew
    by 45% on the upgrade to 0004). VACUUM needs about the bank's size in free disk space;
    if it cannot run, the bank is still whole, only larger. True if it ran.
    """
    con = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        free = con.execute("PRAGMA freelist_count").fetchone()[0]
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        if not pages or free * 4 < pages:
            return False
        con.execute("VACUUM")
        return True
    except sqlite3.Error:
        return False
    finally:
        con.close()


# -- PostgreSQL databases -----------------------------------------------------------------------

_OTHER_TABLES = """
SELECT n.nspname, c.relname FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_%'
"""


def inspect_postgres(raw: Any, where: str) -> tuple[str | None, bool]:
    """(schema revision or None, has any table) of a PostgreSQL database.

    Raises NotABank if it holds tables that are not a quizapp bank's.
    """
    cursor = raw.cursor()
    schema = cursor.execute("SELECT current_schema()").fetchone()[0]
    tables = {(ns, name) for ns, name in cursor.execute(_OTHER_TABLES)}
    if not tables:
        return None, False
    ours = {(schema, "alembic_version"), (schema, "packs")}
    if not ours <= tables:
        names = ", ".join(sorted(f"{ns}.{name}" for ns, name in tables)[:5])
        raise NotABank(where, f"the database already holds other tables: {names}")
    revision = cursor.execute("SELECT version_num FROM alembic_version").fetchone()
    return (revision[0] if revision else None), True


def prepare_postgres(location: Location) -> Any:
    """Create the schema of an empty database, or upgrade an older bank.

    Returns the connection it checked the database with, for the bank to go on using (a
    second login would cost another SCRAM handshake at every start). Raises a BankError if
    the database is not a bank, is newer, or this login may not upgrade it.
    """
    raw = connect_postgres(location)
    try:
        revision, _ = inspect_postgres(raw, location.display)
        raw.rollback()
        if revision != SCHEMA_HEAD:
            if revision is not None and revision not in KNOWN_REVISIONS:
                raise BankTooNew(location.display, f"schema {revision}")
            _upgrade_postgres(location, new=revision is None)
    except BaseException:
        raw.close()
        raise
    return raw


def _upgrade_postgres(location: Location, *, new: bool) -> None:
    from alembic import command
    from psycopg import errors as pg_errors
    from sqlalchemy import create_engine, text

    from quizapp.bank import school

    engine = create_engine("postgresql+psycopg://", creator=lambda: connect_postgres(location))
    config = _alembic_config()
    try:
        with engine.begin() as connection:
            connection.execute(text(f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK})"))
            # Another computer may have done it while this one waited for the lock.
            current, _ = inspect_postgres(connection.connection.dbapi_connection, location.display)
            if current == SCHEMA_HEAD:
                return
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            school.grant_if_set_up(connection.connection.dbapi_connection)
    except Exception as e:
        original = getattr(e, "orig", e)
        if isinstance(original, pg_errors.InsufficientPrivilege):
            if new:
                raise NotAllowed(
                    location.display,
                    "this login may not create the bank's tables; connect once as the "
                    "database's owner (see docs/school.md)",
                ) from None
            raise BankNeedsUpgrade(location.display) from None
        raise
    finally:
        engine.dispose()
