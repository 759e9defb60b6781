"""Moodle's grades, as GIFT and Moodle XML both use them: the one owner of the list, the
tolerance Moodle checks fractions with, and what a negative fraction means in quizapp."""

from __future__ import annotations

# Moodle's grade options (question_bank::fraction_options_full), as fractions.
GRADES = (
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25,
    0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0,
)  # fmt: skip
GRADE_TOLERANCE = 1e-5  # Moodle's check of a fraction against its grade options


def nearest_grade(share: float) -> float:
    """The grade option (0 to 1) nearest to ``share``."""
    return min(GRADES, key=lambda grade: abs(grade - share))


def penalty(fraction: float, single: bool, wrong: int) -> float | None:
    """A wrong answer's own penalty: its negative fraction (-0.25: 0.25; below -1: 1), else None.

    A select-all question's fraction of ``-1/m`` (m wrong choices) is the penalty marking
    scheme's own rule, which is what quizapp writes for a choice without a penalty: None.
    """
    if fraction >= 0:
        return None
    share = min(1.0, -fraction)
    if not single and wrong and abs(share - 1 / wrong) < GRADE_TOLERANCE:
        return None
    return share
