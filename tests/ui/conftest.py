"""Fixtures for GUI tests: a fresh bank with a pack, an injected clock, a real window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from quizapp.services import Bank
from quizapp.ui.context import AppContext
from quizapp.ui.main_window import MainWindow

from ..helpers import FakeClock, import_text, numbers_pack


@pytest.fixture(autouse=True)
def no_unexpected_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal dialog that a test did not answer fails the test instead of hanging the run.

    Tests answer dialogs by replacing their ``ask``/``show`` classmethods; anything that
    still reaches Qt's modal loop is a bug in the test or in the screen.
    """

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError(f"a modal dialog opened that the test did not answer: {args!r}")

    for cls, name in (
        (QDialog, "exec"),
        (QMessageBox, "exec"),
        (QMessageBox, "question"),
        (QMessageBox, "warning"),
        (QMessageBox, "critical"),
        (QMessageBox, "information"),
        (QFileDialog, "getOpenFileName"),
        (QFileDialog, "getOpenFileNames"),
        (QFileDialog, "getSaveFileName"),
        (QFileDialog, "getExistingDirectory"),
    ):
        monkeypatch.setattr(cls, name, refuse)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def numbers_bank(bank: Bank, tmp_path: Path) -> Bank:
    import_text(bank, tmp_path, numbers_pack(6))
    return bank


@pytest.fixture
def context(numbers_bank: Bank, clock: FakeClock) -> AppContext:
    return AppContext(numbers_bank, clock)


@pytest.fixture
def window(qtbot: QtBot, context: AppContext) -> MainWindow:
    w = MainWindow(context)
    qtbot.addWidget(w)
    w.start_screen.refresh()
    w.show()
    w.activateWindow()
    qtbot.waitActive(w)
    return w
