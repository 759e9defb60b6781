"""Learners' records: the history of attempts and the results export (CSV or JSON)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from quizapp.bank import live
from quizapp.bank.db import Bank
from quizapp.core.summaries import AttemptSummary

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
)
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def history(bank: Bank, learner: str | None = None) -> list[AttemptSummary]:
    """Past attempts, newest first: all learners, or the one named."""
    with bank.connection() as conn:
        if learner is None:
            return live.history(conn)
        learner_id = live.learner_id(conn, learner)
        return [] if learner_id is None else live.history(conn, learner_id)


def neutralise(value: Any) -> Any:
    """Make a CSV cell safe to open in a spreadsheet: text starting like a formula gets a '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_results(bank: Bank, learner: str | None = None, fmt: str = "csv") -> str:
    """Every response (one row each) as CSV, or as JSON grouped by attempt with its score."""
    with bank.connection() as conn:
        rows = live.export_rows(conn, learner)
    if fmt == "json":
        return json.dumps(_by_attempt(rows), ensure_ascii=False, indent=2) + "\n"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([neutralise("" if row[c] is None else row[c]) for c in CSV_COLUMNS])
    return out.getvalue()


def _by_attempt(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    attempts: dict[int, dict[str, Any]] = {}
    for row in rows:
        attempt = attempts.setdefault(
            row["attempt"],
            {
                "attempt": row["attempt"],
                "learner": row["learner"],
                "pack": row["pack"],
                "pack_title": row["pack_title"],
                "mode": row["mode"],
                "status": row["status"],
                "started": row["started"],
                "finished": row["finished"],
                "score": row["score"],
                "total": row["total"],
                "percent": round(100 * row["score"] / row["total"], 1) if row["total"] else 0.0,
                "responses": [],
            },
        )
        attempt["responses"].append(
            {k: row[k] for k in CSV_COLUMNS if k not in attempt or k == "position"}
        )
    return list(attempts.values())
