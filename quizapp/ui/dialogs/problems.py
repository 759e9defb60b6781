"""A dialog listing the problems and warnings found in pack files, one per row, with its line."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.problems import Problem
from quizapp.ui import theme

Index = QModelIndex | QPersistentModelIndex


def is_error(problem: Problem) -> bool:
    return problem.severity != "warning"


def line_text(problem: Problem) -> str:
    if problem.line is None:
        return "—"
    return f"{problem.line}:{problem.column}" if problem.column is not None else str(problem.line)


def summary_text(problems: Sequence[Problem]) -> str:
    """ "2 errors and 1 warning in numbers.gift." """
    errors = sum(1 for p in problems if is_error(p))
    warnings = len(problems) - errors
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    files = sorted({PurePath(p.file).name for p in problems if p.file})
    where = f" in {', '.join(files)}" if files and len(files) <= 3 else ""
    text = (" and ".join(parts) or "No problems") + where + "."
    if errors:
        text += " Nothing was imported from a file with errors: fix each line shown and try again."
    elif warnings:
        text += " Warnings did not stop anything; they say what was left out or is worth a look."
    return text


class ProblemTableModel(QAbstractTableModel):
    """Problems as rows: severity (icon and word), file, line, field path, message.

    Attributes:
        SEVERITY, FILE, LINE, WHERE, MESSAGE: the column numbers; HEADERS their titles.
    """

    SEVERITY, FILE, LINE, WHERE, MESSAGE = range(5)
    HEADERS = ("Kind", "File", "Line", "Where", "Message")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Problem] = []
        self._icons: dict[bool, QIcon] = {}

    def set_rows(self, rows: Sequence[Problem]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def problem_at(self, row: int) -> Problem:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def _icon(self, error: bool) -> QIcon:
        if error not in self._icons:
            pixmap = (
                QStyle.StandardPixmap.SP_MessageBoxCritical
                if error
                else QStyle.StandardPixmap.SP_MessageBoxWarning
            )
            self._icons[error] = QApplication.style().standardIcon(pixmap)
        return self._icons[error]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        problem = self._rows[index.row()]
        column = index.column()
        error = is_error(problem)
        if role == Qt.ItemDataRole.DisplayRole:
            texts = (
                "Error" if error else "Warning",
                PurePath(problem.file).name if problem.file else "—",
                line_text(problem),
                problem.path or "—",
                problem.message,
            )
            return texts[column]
        if role == Qt.ItemDataRole.DecorationRole and column == self.SEVERITY:
            return self._icon(error)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.SEVERITY:
            c = theme.colours()
            return QColor(c.wrong if error else c.muted)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.FILE:
                return problem.file or None
            if column == self.MESSAGE:
                return problem.message
            if column == self.LINE and problem.line is None:
                return "The problem concerns the whole file"
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return ("Error: " if error else "Warning: ") + str(problem)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            vertical = Qt.AlignmentFlag.AlignTop
            if column == self.LINE:
                return int(Qt.AlignmentFlag.AlignRight | vertical)
            return int(Qt.AlignmentFlag.AlignLeft | vertical)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == self.WHERE:
            return "Where in the pack: the field the problem is about"
        return None


class ProblemsDialog(QDialog):
    """Every problem and warning found in one or more files, to fix them one by one.

    Attributes:
        summary_label: how many errors and warnings, and what that means for the import.
        table: the problems (severity, file, line, field path, message).
        copy_button: copies the list as text (to paste into an e-mail or a text editor).
        close_button: closes the dialog (Escape too).
    """

    def __init__(
        self, title: str, problems: Sequence[Problem], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("problems_dialog")
        self.setWindowTitle(title)
        self.problems = list(problems)
        self.summary_label = QLabel(summary_text(self.problems))
        self.summary_label.setObjectName("summary_label")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = ProblemTableModel(self)
        self.model.set_rows(self.problems)
        self.table = QTableView()
        self.table.setObjectName("table")
        self.table.setAccessibleName("Problems found")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ProblemTableModel.MESSAGE, QHeaderView.ResizeMode.Stretch)
        # Long messages wrap; rows grow to show them whole.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.copy_button = QPushButton("&Copy all")
        self.copy_button.setObjectName("copy_button")
        self.copy_button.setAccessibleName("Copy every problem as text")
        self.close_button = QPushButton("C&lose")
        self.close_button.setObjectName("close_button")
        self.close_button.setAccessibleName("Close the list of problems")
        self.close_button.setDefault(True)
        buttons = QDialogButtonBox()
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.copy_button.clicked.connect(self.copy_all)
        buttons.rejected.connect(self.reject)
        self.resize(820, 420)
        self.table.setFocus()

    def as_text(self) -> str:
        """The problems as lines of text, like the command line prints them."""
        return "\n".join(str(p) for p in self.problems)

    def copy_all(self) -> None:
        QGuiApplication.clipboard().setText(self.as_text())

    @classmethod
    def show_problems(cls, parent: QWidget | None, title: str, problems: Sequence[Problem]) -> None:
        """Show the problems and wait until the user closes the list (tests patch this)."""
        if not problems:
            return
        dialog = cls(title, problems, parent)
        dialog.exec()
        dialog.deleteLater()
