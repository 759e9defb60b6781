"""Exams in the real window: navigation, flags, the summary, keys that never answer by accident,
marking schemes and what a screen reader is told."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent
from pytestqt.qtbot import QtBot

from quizapp.core.marking import Marking, Navigation
from quizapp.core.quiz import Mode, Outcome, format_points
from quizapp.services import Bank, open_bank
from quizapp.services.quiz import QuizRequest, QuizSession
from quizapp.ui.context import AppContext
from quizapp.ui.main_window import MainWindow
from quizapp.ui.screens.quiz_screen import ConfirmSubmit, QuizScreen

from ..helpers import FakeClock


@pytest.fixture
def announced(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """What the app asked screen readers to say (QAccessibleAnnouncementEvent messages)."""
    said: list[str] = []
    original = QAccessible.updateAccessibility

    def capture(event: QAccessibleEvent) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            said.append(event.message())
        original(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(capture))
    yield said


def start(qtbot: QtBot, window: MainWindow, count: int = 4, **kwargs: object) -> QuizScreen:
    options = {"mode": Mode.EXAM, "count": count, "seed": 5, "shuffle": False} | kwargs
    session = QuizSession.start(
        window.context.bank,
        QuizRequest("numbers", "Ada", **options),  # type: ignore[arg-type]
        window.context.clock,
    )
    window.show_quiz(session)
    quiz = window.quiz_screen
    qtbot.waitUntil(lambda: window.stack.currentWidget() is quiz)
    return quiz


def key(qtbot: QtBot, quiz: QuizScreen, k: Qt.Key | str, ctrl: bool = False) -> None:
    """A key pressed wherever the focus is, as a learner would."""
    target = quiz.focusWidget() or quiz
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    if isinstance(k, str) and not ctrl:
        qtbot.keyClicks(target, k)
    else:
        qtbot.keyClick(target, k, modifier)


def answer_key(quiz: QuizScreen, right: bool, letters: bool = False) -> str:
    """The key that answers the current question rightly (or wrongly), whatever its type."""
    assert quiz.session is not None and quiz.session.current is not None
    q = quiz.session.current
    index = q.correct_index if right else (q.correct_index + 1) % len(q.choices)
    if q.type.value == "true_false":
        return "tf"[index]
    return ("abcdefghi" if letters else "123456789")[index]


def key_index(k: str) -> int:
    """The shown position an answer key picks."""
    return "tf".index(k) if k in "tf" else "123456789".index(k)


def position(quiz: QuizScreen) -> int:
    assert quiz.session is not None and quiz.session.current is not None
    return quiz.session.current.position


def test_two_then_enter_enter_answers_only_what_the_learner_chose(
    qtbot: QtBot, window: MainWindow
) -> None:
    quiz = start(qtbot, window, 4)
    key(qtbot, quiz, "2")
    for _ in range(3):
        key(qtbot, quiz, Qt.Key.Key_Return)
    assert position(quiz) == 3
    session = quiz.session
    assert session is not None
    assert {p: a.chosen for p, a in session.run.answers.items()} == {0: 1}
    # Tabbing to a choice and pressing Enter still only moves on.
    session.go_to(1)
    quiz.show_question()
    quiz.choice_buttons[0].setFocus()
    qtbot.keyClick(quiz.choice_buttons[0], Qt.Key.Key_Return)
    assert position(quiz) == 2 and set(session.run.answers) == {0}
    # Space on a focused choice is an answer key.
    quiz.choice_buttons[1].setFocus()
    qtbot.keyClick(quiz.choice_buttons[1], Qt.Key.Key_Space)
    assert session.run.answers[2].chosen == 1


def test_practice_two_then_enter_enter_never_answers_the_next_question(
    qtbot: QtBot, window: MainWindow
) -> None:
    quiz = start(qtbot, window, 4, mode=Mode.PRACTICE)
    key(qtbot, quiz, "2")
    key(qtbot, quiz, Qt.Key.Key_Return)  # read why, go on
    key(qtbot, quiz, Qt.Key.Key_Return)  # out of habit: must not answer question 2
    key(qtbot, quiz, Qt.Key.Key_Space)  # nor a stray Space
    session = quiz.session
    assert session is not None
    assert set(session.run.answers) == {0}
    assert position(quiz) == 1 and not quiz.verdict_label.isVisible()


def test_a_whole_exam_by_keyboard(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, announced: list[str]
) -> None:
    quiz = start(qtbot, window, 4)
    assert quiz.next_button.text() == "Next" and quiz.previous_button.text() == "Previous"
    assert quiz.flag_button.text() == "Flag" and quiz.finish_button.text() == "Finish…"
    # Answer question 1 wrongly...
    wrong = answer_key(quiz, False)
    right = answer_key(quiz, True)
    wrong_index, right_index = key_index(wrong), key_index(right)
    key(qtbot, quiz, wrong)
    assert "selected" in quiz.choice_buttons[wrong_index].accessibleName()
    assert not quiz.verdict_label.isVisible() and not quiz.explanation_view.isVisible()
    key(qtbot, quiz, Qt.Key.Key_Return)  # moves on, answers nothing
    assert position(quiz) == 1 and quiz.progress_label.text() == "Question 2 of 4"
    key(qtbot, quiz, Qt.Key.Key_Left)  # ...go back and change it
    assert position(quiz) == 0
    assert "selected" in quiz.choice_buttons[wrong_index].accessibleName()
    key(qtbot, quiz, right)
    assert "selected" in quiz.choice_buttons[right_index].accessibleName()
    assert "selected" not in quiz.choice_buttons[wrong_index].accessibleName()
    key(qtbot, quiz, Qt.Key.Key_Right)
    key(qtbot, quiz, Qt.Key.Key_Right)
    key(qtbot, quiz, "f", ctrl=True)  # flag question 3
    assert quiz.flag_button.isChecked()
    assert (
        quiz.navigator.buttons[2].accessibleName() == "Question 3: not answered, flagged, current"
    )
    assert quiz.navigator.buttons[0].accessibleName() == "Question 1: answered"
    assert "Question 3 flagged for review" in announced
    key(qtbot, quiz, Qt.Key.Key_Return, ctrl=True)  # Finish…
    summary = quiz.summary
    assert quiz.pages.currentWidget() is summary
    assert summary.callout_label.text() == (
        "3 questions are not answered: 2, 3, 4. 1 question is flagged for review: 3."
    )
    assert summary.table.item(2, 2).text() == "⚑ Flagged"
    assert summary.table.item(0, 1).text() == "✓ Answered"
    key(qtbot, quiz, Qt.Key.Key_Escape)  # Return to the quiz
    assert quiz.pages.currentWidget() is quiz.question_page and position(quiz) == 2
    key(qtbot, quiz, answer_key(quiz, True))
    key(qtbot, quiz, Qt.Key.Key_Return, ctrl=True)
    asked: list[int] = []
    monkeypatch.setattr(
        ConfirmSubmit, "ask", classmethod(lambda cls, parent, n: asked.append(n) or True)
    )
    qtbot.keyClick(summary.submit_button, Qt.Key.Key_Space)  # Submit all and finish
    assert asked == [2]  # asked once more: 2 and 4 are unanswered
    results = window.results_screen
    qtbot.waitUntil(lambda: window.stack.currentWidget() is results)
    assert results.score_label.text() == "2 / 4  (50%)"  # the changed answer counts
    grid = [[results.grid.item(r, c).text() for c in range(3)] for r in range(4)]
    assert grid == [
        ["1", "✔ Right", ""],
        ["2", "— Unanswered", ""],
        ["3", "✔ Right", "⚑ Flagged"],
        ["4", "— Unanswered", ""],
    ]


def test_the_navigator_goes_to_a_question_by_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    quiz = start(qtbot, window, 4)
    button = quiz.navigator.buttons[3]
    assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert position(quiz) == 3
    assert quiz.navigator.buttons[3].isChecked() and not quiz.navigator.buttons[0].isChecked()


def test_declining_the_last_check_keeps_the_exam_open(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    quiz = start(qtbot, window, 3)
    monkeypatch.setattr(ConfirmSubmit, "ask", classmethod(lambda cls, parent, n: False))
    quiz.open_summary()
    qtbot.mouseClick(quiz.summary.submit_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is quiz and quiz.session is not None
    qtbot.mouseClick(quiz.summary.return_button, Qt.MouseButton.LeftButton)
    assert quiz.pages.currentWidget() is quiz.question_page


def test_a_sequential_exam_has_no_way_back(qtbot: QtBot, window: MainWindow) -> None:
    quiz = start(qtbot, window, 3, navigation=Navigation.SEQUENTIAL)
    assert not quiz.previous_button.isVisible()
    key(qtbot, quiz, answer_key(quiz, True))
    key(qtbot, quiz, Qt.Key.Key_Return)
    key(qtbot, quiz, Qt.Key.Key_Left)
    assert position(quiz) == 1
    assert not quiz.navigator.buttons[0].isEnabled() and quiz.navigator.buttons[1].isEnabled()
    quiz.open_summary()
    assert "forward only" in quiz.summary.callout_label.text()


def test_killed_after_a_change_the_exam_comes_back_as_it_was(
    qtbot: QtBot, window: MainWindow, numbers_bank: Bank
) -> None:
    quiz = start(qtbot, window, 4)
    right = answer_key(quiz, True)
    key(qtbot, quiz, answer_key(quiz, False))
    key(qtbot, quiz, right)  # changed
    right_index = key_index(right)
    key(qtbot, quiz, Qt.Key.Key_Return)
    key(qtbot, quiz, "f", ctrl=True)
    key(qtbot, quiz, Qt.Key.Key_Return)
    # The process dies: only what was committed is left.
    window.hide()
    numbers_bank.close()
    bank = open_bank(numbers_bank.path)
    again = MainWindow(AppContext(bank, FakeClock()))
    qtbot.addWidget(again)
    again.start_screen.refresh()
    again.show()
    assert again.start_screen.resume_banner.isVisible()
    qtbot.mouseClick(again.start_screen.resume_button, Qt.MouseButton.LeftButton)
    resumed = again.quiz_screen
    assert resumed.progress_label.text() == "Question 3 of 4"
    assert resumed.navigator.buttons[0].accessibleName() == "Question 1: answered"
    assert resumed.navigator.buttons[1].accessibleName() == "Question 2: not answered, flagged"
    resumed.go_back()
    resumed.go_back()
    assert "selected" in resumed.choice_buttons[right_index].accessibleName()
    bank.close()


def test_time_running_out_mid_exam_warns_then_submits(
    qtbot: QtBot, window: MainWindow, clock: FakeClock, announced: list[str]
) -> None:
    quiz = start(qtbot, window, 3, time_limit_minutes=6)
    key(qtbot, quiz, answer_key(quiz, True))
    key(qtbot, quiz, Qt.Key.Key_Return)
    key(qtbot, quiz, "f", ctrl=True)
    clock.advance(61)
    quiz.timer.timeout.emit()
    assert "5 minutes left" in announced
    clock.advance(4 * 60)
    quiz.timer.timeout.emit()
    assert "1 minute left" in announced
    assert announced.count("5 minutes left") == 1
    clock.advance(60)
    quiz.timer.timeout.emit()
    results = window.results_screen
    qtbot.waitUntil(lambda: window.stack.currentWidget() is results)
    assert "Time is up: the exam is submitted." in announced
    assert results.score_label.text() == "1 / 3  (33%)"
    assert "2 unanswered counted as wrong" in results.time_label.text()
    assert results.grid.item(1, 2).text() == "⚑ Flagged"


def test_right_and_wrong_are_announced_in_practice(
    qtbot: QtBot, window: MainWindow, announced: list[str]
) -> None:
    quiz = start(qtbot, window, 2, mode=Mode.PRACTICE)
    key(qtbot, quiz, answer_key(quiz, True))
    assert announced[-1] == "✔ Correct"
    key(qtbot, quiz, Qt.Key.Key_Return)
    key(qtbot, quiz, answer_key(quiz, False))
    assert announced[-1].startswith("✘ Not quite")


def test_certainty_in_an_exam_and_the_calibration_view(qtbot: QtBot, window: MainWindow) -> None:
    quiz = start(qtbot, window, 4, marking=Marking.CERTAINTY)
    assert quiz.certainty_row.isVisible()
    first = quiz.choice_buttons[0].text()
    assert first.endswith(("A   right", "T   True"))  # letters: 1-3 say how sure
    # right at 3, wrong at 3, right at 2, right with no certainty
    for right, level in ((True, "3"), (False, "3"), (True, "2"), (True, "")):
        key(qtbot, quiz, answer_key(quiz, right, letters=True))
        if level:
            key(qtbot, quiz, level)
            assert quiz.certainty_buttons[int(level) - 1].isChecked()
        key(qtbot, quiz, Qt.Key.Key_Return)
    assert quiz.pages.currentWidget() is quiz.summary  # Enter at the last question
    qtbot.mouseClick(quiz.summary.submit_button, Qt.MouseButton.LeftButton)
    results = window.results_screen
    qtbot.waitUntil(lambda: window.stack.currentWidget() is results)
    assert results.score_label.text() == "0 / 12  (0%)"  # 3 - 6 + 2 + 1
    assert "Certainty-based" in results.scheme_label.text()
    assert "Right answers: 3 of 4" in results.scheme_label.text()
    assert results.calibration_box.isVisible()
    verdicts = results.calibration_label.text().splitlines()
    assert verdicts[2] == (
        "At certainty 3 (Very sure) you were right 1 time out of 2 (50%): you were "
        "over-confident. Certainty 3 pays when you are right above 80% of the time; "
        "certainty 2 would have earned more."
    )
    assert "Your certainty: 3 (Very sure) · marks: -6" in results.review_view.toPlainText()
    window.show_history()  # the history counts out of the most certainty can earn, too
    history = window.history_screen
    qtbot.waitUntil(lambda: window.stack.currentWidget() is history)
    assert history.model.index(0, 4).data() == "0 / 12 (0%)"


def test_certainty_in_practice_is_asked_before_the_answer_is_shown(
    qtbot: QtBot, window: MainWindow, announced: list[str]
) -> None:
    quiz = start(qtbot, window, 2, mode=Mode.PRACTICE, marking=Marking.CERTAINTY)
    key(qtbot, quiz, answer_key(quiz, True, letters=True))
    assert not quiz.verdict_label.isVisible()  # not yet: how sure?
    assert announced[-1] == "How sure are you? Press 1, 2 or 3."
    key(qtbot, quiz, Qt.Key.Key_Return)  # does not move on, does not answer
    assert quiz.session is not None and quiz.session.run.answers == {}
    key(qtbot, quiz, "2")
    assert quiz.verdict_label.isVisible()
    assert quiz.verdict_label.text() == "✔ Correct  (2 at certainty 2)"
    assert quiz.session.run.answers[0].marks == 2


def test_penalty_marks_on_the_results(qtbot: QtBot, window: MainWindow) -> None:
    quiz = start(qtbot, window, 2, marking=Marking.PENALTY)
    session = quiz.session
    assert session is not None
    second = session.run.questions[1]
    cost = 1 if second.type.value == "true_false" else 0.5  # 3 choices: 1/(3-1)
    key(qtbot, quiz, answer_key(quiz, True))  # right: +1
    key(qtbot, quiz, Qt.Key.Key_Return)
    key(qtbot, quiz, answer_key(quiz, False))  # wrong: -1/(n-1)
    quiz.submit_all()
    results = window.results_screen
    total = format_points(1 - cost)
    assert results.score_label.text() == f"{total} / 2  ({50 * (1 - cost):.0f}%)"
    assert [results.grid.item(r, 3).text() for r in range(2)] == ["1", format_points(-cost)]
    assert quiz.session is None
    session_results = results.results
    assert session_results is not None
    assert session_results.answers[1].outcome is Outcome.WRONG


def test_choosing_a_row_of_the_grid_jumps_to_its_review(qtbot: QtBot, window: MainWindow) -> None:
    quiz = start(qtbot, window, 4, mode=Mode.PRACTICE)
    for _ in range(4):
        key(qtbot, quiz, answer_key(quiz, True))
        key(qtbot, quiz, Qt.Key.Key_Return)
    results = window.results_screen
    qtbot.waitUntil(lambda: window.stack.currentWidget() is results)
    results.resize(900, 500)
    bar = results.review_view.verticalScrollBar()
    bar.setValue(0)
    results.grid.setCurrentCell(3, 0)
    qtbot.keyClick(results.grid, Qt.Key.Key_Return)
    assert bar.value() > 0


def test_a_reviewed_exam_in_history_has_the_grid_with_its_flags(
    qtbot: QtBot, window: MainWindow
) -> None:
    quiz = start(qtbot, window, 3, marking=Marking.PENALTY)
    key(qtbot, quiz, answer_key(quiz, False))
    key(qtbot, quiz, "f", ctrl=True)
    session = quiz.session
    assert session is not None
    for _ in range(2):
        key(qtbot, quiz, Qt.Key.Key_Return)
        key(qtbot, quiz, answer_key(quiz, True))
    expected = format_points(session.run.score)
    quiz.submit_all()
    window.show_history()
    history = window.history_screen
    qtbot.waitUntil(lambda: window.stack.currentWidget() is history)
    history.review_selected()
    results = window.results_screen
    qtbot.waitUntil(lambda: window.stack.currentWidget() is results)
    assert results.new_button.text() == "&Back"
    assert results.grid.item(0, 1).text() == "✘ Wrong"
    assert results.grid.item(0, 2).text() == "⚑ Flagged"
    assert results.score_label.text().startswith(f"{expected} / 3")
    assert "Penalty" in results.scheme_label.text()
