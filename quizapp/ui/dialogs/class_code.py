"""The class code a teacher made: big enough to read aloud or copy to the board."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from quizapp.ui import theme


class ClassCodeDialog(QDialog):
    """Shows a class code, what it starts, and how learners join it.

    Attributes:
        code_label: the code, large, selectable.
        description_label: what it starts (pack, mode, questions, time, marking).
        copy_button: copies the code to the clipboard.
        close_button: closes (Esc, Enter).
    """

    def __init__(self, code: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = code
        self.setWindowTitle("Class code")
        self.setObjectName("class_code_dialog")
        self.code_label = QLabel(code)
        self.code_label.setObjectName("code_label")
        self.code_label.setAccessibleName(f"Class code {' '.join(code)}")
        self.code_label.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        theme.emphasize(self.code_label, 2.4, bold=True)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.description_label = QLabel(description)
        self.description_label.setObjectName("description_label")
        self.description_label.setWordWrap(True)
        self.description_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        how = QLabel(
            "Learners type it on the start screen under “Have a class code?” and press "
            f"Join with a code, or run:  quizapp join {code}\n"
            "At the end they hand in their result (Hand in…) to a shared folder; "
            "Class report… reads that folder."
        )
        how.setWordWrap(True)
        how.setProperty("role", "muted")
        self.copy_button = QPushButton("&Copy the code")
        self.copy_button.setObjectName("copy_button")
        self.copy_button.setAccessibleName("Copy the class code")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setObjectName("close_button")
        self.close_button.setAccessibleName("Close")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.code_label)
        layout.addWidget(self.description_label)
        layout.addWidget(how)
        layout.addWidget(buttons)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy)
        self.close_button.setDefault(True)
        self.resize(560, self.sizeHint().height())

    def copy(self) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self.code)
        self.copy_button.setText("Copied")
