"""Setting up a school bank on PostgreSQL: the roles, the learners' logins, the teachers.

Each call is one unit of work: a roster imports completely or not at all. The passwords of
new logins are written once, to the file the teacher hands out, and never stored in the bank
(PostgreSQL keeps only their SCRAM hash).
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path

from quizapp.bank import learners, school
from quizapp.bank.database import Bank
from quizapp.bank.engine import Db, Dialect
from quizapp.core.quiz import Clock, system_clock
from quizapp.core.summaries import learner_key
from quizapp.services import ServiceError
from quizapp.services.quiz import MAX_NAME
from quizapp.services.results import neutralise

MAX_ROSTER_BYTES = 2 * 1024 * 1024
LOGIN_COLUMNS = ("name", "class", "login", "password")


def _school_bank(bank: Bank) -> None:
    if bank.dialect is not Dialect.POSTGRESQL:
        raise ServiceError(
            "a school is set up on a PostgreSQL bank: give it with --db "
            "postgresql+psycopg://USER@HOST/DATABASE (see docs/school.md)"
        )


def init(bank: Bank) -> list[str]:
    """Create the group roles (if missing) and every right; what was done, line by line."""
    _school_bank(bank)
    with bank.transaction() as db:
        try:
            return school.set_up(db)
        except school.SchoolSetUpError as e:
            raise ServiceError(f"{e}; nothing was changed") from None


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One learner of a roster file (``login`` "" when quizapp is to make one)."""

    name: str
    class_name: str
    line: int
    login: str = ""


def read_roster(path: Path) -> list[RosterEntry]:
    """The learners of a CSV roster with a ``name`` column (and optionally ``class``).

    Raises ServiceError naming the file and line of every problem.
    """
    try:
        if path.stat().st_size > MAX_ROSTER_BYTES:
            raise ServiceError(f"{path} is larger than 2 MB; is it really a roster?")
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ServiceError(f"{path} is not UTF-8 text; save it as CSV UTF-8") from None
    except OSError as e:
        raise ServiceError(f"cannot read {path}: {e.strerror or e}") from None
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows:
        raise ServiceError(f"{path} is empty; it needs a header row with a name column")
    header = [h.strip().lower() for h in rows[0]]
    if "name" not in header:
        found = ", ".join(h for h in header if h) or "nothing"
        raise ServiceError(
            f"{path}:1: the first row must name the columns, with one called name (and "
            f"optionally class); it has {found}"
        )
    name_at = header.index("name")
    class_at = header.index("class") if "class" in header else None
    login_at = header.index("login") if "login" in header else None
    logins: dict[str, int] = {}
    entries: list[RosterEntry] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        name = " ".join(row[name_at].split()) if name_at < len(row) else ""
        class_name = ""
        if class_at is not None and class_at < len(row):
            class_name = " ".join(row[class_at].split())
        login = ""
        if login_at is not None and login_at < len(row):
            login = row[login_at].strip()
        if login and not school.LOGIN_PATTERN.match(login):
            problems.append(
                f"{path}:{number}: {login!r} is not a login: use lowercase letters, digits and "
                "_, starting with a letter"
            )
        elif login in logins:
            problems.append(
                f"{path}:{number}: the login {login} is already on line {logins[login]}"
            )
        elif login:
            logins[login] = number
        if not name:
            problems.append(f"{path}:{number}: no name")
        elif len(name) > MAX_NAME:
            problems.append(f"{path}:{number}: the name is longer than {MAX_NAME} characters")
        elif learner_key(name) in seen:
            problems.append(f"{path}:{number}: {name} is already on line {seen[learner_key(name)]}")
        else:
            seen[learner_key(name)] = number
            entries.append(RosterEntry(name, class_name[:100], number, login))
    if problems:
        raise ServiceError("the roster has problems; nothing was changed:\n" + "\n".join(problems))
    if not entries:
        raise ServiceError(f"{path} names no learners")
    return entries


@dataclass(frozen=True, slots=True)
class AddedLearners:
    """What ``add_learners`` did.

    Attributes:
        created: the new logins, with their passwords (also in ``logins_file``).
        unchanged: learners who had a login already.
        logins_file: where the new passwords were written (None if there were none).
    """

    created: tuple[school.NewLogin, ...]
    unchanged: tuple[school.NewLogin, ...]
    logins_file: Path | None


def add_learners(
    bank: Bank, roster: Path, logins_file: Path, clock: Clock = system_clock
) -> AddedLearners:
    """One login per learner of the roster (those who have one already are left alone).

    The new logins and their passwords go to ``logins_file``, which must not exist yet: it
    is never overwritten, so that passwords handed out earlier are not lost.
    """
    _school_bank(bank)
    entries = read_roster(roster)
    if logins_file.exists():
        raise ServiceError(
            f"{logins_file} already exists; choose another file with -o (quizapp never "
            "overwrites a file of passwords)"
        )
    now = clock()
    with bank.transaction() as db:
        if not school.roles_exist(db):
            raise ServiceError("this bank is not set up for a school yet: run school init first")
        _check_clashes(db, roster, entries)
        try:
            results = [school.add_learner(db, e.name, e.class_name, now, e.login) for e in entries]
        except ValueError as e:
            raise ServiceError(f"{roster}: {e}; nothing was changed") from None
        created = tuple(r for r in results if r.created)
        if created:
            # Written inside the unit of work: if the file cannot be written, no login is made.
            _write_logins(logins_file, created)
    return AddedLearners(
        created, tuple(r for r in results if not r.created), logins_file if created else None
    )


def _check_clashes(db: Db, roster: Path, entries: list[RosterEntry]) -> None:
    """A learner of the roster whose name is taken by a learner of another class is not
    that learner: say so (before anything is made) rather than take one for the other."""
    problems = []
    for e in entries:
        known = learners.find(db, e.name)
        if known is None or not known.login or not e.class_name or not known.class_name:
            continue
        if known.class_name != e.class_name:
            problems.append(
                f"{roster}:{e.line}: {e.name} ({e.class_name}) has the same name as "
                f"{known.name} ({known.class_name}), who already has the login {known.login}: "
                "write the name differently (for example with the class), or give each a "
                "login in a login column"
            )
    if problems:
        raise ServiceError("nothing was changed:\n" + "\n".join(problems))


def _write_logins(path: Path, created: tuple[school.NewLogin, ...]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(LOGIN_COLUMNS)
    for n in created:
        learner = n.learner
        writer.writerow(
            [neutralise(learner.name), neutralise(learner.class_name), learner.login, n.password]
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # only its owner reads it
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(out.getvalue())
    except OSError as e:
        raise ServiceError(f"cannot write {path}: {e.strerror or e}; no login was made") from None


def add_teacher(bank: Bank, login: str, clock: Clock = system_clock) -> school.NewLogin:
    """Make ``login`` a teacher (a new login gets a password, shown once)."""
    _school_bank(bank)
    cleaned = login.strip()
    if not cleaned or len(cleaned) > 63 or cleaned.lower().startswith("pg_"):
        raise ServiceError(f'"{login}" cannot be a login: use up to 63 letters, digits or _')
    with bank.transaction() as db:
        if not school.roles_exist(db):
            raise ServiceError("this bank is not set up for a school yet: run school init first")
        try:
            return school.add_teacher(db, cleaned, clock())
        except school.NotATeacher as e:
            raise ServiceError(str(e)) from None
