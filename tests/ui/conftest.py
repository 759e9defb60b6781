"""Fixtures for GUI tests: a fresh bank with a pack, an injected clock, a real window."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from quizapp.bank.db import Bank
from quizapp.ui.context import AppContext
from quizapp.ui.main_window import MainWindow

from ..helpers import FakeClock, import_text, numbers_pack


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
