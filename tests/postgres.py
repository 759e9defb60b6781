"""A throwaway PostgreSQL server for the tests and benchmarks, started and stopped by them.

``TempServer`` runs ``initdb`` and ``pg_ctl`` from the PostgreSQL binaries it finds (on
PATH, in Debian's /usr/lib/postgresql/N/bin and the like, or inside the ``pgserver`` wheel
if that is installed) on a free port of 127.0.0.1, in a temporary folder removed at the
end. ``initdb`` refuses to run as root (as CI does): the server then runs as the
unprivileged user ``nobody``, without creating any user on the machine. Password
authentication (SCRAM) is on, as on a school's server.

``QUIZAPP_TEST_POSTGRES_URL`` (a superuser's URL) uses a server you already run instead.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

SUPERUSER = "postgres"
SUPERUSER_PASSWORD = "test-superuser-password"
UNPRIVILEGED = "nobody"


class NoServer(RuntimeError):
    """No PostgreSQL binaries to start a server with."""


def find_binaries() -> Path:
    """The folder with ``initdb`` and ``pg_ctl``; raises NoServer with what to install."""
    candidates: list[str] = []
    found = shutil.which("pg_ctl")
    if found:
        candidates.append(str(Path(os.path.realpath(found)).parent))
    for pattern in (
        "/usr/lib/postgresql/*/bin",
        "/usr/pgsql-*/bin",
        "/usr/local/pgsql/bin",
        "/opt/homebrew/opt/postgresql*/bin",
        "/usr/local/opt/postgresql*/bin",
        "/Applications/Postgres.app/Contents/Versions/*/bin",
    ):
        candidates += sorted(glob.glob(pattern), reverse=True)
    with contextlib.suppress(ImportError):
        import pgserver  # type: ignore[import-not-found]

        candidates.append(str(Path(pgserver.__file__).parent / "pginstall" / "bin"))
    for folder in candidates:
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    raise NoServer(
        "the PostgreSQL tests need PostgreSQL's server programs (initdb, pg_ctl) and none "
        "were found. Install them (Debian/Ubuntu: apt-get install postgresql; macOS: brew "
        "install postgresql), or pip install pgserver, or point QUIZAPP_TEST_POSTGRES_URL at "
        "a server of yours (a superuser's URL)."
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def url(
    host: str, port: int, database: str, user: str = SUPERUSER, password: str | None = None
) -> str:
    auth = quote(user, safe="")
    if password is not None:
        auth += ":" + quote(password, safe="")
    return f"postgresql+psycopg://{auth}@{host}:{port}/{database}"


@dataclass
class TempServer:
    """A PostgreSQL server of the test session's own.

    Attributes:
        host, port: where it listens (TCP, password authentication).
        socket_dir: the folder of its Unix socket (for the ``?host=/folder`` form of a URL).
    """

    host: str = "127.0.0.1"
    port: int = 0
    socket_dir: str = ""
    folder: Path | None = None
    _run_as: dict[str, Any] = field(default_factory=dict)
    _bin: Path | None = None
    external: bool = False
    durable: bool = False
    superuser: str = SUPERUSER
    superuser_password: str = SUPERUSER_PASSWORD

    @classmethod
    def start(cls, durable: bool = False) -> TempServer:
        """Start a server; ``durable`` keeps PostgreSQL's own fsync and synchronous commit
        (benchmarks), else they are off, as is usual for tests."""
        given = os.environ.get("QUIZAPP_TEST_POSTGRES_URL")
        if given:
            parts = urlsplit(given)
            return cls(
                host=parts.hostname or "127.0.0.1",
                port=parts.port or 5432,
                external=True,
                superuser=parts.username or SUPERUSER,
                superuser_password=parts.password or "",
            )
        server = cls(_bin=find_binaries(), durable=durable)
        server._launch()
        return server

    def _launch(self) -> None:
        assert self._bin is not None
        folder = Path(tempfile.mkdtemp(prefix="quizapp-pg-"))
        self.folder = folder
        env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8", HOME=str(folder))
        env.pop("PGDATA", None)
        self._run_as = {"env": env, "cwd": str(folder)}
        if os.geteuid() == 0:  # initdb and postgres refuse root: run them as nobody
            user = pwd.getpwnam(UNPRIVILEGED)
            os.chown(folder, user.pw_uid, user.pw_gid)
            self._run_as |= {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
        password_file = folder / "password"
        password_file.write_text(SUPERUSER_PASSWORD + "\n")
        if "user" in self._run_as:
            os.chown(password_file, self._run_as["user"], self._run_as["group"])
        data = folder / "data"
        self._run(
            "initdb", "-D", str(data), "-U", SUPERUSER, "--auth=scram-sha-256",
            f"--pwfile={password_file}", "-E", "UTF8", "--no-sync",
        )  # fmt: skip
        password_file.unlink()
        self.port = _free_port()
        self.socket_dir = str(folder)
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.socket_dir} "
            "-c max_connections=120 -c shared_buffers=64MB"
        )
        if not self.durable:
            options += " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        self._run(
            "pg_ctl", "-D", str(data), "-l", str(folder / "log"), "-w", "-o", options, "start"
        )

    def _run(self, program: str, *args: str) -> None:
        assert self._bin is not None
        done = subprocess.run(
            [str(self._bin / program), *args], capture_output=True, text=True, **self._run_as
        )
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed: {done.stdout[-800:]} {done.stderr[-800:]}")

    def stop(self) -> None:
        if self.external or self.folder is None:
            return
        with contextlib.suppress(Exception):
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None

    # -- using it ----------------------------------------------------------------------------
    def url(self, database: str, user: str | None = None, password: str | None = None) -> str:
        """A quizapp --db URL for ``database`` (as the superuser unless told)."""
        if user is None:
            user, password = self.superuser, self.superuser_password
        return url(self.host, self.port, database, user, password)

    def connect(self, database: str = "postgres", **kwargs: Any) -> Any:
        """A psycopg connection, as the superuser unless ``user``/``password`` are given."""
        import psycopg

        params = {
            "host": self.host,
            "port": self.port,
            "dbname": database,
            "user": self.superuser,
            "password": self.superuser_password,
            "connect_timeout": 10,
        } | kwargs
        return psycopg.connect(**params)

    @contextlib.contextmanager
    def admin(self) -> Iterator[Any]:
        conn = self.connect(autocommit=True)
        try:
            yield conn
        finally:
            conn.close()

    def create_database(
        self, name: str, template: str | None = None, owner: str | None = None
    ) -> str:
        from psycopg import sql

        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            statement = sql.SQL("{} TEMPLATE {}").format(statement, sql.Identifier(template))
        if owner:
            statement = sql.SQL("{} OWNER {}").format(statement, sql.Identifier(owner))
        with self.admin() as conn:
            conn.execute(statement)
        return name

    def drop_database(self, name: str) -> None:
        from psycopg import sql

        with self.admin() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
