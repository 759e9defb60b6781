"""The classroom: what a learner hands in, and the class report a teacher reads.

Pure data. The statistics are ``core.item_analysis``; the class code is ``core.classcode``;
the hand-in file format is ``packs.quizresult``; gathering hand-ins (or a school bank's
attempts) into a report is ``services.classroom``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from quizapp.core.marking import Marking, Navigation
from quizapp.core.model import QuestionType
from quizapp.core.quiz import AttemptStatus, Mode, Outcome


@dataclass(frozen=True, slots=True)
class HandInChoice:
    """One choice of a question, as the learner was shown it."""

    text: str
    correct: bool


@dataclass(frozen=True, slots=True)
class HandInResponse:
    """One question of a handed-in attempt and what the learner did with it.

    Attributes:
        position: 0-based place in the quiz (the class talks of "question position + 1").
        question_key: the question's id in its pack.
        choices: in the order shown (the same for everyone who joined the same code).
        selected: the shown positions picked; empty if unanswered.
        changes: every answer given before submission, in order (each a tuple of shown
            positions; empty = cleared). The last equals ``selected`` when the history is kept.
        fact: the key of the fact it tests ("" if none).
    """

    position: int
    question_key: str
    type: QuestionType
    prompt: str
    choices: tuple[HandInChoice, ...]
    selected: tuple[int, ...]
    outcome: Outcome
    credit: float
    marks: float
    certainty: int | None = None
    seconds: float = 0.0
    changes: tuple[tuple[int, ...], ...] = ()
    flagged: bool = False
    fact: str = ""


@dataclass(frozen=True, slots=True)
class HandIn:
    """One learner's attempt at a coded quiz, as handed in (a file) or read from a school bank.

    Attributes:
        fingerprint: of the pack's content (``core.classcode.fingerprint``), hex.
        max_score: the most the attempt could earn under its marking scheme.
        source: where it came from (a file's path, or "school bank"), for the teacher.
    """

    learner: str
    code: str
    pack_id: str
    pack_title: str
    pack_version: str
    fingerprint: str
    mode: Mode
    marking: Marking
    navigation: Navigation
    status: AttemptStatus
    started_at: datetime
    finished_at: datetime | None
    seconds: float
    score: float
    max_score: float
    responses: tuple[HandInResponse, ...]
    source: str = ""


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One learner in the report."""

    learner: str
    score: float
    max: float
    percent: float
    seconds: float
    status: AttemptStatus
    source: str = ""


@dataclass(frozen=True, slots=True)
class Rejected:
    """A hand-in left out of the report, and why (in a sentence a teacher understands)."""

    source: str
    reason: str
    learner: str = ""


@dataclass(frozen=True, slots=True)
class ChoiceStats:
    """How one choice of a question fared.

    Attributes:
        share: count / learners who saw the question (0-1).
        discrimination: the correlation of choosing it with the rest of the test (None when
            it cannot be computed: nobody or everybody chose it, or too few learners).
    """

    text: str
    correct: bool
    count: int
    share: float
    discrimination: float | None


@dataclass(frozen=True, slots=True)
class QuestionStats:
    """One question's statistics (Moodle's quiz statistics definitions).

    Attributes:
        facility: mean mark / maximum mark, 0-1 (may be below 0 under penalty marking).
        sd: standard deviation of the marks as a share of the maximum mark (n - 1).
        discrimination: Pearson correlation of the question's marks with the rest of the
            test (the total without this question), -1..1.
        efficiency: discriminative efficiency: the covariance with the rest of the test over
            the largest it could be given the two sets of marks (at most 1; Moodle's
            definition has no lower bound).
        flags: plain-language warnings ("too easy", "check the key", …).
    """

    position: int
    question_key: str
    prompt: str
    fact: str
    learners: int
    facility: float | None
    sd: float | None
    discrimination: float | None
    efficiency: float | None
    choices: tuple[ChoiceStats, ...]
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HistogramBin:
    """Scores from ``low`` (inclusive) to ``high`` (exclusive; the last bin includes it), in %."""

    low: float
    high: float
    count: int


@dataclass(frozen=True, slots=True)
class TestStats:
    """The test as a whole. Scores are marks; ``alpha`` is Cronbach's (Moodle's CIC) 0-1.

    Attributes:
        sem: standard error of measurement, in marks: sd * sqrt(1 - alpha).
        indicative: fewer learners than the figures need to be more than a hint (about 20).
    """

    learners: int
    questions: int
    max_score: float
    mean: float | None
    median: float | None
    sd: float | None
    alpha: float | None
    sem: float | None
    histogram: tuple[HistogramBin, ...] = ()
    indicative: bool = True


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A source to go back to, as the report lists it."""

    title: str
    author: str = ""
    date: str = ""
    url: str = ""
    locator: str = ""


@dataclass(frozen=True, slots=True)
class FactStats:
    """A fact the class was tested on: how often it was got right, and where to read up."""

    fact: str
    statement: str
    facility: float
    questions: int
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True, slots=True)
class ClassReport:
    """Everything the class report shows, whatever it is written to (PDF, CSV, JSON, screen).

    Attributes:
        notes: sentences the teacher should read first (repeats counted once, too few
            learners, …).
    """

    code: str
    pack_id: str
    pack_title: str
    pack_version: str
    marking: Marking
    roster: tuple[RosterRow, ...]
    questions: tuple[QuestionStats, ...]
    test: TestStats
    facts: tuple[FactStats, ...] = ()
    rejected: tuple[Rejected, ...] = ()
    notes: tuple[str, ...] = ()
    generated_at: datetime | None = None
