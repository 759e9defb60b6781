"""The results screen: the score, the time taken, and a review of every question."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from quizapp.core.quiz import AttemptStatus, format_points
from quizapp.services.quiz import QuizResults
from quizapp.ui import theme
from quizapp.ui.context import AppContext
from quizapp.ui.render import duration, review_html


class ResultsScreen(QWidget):
    """Shows ``7 / 10`` and the percentage, the time, and each question with its answer.

    Attributes:
        score_label: the score in words.
        time_label: time taken (and whether the time limit ran out).
        review_view: every question: prompt, your answer, the correct one, why, sources.
        retry_button: a new quiz of the questions answered wrongly.
        new_button: back to the start screen.
        history_button: to the history.

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
        self.time_label = QLabel()
        self.time_label.setObjectName("time_label")
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

        buttons = QHBoxLayout()
        buttons.addWidget(self.history_button)
        buttons.addStretch(1)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.score_label)
        layout.addWidget(self.time_label)
        layout.addWidget(self.review_view, 1)
        layout.addLayout(buttons)

        self.retry_button.clicked.connect(self._retry)
        self.new_button.clicked.connect(self.new_quiz_requested)
        self.history_button.clicked.connect(self.history_requested)

    def show_results(self, results: QuizResults, reviewing: bool = False) -> None:
        self.results = results
        a = results.attempt
        self.title_label.setText(f"{a.learner} · {a.pack_title} · {a.mode}")
        points = format_points(a.score)
        self.score_label.setText(f"{points} / {a.total}  ({a.percent:.0f}%)")
        self.score_label.setAccessibleName(
            f"Score {points} out of {a.total}, {a.percent:.0f} percent"
        )
        unanswered = sum(1 for x in results.answers.values() if not x.selected)
        time_text = f"Time taken: {duration(a.seconds)}"
        if a.status is AttemptStatus.EXPIRED:
            time_text += f" — the time limit ran out; {unanswered} unanswered counted as wrong"
        self.time_label.setText(time_text)
        self.review_view.setHtml(review_html(results.questions, results.answers))
        self.retry_button.setEnabled(bool(results.mistakes))
        self.new_button.setText("&Back" if reviewing else "&New quiz")
        self.new_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _retry(self) -> None:
        if self.results is not None and self.results.mistakes:
            self.retry_requested.emit(self.results)
