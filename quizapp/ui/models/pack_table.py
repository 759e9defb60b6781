"""A table model over a list of PackSummary."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from quizapp.core.summaries import PackSummary

Index = QModelIndex | QPersistentModelIndex


class PackTableModel(QAbstractTableModel):
    """Packs as rows: title, questions, version, language."""

    TITLE, QUESTIONS, VERSION, LANGUAGE = range(4)
    HEADERS = ("Pack", "Questions", "Version", "Language")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[PackSummary] = []

    def set_rows(self, rows: list[PackSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def pack_at(self, row: int) -> PackSummary:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        pack = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (pack.title, pack.questions, pack.version, pack.language)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == self.TITLE:
            return pack.description or pack.title
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.QUESTIONS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None
