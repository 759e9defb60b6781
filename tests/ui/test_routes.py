"""Getting around: start screen -> pack manager -> editor and back; dropping a pack file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from quizapp.services import packs
from quizapp.ui.main_window import MainWindow

from ..helpers import numbers_pack, write


def test_the_pack_manager_opens_the_editor_and_comes_back(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.mouseClick(window.start_screen.packs_button, Qt.MouseButton.LeftButton)
    manager = window.pack_manager
    assert window.stack.currentWidget() is manager
    manager.edit_requested.emit("numbers")
    editor = window.editor_screen
    assert window.stack.currentWidget() is editor
    assert editor.doc["pack"]["id"] == "numbers"
    qtbot.mouseClick(editor.close_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is manager
    manager.back_requested.emit()
    assert window.stack.currentWidget() is window.start_screen


def test_dropping_a_pack_file_on_the_window_imports_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = write(tmp_path, "dropped.toml", numbers_pack(3, pack_id="dropped"))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPoint(10, 10).toPointF(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)  # what Qt calls when the file is let go over the window
    manager = window.pack_manager
    assert window.stack.currentWidget() is manager
    qtbot.waitUntil(
        lambda: any(p.id == "dropped" for p in packs.list_packs(window.context.bank)),
        timeout=10_000,
    )
    qtbot.waitUntil(lambda: manager.import_button.isEnabled(), timeout=10_000)
