"""Attempts and their answers (``attempts``, ``responses``): start, answer, finish, history.

An answer is a ``responses`` row, committed the moment it is given, one per question. A
practice answer is final (``record_answer`` only adds); an exam answer can be changed or
cleared while the attempt is open (``save_answer``, ``clear_answer``), and every answer given
is also kept, in order, in ``response_changes``. Once an attempt has ended nothing about its
answers changes (a school bank's policies refuse it too). The score of an attempt is not
stored: ``_SUMMARY`` sums the marks of its answers, the one place that says what a score is.
What was shown is kept by ``bank.snapshots``; the flags ride along with it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from quizapp.bank import snapshots
from quizapp.bank.engine import Db, as_datetime, chunks
from quizapp.core.marking import Marking, Navigation
from quizapp.core.quiz import Answer, AttemptKind, AttemptStatus, Mode, Outcome, ShownQuestion
from quizapp.core.summaries import AttemptRecord, AttemptSummary, PackStats, ResponseRecord

_SUMMARY = (
    "SELECT a.id, l.name, a.pack_id, a.pack_title, a.mode, a.kind, a.status, a.started_at, "
    "a.finished_at, coalesce(sum(r.marks), 0), a.total, count(r.id), "
    "coalesce(sum(r.seconds), 0), a.marking, a.navigation "
    "FROM attempts a JOIN learners l ON l.id = a.learner_id "
    "LEFT JOIN responses r ON r.attempt_id = a.id "
    "{where} GROUP BY a.id, l.name"
)
_OPEN_ATTEMPT = "EXISTS (SELECT 1 FROM attempts WHERE id = :attempt AND status = :open)"
_RESPONSE_VALUES = (
    ":attempt, :position, :chosen, :picks, :credit, :outcome, :at, :seconds, :certainty, :marks"
)
_RESPONSE_INSERT = (
    "INSERT INTO responses (attempt_id, position, chosen_index, picks, credit, outcome, "
    f"answered_at, seconds, certainty, marks) SELECT {_RESPONSE_VALUES} "
)
_ANSWER_COLUMNS = (
    "r.position, r.chosen_index, r.picks, r.credit, r.outcome, r.seconds, r.certainty, r.marks"
)
_SHOWN_AND_ANSWERED = (
    f"SELECT s.attempt_id, {snapshots.COLUMNS}, {_ANSWER_COLUMNS}, s.flagged "
    "FROM attempt_questions s "
    "LEFT JOIN responses r ON r.attempt_id = s.attempt_id AND r.position = s.position "
    "WHERE s.attempt_id IN (:ids) ORDER BY s.attempt_id, s.position"
)


# -- mappers ----------------------------------------------------------------------------------


def _summary(row: Sequence[Any]) -> AttemptSummary:
    started = as_datetime(row[7])
    assert started is not None
    return AttemptSummary(
        id=int(row[0]),
        learner=row[1],
        pack_id=row[2],
        pack_title=row[3],
        mode=Mode(row[4]),
        kind=AttemptKind(row[5]),
        status=AttemptStatus(row[6]),
        started_at=started,
        finished_at=as_datetime(row[8]),
        score=float(row[9]),
        total=int(row[10]),
        answered=int(row[11]),
        seconds=float(row[12]),
        marking=Marking(row[13]) if row[13] in set(Marking) else Marking.STANDARD,
        navigation=Navigation(row[14]) if row[14] in set(Navigation) else Navigation.FREE,
    )


def _answer(row: Sequence[Any], shown: ShownQuestion) -> Answer | None:
    """An answer from ``_ANSWER_COLUMNS`` (None where the question has none).

    Only choices the question showed count as picked: on a school bank a learner can write
    this row with psql, and a teacher's review or export must still work.
    """
    position, chosen, picks, credit, outcome, seconds, certainty, marks = row
    if outcome is None:
        return None
    shown_range = range(len(shown.choices))
    try:
        picked = json.loads(picks) if picks else []
    except ValueError:
        picked = []
    return Answer(
        int(position),
        int(chosen) if chosen is not None and chosen in shown_range else None,
        Outcome(outcome),
        float(seconds),
        tuple(p for p in picked if isinstance(p, int) and p in shown_range),
        float(credit),
        int(certainty) if certainty is not None else None,
        float(marks),
    )


# -- starting, answering, finishing ----------------------------------------------------------


def create(
    db: Db,
    *,
    learner_id: int,
    pack_id: str,
    pack_title: str,
    pack_version: str,
    mode: Mode,
    kind: AttemptKind,
    settings: dict[str, Any],
    time_limit_seconds: int | None,
    started_at: datetime,
    deadline_at: datetime | None,
    questions: Sequence[ShownQuestion],
    marking: Marking = Marking.STANDARD,
    navigation: Navigation = Navigation.FREE,
    class_code: str | None = None,
) -> int:
    """Record a new attempt with what it will show; returns its id."""
    attempt = db.value(
        "INSERT INTO attempts (learner_id, pack_id, pack_title, pack_version, mode, kind, "
        "settings, time_limit_seconds, started_at, deadline_at, finished_at, status, total, "
        "marking, navigation, position, class_code) "
        "VALUES (:learner, :pack, :title, :version, :mode, :kind, :settings, :limit, :started, "
        ":deadline, NULL, :status, :total, :marking, :navigation, 0, :code) RETURNING id",
        {
            "learner": learner_id,
            "pack": pack_id,
            "title": pack_title,
            "version": pack_version,
            "mode": mode.value,
            "kind": kind.value,
            "settings": json.dumps(settings),
            "limit": time_limit_seconds,
            "started": started_at,
            "deadline": deadline_at,
            "status": AttemptStatus.IN_PROGRESS.value,
            "total": len(questions),
            "marking": marking.value,
            "navigation": navigation.value,
            "code": class_code,
        },
    )
    snapshots.write(db, int(attempt), questions)
    return int(attempt)


def _response(attempt_id: int, answer: Answer, answered_at: datetime) -> dict[str, Any]:
    return {
        "attempt": attempt_id,
        "position": answer.position,
        "chosen": answer.chosen,
        "picks": json.dumps(list(answer.picks)) if answer.chosen is None else None,
        "credit": answer.credit,
        "outcome": answer.outcome.value,
        "at": answered_at,
        "seconds": answer.seconds,
        "certainty": answer.certainty,
        "marks": answer.marks,
        "open": AttemptStatus.IN_PROGRESS.value,
    }


def _log_change(db: Db, values: dict[str, Any]) -> None:
    db.run(
        "INSERT INTO response_changes (attempt_id, position, chosen_index, picks, certainty, "
        "changed_at) VALUES (:attempt, :position, :chosen, :picks, :certainty, :at)",
        values,
    )


def record_answer(db: Db, attempt_id: int, answer: Answer, answered_at: datetime) -> bool:
    """Add a final answer, unless the question was answered already or the attempt has ended.

    True if it was added.
    """
    return _write(
        db,
        _RESPONSE_INSERT + "WHERE NOT EXISTS (SELECT 1 FROM responses "
        f"WHERE attempt_id = :attempt AND position = :position) AND {_OPEN_ATTEMPT}",
        _response(attempt_id, answer, answered_at),
    )


def save_answer(db: Db, attempt_id: int, answer: Answer, answered_at: datetime) -> bool:
    """Give or change the answer to a question of an open attempt (an exam); True if kept."""
    return _write(
        db,
        _RESPONSE_INSERT + f"WHERE {_OPEN_ATTEMPT} "
        "ON CONFLICT (attempt_id, position) DO UPDATE SET chosen_index = excluded.chosen_index, "
        "picks = excluded.picks, credit = excluded.credit, outcome = excluded.outcome, "
        "answered_at = excluded.answered_at, seconds = excluded.seconds, "
        "certainty = excluded.certainty, marks = excluded.marks",
        _response(attempt_id, answer, answered_at),
    )


def _write(db: Db, sql: str, values: dict[str, Any]) -> bool:
    """Write an answer with ``sql`` and, if it was kept, log it in the history."""
    if not db.run(sql, values).rowcount:
        return False
    _log_change(db, values)
    return True


def clear_answer(db: Db, attempt_id: int, position: int, at: datetime) -> bool:
    """Take back the answer to a question of an open attempt; True if the attempt is open."""
    values = {
        "attempt": attempt_id, "position": position, "chosen": None, "picks": None,
        "certainty": None, "at": at, "open": AttemptStatus.IN_PROGRESS.value,
    }  # fmt: skip
    if db.value(f"SELECT 1 WHERE {_OPEN_ATTEMPT}", values) is None:
        return False
    db.run("DELETE FROM responses WHERE attempt_id = :attempt AND position = :position", values)
    _log_change(db, values)
    return True


def set_flag(db: Db, attempt_id: int, position: int, flagged: bool) -> bool:
    """Flag a question of an open attempt for review (or not); True if the attempt is open."""
    done = db.run(
        "UPDATE attempt_questions SET flagged = :flagged "
        f"WHERE attempt_id = :attempt AND position = :position AND {_OPEN_ATTEMPT}",
        {
            "flagged": flagged, "attempt": attempt_id, "position": position,
            "open": AttemptStatus.IN_PROGRESS.value,
        },
    )  # fmt: skip
    return bool(done.rowcount)


def set_position(db: Db, attempt_id: int, position: int) -> bool:
    """Remember which question of an open attempt is on screen; True if the attempt is open."""
    done = db.run(
        "UPDATE attempts SET position = :position WHERE id = :attempt AND status = :open",
        {"position": position, "attempt": attempt_id, "open": AttemptStatus.IN_PROGRESS.value},
    )
    return bool(done.rowcount)


def changes(db: Db, attempt_id: int) -> dict[int, list[tuple[tuple[int, ...], int | None]]]:
    """Every answer given to each question of an attempt, in order: (picked, certainty).

    An empty ``picked`` is an answer taken back.
    """
    out: dict[int, list[tuple[tuple[int, ...], int | None]]] = defaultdict(list)
    for position, chosen, picks, certainty in db.rows(
        "SELECT position, chosen_index, picks, certainty FROM response_changes "
        "WHERE attempt_id = :attempt ORDER BY id",
        {"attempt": attempt_id},
    ):
        try:
            picked = json.loads(picks) if picks else []
        except ValueError:
            picked = []
        selected = (
            (chosen,) if chosen is not None else tuple(p for p in picked if isinstance(p, int))
        )
        out[int(position)].append((tuple(int(p) for p in selected), certainty))
    return dict(out)


def finish(db: Db, attempt_id: int, status: AttemptStatus, finished_at: datetime) -> None:
    """Close an attempt still in progress (its unanswered questions stay without an answer)."""
    db.run(
        "UPDATE attempts SET status = :status, finished_at = :at "
        "WHERE id = :attempt AND status = :open",
        {
            "status": status.value,
            "at": finished_at,
            "attempt": attempt_id,
            "open": AttemptStatus.IN_PROGRESS.value,
        },
    )


# -- reading ----------------------------------------------------------------------------------


def summary(db: Db, attempt_id: int) -> AttemptSummary | None:
    row = db.row(_SUMMARY.format(where="WHERE a.id = :attempt"), {"attempt": attempt_id})
    return None if row is None else _summary(row)


def learner_of(db: Db, attempt_id: int) -> int | None:
    """The learner (row id) who took the attempt."""
    found = db.value("SELECT learner_id FROM attempts WHERE id = :id", {"id": attempt_id})
    return None if found is None else int(found)


def unfinished(db: Db, learner_id: int) -> AttemptSummary | None:
    """The learner's most recent attempt that is still in progress."""
    row = db.row(
        _SUMMARY.format(where="WHERE a.learner_id = :learner AND a.status = :open")
        + " ORDER BY a.started_at DESC, a.id DESC LIMIT 1",
        {"learner": learner_id, "open": AttemptStatus.IN_PROGRESS.value},
    )
    return None if row is None else _summary(row)


def history(
    db: Db, learner_id: int | None = None, *, oldest_first: bool = False
) -> list[AttemptSummary]:
    """Past attempts, newest first (all learners this login may see, or one)."""
    where, params = "", {}
    if learner_id is not None:
        where, params = "WHERE a.learner_id = :learner", {"learner": learner_id}
    order = "ASC" if oldest_first else "DESC"
    return [
        _summary(r)
        for r in db.rows(
            _SUMMARY.format(where=where) + f" ORDER BY a.started_at {order}, a.id {order}", params
        )
    ]


_ANSWER_WIDTH = 8


def _shown_and_answered(
    db: Db, attempt_ids: Sequence[int]
) -> dict[int, list[tuple[ShownQuestion, Answer | None, bool]]]:
    """Each attempt's questions as shown, with the answer (or None) and whether flagged."""
    out: dict[int, list[tuple[ShownQuestion, Answer | None, bool]]] = defaultdict(list)
    first = 1 + snapshots.WIDTH
    for chunk in chunks(list(attempt_ids)):
        for row in db.rows(_SHOWN_AND_ANSWERED, {"ids": list(chunk)}):
            shown = snapshots.shown(row[1:first])
            answer = _answer(row[first : first + _ANSWER_WIDTH], shown)
            out[int(row[0])].append((shown, answer, bool(row[first + _ANSWER_WIDTH])))
    return out


def record(db: Db, attempt_id: int) -> AttemptRecord | None:
    """Everything needed to resume or review an attempt."""
    found = summary(db, attempt_id)
    if found is None:
        return None
    settings, deadline, position = db.row(
        "SELECT settings, deadline_at, position FROM attempts WHERE id = :attempt",
        {"attempt": attempt_id},
    ) or ("{}", None, 0)
    questions = _shown_and_answered(db, [attempt_id]).get(attempt_id, [])
    try:
        quiz_settings = json.loads(settings)
    except ValueError:
        quiz_settings = {}
    return AttemptRecord(
        summary=found,
        settings=quiz_settings if isinstance(quiz_settings, dict) else {},
        deadline_at=as_datetime(deadline),
        shown=tuple(s for s, _, _ in questions),
        answers={a.position: a for _, a, _ in questions if a is not None},
        flags=frozenset(s.position for s, _, flagged in questions if flagged),
        position=int(position or 0),
    )


def class_attempts(db: Db, code: str) -> list[AttemptSummary]:
    """Every attempt joined with a class code that this login may see, oldest first."""
    return [
        _summary(r)
        for r in db.rows(
            _SUMMARY.format(where="WHERE a.class_code = :code") + " ORDER BY a.started_at, a.id",
            {"code": code},
        )
    ]


def class_codes(db: Db) -> list[str]:
    """The class codes attempts were joined with (that this login may see), newest first."""
    return [
        str(code)
        for code, _ in db.rows(
            "SELECT class_code, max(started_at) FROM attempts WHERE class_code IS NOT NULL "
            "GROUP BY class_code ORDER BY max(started_at) DESC, class_code"
        )
    ]


def class_records(db: Db, code: str) -> list[tuple[AttemptRecord, str]]:
    """The ended attempts joined with a class code, each with everything kept of it and
    the pack version it was taken on, oldest first (those this login may see)."""
    found = [a for a in class_attempts(db, code) if a.status.scored]
    if not found:
        return []
    by_id = {a.id: a for a in found}
    extra: dict[int, tuple[Any, str]] = {}
    for chunk in chunks(list(by_id)):
        for attempt, settings, version in db.rows(
            "SELECT id, settings, pack_version FROM attempts WHERE id IN (:ids)",
            {"ids": list(chunk)},
        ):
            extra[int(attempt)] = (settings, version)
    questions = _shown_and_answered(db, list(by_id))
    out = []
    for attempt_id, summary_row in by_id.items():
        settings, version = extra.get(attempt_id, ("{}", ""))
        try:
            quiz_settings = json.loads(settings)
        except ValueError:
            quiz_settings = {}
        shown = questions.get(attempt_id, [])
        record_ = AttemptRecord(
            summary=summary_row,
            settings=quiz_settings if isinstance(quiz_settings, dict) else {},
            deadline_at=None,
            shown=tuple(s for s, _, _ in shown),
            answers={a.position: a for _, a, _ in shown if a is not None},
            flags=frozenset(s.position for s, _, flagged in shown if flagged),
        )
        out.append((record_, version or ""))
    return out


def pack_stats(db: Db, learner_id: int) -> dict[str, PackStats]:
    """Best and last score of a learner on each pack, over the quizzes that ended (study
    sessions, which ask what is due, are not quizzes)."""
    rows = db.rows(
        _SUMMARY.format(
            where="WHERE a.learner_id = :learner AND a.status IN (:ended) AND a.total > 0 "
            "AND a.kind = :quiz AND a.mode <> :study"
        )
        + " ORDER BY a.pack_id, a.finished_at, a.id",
        {
            "learner": learner_id,
            "ended": [s.value for s in AttemptStatus if s.scored],
            "quiz": AttemptKind.QUIZ.value,
            "study": Mode.STUDY.value,
        },
    )
    by_pack: dict[str, list[AttemptSummary]] = defaultdict(list)
    for row in rows:
        attempt = _summary(row)
        by_pack[attempt.pack_id].append(attempt)
    out = {}
    for pack_id, attempts in by_pack.items():
        percents = [a.percent for a in attempts]
        last = attempts[-1]
        out[pack_id] = PackStats(
            max(percents), percents[-1], last.score, last.max_score, len(attempts)
        )
    return out


def mistakes(db: Db, learner_id: int, pack_id: str | None, limit: int) -> list[int]:
    """Questions the learner got wrong: still wrong at the last try first, then most often."""
    wrong = "CASE WHEN r.outcome <> 'correct' THEN 1 ELSE 0 END"
    sql = (
        f"SELECT s.question_id, sum({wrong}), "
        "max(CASE WHEN r.outcome <> 'correct' THEN r.answered_at END), max(r.answered_at) "
        "FROM responses r "
        "JOIN attempt_questions s ON s.attempt_id = r.attempt_id AND s.position = r.position "
        "JOIN attempts a ON a.id = r.attempt_id "
        "JOIN questions q ON q.id = s.question_id AND q.retired = FALSE "
        "WHERE a.learner_id = :learner"
    )
    params: dict[str, Any] = {"learner": learner_id}
    if pack_id is not None:
        sql += " AND q.pack_id = :pack"
        params["pack"] = pack_id
    sql += f" GROUP BY s.question_id HAVING sum({wrong}) > 0"
    rows = [
        (int(q), int(n), as_datetime(last_wrong), as_datetime(last))
        for q, n, last_wrong, last in db.rows(sql, params)
    ]

    def order(row: tuple[int, int, datetime | None, datetime | None]) -> tuple[bool, int, float]:
        _, n, last_wrong, last = row
        # Still wrong: the last wrong answer is also the last answer.
        return last_wrong != last, -n, -(last_wrong.timestamp() if last_wrong else 0.0)

    rows.sort(key=order)
    return [r[0] for r in rows[:limit]]


def responses(db: Db, learner_id: int | None = None) -> Iterable[ResponseRecord]:
    """Every question of every attempt with its answer (if any), oldest attempt first."""
    attempts = history(db, learner_id, oldest_first=True)
    questions = _shown_and_answered(db, [a.id for a in attempts])
    for attempt in attempts:
        for shown, answer, flagged in questions.get(attempt.id, []):
            yield ResponseRecord(attempt, shown, answer, flagged)
