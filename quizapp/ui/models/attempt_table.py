"""A table model over a list of AttemptSummary (the history screen)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from quizapp.core.quiz import AttemptKind, AttemptStatus, format_points
from quizapp.core.summaries import AttemptSummary
from quizapp.ui.models.list_table import Index, ListTableModel
from quizapp.ui.render import local_time

STATUS = {
    AttemptStatus.FINISHED: "finished",
    AttemptStatus.EXPIRED: "time ran out",
    AttemptStatus.IN_PROGRESS: "unfinished",
    AttemptStatus.ABANDONED: "discarded",
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
            title = a.pack_title if a.kind is AttemptKind.QUIZ else f"{a.pack_title} (mistakes)"
            return (
                local_time(a.started_at),
                a.learner,
                title,
                a.mode.value,
                f"{format_points(a.score)} / {format_points(a.max_score)} ({a.percent:.0f}%)",
                STATUS[a.status],
            )[index.column()]
        return None
