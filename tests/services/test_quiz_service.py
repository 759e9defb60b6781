"""Taking quizzes through the service layer: saved answers, resume, time limit, mistakes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from quizapp.core.quiz import Mode, Outcome
from quizapp.services import Bank, ServiceError, open_bank, packs
from quizapp.services import quiz as quiz_service
from quizapp.services.quiz import NoQuestions, QuizRequest, QuizSession

from ..helpers import FakeClock, import_text, numbers_pack


@pytest.fixture
def numbers(bank: Bank, tmp_path: Path) -> Bank:
    import_text(bank, tmp_path, numbers_pack(6))
    return bank


def answer_all(session: QuizSession, right: bool = True) -> None:
    """Answer every question left (an exam: from the current one to the last)."""
    while session.current is not None:
        q = session.current
        session.choose(q.correct_index if right else (q.correct_index + 1) % len(q.choices))
        if session.next() is None:
            break


def request(**kwargs: object) -> QuizRequest:
    return QuizRequest(**({"pack_id": "numbers", "learner": "Ada"} | kwargs))  # type: ignore[arg-type]


def test_each_answer_is_in_the_bank_the_moment_it_is_given(numbers: Bank) -> None:
    session = QuizSession.start(numbers, request(count=3))
    q = session.current
    assert q is not None
    session.choose(q.correct_index)
    # Another connection (another process, after a crash) sees it at once.
    other = open_bank(numbers.location)
    with other.read() as db:
        rows = db.rows(
            "SELECT position, outcome FROM responses WHERE attempt_id = :a ORDER BY position",
            {"a": session.run.attempt_id},
        )
    other.close()
    assert rows == [(0, "correct")]  # the unanswered ones have no answer row yet


def test_a_seed_gives_the_same_questions_and_choice_order(numbers: Bank) -> None:
    one = QuizSession.start(numbers, request(count=4, seed=11))
    two = QuizSession.start(numbers, request(count=4, seed=11))
    shown = lambda s: [(q.key, [c.text for c in q.choices]) for q in s.run.questions]  # noqa: E731
    assert shown(one) == shown(two)
    assert len(one.run.questions) == 4


def test_a_whole_quiz_is_scored_and_recorded(numbers: Bank) -> None:
    session = QuizSession.start(numbers, request(count=None, mode=Mode.EXAM))
    answer_all(session)
    results = session.finish()
    assert (results.attempt.score, results.attempt.total, results.attempt.status) == (
        6,
        6,
        "finished",
    )
    screen = quiz_service.start_screen(numbers, "Ada")
    assert screen.stats["numbers"].best_percent == 100.0
    assert screen.unfinished is None


def test_a_killed_quiz_is_resumed_where_it_stopped(numbers: Bank) -> None:
    session = QuizSession.start(numbers, request(count=4, seed=3))
    shown = [(q.prompt, [c.text for c in q.choices]) for q in session.run.questions]
    for _ in range(2):
        session.choose(session.current.correct_index)  # type: ignore[union-attr]
        session.next()
    numbers.close()  # the process dies here: nothing else is written

    reopened = open_bank(numbers.location)
    screen = quiz_service.start_screen(reopened)
    assert screen.learner == "Ada"
    assert screen.unfinished is not None and screen.unfinished.answered == 2
    resumed = QuizSession.resume(reopened, screen.unfinished.id)
    assert resumed.current is not None and resumed.current.position == 2
    assert [(q.prompt, [c.text for c in q.choices]) for q in resumed.run.questions] == shown
    answer_all(resumed, right=False)
    results = resumed.finish()
    assert (results.attempt.score, results.attempt.total) == (2, 4)
    reopened.close()


def test_the_time_limit_ends_the_quiz_and_unanswered_count_as_wrong(numbers: Bank) -> None:
    clock = FakeClock()
    session = QuizSession.start(numbers, request(count=3, time_limit_minutes=1), clock)
    session.choose(session.current.correct_index)  # type: ignore[union-attr]
    session.next()
    clock.advance(59)
    assert session.check_time() is False
    clock.advance(2)
    assert session.check_time() is True
    results = session.finish()
    assert results.attempt.status == "expired"
    assert (results.attempt.score, results.attempt.total) == (1, 3)
    assert [results.answers[i].outcome for i in range(3)] == [
        Outcome.CORRECT,
        Outcome.UNANSWERED,
        Outcome.UNANSWERED,
    ]


def test_a_resumed_exam_past_its_deadline_is_over(numbers: Bank) -> None:
    clock = FakeClock()
    session = QuizSession.start(numbers, request(count=3, time_limit_minutes=1), clock)
    clock.advance(120)
    resumed = QuizSession.resume(numbers, session.run.attempt_id, clock)
    assert resumed.run.finished
    assert resumed.results().attempt.status == "expired"


def test_fewer_questions_than_asked_gives_what_there_is(numbers: Bank) -> None:
    session = QuizSession.start(numbers, request(count=50))
    assert session.run.total == 6
    assert quiz_service.available_questions(numbers, "numbers", tags=["odd"]) == 3


def test_a_filter_without_questions_and_an_unknown_pack_are_plain_errors(numbers: Bank) -> None:
    with pytest.raises(NoQuestions, match="with the chosen filter"):
        QuizSession.start(numbers, request(tags=("no-such-tag",)))
    with pytest.raises(ServiceError, match='no pack "nope"'):
        QuizSession.start(numbers, request(pack_id="nope"))
    with pytest.raises(ServiceError, match="type your name"):
        QuizSession.start(numbers, request(learner="   "))


def test_reviewing_mistakes_asks_the_questions_got_wrong(numbers: Bank) -> None:
    session = QuizSession.start(numbers, request(count=None, seed=1))
    wrong = set()
    while (q := session.current) is not None:
        if q.key in ("q1", "q2"):
            session.choose((q.correct_index + 1) % len(q.choices))
            wrong.add(q.key)
        else:
            session.choose(q.correct_index)
        session.next()
    session.finish()
    review = QuizSession.mistakes(numbers, "Ada", "numbers")
    assert {q.key for q in review.run.questions} == wrong
    retry = QuizSession.retry(numbers, session.results())
    assert {q.key for q in retry.run.questions} == wrong
    with pytest.raises(NoQuestions):
        QuizSession.mistakes(numbers, "Nobody", "numbers")


def test_history_keeps_what_was_shown_after_the_pack_changes(numbers: Bank, tmp_path: Path) -> None:
    session = QuizSession.start(numbers, request(count=None, seed=2))
    answer_all(session)
    session.finish()
    import_text(
        numbers, tmp_path, numbers_pack(6, version="2.0.0", prompt_prefix="NEW "), "v2.toml"
    )
    review = quiz_service.review(numbers, session.run.attempt_id)
    assert all(not q.prompt.startswith("NEW") for q in review.questions)
    packs.remove_pack(numbers, "numbers")
    review = quiz_service.review(numbers, session.run.attempt_id)
    assert review.attempt.score == 6 and len(review.questions) == 6
    assert review.questions[0].question_id is None  # the row is gone, the record is not


def test_learners_are_remembered_and_kept_apart(numbers: Bank) -> None:
    answer = QuizSession.start(numbers, request(learner="  Ada   Lovelace ", count=1))
    assert answer.run.total == 1
    QuizSession.start(numbers, request(learner="Grace", count=1))
    screen = quiz_service.start_screen(numbers)
    assert screen.learner == "Grace"
    assert set(screen.learners) == {"Ada Lovelace", "Grace"}
    assert quiz_service.start_screen(numbers, "ada lovelace").unfinished is not None


def test_discarding_an_unfinished_quiz(numbers: Bank) -> None:
    session = QuizSession.start(numbers, request(count=2))
    quiz_service.discard(numbers, session.run.attempt_id)
    assert quiz_service.start_screen(numbers, "Ada").unfinished is None


def test_an_answer_the_bank_cannot_save_is_not_counted(
    numbers: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizapp.bank import attempts, errors

    session = QuizSession.start(numbers, request(count=2))
    q = session.current
    assert q is not None

    def locked(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(attempts, "record_answer", locked)
    with pytest.raises(errors.BankLocked):
        session.choose(q.correct_index)
    assert session.run.answers == {} and session.current == q
    monkeypatch.undo()
    assert session.choose(q.correct_index).correct


def test_an_answer_the_bank_did_not_keep_is_not_shown_as_given(numbers: Bank) -> None:
    first = QuizSession.start(numbers, request(count=2))
    second = QuizSession.resume(numbers, first.run.attempt_id)  # the same quiz, another window
    q = first.current
    assert q is not None
    first.choose(q.correct_index)
    with pytest.raises(ServiceError, match="answered or closed in another window"):
        second.choose((q.correct_index + 1) % len(q.choices))
    assert q.position not in second.run.answers
    kept = quiz_service.review(numbers, first.run.attempt_id).answers[q.position]
    assert kept.correct  # the first answer, as the bank keeps it

    quiz_service.discard(numbers, first.run.attempt_id)  # ended elsewhere
    second.next()
    nxt = second.current
    assert nxt is not None
    with pytest.raises(ServiceError, match="answered or closed in another window"):
        second.choose(0)
