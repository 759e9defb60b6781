"""A quiz run: which question is current, what was answered, the score and the clock.

Toolkit-independent, so that the whole question-answer-result loop is tested without Qt.
Persistence is not done here: the service layer saves each answer as it is given.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from quizapp.core.marking import CERTAINTY_LEVELS, Marking, Navigation, mark
from quizapp.core.model import Choice, Image, Question, QuestionType, Source


class Mode(StrEnum):
    """Practice: feedback after each answer. Exam: nothing until the end. Study: as practice,
    with the facts the scheduler says are due (``core.study``)."""

    PRACTICE = "practice"
    EXAM = "exam"
    STUDY = "study"


class Outcome(StrEnum):
    """How a question of a quiz ended."""

    CORRECT = "correct"
    PARTIAL = "partial"  # multiple response: some credit
    WRONG = "wrong"
    UNANSWERED = "unanswered"


class AttemptStatus(StrEnum):
    """Where an attempt is: being taken, or how it ended."""

    IN_PROGRESS = "in_progress"
    FINISHED = "finished"
    EXPIRED = "expired"  # the time limit ran out
    ABANDONED = "abandoned"  # the learner discarded it

    @property
    def ended(self) -> bool:
        return self is not AttemptStatus.IN_PROGRESS

    @property
    def scored(self) -> bool:
        """Counts towards a learner's best and last score on a pack."""
        return self in (AttemptStatus.FINISHED, AttemptStatus.EXPIRED)


class AttemptKind(StrEnum):
    """What an attempt was drawn from."""

    QUIZ = "quiz"  # questions drawn from a pack
    MISTAKES = "mistakes"  # questions the learner got wrong before


def partial_credit(picks: set[int] | frozenset[int], correct: set[int] | frozenset[int]) -> float:
    """The credit of a select-all-that-apply answer, from 0 to 1.

    Right picks minus wrong picks, floored at 0, out of the number of correct choices: with
    correct {A, C}, picking A and C gives 1, A alone 0.5, A and B 0, everything 0.
    """
    if not correct:
        return 0.0
    right = len(picks & correct)
    wrong = len(picks - correct)
    return max(0, right - wrong) / len(correct)


def format_points(points: float) -> str:
    """7.0 -> "7", 7.5 -> "7.5", 6.6667 -> "6.67"."""
    text = f"{points:.2f}".rstrip("0").rstrip(".")
    return text or "0"


Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Now, in UTC without a time zone (as stored in the bank)."""
    from datetime import UTC

    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True, slots=True)
class CitedSource:
    """A citation with its source resolved: everything needed to show it to a learner."""

    source: Source
    locator: str = ""
    quote: str = ""


@dataclass(frozen=True, slots=True)
class BankQuestion:
    """A question as the bank holds it, with the sources it and its fact cite resolved.

    Attributes:
        question_id: the bank's row for it.
        pack_id: the pack it belongs to.
        question: the question itself (citations name their sources by key).
        sources: the question's own citations, with their sources.
        fact_sources: the citations of the fact it tests that it does not cite itself.
        fact_statement: what that fact says.
    """

    question_id: int
    pack_id: str
    question: Question
    sources: tuple[CitedSource, ...] = ()
    fact_sources: tuple[CitedSource, ...] = ()
    fact_statement: str = ""


@dataclass(frozen=True, slots=True)
class ShownQuestion:
    """What a learner was shown of one question of an attempt, kept as it was then.

    Attributes:
        position: 0-based place in the attempt.
        question_id: the bank row, or None if the question has since been removed.
        choices: in the order shown, with their feedback and pictures.
    """

    position: int
    question_id: int | None
    key: str
    type: QuestionType
    prompt: str
    choices: tuple[Choice, ...]
    image: Image | None = None


@dataclass(frozen=True, slots=True)
class QuizQuestion:
    """A question as one quiz shows it: choices in their shown order, sources resolved.

    Attributes:
        position: 0-based place in the quiz.
        question_id: the bank row, or None if the question has since been removed.
        key: the question's id in its pack.
        choices: in the order shown to the learner.
        sources: the question's own citations.
        fact_sources: the citations of the fact it tests (those not already in ``sources``).
    """

    position: int
    question_id: int | None
    key: str
    type: QuestionType
    prompt: str
    choices: tuple[Choice, ...]
    explanation: str = ""
    sources: tuple[CitedSource, ...] = ()
    fact: str = ""
    fact_sources: tuple[CitedSource, ...] = ()
    image: Image | None = None
    fact_statement: str = ""

    @property
    def all_sources(self) -> tuple[CitedSource, ...]:
        return self.sources + self.fact_sources

    @property
    def shown(self) -> ShownQuestion:
        """The part of this question that is kept with the attempt, as shown."""
        return ShownQuestion(
            self.position, self.question_id, self.key, self.type, self.prompt, self.choices,
            self.image,
        )  # fmt: skip

    @classmethod
    def from_shown(cls, shown: ShownQuestion, now: BankQuestion | None) -> QuizQuestion:
        """A question as it was shown, with today's explanation and sources (if it still exists)."""
        return cls(
            position=shown.position,
            question_id=shown.question_id,
            key=shown.key,
            type=shown.type,
            prompt=shown.prompt,
            choices=shown.choices,
            explanation=now.question.explanation if now else "",
            sources=now.sources if now else (),
            fact=(now.question.fact or "") if now else "",
            fact_sources=now.fact_sources if now else (),
            image=shown.image,
            fact_statement=now.fact_statement if now else "",
        )

    @classmethod
    def draw(
        cls, position: int, bank_question: BankQuestion, shuffle: bool, rng: random.Random
    ) -> QuizQuestion:
        """The question as this quiz will show it: choices shuffled unless it says not to."""
        q = bank_question.question
        return cls(
            position=position,
            question_id=bank_question.question_id,
            key=q.id,
            type=q.type,
            prompt=q.prompt,
            choices=shown_choices(q.choices, q.type, shuffle and q.shuffle, rng),
            explanation=q.explanation,
            sources=bank_question.sources,
            fact=q.fact or "",
            fact_sources=bank_question.fact_sources,
            image=q.image,
            fact_statement=bank_question.fact_statement,
        )

    @property
    def correct_index(self) -> int:
        """The shown position of the (first) correct choice."""
        return next(i for i, c in enumerate(self.choices) if c.correct)

    @property
    def correct_indexes(self) -> tuple[int, ...]:
        """The shown positions of every correct choice."""
        return tuple(i for i, c in enumerate(self.choices) if c.correct)


@dataclass(frozen=True, slots=True)
class Answer:
    """What happened to one question of a quiz.

    Attributes:
        chosen: the shown position picked (multiple choice, true/false), else None.
        picks: the shown positions picked (multiple response), in order.
        credit: 1 right, 0 wrong, in between for a partly right multiple response.
        certainty: how sure the learner said they were (1-3), under certainty-based marking.
        marks: what the answer earns under the attempt's marking scheme (``core.marking``).
    """

    position: int
    chosen: int | None
    outcome: Outcome
    seconds: float = 0.0
    picks: tuple[int, ...] = ()
    credit: float = 0.0
    certainty: int | None = None
    marks: float = 0.0

    @property
    def correct(self) -> bool:
        return self.outcome is Outcome.CORRECT

    @property
    def selected(self) -> tuple[int, ...]:
        """Every shown position the learner picked, whatever the question type."""
        return self.picks if self.chosen is None else (self.chosen,)


def shown_choices(
    choices: Sequence[Choice], qtype: QuestionType, shuffle: bool, rng: random.Random
) -> tuple[Choice, ...]:
    """The order in which to show choices: shuffled unless the question or quiz says not.

    True/false always shows True, then False.
    """
    items = list(choices)
    if shuffle and qtype is not QuestionType.TRUE_FALSE:
        rng.shuffle(items)
    return tuple(items)


class QuizOver(Exception):
    """An answer was given after the quiz ended (submitted or out of time)."""


class NotAllowed(Exception):
    """A move the quiz does not allow: going back in a sequential exam, changing a final answer."""


class QuestionState(StrEnum):
    """What the exam navigator and the summary say of a question before it is submitted."""

    ANSWERED = "answered"
    NOT_ANSWERED = "not answered"


@dataclass
class QuizRun:
    """The state of one quiz.

    In practice mode an answer is final and its feedback is shown at once; the run moves on to
    the next unanswered question. In exam mode (Moodle's "deferred feedback") answers can be
    changed, cleared and flagged until the exam is submitted; with free navigation the learner
    may visit any question, with sequential navigation only go forward.

    Attributes:
        attempt_id: the attempt in the bank this run belongs to.
        questions: the questions, in order.
        mode: practice or exam.
        started_at: when the attempt started (wall clock, UTC).
        deadline: when a time limit runs out, or None.
        answers: by position.
        index: the position of the current question (-1: the first unanswered one).
        flags: positions flagged for review.
        ended: the exam was submitted (or the time ran out).
    """

    attempt_id: int
    questions: tuple[QuizQuestion, ...]
    mode: Mode
    clock: Clock
    started_at: datetime
    deadline: datetime | None = None
    answers: dict[int, Answer] = field(default_factory=dict)
    index: int = -1
    expired: bool = False
    marking: Marking = Marking.STANDARD
    navigation: Navigation = Navigation.FREE
    flags: set[int] = field(default_factory=set)
    ended: bool = False
    _shown_at: datetime | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.index < self.total:
            self.index = self.first_unanswered()
        if self.deferred:
            self.index = min(self.index, max(self.total - 1, 0))
        self._shown_at = self.clock()

    # -- reading ---------------------------------------------------------------------------
    @property
    def deferred(self) -> bool:
        """Exam mode: nothing is final, and nothing right or wrong is shown, until submitted."""
        return self.mode is Mode.EXAM

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def current(self) -> QuizQuestion | None:
        if self.finished or not 0 <= self.index < self.total:
            return None
        return self.questions[self.index]

    @property
    def score(self) -> float:
        """Marks so far under the quiz's marking scheme."""
        return sum(a.marks for a in self.answers.values())

    @property
    def max_score(self) -> float:
        return self.total * self.marking.max_mark

    @property
    def answered_count(self) -> int:
        return sum(a.outcome is not Outcome.UNANSWERED for a in self.answers.values())

    @property
    def finished(self) -> bool:
        if self.expired or self.ended:
            return True
        return not self.deferred and len(self.answers) == self.total

    @property
    def can_go_back(self) -> bool:
        return self.deferred and self.navigation is Navigation.FREE

    def first_unanswered(self) -> int:
        return next((i for i in range(self.total) if i not in self.answers), self.total)

    def state(self, position: int) -> QuestionState:
        answer = self.answers.get(position)
        if answer is None or answer.outcome is Outcome.UNANSWERED:
            return QuestionState.NOT_ANSWERED
        return QuestionState.ANSWERED

    def unanswered(self) -> list[int]:
        """Positions with no answer yet."""
        return [i for i in range(self.total) if self.state(i) is QuestionState.NOT_ANSWERED]

    def flagged(self) -> list[int]:
        return sorted(self.flags)

    def reachable(self, position: int) -> bool:
        """Whether the learner may go to ``position`` now (sequential: only the current one)."""
        if not 0 <= position < self.total or self.finished:
            return False
        return self.can_go_back or position == self.index

    def remaining(self) -> timedelta | None:
        """Time left before the deadline (never negative), or None without a limit."""
        if self.deadline is None:
            return None
        return max(self.deadline - self.clock(), timedelta(0))

    def out_of_time(self) -> bool:
        return self.deadline is not None and self.clock() >= self.deadline

    # -- answering -------------------------------------------------------------------------
    def choose(self, choice: int, certainty: int | None = None) -> Answer:
        """Answer the current question with the choice at shown position ``choice``.

        In practice mode the first answer is final (it is returned again if asked twice); in
        an exam it replaces the one before, keeping its certainty unless a new one is given.
        """
        question = self._answerable()
        if not self.deferred and question.position in self.answers:
            return self.answers[question.position]
        if not 0 <= choice < len(question.choices):
            raise ValueError(f"no choice {choice + 1} in question {question.position + 1}")
        if question.type is QuestionType.MULTIPLE_RESPONSE:
            return self.choose_many([choice], certainty)
        right = question.choices[choice].correct
        return self._keep(
            question, choice, (), Outcome.CORRECT if right else Outcome.WRONG,
            1.0 if right else 0.0, certainty,
        )  # fmt: skip

    def choose_many(self, picks: Iterable[int], certainty: int | None = None) -> Answer:
        """Answer a select-all-that-apply question with the shown positions ``picks``."""
        question = self._answerable()
        if not self.deferred and question.position in self.answers:
            return self.answers[question.position]
        chosen = sorted(set(picks))
        if not chosen:
            raise ValueError("pick at least one choice (or clear the answer)")
        if any(not 0 <= p < len(question.choices) for p in chosen):
            raise ValueError(f"no such choice in question {question.position + 1}")
        credit = partial_credit(set(chosen), set(question.correct_indexes))
        outcome = (
            Outcome.CORRECT if credit == 1 else Outcome.PARTIAL if credit > 0 else Outcome.WRONG
        )
        return self._keep(question, None, tuple(chosen), outcome, credit, certainty)

    def set_certainty(self, certainty: int) -> Answer:
        """Say how sure the learner is of the current (exam) answer; re-marks it."""
        if certainty not in CERTAINTY_LEVELS:
            raise ValueError(f"certainty is 1, 2 or 3, not {certainty}")
        question = self._answerable()
        if not self.deferred:
            raise NotAllowed("in practice the certainty is given with the answer")
        answer = self.answers.get(question.position)
        if answer is None:
            raise NotAllowed("choose an answer first")
        return self._keep(
            question, answer.chosen, answer.picks, answer.outcome, answer.credit, certainty
        )

    def clear(self) -> int:
        """Take back the current (exam) question's answer; returns its position."""
        question = self._answerable()
        if not self.deferred:
            raise NotAllowed("an answer in practice is final")
        self.answers.pop(question.position, None)
        return question.position

    def _keep(
        self,
        question: QuizQuestion,
        chosen: int | None,
        picks: tuple[int, ...],
        outcome: Outcome,
        credit: float,
        certainty: int | None,
    ) -> Answer:
        if certainty is not None and certainty not in CERTAINTY_LEVELS:
            raise ValueError(f"certainty is 1, 2 or 3, not {certainty}")
        before = self.answers.get(question.position)
        if certainty is None and before is not None:
            certainty = before.certainty
        if self.marking is not Marking.CERTAINTY:
            certainty = None
        selected = picks if chosen is None else (chosen,)
        marks = mark(self.marking, question.type, question.choices, selected, credit, certainty)
        answer = Answer(
            question.position, chosen, outcome, self._seconds(), picks, credit, certainty, marks
        )
        self.answers[question.position] = answer
        return answer

    def _answerable(self) -> QuizQuestion:
        if self.out_of_time():
            self.expire()
        question = self.current
        if question is None:
            raise QuizOver("the quiz is over")
        return question

    def _seconds(self) -> float:
        seconds = (self.clock() - self._shown_at).total_seconds() if self._shown_at else 0.0
        return max(seconds, 0.0)

    def toggle_flag(self, position: int | None = None) -> bool:
        """Flag (or unflag) a question for review, the current one by default; True if flagged."""
        where = self.index if position is None else position
        if not 0 <= where < self.total or self.finished:
            raise QuizOver("the quiz is over")
        if where in self.flags:
            self.flags.discard(where)
            return False
        self.flags.add(where)
        return True

    # -- moving ----------------------------------------------------------------------------
    def advance(self) -> QuizQuestion | None:
        """Practice: the next unanswered question; exam: the next one. None at the end.

        At the last question of an exam, the exam stays there (the learner finishes it).
        """
        if self.deferred:
            if self.index + 1 < self.total:
                return self.go_to(self.index + 1, forward=True)
            return None
        self.index = self.first_unanswered()
        self._shown_at = self.clock()
        return self.current

    def back(self) -> QuizQuestion | None:
        """The question before (free exams only); None at the first."""
        if not self.can_go_back:
            raise NotAllowed("this exam does not allow going back")
        if self.index == 0:
            return None
        return self.go_to(self.index - 1)

    def go_to(self, position: int, *, forward: bool = False) -> QuizQuestion:
        """Show the question at ``position`` (an exam; sequential: only the next one)."""
        if self.finished:
            raise QuizOver("the quiz is over")
        allowed = self.reachable(position) or (
            forward and self.deferred and position == self.index + 1
        )
        if not self.deferred or not allowed:
            raise NotAllowed(f"question {position + 1} cannot be shown now")
        self.index = position
        self._shown_at = self.clock()
        return self.questions[position]

    # -- ending ----------------------------------------------------------------------------
    def submit(self) -> list[Answer]:
        """Hand the quiz in: unanswered questions count as wrong (marked unanswered)."""
        added = self._close()
        self.ended = True
        return added

    def expire(self) -> list[Answer]:
        """The time is up: every unanswered question counts as wrong (marked unanswered)."""
        added = self._close()
        self.expired = True
        self.ended = True
        return added

    def _close(self) -> list[Answer]:
        added = []
        for q in self.questions:
            if q.position not in self.answers:
                answer = Answer(q.position, None, Outcome.UNANSWERED)
                self.answers[q.position] = answer
                added.append(answer)
        self.index = self.total
        return added
