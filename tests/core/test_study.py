"""The rules around the scheduler: grades, which question asks a fact, study days, forecast."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.quiz import Outcome
from quizapp.core.study import Rating, StudyDay, StudySettings, forecast, grade, pick_variant


@pytest.mark.parametrize(
    ("outcome", "certainty", "rating"),
    [
        (Outcome.WRONG, None, Rating.AGAIN),
        (Outcome.WRONG, 3, Rating.AGAIN),
        (Outcome.UNANSWERED, None, Rating.AGAIN),
        (Outcome.PARTIAL, None, Rating.HARD),
        (Outcome.CORRECT, None, Rating.GOOD),
        (Outcome.CORRECT, 2, Rating.GOOD),
        (Outcome.CORRECT, 3, Rating.EASY),
        (Outcome.CORRECT, 1, Rating.HARD),
    ],
)
def test_grades(outcome: Outcome, certainty: int | None, rating: Rating) -> None:
    assert grade(outcome, certainty) is rating


def test_variants_rotate_and_wait_for_the_next_day() -> None:
    keys = ["a", "b", "c"]
    assert pick_variant(keys, None, False) == "a"
    assert pick_variant(keys, "a", False) == "b"
    assert pick_variant(keys, "c", False) == "a"
    assert pick_variant(keys, "b", True) == "b"  # the same day: the same question
    assert pick_variant(keys, "gone", False) == "a"  # its last question was retired
    assert pick_variant(["only"], "only", False) == "only"
    with pytest.raises(ValueError):
        pick_variant([], None, False)


@given(st.lists(st.text(min_size=1), min_size=2, max_size=6, unique=True), st.integers(0, 20))
def test_a_fact_with_several_questions_never_asks_the_same_one_twice_in_a_row(
    keys: list[str], start: int
) -> None:
    last = keys[start % len(keys)]
    for _ in range(len(keys) * 2):
        nxt = pick_variant(keys, last, False)
        assert nxt != last
        last = nxt


def test_study_days_start_at_four_in_the_morning_local_time() -> None:
    paris = StudyDay(timedelta(hours=1))
    assert paris.of(datetime(2026, 3, 2, 2, 59)) == date(2026, 3, 1)  # 03:59 in Paris
    assert paris.of(datetime(2026, 3, 2, 3, 0)) == date(2026, 3, 2)  # 04:00 in Paris
    assert paris.start(date(2026, 3, 2)) == datetime(2026, 3, 2, 3, 0)
    assert paris.end(date(2026, 3, 2)) == datetime(2026, 3, 3, 3, 0)
    assert paris.same(datetime(2026, 3, 2, 3, 0), datetime(2026, 3, 3, 2, 59))
    assert not paris.same(None, datetime(2026, 3, 3))


def test_the_forecast_puts_overdue_facts_on_today() -> None:
    day = StudyDay()
    now = datetime(2026, 3, 2, 9, 0)
    dues = [now - timedelta(days=3), now, now + timedelta(days=1), now + timedelta(days=40)]
    out = forecast(dues, now, day, days=3)
    assert out == [(date(2026, 3, 2), 2), (date(2026, 3, 3), 1), (date(2026, 3, 4), 0)]


def test_settings_are_bounded() -> None:
    StudySettings(0.9, 20)
    with pytest.raises(ValueError, match="retention"):
        StudySettings(0.5, 20)
    with pytest.raises(ValueError, match="per day"):
        StudySettings(0.9, 1000)
