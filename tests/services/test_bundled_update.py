"""The NATO pack 1.1.0 reaches a bank that holds 1.0.1 and keeps every learner's history:
past attempts and their answers, and study cards of the facts it still teaches."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from quizapp.core.summaries import ImportStatus
from quizapp.services import Bank, study
from quizapp.services import packs as pack_service
from quizapp.services import results as result_service

from ..helpers import FakeClock

ROOT = Path(__file__).parents[2]
OLD = ROOT / "tests" / "data" / "nato-eastward-expansion-1.0.1.toml"
NEW = ROOT / "questions" / "nato-eastward-expansion.toml"
PACK = "nato-eastward-expansion"


def bundled(folder: Path, source: Path) -> Path:
    folder.mkdir(exist_ok=True)
    shutil.copy(source, folder / "nato-eastward-expansion.toml")
    return folder


def test_the_update_keeps_history(any_bank: Bank, tmp_path: Path) -> None:
    folder = bundled(tmp_path / "bundled", OLD)
    [first] = pack_service.ensure_bundled_packs(any_bank, folder)
    assert (first.status, first.version) == (ImportStatus.ADDED, "1.0.1")
    clock = FakeClock(datetime(2026, 11, 2, 9, 0))
    session = study.start(any_bank, "Ada", PACK, clock=clock)
    asked = []
    while session.current is not None:
        q = session.current
        asked.append(q.key)
        session.choose(q.correct_index)
        clock.advance(5)
        if session.next() is None:
            break
    session.finish()
    before = result_service.history(any_bank, "Ada")
    answers = result_service.export_results(any_bank, "Ada", "json")

    bundled(folder, NEW)
    [update] = pack_service.ensure_bundled_packs(any_bank, folder)
    assert (update.status, update.previous_version, update.version) == (
        ImportStatus.UPDATED, "1.0.1", "1.1.0",
    )  # fmt: skip
    assert update.added >= 12  # the new questions
    kept_ids = {q.id for q in pack_service.load_pack(any_bank, PACK).questions}
    assert sum(1 for key in asked if key in kept_ids) >= len(asked) - 2  # ids kept where the same

    # The attempt is still in the history, with its answers, and the study cards still count.
    assert result_service.history(any_bank, "Ada") == before
    assert result_service.export_results(any_bank, "Ada", "json") == answers
    status = study.status(any_bank, "Ada", clock=clock).packs[0]
    assert status.figures.learning + status.figures.review >= len(asked) - 2
