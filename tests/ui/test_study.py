"""Study mode in the real window: the start screen's counts, a session by keyboard, progress."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from quizapp.core.quiz import Mode
from quizapp.services import Bank, study
from quizapp.ui.context import AppContext
from quizapp.ui.main_window import MainWindow
from quizapp.ui.models.pack_table import PackTableModel

from ..helpers import FakeClock, facts_pack, import_text


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 9, 0))


@pytest.fixture
def window(qtbot: QtBot, bank: Bank, tmp_path: Path, clock: FakeClock) -> MainWindow:
    import_text(bank, tmp_path, facts_pack(3, variants=2, loose=1))
    w = MainWindow(AppContext(bank, clock))
    qtbot.addWidget(w)
    w.start_screen.refresh("Ada")
    w.show()
    return w


def study_by_keyboard(qtbot: QtBot, window: MainWindow, wrong: tuple[str, ...] = ()) -> None:
    screen = window.start_screen
    screen.study_radio.setFocus()
    qtbot.keyClick(screen.study_radio, Qt.Key.Key_Space)
    assert screen.study_radio.isChecked()
    qtbot.keyClick(screen.learner_box.lineEdit(), Qt.Key.Key_Return)  # Enter starts
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.quiz_screen)
    quiz = window.quiz_screen
    while window.stack.currentWidget() is quiz:
        q = quiz.session.current
        assert q is not None
        key = q.correct_index if q.fact not in wrong else 1 - q.correct_index
        qtbot.keyClicks(quiz, str(key + 1))
        assert quiz.verdict_label.isVisible()  # feedback after every answer, as in practice
        assert "Sources" in quiz.explanation_view.toPlainText()
        qtbot.keyClick(quiz.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.results_screen)


def test_the_start_screen_shows_facts_to_study_and_study_mode_needs_no_count(
    qtbot: QtBot, window: MainWindow
) -> None:
    screen = window.start_screen
    assert screen.model.index(0, PackTableModel.STUDY).data() == "4 new"
    assert screen.model.headerData(PackTableModel.STUDY, Qt.Orientation.Horizontal) == (
        "To study today"
    )
    screen.study_radio.setChecked(True)
    assert not screen.count_spin.isEnabled() and not screen.filter_box.isEnabled()
    assert not screen.make_code_button.isEnabled()  # class codes are for quizzes
    assert screen.info_label.text() == "Study: 0 facts due now and 4 new today."
    assert screen.start_button.text() == "&Start studying"
    screen.practice_radio.setChecked(True)
    assert screen.count_spin.isEnabled() and screen.start_button.text() == "&Start quiz"


def test_a_study_session_by_keyboard_is_scheduled(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    study_by_keyboard(qtbot, window, wrong=("f2",))
    results = window.results_screen
    assert results.results is not None and results.results.attempt.mode is Mode.STUDY
    assert results.study_label.isVisible()
    assert results.study_label.text().startswith("Saved to your schedule. Coming back: 4 later")
    qtbot.keyClick(results.new_button, Qt.Key.Key_Space)
    screen = window.start_screen
    assert screen.model.index(0, PackTableModel.STUDY).data() == "4 due"
    assert screen.info_label.text().startswith("Nothing to study in this pack right now (4 later")
    assert not screen.start_button.isEnabled()
    clock.now = datetime(2026, 3, 2, 9, 30)
    screen.refresh("Ada")
    assert screen.info_label.text() == "Study: 4 facts due now and 0 new today."


def test_the_progress_screen_shows_each_fact_and_keeps_settings(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    study_by_keyboard(qtbot, window, wrong=("f3",))
    qtbot.keyClick(window.results_screen.new_button, Qt.Key.Key_Space)
    clock.now = datetime(2026, 3, 4, 9, 0)
    qtbot.mouseClick(window.start_screen.progress_button, Qt.MouseButton.LeftButton)
    progress = window.progress_screen
    assert window.stack.currentWidget() is progress
    assert progress.pack_box.currentText() == "Pack facts"
    assert progress.summary_label.text().startswith("Of 4 facts, you know ")
    assert "4 reviews so far" in progress.summary_label.text()
    assert progress.facts_chart.isVisible()
    assert "4 facts" in progress.facts_chart.accessibleDescription()
    assert not progress.calibration_chart.isVisible()  # no certainty given
    # The charts as text, for a screen reader or a learner who would rather read.
    progress.text_check.setFocus()
    qtbot.keyClick(progress.text_check, Qt.Key.Key_Space)
    assert progress.text_view.isVisible() and not progress.charts.isVisible()
    text = progress.text_view.toPlainText()
    assert "Fact 1 is true." in text and "Fact 3 is true." in text
    # All packs: the charts, without the facts.
    progress.pack_box.setCurrentIndex(0)
    assert not progress.facts_chart.isVisibleTo(progress)
    # Settings: kept for the next session, refused in plain words when out of range.
    progress.retention_spin.setValue(85)
    progress.new_spin.setValue(1)
    qtbot.mouseClick(progress.save_button, Qt.MouseButton.LeftButton)
    assert progress.settings_label.text().startswith("Saved")
    kept = study.get_settings(window.context.bank, "Ada")
    assert (kept.desired_retention, kept.new_per_day) == (0.85, 1)
    assert not progress.optimise_button.isEnabled()
    assert "400 reviews (4 so far)" in progress.optimise_label.text()
    qtbot.mouseClick(progress.back_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.start_screen


def test_progress_needs_a_name(qtbot: QtBot, window: MainWindow) -> None:
    window.start_screen.learner_box.setEditText("")
    qtbot.mouseClick(window.start_screen.progress_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.start_screen
    assert "Type your name" in window.start_screen.info_label.text()


def test_optimise_without_the_optimizer_says_how_to_install_it(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(study, "optimiser_installed", lambda: False)
    window.progress_screen.refresh("Ada", "facts")
    window.progress_screen.optimise()
    assert 'pip install "fsrs[optimizer]"' in window.progress_screen.optimise_label.text()
