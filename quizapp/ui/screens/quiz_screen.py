"""The quiz screen: one question at a time, answered by keyboard or mouse.

Practice shows right or wrong, and why, after each answer. An exam (Moodle's "deferred
feedback") shows nothing of the kind until it is submitted: its answers can be changed,
questions flagged and visited in any order (or only forward, if the teacher said so), and
"Finish…" opens a summary before "Submit all and finish".

Only an answer key ever answers: 1-9 or A-I, T/F, or Space on a focused choice. Enter and →
move on and never answer; ← goes back; Ctrl+Enter opens the summary; Ctrl+F flags.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.marking import CERTAINTY_NAMES, Marking
from quizapp.core.model import QuestionType
from quizapp.core.quiz import Answer, NotAllowed, QuizOver, QuizQuestion, format_points
from quizapp.services import BankError, ServiceError
from quizapp.services.quiz import QuizSession
from quizapp.ui import theme
from quizapp.ui.context import AppContext
from quizapp.ui.dialogs.messages import ErrorMessage
from quizapp.ui.render import KEYS, LETTERS, choice_key, clock_text, explanation_html, verdict_text
from quizapp.ui.widgets.exam_navigator import ExamNavigator, ExamSummary

# Said to screen readers when this many seconds are left.
TIME_WARNINGS = (300, 60)
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ConfirmLeave:
    """Asks whether to leave a quiz (tests replace ``ask``)."""

    @classmethod
    def ask(cls, parent: QWidget) -> bool:
        answer = QMessageBox.question(
            parent,
            "Leave the quiz?",
            "Leave this quiz? Your answers so far are saved, and you can resume it later "
            "from the start screen.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes


class ConfirmSubmit:
    """Asks once more before submitting an exam with unanswered questions (tests replace it)."""

    @classmethod
    def ask(cls, parent: QWidget, unanswered: int) -> bool:
        some = "1 question is" if unanswered == 1 else f"{unanswered} questions are"
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Submit all and finish?",
            f"{some} not answered and will count as wrong. Once submitted, answers can no "
            "longer be changed.",
            QMessageBox.StandardButton.NoButton,
            parent,
        )
        submit = box.addButton("Submit all and finish", QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton("Return to the quiz", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.exec()
        return box.clickedButton() is submit


def _button(text: str, name: str, accessible: str, tip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(accessible)
    if tip:
        button.setToolTip(tip)
    return button


class QuizScreen(QWidget):
    """Shows the current question and, in practice mode, the answer with its sources.

    Attributes:
        pack_label, progress_label, score_label, timer_label: the header.
        progress_bar: how far the learner is (answered of all).
        navigator: the exam's numbered question buttons.
        prompt_label: the question.
        choice_buttons: one large button per choice, in the order shown.
        certainty_buttons: "How sure are you?" 1, 2, 3 (certainty-based marking).
        verdict_label: right or wrong, in words (practice).
        explanation_view: feedback, explanation and sources (practice).
        previous_button, flag_button, next_button, finish_button: moving about (exam).
        leave_button: leave the quiz.
        summary: the exam's summary page (Finish…).

    Signals:
        finished(QuizResults): the quiz ended (submitted, all answered, or out of time).
        left(): the learner left before the end (the quiz stays resumable).
    """

    finished = Signal(object)
    left = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.session: QuizSession | None = None
        self.choice_buttons: list[QPushButton] = []
        self._pending_choice: int | None = None  # practice with certainty: chosen, not sure yet
        self._warned: set[int] = set()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.pack_label = QLabel()
        self.pack_label.setProperty("role", "muted")
        self.progress_label = QLabel()
        self.progress_label.setObjectName("progress_label")
        theme.emphasize(self.progress_label, 1.1, bold=True)
        self.score_label = QLabel()
        self.score_label.setObjectName("score_label")
        self.timer_label = QLabel()
        self.timer_label.setObjectName("timer_label")
        self.timer_label.setAccessibleName("Time left")
        theme.emphasize(self.timer_label, 1.1, bold=True)
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("progress_bar")
        self.progress_bar.setAccessibleName("Progress")
        self.progress_bar.setProperty("role", "slim")
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setFixedHeight(5)
        self.navigator = ExamNavigator()

        self.prompt_label = QLabel()
        self.prompt_label.setObjectName("prompt_label")
        self.prompt_label.setWordWrap(True)
        self.prompt_label.setTextFormat(Qt.TextFormat.PlainText)
        self.prompt_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.prompt_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        theme.emphasize(self.prompt_label, 1.35, bold=True)
        self.hint_label = QLabel()
        self.hint_label.setObjectName("hint_label")
        self.hint_label.setProperty("role", "muted")
        self.hint_label.setWordWrap(True)
        self.image_label = QLabel()
        self.image_label.setObjectName("image_label")
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.choices_box = QVBoxLayout()
        self.choices_box.setSpacing(8)

        self.certainty_label = QLabel("How sure are you?")
        self.certainty_label.setObjectName("certainty_label")
        self.certainty_group = QButtonGroup(self)
        self.certainty_group.setExclusive(True)
        self.certainty_buttons: list[QPushButton] = []
        certainty_row = QHBoxLayout()
        certainty_row.addWidget(self.certainty_label)
        for level, name in CERTAINTY_NAMES.items():
            button = _button(
                f"{level}  {name}", f"certainty_{level}", f"Certainty {level}: {name}",
                f"Key {level}",
            )  # fmt: skip
            button.setProperty("role", "certainty")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(lambda _=False, c=level: self.set_certainty(c))
            self.certainty_group.addButton(button)
            self.certainty_buttons.append(button)
            certainty_row.addWidget(button)
        certainty_row.addStretch(1)
        self.certainty_row = QWidget()
        self.certainty_row.setLayout(certainty_row)

        self.verdict_label = QLabel()
        self.verdict_label.setObjectName("verdict_label")
        self.verdict_label.setWordWrap(True)
        theme.emphasize(self.verdict_label, 1.2, bold=True)
        self.explanation_view = QTextBrowser()
        self.explanation_view.setObjectName("explanation_view")
        self.explanation_view.setAccessibleName("Explanation and sources")
        self.explanation_view.setOpenExternalLinks(True)
        self.explanation_view.setMinimumHeight(180)
        self.explanation_view.setSizePolicy(
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding
        )

        self.leave_button = _button("Leave (Esc)", "leave_button", "Leave the quiz")
        self.previous_button = _button("Previous", "previous_button", "Previous question", "←")
        self.flag_button = _button("Flag", "flag_button", "Flag this question for review")
        self.flag_button.setToolTip("Ctrl+F: flag this question to come back to it")
        self.flag_button.setCheckable(True)
        self.next_button = _button("Next (Enter) ▶", "next_button", "Next question")
        self.next_button.setProperty("role", "primary")
        self.finish_button = _button(
            "Finish…", "finish_button", "Finish: see every question before submitting",
            "Ctrl+Enter",
        )  # fmt: skip
        self.keys_label = QLabel()
        self.keys_label.setObjectName("keys_label")
        self.keys_label.setProperty("role", "muted")
        self.keys_label.setWordWrap(True)

        self.pack_label.setWordWrap(True)
        header = QHBoxLayout()
        header.addWidget(self.progress_label)
        header.addStretch(1)
        header.addSpacing(16)
        header.addWidget(self.score_label)
        header.addSpacing(16)
        header.addWidget(self.timer_label)
        question = QWidget()
        question_layout = QVBoxLayout(question)
        question_layout.addWidget(self.prompt_label)
        question_layout.addWidget(self.image_label)
        question_layout.addWidget(self.hint_label)
        question_layout.addSpacing(8)
        question_layout.addLayout(self.choices_box)
        question_layout.addWidget(self.certainty_row)
        question_layout.addSpacing(8)
        question_layout.addWidget(self.verdict_label)
        question_layout.addWidget(self.explanation_view, 10)
        question_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(question)
        footer = QHBoxLayout()
        footer.addWidget(self.leave_button)
        footer.addStretch(1)
        footer.addWidget(self.previous_button)
        footer.addWidget(self.flag_button)
        footer.addWidget(self.next_button)
        footer.addWidget(self.finish_button)
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self.navigator)
        page_layout.addWidget(scroll, 1)
        page_layout.addLayout(footer)
        page_layout.addWidget(self.keys_label)
        self._summary: ExamSummary | None = None  # built when Finish… is first opened
        self.pages = QStackedWidget()
        self.pages.addWidget(page)
        self.question_page = page

        column = theme.reading_column(self)
        column.addWidget(self.pack_label)
        column.addLayout(header)
        column.addWidget(self.progress_bar)
        column.addWidget(self.pages, 1)

        self.timer = context.timer_factory(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        self.next_button.clicked.connect(self.go_on)
        self.previous_button.clicked.connect(self.go_back)
        self.flag_button.clicked.connect(self.toggle_flag)
        self.finish_button.clicked.connect(self.open_summary)
        self.leave_button.clicked.connect(self.leave)
        self.navigator.chosen.connect(self.go_to)

    # -- starting ------------------------------------------------------------------------------
    def begin(self, session: QuizSession) -> None:
        """Show ``session``'s current question (a new quiz, or one resumed)."""
        self.session = session
        self._warned = set()
        run = session.run
        self.pack_label.setText(session.pack_title)
        self.timer_label.setVisible(run.deadline is not None)
        self.timer_label.setProperty("role", "")
        exam = run.deferred
        self.navigator.setVisible(exam)
        for button in (self.previous_button, self.flag_button, self.finish_button):
            button.setVisible(exam)
        self.previous_button.setVisible(exam and run.can_go_back)
        self.pages.setCurrentWidget(self.question_page)
        if run.deadline is not None:
            self.timer.start()
        if run.finished:
            QTimer.singleShot(0, self._end)
            return
        self.show_question()

    @property
    def exam(self) -> bool:
        return self.session is not None and self.session.run.deferred

    @property
    def certainty(self) -> bool:
        return self.session is not None and self.session.run.marking is Marking.CERTAINTY

    # -- showing -------------------------------------------------------------------------------
    def show_question(self) -> None:
        session = self.session
        assert session is not None
        question = session.current
        if question is None:
            self._end()
            return
        run = session.run
        self._pending_choice = None
        self.progress_label.setText(f"Question {question.position + 1} of {run.total}")
        self.progress_label.setAccessibleName(self.progress_label.text())
        self.score_label.setVisible(not run.deferred)
        self._show_score()
        self._show_progress()
        self.tick()
        self.prompt_label.setText(question.prompt)
        self.prompt_label.setAccessibleName(question.prompt)
        self._show_image(question)
        self._build_choices(question)
        many = question.type is QuestionType.MULTIPLE_RESPONSE
        self.hint_label.setText(self._hint(question))
        self.hint_label.setVisible(bool(self.hint_label.text()))
        self.certainty_row.setVisible(self.certainty)
        self.verdict_label.hide()
        self.explanation_view.hide()
        self.explanation_view.clear()
        self.keys_label.setText(self._keys_text(question))
        if run.deferred:
            self.next_button.setText("Next")  # at the last question: the summary
            self.next_button.setEnabled(True)
            self.previous_button.setEnabled(run.can_go_back and question.position > 0)
            self.flag_button.setChecked(question.position in run.flags)
            self._show_exam_answer(question)
        else:
            self.next_button.setEnabled(False)
            self.next_button.setText("Check (Enter) ✓" if many else "Next (Enter) ▶")
            self._show_certainty(None)
        # Nothing is focused that a stray Space could answer: Tab reaches the choices.
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _hint(self, question: QuizQuestion) -> str:
        parts = []
        if question.type is QuestionType.MULTIPLE_RESPONSE:
            keys = "letter keys" if self.certainty else "number keys"
            parts.append(f"Select all that apply: {keys} pick and unpick")
            if not self.exam:
                parts[-1] += ", Enter checks"
        if self.certainty:
            parts.append(
                "then say how sure you are: 1, 2 or 3"
                if parts
                else "Choose, then say how sure you are: 1, 2 or 3"
            )
        return ("; ".join(parts) + ".") if parts else ""

    def _keys_text(self, question: QuizQuestion) -> str:
        n = len(question.choices)
        if question.type is QuestionType.TRUE_FALSE:
            answer = "T or F"
        elif self.certainty:
            answer = f"A–{LETTERS[min(n, len(LETTERS)) - 1]}"
        else:
            answer = f"1–{KEYS[min(n, len(KEYS)) - 1]} or A–{LETTERS[min(n, len(LETTERS)) - 1]}"
        if not self.exam:
            return f"Keys: {answer} answer · Enter next · Esc leave"
        back = " · ← previous" if self.session and self.session.run.can_go_back else ""
        sure = " · 1–3 how sure" if self.certainty else ""
        return (
            f"Keys: {answer} answer{sure} · Enter or → next{back} · Ctrl+F flag · "
            "Ctrl+Enter finish · Esc leave"
        )

    def _show_score(self) -> None:
        run = self.session.run if self.session else None
        if run is None:
            return
        self.score_label.setText(f"Score: {format_points(run.score)} / {run.answered_count}")
        self.score_label.setAccessibleName(self.score_label.text())

    def _show_progress(self) -> None:
        run = self.session.run if self.session else None
        if run is None:
            return
        self.progress_bar.setRange(0, max(run.total, 1))
        self.progress_bar.setValue(run.answered_count)
        self.progress_bar.setAccessibleDescription(
            f"{run.answered_count} of {run.total} questions answered"
        )
        if run.deferred:
            self.navigator.show_run(run)

    def _pixmap(self, question: QuizQuestion, path: str, width: int, height: int) -> QPixmap | None:
        session = self.session
        data = session.image(question, path) if session else None
        pixmap = QPixmap()
        if not data or not pixmap.loadFromData(data):
            return None
        if pixmap.width() > width or pixmap.height() > height:
            pixmap = pixmap.scaled(
                width,
                height,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        return pixmap

    def _show_image(self, question: QuizQuestion) -> None:
        pixmap = self._pixmap(question, question.image.path, 560, 320) if question.image else None
        self.image_label.setVisible(pixmap is not None)
        if pixmap is not None and question.image is not None:
            self.image_label.setPixmap(pixmap)
            self.image_label.setAccessibleName(f"Picture: {question.image.alt}")
            self.image_label.setToolTip(question.image.alt)
        else:
            self.image_label.clear()

    def _choice_text(self, question: QuizQuestion, index: int) -> str:
        key = choice_key(question.type, index, letters=self.certainty)
        text = question.choices[index].text
        return f"{key}   {text}" if key else text

    def _build_choices(self, question: QuizQuestion) -> None:
        for button in self.choice_buttons:
            self.choices_box.removeWidget(button)
            button.hide()  # gone from the screen now, deleted when Qt gets to it
            button.deleteLater()
        self.choice_buttons = []
        for i, choice in enumerate(question.choices):
            button = QPushButton(self._choice_text(question, i))
            button.setObjectName(f"choice_{i + 1}")
            button.setAccessibleName(f"Choice {i + 1}: {choice.text}")
            button.setProperty("role", "choice")
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            theme.emphasize(button, 1.15)
            if choice.image is not None:
                pixmap = self._pixmap(question, choice.image.path, 160, 120)
                if pixmap is not None:
                    button.setIcon(QIcon(pixmap))
                    button.setIconSize(pixmap.size())
                    button.setToolTip(choice.image.alt)
                    button.setAccessibleDescription(f"Picture: {choice.image.alt}")
            if question.type is QuestionType.MULTIPLE_RESPONSE and not self.exam:
                button.setText("☐ " + button.text())
                button.setCheckable(True)
                button.toggled.connect(lambda _on=False, b=button: self._on_pick_toggled(b))
            else:
                button.clicked.connect(lambda _=False, index=i: self.choose(index))
            button.installEventFilter(self)
            self.choices_box.addWidget(button)
            self.choice_buttons.append(button)

    def _on_pick_toggled(self, button: QPushButton) -> None:
        base = button.text().removeprefix("☑ ").removeprefix("☐ ")
        button.setText(("☑ " if button.isChecked() else "☐ ") + base)
        self.next_button.setEnabled(bool(self.picks()))

    def picks(self) -> list[int]:
        """The shown positions ticked in a select-all-that-apply question (practice)."""
        return [i for i, b in enumerate(self.choice_buttons) if b.isChecked()]

    def _show_selected(self, question: QuizQuestion, selected: set[int]) -> None:
        """Show which choices are picked (exam, or practice before the certainty): no marks."""
        many = question.type is QuestionType.MULTIPLE_RESPONSE
        for i, button in enumerate(self.choice_buttons):
            on = i in selected
            box = ("☑ " if on else "☐ ") if many else ("● " if on else "○ ")
            button.setText(box + self._choice_text(question, i))
            name = f"Choice {i + 1}: {question.choices[i].text}"
            button.setAccessibleName(name + (", selected" if on else ""))
            button.setProperty("state", "selected" if on else "")
            button.style().unpolish(button)
            button.style().polish(button)

    def _show_exam_answer(self, question: QuizQuestion) -> None:
        session = self.session
        assert session is not None
        answer = session.run.answers.get(question.position)
        self._show_selected(question, set(answer.selected) if answer else set())
        self._show_certainty(answer.certainty if answer else None)
        for button in self.certainty_buttons:
            button.setEnabled(answer is not None)

    def _show_certainty(self, level: int | None) -> None:
        self.certainty_group.setExclusive(False)
        for i, button in enumerate(self.certainty_buttons, start=1):
            button.setChecked(i == level)
            button.setEnabled(True)
        self.certainty_group.setExclusive(True)

    def _mark(self, question: QuizQuestion, answer: Answer) -> None:
        """Mark the chosen and the correct choices by symbol and words as well as colour."""
        picked = set(answer.selected)
        many = question.type is QuestionType.MULTIPLE_RESPONSE
        for i, (button, choice) in enumerate(
            zip(self.choice_buttons, question.choices, strict=True)
        ):
            notes = []
            state = ""
            if i in picked:
                notes.append("✔ your answer" if choice.correct else "✘ your answer")
                state = "right" if choice.correct else "wrong"
            elif choice.correct:
                notes.append("✔ correct answer" + (" (not picked)" if many else ""))
                state = "right"
            base = ("☑ " if i in picked else "☐ ") if many else ""
            button.setText(
                base
                + self._choice_text(question, i)
                + ("   — " + ", ".join(notes) if notes else "")
            )
            button.setAccessibleName(
                f"Choice {i + 1}: {choice.text}" + (", " + ", ".join(notes) if notes else "")
            )
            button.setProperty("state", state)
            button.style().unpolish(button)
            button.style().polish(button)

    # -- answering -----------------------------------------------------------------------------
    def choose(self, index: int) -> None:
        """Answer with the choice at shown position ``index`` (select-all: tick or untick it)."""
        session = self.session
        if session is None or session.current is None or self.pages.currentIndex() != 0:
            return
        question = session.current
        if index >= len(question.choices):
            return
        many = question.type is QuestionType.MULTIPLE_RESPONSE
        if session.run.deferred:
            if many:
                before = session.run.answers.get(question.position)
                picks = set(before.selected) if before else set()
                picks ^= {index}
                if picks:
                    self._answer(lambda: session.choose_many(sorted(picks)))
                else:
                    self._answer(session.clear)
            else:
                self._answer(lambda: session.choose(index))
            return
        if question.position in session.run.answers:
            return
        if many:
            self.choice_buttons[index].toggle()
            return
        if self.certainty:
            self._pending_choice = index
            self._show_selected(question, {index})
            self._ask_certainty()
            return
        self._answer(lambda: session.choose(index))

    def _ask_certainty(self) -> None:
        text = "How sure are you? Press 1, 2 or 3."
        self.certainty_label.setText(text)
        theme.announce(self.certainty_label, text)

    def set_certainty(self, level: int) -> None:
        """Say how sure (1-3): an exam re-marks its answer; practice then shows the feedback."""
        session = self.session
        if session is None or session.current is None or not self.certainty:
            return
        question = session.current
        if session.run.deferred:
            if question.position not in session.run.answers:
                self._show_certainty(None)
                self.certainty_label.setText("Choose an answer first, then say how sure.")
                return
            self._answer(lambda: session.set_certainty(level))
            return
        if question.position in session.run.answers:
            return
        if question.type is QuestionType.MULTIPLE_RESPONSE:
            picks = self.picks()
            if not picks:
                self._show_certainty(None)
                return
            self._show_certainty(level)
            self._answer(lambda: session.choose_many(picks, level))
            return
        if self._pending_choice is None:
            self._show_certainty(None)
            self.certainty_label.setText("Choose an answer first, then say how sure.")
            return
        choice = self._pending_choice
        self._show_certainty(level)
        self._answer(lambda: session.choose(choice, level))

    def check(self) -> None:
        """Submit the ticked choices of a select-all-that-apply question (practice)."""
        session = self.session
        if session is None or session.current is None or not self.picks():
            return
        if self.certainty:
            self._ask_certainty()
            return
        picks = self.picks()
        self._answer(lambda: session.choose_many(picks))

    def _answer(self, give: Callable[[], object]) -> None:
        session = self.session
        assert session is not None
        question = session.current
        assert question is not None
        try:
            result = give()
        except QuizOver:
            self._end()
            return
        except (ServiceError, BankError) as error:  # not saved, so not given: it can be again
            text = error.message if isinstance(error, BankError) else str(error)
            ErrorMessage.show(self, "Your answer was not saved", text[:1].upper() + text[1:])
            if session.run.deferred:
                self._show_exam_answer(question)
            return
        if session.run.expired:
            self._end()
            return
        if session.run.deferred:
            self._show_exam_answer(question)
            self._show_progress()
            return
        assert isinstance(result, Answer)
        for button in self.choice_buttons:
            button.blockSignals(True)
            button.setCheckable(False)  # answered: the marks below say what was picked
            button.blockSignals(False)
        for button in self.certainty_buttons:
            button.setEnabled(False)
        self._mark(question, result)
        self._show_score()
        self._show_progress()
        verdict = verdict_text(result, question)
        if self.certainty:
            verdict += f"  ({format_points(result.marks)} at certainty {result.certainty})"
        self.verdict_label.setText(verdict)
        self.verdict_label.setProperty(
            "role", "verdict-right" if result.correct else "verdict-wrong"
        )
        self.verdict_label.style().unpolish(self.verdict_label)
        self.verdict_label.style().polish(self.verdict_label)
        self.verdict_label.show()
        self.explanation_view.setHtml(explanation_html(question, result))
        self.explanation_view.show()
        last = len(session.run.answers) == session.run.total
        self.next_button.setText("See the results (Enter) ▶" if last else "Next (Enter) ▶")
        self.next_button.setEnabled(True)
        self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)
        theme.announce(self.verdict_label, verdict)

    # -- moving --------------------------------------------------------------------------------
    def go_on(self) -> None:
        """Next question (never answers one); practice: the results after the last one."""
        session = self.session
        if session is None or self.pages.currentIndex() != 0:
            return
        if session.run.deferred:
            self._move(session.next, at_end=self.open_summary)
            return
        current = session.current
        if current is not None and current.position not in session.run.answers:
            if current.type is QuestionType.MULTIPLE_RESPONSE:
                self.check()
            return  # answer first
        if session.next() is None:
            self._end()
        else:
            self.show_question()

    def go_back(self) -> None:
        session = self.session
        if session is None or not session.run.can_go_back or self.pages.currentIndex() != 0:
            return
        self._move(session.back)

    def go_to(self, position: int) -> None:
        """Show the exam question at ``position`` (the navigator, the summary)."""
        session = self.session
        if session is None or not session.run.deferred:
            return
        self.pages.setCurrentWidget(self.question_page)
        self._move(lambda: session.go_to(position))

    def _move(
        self, move: Callable[[], QuizQuestion | None], at_end: Callable[[], None] | None = None
    ) -> None:
        try:
            shown = move()
        except NotAllowed:
            return
        except QuizOver:
            self._end()
            return
        except BankError as error:
            ErrorMessage.show(self, "quizapp could not move on", error.message)
            return
        if shown is None and at_end is not None:
            at_end()
            return
        self.show_question()

    def toggle_flag(self) -> None:
        session = self.session
        if session is None or not session.run.deferred or session.current is None:
            return
        position = session.current.position
        try:
            flagged = session.toggle_flag()
        except (ServiceError, BankError, QuizOver) as error:
            text = error.message if isinstance(error, BankError) else str(error)
            ErrorMessage.show(self, "The flag was not saved", text[:1].upper() + text[1:])
            flagged = position in session.run.flags
        self.flag_button.setChecked(flagged)
        self._show_progress()
        said = f"Question {position + 1} " + ("flagged for review" if flagged else "unflagged")
        theme.announce(self.flag_button, said)

    @property
    def summary(self) -> ExamSummary:
        """The summary page, built the first time it is needed (not on the launch path)."""
        if self._summary is None:
            self._summary = ExamSummary()
            self.pages.addWidget(self._summary)
            self._summary.question_chosen.connect(self.go_to)
            self._summary.return_requested.connect(self.return_to_quiz)
            self._summary.submit_requested.connect(self.submit_all)
        return self._summary

    @property
    def _on_summary(self) -> bool:
        return self._summary is not None and self.pages.currentWidget() is self._summary

    def open_summary(self) -> None:
        """Finish…: every question's state, then Return to the quiz or Submit all and finish."""
        session = self.session
        if session is None or not session.run.deferred:
            return
        self.summary.show_run(session.run)
        self.pages.setCurrentWidget(self.summary)
        self.summary.submit_button.setFocus(Qt.FocusReason.OtherFocusReason)
        theme.announce(self.summary.callout_label, self.summary.callout_label.text())

    def return_to_quiz(self) -> None:
        if self.session is None:
            return
        self.pages.setCurrentWidget(self.question_page)
        self.show_question()

    def submit_all(self) -> None:
        """Submit all and finish (asking once more when some questions are unanswered)."""
        session = self.session
        if session is None:
            return
        unanswered = len(session.run.unanswered())
        if unanswered and not ConfirmSubmit.ask(self, unanswered):
            return
        self._end()

    def tick(self) -> None:
        """Update the countdown; warn at 5 and 1 minutes; end the quiz when time runs out."""
        session = self.session
        if session is None or session.run.deadline is None:
            return
        if session.check_time():
            theme.announce(self.timer_label, "Time is up: the exam is submitted.")
            self._end()
            return
        remaining = session.run.remaining()
        if remaining is None:
            return
        seconds = remaining.total_seconds()
        text = clock_text(seconds)
        self.timer_label.setText(f"Time left {text}")
        self.timer_label.setAccessibleName(f"Time left {text}")
        for limit in TIME_WARNINGS:
            if seconds <= limit and limit not in self._warned:
                self._warned.update(w for w in TIME_WARNINGS if w >= limit)
                minutes = limit // 60
                said = f"{minutes} minute{'s' if minutes != 1 else ''} left"
                self.timer_label.setProperty("role", "warning")
                self.timer_label.style().unpolish(self.timer_label)
                self.timer_label.style().polish(self.timer_label)
                theme.announce(self.timer_label, said)
                break

    def _end(self) -> None:
        session = self.session
        if session is None:
            return
        self.timer.stop()
        self.session = None
        try:
            results = session.finish()
        except BankError as error:
            self.session = session
            ErrorMessage.show(self, "The quiz could not be submitted", error.message)
            return
        self.pages.setCurrentWidget(self.question_page)
        self.finished.emit(results)

    def leave(self) -> None:
        """Leave after asking; answers are already saved and the quiz can be resumed."""
        if self.session is None:
            return
        if not ConfirmLeave.ask(self):
            return
        self.timer.stop()
        self.session = None
        self.pages.setCurrentWidget(self.question_page)
        self.left.emit()

    # -- keyboard ------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A choice button would take Enter for itself: here Enter moves on, never answers.
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and watched in self.choice_buttons
            and event.key() != Qt.Key.Key_Space
            and self._handle_key(event)
        ):
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._handle_key(event):
            super().keyPressEvent(event)

    def _handle_key(self, event: QKeyEvent) -> bool:
        session = self.session
        if session is None:
            return False
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_Escape:
            if self._on_summary:
                self.return_to_quiz()
            else:
                self.leave()
            return True
        if self._on_summary:
            return False  # the summary's own buttons and table take the keys
        if session.run.deferred:
            if ctrl and key in _ENTER:
                self.open_summary()
                return True
            if ctrl and key == Qt.Key.Key_F:
                self.toggle_flag()
                return True
            if key == Qt.Key.Key_Left:
                self.go_back()
                return True
        if key in (*_ENTER, Qt.Key.Key_Right):
            self.go_on()  # moves on; never answers
            return True
        if key == Qt.Key.Key_Space:
            focused = self.focusWidget()
            if focused in self.choice_buttons:
                self.choose(self.choice_buttons.index(focused))
                return True
            return False
        question = session.current
        if question is None or event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            return False
        text = event.text().upper()
        if not text:
            return False
        if self.certainty and text in "123":
            self.set_certainty(int(text))
            return True
        if question.type is QuestionType.TRUE_FALSE and text in ("T", "F"):
            self.choose(0 if text == "T" else 1)
            return True
        for keys in (LETTERS,) if self.certainty else (KEYS, LETTERS):
            if text in keys and keys.index(text) < len(question.choices):
                self.choose(keys.index(text))
                return True
        return False
