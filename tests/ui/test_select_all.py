"""Select-all-that-apply in the window: number keys tick, Enter checks; pictures are shown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from quizapp.services import Bank, packs
from quizapp.services.quiz import QuizRequest, QuizSession
from quizapp.ui.context import AppContext
from quizapp.ui.main_window import MainWindow

from ..helpers import FakeClock, write_select_all


def open_quiz(qtbot: QtBot, bank: Bank, tmp_path: Path) -> MainWindow:
    packs.import_files(bank, [str(write_select_all(tmp_path))])
    window = MainWindow(AppContext(bank, FakeClock()))
    qtbot.addWidget(window)
    window.start_screen.refresh()
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    session = QuizSession.start(
        bank, QuizRequest("select", "Ada", count=None, shuffle=False, seed=3)
    )
    while session.current is not None and session.current.key != "primes":
        session.choose(session.current.correct_index)
        session.next()
    window.show_quiz(session)
    return window


def test_number_keys_tick_and_enter_checks_with_partial_credit(
    qtbot: QtBot, bank: Bank, tmp_path: Path
) -> None:
    window = open_quiz(qtbot, bank, tmp_path)
    quiz = window.quiz_screen
    assert quiz.hint_label.isVisible()
    assert not quiz.next_button.isEnabled()
    qtbot.keyClicks(quiz, "1")
    qtbot.keyClicks(quiz, "2")
    qtbot.keyClicks(quiz, "2")  # untick
    assert quiz.picks() == [0]
    assert quiz.choice_buttons[0].text().startswith("☑")
    qtbot.keyClick(quiz, Qt.Key.Key_Return)
    assert quiz.verdict_label.text().startswith("◐ Partly right (0.5 of 1 point)")
    texts = [b.text() for b in quiz.choice_buttons]
    assert "✔ your answer" in texts[0] and "✔ correct answer (not picked)" in texts[2]
    assert "2 is the only even prime." in quiz.explanation_view.toPlainText()


def test_the_question_picture_is_shown_with_its_description(
    qtbot: QtBot, bank: Bank, tmp_path: Path
) -> None:
    window = open_quiz(qtbot, bank, tmp_path)
    quiz = window.quiz_screen
    assert quiz.image_label.isVisible()
    assert quiz.image_label.pixmap().width() == 8
    assert quiz.image_label.accessibleName() == "Picture: The numbers 2, 4, 5 and 9"


def test_in_an_exam_each_tick_is_an_answer_and_unticking_all_clears_it(
    qtbot: QtBot, bank: Bank, tmp_path: Path
) -> None:
    from quizapp.core.quiz import Mode, Outcome

    packs.import_files(bank, [str(write_select_all(tmp_path))])
    window = MainWindow(AppContext(bank, FakeClock()))
    qtbot.addWidget(window)
    window.show()
    session = QuizSession.start(
        bank, QuizRequest("select", "Ada", mode=Mode.EXAM, count=None, shuffle=False, seed=3)
    )
    while session.current is not None and session.current.key != "primes":
        session.next()
    window.show_quiz(session)
    quiz = window.quiz_screen
    assert "Enter checks" not in quiz.hint_label.text()  # nothing to check in an exam
    qtbot.keyClicks(quiz, "1")
    qtbot.keyClicks(quiz, "3")
    position = session.run.index
    assert session.run.answers[position].picks == (0, 2)
    assert quiz.choice_buttons[2].text().startswith("☑")
    assert "✔" not in " ".join(b.text() for b in quiz.choice_buttons)  # nothing marked yet
    qtbot.keyClicks(quiz, "1")
    qtbot.keyClicks(quiz, "3")  # every tick taken back: not answered
    assert position not in session.run.answers
    assert (
        quiz.navigator.buttons[position]
        .accessibleName()
        .startswith(f"Question {position + 1}: not answered")
    )
    qtbot.keyClicks(quiz, "1")
    qtbot.keyClick(quiz, Qt.Key.Key_Return)  # moves on; the tick stays an answer
    assert session.run.answers[position].outcome is Outcome.PARTIAL
