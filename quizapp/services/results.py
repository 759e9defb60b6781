"""Learners' records: the history of attempts and the results export (CSV or JSON)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Any

from quizapp.bank import attempts, learners
from quizapp.bank.database import Bank
from quizapp.core.quiz import Outcome
from quizapp.core.summaries import AttemptSummary, ResponseRecord

CSV_COLUMNS = (
    "attempt",
    "learner",
    "pack",
    "mode",
    "started",
    "finished",
    "position",
    "question_id",
    "prompt",
    "chosen",
    "correct_answer",
    "is_correct",
    "credit",
    "seconds",
    "marks",
    "certainty",
    "flagged",
)
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def history(bank: Bank, learner: str | None = None) -> list[AttemptSummary]:
    """Past attempts, newest first: all learners (that this login may see), or the one named."""
    with bank.read() as db:
        if learner is None:
            return attempts.history(db)
        found = learners.find(db, learner)
        return [] if found is None else attempts.history(db, found.id)


def neutralise(value: Any) -> Any:
    """Make a CSV cell safe to open in a spreadsheet: text starting like a formula gets a '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_results(bank: Bank, learner: str | None = None, fmt: str = "csv") -> str:
    """Every response (one row each) as CSV, or as JSON grouped by attempt with its score."""
    with bank.read() as db:
        found = learners.find(db, learner) if learner is not None else None
        if learner is not None and found is None:
            records: list[ResponseRecord] = []
        else:
            records = list(attempts.responses(db, found.id if found else None))
    if fmt == "json":
        return json.dumps(_by_attempt(records), ensure_ascii=False, indent=2) + "\n"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        row = _row(record)
        writer.writerow([neutralise("" if row[c] is None else row[c]) for c in CSV_COLUMNS])
    return out.getvalue()


def _stamp(moment: datetime | None) -> str | None:
    """A timestamp as the export writes it: always with microseconds, as before."""
    return None if moment is None else moment.isoformat(sep=" ", timespec="microseconds")


def _row(record: ResponseRecord) -> dict[str, Any]:
    """One response as the export's columns."""
    a, answer = record.attempt, record.answer
    outcome = answer.outcome if answer else (Outcome.UNANSWERED if a.status.ended else None)
    return {
        "attempt": a.id,
        "learner": a.learner,
        "pack": a.pack_id,
        "mode": a.mode.value,
        "started": _stamp(a.started_at),
        "finished": _stamp(a.finished_at),
        "position": record.shown.position + 1,
        "question_id": record.shown.key,
        "prompt": record.shown.prompt,
        "chosen": "; ".join(record.chosen),
        "correct_answer": "; ".join(record.correct_answer),
        "is_correct": outcome is Outcome.CORRECT,
        "outcome": "" if outcome is None else outcome.value,
        "credit": round(answer.credit, 4) if answer else (0.0 if a.status.ended else None),
        "seconds": round(answer.seconds, 1) if answer else None,
        "marks": round(answer.marks, 4) if answer else (0.0 if a.status.ended else None),
        "certainty": answer.certainty if answer else None,
        "flagged": record.flagged,
    }


def _by_attempt(records: list[ResponseRecord]) -> list[dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    for record in records:
        a = record.attempt
        attempt = out.setdefault(
            a.id,
            {
                "attempt": a.id,
                "learner": a.learner,
                "pack": a.pack_id,
                "pack_title": a.pack_title,
                "mode": a.mode.value,
                "status": a.status.value,
                "started": _stamp(a.started_at),
                "finished": _stamp(a.finished_at),
                "score": a.score,
                "total": a.total,
                "marking": a.marking.value,
                "navigation": a.navigation.value,
                "max_score": a.max_score,
                "percent": round(a.percent, 1),
                "responses": [],
            },
        )
        row = _row(record)
        attempt["responses"].append(
            {k: row[k] for k in CSV_COLUMNS if k not in attempt or k == "position"}
        )
    return list(out.values())
