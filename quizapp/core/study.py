"""Self-study that remembers: what is scheduled, how an answer is graded, which question asks.

quizapp schedules *facts*, not questions. Each learner has one card per fact of a pack (a
question without a fact is a card of its own); the fact's questions are its variants. The
scheduler itself is FSRS (the ``fsrs`` package, used by ``services.study``); this module holds
the rules around it, in plain Python:

- ``grade``: the rating an answer gives (wrong → Again, right → Good; with certainty, right
  at certainty 3 → Easy, at certainty 1 → Hard; partly right → Hard).
- ``pick_variant``: which of a fact's questions asks it next (the one after the question
  that asked it last, so a learner cannot pass by remembering one wording; the same one
  again on the same study day: the other variants wait until the next day).
- ``StudyDay``: where a study day starts (04:00 local time, as in Anki), for the daily limit
  of new facts and the forecast.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum, IntEnum

from quizapp.core.marking import CalibrationRow
from quizapp.core.quiz import Outcome

FACT_UNIT = "fact:"
QUESTION_UNIT = "question:"

DEFAULT_RETENTION = 0.90
MIN_RETENTION = 0.70
MAX_RETENTION = 0.99
DEFAULT_NEW_PER_DAY = 20
MAX_NEW_PER_DAY = 999
SESSION_LIMIT = 100  # at most this many facts in one sitting: study again for more
FORECAST_DAYS = 30
OPTIMISE_MIN_REVIEWS = 400  # fsrs's optimizer wants a few hundred reviews
KNOWN_WELL = DEFAULT_RETENTION  # retrievability at or above: "known well"
KNOWN_FADING = 0.70  # below: "weak"
DAY_STARTS = timedelta(hours=4)  # a late-night session still counts for the day before


class Rating(IntEnum):
    """How well a fact was recalled, in FSRS's four grades (the same numbers as fsrs.Rating)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class CardState(IntEnum):
    """Where a card is in FSRS (the same numbers as fsrs.State)."""

    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


def grade(outcome: Outcome, certainty: int | None = None) -> Rating:
    """The rating an answer gives the fact it asked.

    Wrong (or not answered) → Again; partly right (select-all) → Hard; right → Good, or under
    certainty-based marking Easy at certainty 3 and Hard at certainty 1.
    """
    if outcome is Outcome.CORRECT:
        if certainty == 3:
            return Rating.EASY
        if certainty == 1:
            return Rating.HARD
        return Rating.GOOD
    if outcome is Outcome.PARTIAL:
        return Rating.HARD
    return Rating.AGAIN


def fact_unit(key: str) -> str:
    """The card key of a fact."""
    return FACT_UNIT + key


def question_unit(key: str) -> str:
    """The card key of a question without a fact."""
    return QUESTION_UNIT + key


def unit_label(unit: str) -> tuple[str, str]:
    """("fact" or "question", key) of a card key."""
    kind, _, key = unit.partition(":")
    return kind, key


def pick_variant(variants: Sequence[str], last: str | None, same_day: bool) -> str:
    """Which question (by key, from ``variants`` in pack order) asks a fact next.

    The one after ``last`` (round robin), so consecutive reviews use different wordings when
    there are several; on the study day of the last review, ``last`` again (the other
    variants wait until the next day). ``last`` no longer among them: the first.
    """
    if not variants:
        raise ValueError("a fact with no question cannot be asked")
    if last is None or last not in variants:
        return variants[0]
    if same_day:
        return last
    return variants[(variants.index(last) + 1) % len(variants)]


@dataclass(frozen=True, slots=True)
class StudyDay:
    """Study days: they start at 04:00 local time. Times are UTC without a zone, as stored.

    Attributes:
        utc_offset: local time minus UTC (services pass the computer's).
    """

    utc_offset: timedelta = timedelta(0)

    def of(self, moment: datetime) -> date:
        """The study day ``moment`` (UTC) belongs to."""
        return (moment + self.utc_offset - DAY_STARTS).date()

    def start(self, day: date) -> datetime:
        """When study day ``day`` starts, in UTC."""
        return datetime.combine(day, datetime.min.time()) + DAY_STARTS - self.utc_offset

    def end(self, day: date) -> datetime:
        """When study day ``day`` ends (the next one starts), in UTC."""
        return self.start(day + timedelta(days=1))

    def same(self, a: datetime | None, b: datetime) -> bool:
        return a is not None and self.of(a) == self.of(b)


def forecast(
    dues: Iterable[datetime], now: datetime, day: StudyDay, days: int = FORECAST_DAYS
) -> list[tuple[date, int]]:
    """Facts falling due on each of the next ``days`` study days; today includes overdue ones."""
    today = day.of(now)
    counts: Counter[date] = Counter()
    last = today + timedelta(days=days - 1)
    for due in dues:
        d = max(day.of(due), today)
        if d <= last:
            counts[d] += 1
    return [(today + timedelta(days=i), counts[today + timedelta(days=i)]) for i in range(days)]


@dataclass(frozen=True, slots=True)
class StudySettings:
    """A learner's study settings.

    Attributes:
        parameters: FSRS weights from **Optimise my schedule**; None: FSRS's defaults.
    """

    desired_retention: float = DEFAULT_RETENTION
    new_per_day: int = DEFAULT_NEW_PER_DAY
    parameters: tuple[float, ...] | None = None
    optimised_at: datetime | None = None

    def __post_init__(self) -> None:
        if not MIN_RETENTION <= self.desired_retention <= MAX_RETENTION:
            raise ValueError(
                f"the desired retention must be between {MIN_RETENTION:.2f} and {MAX_RETENTION:.2f}"
            )
        if not 0 <= self.new_per_day <= MAX_NEW_PER_DAY:
            raise ValueError(f"new facts per day must be between 0 and {MAX_NEW_PER_DAY}")


@dataclass(frozen=True, slots=True)
class StudyCard:
    """One learner's card for one fact (or fact-less question) of a pack.

    Attributes:
        unit: ``fact:KEY`` or ``question:KEY`` (``fact_unit``, ``question_unit``).
        step: FSRS's learning step, None in review.
        last_question: the key of the question that asked it last.
    """

    id: int
    learner_id: int
    pack_id: str
    unit: str
    state: CardState
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    last_question: str | None
    reps: int
    lapses: int


@dataclass(frozen=True, slots=True)
class Scheduled:
    """A card's state after a review, as the scheduler gives it (written back by the bank)."""

    state: CardState
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime


@dataclass(frozen=True, slots=True)
class Review:
    """One review of a card, as logged."""

    card_id: int
    pack_id: str
    unit: str
    question_key: str
    rating: Rating
    outcome: Outcome
    certainty: int | None
    reviewed_at: datetime
    duration_ms: int | None


@dataclass(frozen=True, slots=True)
class StudyItem:
    """One fact of a study session: its card (None: new) and the question that asks it."""

    unit: str
    question_id: int
    question_key: str
    card: StudyCard | None


@dataclass(frozen=True, slots=True)
class PackStudy:
    """A pack's study figures for one learner.

    Attributes:
        due_now: facts due at this moment; ``due_today``: by the end of the study day.
        new: new facts the learner may start today (unstudied ones, up to the daily limit).
        unstudied: facts never studied, whatever the limit.
        learning, review: cards in FSRS's (re)learning and review states.
    """

    pack_id: str
    due_now: int = 0
    due_today: int = 0
    new: int = 0
    unstudied: int = 0
    learning: int = 0
    review: int = 0


class Known(Enum):
    """How well a fact is known now, in words a learner reads on the progress screen."""

    WELL = "known well"  # retrievability 90 % or more
    FADING = "fading"  # 70-90 %
    WEAK = "weak"  # under 70 %
    NEW = "new"  # not studied yet

    @classmethod
    def of(cls, retrievability: float | None) -> Known:
        if retrievability is None:
            return cls.NEW
        if retrievability >= KNOWN_WELL:
            return cls.WELL
        return cls.FADING if retrievability >= KNOWN_FADING else cls.WEAK


@dataclass(frozen=True, slots=True)
class FactProgress:
    """How well one fact is known now."""

    unit: str
    text: str  # the fact's statement, or the question's prompt
    retrievability: float | None  # None: not studied yet
    state: CardState | None
    due: datetime | None
    reviews: int


@dataclass(frozen=True, slots=True)
class Progress:
    """What the progress screen shows for one learner (and one pack, or all).

    Attributes:
        reviews_per_day: the last 30 study days, oldest first.
        forecast: facts due on each of the next 30 study days.
        accuracy: per week (its first day): share of study answers right, and how many.
        calibration: how well certainty was judged (empty when it was never given).
    """

    learner: str
    pack_id: str | None
    facts: tuple[FactProgress, ...]
    reviews_per_day: tuple[tuple[date, int], ...]
    forecast: tuple[tuple[date, int], ...]
    accuracy: tuple[tuple[date, float, int], ...]
    calibration: tuple[CalibrationRow, ...]
    total_reviews: int
