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

from quizapp.core.model import Choice, Image, Question, QuestionType, Source


class Mode(StrEnum):
    """Practice: feedback after each answer. Exam: nothing until the end."""

    PRACTICE = "practice"
    EXAM = "exam"


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
    """

    question_id: int
    pack_id: str
    question: Question
    sources: tuple[CitedSource, ...] = ()
    fact_sources: tuple[CitedSource, ...] = ()


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
    """

    position: int
    chosen: int | None
    outcome: Outcome
    seconds: float = 0.0
    picks: tuple[int, ...] = ()
    credit: float = 0.0

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
    """An answer was given after the quiz ended (finished or out of time)."""


@dataclass
class QuizRun:
    """The state of one quiz.

    Attributes:
        attempt_id: the attempt in the bank this run belongs to.
        questions: the questions, in order.
        mode: practice or exam.
        started_at: when the attempt started (wall clock, UTC).
        deadline: when a time limit runs out, or None.
        answers: by position.
        index: the position of the current question.
    """

    attempt_id: int
    questions: tuple[QuizQuestion, ...]
    mode: Mode
    clock: Clock
    started_at: datetime
    deadline: datetime | None = None
    answers: dict[int, Answer] = field(default_factory=dict)
    index: int = 0
    expired: bool = False
    _shown_at: datetime | None = None

    def __post_init__(self) -> None:
        self.index = self.first_unanswered()
        self._shown_at = self.clock()

    # -- reading ---------------------------------------------------------------------------
    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def current(self) -> QuizQuestion | None:
        if self.finished:
            return None
        return self.questions[self.index]

    @property
    def score(self) -> float:
        """Points so far: one per right answer, part of one for a partly right multiple response."""
        return sum(a.credit for a in self.answers.values())

    @property
    def answered_count(self) -> int:
        return sum(a.outcome is not Outcome.UNANSWERED for a in self.answers.values())

    @property
    def finished(self) -> bool:
        return self.expired or len(self.answers) == self.total

    def first_unanswered(self) -> int:
        return next((i for i in range(self.total) if i not in self.answers), self.total)

    def remaining(self) -> timedelta | None:
        """Time left before the deadline (never negative), or None without a limit."""
        if self.deadline is None:
            return None
        return max(self.deadline - self.clock(), timedelta(0))

    def out_of_time(self) -> bool:
        return self.deadline is not None and self.clock() >= self.deadline

    # -- changing --------------------------------------------------------------------------
    def choose(self, choice: int) -> Answer:
        """Answer the current question with the choice at shown position ``choice``."""
        question = self._answerable()
        if question.position in self.answers:
            return self.answers[question.position]
        if not 0 <= choice < len(question.choices):
            raise ValueError(f"no choice {choice + 1} in question {question.position + 1}")
        if question.type is QuestionType.MULTIPLE_RESPONSE:
            return self.choose_many([choice])
        right = question.choices[choice].correct
        answer = Answer(
            question.position,
            choice,
            Outcome.CORRECT if right else Outcome.WRONG,
            self._seconds(),
            credit=1.0 if right else 0.0,
        )
        self.answers[question.position] = answer
        return answer

    def choose_many(self, picks: Iterable[int]) -> Answer:
        """Answer a select-all-that-apply question with the shown positions ``picks``."""
        question = self._answerable()
        if question.position in self.answers:
            return self.answers[question.position]
        chosen = sorted(set(picks))
        if any(not 0 <= p < len(question.choices) for p in chosen):
            raise ValueError(f"no such choice in question {question.position + 1}")
        credit = partial_credit(set(chosen), set(question.correct_indexes))
        outcome = (
            Outcome.CORRECT if credit == 1 else Outcome.PARTIAL if credit > 0 else Outcome.WRONG
        )
        answer = Answer(question.position, None, outcome, self._seconds(), tuple(chosen), credit)
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

    def advance(self) -> QuizQuestion | None:
        """Go to the next unanswered question; None when the quiz is finished."""
        self.index = self.first_unanswered()
        self._shown_at = self.clock()
        return self.current

    def expire(self) -> list[Answer]:
        """The time is up: every unanswered question counts as wrong (marked unanswered)."""
        added = []
        for q in self.questions:
            if q.position not in self.answers:
                answer = Answer(q.position, None, Outcome.UNANSWERED)
                self.answers[q.position] = answer
                added.append(answer)
        self.expired = True
        self.index = self.total
        return added
