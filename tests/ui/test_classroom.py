"""The classroom in the window: make a code, join it by keyboard, hand in, the class report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from quizapp.services import Bank, classroom
from quizapp.services.classroom import CodeRequest
from quizapp.ui.context import AppContext
from quizapp.ui.main_window import MainWindow
from quizapp.ui.screens.quiz_screen import ConfirmSubmit

from ..helpers import FakeClock
from .test_exam import answer_key, key


def make_window(qtbot: QtBot, context: AppContext) -> MainWindow:
    w = MainWindow(context)
    qtbot.addWidget(w)
    w.start_screen.refresh()
    w.show()
    w.activateWindow()
    qtbot.waitActive(w)
    return w


def take_by_keyboard(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """Answer every question rightly with answer keys, then submit (Ctrl+Enter, Space)."""
    quiz = window.quiz_screen
    assert quiz.session is not None
    for _ in quiz.session.run.questions:
        key(qtbot, quiz, answer_key(quiz, True))
        key(qtbot, quiz, Qt.Key.Key_Return)
    key(qtbot, quiz, Qt.Key.Key_Return, ctrl=True)
    monkeypatch.setattr(ConfirmSubmit, "ask", classmethod(lambda cls, parent, n: True))
    qtbot.keyClick(quiz.summary.submit_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.results_screen)


def test_a_teacher_makes_a_code_from_the_start_screen(qtbot: QtBot, window: MainWindow) -> None:
    screen = window.start_screen
    screen.exam_radio.setChecked(True)
    screen.count_spin.setValue(4)
    screen.time_limit_spin.setValue(15)
    qtbot.mouseClick(screen.make_code_button, Qt.MouseButton.LeftButton)
    dialog = window.code_dialog
    assert dialog is not None and dialog.isVisible()
    code = dialog.code_label.text()
    assert code.startswith("NUMB-")
    assert dialog.description_label.text() == (
        "Pack numbers 1.0.0 · exam · 4 questions · 15 minutes · standard marking"
    )
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == code


def test_a_typo_in_the_code_is_said_plainly_and_starts_nothing(
    qtbot: QtBot, window: MainWindow
) -> None:
    screen = window.start_screen
    code = classroom.make_code(window.context.bank, CodeRequest("numbers", count=3, seed=1))
    screen.learner_box.setEditText("Ada")
    screen.code_edit.setFocus()
    qtbot.keyClicks(screen.code_edit, code[:-1] + ("B" if code[-1] != "B" else "C"))
    with qtbot.assertNotEmitted(screen.quiz_started):
        qtbot.keyClick(screen.code_edit, Qt.Key.Key_Return)
    assert screen.code_label.isVisible()
    assert screen.code_label.text().startswith("That code has a typo")
    assert window.stack.currentWidget() is screen


def test_a_class_joins_takes_hands_in_and_the_teacher_reads_the_report(
    qtbot: QtBot, numbers_bank: Bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = classroom.make_code(numbers_bank, CodeRequest("numbers", count=3, seed=4))
    share = tmp_path / "share"
    share.mkdir()
    for name in ("Ada", "<b>Bo</b>"):
        window = make_window(qtbot, AppContext(numbers_bank, FakeClock()))
        screen = window.start_screen
        screen.learner_box.setEditText(name)
        screen.code_edit.setFocus()
        qtbot.keyClicks(screen.code_edit, code.lower())
        qtbot.keyClick(screen.code_edit, Qt.Key.Key_Return)  # Join with a code
        assert window.stack.currentWidget() is window.quiz_screen
        take_by_keyboard(qtbot, window, monkeypatch)
        results = window.results_screen
        assert results.results is not None and results.results.class_code == code
        assert results.hand_in_button.isVisible()
        results.choose_folder = lambda start: str(share)
        qtbot.mouseClick(results.hand_in_button, Qt.MouseButton.LeftButton)
        assert results.hand_in_label.text().startswith("Handed in: ")
    assert sorted(p.name for p in share.iterdir()) == [
        f"Ada-{code}.quizresult",
        f"_b_Bo__b_-{code}.quizresult",  # the file name is made safe; the name inside is not
    ]

    window = make_window(qtbot, AppContext(numbers_bank, FakeClock()))
    qtbot.mouseClick(window.start_screen.report_button, Qt.MouseButton.LeftButton)
    report_screen = window.class_report_screen
    assert window.stack.currentWidget() is report_screen
    report_screen.choose_folder = lambda: str(share)
    qtbot.mouseClick(report_screen.folder_button, Qt.MouseButton.LeftButton)
    text = report_screen.view.text.toPlainText()
    assert "Ada" in text and "<b>Bo</b>" in text  # a name is text, never markup
    assert report_screen.status_label.text() == f"Code {code}: 2 learner(s), 3 question(s)."
    # The live view follows the code on this bank: both finished.
    assert report_screen.code_box.currentText() == code
    assert report_screen.live_label.text() == "2 joined, 2 finished, 0 not yet."
    saved = tmp_path / "report"
    report_screen.choose_save = lambda kind, suggested: str(saved)
    qtbot.mouseClick(report_screen.json_button, Qt.MouseButton.LeftButton)
    data = json.loads(saved.with_name("report.json").read_text(encoding="utf-8"))
    assert sorted(r["learner"] for r in data["learners"]) == ["<b>Bo</b>", "Ada"]
    assert all(r["percent"] == 100 for r in data["learners"])
    assert report_screen.status_label.text().startswith("Saved ")
    qtbot.keyClick(report_screen, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.start_screen


def test_with_a_hand_in_folder_the_result_is_handed_in_at_the_end(
    qtbot: QtBot, numbers_bank: Bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """quizapp join CODE --hand-in DIR: nothing to click once the quiz is submitted."""
    code = classroom.make_code(numbers_bank, CodeRequest("numbers", count=2, seed=8))
    share = tmp_path / "share"
    share.mkdir()
    window = make_window(qtbot, AppContext(numbers_bank, FakeClock(), hand_in_folder=str(share)))
    window.start_screen.prefill_code(code)  # as `quizapp join CODE` without --learner
    qtbot.keyClicks(window.start_screen.learner_edit, "Cy")
    qtbot.keyClick(window.start_screen.learner_edit, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.quiz_screen
    take_by_keyboard(qtbot, window, monkeypatch)
    assert [p.name for p in share.iterdir()] == [f"Cy-{code}.quizresult"]
    assert "Handed in" in window.results_screen.hand_in_label.text()


def test_a_quiz_without_a_code_offers_no_hand_in(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = window.start_screen
    screen.learner_box.setEditText("Ada")
    screen.exam_radio.setChecked(True)
    screen.count_spin.setValue(2)
    qtbot.mouseClick(screen.start_button, Qt.MouseButton.LeftButton)
    take_by_keyboard(qtbot, window, monkeypatch)
    assert not window.results_screen.hand_in_button.isVisible()


def test_a_coded_attempt_is_handed_in_later_from_history(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    bank = window.context.bank
    code = classroom.make_code(bank, CodeRequest("numbers", count=2, seed=3))
    session = classroom.join(bank, code, "Ada", FakeClock())
    for q in session.run.questions:
        session.choose(q.correct_index)
        session.next()
    session.finish()
    window.show_history()
    history = window.history_screen
    history.table.selectRow(0)
    history.review_selected()
    results = window.results_screen
    assert window.stack.currentWidget() is results
    assert results.hand_in_button.isVisible()
    asked: list[str] = []
    results.choose_folder = lambda start: asked.append(start) or str(tmp_path)
    qtbot.keyClick(results.hand_in_button, Qt.Key.Key_Space)
    assert (tmp_path / f"Ada-{code}.quizresult").is_file()
    assert asked == [""]  # nothing remembered yet; next time it starts here
    qtbot.keyClick(results.hand_in_button, Qt.Key.Key_Space)
    assert asked == ["", str(tmp_path)]
