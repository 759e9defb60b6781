"""The quiz run, without Qt or a bank: answering, scoring, moving on, running out of time."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from quizapp.core.model import Choice, QuestionType, true_false_choices
from quizapp.core.quiz import Mode, Outcome, QuizOver, QuizQuestion, QuizRun, shown_choices

from ..helpers import FakeClock


def question(position: int, right: int = 0, n: int = 3) -> QuizQuestion:
    choices = tuple(Choice(f"choice {i}", i == right, f"feedback {i}") for i in range(n))
    return QuizQuestion(
        position,
        position + 100,
        f"q{position}",
        QuestionType.MULTIPLE_CHOICE,
        f"Prompt {position}?",
        choices,
    )


def run_of(
    n: int, clock: FakeClock, limit: float | None = None, mode: Mode = Mode.PRACTICE
) -> QuizRun:
    deadline = clock() + timedelta(seconds=limit) if limit else None
    return QuizRun(1, tuple(question(i) for i in range(n)), mode, clock, clock(), deadline)


def test_answering_scores_and_moves_on() -> None:
    clock = FakeClock()
    run = run_of(3, clock)
    assert run.current is not None and run.current.position == 0
    clock.advance(4)
    first = run.choose(0)
    assert first.outcome is Outcome.CORRECT and first.seconds == 4
    assert run.current.position == 0  # answering does not move on by itself
    run.advance()
    assert run.choose(2).outcome is Outcome.WRONG
    run.advance()
    run.choose(0)
    assert run.advance() is None
    assert run.finished and run.score == 2 and run.answered_count == 3


def test_a_question_is_answered_once() -> None:
    run = run_of(2, FakeClock())
    first = run.choose(1)
    assert run.choose(0) == first
    assert run.score == 0


def test_a_choice_that_does_not_exist_is_refused() -> None:
    run = run_of(1, FakeClock())
    with pytest.raises(ValueError):
        run.choose(5)


def test_running_out_of_time_marks_the_rest_unanswered() -> None:
    clock = FakeClock()
    run = run_of(3, clock, limit=60)
    run.choose(0)
    run.advance()
    clock.advance(61)
    assert run.out_of_time() and run.remaining() == timedelta(0)
    with pytest.raises(QuizOver):
        run.choose(0)
    assert run.finished and run.expired
    assert [a.outcome for a in run.answers.values()] == [
        Outcome.CORRECT,
        Outcome.UNANSWERED,
        Outcome.UNANSWERED,
    ]
    assert run.score == 1


def test_remaining_time_counts_down() -> None:
    clock = FakeClock()
    run = run_of(1, clock, limit=90)
    clock.advance(30)
    assert run.remaining() == timedelta(seconds=60)


def test_a_resumed_run_starts_at_the_first_unanswered_question() -> None:
    clock = FakeClock()
    questions = tuple(question(i) for i in range(4))
    from quizapp.core.quiz import Answer

    answers = {
        0: Answer(0, 0, Outcome.CORRECT, credit=1.0, marks=1.0),
        1: Answer(1, 1, Outcome.WRONG),
    }
    run = QuizRun(1, questions, Mode.EXAM, clock, clock(), None, answers)
    assert run.current is not None and run.current.position == 2
    assert run.score == 1


def test_true_false_is_never_shuffled_and_a_seed_fixes_the_order() -> None:
    tf = true_false_choices(False)
    assert shown_choices(tf, QuestionType.TRUE_FALSE, True, random.Random(1)) == tf
    mc = tuple(Choice(str(i), i == 0) for i in range(6))
    a = shown_choices(mc, QuestionType.MULTIPLE_CHOICE, True, random.Random(5))
    b = shown_choices(mc, QuestionType.MULTIPLE_CHOICE, True, random.Random(5))
    assert a == b and sorted(a, key=lambda c: c.text) == list(mc)
    assert shown_choices(mc, QuestionType.MULTIPLE_CHOICE, False, random.Random(5)) == mc
