"""An exam run (deferred feedback): changing answers, flags, moving about, submitting."""

from __future__ import annotations

import pytest

from quizapp.core.marking import Marking, Navigation
from quizapp.core.quiz import Mode, NotAllowed, Outcome, QuestionState, QuizOver, QuizRun

from ..helpers import FakeClock
from .test_quiz import question


def exam(n: int = 4, **kwargs: object) -> QuizRun:
    clock = FakeClock()
    questions = tuple(question(i) for i in range(n))
    return QuizRun(1, questions, Mode.EXAM, clock, clock(), **kwargs)  # type: ignore[arg-type]


def test_an_exam_answer_can_be_changed_and_the_run_stays_on_the_question() -> None:
    run = exam()
    assert run.choose(1).outcome is Outcome.WRONG
    assert run.current is not None and run.current.position == 0
    assert run.choose(0).outcome is Outcome.CORRECT
    assert run.answers[0].chosen == 0 and run.score == 1


def test_next_and_back_move_without_answering() -> None:
    run = exam()
    assert run.advance() is not None and run.index == 1
    assert run.advance() is not None and run.index == 2
    assert run.answers == {}
    assert run.back() is not None and run.index == 1
    run.go_to(3)
    assert run.advance() is None and run.index == 3  # the last question: finish from here
    assert not run.finished


def test_flags_and_states_are_what_the_navigator_shows() -> None:
    run = exam()
    run.choose(0)
    run.advance()
    assert run.toggle_flag() is True
    assert run.flagged() == [1]
    assert run.state(0) is QuestionState.ANSWERED
    assert run.unanswered() == [1, 2, 3]
    assert run.toggle_flag(1) is False and run.flagged() == []


def test_clearing_takes_an_answer_back() -> None:
    run = exam()
    run.choose(2)
    assert run.clear() == 0
    assert run.unanswered() == [0, 1, 2, 3]


def test_submitting_counts_the_unanswered_as_wrong_and_ends_the_exam() -> None:
    run = exam()
    run.choose(0)
    added = run.submit()
    assert [a.position for a in added] == [1, 2, 3]
    assert all(a.outcome is Outcome.UNANSWERED for a in added)
    assert run.finished and run.current is None
    with pytest.raises(QuizOver):
        run.choose(0)


def test_a_sequential_exam_goes_forward_only() -> None:
    run = exam(navigation=Navigation.SEQUENTIAL)
    run.choose(1)
    run.choose(0)  # still on it: can change
    run.advance()
    with pytest.raises(NotAllowed):
        run.back()
    with pytest.raises(NotAllowed):
        run.go_to(0)
    with pytest.raises(NotAllowed):
        run.go_to(3)
    assert not run.reachable(0) and run.reachable(1)


def test_certainty_is_kept_when_the_choice_changes_and_marks_follow() -> None:
    run = exam(marking=Marking.CERTAINTY)
    run.choose(1)
    assert run.answers[0].marks == 0  # no certainty: unsure, wrong earns 0
    run.set_certainty(3)
    assert run.answers[0].marks == -6
    run.choose(0)
    assert run.answers[0].certainty == 3 and run.answers[0].marks == 3
    assert run.max_score == 12


def test_certainty_needs_an_answer_first() -> None:
    run = exam(marking=Marking.CERTAINTY)
    with pytest.raises(NotAllowed):
        run.set_certainty(2)


def test_a_resumed_exam_starts_where_it_was_left() -> None:
    run = exam(index=2, flags={1})
    assert run.index == 2 and run.flagged() == [1]


def test_practice_answers_stay_final() -> None:
    clock = FakeClock()
    run = QuizRun(1, (question(0), question(1)), Mode.PRACTICE, clock, clock())
    run.choose(1)
    assert run.choose(0).chosen == 1
    with pytest.raises(NotAllowed):
        run.clear()
