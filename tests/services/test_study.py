"""Study mode through the service layer, on SQLite and PostgreSQL, with an injected clock."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import fsrs
import pytest

from quizapp.core.marking import Marking
from quizapp.core.quiz import Mode
from quizapp.core.study import OPTIMISE_MIN_REVIEWS, StudyDay
from quizapp.services import Bank, ServiceError, packs, study
from quizapp.services import quiz as quiz_service
from quizapp.services.quiz import QuizSession

from ..helpers import FakeClock, facts_pack, import_text

UTC_DAYS = StudyDay(timedelta(0))  # study days start at 04:00 UTC in these tests


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 9, 0, 0))


@pytest.fixture
def facts(bank: Bank, tmp_path: Path) -> Bank:
    import_text(bank, tmp_path, facts_pack(3, variants=2, loose=1))
    return bank


def session(bank: Bank, clock: FakeClock, **kwargs: Any) -> QuizSession:
    return study.start(bank, "Ada", "facts", clock=clock, day=UTC_DAYS, **kwargs)


def answer(s: QuizSession, right: dict[str, bool] | None = None, certainty: int | None = None):
    """Answer every question (right unless ``right`` says otherwise, by unit); the keys asked."""
    asked = []
    assert s.after_answer is not None  # a study session: each answer is a review
    while s.current is not None:
        q = s.current
        unit = f"fact:{q.fact}" if q.fact else f"question:{q.key}"
        ok = (right or {}).get(unit, True)
        s.choose(q.correct_index if ok else 1 - q.correct_index, certainty)
        asked.append(q.key)
        clock_step(s)
        if s.next() is None:
            break
    s.finish()
    return asked


def clock_step(s: QuizSession) -> None:
    clock = s.run.clock
    if isinstance(clock, FakeClock):
        clock.advance(5)


def cards(bank: Bank) -> dict[str, Any]:
    with bank.read() as db:
        from quizapp.bank import study as rows

        learner = db.value("SELECT id FROM learners WHERE name = 'Ada'")
        return {c.unit: c for c in rows.cards(db, learner)}


def figures(bank: Bank, clock: FakeClock) -> Any:
    return study.status(bank, "Ada", clock=clock, day=UTC_DAYS).packs[0].figures


def test_a_first_session_asks_every_new_fact_once_through_its_first_question(
    facts: Bank, clock: FakeClock
) -> None:
    s = session(facts, clock)
    assert s.run.mode is Mode.STUDY
    assert [q.key for q in s.run.questions] == ["f1-v1", "f2-v1", "f3-v1", "loose1"]
    asked = answer(s)
    assert asked == ["f1-v1", "f2-v1", "f3-v1", "loose1"]
    assert set(cards(facts)) == {"fact:f1", "fact:f2", "fact:f3", "question:loose1"}
    # Practice-like: every answer was checked at once, and the attempt is in the history.
    assert s.results().attempt.mode is Mode.STUDY


def test_due_dates_are_those_fsrs_gives_for_the_same_reviews_over_simulated_days(
    facts: Bank, clock: FakeClock
) -> None:
    """Two weeks of studying every morning; f2 is answered wrongly on the first two days."""
    scheduler = fsrs.Scheduler(desired_retention=0.9, enable_fuzzing=False)
    direct: dict[str, fsrs.Card] = {}
    for day in range(14):
        clock.now = datetime(2026, 3, 2, 9, 0) + timedelta(days=day)
        try:
            s = session(facts, clock)
        except study.NothingToStudy:
            continue
        while s.current is not None:
            q = s.current
            unit = f"fact:{q.fact}" if q.fact else f"question:{q.key}"
            right = not (unit == "fact:f2" and day < 2)
            when = clock()
            s.choose(q.correct_index if right else 1 - q.correct_index)
            start = when.replace(tzinfo=UTC)
            card = direct.get(unit) or fsrs.Card(card_id=len(direct) + 1, due=start)
            rating = fsrs.Rating.Good if right else fsrs.Rating.Again
            direct[unit], _ = scheduler.review_card(card, rating, when.replace(tzinfo=UTC))
            clock.advance(5)
            if s.next() is None:
                break
        s.finish()
    ours = cards(facts)
    assert set(ours) == set(direct)
    for unit, card in direct.items():
        assert ours[unit].due == card.due.replace(tzinfo=None), unit
        assert ours[unit].stability == pytest.approx(card.stability)
        assert ours[unit].difficulty == pytest.approx(card.difficulty)
        assert int(ours[unit].state) == int(card.state)
    # f2 lapsed, so it is due sooner than the facts answered right every time.
    assert ours["fact:f2"].due < ours["fact:f1"].due


def test_the_next_review_of_a_fact_asks_its_other_question(facts: Bank, clock: FakeClock) -> None:
    asked_per_day = []
    for day in range(40):
        clock.now = datetime(2026, 3, 2, 9, 0) + timedelta(days=day)
        try:
            s = session(facts, clock)
        except study.NothingToStudy:
            continue
        asked_per_day.append([k for k in answer(s) if k.startswith("f1-")])
    f1 = [keys[0] for keys in asked_per_day if keys]
    assert len(f1) >= 3
    assert all(a != b for a, b in itertools.pairwise(f1)), f1  # v1, v2, v1, ...
    assert set(f1) == {"f1-v1", "f1-v2"}


def test_on_the_same_day_a_fact_comes_back_through_the_same_question(
    facts: Bank, clock: FakeClock
) -> None:
    """The other variants wait until the next day: a fact missed at 9:00 is asked again
    (its learning step) at 9:20 through the same question, and the next day through another."""
    answer(session(facts, clock), right={"fact:f1": False})
    clock.now += timedelta(minutes=20)
    assert figures(facts, clock).due_now >= 1
    again = session(facts, clock)
    assert again.run.questions[0].key == "f1-v1"
    answer(again)
    clock.now = datetime(2026, 3, 3, 9, 0)
    nxt = session(facts, clock)
    assert "f1-v2" in [q.key for q in nxt.run.questions]


def test_grades_follow_certainty(facts: Bank, clock: FakeClock) -> None:
    answer(session(facts, clock, marking=Marking.CERTAINTY), certainty=3)
    clock.now = datetime(2026, 3, 2, 9, 30)
    with facts.read() as db:
        ratings = {r[0] for r in db.rows("SELECT rating FROM study_reviews")}
    assert ratings == {4}  # right and sure: Easy
    clock.now = datetime(2026, 4, 20, 9, 0)
    answer(session(facts, clock, marking=Marking.CERTAINTY), certainty=1)
    with facts.read() as db:
        last = db.rows("SELECT rating, certainty FROM study_reviews ORDER BY id DESC LIMIT 4")
    assert set(last) == {(2, 1)}  # right but unsure: Hard


def test_the_daily_limit_of_new_facts(facts: Bank, clock: FakeClock) -> None:
    study.put_settings(facts, "Ada", 0.9, 2)
    assert figures(facts, clock).new == 2
    first = session(facts, clock)
    assert len(first.run.questions) == 2
    answer(first)
    assert figures(facts, clock).new == 0
    # Ten minutes on (FSRS's learning step), the same two come back through the same question.
    clock.now += timedelta(hours=2)
    assert [q.key for q in session(facts, clock).run.questions] == ["f1-v1", "f2-v1"]
    answer(session(facts, clock))
    with pytest.raises(study.NothingToStudy, match="today's new facts are done"):
        session(facts, clock)
    clock.now = datetime(2026, 3, 3, 9, 0)  # a new study day: two more
    assert figures(facts, clock).new == 2
    assert [q.key for q in session(facts, clock).run.questions][-2:] == ["f3-v1", "loose1"]


def test_settings_are_checked_and_kept(facts: Bank) -> None:
    with pytest.raises(ServiceError, match="retention"):
        study.put_settings(facts, "Ada", 0.5, 10)
    with pytest.raises(ServiceError, match="new facts per day"):
        study.put_settings(facts, "Ada", 0.9, -1)
    study.put_settings(facts, "Ada", 0.85, 5)
    kept = study.get_settings(facts, "Ada")
    assert (kept.desired_retention, kept.new_per_day) == (0.85, 5)


def test_the_start_screen_counts_due_and_new_facts_per_pack(facts: Bank, clock: FakeClock) -> None:
    screen = quiz_service.start_screen(facts, "Ada", clock=clock)
    assert screen.study["facts"].new == 4 and screen.study["facts"].due_now == 0
    answer(session(facts, clock), right={"fact:f2": False})
    clock.now = datetime(2026, 3, 5, 9, 0)
    screen = quiz_service.start_screen(facts, "Ada", clock=clock)
    assert screen.study["facts"].due_now == 4
    assert screen.study["facts"].new == 0
    assert "facts" not in screen.stats  # best and last scores are the quizzes' only


def test_a_pack_update_keeps_history_and_a_retired_fact_stops_being_due(
    facts: Bank, clock: FakeClock, tmp_path: Path
) -> None:
    answer(session(facts, clock))
    before = cards(facts)
    # Reworded questions keep their ids: the same cards, the same schedule.
    import_text(facts, tmp_path, facts_pack(3, 2, 1, version="1.1.0", reword="Now: "), "b.toml")
    assert cards(facts) == before
    # f2's questions retired: its card stops being due, but is kept.
    gone = facts_pack(3, 2, 1, version="1.2.0", drop=("f2-v1", "f2-v2"))
    import_text(facts, tmp_path, gone, "c.toml")
    clock.now = datetime(2026, 4, 30, 9, 0)
    assert set(cards(facts)) == {"fact:f1", "fact:f3", "question:loose1"}
    f = figures(facts, clock)
    assert (f.due_now, f.review + f.learning) == (3, 3)
    assert "f2" not in "".join(q.key for q in session(facts, clock).run.questions)
    # The fact comes back: with its history.
    import_text(facts, tmp_path, facts_pack(3, 2, 1, version="1.3.0"), "d.toml")
    assert cards(facts)["fact:f2"] == before["fact:f2"]
    # Removing the pack and adding it again keeps the schedule too.
    packs.remove_pack(facts, "facts")
    assert study.status(facts, "Ada", clock=clock, day=UTC_DAYS).packs == ()
    import_text(facts, tmp_path, facts_pack(3, 2, 1, version="1.3.0"), "e.toml")
    assert cards(facts)["fact:f2"] == before["fact:f2"]


def test_study_status_json(facts: Bank, clock: FakeClock) -> None:
    answer(session(facts, clock), right={"fact:f1": False})
    out = study.status(facts, "Ada", clock=clock, day=UTC_DAYS).as_json()
    assert out["learner"] == "Ada"
    [p] = out["packs"]
    assert set(p) == {"pack", "due_now", "new", "learning", "review", "forecast"}
    assert p["pack"] == "facts"
    assert (p["due_now"], p["new"], p["learning"], p["review"]) == (0, 0, 4, 0)
    assert len(p["forecast"]) == 30
    # New facts are learnt in steps: all four come back today (f1 in a minute, the rest in 10).
    assert p["forecast"][0] == {"date": "2026-03-02", "due": 4}
    assert sum(d["due"] for d in p["forecast"]) == 4
    assert [d["date"] for d in p["forecast"]][:2] == ["2026-03-02", "2026-03-03"]


def test_someone_new_sees_every_fact_as_new(facts: Bank, clock: FakeClock) -> None:
    out = study.status(facts, "Zoe", clock=clock, day=UTC_DAYS).as_json()
    assert out["packs"][0]["new"] == 4 and out["packs"][0]["due_now"] == 0
    s = study.start(facts, "Zoe", "facts", clock=clock, day=UTC_DAYS)
    assert len(s.run.questions) == 4


def test_a_resumed_study_session_still_reviews(facts: Bank, clock: FakeClock) -> None:
    s = session(facts, clock)
    q = s.current
    assert q is not None
    s.choose(q.correct_index)
    resumed = QuizSession.resume(facts, s.run.attempt_id, clock)
    answer(resumed)
    assert len(cards(facts)) == 4


def test_progress_shows_how_well_each_fact_is_known(facts: Bank, clock: FakeClock) -> None:
    fresh = study.progress(facts, "Ada", "facts", clock=clock, day=UTC_DAYS)
    assert [f.retrievability for f in fresh.facts] == [None] * 4
    answer(session(facts, clock, marking=Marking.CERTAINTY), right={"fact:f3": False}, certainty=2)
    clock.now = datetime(2026, 3, 4, 9, 0)
    p = study.progress(facts, "Ada", "facts", clock=clock, day=UTC_DAYS)
    known = {f.unit: f.retrievability for f in p.facts}
    assert set(known) == {"fact:f1", "fact:f2", "fact:f3", "question:loose1"}
    assert all(r is not None and 0 < r <= 1 for r in known.values())
    assert known["fact:f3"] < known["fact:f1"]
    assert p.facts[0].text == "Fact 1 is true."
    assert p.total_reviews == 4
    assert p.reviews_per_day[-3] == (datetime(2026, 3, 2).date(), 4)
    assert p.accuracy == ((datetime(2026, 3, 2).date(), 0.75, 4),)
    assert [(c.level, c.answers, c.right) for c in p.calibration] == [
        (1, 0, 0),
        (2, 4, 3),
        (3, 0, 0),
    ]
    assert len(p.forecast) == 30


def test_optimising_needs_enough_reviews(facts: Bank, clock: FakeClock) -> None:
    answer(session(facts, clock))
    with pytest.raises(ServiceError, match=f"at least {OPTIMISE_MIN_REVIEWS} reviews"):
        study.optimise(facts, "Ada", clock)


def _many_reviews(bank: Bank, clock: FakeClock, n: int) -> None:
    """``n`` logged reviews, spread over the learner's cards (written straight to the bank)."""
    answer(session(bank, clock))
    with bank.transaction() as db:
        card_ids = [r[0] for r in db.rows("SELECT id FROM study_cards ORDER BY id")]
        db.many(
            "INSERT INTO study_reviews (card_id, question_key, rating, outcome, reviewed_at) "
            "VALUES (:card, 'x', 3, 'correct', :at)",
            (
                {"card": card_ids[i % len(card_ids)], "at": clock.now + timedelta(days=i // 4)}
                for i in range(n)
            ),
        )


def test_without_the_optimizer_it_says_how_to_install_it(
    facts: Bank, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    _many_reviews(facts, clock, OPTIMISE_MIN_REVIEWS)
    monkeypatch.setattr(study, "optimiser_installed", lambda: False)
    with pytest.raises(ServiceError, match=r'pip install "fsrs\[optimizer\]"'):
        study.optimise(facts, "Ada", clock)


def test_optimising_keeps_the_weights_and_reschedules_every_card(
    facts: Bank, clock: FakeClock
) -> None:
    _many_reviews(facts, clock, OPTIMISE_MIN_REVIEWS)
    weights = list(fsrs.scheduler.DEFAULT_PARAMETERS)
    weights[0] = weights[1] = weights[2] = weights[3] = 30.0  # remembers for much longer
    seen: list[int] = []

    def fake(logs: list[fsrs.ReviewLog]) -> Any:
        seen.append(len(logs))
        return SimpleNamespace(compute_optimal_parameters=lambda: weights)

    before = cards(facts)
    done = study.optimise(facts, "Ada", clock, make_optimizer=fake)
    assert seen == [OPTIMISE_MIN_REVIEWS + 4]
    assert done.cards == 4
    assert study.get_settings(facts, "Ada").parameters == tuple(weights)
    after = cards(facts)
    assert all(after[u].due != before[u].due for u in before)
