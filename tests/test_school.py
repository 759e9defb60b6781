"""A school on PostgreSQL: roles, logins, and walls that the database itself keeps.

The walls are tested by logging in with psycopg directly, as a learner with psql would,
not through quizapp.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from psycopg import errors as pg

from quizapp.bank.errors import BankNeedsUpgrade, NotAllowed
from quizapp.cli import main
from quizapp.core.summaries import BankAccess
from quizapp.services import Bank, ServiceError, open_bank
from quizapp.services import quiz as quiz_service
from quizapp.services import results as results_service
from quizapp.services import school as school_service
from quizapp.services.packs import import_files, list_packs

from .conftest import _drop_logins
from .helpers import numbers_pack, write
from .postgres import TempServer


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def connect_as(server: TempServer, school: str, who: dict[str, str]) -> Any:
    database = school.rsplit("/", 1)[1]
    return server.connect(database, user=who["login"], password=who["password"], autocommit=True)


def bank_as(server: TempServer, school: str, who: dict[str, str]) -> Bank:
    database = school.rsplit("/", 1)[1]
    return open_bank(server.url(database, who["login"], who["password"]))


# -- setting up ----------------------------------------------------------------------------------


def test_init_makes_the_roles_and_again_changes_nothing(
    school: str, postgres_server: TempServer
) -> None:
    with postgres_server.admin() as conn:
        roles = {r[0] for r in conn.execute("SELECT rolname FROM pg_roles")}
    assert {"quizapp_teacher", "quizapp_learner"} <= roles
    code, out, _ = run("--db", school, "school", "init")
    assert code == 0
    assert "role quizapp_teacher already exists" in out.lower()


def test_logins_are_made_once_with_their_passwords_written_for_the_teacher(
    school: str, tmp_path: Path, postgres_server: TempServer
) -> None:
    roster = write(tmp_path, "roster.csv", "Name;Class\nAna García;5B\nBen Okafor;\n")
    out_file = tmp_path / "logins.csv"
    code, out, err = run("--db", school, "school", "add-learners", str(roster), "-o", str(out_file))
    assert code == 0, err
    assert "added Ana García (5B): login ana_garcia" in out
    assert "added Ben Okafor: login ben_okafor" in out
    rows = list(csv.DictReader(io.StringIO(out_file.read_text())))
    assert [(r["name"], r["class"], r["login"]) for r in rows] == [
        ("Ana García", "5B", "ana_garcia"),
        ("Ben Okafor", "", "ben_okafor"),
    ]
    assert all(len(r["password"]) == 14 for r in rows)
    assert out_file.stat().st_mode & 0o077 == 0  # only its owner may read it
    # The password works, and it was never sent to the server as text.
    connect_as(postgres_server, school, rows[0]).close()
    with postgres_server.admin() as conn:
        [(stored,)] = conn.execute(
            "SELECT rolpassword FROM pg_authid WHERE rolname = 'ana_garcia'"
        ).fetchall()
    assert stored.startswith("SCRAM-SHA-256$") and rows[0]["password"] not in stored

    again = tmp_path / "again.csv"
    code, out, _ = run("--db", school, "school", "add-learners", str(roster), "-o", str(again))
    assert code == 0
    assert "Ana García already has the login ana_garcia; unchanged" in out
    assert "Nothing changed" in out
    assert not again.exists()


def test_a_file_of_passwords_is_never_overwritten(school: str, tmp_path: Path) -> None:
    roster = write(tmp_path, "roster.csv", "name\nAna\n")
    existing = write(tmp_path, "logins.csv", "name,class,login,password\nOld,,old,secret\n")
    code, _, err = run("--db", school, "school", "add-learners", str(roster), "-o", str(existing))
    assert code == 1
    assert "already exists" in err and "never overwrites" in err
    assert "Old,,old,secret" in existing.read_text()


def test_a_roster_with_problems_changes_nothing(school: str, tmp_path: Path) -> None:
    roster = write(tmp_path, "roster.csv", "name,class\nAna,5B\n,5B\nana,5C\n")
    with pytest.raises(ServiceError) as info:
        school_service.read_roster(roster)
    assert f"{roster}:3: no name" in str(info.value)
    assert f"{roster}:4: ana is already on line 2" in str(info.value)
    bad_header = write(tmp_path, "bad.csv", "pupil,form\nAna,5B\n")
    with pytest.raises(ServiceError, match="one called name"):
        school_service.read_roster(bad_header)


def test_school_commands_need_a_postgresql_bank(tmp_path: Path) -> None:
    code, _, err = run("--db", str(tmp_path / "bank.sqlite3"), "school", "init")
    assert code == 1
    assert "PostgreSQL bank" in err


# -- the walls, as psql would meet them -------------------------------------------------------


def _start_attempt(server: TempServer, school: str, who: dict[str, str]) -> int:
    bank = bank_as(server, school, who)
    session = quiz_service.QuizSession.start(
        bank, quiz_service.QuizRequest("numbers", who["name"], count=2, seed=1)
    )
    question = session.current
    assert question is not None
    session.choose(question.correct_index)
    bank.close()
    return session.run.attempt_id


def test_a_learner_reads_packs_but_never_changes_one(
    logins: dict[str, dict[str, str]], school: str, postgres_server: TempServer
) -> None:
    with connect_as(postgres_server, school, logins["Ana García"]) as ana:
        assert ana.execute("SELECT count(*) FROM questions").fetchone() == (4,)
        assert ana.execute("SELECT count(*) FROM choices WHERE correct").fetchone()[0] > 0
        for statement in (
            "UPDATE questions SET prompt = 'hacked'",
            "DELETE FROM choices",
            "INSERT INTO tags (name) VALUES ('mine')",
            "UPDATE packs SET title = 'mine'",
            "DELETE FROM packs",
            "CREATE TABLE notes (t text)",
            "UPDATE settings SET value = ''",
        ):
            with pytest.raises(pg.InsufficientPrivilege):
                ana.execute(statement)


def test_a_learner_sees_only_their_own_results(
    logins: dict[str, dict[str, str]], school: str, postgres_server: TempServer
) -> None:
    ana_attempt = _start_attempt(postgres_server, school, logins["Ana García"])
    ben_attempt = _start_attempt(postgres_server, school, logins["Ben Okafor"])
    with connect_as(postgres_server, school, logins["Ben Okafor"]) as ben:
        assert ben.execute("SELECT id FROM attempts").fetchall() == [(ben_attempt,)]
        assert ben.execute(
            "SELECT count(*) FROM responses WHERE attempt_id = %s", (ana_attempt,)
        ).fetchone() == (0,)
        assert ben.execute(
            "SELECT count(*) FROM attempt_questions WHERE attempt_id = %s", (ana_attempt,)
        ).fetchone() == (0,)
        assert ben.execute("SELECT name FROM learners").fetchall() == [("Ben Okafor",)]


def test_a_learner_never_answers_as_someone_else(
    logins: dict[str, dict[str, str]], school: str, postgres_server: TempServer
) -> None:
    ana_attempt = _start_attempt(postgres_server, school, logins["Ana García"])
    with postgres_server.connect(school.rsplit("/", 1)[1]) as owner:
        [(ana_id,)] = owner.execute("SELECT id FROM learners WHERE login = 'ana_garcia'").fetchall()
    with connect_as(postgres_server, school, logins["Ben Okafor"]) as ben:
        with pytest.raises(pg.InsufficientPrivilege):  # a new attempt in Ana's name
            ben.execute(
                "INSERT INTO attempts (learner_id, pack_id, pack_title, pack_version, mode, kind,"
                " settings, started_at, status, total) VALUES (%s, 'numbers', 'x', '1', "
                "'exam', 'quiz', '{}', now(), 'in_progress', 1)",
                (ana_id,),
            )
        assert ben.execute("UPDATE responses SET chosen_index = 1").rowcount == 0
        assert ben.execute("UPDATE attempt_questions SET flagged = true").rowcount == 0
        with pytest.raises(pg.InsufficientPrivilege):  # an answer in Ana's attempt
            ben.execute(
                "INSERT INTO responses (attempt_id, position, chosen_index, credit, outcome, "
                "answered_at, seconds) VALUES (%s, 1, 0, 1, 'correct', now(), 1)",
                (ana_attempt,),
            )
        # Ana's attempt cannot be finished or moved by Ben: no row is his to change.
        changed = ben.execute(
            "UPDATE attempts SET status = 'abandoned' WHERE id = %s", (ana_attempt,)
        )
        assert changed.rowcount == 0
        with pytest.raises(pg.InsufficientPrivilege):
            ben.execute("UPDATE attempts SET learner_id = learner_id")
        with pytest.raises(pg.InsufficientPrivilege):
            ben.execute("UPDATE learners SET login = 'ben'")


def test_no_learner_changes_an_answer_once_the_attempt_has_ended(
    logins: dict[str, dict[str, str]], school: str, postgres_server: TempServer
) -> None:
    attempt = _start_attempt(postgres_server, school, logins["Ana García"])
    with connect_as(postgres_server, school, logins["Ana García"]) as ana:
        assert ana.execute(
            "SELECT count(*) FROM responses WHERE attempt_id = %s", (attempt,)
        ).fetchone() == (1,)
        # While the exam is open, its answers and flags are hers to change...
        assert ana.execute("UPDATE attempt_questions SET flagged = true").rowcount == 2
        assert ana.execute("UPDATE responses SET chosen_index = 1").rowcount == 1
        ana.execute("UPDATE attempts SET status = 'finished', finished_at = now()")
        # ...and once it has ended, nothing about them changes.
        for statement in (
            "UPDATE responses SET credit = 1, outcome = 'correct'",
            "DELETE FROM responses",
            "UPDATE attempt_questions SET flagged = false",
            "UPDATE attempts SET status = 'in_progress'",
        ):
            assert ana.execute(statement).rowcount == 0, statement
        for statement in (
            "DELETE FROM attempts",
            "DELETE FROM attempt_questions",
            "UPDATE attempt_questions SET prompt = 'easier'",
            "UPDATE responses SET attempt_id = attempt_id",
            "UPDATE response_changes SET chosen_index = 0",
            "DELETE FROM response_changes",
        ):
            with pytest.raises(pg.InsufficientPrivilege):
                ana.execute(statement)
    with postgres_server.connect(school.rsplit("/", 1)[1]) as owner:
        assert owner.execute(
            "SELECT flagged FROM attempt_questions WHERE attempt_id = %s ORDER BY position",
            (attempt,),
        ).fetchall() == [(True,), (True,)]


def test_a_teacher_reads_every_result_and_manages_packs_but_changes_no_answer(
    logins: dict[str, dict[str, str]], school: str, postgres_server: TempServer, tmp_path: Path
) -> None:
    _start_attempt(postgres_server, school, logins["Ana García"])
    _start_attempt(postgres_server, school, logins["Ben Okafor"])
    with connect_as(postgres_server, school, logins["tess"]) as tess:
        assert tess.execute("SELECT count(*) FROM attempts").fetchone() == (2,)
        assert tess.execute("SELECT count(*) FROM responses").fetchone() == (2,)
        # Only her own open attempts' answers are hers to change: none of these.
        assert tess.execute("UPDATE responses SET credit = 0").rowcount == 0
        assert tess.execute("DELETE FROM responses").rowcount == 0
        assert tess.execute("SELECT count(*) FROM response_changes").fetchone() == (2,)
    teacher = bank_as(postgres_server, school, logins["tess"])
    assert teacher.access is BankAccess.TEACHER
    [result] = import_files(teacher, [str(write(tmp_path, "more.toml", numbers_pack(3, "more")))])
    assert result.status.value == "added"
    exported = results_service.export_results(teacher)
    assert "Ana García" in exported and "Ben Okafor" in exported
    teacher.close()


# -- the app on a school bank ------------------------------------------------------------------


def test_a_learner_is_their_login_and_cannot_answer_under_another_name(
    logins: dict[str, dict[str, str]], school: str, postgres_server: TempServer, tmp_path: Path
) -> None:
    ana = bank_as(postgres_server, school, logins["Ana García"])
    assert ana.access is BankAccess.LEARNER
    screen = quiz_service.start_screen(ana)
    assert (screen.learner, screen.learner_fixed, screen.learners) == (
        "Ana García",
        True,
        ["Ana García"],
    )
    with pytest.raises(ServiceError, match="you answer as Ana García"):
        quiz_service.QuizSession.start(ana, quiz_service.QuizRequest("numbers", "Ben Okafor"))
    session = quiz_service.QuizSession.start(ana, quiz_service.QuizRequest("numbers", ""))
    assert session.current is not None
    # Her start adds no bundled pack, and the pack manager's changes are refused plainly.
    assert [p.id for p in list_packs(ana)] == ["numbers"]
    with pytest.raises(NotAllowed):
        import_files(ana, [str(write(tmp_path, "mine.toml", numbers_pack(2, "mine")))])
    assert [p.id for p in list_packs(ana)] == ["numbers"]
    ana.close()


def test_a_learners_import_is_refused_in_a_plain_sentence(
    logins: dict[str, dict[str, str]], school: str, postgres_server: TempServer, tmp_path: Path
) -> None:
    database = school.rsplit("/", 1)[1]
    ana = logins["Ana García"]
    target = postgres_server.url(database, ana["login"], ana["password"])
    pack = write(tmp_path, "mine.toml", numbers_pack(2, "mine"))
    code, _, err = run("--db", target, "pack", "import", str(pack))
    assert code == 1
    assert "does not let this login do that" in err
    assert "only teachers may change packs" in err
    assert ana["password"] not in err


def test_a_learner_cannot_upgrade_an_older_school_bank_and_is_told_who_can(
    logins: dict[str, dict[str, str]], school: str, postgres_server: TempServer
) -> None:
    database = school.rsplit("/", 1)[1]
    with postgres_server.connect(database, autocommit=True) as owner:
        owner.execute("UPDATE alembic_version SET version_num = '0003_images'")
    ana = logins["Ana García"]
    with pytest.raises(BankNeedsUpgrade) as info:
        open_bank(postgres_server.url(database, ana["login"], ana["password"]))
    assert "Only its owner can do that" in info.value.message
    with postgres_server.connect(database) as owner:  # nothing was changed
        assert owner.execute("SELECT version_num FROM alembic_version").fetchone() == (
            "0003_images",
        )


def test_an_answer_once_given_cannot_be_replaced_by_another(
    logins: dict[str, dict[str, str]], school: str, postgres_server: TempServer
) -> None:
    attempt = _start_attempt(postgres_server, school, logins["Ana García"])  # answers position 0
    with (
        connect_as(postgres_server, school, logins["Ana García"]) as ana,
        pytest.raises(pg.UniqueViolation),
    ):
        ana.execute(
            "INSERT INTO responses (attempt_id, position, chosen_index, credit, outcome, "
            "answered_at, seconds) VALUES (%s, 0, 1, 0, 'wrong', now(), 1)",
            (attempt,),
        )


def test_answers_outside_what_a_question_allows_are_refused(
    logins: dict[str, dict[str, str]], school: str, postgres_server: TempServer
) -> None:
    attempt = _start_attempt(postgres_server, school, logins["Ana García"])
    with connect_as(postgres_server, school, logins["Ana García"]) as ana:
        for credit, seconds, chosen in ((1000, 1, 0), (-1, 1, 0), (1, -5, 0), (1, 1, -1)):
            with pytest.raises(pg.CheckViolation):
                ana.execute(
                    "INSERT INTO responses (attempt_id, position, chosen_index, credit, outcome,"
                    " answered_at, seconds) VALUES (%s, 1, %s, %s, 'correct', now(), %s)",
                    (attempt, chosen, credit, seconds),
                )


def test_rows_a_learner_forged_with_psql_do_not_break_the_teachers_screens(
    logins: dict[str, dict[str, str]], school: str, postgres_server: TempServer
) -> None:
    attempt = _start_attempt(postgres_server, school, logins["Ana García"])
    with connect_as(postgres_server, school, logins["Ana García"]) as ana:
        ana.execute(  # an answer naming a choice the question does not have
            "INSERT INTO responses (attempt_id, position, chosen_index, credit, outcome, "
            "answered_at, seconds) VALUES (%s, 1, 99, 1, 'correct', now(), 1)",
            (attempt,),
        )
        [(learner_id,)] = ana.execute("SELECT id FROM learners").fetchall()
        [(forged,)] = ana.execute(
            "INSERT INTO attempts (learner_id, pack_id, pack_title, pack_version, mode, kind, "
            "settings, started_at, status, total) VALUES (%s, 'numbers', 'x', '1', 'exam', "
            "'quiz', 'not json', now(), 'in_progress', 1) RETURNING id",
            (learner_id,),
        ).fetchall()
        ana.execute(  # a snapshot that is not what quizapp writes
            "INSERT INTO attempt_questions (attempt_id, position, question_key, question_type, "
            "prompt, choices) VALUES (%s, 0, 'k', 'multiple_choice', 'p', '[{\"x\": 1}, 7]')",
            (forged,),
        )
    teacher = bank_as(postgres_server, school, logins["tess"])
    exported = results_service.export_results(teacher)  # no crash
    assert exported.count("Ana García") == 3
    reviewed = quiz_service.review(teacher, attempt)
    assert reviewed.answers[1].selected == ()  # the choice that does not exist is dropped
    quiz_service.review(teacher, forged)
    teacher.close()


@pytest.mark.parametrize("login", ["quizapp_learner", "quizapp_teacher", "postgres"])
def test_a_group_role_or_a_superuser_is_never_made_a_teacher(
    school: str, postgres_server: TempServer, login: str
) -> None:
    code, _, err = run("--db", school, "school", "add-teacher", login)
    assert code == 1 and "cannot be a teacher" in err
    with postgres_server.admin() as conn:
        members = conn.execute(
            "SELECT u.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = 'quizapp_teacher'"
        ).fetchall()
    assert members == []


def test_the_same_name_in_another_class_is_reported_not_taken_for_the_first(
    logins: dict[str, dict[str, str]], school: str, tmp_path: Path
) -> None:
    roster = write(tmp_path, "5c.csv", "name,class\nAna García,5C\n")
    code, _, err = run("--db", school, "school", "add-learners", str(roster), "-o",
                       str(tmp_path / "5c-logins.csv"))  # fmt: skip
    assert code == 1
    assert "Ana García (5C) has the same name as Ana García (5B)" in err
    assert "login column" in err
    assert not (tmp_path / "5c-logins.csv").exists()


def test_a_roster_can_give_the_logins(school: str, tmp_path: Path) -> None:
    roster = write(tmp_path, "r.csv", "name,class,login\nAna García,5C,s1042\nBo Li,5C,\n")
    out = tmp_path / "logins.csv"
    code, stdout, err = run("--db", school, "school", "add-learners", str(roster), "-o", str(out))
    assert code == 0, err
    assert "login s1042" in stdout and "login bo_li" in stdout
    bad = write(tmp_path, "bad.csv", "name,login\nCy,Not Valid!\n")
    with pytest.raises(ServiceError, match="is not a login"):
        school_service.read_roster(bad)


@pytest.fixture
def admin_database(postgres_server: TempServer) -> Iterator[tuple[str, str]]:
    """An empty database owned by quizapp_admin, a login that may create roles (no more),
    as docs/school.md sets it up: (the database, the admin's URL to it)."""
    from psycopg import sql

    with postgres_server.admin() as conn:
        conn.execute("CREATE ROLE quizapp_admin LOGIN CREATEROLE PASSWORD 'admin-pw'")
    name = postgres_server.create_database("quizapp_school", owner="quizapp_admin")
    yield name, postgres_server.url(name, "quizapp_admin", "admin-pw")
    postgres_server.drop_database(name)
    with postgres_server.admin() as conn:
        conn.execute(sql.SQL("DROP OWNED BY quizapp_admin"))
    _drop_logins(postgres_server)


def test_the_docs_set_up_with_an_owner_that_only_creates_roles_works(
    admin_database: tuple[str, str], postgres_server: TempServer, tmp_path: Path
) -> None:
    database, admin = admin_database
    code, _, err = run("--db", admin, "school", "init")
    assert code == 0, err
    roster = write(tmp_path, "r.csv", "name\nAna\n")
    code, _, err = run("--db", admin, "school", "add-learners", str(roster), "-o",
                       str(tmp_path / "l.csv"))  # fmt: skip
    assert code == 0, err
    [row] = list(csv.DictReader(io.StringIO((tmp_path / "l.csv").read_text())))
    with postgres_server.connect(
        database, user="ana", password=row["password"], autocommit=True
    ) as ana:
        with pytest.raises(pg.InsufficientPrivilege):
            ana.execute("CREATE TABLE mine (x int)")
        assert ana.execute("SELECT count(*) FROM packs").fetchone() is not None


def test_init_stops_if_learners_could_still_create_tables_and_says_how_to_fix_it(
    admin_database: tuple[str, str], postgres_server: TempServer
) -> None:
    database, admin = admin_database
    with postgres_server.connect(database, autocommit=True) as su:  # PostgreSQL 14's defaults
        su.execute("ALTER SCHEMA public OWNER TO postgres")
        su.execute("GRANT CREATE ON SCHEMA public TO PUBLIC")
    code, _, err = run("--db", admin, "school", "init")
    assert code == 1
    assert "could still create tables" in err
    assert "ALTER SCHEMA public OWNER TO quizapp_admin" in err
    with postgres_server.admin() as conn:  # nothing was left half done
        roles = {r[0] for r in conn.execute("SELECT rolname FROM pg_roles")}
    assert "quizapp_learner" not in roles


def test_a_teacher_reads_a_learners_attempt_but_cannot_answer_in_it(
    logins: dict[str, dict[str, str]], school: str, postgres_server: TempServer
) -> None:
    attempt = _start_attempt(postgres_server, school, logins["Ana García"])
    with connect_as(postgres_server, school, logins["tess"]) as tess:
        assert tess.execute(
            "SELECT count(*) FROM responses WHERE attempt_id = %s", (attempt,)
        ).fetchone() == (1,)
        with pytest.raises(pg.InsufficientPrivilege):
            tess.execute(
                "INSERT INTO responses (attempt_id, position, chosen_index, credit, outcome, "
                "answered_at, seconds) VALUES (%s, 1, 0, 1, 'correct', now(), 1)",
                (attempt,),
            )
        changed = tess.execute("UPDATE attempts SET status = 'abandoned' WHERE id = %s", (attempt,))
        assert changed.rowcount == 0


def test_a_class_code_on_the_school_bank_reaches_the_teacher_without_files(
    logins: dict[str, dict[str, str]], school: str, postgres_server: TempServer
) -> None:
    from quizapp.services import classroom

    teacher = bank_as(postgres_server, school, logins["tess"])
    code = classroom.make_code(teacher, classroom.CodeRequest("numbers", count=3, seed=6))
    shown = []
    for name, right in (("Ana García", True), ("Ben Okafor", False)):
        learner = bank_as(postgres_server, school, logins[name])
        session = classroom.join(learner, code, "")  # the learner is the login
        shown.append([q.key for q in session.run.questions])
        for q in session.run.questions:
            session.choose(q.correct_index if right else (q.correct_index + 1) % len(q.choices))
            session.next()
        session.finish()
        # A learner's login sees only their own attempt of the class.
        assert [a.learner for a in classroom.live(learner, code)] == [name]
        learner.close()
    assert shown[0] == shown[1]
    assert [(a.learner, a.status.value) for a in classroom.live(teacher, code)] == [
        ("Ana García", "finished"),
        ("Ben Okafor", "finished"),
    ]
    report = classroom.report_from_bank(teacher, code)
    assert [(r.learner, r.score) for r in report.roster] == [("Ana García", 3), ("Ben Okafor", 0)]
    assert classroom.class_codes_in_bank(teacher) == [code]
    teacher.close()


def test_each_learner_studies_on_the_school_bank_and_sees_only_their_own_schedule(
    logins: dict[str, dict[str, str]], school: str, postgres_server: TempServer
) -> None:
    from quizapp.services import study

    for name in ("Ana García", "Ben Okafor"):
        learner = bank_as(postgres_server, school, logins[name])
        session = study.start(learner, "", "numbers")  # the learner is the login
        asked = len(session.run.questions)
        for q in session.run.questions:
            session.choose(q.correct_index)
            session.next()
        session.finish()
        study.put_settings(learner, "", 0.85, 5)
        [status] = study.status(learner, "").packs
        assert status.figures.learning == asked and status.figures.new == 0
        learner.close()
    with connect_as(postgres_server, school, logins["Ben Okafor"]) as ben:
        mine = ben.execute("SELECT DISTINCT learner_id FROM study_cards").fetchall()
        assert len(mine) == 1
        assert ben.execute("SELECT count(*) FROM study_reviews").fetchone() == (asked,)
        assert ben.execute("SELECT count(*) FROM study_settings").fetchone() == (1,)
        with pytest.raises(pg.InsufficientPrivilege):
            ben.execute("UPDATE study_cards SET learner_id = learner_id + 1")
        with pytest.raises(pg.InsufficientPrivilege):
            ben.execute("DELETE FROM study_reviews")
        # A card for someone else is refused.
        with pytest.raises(pg.InsufficientPrivilege):
            ben.execute(
                "INSERT INTO study_cards (learner_id, pack_id, unit, state, due, reps, lapses, "
                "created_at) SELECT max(id) + 1, 'numbers', 'fact:x', 1, now(), 0, 0, now() "
                "FROM learners"
            )
    teacher = bank_as(postgres_server, school, logins["tess"])
    with teacher.read() as db:
        assert db.value("SELECT count(DISTINCT learner_id) FROM study_cards") == 2
    teacher.close()
