"""A table model over a list of AttemptSummary (the history screen)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from quizapp.core.quiz import format_points
from quizapp.core.summaries import AttemptSummary
from quizapp.ui.models.list_table import Index, ListTableModel
from quizapp.ui.render import local_time

STATUS = {
    "finished": "finished",
    "expired": "time ran out",
    "in_progress": "unfinished",
    "abandoned": "discarded",
}


class AttemptTableModel(ListTableModel[AttemptSummary]):
    """Attempts as rows: date, learner, pack, mode, score, status."""

    DATE, LEARNER, PACK, MODE, SCORE, STATUS = range(6)
    HEADERS = ("Date", "Learner", "Pack", "Mode", "Score", "Status")

    def attempt_at(self, row: int) -> AttemptSummary:
        return self.row_at(row)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.valid(index):
            return None
        a = self.row_at(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            title = a.pack_title if a.kind == "quiz" else f"{a.pack_title} (mistakes)"
            return (
                local_time(a.started_at),
                a.learner,
                title,
                a.mode,
                f"{format_points(a.score)} / {a.total} ({a.percent:.0f}%)",
                STATUS.get(a.status, a.status),
            )[index.column()]
        return None
