"""Study: ``study_units``, ``study_cards``, ``study_reviews`` and ``study_settings``.

A *unit* is what a pack can be studied as: each fact with at least one active question
(``fact:KEY``), and each active question without a fact (``question:KEY``). Every pack import
rewrites the pack's units (``sync_units``); units it no longer has stay, not live, so a
learner's card for a retired fact stops being due and keeps its history, and comes back if
the fact does. Cards are keyed by learner, pack id and unit, never by row ids: a reworded
question, a pack update, or removing and adding the pack again keep every schedule.

Counting due facts for the start screen reads the learner's cards once and subtracts those
on units that are no longer live (few), instead of checking every card.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from quizapp.bank.engine import Db, as_datetime, chunks
from quizapp.core.quiz import Outcome
from quizapp.core.study import (
    FACT_UNIT,
    QUESTION_UNIT,
    CardState,
    PackStudy,
    Rating,
    Review,
    Scheduled,
    StudyCard,
    StudySettings,
)

# -- units (written by every pack import) ------------------------------------------------------


def sync_units(db: Db, pack_id: str) -> int:
    """Rewrite the pack's units from its active questions; how many are live."""
    params = {"pack": pack_id}
    db.run("UPDATE study_units SET live = FALSE WHERE pack_id = :pack AND live = TRUE", params)
    db.run(
        "INSERT INTO study_units (pack_id, unit, position, live) "
        "SELECT pack_id, unit, position, TRUE FROM ("
        f"SELECT f.pack_id AS pack_id, '{FACT_UNIT}' || f.key AS unit, "
        "min(q.position) AS position FROM facts f JOIN questions q ON q.fact_id = f.id "
        "WHERE f.pack_id = :pack AND q.retired = FALSE GROUP BY f.pack_id, f.key "
        f"UNION ALL SELECT q.pack_id, '{QUESTION_UNIT}' || q.key, q.position FROM questions q "
        "WHERE q.pack_id = :pack AND q.fact_id IS NULL AND q.retired = FALSE"
        ") AS found WHERE TRUE "
        "ON CONFLICT (pack_id, unit) DO UPDATE SET live = TRUE, position = excluded.position",
        params,
    )
    return int(
        db.value("SELECT count(*) FROM study_units WHERE pack_id = :pack AND live = TRUE", params)
        or 0
    )


def retire_units(db: Db, pack_id: str) -> None:
    """The pack is being removed: nothing of it is due any more (the cards stay)."""
    db.run("UPDATE study_units SET live = FALSE WHERE pack_id = :pack", {"pack": pack_id})


def new_units(db: Db, learner_id: int, pack_id: str, limit: int) -> list[str]:
    """Live units of the pack the learner has no card for, in pack order."""
    if limit <= 0:
        return []
    return [
        r[0]
        for r in db.rows(
            "SELECT u.unit FROM study_units u WHERE u.pack_id = :pack AND u.live = TRUE "
            "AND NOT EXISTS (SELECT 1 FROM study_cards c WHERE c.learner_id = :learner "
            "AND c.pack_id = u.pack_id AND c.unit = u.unit) "
            "ORDER BY u.position, u.unit LIMIT :limit",
            {"pack": pack_id, "learner": learner_id, "limit": limit},
        )
    ]


def variants(db: Db, pack_id: str, units: Sequence[str]) -> dict[str, list[tuple[int, str]]]:
    """The active questions (row id, key) that can ask each unit, in pack order."""
    found: dict[str, list[tuple[int, str]]] = {u: [] for u in units}
    facts = [u.removeprefix(FACT_UNIT) for u in units if u.startswith(FACT_UNIT)]
    alone = [u.removeprefix(QUESTION_UNIT) for u in units if u.startswith(QUESTION_UNIT)]
    for chunk in chunks(facts):
        for fact_key, qid, key in db.rows(
            "SELECT f.key, q.id, q.key FROM facts f JOIN questions q ON q.fact_id = f.id "
            "WHERE f.pack_id = :pack AND f.key IN (:keys) AND q.retired = FALSE "
            "ORDER BY q.position",
            {"pack": pack_id, "keys": list(chunk)},
        ):
            found[FACT_UNIT + fact_key].append((int(qid), key))
    for chunk in chunks(alone):
        for qid, key in db.rows(
            "SELECT id, key FROM questions WHERE pack_id = :pack AND key IN (:keys) "
            "AND fact_id IS NULL AND retired = FALSE",
            {"pack": pack_id, "keys": list(chunk)},
        ):
            found[QUESTION_UNIT + key].append((int(qid), key))
    return found


def unit_texts(db: Db, pack_id: str) -> list[tuple[str, str, int]]:
    """Every live unit of the pack: (unit, the fact's statement or the question's prompt,
    position), in pack order."""
    # Three reads by pack id, joined here: joining on 'fact:' || key cannot use an index.
    texts = {
        FACT_UNIT + str(key): str(statement)
        for key, statement in db.rows(
            "SELECT key, statement FROM facts WHERE pack_id = :pack", {"pack": pack_id}
        )
    }
    for key, prompt in db.rows(
        "SELECT key, prompt FROM questions WHERE pack_id = :pack", {"pack": pack_id}
    ):
        texts.setdefault(QUESTION_UNIT + str(key), str(prompt))
    rows = db.rows(
        "SELECT unit, position FROM study_units WHERE pack_id = :pack AND live = TRUE "
        "ORDER BY position, unit",
        {"pack": pack_id},
    )
    return [(str(u), texts.get(str(u), ""), int(pos)) for u, pos in rows]


# -- cards ----------------------------------------------------------------------------------

_CARD = (
    "SELECT c.id, c.learner_id, c.pack_id, c.unit, c.state, c.step, c.stability, c.difficulty, "
    "c.due, c.last_review, c.last_question, c.reps, c.lapses FROM study_cards c"
)


def _card(row: Sequence[Any]) -> StudyCard:
    due = as_datetime(row[8])
    assert due is not None
    return StudyCard(
        id=int(row[0]),
        learner_id=int(row[1]),
        pack_id=row[2],
        unit=row[3],
        state=CardState(int(row[4])),
        step=None if row[5] is None else int(row[5]),
        stability=None if row[6] is None else float(row[6]),
        difficulty=None if row[7] is None else float(row[7]),
        due=due,
        last_review=as_datetime(row[9]),
        last_question=row[10],
        reps=int(row[11]),
        lapses=int(row[12]),
    )


def due_cards(db: Db, learner_id: int, pack_id: str, now: datetime, limit: int) -> list[StudyCard]:
    """The learner's live cards of the pack due at ``now``, the longest overdue first."""
    return [
        _card(r)
        for r in db.rows(
            f"{_CARD} JOIN study_units u ON u.pack_id = c.pack_id AND u.unit = c.unit "
            "WHERE c.learner_id = :learner AND c.pack_id = :pack AND c.due <= :now "
            "AND u.live = TRUE ORDER BY c.due, c.id LIMIT :limit",
            {"learner": learner_id, "pack": pack_id, "now": now, "limit": limit},
        )
    ]


def card(db: Db, learner_id: int, pack_id: str, unit: str) -> StudyCard | None:
    found = db.row(
        f"{_CARD} WHERE c.learner_id = :learner AND c.pack_id = :pack AND c.unit = :unit",
        {"learner": learner_id, "pack": pack_id, "unit": unit},
    )
    return None if found is None else _card(found)


def cards(db: Db, learner_id: int, pack_id: str | None = None) -> list[StudyCard]:
    """The learner's live cards (of one pack, or of every pack in the bank)."""
    where = "" if pack_id is None else "AND c.pack_id = :pack "
    return [
        _card(r)
        for r in db.rows(
            f"{_CARD} JOIN study_units u ON u.pack_id = c.pack_id AND u.unit = c.unit "
            "JOIN packs p ON p.id = c.pack_id "
            f"WHERE c.learner_id = :learner AND u.live = TRUE {where}ORDER BY c.due, c.id",
            {"learner": learner_id, "pack": pack_id},
        )
    ]


def save_card(
    db: Db,
    learner_id: int,
    pack_id: str,
    unit: str,
    before: StudyCard | None,
    after: Scheduled,
    question_key: str,
    rating: Rating,
) -> int:
    """Write a card's state after a review (a new card: its first); its row id."""
    lapse = before is not None and before.state is CardState.REVIEW and rating is Rating.AGAIN
    values = {
        "state": int(after.state),
        "step": after.step,
        "stability": after.stability,
        "difficulty": after.difficulty,
        "due": after.due,
        "last_review": after.last_review,
        "question": question_key,
    }
    if before is None:
        return int(
            db.value(
                "INSERT INTO study_cards (learner_id, pack_id, unit, state, step, stability, "
                "difficulty, due, last_review, last_question, reps, lapses, created_at) VALUES "
                "(:learner, :pack, :unit, :state, :step, :stability, :difficulty, :due, "
                ":last_review, :question, 1, 0, :last_review) RETURNING id",
                {**values, "learner": learner_id, "pack": pack_id, "unit": unit},
            )
        )
    db.run(
        "UPDATE study_cards SET state = :state, step = :step, stability = :stability, "
        "difficulty = :difficulty, due = :due, last_review = :last_review, "
        "last_question = :question, reps = reps + 1, lapses = lapses + :lapse WHERE id = :id",
        {**values, "lapse": int(lapse), "id": before.id},
    )
    return before.id


def reschedule(db: Db, changed: Sequence[tuple[int, Scheduled]]) -> None:
    """Rewrite cards after their history was replayed with new weights (the optimiser)."""
    db.many(
        "UPDATE study_cards SET state = :state, step = :step, stability = :stability, "
        "difficulty = :difficulty, due = :due, last_review = :last_review WHERE id = :id",
        (
            {
                "id": card_id,
                "state": int(s.state),
                "step": s.step,
                "stability": s.stability,
                "difficulty": s.difficulty,
                "due": s.due,
                "last_review": s.last_review,
            }
            for card_id, s in changed
        ),
    )


# -- reviews ---------------------------------------------------------------------------------


def log_review(db: Db, review: Review, attempt_id: int | None) -> None:
    db.run(
        "INSERT INTO study_reviews (card_id, attempt_id, question_key, rating, outcome, "
        "certainty, reviewed_at, duration_ms) VALUES (:card, :attempt, :question, :rating, "
        ":outcome, :certainty, :at, :ms)",
        {
            "card": review.card_id,
            "attempt": attempt_id,
            "question": review.question_key,
            "rating": int(review.rating),
            "outcome": review.outcome.value,
            "certainty": review.certainty,
            "at": review.reviewed_at,
            "ms": review.duration_ms,
        },
    )


def reviews(
    db: Db, learner_id: int, pack_id: str | None = None, since: datetime | None = None
) -> list[Review]:
    """The learner's reviews (of one pack, or all; from ``since``), oldest first."""
    where = ""
    if pack_id is not None:
        where += "AND c.pack_id = :pack "
    if since is not None:
        where += "AND r.reviewed_at >= :since "
    return [
        Review(
            card_id=int(r[0]),
            pack_id=r[1],
            unit=r[2],
            question_key=r[3],
            rating=Rating(int(r[4])),
            outcome=Outcome(r[5]),
            certainty=None if r[6] is None else int(r[6]),
            reviewed_at=as_datetime(r[7]) or datetime.min,
            duration_ms=None if r[8] is None else int(r[8]),
        )
        for r in db.rows(
            "SELECT r.card_id, c.pack_id, c.unit, r.question_key, r.rating, r.outcome, "
            "r.certainty, r.reviewed_at, r.duration_ms FROM study_reviews r "
            "JOIN study_cards c ON c.id = r.card_id "
            f"WHERE c.learner_id = :learner {where}ORDER BY r.reviewed_at, r.id",
            {"learner": learner_id, "pack": pack_id, "since": since},
        )
    ]


def review_count(db: Db, learner_id: int) -> int:
    return int(
        db.value(
            "SELECT count(*) FROM study_reviews r JOIN study_cards c ON c.id = r.card_id "
            "WHERE c.learner_id = :learner",
            {"learner": learner_id},
        )
        or 0
    )


# -- figures for the start screen and `study status` ------------------------------------------
#
# Each query reads an index range, never every card: the start screen of a learner with
# 100,000 cards stays quick (benchmarks/bench_study.py). Cards on units that are no longer
# live are counted from the units' side (few) and subtracted.

_DEAD = (
    "FROM study_units u CROSS JOIN study_cards c WHERE u.pack_id IN (:packs) "
    "AND u.live = FALSE AND c.learner_id = :learner AND c.pack_id = u.pack_id "
    "AND c.unit = u.unit"
)  # CROSS JOIN: SQLite reads the (few) dead units first; PostgreSQL plans it as it likes


def _per_pack(db: Db, sql: str, params: dict[str, Any]) -> dict[str, int]:
    return {str(p): int(n) for p, n in db.rows(sql + " GROUP BY c.pack_id", params)}


def pack_figures(
    db: Db,
    learner_id: int,
    units: dict[str, int],
    now: datetime,
    day_start: datetime,
    day_end: datetime,
    new_per_day: int,
    states: bool = False,
) -> dict[str, PackStudy]:
    """Due and new counts of each pack in ``units`` (pack id -> live units); with ``states``,
    also how many cards are learning and in review.

    ``new`` is what the learner may start today: the unstudied units, up to the daily limit
    less the facts started since ``day_start`` (a retired fact started today still counts).
    """
    if not units:
        return {}
    params: dict[str, Any] = {
        "learner": learner_id, "packs": list(units), "now": now, "day_start": day_start,
        "day_end": day_end, "review": int(CardState.REVIEW),
    }  # fmt: skip
    mine = "FROM study_cards c WHERE c.learner_id = :learner AND c.pack_id IN (:packs)"
    cards = _per_pack(db, f"SELECT c.pack_id, count(*) {mine}", params)
    if not cards:  # nothing studied yet: every fact is new
        return {p: PackStudy(p, new=min(n, new_per_day), unstudied=n) for p, n in units.items()}
    due_now = _per_pack(db, f"SELECT c.pack_id, count(*) {mine} AND c.due <= :now", params)
    due_today = _per_pack(db, f"SELECT c.pack_id, count(*) {mine} AND c.due < :day_end", params)
    started = _per_pack(
        db, f"SELECT c.pack_id, count(*) {mine} AND c.created_at >= :day_start", params
    )
    review = (
        _per_pack(db, f"SELECT c.pack_id, count(*) {mine} AND c.state = :review", params)
        if states
        else {}
    )
    dead = {
        r[0]: [int(v or 0) for v in r[1:]]
        for r in db.rows(
            "SELECT c.pack_id, count(*), sum(CASE WHEN c.due <= :now THEN 1 ELSE 0 END), "
            "sum(CASE WHEN c.due < :day_end THEN 1 ELSE 0 END), "
            f"sum(CASE WHEN c.state = :review THEN 1 ELSE 0 END) {_DEAD} GROUP BY c.pack_id",
            params,
        )
    }
    figures = {}
    for pack_id, unit_count in units.items():
        gone = dead.get(pack_id, [0, 0, 0, 0])
        live = cards.get(pack_id, 0) - gone[0]
        unstudied = max(0, unit_count - live)
        in_review = review.get(pack_id, 0) - gone[3]
        figures[pack_id] = PackStudy(
            pack_id=pack_id,
            due_now=due_now.get(pack_id, 0) - gone[1],
            due_today=due_today.get(pack_id, 0) - gone[2],
            new=min(unstudied, max(0, new_per_day - started.get(pack_id, 0))),
            unstudied=unstudied,
            learning=live - in_review if states else 0,
            review=in_review if states else 0,
        )
    return figures


def dues_before(
    db: Db, learner_id: int, packs: Sequence[str] | None, horizon: datetime
) -> list[tuple[str, datetime]]:
    """(pack id, due) of the learner's live cards of ``packs`` (None: of every pack) due
    before ``horizon``."""
    if packs is not None and not packs:
        return []
    params: dict[str, object] = {"learner": learner_id, "horizon": horizon}
    where = ""
    if packs is not None:
        where, params["packs"] = "AND c.pack_id IN (:packs) ", list(packs)
    found = db.rows(
        "SELECT c.pack_id, c.due FROM study_cards c JOIN study_units u "
        "ON u.pack_id = c.pack_id AND u.unit = c.unit WHERE c.learner_id = :learner "
        f"{where}AND c.due < :horizon AND u.live = TRUE",
        params,
    )
    return [(str(p), as_datetime(d) or horizon) for p, d in found]


def next_due(db: Db, learner_id: int, pack_id: str) -> datetime | None:
    """When the learner's next live card of the pack is due."""
    found = db.value(
        "SELECT min(c.due) FROM study_cards c JOIN study_units u ON u.pack_id = c.pack_id "
        "AND u.unit = c.unit WHERE c.learner_id = :learner AND c.pack_id = :pack "
        "AND u.live = TRUE",
        {"learner": learner_id, "pack": pack_id},
    )
    return as_datetime(found)


# -- settings ---------------------------------------------------------------------------------


def get_settings(db: Db, learner_id: int) -> StudySettings:
    found = db.row(
        "SELECT desired_retention, new_per_day, parameters, optimised_at FROM study_settings "
        "WHERE learner_id = :learner",
        {"learner": learner_id},
    )
    if found is None:
        return StudySettings()
    weights = json.loads(found[2]) if found[2] else None
    return StudySettings(
        float(found[0]),
        int(found[1]),
        None if weights is None else tuple(float(w) for w in weights),
        as_datetime(found[3]),
    )


def put_settings(db: Db, learner_id: int, settings: StudySettings) -> None:
    db.run(
        "INSERT INTO study_settings (learner_id, desired_retention, new_per_day, parameters, "
        "optimised_at) VALUES (:learner, :retention, :new, :weights, :at) "
        "ON CONFLICT (learner_id) DO UPDATE SET desired_retention = excluded.desired_retention, "
        "new_per_day = excluded.new_per_day, parameters = excluded.parameters, "
        "optimised_at = excluded.optimised_at",
        {
            "learner": learner_id,
            "retention": settings.desired_retention,
            "new": settings.new_per_day,
            "weights": None if settings.parameters is None else json.dumps(settings.parameters),
            "at": settings.optimised_at,
        },
    )
