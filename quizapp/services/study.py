"""Study mode: FSRS scheduling of facts, the due queue, status, progress and the optimiser.

The scheduler is the ``fsrs`` package (MIT), imported only here and only when something is
studied or shown (never by the start screen, whose counts are plain SQL in ``bank.study``).
``schedule`` is the one place a review is given to FSRS. Fuzzing is off: the same reviews
always give the same due dates (a test replays them through ``fsrs`` directly).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from quizapp.bank import attempts, packs, questions
from quizapp.bank import study as rows
from quizapp.bank.database import Bank
from quizapp.bank.engine import Db
from quizapp.core.marking import CERTAINTY_RIGHT, CERTAINTY_WRONG, Marking, calibration
from quizapp.core.quiz import (
    Answer,
    AttemptKind,
    Clock,
    Mode,
    Outcome,
    QuizQuestion,
    system_clock,
)
from quizapp.core.study import (
    FORECAST_DAYS,
    OPTIMISE_MIN_REVIEWS,
    SESSION_LIMIT,
    CardState,
    FactProgress,
    PackStudy,
    Progress,
    Rating,
    Review,
    Scheduled,
    StudyCard,
    StudyDay,
    StudySettings,
    forecast,
    grade,
    pick_variant,
)
from quizapp.core.summaries import Learner
from quizapp.services import PackNotFound, ServiceError

if TYPE_CHECKING:
    import fsrs

    from quizapp.services.quiz import QuizSession

OPTIMISER_MISSING = (
    "Optimising needs FSRS's optimizer, which is not installed. Install it with: "
    'pip install "fsrs[optimizer]" (it brings PyTorch, about 1 GB), then try again.'
)


class NothingToStudy(ServiceError):
    """No fact of the pack is due now and no new one is left for today."""


def study_day(now: datetime | None = None) -> StudyDay:
    """Study days on this computer: they start at 04:00 local time."""
    stamp = time.time() if now is None else now.replace(tzinfo=UTC).timestamp()
    return StudyDay(timedelta(seconds=time.localtime(stamp).tm_gmtoff))


# -- FSRS ----------------------------------------------------------------------------------------


def scheduler(settings: StudySettings) -> fsrs.Scheduler:
    """FSRS with the learner's retention and (once optimised) weights; no fuzzing."""
    import fsrs

    if settings.parameters is None:
        return fsrs.Scheduler(desired_retention=settings.desired_retention, enable_fuzzing=False)
    return fsrs.Scheduler(
        parameters=settings.parameters,
        desired_retention=settings.desired_retention,
        enable_fuzzing=False,
    )


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def to_fsrs(card: StudyCard | None, card_id: int = 0) -> fsrs.Card:
    """Our card as fsrs's (None: a new card, due now)."""
    import fsrs

    if card is None:
        return fsrs.Card(card_id=card_id, due=datetime(2000, 1, 1, tzinfo=UTC))
    return fsrs.Card(
        card_id=card.id,
        state=fsrs.State(int(card.state)),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=_aware(card.due),
        last_review=None if card.last_review is None else _aware(card.last_review),
    )


def _scheduled(card: fsrs.Card) -> Scheduled:
    assert card.last_review is not None
    return Scheduled(
        state=CardState(int(card.state)),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=_naive(card.due),
        last_review=_naive(card.last_review),
    )


def schedule(
    settings: StudySettings, card: StudyCard | None, rating: Rating, when: datetime
) -> Scheduled:
    """The card's state after a review with ``rating`` at ``when`` (UTC, no zone)."""
    import fsrs

    done, _ = scheduler(settings).review_card(to_fsrs(card), fsrs.Rating(int(rating)), _aware(when))
    return _scheduled(done)


def retrievability(settings: StudySettings, card: StudyCard, now: datetime) -> float:
    """FSRS's chance that the learner recalls the fact at ``now``."""
    return float(scheduler(settings).get_card_retrievability(to_fsrs(card), _aware(now)))


# -- the learner --------------------------------------------------------------------------------


def _learner(db: Db, bank: Bank, name: str) -> Learner | None:
    from quizapp.services.quiz import QuizSession

    found = QuizSession._learner(db, bank, name)
    return found if found.id else None


def get_settings(bank: Bank, learner: str) -> StudySettings:
    """The learner's study settings (the defaults for someone new)."""
    with bank.read() as db:
        found = _learner(db, bank, learner)
        return StudySettings() if found is None else rows.get_settings(db, found.id)


def put_settings(
    bank: Bank, learner: str, desired_retention: float, new_per_day: int
) -> StudySettings:
    """Change the learner's desired retention and daily limit of new facts."""
    try:
        StudySettings(desired_retention, new_per_day)
    except ValueError as error:
        raise ServiceError(str(error)) from None
    from quizapp.services.quiz import QuizSession

    with bank.transaction() as db:
        person = QuizSession._added(db, QuizSession._learner(db, bank, learner), system_clock())
        kept = rows.get_settings(db, person.id)
        changed = replace(kept, desired_retention=desired_retention, new_per_day=new_per_day)
        rows.put_settings(db, person.id, changed)
        return changed


# -- the start screen and `study status` ---------------------------------------------------------


def figures(
    db: Db,
    learner_id: int,
    pack_units: dict[str, int],
    now: datetime,
    day: StudyDay,
    states: bool = False,
) -> dict[str, PackStudy]:
    """Due and new facts per pack (plain SQL: the start screen calls this, without fsrs);
    with ``states``, also how many are learning and in review."""
    settings = rows.get_settings(db, learner_id)
    today = day.of(now)
    return rows.pack_figures(
        db, learner_id, pack_units, now, day.start(today), day.end(today),
        settings.new_per_day, states,
    )  # fmt: skip


def _horizon(now: datetime, day: StudyDay) -> datetime:
    """The end of the forecast's last study day."""
    return day.end(day.of(now) + timedelta(days=FORECAST_DAYS - 1))


@dataclass(frozen=True, slots=True)
class PackStatus:
    """One pack in `quizapp study status`."""

    pack: str
    title: str
    figures: PackStudy
    forecast: tuple[tuple[date, int], ...]


@dataclass(frozen=True, slots=True)
class StudyStatus:
    learner: str
    packs: tuple[PackStatus, ...]

    def as_json(self) -> dict[str, Any]:
        """The shape `study status --json` prints (documented in docs/study.md)."""
        return {
            "learner": self.learner,
            "packs": [
                {
                    "pack": p.pack,
                    "due_now": p.figures.due_now,
                    "new": p.figures.new,
                    "learning": p.figures.learning,
                    "review": p.figures.review,
                    "forecast": [{"date": d.isoformat(), "due": n} for d, n in p.forecast],
                }
                for p in self.packs
            ],
        }


def status(
    bank: Bank, learner: str, clock: Clock = system_clock, day: StudyDay | None = None
) -> StudyStatus:
    """Per pack: due now, new today, learning, review, and the 30-day forecast."""
    now = clock()
    day = day or study_day(now)
    with bank.read() as db:
        pack_list = packs.list_packs(db)
        found = _learner(db, bank, learner)
        name = found.name if found else " ".join(learner.split())
        if found is None:
            new = {p.id: min(p.study_units, StudySettings().new_per_day) for p in pack_list}
            return StudyStatus(
                name,
                tuple(
                    PackStatus(
                        p.id, p.title, PackStudy(p.id, new=new[p.id], unstudied=p.study_units),
                        tuple(forecast((), now, day)),
                    )
                    for p in pack_list
                ),
            )  # fmt: skip
        units = {p.id: p.study_units for p in pack_list}
        counts = figures(db, found.id, units, now, day, states=True)
        dues: dict[str, list[datetime]] = {}
        for pack_id, due in rows.dues_before(db, found.id, list(units), _horizon(now, day)):
            dues.setdefault(pack_id, []).append(due)
    return StudyStatus(
        name,
        tuple(
            PackStatus(p.id, p.title, counts[p.id], tuple(forecast(dues.get(p.id, ()), now, day)))
            for p in pack_list
        ),
    )


def coming_back(
    bank: Bank, learner: str, pack_id: str, clock: Clock = system_clock, day: StudyDay | None = None
) -> str:
    """After a study session: when its facts come back, in one sentence."""
    now = clock()
    day = day or study_day(now)
    with bank.read() as db:
        found = _learner(db, bank, learner)
        if found is None:
            return ""
        dues = [d for _, d in rows.dues_before(db, found.id, [pack_id], _horizon(now, day))]
        # Only when nothing is due within the forecast: when is the next one?
        following = None if dues else rows.next_due(db, found.id, pack_id)
    if not dues and following is None:
        return ""
    days = forecast(dues, now, day)
    parts = []
    if days[0][1]:
        parts.append(f"{days[0][1]} later today (to fix what is still new or was missed)")
    if days[1][1]:
        parts.append(f"{days[1][1]} tomorrow")
    rest = sum(n for _, n in days[2:])
    if rest:
        parts.append(f"{rest} more in the next {FORECAST_DAYS} days")
    if following is not None:
        return f"Saved to your schedule. Next review: {day.of(following):%-d %B %Y}."
    return "Saved to your schedule. Coming back: " + ", ".join(parts) + "."


# -- a study session -----------------------------------------------------------------------------


def queue(
    db: Db, learner_id: int, pack_id: str, now: datetime, day: StudyDay, limit: int = SESSION_LIMIT
) -> list[tuple[str, int, str, StudyCard | None]]:
    """What a study session asks: (unit, question row id, question key, card or None if new).

    The facts due now first (the longest overdue first), then new ones in pack order up to
    the daily limit; each through the question ``pick_variant`` chooses.
    """
    summary = packs.summary(db, pack_id)
    if summary is None:
        raise PackNotFound(pack_id)
    due = rows.due_cards(db, learner_id, pack_id, now, limit)
    allowed = figures(db, learner_id, {pack_id: summary.study_units}, now, day)[pack_id].new
    new = rows.new_units(db, learner_id, pack_id, min(allowed, limit - len(due)))
    asked = rows.variants(db, pack_id, [c.unit for c in due] + new)
    chosen: list[tuple[str, int, str, StudyCard | None]] = []
    items: list[tuple[str, StudyCard | None]] = [(c.unit, c) for c in due]
    items += [(u, None) for u in new]
    for unit, card in items:
        options = asked.get(unit) or []
        if not options:
            continue
        keys = [k for _, k in options]
        last = None if card is None else card.last_question
        same_day = card is not None and day.same(card.last_review, now)
        key = pick_variant(keys, last, same_day)
        chosen.append((unit, dict((k, i) for i, k in options)[key], key, card))
    return chosen


def start(
    bank: Bank,
    learner: str,
    pack_id: str,
    clock: Clock = system_clock,
    marking: Marking = Marking.STANDARD,
    seed: int | None = None,
    day: StudyDay | None = None,
) -> QuizSession:
    """A study session on ``pack_id``: feedback after each answer, each answer reviewed."""
    from quizapp.services.quiz import QuizSession, _draw, _header

    if marking is Marking.PENALTY:
        marking = Marking.STANDARD  # a penalty says nothing of how well a fact is known
    rng = random.Random(seed)
    now = clock()
    day = day or study_day(now)
    with bank.transaction() as db:
        person = QuizSession._learner(db, bank, learner)
        header = _header(db, pack_id)
        items = queue(db, person.id, pack_id, now, day) if person.id else []
        if not person.id:  # new here: only new facts
            found = packs.summary(db, pack_id)
            allowed = min(StudySettings().new_per_day, SESSION_LIMIT)
            fresh = rows.new_units(db, 0, pack_id, allowed) if found else []
            asked = rows.variants(db, pack_id, fresh)
            items = [(u, asked[u][0][0], asked[u][0][1], None) for u in fresh if asked[u]]
        if not items:
            raise NothingToStudy(_nothing_left(db, person, pack_id, now, day))
        ids = [qid for _, qid, _, _ in items]
        drawn = _draw(questions.by_ids(db, ids), ids, True, rng)
        units = [u for u, _, _, _ in items]
        study_settings = {"study": True, "units": units, "seed": seed}
        session = QuizSession._begin(
            db, bank, person, header, Mode.STUDY, AttemptKind.QUIZ, study_settings, None, drawn,
            clock, marking,
        )  # fmt: skip
    attach(session, units)
    return session


def _nothing_left(db: Db, person: Learner, pack_id: str, now: datetime, day: StudyDay) -> str:
    nxt = rows.next_due(db, person.id, pack_id) if person.id else None
    if nxt is None:
        return "this pack has nothing to study yet"
    when = "later today" if day.of(nxt) == day.of(now) else f"on {day.of(nxt):%-d %B}"
    return (
        f"nothing is due now and today's new facts are done; the next fact is due {when} "
        "(raise the daily limit of new facts in Study settings to learn more today)"
    )


def attach(session: QuizSession, units: Sequence[str]) -> None:
    """Make each answer of ``session`` a review of the fact it asked (its unit)."""
    session.after_answer = _reviewer(session.pack_id, list(units))


def _reviewer(
    pack_id: str, units: list[str]
) -> Callable[[Db, int, QuizQuestion, Answer, datetime], None]:
    def review(
        db: Db, attempt_id: int, question: QuizQuestion, answer: Answer, when: datetime
    ) -> None:
        learner_id = attempts.learner_of(db, attempt_id)
        if question.position < len(units) and learner_id is not None:
            record(db, learner_id, pack_id, units[question.position], question.key, answer,
                   attempt_id, when)  # fmt: skip

    return review


def record(
    db: Db,
    learner_id: int,
    pack_id: str,
    unit: str,
    question_key: str,
    answer: Answer,
    attempt_id: int | None,
    when: datetime,
) -> Scheduled:
    """Review the unit's card with the rating the answer gives, and log it."""
    settings = rows.get_settings(db, learner_id)
    before = rows.card(db, learner_id, pack_id, unit)
    rating = grade(answer.outcome, answer.certainty)
    after = schedule(settings, before, rating, when)
    card_id = rows.save_card(db, learner_id, pack_id, unit, before, after, question_key, rating)
    outcome = answer.outcome
    rows.log_review(
        db,
        Review(card_id, pack_id, unit, question_key, rating, outcome, answer.certainty, when,
               round(answer.seconds * 1000) if answer.seconds else None),
        attempt_id,
    )  # fmt: skip
    return after


# -- progress ------------------------------------------------------------------------------------


def progress(
    bank: Bank,
    learner: str,
    pack_id: str | None = None,
    clock: Clock = system_clock,
    day: StudyDay | None = None,
) -> Progress:
    """What the progress screen shows: how well each fact is known now, reviews per day, the
    forecast, accuracy per week and calibration (one pack, or every pack)."""
    now = clock()
    day = day or study_day(now)
    today = day.of(now)
    with bank.read() as db:
        found = _learner(db, bank, learner)
        name = found.name if found else " ".join(learner.split())
        units = rows.unit_texts(db, pack_id) if pack_id is not None else []
        settings = rows.get_settings(db, found.id) if found else StudySettings()
        cards = rows.cards(db, found.id, pack_id) if found and pack_id is not None else []
        if pack_id is not None:
            dues = [c.due for c in cards]  # forecast() keeps those of the next 30 days
        elif found:
            dues = [d for _, d in rows.dues_before(db, found.id, None, _horizon(now, day))]
        else:
            dues = []
        logged = rows.reviews(db, found.id, pack_id) if found else []
    by_unit = {c.unit: c for c in cards}
    per_card = Counter(r.card_id for r in logged)
    fsrs_scheduler = scheduler(settings) if cards else None
    facts: list[FactProgress] = []
    for unit, text, _ in units:
        card = by_unit.get(unit)
        if card is None or fsrs_scheduler is None:
            facts.append(FactProgress(unit, text, None, None, None, 0))
            continue
        known = float(fsrs_scheduler.get_card_retrievability(to_fsrs(card), _aware(now)))
        facts.append(FactProgress(unit, text, known, card.state, card.due, per_card[card.id]))
    days = Counter(day.of(r.reviewed_at) for r in logged)
    first = today - timedelta(days=29)
    per_day = tuple((first + timedelta(days=i), days[first + timedelta(days=i)]) for i in range(30))
    weeks: dict[date, list[int]] = {}
    for r in logged:
        d = day.of(r.reviewed_at)
        week = d - timedelta(days=d.weekday())
        weeks.setdefault(week, [0, 0])[0] += int(r.outcome is Outcome.CORRECT)
        weeks[week][1] += 1
    sure = [(r.certainty, r.outcome is Outcome.CORRECT) for r in logged if r.certainty]
    judged = calibration(
        (c, right, float(CERTAINTY_RIGHT[c] if right else CERTAINTY_WRONG[c])) for c, right in sure
    )
    return Progress(
        learner=name,
        pack_id=pack_id,
        facts=tuple(facts),
        reviews_per_day=per_day,
        forecast=tuple(forecast(dues, now, day, FORECAST_DAYS)),
        accuracy=tuple((w, right / n, n) for w, (right, n) in sorted(weeks.items())),
        calibration=tuple(judged) if sure else (),
        total_reviews=len(logged),
    )


# -- Optimise my schedule ------------------------------------------------------------------------


def optimiser_installed() -> bool:
    """Whether fsrs's optimizer (``fsrs[optimizer]``: PyTorch) can run here."""
    import importlib.util

    return importlib.util.find_spec("torch") is not None


@dataclass(frozen=True, slots=True)
class Optimised:
    reviews: int
    cards: int
    parameters: tuple[float, ...]


def optimise(
    bank: Bank,
    learner: str,
    clock: Clock = system_clock,
    make_optimizer: Callable[[list[Any]], Any] | None = None,
) -> Optimised:
    """Fit FSRS's weights to the learner's own reviews and reschedule every card with them.

    ``make_optimizer``: given fsrs ReviewLogs, an object with ``compute_optimal_parameters()``
    (default: ``fsrs.Optimizer``; tests pass their own).
    """
    import fsrs

    with bank.read() as db:
        found = _learner(db, bank, learner)
        logged = rows.reviews(db, found.id) if found else []
    if found is None or len(logged) < OPTIMISE_MIN_REVIEWS:
        raise ServiceError(
            f"optimising needs at least {OPTIMISE_MIN_REVIEWS} reviews to learn from; "
            f"{len(logged)} so far: keep studying and try again later"
        )
    if make_optimizer is None:
        if not optimiser_installed():
            raise ServiceError(OPTIMISER_MISSING)
        from fsrs.optimizer import Optimizer

        make_optimizer = Optimizer
    logs = [
        fsrs.ReviewLog(r.card_id, fsrs.Rating(int(r.rating)), _aware(r.reviewed_at), r.duration_ms)
        for r in logged
    ]
    weights = tuple(float(w) for w in make_optimizer(logs).compute_optimal_parameters())
    with bank.transaction() as db:
        settings = replace(rows.get_settings(db, found.id), parameters=weights,
                           optimised_at=clock())  # fmt: skip
        try:
            fitted = scheduler(settings)
        except ValueError as error:
            raise ServiceError(f"the optimiser gave weights FSRS refuses: {error}") from None
        rows.put_settings(db, found.id, settings)
        history: dict[int, list[Any]] = {}
        for log in logs:
            history.setdefault(log.card_id, []).append(log)
        changed = []
        for card in rows.cards(db, found.id):
            if card.id in history:
                redone = fitted.reschedule_card(to_fsrs(card), history[card.id])
                changed.append((card.id, _scheduled(redone)))
        rows.reschedule(db, changed)
    return Optimised(len(logs), len(changed), weights)
