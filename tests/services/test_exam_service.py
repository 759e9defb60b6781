"""Exams through the service layer, on both engines: changes, flags and position are kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.bank import attempts
from quizapp.core.marking import Marking, Navigation
from quizapp.core.quiz import AttemptStatus, Mode, NotAllowed, Outcome
from quizapp.services import Bank, open_bank
from quizapp.services import quiz as quiz_service
from quizapp.services.quiz import QuizRequest, QuizSession

from ..helpers import FakeClock, import_text, numbers_pack


@pytest.fixture
def numbers(bank: Bank, tmp_path: Path) -> Bank:
    import_text(bank, tmp_path, numbers_pack(6))
    return bank


def exam(bank: Bank, clock: FakeClock | None = None, **kwargs: object) -> QuizSession:
    request = QuizRequest(
        **({"pack_id": "numbers", "learner": "Ada", "mode": Mode.EXAM, "count": 4, "seed": 2}
           | kwargs)  # type: ignore[arg-type]
    )  # fmt: skip
    return QuizSession.start(bank, request, clock or FakeClock())


def wrong(session: QuizSession) -> int:
    q = session.current
    assert q is not None
    return (q.correct_index + 1) % len(q.choices)


def right(session: QuizSession) -> int:
    q = session.current
    assert q is not None
    return q.correct_index


def test_a_changed_answer_counts_and_its_history_is_kept(numbers: Bank) -> None:
    session = exam(numbers)
    first, then = wrong(session), right(session)
    session.choose(first)
    session.choose(then)
    results = session.finish()
    assert results.answers[0].outcome is Outcome.CORRECT
    assert results.attempt.score == 1 and results.attempt.answered == 1
    with numbers.read() as db:
        history = attempts.changes(db, session.run.attempt_id)
    assert history == {0: [((first,), None), ((then,), None)]}


def test_killed_and_started_again_the_exam_is_where_it_was(numbers: Bank) -> None:
    session = exam(numbers)
    session.choose(wrong(session))
    session.next()
    session.next()
    session.toggle_flag()
    session.choose(right(session))
    attempt = session.run.attempt_id
    # Another process opens the bank, as after a crash: nothing but the bank is shared.
    again = open_bank(numbers.location)
    try:
        unfinished = quiz_service.start_screen(again, "Ada").unfinished
        assert unfinished is not None and unfinished.id == attempt
        resumed = QuizSession.resume(again, attempt, FakeClock())
        assert resumed.run.index == 2
        assert resumed.run.flagged() == [2]
        assert sorted(resumed.run.answers) == [0, 2]
        assert resumed.run.answers[0].chosen == session.run.answers[0].chosen
        assert resumed.current is not None and resumed.current.position == 2
    finally:
        again.close()


def test_a_cleared_answer_is_unanswered_and_logged(numbers: Bank) -> None:
    session = exam(numbers)
    session.choose(right(session))
    session.clear()
    results = session.finish()
    assert results.answers[0].outcome is Outcome.UNANSWERED
    assert results.attempt.answered == 0
    with numbers.read() as db:
        assert [picked for picked, _ in attempts.changes(db, session.run.attempt_id)[0]] == [
            (session.run.questions[0].correct_index,),
            (),
        ]


def test_nothing_changes_once_submitted(numbers: Bank) -> None:
    session = exam(numbers)
    session.choose(right(session))
    session.finish()
    with numbers.transaction() as db:
        answer = session.run.answers[0]
        assert not attempts.save_answer(db, session.run.attempt_id, answer, FakeClock()())
        assert not attempts.clear_answer(db, session.run.attempt_id, 0, FakeClock()())
        assert not attempts.set_flag(db, session.run.attempt_id, 0, True)


def test_the_time_runs_on_while_the_app_is_closed(numbers: Bank) -> None:
    clock = FakeClock()
    session = exam(numbers, clock, time_limit_minutes=10)
    session.choose(right(session))
    attempt = session.run.attempt_id
    clock.advance(11 * 60)  # closed meanwhile
    resumed = QuizSession.resume(numbers, attempt, clock)
    assert resumed.run.expired
    results = resumed.results()
    assert results.attempt.status is AttemptStatus.EXPIRED
    assert [a.outcome for _, a in sorted(results.answers.items())] == [
        Outcome.CORRECT, Outcome.UNANSWERED, Outcome.UNANSWERED, Outcome.UNANSWERED,
    ]  # fmt: skip


def test_a_sequential_exam_resumes_forward_only(numbers: Bank) -> None:
    session = exam(numbers, navigation=Navigation.SEQUENTIAL)
    session.next()
    resumed = QuizSession.resume(numbers, session.run.attempt_id, FakeClock())
    assert resumed.run.navigation is Navigation.SEQUENTIAL and resumed.run.index == 1
    with pytest.raises(NotAllowed):
        resumed.back()


def test_penalty_marks_are_summed_by_the_bank(numbers: Bank) -> None:
    session = exam(numbers, marking=Marking.PENALTY)
    session.choose(right(session))
    session.next()
    n = len(session.run.questions[1].choices)
    cost = 1 / (n - 1)  # numbers_pack has no choice penalties of its own
    session.choose(wrong(session))
    results = session.finish()
    assert results.attempt.marking is Marking.PENALTY
    assert results.attempt.score == pytest.approx(1 - cost)
    assert results.attempt.percent == pytest.approx(100 * (1 - cost) / 4)
    reviewed = quiz_service.review(numbers, session.run.attempt_id)
    assert reviewed.attempt.score == pytest.approx(results.attempt.score)


def test_certainty_marks_and_calibration_through_the_bank(numbers: Bank) -> None:
    session = exam(numbers, marking=Marking.CERTAINTY)
    script = [(True, 3), (False, 3), (True, 2), (True, None)]
    for is_right, level in script:
        session.choose(right(session) if is_right else wrong(session))
        if level is not None:
            session.set_certainty(level)
        session.next()
    results = quiz_service.review(numbers, session.finish().attempt.id)
    assert results.attempt.score == 3 - 6 + 2 + 1
    assert results.attempt.max_score == 12
    rows = {r.level: r for r in results.calibration()}
    assert (rows[3].answers, rows[3].right) == (2, 1)
    assert (rows[2].answers, rows[2].right) == (1, 1)
    assert (rows[1].answers, rows[1].right) == (1, 1)
    assert rows[3].judgement == "over"


def test_practice_answers_stay_final_in_the_bank(numbers: Bank) -> None:
    session = exam(numbers, mode=Mode.PRACTICE)
    chosen = wrong(session)
    session.choose(chosen)
    assert session.choose(right(session)).chosen == chosen


def test_the_same_answer_again_is_not_a_change(numbers: Bank) -> None:
    session = exam(numbers)
    chosen = right(session)
    session.choose(chosen)
    session.choose(chosen)
    with numbers.read() as db:
        assert attempts.changes(db, session.run.attempt_id) == {0: [((chosen,), None)]}
