"""Signals from a worker thread: the Qt binding must not lose Python references on the way.

PySide6 6.12.0 drops one reference to ``True`` for every signal a QThread emits to the main
thread (0 in 6.11.3). Each pack import emits a few, and once ``True``'s count runs out the
interpreter aborts at exit ("bool_dealloc: deallocating True or False"), which is how it
showed: a crash after the last test of the pack manager. pyproject.toml keeps PySide6 below
6.12; this test says so again if an upgrade brings the leak back.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QThread, Signal
from pytestqt.qtbot import QtBot


class Emitter(QThread):
    """Emits like the import worker does: progress from its thread, received in the main one."""

    progress = Signal(int, int, str)

    def run(self) -> None:
        for i in range(200):
            self.progress.emit(i, 200, "step")


def test_signals_from_a_thread_keep_pythons_reference_counts(qtbot: QtBot) -> None:
    received: list[int] = []
    # Widgets of earlier tests waiting for deleteLater would free their references to True
    # in the loop below and look like a leak: let them go first.
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
        gc.collect()
    before = sys.getrefcount(True)
    emitter = Emitter()
    emitter.progress.connect(lambda done, steps, text: received.append(done))
    loop = QEventLoop()
    emitter.finished.connect(loop.quit)
    emitter.start()
    loop.exec()
    emitter.wait()
    qtbot.waitUntil(lambda: len(received) == 200)
    gc.collect()
    lost = before - sys.getrefcount(True)
    assert lost < 20, f"{lost} references to True lost in 200 signals (PySide6 6.12.0's leak)"
