"""A school bank on PostgreSQL: the two group roles, what each may do, and the logins.

What a login may do is enforced by PostgreSQL itself, so that a learner who connects with
``psql`` meets the same walls as one using quizapp:

- ``quizapp_learner``: reads packs, sources, facts, questions, choices and images; starts
  attempts and gives answers only as themselves, to their own attempts still in progress,
  where an exam's answers and flags may change until it ends; reads only their own learner
  row, attempts and answers; never changes an answer once the attempt has ended, nor anyone
  else's, never changes a pack.
- Study (``bank.study``): a learner reads and writes only their own cards, reviews and
  study settings; a teacher reads everyone's, and writes only their own.
- ``quizapp_teacher``: everything a learner may, plus managing packs and reading every
  learner's attempts and answers. A teacher also answers only as themselves.

The database's owner (who ran ``school init``) is not limited: PostgreSQL does not apply
row-level security to a table's owner. Roles belong to the whole server (cluster), so two
school databases on one server share them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from quizapp.bank import learners
from quizapp.bank.engine import Db, Dialect
from quizapp.core.quiz import AttemptStatus
from quizapp.core.summaries import Learner

TEACHER_ROLE = "quizapp_teacher"
LEARNER_ROLE = "quizapp_learner"
GROUPS = (TEACHER_ROLE, LEARNER_ROLE)
BOTH = f"{TEACHER_ROLE}, {LEARNER_ROLE}"

CONTENT = (
    "packs", "sources", "facts", "questions", "choices", "citations", "tags", "question_tags",
    "images", "study_units",
)  # fmt: skip
RESULTS = (
    "learners", "attempts", "attempt_questions", "responses", "response_changes",
    "study_cards", "study_reviews", "study_settings",
)  # fmt: skip
WITH_ID = ("sources", "facts", "questions", "choices", "citations", "tags", "images")

# The learner row of the login in use (RLS applies inside, so a learner sees only theirs).
_ME = "(SELECT l.id FROM learners l WHERE l.login = current_user)"
_OPEN = f"'{AttemptStatus.IN_PROGRESS.value}'"
_MY_OPEN_ATTEMPTS = (
    f"(SELECT a.id FROM attempts a WHERE a.status = {_OPEN} AND a.learner_id IN {_ME})"
)

# (table, policy, command, roles, USING, WITH CHECK)
POLICIES: tuple[tuple[str, str, str, str, str | None, str | None], ...] = (
    ("learners", "learner_reads_self", "SELECT", LEARNER_ROLE, "login = current_user", None),
    ("learners", "teacher_reads_all", "SELECT", TEACHER_ROLE, "true", None),
    ("learners", "marks_self_seen", "UPDATE", BOTH, "login = current_user", "login = current_user"),
    ("attempts", "learner_reads_own", "SELECT", LEARNER_ROLE, f"learner_id IN {_ME}", None),
    ("attempts", "teacher_reads_all", "SELECT", TEACHER_ROLE, "true", None),
    (
        "attempts", "starts_own", "INSERT", BOTH, None,
        f"learner_id IN {_ME} AND status = {_OPEN}",
    ),
    (
        "attempts", "ends_own", "UPDATE", BOTH,
        f"learner_id IN {_ME} AND status = {_OPEN}", f"learner_id IN {_ME}",
    ),
    (
        "attempt_questions", "learner_reads_own", "SELECT", LEARNER_ROLE,
        "attempt_id IN (SELECT a.id FROM attempts a)", None,
    ),
    ("attempt_questions", "teacher_reads_all", "SELECT", TEACHER_ROLE, "true", None),
    (
        "attempt_questions", "shows_own", "INSERT", BOTH, None,
        f"attempt_id IN {_MY_OPEN_ATTEMPTS}",
    ),
    (
        "responses", "learner_reads_own", "SELECT", LEARNER_ROLE,
        "attempt_id IN (SELECT a.id FROM attempts a)", None,
    ),
    ("responses", "teacher_reads_all", "SELECT", TEACHER_ROLE, "true", None),
    ("responses", "answers_own", "INSERT", BOTH, None, f"attempt_id IN {_MY_OPEN_ATTEMPTS}"),
    (
        "responses", "changes_own", "UPDATE", BOTH, f"attempt_id IN {_MY_OPEN_ATTEMPTS}",
        f"attempt_id IN {_MY_OPEN_ATTEMPTS}",
    ),
    ("responses", "clears_own", "DELETE", BOTH, f"attempt_id IN {_MY_OPEN_ATTEMPTS}", None),
    (
        "attempt_questions", "flags_own", "UPDATE", BOTH, f"attempt_id IN {_MY_OPEN_ATTEMPTS}",
        f"attempt_id IN {_MY_OPEN_ATTEMPTS}",
    ),
    (
        "response_changes", "learner_reads_own", "SELECT", LEARNER_ROLE,
        "attempt_id IN (SELECT a.id FROM attempts a)", None,
    ),
    ("response_changes", "teacher_reads_all", "SELECT", TEACHER_ROLE, "true", None),
    (
        "response_changes", "logs_own", "INSERT", BOTH, None,
        f"attempt_id IN {_MY_OPEN_ATTEMPTS}",
    ),
    # Study: each learner's own schedule, written only by themselves.
    ("study_cards", "learner_reads_own", "SELECT", LEARNER_ROLE, f"learner_id IN {_ME}", None),
    ("study_cards", "teacher_reads_all", "SELECT", TEACHER_ROLE, "true", None),
    ("study_cards", "starts_own", "INSERT", BOTH, None, f"learner_id IN {_ME}"),
    (
        "study_cards", "reviews_own", "UPDATE", BOTH, f"learner_id IN {_ME}",
        f"learner_id IN {_ME}",
    ),
    (
        "study_reviews", "learner_reads_own", "SELECT", LEARNER_ROLE,
        "card_id IN (SELECT c.id FROM study_cards c)", None,
    ),
    ("study_reviews", "teacher_reads_all", "SELECT", TEACHER_ROLE, "true", None),
    (
        "study_reviews", "logs_own", "INSERT", BOTH, None,
        f"card_id IN (SELECT c.id FROM study_cards c WHERE c.learner_id IN {_ME})",
    ),
    ("study_settings", "learner_reads_own", "SELECT", LEARNER_ROLE, f"learner_id IN {_ME}", None),
    ("study_settings", "teacher_reads_all", "SELECT", TEACHER_ROLE, "true", None),
    ("study_settings", "sets_own", "INSERT", BOTH, None, f"learner_id IN {_ME}"),
    (
        "study_settings", "changes_own", "UPDATE", BOTH, f"learner_id IN {_ME}",
        f"learner_id IN {_ME}",
    ),
)  # fmt: skip


def _sql() -> Any:
    from psycopg import sql

    return sql


def _execute(db: Db, statement: Any) -> None:
    db.raw.execute(statement)


def _existing_groups(db: Db) -> set[str]:
    found = db.rows("SELECT rolname FROM pg_catalog.pg_roles WHERE rolname IN (:r)", {"r": GROUPS})
    return {r[0] for r in found}


def roles_exist(db: Db) -> bool:
    """Whether ``school init`` has made the two group roles on this server."""
    return _existing_groups(db) == set(GROUPS)


def grant_if_set_up(raw: Any) -> None:
    """After a schema upgrade: give the roles their rights on any new tables too."""
    db = Db(Dialect.POSTGRESQL, raw)
    if roles_exist(db):
        apply_rights(db)


def set_up(db: Db) -> list[str]:
    """Make the group roles if they are missing and (re)apply every right; what was done."""
    sql = _sql()
    done = []
    existing = {
        r[0]
        for r in db.rows(
            "SELECT rolname FROM pg_catalog.pg_roles WHERE rolname IN (:r)", {"r": GROUPS}
        )
    }
    for role in GROUPS:
        if role in existing:
            done.append(f"role {role} already exists")
        else:
            _execute(db, sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
            done.append(f"created the role {role}")
    apply_rights(db)
    done.append("granted the rights of teachers and learners, with row-level security")
    return done


def apply_rights(db: Db) -> None:
    """Grants and row-level security policies, as described in this module's docstring."""
    sql = _sql()
    database = db.value("SELECT current_database()")
    schema = db.value("SELECT current_schema()")
    ident = sql.Identifier
    both = sql.SQL(", ").join(ident(r) for r in GROUPS)
    statements = [
        # Only quizapp's logins may connect, and nobody but the owner may create tables.
        sql.SQL("REVOKE CONNECT, TEMPORARY ON DATABASE {} FROM PUBLIC").format(ident(database)),
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(ident(database), both),
        sql.SQL("REVOKE CREATE ON SCHEMA {} FROM PUBLIC").format(ident(schema)),
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(ident(schema), both),
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM PUBLIC, {}").format(
            ident(schema), both
        ),
        sql.SQL("GRANT SELECT ON alembic_version, settings TO {}").format(both),
        sql.SQL("GRANT INSERT, UPDATE, DELETE ON settings TO {}").format(ident(TEACHER_ROLE)),
    ]
    content = sql.SQL(", ").join(ident(t) for t in CONTENT)
    statements += [
        sql.SQL("GRANT SELECT ON {} TO {}").format(content, both),
        sql.SQL("GRANT INSERT, UPDATE, DELETE ON {} TO {}").format(content, ident(TEACHER_ROLE)),
        sql.SQL("GRANT SELECT ON {} TO {}").format(
            sql.SQL(", ").join(ident(t) for t in RESULTS), both
        ),
        sql.SQL("GRANT UPDATE (last_seen_at) ON learners TO {}").format(both),
        sql.SQL("GRANT INSERT, UPDATE (status, finished_at, position) ON attempts TO {}").format(
            both
        ),
        sql.SQL("GRANT INSERT, UPDATE (flagged) ON attempt_questions TO {}").format(both),
        sql.SQL(
            "GRANT INSERT, DELETE, UPDATE (chosen_index, picks, credit, outcome, answered_at, "
            "seconds, certainty, marks) ON responses TO {}"
        ).format(both),
        sql.SQL("GRANT INSERT ON response_changes TO {}").format(both),
        sql.SQL(
            "GRANT INSERT, UPDATE (state, step, stability, difficulty, due, last_review, "
            "last_question, reps, lapses) ON study_cards TO {}"
        ).format(both),
        sql.SQL("GRANT INSERT ON study_reviews TO {}").format(both),
        sql.SQL(
            "GRANT INSERT, UPDATE (desired_retention, new_per_day, parameters, optimised_at) "
            "ON study_settings TO {}"
        ).format(both),
    ]
    for table in (*WITH_ID, "attempts", "responses", "response_changes", "study_cards",
                  "study_reviews"):  # fmt: skip
        sequence = db.value("SELECT pg_get_serial_sequence(:t, 'id')", {"t": table})
        roles = ident(TEACHER_ROLE) if table in WITH_ID else both
        statements.append(
            sql.SQL("GRANT USAGE ON SEQUENCE {} TO {}").format(sql.SQL(sequence), roles)
        )
    for table in RESULTS:
        statements.append(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(ident(table)))
    for table, name, command, roles, using, check in POLICIES:
        policy = ident(f"{table}_{name}")
        statements.append(sql.SQL("DROP POLICY IF EXISTS {} ON {}").format(policy, ident(table)))
        text = sql.SQL("CREATE POLICY {} ON {} FOR {} TO {}").format(
            policy, ident(table), sql.SQL(command), sql.SQL(roles)
        )
        if using is not None:
            text = sql.SQL("{} USING ({})").format(text, sql.SQL(using))
        if check is not None:
            text = sql.SQL("{} WITH CHECK ({})").format(text, sql.SQL(check))
        statements.append(text)
    for statement in statements:
        _execute(db, statement)
    # Only the schema's owner can take CREATE away from PUBLIC: on PostgreSQL 14 and older
    # "public" belongs to the superuser, and the REVOKE above only warned. Never leave it so.
    if any(
        db.value(
            "SELECT has_schema_privilege(:role, :schema, 'CREATE')", {"role": r, "schema": schema}
        )
        for r in GROUPS
    ):
        owner = db.value("SELECT current_user")
        raise SchoolSetUpError(
            f'learners could still create tables in the schema "{schema}", which belongs to '
            'another role (PostgreSQL 14 and older give "public" to the superuser). As the '
            f"superuser, run: ALTER SCHEMA {schema} OWNER TO {owner}; then school init again"
        )


# -- logins -------------------------------------------------------------------------------------

_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # nothing that reads as another character


def new_password() -> str:
    """A password to read out or copy: three groups of four, about 59 bits."""
    import secrets  # here, not at the top: the start path never makes a password

    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(3))


def login_for(name: str) -> str:
    """A login made from a learner's name: "Ana García" -> "ana_garcia"."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")[:40] or "learner"
    return stem if stem[0].isalpha() else f"l_{stem}"


def _taken(db: Db) -> Iterator[str]:
    for (name,) in db.rows("SELECT rolname FROM pg_catalog.pg_roles"):
        yield name
    for (login,) in db.rows("SELECT login FROM learners WHERE login IS NOT NULL"):
        yield login


def _free_login(stem: str, taken: set[str]) -> str:
    login, n = stem, 1
    while login in taken:
        n += 1
        login = f"{stem}_{n}"
    return login


@dataclass(frozen=True, slots=True)
class NewLogin:
    """The result of adding one person to a school bank.

    Attributes:
        password: the new password (shown once), or "" if nothing was created.
        created: False when they already had a login (nothing was changed).
    """

    learner: Learner
    password: str
    created: bool


def _create_login(db: Db, login: str, password: str, group: str) -> None:
    sql = _sql()
    verifier = db.raw.pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256")
    _execute(
        db,
        sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
            sql.Identifier(login), sql.Literal(verifier.decode()), sql.Identifier(group)
        ),
    )


LOGIN_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


class SchoolSetUpError(ValueError):
    """The rights cannot be set as quizapp needs them; the message says what to do."""


class NotATeacher(ValueError):
    """A role that must never be made a teacher (a group role, a superuser, no login)."""


def add_learner(db: Db, name: str, class_name: str, now: datetime, login: str = "") -> NewLogin:
    """A login (member of quizapp_learner) and a learner row for ``name``; nothing if they have one.

    ``login`` is the one to make (the roster gave it), else one is made from the name. The
    password is sent to the server already hashed (SCRAM), never as text.
    """
    found = learners.find(db, name)
    if found is not None and found.login:
        return NewLogin(found, "", False)
    taken = set(_taken(db))
    if login and login in taken:
        raise ValueError(f"the login {login} is taken already")
    login = login or _free_login(login_for(name), taken)
    password = new_password()
    _create_login(db, login, password, LEARNER_ROLE)
    if found is None:
        learner = learners.add(db, name, now, login=login, class_name=class_name)
    else:  # a learner copied from a file bank gets a login of their own
        db.run(
            "UPDATE learners SET login = :login, class_name = :class_name WHERE id = :id",
            {"login": login, "class_name": class_name, "id": found.id},
        )
        learner = Learner(found.id, found.name, login, class_name)
    return NewLogin(learner, password, True)


def add_teacher(db: Db, login: str, now: datetime) -> NewLogin:
    """Make ``login`` a teacher: created with a new password if it does not exist yet.

    The teacher also gets a learner row of their own, to try quizzes.
    """
    sql = _sql()
    role = db.row(
        "SELECT rolsuper, rolcanlogin FROM pg_catalog.pg_roles WHERE rolname = :login",
        {"login": login},
    )
    if (
        login in GROUPS
        or login.startswith("pg_")
        or (role is not None and (role[0] or not role[1]))
    ):
        raise NotATeacher(
            f"{login} cannot be a teacher: it is "
            + ("one of quizapp's group roles" if login in GROUPS else "a superuser or a role "
               "that cannot log in")
            + "; give the login of a person"
        )  # fmt: skip
    exists = role is not None
    is_teacher = bool(
        db.value(
            "SELECT 1 FROM pg_catalog.pg_auth_members m "
            "JOIN pg_catalog.pg_roles g ON g.oid = m.roleid "
            "JOIN pg_catalog.pg_roles u ON u.oid = m.member "
            "WHERE g.rolname = :group AND u.rolname = :login",
            {"group": TEACHER_ROLE, "login": login},
        )
    )
    mine = learners.by_login(db, login)
    if exists and is_teacher and mine is not None:
        return NewLogin(mine, "", False)
    password = ""
    if not exists:
        password = new_password()
        _create_login(db, login, password, TEACHER_ROLE)
    elif not is_teacher:
        _execute(
            db,
            sql.SQL("GRANT {} TO {}").format(sql.Identifier(TEACHER_ROLE), sql.Identifier(login)),
        )
    if mine is None:
        name = login
        if learners.find(db, name) is not None:  # a learner already has that name
            name = f"{login} (teacher)"
        mine = learners.add(db, name, now, login=login)
    return NewLogin(mine, password, True)
