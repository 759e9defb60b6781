"""The quiz screen: one question at a time, answered by keyboard or mouse."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.model import QuestionType
from quizapp.core.quiz import Answer, Mode, QuizOver, QuizQuestion, format_points
from quizapp.services import BankError, ServiceError
from quizapp.services.quiz import QuizSession
from quizapp.ui import theme
from quizapp.ui.context import AppContext
from quizapp.ui.dialogs.messages import ErrorMessage
from quizapp.ui.render import KEYS, LETTERS, choice_key, clock_text, explanation_html, verdict_text


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


class QuizScreen(QWidget):
    """Shows the current question and, in practice mode, the answer with its sources.

    Keys: 1-9 or A-I pick a choice; T/F answer true/false; Enter or Space go on;
    Esc leaves (after asking).

    Attributes:
        pack_label, progress_label, score_label, timer_label: the header.
        prompt_label: the question.
        choice_buttons: one large button per choice, in the order shown.
        verdict_label: right or wrong, in words (practice).
        explanation_view: feedback, explanation and sources (practice).
        next_button: go on (or see the results).
        leave_button: leave the quiz.

    Signals:
        finished(QuizResults): the quiz ended (all answered, or out of time).
        left(): the learner left before the end (the quiz stays resumable).
    """

    finished = Signal(object)
    left = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.session: QuizSession | None = None
        self.choice_buttons: list[QPushButton] = []

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

        self.prompt_label = QLabel()
        self.prompt_label.setObjectName("prompt_label")
        self.prompt_label.setWordWrap(True)
        self.prompt_label.setTextFormat(Qt.TextFormat.PlainText)
        self.prompt_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.prompt_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        theme.emphasize(self.prompt_label, 1.35, bold=True)
        self.hint_label = QLabel(
            "Select all that apply: number keys pick and unpick, Enter checks."
        )
        self.hint_label.setObjectName("hint_label")
        self.hint_label.setProperty("role", "muted")
        self.image_label = QLabel()
        self.image_label.setObjectName("image_label")
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.choices_box = QVBoxLayout()
        self.choices_box.setSpacing(8)

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

        self.leave_button = QPushButton("Leave (Esc)")
        self.leave_button.setObjectName("leave_button")
        self.leave_button.setAccessibleName("Leave the quiz")
        self.next_button = QPushButton("Next (Enter) ▶")
        self.next_button.setObjectName("next_button")
        self.next_button.setAccessibleName("Next question")
        self.next_button.setProperty("role", "primary")

        header = QHBoxLayout()
        header.addWidget(self.pack_label, 1)
        header.addWidget(self.progress_label)
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
        footer.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(scroll, 1)
        layout.addLayout(footer)

        self.timer = context.timer_factory(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        self.next_button.clicked.connect(self.go_on)
        self.leave_button.clicked.connect(self.leave)

    # -- starting ------------------------------------------------------------------------------
    def begin(self, session: QuizSession) -> None:
        """Show ``session``'s current question (a new quiz, or one resumed)."""
        self.session = session
        self.pack_label.setText(session.pack_title)
        self.timer_label.setVisible(session.run.deadline is not None)
        if session.run.deadline is not None:
            self.timer.start()
        if session.run.finished:
            QTimer.singleShot(0, self._end)
            return
        self.show_question()

    # -- showing -------------------------------------------------------------------------------
    def show_question(self) -> None:
        session = self.session
        assert session is not None
        question = session.current
        if question is None:
            self._end()
            return
        run = session.run
        self.progress_label.setText(f"Question {question.position + 1} of {run.total}")
        self.progress_label.setAccessibleName(self.progress_label.text())
        practice = run.mode is Mode.PRACTICE
        self.score_label.setVisible(practice)
        self._show_score()
        self.tick()
        self.prompt_label.setText(question.prompt)
        self.prompt_label.setAccessibleName(question.prompt)
        self._show_image(question)
        self._build_choices(question)
        many = question.type is QuestionType.MULTIPLE_RESPONSE
        self.hint_label.setVisible(many)
        self.verdict_label.hide()
        self.explanation_view.hide()
        self.explanation_view.clear()
        self.next_button.setEnabled(False)
        self.next_button.setText("Check (Enter) ✓" if many else "Next (Enter) ▶")
        if self.choice_buttons:
            self.choice_buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_score(self) -> None:
        run = self.session.run if self.session else None
        if run is None:
            return
        self.score_label.setText(f"Score: {format_points(run.score)} / {run.answered_count}")
        self.score_label.setAccessibleName(self.score_label.text())

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

    def _build_choices(self, question: QuizQuestion) -> None:
        for button in self.choice_buttons:
            self.choices_box.removeWidget(button)
            button.hide()  # gone from the screen now, deleted when Qt gets to it
            button.deleteLater()
        self.choice_buttons = []
        for i, choice in enumerate(question.choices):
            key = choice_key(question.type, i)
            button = QPushButton(f"{key}   {choice.text}" if key else choice.text)
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
            if question.type is QuestionType.MULTIPLE_RESPONSE:
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
        """The shown positions ticked in a select-all-that-apply question."""
        return [i for i, b in enumerate(self.choice_buttons) if b.isChecked()]

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
            base = button.text().split("   —")[0]
            button.setText(base + ("   — " + ", ".join(notes) if notes else ""))
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
        if session is None or session.current is None:
            return
        question = session.current
        if question.position in session.run.answers or index >= len(question.choices):
            return
        if question.type is QuestionType.MULTIPLE_RESPONSE:
            self.choice_buttons[index].toggle()
            return
        self._answer(lambda: session.choose(index))

    def check(self) -> None:
        """Submit the ticked choices of a select-all-that-apply question."""
        session = self.session
        if session is None or session.current is None or not self.picks():
            return
        picks = self.picks()
        self._answer(lambda: session.choose_many(picks))

    def _answer(self, give: Callable[[], Answer]) -> None:
        session = self.session
        assert session is not None
        question = session.current
        assert question is not None
        try:
            answer = give()
        except QuizOver:
            self._end()
            return
        except (ServiceError, BankError) as error:  # not saved, so not given: it can be again
            text = error.message if isinstance(error, BankError) else str(error)
            ErrorMessage.show(self, "Your answer was not saved", text[:1].upper() + text[1:])
            return
        if session.run.finished and session.run.expired:
            self._end()
            return
        for button in self.choice_buttons:
            button.setEnabled(session.run.mode is Mode.PRACTICE)
            button.blockSignals(True)
            button.setCheckable(False)  # answered: the marks below say what was picked
            button.blockSignals(False)
        if session.run.mode is Mode.EXAM:
            self.go_on()
            return
        self._mark(question, answer)
        self._show_score()
        verdict = verdict_text(answer, question)
        self.verdict_label.setText(verdict)
        self.verdict_label.setProperty(
            "role", "verdict-right" if answer.correct else "verdict-wrong"
        )
        self.verdict_label.style().unpolish(self.verdict_label)
        self.verdict_label.style().polish(self.verdict_label)
        self.verdict_label.show()
        self.explanation_view.setHtml(explanation_html(question, answer))
        self.explanation_view.show()
        last = len(session.run.answers) == session.run.total
        self.next_button.setText("See the results (Enter) ▶" if last else "Next (Enter) ▶")
        self.next_button.setEnabled(True)
        self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)
        theme.announce(self.verdict_label, verdict)

    def go_on(self) -> None:
        """Next question, or the results after the last one (or check a select-all answer)."""
        session = self.session
        if session is None:
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

    def tick(self) -> None:
        """Update the countdown; end the quiz when the time limit runs out."""
        session = self.session
        if session is None or session.run.deadline is None:
            return
        if session.check_time():
            self._end()
            return
        remaining = session.run.remaining()
        if remaining is not None:
            text = clock_text(remaining.total_seconds())
            self.timer_label.setText(f"⏱ {text}")
            self.timer_label.setAccessibleName(f"Time left {text}")

    def _end(self) -> None:
        session = self.session
        if session is None:
            return
        self.timer.stop()
        self.session = None
        results = session.finish()
        self.finished.emit(results)

    def leave(self) -> None:
        """Leave after asking; answers are already saved and the quiz can be resumed."""
        if self.session is None:
            return
        if not ConfirmLeave.ask(self):
            return
        self.timer.stop()
        self.session = None
        self.left.emit()

    # -- keyboard ------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Choice buttons would take Space and Enter for themselves; after an answer they
        # mean "go on", before it they pick the focused choice.
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
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
        if key == Qt.Key.Key_Escape:
            self.leave()
            return True
        question = session.current  # None once every question is answered
        answered = question is None or question.position in session.run.answers
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if answered:
                self.go_on()
                return True
            many = question is not None and question.type is QuestionType.MULTIPLE_RESPONSE
            if many and key != Qt.Key.Key_Space:
                self.check()
                return True
            focused = self.focusWidget()
            if key != Qt.Key.Key_Space and focused in self.choice_buttons:
                self.choose(self.choice_buttons.index(focused))
                return True
            return False
        if (
            question is None
            or answered
            or event.modifiers()
            & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        ):
            return False
        text = event.text().upper()
        if not text:
            return False
        if question.type is QuestionType.TRUE_FALSE and text in ("T", "F"):
            self.choose(0 if text == "T" else 1)
            return True
        for keys in (KEYS, LETTERS):
            if text in keys and keys.index(text) < len(question.choices):
                self.choose(keys.index(text))
                return True
        return False
