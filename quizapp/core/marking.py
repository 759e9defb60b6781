"""Marking schemes: how many marks an answer earns, and how well a learner judged their certainty.

Three schemes, chosen per quiz:

- ``standard``: the answer's credit: 1 right, 0 wrong, a share of 1 for a partly right
  select-all answer.
- ``penalty``: a wrong answer costs marks, so that guessing blindly scores 0 on average. A wrong
  choice of an n-choice question costs 1/(n-1) (true/false: 1), unless the pack gives that
  choice its own penalty (GIFT ``~%-25%``: 0.25). A select-all answer earns right picks / correct
  choices minus, for each wrong pick, its own penalty or 1 / (choices that are wrong); so
  ticking every box, or ticking at random, is worth 0 on average. Marks go from -1 to 1.
- ``certainty`` (certainty-based marking, as Moodle's "deferred feedback with CBM"): the learner
  says how sure they are, 1, 2 or 3. Right earns 1, 2 or 3; wrong earns 0, -2 or -6. A partly
  right answer earns its share of the right mark (Moodle's rule). No certainty given counts as
  1, as in Moodle.

Unanswered questions earn 0 in every scheme.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from quizapp.core.model import Choice, QuestionType

# Moodle's question_utils::MARK_TOLERANCE: a credit this small is a wrong answer.
_TOLERANCE = 0.00000005


class Marking(StrEnum):
    """How an attempt's answers are turned into marks."""

    STANDARD = "standard"
    PENALTY = "penalty"
    CERTAINTY = "certainty"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def max_mark(self) -> float:
        """The most one question can earn."""
        return float(CERTAINTY_RIGHT[3]) if self is Marking.CERTAINTY else 1.0


_LABELS = {
    Marking.STANDARD: "Standard: 1 mark per right answer",
    Marking.PENALTY: "Penalty for wrong answers: guessing scores 0",
    Marking.CERTAINTY: "Certainty-based: say how sure you are (1, 2, 3)",
}


class Navigation(StrEnum):
    """How a learner may move through an exam."""

    FREE = "free"  # any question, in any order, until it is submitted
    SEQUENTIAL = "sequential"  # Moodle's "no going back": forward only


CERTAINTY_LEVELS = (1, 2, 3)
DEFAULT_CERTAINTY = 1  # Moodle assumes "unsure" when none is given
CERTAINTY_RIGHT = {1: 1, 2: 2, 3: 3}
CERTAINTY_WRONG = {1: 0, 2: -2, 3: -6}
CERTAINTY_NAMES = {1: "Unsure", 2: "Fairly sure", 3: "Very sure"}


@dataclass(frozen=True, slots=True)
class Band:
    """The share of right answers (0-1) at which a certainty level earns the most marks."""

    low: float
    high: float

    def __contains__(self, share: float) -> bool:
        return self.low <= share <= self.high

    @property
    def text(self) -> str:
        if self.low <= 0:
            return f"below {self.high:.0%}"
        if self.high >= 1:
            return f"above {self.low:.0%}"
        return f"{self.low:.0%}–{self.high:.0%}"


# Where one level starts to pay better than the one below: 2 beats 1 when p*2 - (1-p)*2 > p,
# that is p > 2/3; 3 beats 2 when 3p - 6(1-p) > 2p - 2(1-p), that is p > 4/5.
CERTAINTY_BANDS = {1: Band(0.0, 2 / 3), 2: Band(2 / 3, 0.8), 3: Band(0.8, 1.0)}


def penalty_of(choices: Sequence[Choice], index: int, qtype: QuestionType) -> float:
    """What picking the wrong choice at ``index`` costs under the penalty scheme (positive)."""
    own = choices[index].penalty
    if own is not None:
        return own
    if qtype is QuestionType.TRUE_FALSE:
        return 1.0
    if qtype is QuestionType.MULTIPLE_RESPONSE:
        wrong = sum(not c.correct for c in choices)
        return 1.0 / wrong if wrong else 0.0
    return 1.0 / (len(choices) - 1) if len(choices) > 1 else 1.0


def mark(
    scheme: Marking,
    qtype: QuestionType,
    choices: Sequence[Choice],
    selected: Iterable[int],
    credit: float,
    certainty: int | None = None,
) -> float:
    """The marks one answer earns under ``scheme``.

    Args:
        selected: the shown positions picked (empty: unanswered, 0 marks).
        credit: the answer's credit from 0 to 1 (``quiz.partial_credit`` for select-all).
        certainty: 1-3 under the certainty scheme; None counts as 1.
    """
    picked = sorted(set(selected))
    if not picked:
        return 0.0
    if scheme is Marking.STANDARD:
        return credit
    if scheme is Marking.CERTAINTY:
        level = certainty if certainty in CERTAINTY_LEVELS else DEFAULT_CERTAINTY
        assert level is not None
        if credit <= _TOLERANCE:
            return float(CERTAINTY_WRONG[level])
        return CERTAINTY_RIGHT[level] * credit
    if qtype is QuestionType.MULTIPLE_RESPONSE:
        right = sum(choices[i].correct for i in picked)
        correct = sum(c.correct for c in choices)
        lost = sum(penalty_of(choices, i, qtype) for i in picked if not choices[i].correct)
        earned = right / correct if correct else 0.0
        return max(-1.0, min(1.0, earned - lost))
    index = picked[0]
    if choices[index].correct:
        return credit
    return -penalty_of(choices, index, qtype)


@dataclass(frozen=True, slots=True)
class CalibrationRow:
    """How the answers given at one certainty level turned out.

    Attributes:
        answers: how many were answered at this level.
        right: how many of them were right (a partly right select-all answer is not).
        marks: what they earned together.
    """

    level: int
    answers: int
    right: int
    marks: float
    band: Band

    @property
    def share(self) -> float | None:
        return self.right / self.answers if self.answers else None

    @property
    def judgement(self) -> str:
        """'over', 'under', 'good', or '' (no answers at this level)."""
        share = self.share
        if share is None:
            return ""
        if share < self.band.low:
            return "over"
        if share > self.band.high:
            return "under"
        return "good"

    @property
    def verdict(self) -> str:
        """The row in plain words: "At certainty 3 you were right 4 times out of 7: ..."."""
        if not self.answers:
            return f"You never chose certainty {self.level} ({CERTAINTY_NAMES[self.level]})."
        times = "time" if self.right == 1 else "times"
        said = (
            f"At certainty {self.level} ({CERTAINTY_NAMES[self.level]}) you were right "
            f"{self.right} {times} out of {self.answers} ({self.share:.0%})"
        )
        judgement = self.judgement
        if judgement == "over":
            lower = self.level - 1
            return (
                f"{said}: you were over-confident. Certainty {self.level} pays when you are "
                f"right {self.band.text} of the time; certainty {lower} would have earned more."
            )
        if judgement == "under":
            return (
                f"{said}: you were under-confident. You knew more than you said; certainty "
                f"{self.level + 1} would have earned more."
            )
        return f"{said}: well judged (certainty {self.level} pays {self.band.text})."


def calibration(answers: Iterable[tuple[int | None, bool, float]]) -> list[CalibrationRow]:
    """One row per certainty level from (certainty, right, marks) of every answer given.

    An answer with no certainty counts at level 1, as it was marked.
    """
    counts = {level: [0, 0, 0.0] for level in CERTAINTY_LEVELS}
    for certainty, right, marks in answers:
        level = certainty if certainty in CERTAINTY_LEVELS else DEFAULT_CERTAINTY
        assert level is not None
        row = counts[level]
        row[0] += 1
        row[1] += int(right)
        row[2] += marks
    return [
        CalibrationRow(level, int(n), int(r), float(m), CERTAINTY_BANDS[level])
        for level, (n, r, m) in counts.items()
    ]
