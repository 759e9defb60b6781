"""The baseline: a bare PySide6 window showing one line of text, then "ready" and exit."""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

app = QApplication(sys.argv)
label = QLabel("Hello, world")
label.show()


def ready() -> None:
    with open("/proc/self/status", encoding="ascii") as f:
        peak = next(int(x.split()[1]) for x in f if x.startswith("VmHWM:")) / 1024
    print(f"quizapp-ready {peak:.1f}", flush=True)
    app.quit()


QTimer.singleShot(0, ready)
app.exec()
