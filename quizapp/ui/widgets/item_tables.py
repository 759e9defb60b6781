"""Small table editors for a question's choices and for citations, used by the pack editor."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class RowTable(QWidget):
    """A table of dict rows with Add, Remove, Up and Down buttons.

    Attributes:
        table: the rows.
        add_button, remove_button, up_button, down_button: row actions.

    Signals:
        rows_changed(list): the rows, as a list of dicts, after any edit.
    """

    rows_changed = Signal(list)
    COLUMNS: tuple[tuple[str, str], ...] = ()  # (key, header)
    CHECK_COLUMNS: frozenset[str] = frozenset()

    def __init__(self, name: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._loading = False
        self._extra: list[dict[str, Any]] = []  # keys the table does not show, kept per row
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName(f"{name}_table")
        self.table.setAccessibleName(label)
        self.table.setHorizontalHeaderLabels([h for _, h in self.COLUMNS])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for i, (key, _) in enumerate(self.COLUMNS):
            mode = (
                QHeaderView.ResizeMode.ResizeToContents
                if key in self.CHECK_COLUMNS
                else QHeaderView.ResizeMode.Stretch
            )
            header.setSectionResizeMode(i, mode)
        self.add_button = self._button("Add", f"{name}_add", f"Add a row to {label}")
        self.remove_button = self._button(
            "Remove", f"{name}_remove", f"Remove the row from {label}"
        )
        self.up_button = self._button("Up", f"{name}_up", "Move the row up")
        self.down_button = self._button("Down", f"{name}_down", "Move the row down")
        buttons = QHBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.table.itemChanged.connect(self._emit)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button.clicked.connect(lambda: self.move_row(1))

    def _button(self, text: str, name: str, accessible: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        return button

    def new_row(self) -> dict[str, Any]:
        return {key: (False if key in self.CHECK_COLUMNS else "") for key, _ in self.COLUMNS}

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self._loading = True
        self.table.setRowCount(0)
        self._extra = []
        for row in rows:
            self._append(row)
        self._loading = False
        self.table.setMinimumHeight(min(60 + 34 * max(len(rows), 2), 260))

    def _append(self, row: dict[str, Any]) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        shown = {key for key, _ in self.COLUMNS}
        self._extra.append({k: v for k, v in row.items() if k not in shown})
        for c, (key, header) in enumerate(self.COLUMNS):
            item = QTableWidgetItem()
            if key in self.CHECK_COLUMNS:
                item.setFlags(
                    Qt.ItemFlag.ItemIsUserCheckable
                    | Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                )
                item.setCheckState(
                    Qt.CheckState.Checked if row.get(key) else Qt.CheckState.Unchecked
                )
                item.setData(Qt.ItemDataRole.AccessibleTextRole, header)
            else:
                value = row.get(key)
                item.setText("" if value is None else str(value))
            self.table.setItem(r, c, item)

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for r in range(self.table.rowCount()):
            row: dict[str, Any] = dict(self._extra[r]) if r < len(self._extra) else {}
            for c, (key, _) in enumerate(self.COLUMNS):
                item = self.table.item(r, c)
                if item is None:
                    continue
                if key in self.CHECK_COLUMNS:
                    row[key] = item.checkState() == Qt.CheckState.Checked
                else:
                    row[key] = item.text()
            out.append(row)
        return out

    def _emit(self, *_: object) -> None:
        if not self._loading:
            self.rows_changed.emit(self.rows())

    def add_row(self) -> None:
        self._loading = True
        self._append(self.new_row())
        self._loading = False
        self.table.setCurrentCell(self.table.rowCount() - 1, len(self.COLUMNS) - 1)
        self._emit()

    def remove_row(self) -> None:
        r = self.table.currentRow()
        if r < 0:
            return
        rows = self.rows()
        del rows[r]
        self.set_rows(rows)
        self._emit()

    def move_row(self, step: int) -> None:
        r = self.table.currentRow()
        target = r + step
        rows = self.rows()
        if r < 0 or not 0 <= target < len(rows):
            return
        rows[r], rows[target] = rows[target], rows[r]
        self.set_rows(rows)
        self.table.setCurrentCell(target, 0)
        self._emit()


class ChoiceTable(RowTable):
    """The choices of a multiple-choice or select-all question: correct, text, feedback."""

    COLUMNS = (("correct", "Correct"), ("text", "Choice"), ("feedback", "Feedback"))
    CHECK_COLUMNS = frozenset({"correct"})


class CitationTable(RowTable):
    """Citations: which source, where in it, and the exact words."""

    COLUMNS = (
        ("source", "Source id"),
        ("locator", "Where (p. 12, Art. 5)"),
        ("quote", "Exact quote"),
    )
