"""Results export: one row per response, CSV safe to open in a spreadsheet, JSON with scores."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from quizapp.services import Bank
from quizapp.services import results as results_service
from quizapp.services.quiz import QuizRequest, QuizSession

from ..helpers import import_text, numbers_pack


def take(bank: Bank, learner: str, right: list[bool]) -> int:
    session = QuizSession.start(
        bank, QuizRequest("numbers", learner, count=len(right), shuffle=False, seed=1)
    )
    for ok in right:
        q = session.current
        assert q is not None
        session.choose(q.correct_index if ok else (q.correct_index + 1) % len(q.choices))
        session.next()
    session.finish()
    return session.run.attempt_id


def test_csv_has_one_row_per_response_with_the_answers(bank: Bank, tmp_path: Path) -> None:
    import_text(bank, tmp_path, numbers_pack(4))
    attempt = take(bank, "Ada", [True, False])
    rows = list(csv.DictReader(io.StringIO(results_service.export_results(bank, fmt="csv"))))
    assert list(rows[0]) == list(results_service.CSV_COLUMNS)
    assert len(rows) == 2
    first, second = rows
    assert (
        first["attempt"] == str(attempt)
        and first["learner"] == "Ada"
        and first["pack"] == "numbers"
    )
    assert first["mode"] == "practice" and first["position"] == "1"
    assert first["is_correct"] == "True" and first["chosen"] == first["correct_answer"]
    assert second["is_correct"] == "False" and second["chosen"] != second["correct_answer"]
    assert first["started"] and first["finished"] and first["seconds"]


def test_formula_like_cells_are_neutralised(bank: Bank, tmp_path: Path) -> None:
    import_text(bank, tmp_path, numbers_pack(2, prompt_prefix="=HYPERLINK(1)+"))
    take(bank, "@evil", [True])
    take(bank, "-1+2", [False])
    text = results_service.export_results(bank, fmt="csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["learner"] for r in rows} == {"'@evil", "'-1+2"}
    assert all(r["prompt"].startswith("'=HYPERLINK(1)+Question") for r in rows)
    for row in rows:
        assert not any(v.startswith(("=", "+", "-", "@")) for v in row.values())


def test_json_groups_responses_by_attempt_with_the_score(bank: Bank, tmp_path: Path) -> None:
    import_text(bank, tmp_path, numbers_pack(4))
    take(bank, "Ada", [True, True, False])
    take(bank, "Grace", [False])
    data = json.loads(results_service.export_results(bank, fmt="json"))
    assert [(a["learner"], a["score"], a["total"], a["percent"]) for a in data] == [
        ("Ada", 2, 3, 66.7),
        ("Grace", 0, 1, 0.0),
    ]
    assert [r["is_correct"] for r in data[0]["responses"]] == [True, True, False]
    only = json.loads(results_service.export_results(bank, learner="Grace", fmt="json"))
    assert [a["learner"] for a in only] == ["Grace"]


def test_history_lists_attempts_newest_first(bank: Bank, tmp_path: Path) -> None:
    import_text(bank, tmp_path, numbers_pack(4))
    first = take(bank, "Ada", [True])
    second = take(bank, "Ada", [False])
    assert [a.id for a in results_service.history(bank, "Ada")] == [second, first]
    assert results_service.history(bank, "Nobody") == []
