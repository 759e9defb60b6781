"""The history screen: past attempts and a chart of scores over time."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from quizapp.services import quiz as quiz_service
from quizapp.services import results as results_service
from quizapp.ui import theme
from quizapp.ui.context import AppContext
from quizapp.ui.models.attempt_table import AttemptTableModel
from quizapp.ui.widgets.score_chart import ScoreChart

ALL = "All learners"


class HistoryScreen(QWidget):
    """Past attempts (date, learner, pack, mode, score) and the scores over time.

    Attributes:
        learner_box: whose history (or everyone's).
        table: the attempts, newest first.
        chart: percent scores of finished attempts over time.
        review_button: open the selected attempt's review.
        back_button: back to the start screen.

    Signals:
        review_requested(QuizResults): show a past attempt's review.
        back_requested(): back to the start screen.
    """

    review_requested = Signal(object)
    back_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        heading = QLabel("History")
        theme.emphasize(heading, 1.6, bold=True)
        self.learner_box = QComboBox()
        self.learner_box.setObjectName("learner_box")
        self.learner_box.setAccessibleName("Whose history")
        self.model = AttemptTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("table")
        self.table.setAccessibleName("Past quizzes")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AttemptTableModel.PACK, QHeaderView.ResizeMode.Stretch)
        self.chart = ScoreChart()
        self.review_button = QPushButton("&Review this quiz")
        self.review_button.setObjectName("review_button")
        self.review_button.setAccessibleName("Review the selected quiz")
        self.back_button = QPushButton("&Back")
        self.back_button.setObjectName("back_button")
        self.back_button.setAccessibleName("Back to the start screen")
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(QLabel("Learner:"))
        top.addWidget(self.learner_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.review_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 2)
        layout.addWidget(QLabel("Scores over time (finished quizzes):"))
        layout.addWidget(self.chart, 1)
        layout.addLayout(buttons)
        self.learner_box.currentIndexChanged.connect(self._reload)
        self.review_button.clicked.connect(self.review_selected)
        self.table.doubleClicked.connect(self.review_selected)
        self.back_button.clicked.connect(self.back_requested)

    def refresh(self, learner: str | None = None) -> None:
        names = quiz_service.start_screen(self.context.bank).learners
        self.learner_box.blockSignals(True)
        self.learner_box.clear()
        self.learner_box.addItem(ALL, None)
        for name in names:
            self.learner_box.addItem(name, name)
        index = self.learner_box.findData(learner) if learner else 0
        self.learner_box.setCurrentIndex(max(index, 0))
        self.learner_box.blockSignals(False)
        self._reload()

    def _reload(self, *_: object) -> None:
        attempts = results_service.history(self.context.bank, self.learner_box.currentData())
        self.model.set_rows(attempts)
        self.chart.set_points([(a.started_at, a.percent) for a in attempts if a.status.scored])
        self.review_button.setEnabled(bool(attempts))
        if attempts:
            self.table.selectRow(0)

    def review_selected(self, *_: object) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        attempt = self.model.attempt_at(index.row())
        self.review_requested.emit(quiz_service.review(self.context.bank, attempt.id))
