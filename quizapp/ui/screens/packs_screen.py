"""The screen that lists the packs in the bank."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from quizapp.core.summaries import PackSummary
from quizapp.ui.models.pack_table import PackTableModel


class PacksScreen(QWidget):
    """Lists packs: title, number of questions, version, language.

    Attributes:
        heading: the title label.
        table: the table of packs.
        empty_label: shown instead of the table when the bank has no packs.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel("Question packs")
        self.heading.setObjectName("heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.heading.setFont(font)
        self.model = PackTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("table")
        self.table.setAccessibleName("Question packs")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.empty_label = QLabel(
            "The bank has no packs yet. Import one with:  quizapp pack import FILE"
        )
        self.empty_label.setObjectName("empty_label")
        self.empty_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table)

    def show_packs(self, packs: list[PackSummary]) -> None:
        self.model.set_rows(packs)
        self.empty_label.setVisible(not packs)
        self.table.setVisible(bool(packs))
