"""The results screen: the score, a grid of every question, calibration, and the review."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.marking import Marking
from quizapp.core.quiz import AttemptStatus, Mode, Outcome, format_points
from quizapp.services import BankError, ServiceError, classroom
from quizapp.services.quiz import QuizResults
from quizapp.ui import theme
from quizapp.ui.context import AppContext
from quizapp.ui.render import duration, review_html
from quizapp.ui.widgets.calibration_chart import CalibrationChart

RESULT_WORDS = {
    Outcome.CORRECT: "✔ Right",
    Outcome.WRONG: "✘ Wrong",
    Outcome.PARTIAL: "◐ Partly right",
    Outcome.UNANSWERED: "— Unanswered",
}


class ResultsScreen(QWidget):
    """Shows ``7 / 10`` and the percentage, the scheme, the time, then every question.

    Attributes:
        score_label: the score in words.
        scheme_label: the marking scheme used.
        time_label: time taken (and whether the time limit ran out).
        grid: one row per question: number, result by symbol and word, flag, marks, fact.
            Choosing a row (Enter, double-click) jumps to its review.
        calibration_box: under certainty-based marking, how well each level was judged.
        calibration_chart, calibration_label: the same drawn, and in words.
        review_view: every question: prompt, your answer, the correct one, why, sources.
        retry_button: a new quiz of the questions answered wrongly.
        new_button: back to the start screen.
        history_button: to the history.
        hand_in_button: "Hand in…" a quiz joined with a class code (a folder is asked for,
            starting at the one used last); hand_in_label: where it was handed in, or why not.
        choose_folder: asks for the hand-in folder (replaced in tests); None: cancelled.

    Signals:
        retry_requested(QuizResults): quiz again on this result's mistakes.
        new_quiz_requested(): back to the start screen.
        history_requested(): open the history.
    """

    retry_requested = Signal(object)
    new_quiz_requested = Signal()
    history_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.results: QuizResults | None = None
        self.title_label = QLabel()
        self.title_label.setProperty("role", "muted")
        self.score_label = QLabel()
        self.score_label.setObjectName("score_label")
        theme.emphasize(self.score_label, 2.0, bold=True)
        self.scheme_label = QLabel()
        self.scheme_label.setObjectName("scheme_label")
        self.scheme_label.setWordWrap(True)
        self.time_label = QLabel()
        self.time_label.setObjectName("time_label")
        self.grid = QTableWidget(0, 5)
        self.grid.setObjectName("results_grid")
        self.grid.setAccessibleName("Every question at a glance: choose one to read its review")
        self.grid.setHorizontalHeaderLabels(["#", "Result", "Flag", "Marks", "Fact it tests"])
        self.grid.verticalHeader().hide()
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setWordWrap(False)
        self.grid.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.grid.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.grid.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self._row_height = self.fontMetrics().height() + 8
        self.study_label = QLabel()  # study: when these facts come back
        self.study_label.setObjectName("study_label")
        self.study_label.setWordWrap(True)
        self.study_label.hide()
        self.calibration_box = QGroupBox("How well you judged your certainty")
        self.calibration_box.setObjectName("calibration_box")
        self.calibration_chart = CalibrationChart()
        self.calibration_label = QLabel()
        self.calibration_label.setObjectName("calibration_label")
        self.calibration_label.setWordWrap(True)
        self.calibration_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box = QVBoxLayout(self.calibration_box)
        box.addWidget(self.calibration_chart)
        box.addWidget(self.calibration_label)
        self.review_view = QTextBrowser()
        self.review_view.setObjectName("review_view")
        self.review_view.setAccessibleName("Review of every question")
        self.review_view.setOpenExternalLinks(True)
        self.retry_button = QPushButton("&Retry mistakes")
        self.retry_button.setObjectName("retry_button")
        self.retry_button.setAccessibleName("Retry the questions I got wrong")
        self.new_button = QPushButton("&New quiz")
        self.new_button.setObjectName("new_button")
        self.new_button.setAccessibleName("New quiz")
        self.new_button.setProperty("role", "primary")
        self.history_button = QPushButton("&History")
        self.history_button.setObjectName("history_button")
        self.history_button.setAccessibleName("History of quizzes")
        self.hand_in_button = QPushButton("Han&d in…")
        self.hand_in_button.setObjectName("hand_in_button")
        self.hand_in_button.setAccessibleName("Hand in this result to the teacher's folder")
        self.hand_in_label = QLabel()
        self.hand_in_label.setObjectName("hand_in_label")
        self.hand_in_label.setWordWrap(True)
        self.hand_in_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_folder: Callable[[str], str | None] = self._ask_folder

        buttons = QHBoxLayout()
        buttons.addWidget(self.history_button)
        buttons.addWidget(self.hand_in_button)
        buttons.addWidget(self.hand_in_label, 1)
        buttons.addStretch(1)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.new_button)
        layout = theme.reading_column(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.score_label)
        layout.addWidget(self.scheme_label)
        layout.addWidget(self.time_label)
        layout.addWidget(self.study_label)
        # The grid (and the calibration) above, the review below: the learner can drag the
        # divider; a long exam's grid scrolls.
        glance_content = QWidget()
        glance_layout = QVBoxLayout(glance_content)
        glance_layout.setContentsMargins(0, 0, 0, 0)
        glance_layout.addWidget(self.grid)
        glance_layout.addWidget(self.calibration_box)
        glance_layout.addStretch(1)
        glance = QScrollArea()
        glance.setWidgetResizable(True)
        glance.setFrameShape(QScrollArea.Shape.NoFrame)
        glance.setWidget(glance_content)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("results_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(glance)
        self.splitter.addWidget(self.review_view)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(buttons)

        self.grid.activated.connect(lambda index: self.jump_to(index.row()))
        self.grid.cellClicked.connect(lambda row, _column: self.jump_to(row))
        self.retry_button.clicked.connect(self._retry)
        self.new_button.clicked.connect(self.new_quiz_requested)
        self.history_button.clicked.connect(self.history_requested)
        self.hand_in_button.clicked.connect(self.hand_in)

    def show_results(self, results: QuizResults, reviewing: bool = False) -> None:
        self.results = results
        a = results.attempt
        self.title_label.setText(f"{a.learner} · {a.pack_title} · {a.mode}")
        points = format_points(a.score)
        most = format_points(a.max_score)
        self.score_label.setText(f"{points} / {most}  ({a.percent:.0f}%)")
        self.score_label.setAccessibleName(f"Score {points} out of {most}, {a.percent:.0f} percent")
        scheme = f"Marking: {a.marking.label}"
        if a.marking is Marking.CERTAINTY:
            right = sum(1 for x in results.answers.values() if x.correct)
            scheme += f". Right answers: {right} of {a.total}, whatever the certainty."
        self.scheme_label.setText(scheme)
        unanswered = sum(1 for x in results.answers.values() if not x.selected)
        time_text = f"Time taken: {duration(a.seconds)}"
        if a.status is AttemptStatus.EXPIRED:
            time_text += f" — the time limit ran out; {unanswered} unanswered counted as wrong"
        self.time_label.setText(time_text)
        self.study_label.setVisible(a.mode is Mode.STUDY)
        if a.mode is Mode.STUDY:
            from quizapp.services import study

            self.study_label.setText(
                study.coming_back(self.context.bank, a.learner, a.pack_id, self.context.clock)
            )
        self._show_grid(results)
        certainty = a.marking is Marking.CERTAINTY
        self.calibration_box.setVisible(certainty)
        if certainty:
            rows = results.calibration()
            self.calibration_chart.set_rows(rows)
            self.calibration_label.setText("\n".join(r.verdict for r in rows))
        self.review_view.setHtml(review_html(results.questions, results.answers))
        self.retry_button.setEnabled(bool(results.mistakes))
        self.new_button.setText("&Back" if reviewing else "&New quiz")
        self.new_button.setFocus(Qt.FocusReason.OtherFocusReason)
        coded = bool(results.class_code) and a.status.scored
        self.hand_in_button.setVisible(coded)
        self.hand_in_label.setVisible(coded)
        self.hand_in_label.setText(f"Class code {results.class_code}" if coded else "")
        if coded and not reviewing and self.context.hand_in_folder:
            self._hand_in_to(self.context.hand_in_folder)

    def _ask_folder(self, start: str) -> str | None:
        chosen = QFileDialog.getExistingDirectory(self, "Hand in to which folder?", start)
        return chosen or None

    def hand_in(self) -> None:
        """Ask for the folder (the last one used first), then write the hand-in there."""
        if self.results is None:
            return
        try:
            start = classroom.hand_in_folder(self.context.bank)
        except (ServiceError, BankError):
            start = ""
        folder = self.choose_folder(start)
        if folder:
            self._hand_in_to(folder)

    def _hand_in_to(self, folder: str) -> None:
        assert self.results is not None
        try:
            written = classroom.hand_in(self.context.bank, self.results.attempt.id, folder)
        except (ServiceError, BankError) as e:
            message = str(e)
            self.hand_in_label.setText(f"Not handed in: {message}.")
            theme.announce(self.hand_in_label, f"Not handed in: {message}")
            return
        text = f"Handed in: {written}"
        self.hand_in_label.setText(text)
        theme.announce(self.hand_in_label, text)

    def _show_grid(self, results: QuizResults) -> None:
        self.grid.setRowCount(len(results.questions))
        for row, q in enumerate(results.questions):
            answer = results.answers.get(q.position)
            outcome = answer.outcome if answer else Outcome.UNANSWERED
            flagged = q.position in results.flags
            cells = (
                str(q.position + 1),
                RESULT_WORDS[outcome],
                "⚑ Flagged" if flagged else "",
                format_points(answer.marks) if answer else "0",
                q.fact_statement or q.fact or "—",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 4:
                    item.setToolTip(text)
                self.grid.setItem(row, column, item)
        self.grid.resizeColumnsToContents()
        header = self.grid.horizontalHeader().sizeHint().height()
        rows = min(len(results.questions), 8)  # a longer exam scrolls within the grid
        self.grid.setFixedHeight(header + rows * self.grid.rowHeight(0) + 4 if rows else header)

    def jump_to(self, row: int) -> None:
        """Scroll the review to the question on ``row`` of the grid."""
        if self.results is None or not 0 <= row < len(self.results.questions):
            return
        self.review_view.scrollToAnchor(f"q{self.results.questions[row].position + 1}")

    def _retry(self) -> None:
        if self.results is not None and self.results.mistakes:
            self.retry_requested.emit(self.results)
