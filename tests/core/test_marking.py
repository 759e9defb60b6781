"""Marking schemes and the calibration of certainty, checked against the tables they come from."""

from __future__ import annotations

import pytest

from quizapp.core.marking import CERTAINTY_BANDS, Marking, calibration, mark
from quizapp.core.model import Choice, QuestionType, true_false_choices
from quizapp.core.quiz import partial_credit

MC = QuestionType.MULTIPLE_CHOICE
TF = QuestionType.TRUE_FALSE
MR = QuestionType.MULTIPLE_RESPONSE


def choices(n: int, right: set[int]) -> tuple[Choice, ...]:
    return tuple(Choice(f"c{i}", i in right) for i in range(n))


@pytest.mark.parametrize(("n", "cost"), [(2, 1.0), (3, 0.5), (4, 1 / 3), (5, 0.25)])
def test_a_wrong_answer_costs_one_over_n_minus_one_so_guessing_scores_zero(
    n: int, cost: float
) -> None:
    four = choices(n, {0})
    assert mark(Marking.PENALTY, MC, four, [0], 1.0) == 1.0
    assert mark(Marking.PENALTY, MC, four, [1], 0.0) == pytest.approx(-cost)
    # A blind guess: right once in n, wrong n-1 times.
    guesses = [mark(Marking.PENALTY, MC, four, [i], float(i == 0)) for i in range(n)]
    assert sum(guesses) / n == pytest.approx(0.0)


def test_true_false_wrong_costs_a_whole_mark_under_penalty() -> None:
    tf = true_false_choices(True)
    assert mark(Marking.PENALTY, TF, tf, [0], 1.0) == 1.0
    assert mark(Marking.PENALTY, TF, tf, [1], 0.0) == -1.0


def test_a_choice_penalty_from_the_pack_is_used_when_present() -> None:
    own = (
        Choice("a", True),
        Choice("b", False, penalty=0.25),
        Choice("c", False),
        Choice("d", False),
    )
    assert mark(Marking.PENALTY, MC, own, [1], 0.0) == -0.25
    assert mark(Marking.PENALTY, MC, own, [2], 0.0) == pytest.approx(-1 / 3)


def test_select_all_under_penalty_gives_zero_on_average_to_random_ticks() -> None:
    four = choices(4, {0, 2})
    total = 0.0
    subsets = [{i for i in range(4) if mask >> i & 1} for mask in range(1, 16)]
    for picked in subsets:
        credit = partial_credit(picked, {0, 2})
        total += mark(Marking.PENALTY, MR, four, picked, credit)
    # Every subset (the empty one is unanswered: 0) is equally likely when ticking at random.
    assert total / 16 == pytest.approx(0.0)
    assert mark(Marking.PENALTY, MR, four, [0, 2], 1.0) == 1.0
    assert mark(Marking.PENALTY, MR, four, [0, 1], 0.0) == 0.0
    assert mark(Marking.PENALTY, MR, four, [1, 3], 0.0) == -1.0
    assert mark(Marking.PENALTY, MR, four, [0, 1, 2, 3], 0.0) == 0.0


@pytest.mark.parametrize(("level", "right", "wrong"), [(1, 1, 0), (2, 2, -2), (3, 3, -6)])
def test_certainty_marks_follow_moodles_table(level: int, right: int, wrong: int) -> None:
    tf = true_false_choices(False)
    assert mark(Marking.CERTAINTY, TF, tf, [1], 1.0, level) == right
    assert mark(Marking.CERTAINTY, TF, tf, [0], 0.0, level) == wrong


def test_no_certainty_counts_as_unsure_and_partial_credit_scales_the_right_mark() -> None:
    four = choices(4, {0, 2})
    assert mark(Marking.CERTAINTY, MR, four, [0], 0.5, None) == 0.5
    assert mark(Marking.CERTAINTY, MR, four, [0], 0.5, 3) == 1.5
    assert mark(Marking.CERTAINTY, MR, four, [1], 0.0, 3) == -6


def test_unanswered_earns_nothing_in_every_scheme() -> None:
    for scheme in Marking:
        assert mark(scheme, MC, choices(4, {0}), [], 0.0, 3) == 0.0


def test_standard_is_the_credit() -> None:
    assert mark(Marking.STANDARD, MC, choices(4, {0}), [1], 0.0) == 0.0
    assert mark(Marking.STANDARD, MR, choices(4, {0, 2}), [0], 0.5) == 0.5


def test_the_bands_are_where_each_level_pays_best() -> None:
    """Expected marks per level at a share p of right answers: the best level's band holds p."""
    for percent in range(0, 101):
        p = percent / 100
        expected = {c: p * (c) + (1 - p) * {1: 0, 2: -2, 3: -6}[c] for c in (1, 2, 3)}
        best = max(expected, key=lambda c: (round(expected[c], 9), -c))
        assert p in CERTAINTY_BANDS[best], (p, best)


def test_calibration_counts_and_judges_each_level() -> None:
    script = (
        [(3, True, 3.0)] * 4 + [(3, False, -6.0)] * 3 + [(1, True, 1.0)] * 5 + [(None, False, 0.0)]
    )
    rows = {r.level: r for r in calibration(script)}
    assert (rows[3].answers, rows[3].right, rows[3].marks) == (7, 4, -6.0)
    assert rows[3].judgement == "over"
    assert rows[3].verdict.startswith(
        "At certainty 3 (Very sure) you were right 4 times out of 7 (57%): you were over-confident"
    )
    assert (rows[1].answers, rows[1].right) == (6, 5)  # no certainty counts as 1
    assert rows[1].judgement == "under"
    assert "under-confident" in rows[1].verdict
    assert rows[2].answers == 0 and rows[2].judgement == ""
    assert rows[2].verdict == "You never chose certainty 2 (Fairly sure)."


def test_a_share_within_the_band_is_well_judged() -> None:
    rows = {r.level: r for r in calibration([(2, True, 2.0)] * 3 + [(2, False, -2.0)])}
    assert rows[2].share == 0.75 and rows[2].judgement == "good"
    assert "well judged" in rows[2].verdict
