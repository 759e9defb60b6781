"""The minimal window lists the packs in the bank."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from quizapp import services
from quizapp.bank.db import Bank
from quizapp.ui.main_window import MainWindow


def test_the_window_lists_the_packs_in_the_bank(
    qtbot: QtBot, bank: Bank, mini_pack_path: Path
) -> None:
    services.import_files(bank, [str(mini_pack_path)])
    window = MainWindow()
    qtbot.addWidget(window)
    window.packs_screen.show_packs(services.list_packs(bank))
    window.show()
    model = window.packs_screen.table.model()
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "Mini geography"
    assert model.index(0, 1).data() == 3
    assert window.packs_screen.table.isVisible()
    assert not window.packs_screen.empty_label.isVisible()


def test_an_empty_bank_says_how_to_import(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.packs_screen.show_packs([])
    window.show()
    assert window.packs_screen.empty_label.isVisible()
    assert "quizapp pack import" in window.packs_screen.empty_label.text()
