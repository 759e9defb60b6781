"""Builds the application once: QApplication, the bank, the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from quizapp import services
from quizapp.ui.main_window import MainWindow


def run(db: Path | None = None) -> int:
    """Open the window on the bank at ``db`` (or the default) and run until it closes."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("quizapp")
    window = MainWindow()
    try:
        bank = services.open_bank(db)
        services.ensure_bundled_packs(bank)
        packs = services.list_packs(bank)
    except services.BankError as e:
        QMessageBox.critical(None, "quizapp", e.message)
        return 1
    window.packs_screen.show_packs(packs)
    window.show()
    return app.exec()
