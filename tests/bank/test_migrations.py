"""The models and the migrations agree, on both engines; old banks keep their history."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from quizapp.bank import schema
from quizapp.bank.engine import connect_postgres
from quizapp.bank.models import Base
from quizapp.core.quiz import AttemptStatus, Outcome
from quizapp.services import Bank, open_bank
from quizapp.services import quiz as quiz_service
from quizapp.services import results as results_service

from ..helpers import table_names


def _differences(engine: Any) -> list[Any]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_an_sqlite_bank_migrated_from_the_first_revision_is_exactly_the_models(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bank.sqlite3"
    schema.upgrade_sqlite(path, "head")
    engine = create_engine(f"sqlite:///{path}")
    try:
        assert _differences(engine) == []
    finally:
        engine.dispose()


def test_a_postgresql_bank_is_exactly_the_models(postgres_bank: Bank) -> None:
    location = postgres_bank.location
    engine = create_engine("postgresql+psycopg://", creator=lambda: connect_postgres(location))
    try:
        assert _differences(engine) == []
    finally:
        engine.dispose()


def test_every_table_of_the_models_is_in_a_new_bank(any_bank: Bank) -> None:
    with any_bank.read() as db:
        for name in table_names():
            assert db.value(f"SELECT count(*) FROM {name}") == 0


def _filled_0003(path: Path) -> None:
    """A bank as quizapp 0.1 left it: a pack with pictures, a learner, two attempts."""
    schema.upgrade_sqlite(path, "0003_images")
    con = sqlite3.connect(path)
    con.executescript(
        """
        INSERT INTO packs (id, slug, title, version, language, authors, license, description,
          origin, source_format, bundled, imported_at, updated_at, question_count, type_counts)
        VALUES (7, 'flags', 'Flags', '1.0.0', 'en', 'Ada', '', '', '', 'toml', 0,
          '2025-01-01 00:00:00.000000', '2025-01-01 00:00:00.000000', 2,
          '{"multiple_choice": 1, "true_false": 1}');
        INSERT INTO sources (id, pack_id, key, title, author, publisher, date, url, kind, note,
          position) VALUES (3, 7, 'atlas', 'Atlas', '', '', '2020', '', 'book', '', 0);
        INSERT INTO questions (id, pack_id, key, type, prompt, explanation, fact_id, difficulty,
          shuffle, position, retired, content_hash, image_path, image_alt)
        VALUES (11, 7, 'which', 'multiple_choice', 'Which flag?', 'Blue, white, red.', NULL,
                NULL, 0, 0, 0, '', 'q.png', 'a flag'),
               (12, 7, 'tf', 'true_false', 'Italy is green?', 'Partly.', NULL, NULL, 1, 1, 0,
                '', NULL, NULL);
        INSERT INTO choices (question_id, position, text, correct, feedback, image_path,
          image_alt)
        VALUES (11, 0, 'France', 1, '', 'fr.png', 'Blue, white, red'),
               (11, 1, 'Italy', 0, 'No.', NULL, NULL),
               (12, 0, 'True', 1, '', NULL, NULL), (12, 1, 'False', 0, '', NULL, NULL);
        INSERT INTO citations (question_id, fact_id, source_id, position, locator, quote)
        VALUES (11, NULL, 3, 0, 'p. 1', ''), (12, NULL, 3, 0, 'p. 2', '');
        INSERT INTO images (pack_id, path, data, sha256)
        VALUES (7, 'fr.png', X'89504E47', 'x'), (7, 'q.png', X'89504E47', 'y');
        INSERT INTO learners (id, name, created_at, last_seen_at)
        VALUES (5, 'Ada Lovelace', '2025-01-02 09:00:00.000000', '2025-01-02 09:00:00.000000');
        INSERT INTO attempts (id, learner_id, pack_id, pack_slug, pack_title, pack_version, mode,
          kind, settings, time_limit_seconds, started_at, deadline_at, finished_at, status,
          total, score, points, seconds)
        VALUES (1, 5, 7, 'flags', 'Flags', '1.0.0', 'exam', 'quiz', '{"seed": 1}', 60,
                '2025-01-02 09:00:00.000000', '2025-01-02 09:01:00.000000',
                '2025-01-02 09:01:00.000000', 'expired', 2, 1, 1.0, 12.5),
               (2, 5, 7, 'flags', 'Flags', '1.0.0', 'practice', 'quiz', '{}', NULL,
                '2025-01-03 09:00:00.000000', NULL, NULL, 'in_progress', 2, 0, 0.0, 0);
        INSERT INTO responses (attempt_id, position, question_id, question_key, question_type,
          prompt, choices, chosen_index, outcome, answered_at, seconds, picks, credit)
        VALUES (1, 0, 11, 'which', 'multiple_choice', 'Which flag?',
                '[{"text": "France", "correct": true, "feedback": ""},
                  {"text": "Italy", "correct": false, "feedback": "No."}]',
                0, 'correct', '2025-01-02 09:00:12.500000', 12.5, NULL, 1.0),
               (1, 1, 12, 'tf', 'true_false', 'Italy is green?',
                '[{"text": "True", "correct": true, "feedback": ""},
                  {"text": "False", "correct": false, "feedback": ""}]',
                NULL, 'unanswered', NULL, NULL, NULL, 0.0),
               (2, 0, 12, 'tf', 'true_false', 'Italy is green?',
                '[{"text": "True", "correct": true, "feedback": ""},
                  {"text": "False", "correct": false, "feedback": ""}]',
                NULL, NULL, NULL, NULL, NULL, NULL),
               (2, 1, 11, 'which', 'multiple_choice', 'Which flag?',
                '[{"text": "Italy", "correct": false, "feedback": "No."},
                  {"text": "France", "correct": true, "feedback": ""}]',
                NULL, NULL, NULL, NULL, NULL, NULL);
        """
    )
    con.commit()
    con.close()


def test_a_filled_bank_of_the_previous_release_keeps_its_history(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _filled_0003(path)
    bank = open_bank(path)
    assert bank.backup is not None and bank.backup.exists()

    [expired, in_progress] = sorted(results_service.history(bank), key=lambda a: a.id)
    assert (expired.pack_id, expired.status, expired.score, expired.total) == (
        "flags",
        AttemptStatus.EXPIRED,
        1.0,
        2,
    )
    assert (expired.answered, expired.seconds, expired.learner) == (1, 12.5, "Ada Lovelace")
    assert in_progress.status is AttemptStatus.IN_PROGRESS and in_progress.answered == 0

    reviewed = quiz_service.review(bank, expired.id)
    which = reviewed.questions[0]
    assert which.image is not None and which.image.path == "q.png"
    # Old attempts kept their choices without pictures; the upgrade takes them from the bank.
    assert which.choices[0].image is not None and which.choices[0].image.path == "fr.png"
    assert reviewed.answers[0].outcome is Outcome.CORRECT
    assert reviewed.answers[1].outcome is Outcome.UNANSWERED
    assert [s.source.id for s in which.sources] == ["atlas"]

    resumed = quiz_service.QuizSession.resume(bank, in_progress.id)
    assert [q.key for q in resumed.run.questions] == ["tf", "which"]
    assert [c.text for c in resumed.run.questions[1].choices] == ["Italy", "France"]
    screen = quiz_service.start_screen(bank, "ada lovelace")  # the same learner, any case
    assert screen.unfinished is not None and screen.unfinished.id == in_progress.id
    assert screen.stats["flags"].best_percent == 50.0

    [first, _] = json.loads(results_service.export_results(bank, fmt="json"))
    unanswered = first["responses"][1]
    assert (unanswered["chosen"], unanswered["is_correct"], unanswered["credit"]) == ("", False, 0)
    with bank.read() as db:
        assert db.value("SELECT count(*) FROM responses") == 1  # answers only
        assert db.value("SELECT count(*) FROM attempt_questions") == 4
    bank.close()


def test_learners_whose_names_differ_only_in_case_beyond_ascii_stay_apart(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    schema.upgrade_sqlite(path, "0003_images")
    con = sqlite3.connect(path)
    con.executescript(
        """
        INSERT INTO learners (name, created_at, last_seen_at)
        VALUES ('STRASSE', '2025-01-01 00:00:00', '2025-01-01 00:00:00'),
               ('straße', '2025-01-01 00:00:00', '2025-01-01 00:00:00');
        """
    )
    con.commit()
    con.close()
    bank = open_bank(path)
    assert sorted(quiz_service.start_screen(bank).learners) == ["STRASSE", "straße (2)"]
    bank.close()


@pytest.mark.parametrize("revision", ["0001_initial", "0002_learners", "0003_images"])
def test_every_older_revision_upgrades_to_the_newest(tmp_path: Path, revision: str) -> None:
    path = tmp_path / f"{revision}.sqlite3"
    schema.upgrade_sqlite(path, revision)
    bank = open_bank(path)
    with bank.read() as db:
        assert db.value("SELECT version_num FROM alembic_version") == schema.SCHEMA_HEAD
    bank.close()


def test_an_upgrade_is_announced_before_it_runs_and_not_after(tmp_path: Path) -> None:
    from quizapp.services import upgrade_pending

    path = tmp_path / "old.sqlite3"
    assert not upgrade_pending(path)  # a new bank: nothing to upgrade
    _filled_0003(path)
    assert upgrade_pending(path)
    open_bank(path).close()
    assert not upgrade_pending(path)
    assert not upgrade_pending(tmp_path / "notes.txt")  # not a bank: open_bank will say why


def test_the_space_a_rebuild_frees_is_given_back(tmp_path: Path) -> None:
    path = tmp_path / "bank.sqlite3"
    open_bank(path).close()
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE scratch (x BLOB)")
    con.executemany("INSERT INTO scratch VALUES (?)", [(b"x" * 4000,) for _ in range(500)])
    con.commit()
    con.execute("DROP TABLE scratch")  # what a rebuilt table leaves behind
    con.commit()
    con.close()
    before = path.stat().st_size
    assert schema.compact_sqlite(path)
    assert path.stat().st_size < before / 2
    assert not schema.compact_sqlite(path)  # nothing much to give back now
