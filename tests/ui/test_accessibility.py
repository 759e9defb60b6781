"""Every interactive widget can be found by tests, style sheets and screen readers."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QTextBrowser,
    QWidget,
)
from pytestqt.qtbot import QtBot

from quizapp.services.quiz import QuizRequest, QuizSession
from quizapp.ui.main_window import MainWindow

INTERACTIVE = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QTextBrowser,
)


def _inside_a_compound_widget(widget: QWidget, screen: QWidget) -> bool:
    """Parts that Qt builds inside a combo box, spin box or view belong to that widget."""
    parent = widget.parentWidget()
    while parent is not None and parent is not screen:
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QAbstractItemView)):
            return True
        parent = parent.parentWidget()
    return False


def interactive(screen: QWidget) -> list[QWidget]:
    return [
        w
        for w in screen.findChildren(QWidget)
        if isinstance(w, INTERACTIVE)
        and not w.objectName().startswith("qt_")
        and not _inside_a_compound_widget(w, screen)
    ]


@pytest.mark.parametrize(
    "screen",
    ["start_screen", "quiz_screen", "results_screen", "history_screen", "class_report_screen"],
)
def test_every_interactive_widget_has_a_name(qtbot: QtBot, window: MainWindow, screen: str) -> None:
    session = QuizSession.start(window.context.bank, QuizRequest("numbers", "Ada", count=2))
    window.show_quiz(session)
    q = session.current
    assert q is not None
    window.quiz_screen.choose(q.correct_index)
    widgets = interactive(getattr(window, screen))
    assert widgets
    for widget in widgets:
        assert widget.objectName(), widget
        assert widget.accessibleName(), widget.objectName()
