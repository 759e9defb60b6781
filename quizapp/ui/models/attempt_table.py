"""A table model over a list of AttemptSummary (the history screen)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from quizapp.core.quiz import format_points
from quizapp.core.summaries import AttemptSummary
from quizapp.ui.render import local_time

Index = QModelIndex | QPersistentModelIndex

STATUS = {
    "finished": "finished",
    "expired": "time ran out",
    "in_progress": "unfinished",
    "abandoned": "discarded",
}


class AttemptTableModel(QAbstractTableModel):
    """Attempts as rows: date, learner, pack, mode, score, status."""

    DATE, LEARNER, PACK, MODE, SCORE, STATUS = range(6)
    HEADERS = ("Date", "Learner", "Pack", "Mode", "Score", "Status")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AttemptSummary] = []

    def set_rows(self, rows: list[AttemptSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def attempt_at(self, row: int) -> AttemptSummary:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        a = self._rows[index.row()]
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

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None
