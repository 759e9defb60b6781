"""The main window: a thin shell that shows one screen at a time."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from quizapp.ui.screens.packs_screen import PacksScreen


class MainWindow(QMainWindow):
    """Routes between screens; holds no logic of its own.

    Attributes:
        packs_screen: the list of packs.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("quizapp")
        self.resize(900, 620)
        self.stack = QStackedWidget()
        self.packs_screen = PacksScreen()
        self.stack.addWidget(self.packs_screen)
        self.setCentralWidget(self.stack)
