"""The exam's question navigator and its summary page ("Finish…")."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.quiz import QuestionState, QuizRun
from quizapp.ui import theme

PER_ROW = 10
ANSWERED = "●"
NOT_ANSWERED = "○"
FLAG = "⚑"
LEGEND = f"{ANSWERED} answered   {NOT_ANSWERED} not answered   {FLAG} flagged   framed: this one"


def _numbers(positions: list[int]) -> str:
    return ", ".join(str(p + 1) for p in positions)


def question_words(run: QuizRun, position: int) -> list[str]:
    """A question's state in words: "answered", "flagged", "current"."""
    words = [run.state(position).value]
    if position in run.flags:
        words.append("flagged")
    if position == run.index:
        words.append("current")
    return words


class ExamNavigator(QWidget):
    """One numbered button per question, showing answered, not answered, flagged and current.

    Tab reaches the buttons; Space (or a click) goes to that question. In a sequential exam
    only the current question's button is enabled.

    Signals:
        chosen(int): the learner asked for the question at this position.
    """

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigator")
        self.setAccessibleName("Question navigator")
        self.buttons: list[QPushButton] = []
        # What each button shows (answered, flagged, current, reachable): only changes are drawn.
        self._shown: list[tuple[bool, bool, bool, bool] | None] = []
        buttons = QWidget()
        self.grid = QGridLayout(buttons)
        self.grid.setSpacing(4)
        self.grid.setContentsMargins(0, 0, 0, 0)
        # A long exam scrolls within three rows rather than pushing the question down.
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll_area.setWidget(buttons)
        self.legend_label = QLabel(LEGEND)
        self.legend_label.setProperty("role", "muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)
        layout.addWidget(self.legend_label)

    def set_count(self, count: int) -> None:
        if count == len(self.buttons):
            return
        for button in self.buttons:
            self.grid.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        self._shown = []
        for i in range(count):
            button = QPushButton(str(i + 1))
            button.setObjectName(f"nav_{i + 1}")
            button.setProperty("role", "nav")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(lambda _=False, p=i: self._choose(p))
            self.buttons.append(button)
        self._columns = 0
        self._lay_out()

    def _button_width(self) -> int:
        widest = f"{len(self.buttons)} {NOT_ANSWERED} {FLAG}"
        return self.fontMetrics().horizontalAdvance(widest) + 20

    def _lay_out(self) -> None:
        """As many buttons a row as fit the width (at most PER_ROW), three rows visible."""
        if not self.buttons:
            return
        width = self._button_width()
        room = self.width() - self.scroll_area.verticalScrollBar().sizeHint().width() - 4
        columns = max(1, min(PER_ROW, room // (width + self.grid.spacing())))
        if columns == self._columns:
            return
        self._columns = columns
        for i, button in enumerate(self.buttons):
            button.setFixedWidth(width)
            self.grid.addWidget(button, i // columns, i % columns)
        row = self.buttons[0].sizeHint().height() + self.grid.spacing()
        rows = min(3, (len(self.buttons) + columns - 1) // columns)
        self.scroll_area.setFixedHeight(rows * row + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._lay_out()

    def _choose(self, position: int) -> None:
        self.buttons[position].setChecked(position == self._current)
        self.chosen.emit(position)

    _current = -1
    _columns = 0

    def show_run(self, run: QuizRun) -> None:
        self.set_count(run.total)
        if len(self._shown) != len(self.buttons):
            self._shown = [None] * len(self.buttons)
        self._current = run.index
        for i, button in enumerate(self.buttons):
            answered = run.state(i) is QuestionState.ANSWERED
            flagged = i in run.flags
            state = (answered, flagged, i == run.index, run.reachable(i))
            if self._shown[i] == state:
                continue  # restyling every button at each key costs milliseconds on 100
            self._shown[i] = state
            text = f"{i + 1} {ANSWERED if answered else NOT_ANSWERED}" + (
                f" {FLAG}" if flagged else ""
            )
            button.setText(text)
            button.setChecked(i == run.index)
            button.setEnabled(run.reachable(i))
            button.setAccessibleName(f"Question {i + 1}: " + ", ".join(question_words(run, i)))
            if button.property("state") != ("answered" if answered else ""):
                button.setProperty("state", "answered" if answered else "")
                button.style().unpolish(button)
                button.style().polish(button)
        if 0 <= run.index < len(self.buttons):
            self.scroll_area.ensureWidgetVisible(self.buttons[run.index], 0, 4)


class ExamSummary(QWidget):
    """Moodle's "Summary of attempt": every question's state, then back or submit.

    Attributes:
        callout_label: the unanswered and flagged questions, called out.
        table: one row per question: number, state, flag. Enter goes to that question.
        return_button: "Return to the quiz".
        submit_button: "Submit all and finish".

    Signals:
        question_chosen(int), return_requested(), submit_requested().
    """

    question_chosen = Signal(int)
    return_requested = Signal()
    submit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run: QuizRun | None = None
        self.title_label = QLabel("Summary of attempt")
        theme.emphasize(self.title_label, 1.4, bold=True)
        self.callout_label = QLabel()
        self.callout_label.setObjectName("callout_label")
        self.callout_label.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("summary_table")
        self.table.setAccessibleName("Every question and its state")
        self.table.setHorizontalHeaderLabels(["Question", "Status", "Flagged"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.return_button = QPushButton("&Return to the quiz")
        self.return_button.setObjectName("return_button")
        self.return_button.setAccessibleName("Return to the quiz")
        self.submit_button = QPushButton("&Submit all and finish")
        self.submit_button.setObjectName("submit_button")
        self.submit_button.setAccessibleName("Submit all and finish")
        self.submit_button.setProperty("role", "primary")
        self.note_label = QLabel(
            "Once you submit, you can no longer change your answers. Nothing about right or "
            "wrong is shown before then."
        )
        self.note_label.setProperty("role", "muted")
        self.note_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.return_button)
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.callout_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note_label)
        layout.addLayout(buttons)
        self.table.activated.connect(lambda index: self._chosen(index.row()))
        self.return_button.clicked.connect(self.return_requested)
        self.submit_button.clicked.connect(self.submit_requested)

    def _chosen(self, row: int) -> None:
        if self.run is not None and self.run.reachable(row):
            self.question_chosen.emit(row)

    def show_run(self, run: QuizRun) -> None:
        self.run = run
        self.callout_label.setText(self.callout(run))
        self.callout_label.setAccessibleName(self.callout_label.text())
        self.table.setRowCount(run.total)
        for i in range(run.total):
            state = run.state(i)
            cells = (
                f"{i + 1}",
                ("✓ " if state is QuestionState.ANSWERED else "— ") + state.value.capitalize(),
                f"{FLAG} Flagged" if i in run.flags else "",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not run.reachable(i):
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(i, column, item)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)

    @staticmethod
    def callout(run: QuizRun) -> str:
        unanswered = run.unanswered()
        flagged = run.flagged()
        parts = []
        if unanswered:
            word = "question is" if len(unanswered) == 1 else "questions are"
            parts.append(f"{len(unanswered)} {word} not answered: {_numbers(unanswered)}.")
        else:
            parts.append(f"All {run.total} questions are answered.")
        if flagged:
            word = "question is" if len(flagged) == 1 else "questions are"
            parts.append(f"{len(flagged)} {word} flagged for review: {_numbers(flagged)}.")
        if not run.can_go_back:
            parts.append("This exam goes forward only: earlier questions cannot be changed.")
        return " ".join(parts)
