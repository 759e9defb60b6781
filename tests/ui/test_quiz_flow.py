"""Whole quizzes played in the real window, by keyboard and by mouse."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel
from pytestqt.qtbot import QtBot

from quizapp.services import Bank, open_bank
from quizapp.ui.context import AppContext
from quizapp.ui.main_window import MainWindow
from quizapp.ui.screens.quiz_screen import ConfirmLeave, QuizScreen

from ..helpers import FakeClock


def type_learner(qtbot: QtBot, window: MainWindow, name: str = "Ada") -> None:
    box = window.start_screen.learner_box
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), name)


def start_by_keyboard(
    qtbot: QtBot, window: MainWindow, count: int, exam: bool = False
) -> QuizScreen:
    screen = window.start_screen
    type_learner(qtbot, window)
    if exam:  # the arrow keys move between the mode's radio buttons
        screen.practice_radio.setFocus()
        qtbot.keyClick(screen.practice_radio, Qt.Key.Key_Down)
        assert screen.exam_radio.isChecked()
    screen.count_spin.setFocus()
    screen.count_spin.selectAll()
    qtbot.keyClicks(screen.count_spin, str(count))
    qtbot.keyClick(screen.learner_box.lineEdit(), Qt.Key.Key_Return)  # Enter in the name box starts
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.quiz_screen)
    return window.quiz_screen


def correct_key(quiz: QuizScreen) -> str:
    q = quiz.session.current  # type: ignore[union-attr]
    assert q is not None
    return str(q.correct_index + 1)


def wrong_key(quiz: QuizScreen) -> str:
    q = quiz.session.current  # type: ignore[union-attr]
    assert q is not None
    return str((q.correct_index + 1) % len(q.choices) + 1)


def submit_by_keyboard(qtbot: QtBot, quiz: QuizScreen) -> None:
    """Ctrl+Enter opens the summary; Space on its focused button submits."""
    qtbot.keyClick(quiz, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert quiz.pages.currentWidget() is quiz.summary
    assert quiz.focusWidget() is quiz.summary.submit_button
    qtbot.keyClick(quiz.summary.submit_button, Qt.Key.Key_Space)


def test_a_practice_quiz_by_keyboard_shows_why_after_each_answer(
    qtbot: QtBot, window: MainWindow
) -> None:
    quiz = start_by_keyboard(qtbot, window, 4)
    assert quiz.progress_label.text() == "Question 1 of 4"
    for n, right in enumerate([True, False, True, True], start=1):
        assert quiz.progress_label.text() == f"Question {n} of 4"
        assert not quiz.explanation_view.isVisible()
        qtbot.keyClicks(quiz, correct_key(quiz) if right else wrong_key(quiz))
        assert quiz.verdict_label.isVisible()
        assert quiz.verdict_label.text().startswith("✔ Correct" if right else "✘ Not quite")
        text = quiz.explanation_view.toPlainText()
        assert "Why" in text and "Because of reason" in text
        assert "Sources" in text and "The Book" in text and "“quote" in text
        assert "your answer" in " ".join(b.text() for b in quiz.choice_buttons)
        qtbot.keyClick(quiz.focusWidget(), Qt.Key.Key_Return)
    results = window.results_screen
    qtbot.waitUntil(lambda: window.stack.currentWidget() is results)
    assert results.score_label.text() == "3 / 4  (75%)"
    review = results.review_view.toPlainText()
    assert review.count("Correct answer:") == 4 and "Because of reason" in review


def test_true_false_takes_t_and_f_and_space_goes_on(qtbot: QtBot, window: MainWindow) -> None:
    quiz = start_by_keyboard(qtbot, window, 6)
    seen_tf = False
    while window.stack.currentWidget() is quiz:
        q = quiz.session.current  # type: ignore[union-attr]
        if [c.text for c in q.choices] == ["True", "False"]:
            seen_tf = True
            assert quiz.choice_buttons[0].text().startswith("T") and quiz.choice_buttons[
                1
            ].text().startswith("F")
            qtbot.keyClicks(quiz, "t")
            assert quiz.verdict_label.text() == "✔ Correct"
        else:
            qtbot.keyClicks(quiz, "ABC"[q.correct_index].lower())
        qtbot.keyClick(quiz.focusWidget(), Qt.Key.Key_Space)
    assert seen_tf
    assert window.results_screen.score_label.text() == "6 / 6  (100%)"


def test_a_practice_quiz_by_mouse(qtbot: QtBot, window: MainWindow) -> None:
    type_learner(qtbot, window)
    window.start_screen.count_spin.setValue(3)
    qtbot.mouseClick(window.start_screen.start_button, Qt.MouseButton.LeftButton)
    quiz = window.quiz_screen
    assert window.stack.currentWidget() is quiz
    for _ in range(3):
        q = quiz.session.current  # type: ignore[union-attr]
        qtbot.mouseClick(quiz.choice_buttons[q.correct_index], Qt.MouseButton.LeftButton)
        assert quiz.explanation_view.isVisible()
        qtbot.mouseClick(quiz.next_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.results_screen
    assert window.results_screen.score_label.text() == "3 / 3  (100%)"


def test_an_exam_by_keyboard_shows_nothing_until_the_end(qtbot: QtBot, window: MainWindow) -> None:
    quiz = start_by_keyboard(qtbot, window, 4, exam=True)
    assert not quiz.score_label.isVisible()
    for n in range(1, 5):
        assert quiz.progress_label.text() == f"Question {n} of 4"
        qtbot.keyClicks(quiz, wrong_key(quiz) if n == 2 else correct_key(quiz))
        assert not quiz.explanation_view.isVisible()
        assert not quiz.verdict_label.isVisible()
        qtbot.keyClick(quiz, Qt.Key.Key_Return)
    submit_by_keyboard(qtbot, quiz)
    results = window.results_screen
    assert window.stack.currentWidget() is results
    assert results.score_label.text() == "3 / 4  (75%)"
    review = results.review_view.toPlainText()
    assert "✘ Wrong" in review and review.count("✔ Correct") == 3 and "Sources" in review


def test_an_exam_by_mouse(qtbot: QtBot, window: MainWindow) -> None:
    type_learner(qtbot, window)
    radio = window.start_screen.exam_radio
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked()
    window.start_screen.count_spin.setValue(2)
    qtbot.mouseClick(window.start_screen.start_button, Qt.MouseButton.LeftButton)
    quiz = window.quiz_screen
    for _ in range(2):
        q = quiz.session.current  # type: ignore[union-attr]
        qtbot.mouseClick(quiz.choice_buttons[q.correct_index], Qt.MouseButton.LeftButton)
        assert "selected" in quiz.choice_buttons[q.correct_index].accessibleName()
        qtbot.mouseClick(quiz.next_button, Qt.MouseButton.LeftButton)
    assert quiz.pages.currentWidget() is quiz.summary  # Next at the last question
    assert quiz.summary.callout_label.text() == "All 2 questions are answered."
    qtbot.mouseClick(quiz.summary.submit_button, Qt.MouseButton.LeftButton)
    assert window.results_screen.score_label.text() == "2 / 2  (100%)"


def test_the_time_limit_ends_the_exam_with_unanswered_marked(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    screen = window.start_screen
    type_learner(qtbot, window)
    screen.exam_radio.setChecked(True)
    screen.count_spin.setValue(3)
    screen.time_limit_spin.setValue(2)
    qtbot.mouseClick(screen.start_button, Qt.MouseButton.LeftButton)
    quiz = window.quiz_screen
    assert quiz.timer_label.text() == "Time left 2:00"
    qtbot.keyClicks(quiz, correct_key(quiz))
    clock.advance(75)
    quiz.timer.timeout.emit()
    assert quiz.timer_label.text() == "Time left 0:45"
    clock.advance(46)
    quiz.timer.timeout.emit()
    results = window.results_screen
    assert window.stack.currentWidget() is results
    assert results.score_label.text() == "1 / 3  (33%)"
    assert "time limit ran out; 2 unanswered counted as wrong" in results.time_label.text()
    assert results.review_view.toPlainText().count("Not answered") == 2


def test_escape_asks_before_leaving_and_the_quiz_can_be_resumed(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    quiz = start_by_keyboard(qtbot, window, 3)
    qtbot.keyClicks(quiz, correct_key(quiz))
    qtbot.keyClick(quiz.focusWidget(), Qt.Key.Key_Return)
    monkeypatch.setattr(ConfirmLeave, "ask", classmethod(lambda cls, parent: False))
    qtbot.keyClick(quiz.focusWidget(), Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is quiz
    monkeypatch.setattr(ConfirmLeave, "ask", classmethod(lambda cls, parent: True))
    qtbot.keyClick(quiz.focusWidget(), Qt.Key.Key_Escape)
    start = window.start_screen
    assert window.stack.currentWidget() is start
    assert start.resume_banner.isVisible()
    assert "1 of 3 answered" in start.resume_label.text()
    qtbot.mouseClick(start.resume_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is quiz
    assert quiz.progress_label.text() == "Question 2 of 3"


def test_a_killed_app_resumes_after_restart(
    qtbot: QtBot, window: MainWindow, numbers_bank: Bank
) -> None:
    quiz = start_by_keyboard(qtbot, window, 4)
    for _ in range(2):
        qtbot.keyClicks(quiz, correct_key(quiz))
        qtbot.keyClick(quiz.focusWidget(), Qt.Key.Key_Return)
    prompt = quiz.prompt_label.text()
    # The process dies: no finish, no clean-up; only what was committed is left.
    window.hide()
    numbers_bank.close()

    bank = open_bank(numbers_bank.path)
    again = MainWindow(AppContext(bank, FakeClock()))
    qtbot.addWidget(again)
    again.start_screen.refresh()
    again.show()
    assert again.start_screen.resume_banner.isVisible()
    assert again.start_screen.learner() == "Ada"
    qtbot.mouseClick(again.start_screen.resume_button, Qt.MouseButton.LeftButton)
    resumed = again.quiz_screen
    assert resumed.progress_label.text() == "Question 3 of 4"
    assert resumed.prompt_label.text() == prompt
    assert resumed.score_label.text() == "Score: 2 / 2"
    bank.close()


def test_retry_mistakes_asks_only_the_wrong_ones(qtbot: QtBot, window: MainWindow) -> None:
    quiz = start_by_keyboard(qtbot, window, 3, exam=True)
    wrong_prompts = []
    for n in range(3):
        if n < 2:
            wrong_prompts.append(quiz.prompt_label.text())
            qtbot.keyClicks(quiz, wrong_key(quiz))
        else:
            qtbot.keyClicks(quiz, correct_key(quiz))
        qtbot.keyClick(quiz, Qt.Key.Key_Right)
    submit_by_keyboard(qtbot, quiz)
    results = window.results_screen
    qtbot.mouseClick(results.retry_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is quiz
    assert quiz.progress_label.text() == "Question 1 of 2"
    assert quiz.prompt_label.text() in wrong_prompts


def test_zoom_keys_scale_the_text(qtbot: QtBot, window: MainWindow) -> None:
    button = window.start_screen.start_button
    before = button.font().pointSizeF()
    window.zoom_in_action.trigger()
    assert button.font().pointSizeF() > before
    window.zoom_reset_action.trigger()
    assert button.font().pointSizeF() == pytest.approx(before)
    QApplication.instance().setStyleSheet("")  # type: ignore[union-attr]


def test_every_visible_alt_shortcut_is_unique(window: MainWindow) -> None:
    window.start_screen.resume_banner.show()
    texts = [w.text() for w in window.findChildren(QAbstractButton) if w.isVisible()]
    texts += [w.text() for w in window.findChildren(QLabel) if w.isVisible() and w.buddy()]
    keys = [QKeySequence.mnemonic(t).toString() for t in texts if "&" in t]
    assert "Alt+S" in keys and "Alt+E" in keys and "Alt+N" in keys
    assert len(keys) == len(set(keys)), sorted(keys)


def test_an_answer_that_was_not_saved_says_so_and_the_question_stays(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizapp.services import quiz as quiz_service
    from quizapp.ui.dialogs.messages import ErrorMessage

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        ErrorMessage,
        "show",
        classmethod(lambda cls, parent, title, text: shown.append((title, text))),
    )
    quiz = start_by_keyboard(qtbot, window, 3)
    session = quiz.session
    assert session is not None
    quiz_service.discard(window.context.bank, session.run.attempt_id)  # closed in another window
    qtbot.keyClick(quiz, correct_key(quiz))
    assert shown and shown[0][0] == "Your answer was not saved"
    assert "closed in another window" in shown[0][1]
    assert session.run.answers == {}
    assert quiz.progress_label.text() == "Question 1 of 3"
