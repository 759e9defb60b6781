"""Item analysis: how each question of a quiz, each of its choices, and the test as a whole fared.

The definitions are Moodle's quiz statistics (``question/classes/statistics/questions/
calculator.php`` and the quiz statistics report), with sample (n - 1) variances throughout.
For question *i*, with ``x`` the learners' marks on it and ``rest`` each learner's total
without it (the "rest of the test"):

* **facility**: mean(x) / max_mark. The share of the marks the class earned on it, 0-1
  (below 0 under penalty marking).
* **sd**: the sample standard deviation of x, as a share of max_mark.
* **discrimination** (Moodle's discrimination index, /100): Pearson's correlation of x with
  rest, cov(x, rest) / sqrt(var(x) var(rest)), -1..1.
* **efficiency** (Moodle's discriminative efficiency, /100): cov(x, rest) / covmax, where
  covmax is the covariance obtained by pairing the *sorted* x with the *sorted* rest: the
  largest covariance the two sets of marks allow. At most 1; like Moodle's, it is not bounded
  below by -1 (a question the strong learners get wrong can fall under it).
* per choice: how many chose it, the share of the learners, and the correlation of the 0/1
  indicator "chose it" with rest (a point-biserial discrimination).

For the test: the mean, median and sample sd of the totals; **alpha**, Cronbach's alpha
(Moodle's coefficient of internal consistency, /100), k/(k-1) (1 - Σ var(x_i) / var(total));
the **sem**, standard error of measurement, sd sqrt(1 - alpha); a histogram of the totals in
percent of the maximum score, ten bins of 10 points (the last includes 100).

A figure that cannot be computed is ``None``: too few learners, or a variance of zero (which
makes a correlation meaningless). Variances below ``1e-12`` count as zero, so a class whose
marks are all equal gives ``None`` and not a correlation of rounding errors.

The plain-language flags a teacher reads next to a question ("too easy", "check the key", …)
are written once, below. Everything runs in time linear in learners × questions (plus a sort
of each question's marks), so a class of hundreds is analysed at once.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from quizapp.core.classroom import ChoiceStats, HandInChoice, HistogramBin, QuestionStats, TestStats

__all__ = [
    "EASY_AT",
    "FLAG_MIN_LEARNERS",
    "FLAG_NEGATIVE_DISCRIMINATION",
    "FLAG_TOO_EASY",
    "FLAG_TOO_HARD",
    "HARD_AT",
    "INDICATIVE_BELOW",
    "MISKEY_DISCRIMINATION",
    "MISKEY_MIN_COUNT",
    "Item",
    "analyse",
    "flag_check_the_key",
    "flag_unchosen_distractor",
]

INDICATIVE_BELOW = 20  # fewer learners: figures are only indicative

EASY_AT = 0.9  # facility at or above: too easy
HARD_AT = 0.2  # facility at or below: too hard
FLAG_MIN_LEARNERS = 5  # fewer: no flag that rests on a correlation or on a count of choices
MISKEY_DISCRIMINATION = 0.2  # a wrong choice correlating more than this with the rest …
MISKEY_MIN_COUNT = 2  # … and chosen by at least this many learners: check the key
FLAG_TEXT_CHARS = 60  # a choice quoted in a flag is cut to this many characters

FLAG_TOO_EASY = "too easy: almost everyone got it right"
FLAG_TOO_HARD = "too hard: few got it right"
FLAG_NEGATIVE_DISCRIMINATION = (
    "the stronger learners did worse on it: check the key and the wording"
)

ZERO = 1e-12  # a variance (or covariance bound) smaller than this is zero
HISTOGRAM_BINS = 10


@dataclass(frozen=True, slots=True)
class Item:
    """One question of the quiz, as the analysis needs it.

    Attributes:
        position: 0-based place in the quiz.
        question_key: the question's id in its pack.
        fact: the key of the fact it tests ("" if none).
        choices: in the order shown (the same for all learners).
        max_mark: the most one answer can earn (1.0 standard or penalty, 3.0 certainty).
    """

    position: int
    question_key: str
    prompt: str
    fact: str
    choices: tuple[HandInChoice, ...]
    max_mark: float


def analyse(
    items: Sequence[Item],
    marks: Sequence[Sequence[float]],
    picks: Sequence[Sequence[tuple[int, ...]]],
    max_score: float | None = None,
) -> tuple[tuple[QuestionStats, ...], TestStats]:
    """The statistics of every question, in the order of ``items``, and of the test.

    Args:
        items: the questions, in quiz order.
        marks: ``marks[l][i]`` is learner l's marks on item i (0 if unanswered; negative
            under penalty marking).
        picks: ``picks[l][i]`` the shown positions learner l selected on item i (empty if
            unanswered; several for select-all). A position picked twice counts once.
        max_score: the most the test can earn; the sum of the items' ``max_mark`` if None.
            Only the histogram uses it (a maximum of 0 or less puts every total in the
            first bin).

    Raises:
        ValueError: a learner lacks marks or picks for some item (or has too many), marks and
            picks are for different numbers of learners, a mark is not finite, or a pick is
            not one of the item's choices.
    """
    _check(items, marks, picks)
    learners = len(marks)
    if max_score is None:
        max_score = math.fsum(item.max_mark for item in items)
    totals = [math.fsum(row) for row in marks]
    if learners:
        columns: list[Sequence[float]] = list(zip(*marks, strict=True))
        chosen: list[Sequence[tuple[int, ...]]] = list(zip(*picks, strict=True))
    else:
        columns = [() for _ in items]
        chosen = [() for _ in items]
    questions: list[QuestionStats] = []
    variances: list[float] = []
    for item, x, p in zip(items, columns, chosen, strict=True):
        stats, variance = _question(item, x, p, totals)
        questions.append(stats)
        variances.append(variance)
    return tuple(questions), _test(totals, variances, len(items), max_score)


# -- checks ---------------------------------------------------------------------------------


def _check(
    items: Sequence[Item],
    marks: Sequence[Sequence[float]],
    picks: Sequence[Sequence[tuple[int, ...]]],
) -> None:
    k = len(items)
    if len(marks) != len(picks):
        raise ValueError(
            f"marks are for {len(marks)} learners but picks for {len(picks)}: "
            "every learner needs both"
        )
    sizes = [len(item.choices) for item in items]
    for learner, (row, chosen) in enumerate(zip(marks, picks, strict=True)):
        if len(row) != k:
            raise ValueError(
                f"learner {learner + 1} has marks for {len(row)} questions; the quiz has {k}"
            )
        if len(chosen) != k:
            raise ValueError(
                f"learner {learner + 1} has picks for {len(chosen)} questions; the quiz has {k}"
            )
        if not all(math.isfinite(m) for m in row):
            raise ValueError(f"learner {learner + 1} has a mark that is not a number: {row!r}")
        for i, (selected, size) in enumerate(zip(chosen, sizes, strict=True)):
            for position in selected:
                if not 0 <= position < size:
                    raise ValueError(
                        f"learner {learner + 1} picked choice {position} on question {i + 1}, "
                        f"which has {size} choices (0 to {size - 1})"
                    )


# -- one question ---------------------------------------------------------------------------


def _zero(value: float) -> float:
    """``value``, or 0.0 if it is too small to be told from rounding errors."""
    return 0.0 if abs(value) < ZERO else value


def _correlation(cov: float, var_a: float, var_b: float) -> float | None:
    """Pearson's r from a covariance and the two variances (already through ``_zero``)."""
    if var_a <= 0.0 or var_b <= 0.0:
        return None
    return max(-1.0, min(1.0, cov / math.sqrt(var_a * var_b)))


def _question(
    item: Item,
    x: Sequence[float],
    picked: Sequence[tuple[int, ...]],
    totals: Sequence[float],
) -> tuple[QuestionStats, float]:
    """One question's statistics, and the sample variance of its marks (for alpha)."""
    n = len(x)
    m = len(item.choices)
    counts = [0] * m
    rests: list[list[float]] = [[] for _ in range(m)]  # deviations of rest, per choice
    facility = sd = discrimination = efficiency = None
    variance = 0.0
    choice_r: list[float | None] = [None] * m
    if n:
        mean_x = math.fsum(x) / n
        rest = [t - v for t, v in zip(totals, x, strict=True)]
        mean_r = math.fsum(rest) / n
        dr = [v - mean_r for v in rest]
        for learner, selected in enumerate(picked):
            for c in set(selected) if len(selected) > 1 else selected:
                counts[c] += 1
                rests[c].append(dr[learner])
        if item.max_mark > 0:
            facility = mean_x / item.max_mark
        if n >= 2:
            dx = [v - mean_x for v in x]
            variance = _zero(math.fsum(d * d for d in dx) / (n - 1))
            var_r = _zero(math.fsum(d * d for d in dr) / (n - 1))
            cov = math.fsum(a * b for a, b in zip(dx, dr, strict=True)) / (n - 1)
            covmax = _zero(
                math.fsum(a * b for a, b in zip(sorted(dx), sorted(dr), strict=True)) / (n - 1)
            )
            if item.max_mark > 0:
                sd = math.sqrt(variance) / item.max_mark
            discrimination = _correlation(cov, variance, var_r)
            if covmax > 0.0:
                efficiency = min(1.0, cov / covmax)
            sum_dr = math.fsum(dr)  # 0 but for rounding
            for c in range(m):
                count = counts[c]
                share = count / n
                # cov(chose, rest) = Σ (chose_l - share)(dr_l) / (n-1); var(chose) is binomial.
                cov_c = (math.fsum(rests[c]) - share * sum_dr) / (n - 1)
                var_c = count * (n - count) / (n * (n - 1))
                choice_r[c] = _correlation(cov_c, var_c, var_r)
    choices = tuple(
        ChoiceStats(
            text=choice.text,
            correct=choice.correct,
            count=counts[c],
            share=counts[c] / n if n else 0.0,
            discrimination=choice_r[c],
        )
        for c, choice in enumerate(item.choices)
    )
    stats = QuestionStats(
        position=item.position,
        question_key=item.question_key,
        prompt=item.prompt,
        fact=item.fact,
        learners=n,
        facility=facility,
        sd=sd,
        discrimination=discrimination,
        efficiency=efficiency,
        choices=choices,
        flags=_flags(n, facility, discrimination, choices),
    )
    return stats, variance


# -- flags ----------------------------------------------------------------------------------


def _quote(text: str) -> str:
    """A choice's text fit to quote in a flag: on one line, at most ``FLAG_TEXT_CHARS``."""
    text = " ".join(text.split())
    if len(text) > FLAG_TEXT_CHARS:
        text = text[: FLAG_TEXT_CHARS - 1].rstrip() + "…"
    return text


def flag_check_the_key(text: str) -> str:
    """The flag for a wrong choice that the strongest learners chose."""
    return f'a wrong choice attracts the strongest learners: check the key ("{_quote(text)}")'


def flag_unchosen_distractor(text: str) -> str:
    """The flag for a wrong choice nobody chose."""
    return f'no one chose the distractor "{_quote(text)}"'


def _flags(
    learners: int,
    facility: float | None,
    discrimination: float | None,
    choices: Sequence[ChoiceStats],
) -> tuple[str, ...]:
    """The warnings a teacher reads next to a question, most telling first.

    ``facility`` is None when the question has no learners or a maximum mark of 0, so the
    "too easy / too hard" flags need both. The others need ``FLAG_MIN_LEARNERS``.
    """
    flags: list[str] = []
    if facility is not None:
        if facility >= EASY_AT:
            flags.append(FLAG_TOO_EASY)
        elif facility <= HARD_AT:
            flags.append(FLAG_TOO_HARD)
    if learners < FLAG_MIN_LEARNERS:
        return tuple(flags)
    if discrimination is not None and discrimination < 0:
        flags.append(FLAG_NEGATIVE_DISCRIMINATION)
    right = [c.discrimination for c in choices if c.correct and c.discrimination is not None]
    best_right = max(right, default=-math.inf)
    for choice in choices:
        if (
            not choice.correct
            and choice.count >= MISKEY_MIN_COUNT
            and choice.discrimination is not None
            and choice.discrimination > MISKEY_DISCRIMINATION
            and choice.discrimination > best_right
        ):
            flags.append(flag_check_the_key(choice.text))
    flags.extend(
        flag_unchosen_distractor(c.text) for c in choices if not c.correct and c.count == 0
    )
    return tuple(flags)


# -- the test -------------------------------------------------------------------------------


def _test(
    totals: Sequence[float], variances: Sequence[float], k: int, max_score: float
) -> TestStats:
    n = len(totals)
    mean = median = sd = alpha = sem = None
    if n:
        mean = math.fsum(totals) / n
        median = float(statistics.median(totals))
    if n >= 2 and mean is not None:
        var_total = _zero(math.fsum((t - mean) ** 2 for t in totals) / (n - 1))
        sd = math.sqrt(var_total)
        if k >= 2 and var_total > 0.0:
            alpha = k / (k - 1) * (1.0 - math.fsum(variances) / var_total)
            if alpha <= 1.0:
                sem = sd * math.sqrt(1.0 - alpha)
    return TestStats(
        learners=n,
        questions=k,
        max_score=max_score,
        mean=mean,
        median=median,
        sd=sd,
        alpha=alpha,
        sem=sem,
        histogram=_histogram(totals, max_score),
        indicative=n < INDICATIVE_BELOW,
    )


def _histogram(totals: Sequence[float], max_score: float) -> tuple[HistogramBin, ...]:
    """Ten bins of 10 percentage points; the last, 90-100, includes 100."""
    width = 100.0 / HISTOGRAM_BINS
    counts = [0] * HISTOGRAM_BINS
    for total in totals:
        percent = total * 100.0 / max_score if max_score > 0 else 0.0
        percent = min(100.0, max(0.0, round(percent, 9)))  # 69.99999999999999 is 70
        counts[min(HISTOGRAM_BINS - 1, int(percent // width))] += 1
    return tuple(
        HistogramBin(low=b * width, high=(b + 1) * width, count=count)
        for b, count in enumerate(counts)
    )
