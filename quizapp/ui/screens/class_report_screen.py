"""The class report: read a folder of hand-ins (or a code's attempts on the bank), see which
questions worked, save it as PDF, CSV or JSON; and a live view of who has joined a code."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.classroom import ClassReport
from quizapp.core.quiz import format_points
from quizapp.core.summaries import AttemptSummary
from quizapp.services import BankError, ServiceError, classroom
from quizapp.services.packs import write_text_file
from quizapp.ui import theme
from quizapp.ui.context import AppContext
from quizapp.ui.widgets.class_report_view import ClassReportView

LIVE_REFRESH_MS = 5000
STATUS_WORDS = {
    "in_progress": "answering",
    "finished": "finished",
    "expired": "finished (time ran out)",
    "abandoned": "gave up",
}


def _name(widget: QWidget, name: str, accessible: str) -> None:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)


class ClassReportScreen(QWidget):
    """Hand-ins in, the report out.

    Attributes:
        folder_button: "Choose a folder…" of hand-ins (subfolders too); files_button: files.
        code_box: a class code (the bank's codes listed; one can be typed).
        bank_button: "Report from the bank": the code's finished attempts on this bank.
        live_table: who has joined the code on this bank, how far each is, who has finished;
            refreshed every 5 seconds while shown.
        status_label: what was read, or why not.
        view: the report (``ClassReportView``).
        pdf_button, csv_button, json_button: save the report.
        back_button: back to the start screen (Esc).
        choose_folder, choose_files, choose_save: file dialogs (replaced in tests).

    Signals:
        back_requested()
    """

    back_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.report: ClassReport | None = None
        self.setAcceptDrops(True)
        self.choose_folder: Callable[[], str | None] = self._ask_folder
        self.choose_files: Callable[[], list[str]] = self._ask_files
        self.choose_save: Callable[[str, str], str | None] = self._ask_save

        heading = QLabel("Class report")
        theme.emphasize(heading, 1.6, bold=True)
        hint = QLabel(
            "Read the learners' hand-ins (.quizresult files: choose or drop their folder), or a "
            "class code's attempts on this bank. Files that were edited, belong to another "
            "code or repeat a learner are listed with the reason and left out."
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "muted")
        self.folder_button = QPushButton("Choose a &folder…")
        _name(self.folder_button, "folder_button", "Choose a folder of hand-ins")
        self.files_button = QPushButton("Choose f&iles…")
        _name(self.files_button, "files_button", "Choose hand-in files")
        self.code_box = QComboBox()
        self.code_box.setEditable(True)
        self.code_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.code_box.setMinimumWidth(260)
        _name(self.code_box, "code_box", "Class code on this bank")
        edit = self.code_box.lineEdit()
        assert edit is not None
        edit.setPlaceholderText("Class code")
        self.bank_button = QPushButton("Report from the &bank")
        _name(self.bank_button, "bank_button", "Report from this bank's attempts for the code")
        self.live_table = QTableWidget(0, 4)
        _name(self.live_table, "live_table", "Who has joined the code: live")
        self.live_table.setHorizontalHeaderLabels(["Learner", "Status", "Answered", "Score"])
        self.live_table.verticalHeader().hide()
        self.live_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.live_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.live_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.live_table.setMinimumHeight(6 * self.fontMetrics().height() + 40)
        self.live_label = QLabel()
        self.live_label.setObjectName("live_label")
        self.status_label = QLabel()
        self.status_label.setObjectName("status_label")
        self.status_label.setWordWrap(True)
        self.view = ClassReportView()
        self.pdf_button = QPushButton("Save as &PDF…")
        _name(self.pdf_button, "pdf_button", "Save the report as PDF")
        self.csv_button = QPushButton("Save as &CSV…")
        _name(self.csv_button, "csv_button", "Save the report as CSV")
        self.json_button = QPushButton("Save as &JSON…")
        _name(self.json_button, "json_button", "Save the report as JSON")
        self.back_button = QPushButton("&Back")
        _name(self.back_button, "back_button", "Back to the start screen")

        files_row = QHBoxLayout()
        files_row.addWidget(QLabel("Hand-ins:"))
        files_row.addWidget(self.folder_button)
        files_row.addWidget(self.files_button)
        files_row.addSpacing(24)
        code_label = QLabel("Co&de:")
        code_label.setBuddy(self.code_box)
        files_row.addWidget(code_label)
        files_row.addWidget(self.code_box)
        files_row.addWidget(self.bank_button)
        files_row.addStretch(1)
        live_box = QGroupBox("Live: who has joined this code on this bank")
        live_layout = QVBoxLayout(live_box)
        live_layout.addWidget(self.live_table)
        live_layout.addWidget(self.live_label)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(live_box)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        for button in (self.pdf_button, self.csv_button, self.json_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addLayout(files_row)
        layout.addWidget(self.status_label)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        self.timer = context.timer_factory(self)
        self.timer.setInterval(LIVE_REFRESH_MS)
        self.timer.timeout.connect(self.refresh_live)
        self.folder_button.clicked.connect(self._read_folder)
        self.files_button.clicked.connect(self._read_files)
        self.bank_button.clicked.connect(self.read_bank)
        self.code_box.currentTextChanged.connect(lambda _text: self.refresh_live())
        self.back_button.clicked.connect(self.back_requested)
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        self.csv_button.clicked.connect(lambda: self.save("csv"))
        self.json_button.clicked.connect(lambda: self.save("json"))
        self._show(None)

    # -- showing -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """List the bank's codes (newest first) and start the live view."""
        try:
            codes = classroom.class_codes_in_bank(self.context.bank)
        except (ServiceError, BankError) as e:
            codes = []
            self.status_label.setText(str(e))
        current = self.code_box.currentText()
        self.code_box.blockSignals(True)
        self.code_box.clear()
        self.code_box.addItems(codes)
        self.code_box.setEditText(current or (codes[0] if codes else ""))
        self.code_box.blockSignals(False)
        self.refresh_live()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def refresh_live(self) -> None:
        code = self.code_box.currentText().strip()
        rows: list[AttemptSummary] = []
        if code:
            try:
                rows = classroom.live(self.context.bank, code)
            except (ServiceError, BankError) as e:
                self.live_label.setText(str(e))
                self.live_table.setRowCount(0)
                return
        self.live_table.setRowCount(len(rows))
        for row, a in enumerate(rows):
            score = (
                f"{format_points(a.score)} / {format_points(a.max_score)} ({a.percent:.0f}%)"
                if a.status.ended
                else ""
            )
            cells = (a.learner, STATUS_WORDS.get(a.status.value, a.status.value),
                     f"{a.answered} of {a.total}", score)  # fmt: skip
            for column, text in enumerate(cells):
                self.live_table.setItem(row, column, QTableWidgetItem(text))
        done = sum(1 for a in rows if a.status.scored)
        self.live_label.setText(
            f"{len(rows)} joined, {done} finished, {len(rows) - done} not yet." if code else
            "Type or choose a class code to follow it."
        )  # fmt: skip

    def _show(self, report: ClassReport | None) -> None:
        self.report = report
        self.view.show_report(report)
        for button in (self.pdf_button, self.csv_button, self.json_button):
            button.setEnabled(report is not None)

    # -- reading -------------------------------------------------------------------------------
    def _ask_folder(self) -> str | None:
        start = ""
        with contextlib.suppress(ServiceError, BankError):
            start = classroom.hand_in_folder(self.context.bank)
        chosen = QFileDialog.getExistingDirectory(self, "The folder of hand-ins", start)
        return chosen or None

    def _ask_files(self) -> list[str]:
        chosen, _ = QFileDialog.getOpenFileNames(
            self, "Hand-in files", "", "Hand-ins (*.quizresult);;All files (*)"
        )
        return list(chosen)

    def _ask_save(self, kind: str, suggested: str) -> str | None:
        filters = {"pdf": "PDF (*.pdf)", "csv": "CSV (*.csv)", "json": "JSON (*.json)"}
        chosen, _ = QFileDialog.getSaveFileName(self, "Save the class report", suggested,
                                                filters[kind])  # fmt: skip
        return chosen or None

    def _read_folder(self) -> None:
        folder = self.choose_folder()
        if folder:
            self.read_paths([folder])

    def _read_files(self) -> None:
        files = self.choose_files()
        if files:
            self.read_paths(files)

    def read_paths(self, paths: Sequence[str]) -> None:
        """Read hand-in files and folders into the report."""
        # The files say which code they are for; the most common one is reported on.
        self._busy(
            lambda: classroom.report_from_files(self.context.bank, paths, None, self.context.clock)
        )

    def read_bank(self) -> None:
        code = self.code_box.currentText().strip()
        if not code:
            self.status_label.setText("Type or choose the class code first.")
            self.code_box.setFocus()
            return
        self._busy(lambda: classroom.report_from_bank(self.context.bank, code, self.context.clock))

    def _busy(self, make: Callable[[], ClassReport]) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            report = make()
        except (ServiceError, BankError) as e:
            message = str(e)
            self.status_label.setText(message[:1].upper() + message[1:] + ".")
            theme.announce(self.status_label, message)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._show(report)
        left_out = len(report.rejected)
        text = (
            f"Code {report.code}: {len(report.roster)} learner(s), "
            f"{len(report.questions)} question(s)"
            + (f"; {left_out} file(s) left out (see the list)" if left_out else "")
            + "."
        )
        self.status_label.setText(text)
        theme.announce(self.status_label, text)

    # -- saving --------------------------------------------------------------------------------
    def save(self, kind: str) -> None:
        if self.report is None:
            return
        suggested = f"class-report-{self.report.code}.{kind}"
        target = self.choose_save(kind, suggested)
        if not target:
            return
        path = Path(target)
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(path.name + f".{kind}")
        try:
            if kind == "pdf":
                from quizapp.ui.report_pdf import write_pdf

                write_pdf(self.report, path)
            else:
                text = (
                    classroom.report_json(self.report)
                    if kind == "json"
                    else classroom.report_csv(self.report)
                )
                write_text_file(path, text)
        except (OSError, ServiceError) as e:
            self.status_label.setText(f"Could not save {path}: {getattr(e, 'strerror', '') or e}")
            return
        self.status_label.setText(f"Saved {path}")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.back_requested.emit()
            return
        super().keyPressEvent(event)

    # -- drops ---------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.read_paths(paths))
