"""Plain-language message boxes, behind classmethods so tests patch one function."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


class ErrorMessage:
    """A problem the user can act on, in one or two sentences (never a traceback)."""

    @classmethod
    def show(cls, parent: QWidget | None, title: str, text: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent
        )
        box.setObjectName("error_message")
        box.exec()
