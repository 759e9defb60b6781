"""Read-only views of what is in the bank, as handed to the CLI and the UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from quizapp.core.marking import Marking, Navigation
from quizapp.core.problems import Problem
from quizapp.core.quiz import Answer, AttemptKind, AttemptStatus, Mode, ShownQuestion


@dataclass(frozen=True, slots=True)
class PackSummary:
    """One pack in the bank, with its question counts (retired questions not counted)."""

    id: str
    title: str
    version: str
    language: str
    questions: int
    multiple_choice: int
    true_false: int
    multiple_response: int = 0
    missing_explanations: int = 0  # questions the teacher still has to explain
    authors: tuple[str, ...] = ()
    license: str = ""
    description: str = ""
    origin: str = ""
    source_format: str = "toml"
    bundled: bool = False
    imported_at: datetime | None = None
    updated_at: datetime | None = None
    study_units: int = 0  # what Study can ask: its facts, and its questions without a fact


class ImportStatus(StrEnum):
    """What importing one pack file did."""

    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REFUSED = "refused"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The outcome of importing one pack into the bank."""

    status: ImportStatus
    pack_id: str = ""
    title: str = ""
    version: str = ""
    previous_version: str = ""
    added: int = 0
    changed: int = 0
    retired: int = 0
    unchanged: int = 0
    message: str = ""
    problems: tuple[Problem, ...] = field(default=())
    warnings: tuple[Problem, ...] = field(default=())
    file: str = ""
    # What the file held: questions read per type ("multiple_choice"…), and the pack's
    # language and how it was settled (formats.ReadResult.language).
    types: tuple[tuple[str, int], ...] = ()
    language: str = ""
    language_how: str = ""


@dataclass(frozen=True, slots=True)
class PackStats:
    """A learner's record on one pack (percentages of finished attempts)."""

    best_percent: float | None = None
    last_percent: float | None = None
    last_score: float = 0.0
    last_total: float = 0  # the most the last attempt could earn (its marking scheme's)
    attempts: int = 0


@dataclass(frozen=True, slots=True)
class AttemptSummary:
    """One attempt as listed in the history and offered for resuming.

    Attributes:
        pack_id: the id of the pack it was drawn from ("mistakes" for a review across packs).
        score: points: one per right answer, part of one for partial credit.
        total: how many questions it has.
        answered: how many of them were answered.
        seconds: the time spent answering.
    """

    id: int
    learner: str
    pack_id: str
    pack_title: str
    mode: Mode
    kind: AttemptKind
    status: AttemptStatus
    started_at: datetime
    finished_at: datetime | None
    score: float
    total: int
    answered: int
    seconds: float
    marking: Marking = Marking.STANDARD
    navigation: Navigation = Navigation.FREE

    @property
    def max_score(self) -> float:
        """The most the attempt could earn under its marking scheme."""
        return self.total * self.marking.max_mark

    @property
    def percent(self) -> float:
        """The score as a share of the most it could be (negative if the marks are)."""
        return 100.0 * self.score / self.max_score if self.total else 0.0


@dataclass(frozen=True, slots=True)
class AttemptRecord:
    """Everything kept of one attempt: how it was set up, what was shown, what was answered.

    Attributes:
        settings: the quiz's settings as asked for (count, filter, seed...), from JSON.
        shown: every question as it was shown, in order.
        answers: the answers given, by position.
        flags: positions flagged for review.
        position: the question that was on screen.
    """

    summary: AttemptSummary
    settings: dict[str, Any]
    deadline_at: datetime | None
    shown: tuple[ShownQuestion, ...]
    answers: dict[int, Answer]
    flags: frozenset[int] = frozenset()
    position: int = 0


@dataclass(frozen=True, slots=True)
class ResponseRecord:
    """One question of an attempt and its answer, as the results export lists it."""

    attempt: AttemptSummary
    shown: ShownQuestion
    answer: Answer | None  # None: not answered
    flagged: bool = False

    @property
    def chosen(self) -> tuple[str, ...]:
        if self.answer is None:
            return ()
        return tuple(self.shown.choices[i].text for i in self.answer.selected)

    @property
    def correct_answer(self) -> tuple[str, ...]:
        return tuple(c.text for c in self.shown.choices if c.correct)


class BankAccess(StrEnum):
    """What the login in use may do on a bank."""

    OWNER = "owner"  # an SQLite file, or the school database's owner: everything
    TEACHER = "teacher"  # manage packs, read every result, take quizzes
    LEARNER = "learner"  # take quizzes as themselves, read their own results


def learner_key(name: str) -> str:
    """What makes two learner names the same person: case and spacing do not count."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True, slots=True)
class Learner:
    """Someone who takes quizzes; on a school bank, with their own login.

    Attributes:
        login: the PostgreSQL login of a school bank's learner or teacher, else "".
        class_name: the class they are in, if the school said.
    """

    id: int
    name: str
    login: str = ""
    class_name: str = ""


@dataclass(frozen=True, slots=True)
class FilterOption:
    """A tag or fact a quiz can be limited to, with how many questions have it."""

    kind: str  # "tag" or "fact"
    value: str
    label: str
    questions: int
