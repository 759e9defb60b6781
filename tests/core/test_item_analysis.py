"""Item analysis against figures worked out by hand, against a plain second implementation,
and on the edges (no learners, one, all alike, penalties, miskeyed questions)."""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.core.classroom import HandInChoice, HistogramBin, QuestionStats
from quizapp.core.classroom import TestStats as Whole  # not collected as a test class
from quizapp.core.item_analysis import (
    FLAG_NEGATIVE_DISCRIMINATION,
    FLAG_TOO_EASY,
    FLAG_TOO_HARD,
    INDICATIVE_BELOW,
    Item,
    analyse,
)

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

Marks = list[list[float]]
Picks = list[list[tuple[int, ...]]]


def item(position: int, texts: Sequence[str], right: set[int], max_mark: float = 1.0) -> Item:
    choices = tuple(HandInChoice(t, i in right) for i, t in enumerate(texts))
    return Item(position, f"q{position}", f"Question {position + 1}?", "", choices, max_mark)


def true_false(position: int, answer: bool = True) -> Item:
    return item(position, ["True", "False"], {0 if answer else 1})


def four(position: int, right: int = 0) -> Item:
    return item(position, ["A", "B", "C", "D"], {right})


def marked(items: Sequence[Item], picks: Picks) -> Marks:
    """Standard marking: full marks for exactly the right choices, else 0."""
    return [
        [
            it.max_mark if set(p) == {c for c, ch in enumerate(it.choices) if ch.correct} else 0.0
            for it, p in zip(items, row, strict=True)
        ]
        for row in picks
    ]


# -- 1. by hand -----------------------------------------------------------------------------

HAND_ITEMS = [
    item(0, ["True", "False"], {0}),  # "The Earth orbits the Sun."
    item(1, ["Paris", "Lyon", "Marseille", "Nice"], {0}),
    item(2, ["4", "8", "6", "10"], {2}),  # 2 + 2 × 2
]
HAND_PICKS: Picks = [
    [(0,), (0,), (2,)],  # L0: T Paris 6    -> 1 1 1 = 3
    [(1,), (0,), (1,)],  # L1: F Paris 8    -> 0 1 0 = 1
    [(0,), (0,), (2,)],  # L2: T Paris 6    -> 1 1 1 = 3
    [(0,), (3,), ()],  # L3: T Nice  -      -> 1 0 0 = 1
    [(1,), (2,), (0,)],  # L4: F Marseille 4 -> 0 0 0 = 0
]


def test_a_small_class_gives_the_figures_worked_out_by_hand() -> None:
    marks = marked(HAND_ITEMS, HAND_PICKS)
    assert marks == [[1, 1, 1], [0, 1, 0], [1, 1, 1], [1, 0, 0], [0, 0, 0]]
    questions, test = analyse(HAND_ITEMS, marks, HAND_PICKS)
    q0, q1, q2 = questions
    approx = pytest.approx

    # Item 0: x = 1,0,1,1,0; totals = 3,1,3,1,0; rest = 2,1,2,0,0.
    # mean x = 3/5 = .6; dx = .4,-.6,.4,.4,-.6; Σdx² = 3(.16) + 2(.36) = 1.2; var = 1.2/4 = .3.
    # mean rest = 5/5 = 1; dr = 1,0,1,-1,-1; Σdr² = 4; var = 1.
    # Σdx·dr = .4 + 0 + .4 - .4 + .6 = 1.0; cov = .25; r = .25 / sqrt(.3 × 1) = .4564355.
    # covmax: sorted dx -.6,-.6,.4,.4,.4 with sorted dr -1,-1,0,1,1: .6+.6+0+.4+.4 = 2 -> .5;
    # efficiency = .25 / .5 = .5.
    assert q0.learners == 5
    assert q0.facility == approx(0.6)
    assert q0.sd == approx(0.5477226)  # sqrt(.3)
    assert q0.discrimination == approx(0.4564355)
    assert q0.efficiency == approx(0.5)
    # "True" is x itself; "False" is 1 - x: the same correlation, negated.
    assert [c.count for c in q0.choices] == [3, 2]
    assert [c.share for c in q0.choices] == approx([0.6, 0.4])
    assert q0.choices[0].discrimination == approx(0.4564355)
    assert q0.choices[1].discrimination == approx(-0.4564355)
    assert q0.flags == ()

    # Item 1: x = 1,1,1,0,0; rest = 2,0,2,1,0; mean 1; dr = 1,-1,1,0,-1; var rest = 4/4 = 1.
    # dx = .4,.4,.4,-.6,-.6 (var .3); Σdx·dr = .4 - .4 + .4 + 0 + .6 = 1.0 -> cov .25,
    # r = .25 / sqrt(.3) = .4564355; covmax: -.6,-.6,.4,.4,.4 · -1,-1,0,1,1 = 2 -> .5; eff .5.
    # Marseille: only L4 (dr = -1): cov = -1/4, var = .2 × .8 × 5/4 = .2,
    # r = -.25 / sqrt(.2) = -.5590170. Nice: only L3 (dr = 0): r = 0. Lyon: nobody -> None.
    assert q1.facility == approx(0.6)
    assert q1.sd == approx(0.5477226)
    assert q1.discrimination == approx(0.4564355)
    assert q1.efficiency == approx(0.5)
    assert [c.count for c in q1.choices] == [3, 0, 1, 1]
    assert [c.share for c in q1.choices] == approx([0.6, 0.0, 0.2, 0.2])
    assert [c.discrimination for c in q1.choices] == [
        approx(0.4564355),
        None,
        approx(-0.5590170),
        approx(0.0, abs=1e-12),
    ]
    assert q1.flags == ('no one chose the distractor "Lyon"',)

    # Item 2: x = 1,0,1,0,0; mean .4; dx = .6,-.4,.6,-.4,-.4; Σdx² = 2(.36) + 3(.16) = 1.2,
    # var .3. rest = 2,1,2,1,0; mean 6/5 = 1.2; dr = .8,-.2,.8,-.2,-1.2;
    # Σdr² = .64+.04+.64+.04+1.44 = 2.8, var .7. Σdx·dr = .48+.08+.48+.08+.48 = 1.6, cov .4;
    # r = .4 / sqrt(.3 × .7) = .4 / sqrt(.21) = .8728716.
    # covmax: -.4,-.4,-.4,.6,.6 · -1.2,-.2,-.2,.8,.8 = .48+.08+.08+.48+.48 = 1.6 -> .4; eff 1.
    # "4": L4 only (dr -1.2): cov -.3, var .2, r = -.3 / sqrt(.2 × .7) = -.8017837.
    # "8": L1 only (dr -.2): cov -.05, r = -.05 / sqrt(.14) = -.1336306. "10": nobody.
    assert q2.facility == approx(0.4)
    assert q2.sd == approx(0.5477226)
    assert q2.discrimination == approx(0.8728716)
    assert q2.efficiency == approx(1.0)
    assert [c.count for c in q2.choices] == [1, 1, 2, 0]
    assert [c.share for c in q2.choices] == approx([0.2, 0.2, 0.4, 0.0])
    assert [c.discrimination for c in q2.choices] == [
        approx(-0.8017837),
        approx(-0.1336306),
        approx(0.8728716),
        None,
    ]
    assert q2.flags == ('no one chose the distractor "10"',)

    # Test: totals 3,1,3,1,0; mean 8/5 = 1.6; median of 0,1,1,3,3 = 1;
    # dev 1.4,-.6,1.4,-.6,-1.6; Σ = 1.96+.36+1.96+.36+2.56 = 7.2; var 1.8; sd = 1.3416408.
    # alpha = 3/2 × (1 - (.3+.3+.3)/1.8) = 1.5 × .5 = .75; sem = sqrt(1.8) × sqrt(.25) = .6708204.
    # Percentages (max 3): 100, 33.3, 100, 33.3, 0 -> bins 0-10: 1, 30-40: 2, 90-100: 2.
    assert (test.learners, test.questions, test.max_score) == (5, 3, 3.0)
    assert test.mean == approx(1.6)
    assert test.median == 1.0
    assert test.sd == approx(1.3416408)
    assert test.alpha == approx(0.75)
    assert test.sem == approx(0.6708204)
    assert test.indicative is True
    assert [(b.low, b.high) for b in test.histogram] == [
        (10.0 * b, 10.0 * b + 10) for b in range(10)
    ]
    assert [b.count for b in test.histogram] == [1, 0, 0, 2, 0, 0, 0, 0, 0, 2]


def test_the_questions_keep_what_identifies_them() -> None:
    it = Item(
        4, "capitals-7", "The capital of France?", "capital-france", HAND_ITEMS[1].choices, 1.0
    )
    (q,), _ = analyse([it], [[1.0]], [[(0,)]])
    assert (q.position, q.question_key, q.prompt, q.fact) == (
        4,
        "capitals-7",
        "The capital of France?",
        "capital-france",
    )
    assert [(c.text, c.correct) for c in q.choices] == [
        ("Paris", True),
        ("Lyon", False),
        ("Marseille", False),
        ("Nice", False),
    ]


# -- 2. against a plain second implementation -----------------------------------------------


def ref_mean(v: Sequence[float]) -> float:
    s = 0.0
    for a in v:
        s += a
    return s / len(v)


def ref_variance(v: Sequence[float]) -> float:
    n = len(v)
    s = sq = 0.0
    for a in v:
        s += a
        sq += a * a
    return (sq - s * s / n) / (n - 1)


def ref_covariance(a: Sequence[float], b: Sequence[float]) -> float:
    n = len(a)
    sa = sb = sab = 0.0
    for x, y in zip(a, b, strict=True):
        sa += x
        sb += y
        sab += x * y
    return (sab - sa * sb / n) / (n - 1)


def ref_pearson(a: Sequence[float], b: Sequence[float]) -> float | None:
    """The textbook formula, sums of squares and all."""
    n = len(a)
    sa = sb = saa = sbb = sab = 0.0
    for x, y in zip(a, b, strict=True):
        sa += x
        sb += y
        saa += x * x
        sbb += y * y
        sab += x * y
    da = n * saa - sa * sa
    db = n * sbb - sb * sb
    if da < 1e-9 or db < 1e-9:
        return None
    return (n * sab - sa * sb) / math.sqrt(da * db)


def ref_analysis(items: Sequence[Item], marks: Marks, picks: Picks) -> dict[str, object]:
    n, k = len(marks), len(items)
    totals = [sum(row) for row in marks]
    out: dict[str, object] = {}
    variances = []
    for i, it in enumerate(items):
        x = [marks[learner][i] for learner in range(n)]
        rest = [totals[learner] - x[learner] for learner in range(n)]
        variances.append(ref_variance(x))
        out[f"facility{i}"] = ref_mean(x) / it.max_mark
        out[f"sd{i}"] = math.sqrt(ref_variance(x)) / it.max_mark
        out[f"discrimination{i}"] = ref_pearson(x, rest)
        out[f"efficiency{i}"] = ref_covariance(x, rest) / ref_covariance(sorted(x), sorted(rest))
        for c in range(len(it.choices)):
            chose = [1.0 if c in picks[learner][i] else 0.0 for learner in range(n)]
            out[f"count{i}.{c}"] = int(sum(chose))
            out[f"share{i}.{c}"] = sum(chose) / n
            out[f"choice{i}.{c}"] = ref_pearson(chose, rest)
    out["mean"] = ref_mean(totals)
    ordered = sorted(totals)
    out["median"] = (ordered[(n - 1) // 2] + ordered[n // 2]) / 2
    out["sd"] = math.sqrt(ref_variance(totals))
    alpha = k / (k - 1) * (1 - sum(variances) / ref_variance(totals))
    out["alpha"] = alpha
    out["sem"] = math.sqrt(ref_variance(totals)) * math.sqrt(1 - alpha)
    return out


def as_figures(questions: Sequence[QuestionStats], test: Whole) -> dict[str, object]:
    out: dict[str, object] = {}
    for i, q in enumerate(questions):
        out[f"facility{i}"] = q.facility
        out[f"sd{i}"] = q.sd
        out[f"discrimination{i}"] = q.discrimination
        out[f"efficiency{i}"] = q.efficiency
        for c, ch in enumerate(q.choices):
            out[f"count{i}.{c}"] = ch.count
            out[f"share{i}.{c}"] = ch.share
            out[f"choice{i}.{c}"] = ch.discrimination
    out.update(mean=test.mean, median=test.median, sd=test.sd, alpha=test.alpha, sem=test.sem)
    return out


def random_class(seed: int, learners: int, questions: int) -> tuple[list[Item], Marks, Picks]:
    """A class of learners of different strength, on true/false, one-answer and select-all
    questions, marked standard, with penalties, or on certainty (up to 3, down to -6)."""
    rng = random.Random(seed)
    items: list[Item] = []
    for i in range(questions):
        kind = rng.choice(["tf", "mc", "mr"])
        size = {"tf": 2, "mc": 4, "mr": 5}[kind]
        right = set(rng.sample(range(size), rng.randint(1, 3) if kind == "mr" else 1))
        max_mark = 3.0 if i % 4 == 3 else 1.0
        items.append(item(i, [f"choice {c}" for c in range(size)], right, max_mark))
    kinds = [len(it.choices) for it in items]
    strength = [rng.random() for _ in range(learners)]
    marks: Marks = []
    picks: Picks = []
    for s in strength:
        row_marks: list[float] = []
        row_picks: list[tuple[int, ...]] = []
        for i, it in enumerate(items):
            right = {c for c, ch in enumerate(it.choices) if ch.correct}
            if rng.random() < 0.05:  # left unanswered
                row_marks.append(0.0)
                row_picks.append(())
                continue
            if kinds[i] == 5:  # select-all: each choice judged on its own
                chosen = {c for c in range(5) if (c in right) == (rng.random() < 0.4 + 0.5 * s)}
                credit = max(0.0, (len(chosen & right) - len(chosen - right)) / len(right))
                row_picks.append(tuple(sorted(chosen)))
                row_marks.append(round(credit, 6) * it.max_mark)
                continue
            knows = rng.random() < 0.3 + 0.6 * s
            pick = next(iter(right)) if knows else rng.randrange(kinds[i])
            row_picks.append((pick,))
            if pick in right:
                row_marks.append(it.max_mark)
            elif it.max_mark == 3.0:
                row_marks.append(rng.choice([0.0, -2.0, -6.0]))  # certainty 1, 2, 3
            elif i % 3 == 0:
                row_marks.append(-1.0 / (kinds[i] - 1))  # penalty
            else:
                row_marks.append(0.0)
        marks.append(row_marks)
        picks.append(row_picks)
    return items, marks, picks


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_random_class_agrees_with_a_plain_implementation(seed: int) -> None:
    items, marks, picks = random_class(seed, 40, 12)
    questions, test = analyse(items, marks, picks)
    got = as_figures(questions, test)
    want = ref_analysis(items, marks, picks)
    assert got.keys() == want.keys()
    for name, expected in want.items():
        if expected is None:
            assert got[name] is None, name
        else:
            assert got[name] == pytest.approx(expected, rel=1e-9, abs=1e-9), name
    assert test.learners == 40
    assert test.questions == 12
    assert test.max_score == sum(it.max_mark for it in items)
    assert test.indicative is False
    assert sum(b.count for b in test.histogram) == 40
    assert any(len(p) > 1 for row in picks for p in row)  # select-all was exercised
    assert any(m < 0 for row in marks for m in row)  # and penalties


# -- 3. edges -------------------------------------------------------------------------------


def test_no_learners_gives_no_figures_and_no_flags() -> None:
    items = [true_false(0), four(1)]
    questions, test = analyse(items, [], [])
    for q in questions:
        assert q.learners == 0
        assert (q.facility, q.sd, q.discrimination, q.efficiency) == (None, None, None, None)
        assert [(c.count, c.share, c.discrimination) for c in q.choices] == [(0, 0.0, None)] * len(
            q.choices
        )
        assert q.flags == ()
    assert (test.learners, test.questions, test.max_score) == (0, 2, 2.0)
    assert (test.mean, test.median, test.sd, test.alpha, test.sem) == (None,) * 5
    assert [b.count for b in test.histogram] == [0] * 10
    assert test.indicative is True


def test_no_questions_at_all_is_no_crash() -> None:
    questions, test = analyse([], [[], []], [[], []])
    assert questions == ()
    assert (test.learners, test.questions, test.max_score, test.mean, test.alpha) == (
        2,
        0,
        0.0,
        0.0,
        None,
    )
    assert sum(b.count for b in test.histogram) == 2


def test_one_learner_has_a_facility_but_no_spread_or_correlation() -> None:
    items = [true_false(0), four(1)]
    picks: Picks = [[(0,), (2,)]]
    (q0, q1), test = analyse(items, marked(items, picks), picks)
    assert (q0.facility, q1.facility) == (1.0, 0.0)
    assert (q0.sd, q0.discrimination, q0.efficiency) == (None, None, None)
    assert [c.count for c in q1.choices] == [0, 0, 1, 0]
    assert all(c.discrimination is None for c in q1.choices)
    assert q0.flags == (FLAG_TOO_EASY,)
    assert q1.flags == (FLAG_TOO_HARD,)  # nothing resting on correlations or counts
    assert (test.mean, test.median, test.sd, test.alpha, test.sem) == (1.0, 1.0, None, None, None)


def test_a_class_all_alike_has_no_correlations_and_does_not_crash() -> None:
    # Awkward fractions, so the deviations are rounding errors rather than exact zeros.
    items = [item(i, ["a", "b", "c"], {0}) for i in range(3)]
    row = [1 / 3, 0.7, 0.1]
    marks = [list(row) for _ in range(8)]
    picks: Picks = [[(0,), (0, 1), (2,)] for _ in range(8)]
    questions, test = analyse(items, marks, picks)
    for q, expected in zip(questions, row, strict=True):
        assert q.facility == pytest.approx(expected)
        assert q.sd == 0.0
        assert (q.discrimination, q.efficiency) == (None, None)
        assert all(c.discrimination is None for c in q.choices)
    assert test.sd == 0.0
    assert (test.alpha, test.sem) == (None, None)
    assert test.median == pytest.approx(sum(row))


def test_certainty_marks_up_to_3_and_penalties_below_0() -> None:
    items = [
        item(0, ["yes", "no"], {0}, max_mark=3.0),
        item(1, ["A", "B", "C", "D"], {0}, max_mark=1.0),
    ]
    # Item 0 (certainty): 3, -6, 1, 0 -> mean -.5, facility -.5/3 = -1/6;
    # dev 3.5,-5.5,1.5,.5 -> Σ = 12.25+30.25+2.25+.25 = 45, var 15, sd sqrt(15)/3 = 1.2909944.
    # Item 1 (penalty): 1, -1/3, 1, -1/3 -> mean 1/3, facility 1/3.
    marks = [[3.0, 1.0], [-6.0, -1 / 3], [1.0, 1.0], [0.0, -1 / 3]]
    picks: Picks = [[(0,), (0,)], [(1,), (3,)], [(0,), (0,)], [(1,), (2,)]]
    (q0, q1), test = analyse(items, marks, picks)
    assert q0.facility == pytest.approx(-1 / 6)
    assert q0.sd == pytest.approx(1.2909944)
    assert q0.flags == (FLAG_TOO_HARD,)
    assert q1.facility == pytest.approx(1 / 3)
    assert q1.flags == ()
    assert test.max_score == 4.0
    # Totals 4, -6.33, 2, -0.33: the negative ones are 0 % (clamped), 2 is 50 %, 4 is 100 %.
    assert [b.count for b in test.histogram] == [2, 0, 0, 0, 0, 1, 0, 0, 0, 1]


def strong_and_weak(learners: int, questions: int) -> tuple[list[Item], Marks, Picks]:
    """Learner l gets the first ``questions - l * questions // learners`` right (so the first
    learners are the strongest), on one-answer questions keyed A."""
    items = [four(i) for i in range(questions)]
    picks: Picks = []
    for learner in range(learners):
        right = questions - learner * questions // learners
        picks.append([(0,) if i < right else (1 + (learner + i) % 3,) for i in range(questions)])
    return items, marked(items, picks), picks


def test_a_question_everyone_got_right_is_too_easy() -> None:
    items, _, picks = strong_and_weak(10, 6)
    for row in picks:
        row[0] = (0,)
    questions, _ = analyse(items, marked(items, picks), picks)
    q = questions[0]
    assert q.facility == 1.0
    assert q.sd == 0.0
    assert q.discrimination is None
    assert q.choices[0].discrimination is None  # everybody chose it
    assert q.flags == (
        FLAG_TOO_EASY,
        'no one chose the distractor "B"',
        'no one chose the distractor "C"',
        'no one chose the distractor "D"',
    )


def test_a_miskeyed_question_is_flagged_check_the_key() -> None:
    items, _, picks = strong_and_weak(10, 6)
    long = "Because the pack says so, and the pack is always right, whatever the teacher thinks"
    items.append(item(6, ["A", long, "C", "D"], {0}))
    for learner, row in enumerate(picks):
        row.append((1,) if learner < 4 else (0,))  # the top four choose the real answer
    questions, _ = analyse(items, marked(items, picks), picks)
    q = questions[6]
    assert q.discrimination is not None and q.discrimination < 0
    wrong = q.choices[1]
    assert wrong.count == 4 and wrong.discrimination is not None and wrong.discrimination > 0.2
    assert q.flags == (
        FLAG_NEGATIVE_DISCRIMINATION,
        "a wrong choice attracts the strongest learners: check the key "
        '("Because the pack says so, and the pack is always right, wha…")',
        'no one chose the distractor "C"',
        'no one chose the distractor "D"',
    )
    quoted = q.flags[1].split('("')[1].removesuffix('")')
    assert len(quoted) == 60 and quoted.endswith("…")
    # The well-keyed questions of the same class carry no such flag.
    assert not any("check the key" in f for other in questions[:6] for f in other.flags)


def test_flags_that_rest_on_correlations_or_counts_wait_for_five_learners() -> None:
    items, _, picks = strong_and_weak(4, 6)
    items.append(item(6, ["A", "B", "C", "D"], {0}))
    for learner, row in enumerate(picks):
        row.append((1,) if learner < 2 else (0,))
    questions, _ = analyse(items, marked(items, picks), picks)
    assert questions[6].discrimination is not None and questions[6].discrimination < 0
    for q in questions:
        assert set(q.flags) <= {FLAG_TOO_EASY, FLAG_TOO_HARD}


def test_a_choice_picked_twice_by_one_learner_counts_once() -> None:
    items = [item(0, ["a", "b", "c"], {0, 1})]
    (q,), _ = analyse(items, [[1.0], [0.0]], [[(0, 1, 1)], [(2,)]])
    assert [c.count for c in q.choices] == [1, 1, 1]
    assert [c.share for c in q.choices] == [0.5, 0.5, 0.5]


def test_the_histogram_holds_every_learner_and_100_percent_is_in_the_last_bin() -> None:
    items = [item(i, ["a", "b"], {0}) for i in range(3)]
    # Totals 0, 0.3 × 3 (which, times 100 over 3, is 29.999999999999996: still 30 %), 3, 2.95.
    marks = [[0.0] * 3, [0.3] * 3, [1.0] * 3, [1.0, 1.0, 0.95]]
    picks: Picks = [[()] * 3 for _ in marks]
    _, test = analyse(items, marks, picks)
    counts = [b.count for b in test.histogram]
    assert sum(counts) == 4
    assert counts == [1, 0, 0, 1, 0, 0, 0, 0, 0, 2]  # 0 %, 30 %, 100 % and 98.3 %
    assert test.histogram[-1] == HistogramBin(90.0, 100.0, 2)
    # An explicit maximum is used as given: 0 %, 15 %, 50 %, 49.2 %.
    _, doubled = analyse(items, marks, picks, max_score=6.0)
    assert doubled.max_score == 6.0
    assert [b.count for b in doubled.histogram] == [1, 1, 0, 0, 1, 1, 0, 0, 0, 0]


def test_indicative_below_twenty_learners() -> None:
    for learners, indicative in [(INDICATIVE_BELOW - 1, True), (INDICATIVE_BELOW, False)]:
        items, marks, picks = strong_and_weak(learners, 4)
        assert analyse(items, marks, picks)[1].indicative is indicative


@pytest.mark.parametrize(
    ("marks", "picks", "message"),
    [
        ([[1.0, 0.0]], [[(0,), (0,)], [(0,), (0,)]], "marks are for 1 learners but picks for 2"),
        ([[1.0]], [[(0,)]], "learner 1 has marks for 1 questions; the quiz has 2"),
        ([[1.0, 0.0], [1.0, 0.0]], [[(0,), (0,)], [(0,)]], "learner 2 has picks for 1"),
        ([[1.0, math.nan]], [[(0,), (0,)]], "not a number"),
        ([[1.0, 0.0]], [[(0,), (4,)]], "picked choice 4 on question 2, which has 4 choices"),
        ([[1.0, 0.0]], [[(0,), (-1,)]], "picked choice -1"),
    ],
)
def test_a_ragged_or_impossible_matrix_is_refused(marks: Marks, picks: Picks, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        analyse([true_false(0), four(1)], marks, picks)


# -- 4. anything at all ---------------------------------------------------------------------


SHARES = (-1.0, -1 / 3, 0.0, 0.25, 0.5, 1.0)  # of the maximum mark: ties and zero spread


@st.composite
def classes(draw: st.DrawFn) -> tuple[list[Item], Marks, Picks]:
    k = draw(st.integers(0, 5))
    n = draw(st.integers(0, 8))
    items = []
    for i in range(k):
        size = draw(st.integers(1, 4))
        right = draw(st.sets(st.integers(0, size - 1), max_size=size))
        max_mark = draw(st.sampled_from([1.0, 3.0]))
        items.append(item(i, [str(c) for c in range(size)], right, max_mark))
    marks: Marks = []
    picks: Picks = []
    for _ in range(n):
        marks.append(
            [
                draw(
                    st.one_of(
                        st.sampled_from([m * it.max_mark for m in SHARES]),
                        st.floats(-it.max_mark * 2, it.max_mark, allow_nan=False),
                    )
                )
                for it in items
            ]
        )
        picks.append(
            [tuple(draw(st.lists(st.integers(0, len(it.choices) - 1), max_size=3))) for it in items]
        )
    return items, marks, picks


def within(value: float | None, low: float, high: float) -> bool:
    return value is None or low - 1e-9 <= value <= high + 1e-9


@FAST
@given(classes())
def test_any_small_class_gives_figures_within_their_bounds(
    data: tuple[list[Item], Marks, Picks],
) -> None:
    items, marks, picks = data
    questions, test = analyse(items, marks, picks)
    assert len(questions) == len(items)
    for i, (it, q) in enumerate(zip(items, questions, strict=True)):
        assert within(q.discrimination, -1, 1)
        assert within(q.efficiency, -math.inf, 1)
        assert all(within(c.discrimination, -1, 1) for c in q.choices)
        assert all(within(c.share, 0, 1) for c in q.choices)
        column = [row[i] for row in marks]
        if column:
            assert q.facility is not None
            assert within(q.facility, min(column) / it.max_mark, 1)
            assert within(q.facility, -math.inf, max(column) / it.max_mark)
        else:
            assert q.facility is None
        assert q.sd is None or q.sd >= 0
    assert sum(b.count for b in test.histogram) == len(marks)
    assert within(test.alpha, -math.inf, 1)
    assert test.sem is None or test.sem >= 0
    if marks:
        assert test.median == statistics.median(math.fsum(row) for row in marks)
