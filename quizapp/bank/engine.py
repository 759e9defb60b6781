"""Where a bank is, and how one SQL text runs on SQLite (``sqlite3``) or PostgreSQL (``psycopg``).

Every query of the bank is written once, in the SQL that both engines share, with named
parameters (``:name``). ``Db`` runs it on either driver: it rewrites the parameters to the
driver's style (psycopg wants ``%(name)s``), expands a list parameter for ``IN (:ids)``,
and turns datetimes into SQLite's text form. Both drivers follow the Python DB-API, so
nothing else differs. A test runs every query module on both engines.

Why not SQLAlchemy Core or aiosql here: importing ``sqlalchemy.engine`` takes about 0.2 s on
the development machine and aiosql about 0.1 s (it loads ``importlib.metadata``), while a
bare Qt window is ready in 0.08 s; this module costs what ``sqlite3`` costs. SQLAlchemy
stays the definition of the schema (``bank.models``) and runs the migrations.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from quizapp.bank.errors import BankError, UnsupportedBank

# SQLite accepts at most 32,766 bound parameters, PostgreSQL 65,535: lists are sent in chunks.
CHUNK = 500
SQLITE_STAMP = "%Y-%m-%d %H:%M:%S.%f"  # the text form SQLAlchemy used for the first banks
POSTGRES_SCHEMES = ("postgresql+psycopg", "postgresql", "postgres", "postgresql+psycopg2")


class Dialect(StrEnum):
    """The database engines a bank can live on."""

    SQLITE = "sqlite"
    POSTGRESQL = "postgresql"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a bank is: an SQLite file, or a database on a PostgreSQL server.

    Attributes:
        path: the SQLite file.
        params: libpq connection parameters (user, password, host, port, dbname, ...).
        text: what the user gave (for a URL: with any password left out).
    """

    dialect: Dialect
    path: Path | None = None
    params: Mapping[str, str] = field(default_factory=dict)
    text: str = ""

    @classmethod
    def parse(cls, value: str | Path) -> Location:
        """A path (SQLite) or ``postgresql+psycopg://USER[:PASSWORD]@HOST[:PORT]/DATABASE``."""
        text = str(value)
        scheme, sep, _ = text.partition("://")
        if not sep or isinstance(value, Path) or len(scheme) == 1:  # C:\... is a path
            return cls(Dialect.SQLITE, path=Path(text).expanduser(), text=text)
        if scheme.lower() not in POSTGRES_SCHEMES:
            raise UnsupportedBank(
                _without_password(text), f'"{scheme}" databases are not supported'
            )
        parts = urlsplit(text)
        params: dict[str, str] = {}
        if parts.username:
            params["user"] = unquote(parts.username)
        if parts.password is not None:
            params["password"] = unquote(parts.password)
        if parts.hostname:
            params["host"] = unquote(parts.hostname)
        if parts.port:
            params["port"] = str(parts.port)
        database = unquote(parts.path.lstrip("/"))
        if database:
            params["dbname"] = database
        for key, val in parse_qsl(parts.query):
            params[key] = val  # host=/run/postgresql, sslmode=require, ...
        return cls(Dialect.POSTGRESQL, params=params, text=_without_password(text))

    @property
    def display(self) -> str:
        """The bank as a message names it: the file, or "DATABASE on HOST:PORT"."""
        if self.path is not None:
            return str(self.path)
        host = self.params.get("host", "") or "the local server"
        port = self.params.get("port", "5432")
        where = host if host.startswith("/") else f"{host}:{port}"
        return f'"{self.params.get("dbname", "")}" on {where}'

    @property
    def user(self) -> str:
        return self.params.get("user", "")


def _without_password(url: str) -> str:
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1@", url)


@lru_cache(maxsize=1024)
def _compiled(sql: str, postgres: bool, lists: tuple[tuple[str, int], ...]) -> str:
    """``sql`` with ``:name`` parameters in the driver's style, lists expanded."""
    lengths = dict(lists)

    def one(name: str) -> str:
        return f"%({name})s" if postgres else f":{name}"

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None:  # a string literal or a quoted name: as written
            return match.group(0)
        if name not in lengths:
            return one(name)
        return ", ".join(one(f"{name}__{i}") for i in range(lengths[name]))

    if postgres:
        sql = sql.replace("%", "%%")  # psycopg reads every % of the text, literals included
    return _PARAMETER.sub(replace, sql)


# A string literal, a quoted name, or a :name that is not part of a cast (::) or of a word.
_PARAMETER = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|(?<![:\w]):([A-Za-z_]\w*)")


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime(SQLITE_STAMP)
    return value


def as_datetime(value: str | datetime | None) -> datetime | None:
    """A timestamp as either driver returns it (SQLite: text; PostgreSQL: a datetime)."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    """``items`` in slices small enough for one statement's parameters."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


class Db:
    """One connection to a bank, in one unit of work (see ``Bank.transaction``).

    Attributes:
        dialect: the engine behind it.
        raw: the DB-API connection (``sqlite3.Connection`` or ``psycopg.Connection``).
    """

    def __init__(self, dialect: Dialect, raw: Any) -> None:
        self.dialect = dialect
        self.raw = raw
        self.postgres = dialect is Dialect.POSTGRESQL
        self._streams = 0

    def _prepare(self, sql: str, params: Mapping[str, Any] | None) -> tuple[str, dict[str, Any]]:
        if not params:
            return _compiled(sql, self.postgres, ()), {}
        flat: dict[str, Any] = {}
        lists: list[tuple[str, int]] = []
        for name, value in params.items():
            if isinstance(value, list | tuple | set | frozenset):
                items = list(value)
                if not items:
                    # "IN ()" is not SQL, and no stand-in means the same for IN and NOT IN on
                    # both engines: the caller says what an empty set means (usually: skip).
                    raise ValueError(f"the list parameter :{name} is empty")
                lists.append((name, len(items)))
                flat.update({f"{name}__{i}": v for i, v in enumerate(items)})
            else:
                flat[name] = value
        if not self.postgres:
            flat = {k: _sqlite_value(v) for k, v in flat.items()}
        return _compiled(sql, self.postgres, tuple(lists)), flat

    def run(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        """Execute one statement; returns the driver's cursor."""
        text, values = self._prepare(sql, params)
        cursor = self.raw.cursor()
        cursor.execute(text, values)
        return cursor

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        return list(self.run(sql, params).fetchall())

    def row(self, sql: str, params: Mapping[str, Any] | None = None) -> tuple[Any, ...] | None:
        found = self.run(sql, params).fetchone()
        return None if found is None else tuple(found)

    def value(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        """The first column of the first row, or None."""
        found = self.row(sql, params)
        return None if found is None else found[0]

    def lock(self, name: str) -> None:
        """Wait until no other unit of work holds ``name``, and hold it until this one ends.

        For check-then-write steps (is this pack or learner new?). On SQLite every change
        already holds the file's write lock (``BEGIN IMMEDIATE``); on PostgreSQL this is an
        advisory lock of the transaction.
        """
        if self.postgres:
            self.run("SELECT pg_advisory_xact_lock(hashtext(:name))", {"name": name})

    def stream(
        self, sql: str, size: int, params: Mapping[str, Any] | None = None
    ) -> Iterator[list[tuple[Any, ...]]]:
        """The rows of a query in batches of ``size``, without holding them all in memory
        (on PostgreSQL, through a server-side cursor)."""
        text, values = self._prepare(sql, params)
        self._streams += 1
        cursor = (
            self.raw.cursor(name=f"quizapp_stream_{self._streams}")
            if self.postgres
            else self.raw.cursor()
        )
        try:
            cursor.execute(text, values)
            while batch := cursor.fetchmany(size):
                yield [tuple(r) for r in batch]
        finally:
            cursor.close()

    def many(self, sql: str, rows: Iterable[Mapping[str, Any]]) -> None:
        """Execute one statement for each of ``rows`` (no list parameters here)."""
        batch = list(rows)
        if not batch:
            return
        text = _compiled(sql, self.postgres, ())
        if not self.postgres:
            batch = [{k: _sqlite_value(v) for k, v in r.items()} for r in batch]
        cursor = self.raw.cursor()
        cursor.executemany(text, batch)


SQLITE_NEEDED = (3, 35, 0)  # INSERT ... RETURNING


def check_sqlite_version(where: object) -> None:
    """Raise SqliteTooOld if this Python's SQLite cannot run quizapp's SQL."""
    from quizapp.bank.errors import SqliteTooOld

    if sqlite3.sqlite_version_info < SQLITE_NEEDED:
        raise SqliteTooOld(where, f"this Python has SQLite {sqlite3.sqlite_version}")


def connect_sqlite(path: Path, timeout_ms: int) -> Any:
    """A connection to an SQLite bank: foreign keys on, WAL, our own transactions."""
    conn = sqlite3.connect(path, timeout=timeout_ms / 1000, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {timeout_ms}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def connect_postgres(location: Location, timeout_s: int = 10) -> Any:
    """A connection to a PostgreSQL bank (``PGPASSWORD`` and ``~/.pgpass`` apply, as in libpq)."""
    from quizapp.bank.errors import DriverMissing

    try:
        import psycopg
    except ImportError:
        raise DriverMissing(location.display) from None
    params = dict(location.params)
    params.setdefault("connect_timeout", str(timeout_s))
    params.setdefault("application_name", "quizapp")
    try:
        return psycopg.connect(psycopg.conninfo.make_conninfo("", **params))
    except psycopg.Error as e:
        raise translate_connect_error(location, e) from None


def translate_connect_error(location: Location, error: BaseException) -> BankError:
    """The kind of error a failed PostgreSQL connection is (libpq gives only a sentence)."""
    from quizapp.bank import errors

    text = str(error)
    lowered = text.lower()
    where = location.display
    user = location.user or "(your user name)"
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return errors.LoginRefused(where, f"wrong or missing password for the login {user}")
    if "no pg_hba.conf entry" in lowered:
        return errors.LoginRefused(where, f"pg_hba.conf does not let {user} connect from here")
    if "role" in lowered and "does not exist" in lowered:
        return errors.LoginRefused(where, f"there is no login {user} on that server")
    if "database" in lowered and "does not exist" in lowered:
        return errors.DatabaseMissing(where)
    if "permission denied for database" in lowered:
        return errors.LoginRefused(where, f"{user} may not connect to that database")
    first = text.strip().splitlines()[0] if text.strip() else type(error).__name__
    return errors.ServerUnreachable(where, first[:200])
