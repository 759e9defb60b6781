"""The start screen: empty bank, short packs, filters, names, the learner's record."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from quizapp.services import Bank, open_bank
from quizapp.services.quiz import QuizRequest, QuizSession
from quizapp.ui.context import AppContext
from quizapp.ui.main_window import MainWindow
from quizapp.ui.models.pack_table import PackTableModel

from ..helpers import FakeClock
from ..postgres import TempServer


def make_window(qtbot: QtBot, bank: Bank) -> MainWindow:
    window = MainWindow(AppContext(bank, FakeClock()))
    qtbot.addWidget(window)
    window.start_screen.refresh()
    window.show()
    return window


def test_an_empty_bank_says_how_to_add_a_pack(qtbot: QtBot, bank: Bank) -> None:
    screen = make_window(qtbot, bank).start_screen
    assert screen.empty_label.isVisible() and not screen.pack_table.isVisible()
    assert "quizapp pack import" in screen.empty_label.text()
    assert not screen.start_button.isEnabled()
    qtbot.keyClick(screen, Qt.Key.Key_Return)  # nothing happens, nothing breaks


def test_a_pack_shorter_than_asked_says_so(qtbot: QtBot, window: MainWindow) -> None:
    screen = window.start_screen
    screen.count_spin.setValue(10)
    assert screen.info_label.text() == "Only 6 questions available, so the quiz will have 6."
    screen.count_spin.setValue(4)
    assert screen.info_label.text() == "4 of 6 questions."
    screen.all_check.setChecked(True)
    assert not screen.count_spin.isEnabled()
    assert screen.info_label.text() == "6 of 6 questions."


def test_the_filter_lists_tags_and_limits_the_count(qtbot: QtBot, window: MainWindow) -> None:
    screen = window.start_screen
    screen.filter_box.setFocus()  # the options are read when the learner reaches the box
    labels = [screen.filter_box.itemText(i) for i in range(screen.filter_box.count())]
    assert labels == ["All questions", "Tag: even (3)", "Tag: odd (3)"]
    screen.filter_box.setCurrentIndex(2)
    assert screen.info_label.text() == "Only 3 questions available, so the quiz will have 3."


def test_a_name_is_needed_to_start(qtbot: QtBot, window: MainWindow) -> None:
    screen = window.start_screen
    screen.learner_box.setEditText("   ")
    qtbot.mouseClick(screen.start_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is screen
    assert screen.info_label.text() == "Please type your name first."


def test_best_and_last_scores_are_shown_for_the_learner(qtbot: QtBot, numbers_bank: Bank) -> None:
    for right in (3, 1):
        session = QuizSession.start(numbers_bank, QuizRequest("numbers", "Ada", count=4, seed=1))
        for i in range(4):
            q = session.current
            assert q is not None
            session.choose(q.correct_index if i < right else (q.correct_index + 1) % len(q.choices))
            session.next()
        session.finish()
    screen = make_window(qtbot, numbers_bank).start_screen
    assert screen.learner() == "Ada"
    model = screen.pack_table.model()
    assert [model.index(0, c).data() for c in range(5)] == [
        "Pack numbers", "6", "6 new", "75%", "1/4 (25%)",
    ]  # fmt: skip
    screen.learner_box.setEditText("Grace")
    screen.learner_box.lineEdit().editingFinished.emit()
    assert model.index(0, PackTableModel.BEST).data() == "—"


def test_unfinished_quiz_can_be_discarded(qtbot: QtBot, numbers_bank: Bank, tmp_path: Path) -> None:
    QuizSession.start(numbers_bank, QuizRequest("numbers", "Ada", count=2))
    screen = make_window(qtbot, numbers_bank).start_screen
    assert screen.resume_banner.isVisible()
    qtbot.mouseClick(screen.discard_button, Qt.MouseButton.LeftButton)
    assert not screen.resume_banner.isVisible()


def test_a_teachers_command_without_a_name_prefills_the_options(
    qtbot: QtBot, window: MainWindow
) -> None:
    from quizapp.core.quiz import Mode

    screen = window.start_screen
    screen.prefill(QuizRequest("numbers", "", Mode.EXAM, count=4, seed=9, time_limit_minutes=15))
    assert screen.exam_radio.isChecked() and screen.count_spin.value() == 4
    assert screen.time_limit_spin.value() == 15
    screen.learner_box.setEditText("Pupil 1")
    qtbot.keyClick(screen.learner_edit, Qt.Key.Key_Return)
    quiz = window.quiz_screen
    assert window.stack.currentWidget() is quiz
    assert quiz.progress_label.text() == "Question 1 of 4"
    assert quiz.timer_label.text() == "Time left 15:00"
    assert quiz.session is not None and quiz.session.run.mode is Mode.EXAM


def test_on_a_school_bank_a_learner_is_signed_in_and_cannot_change_name_or_packs(
    qtbot: QtBot, logins: dict[str, dict[str, str]], school: str, postgres_server: TempServer
) -> None:
    ana = logins["Ana García"]
    bank = open_bank(postgres_server.url(school.rsplit("/", 1)[1], ana["login"], ana["password"]))
    window = make_window(qtbot, bank)
    screen = window.start_screen
    assert screen.learner() == "Ana García" and not screen.learner_box.isEnabled()
    assert screen.signed_in_label.isVisible()
    assert screen.signed_in_label.text() == "Signed in to the school's bank as Ana García."
    assert not screen.packs_button.isEnabled()
    assert "teachers manage the packs" in screen.packs_button.toolTip()
    screen.pack_table.setFocus()
    qtbot.keyClick(screen.pack_table, Qt.Key.Key_Return)  # starts the quiz, as Ana
    qtbot.waitUntil(lambda: window.quiz_screen is not None and window.quiz_screen.isVisible())
    session = window.quiz_screen.session
    assert session is not None
    qtbot.keyClick(window.quiz_screen, Qt.Key.Key_1)
    assert len(session.run.answers) == 1
    bank.close()


def test_on_the_first_start_a_name_and_enter_typed_while_preparing_start_the_quiz(
    qtbot: QtBot, bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizapp.services.bundled import stale_bundled_packs
    from quizapp.ui.app import _import_bundled

    monkeypatch.delenv("QUIZAPP_BUNDLED_DIR")  # the packs that ship with quizapp

    assert stale_bundled_packs(bank)  # a new bank: the bundled pack is still to be added
    window = MainWindow(AppContext(bank, FakeClock()))
    qtbot.addWidget(window)
    screen = window.start_screen
    screen.refresh(preparing=True)
    window.show()
    screen.focus_default()
    assert screen.empty_label.text() == "Preparing the bundled question packs…"
    assert "Preparing the question bank" in screen.info_label.text()
    assert screen.focusWidget() in (screen.learner_box, screen.learner_edit)
    qtbot.keyClicks(screen.learner_edit, "Ada")
    qtbot.keyClick(screen.learner_edit, Qt.Key.Key_Return)
    assert screen.info_label.text() == "Starting as soon as the question bank is ready…"
    assert window.stack.currentWidget() is screen
    _import_bundled(window, window.context)  # what the first start does once it has painted
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.quiz_screen)
    session = window.quiz_screen.session
    assert session is not None and session.pack_id == "nato-eastward-expansion"
    assert screen.learner() == "Ada"
