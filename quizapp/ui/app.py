"""Builds the application once: platform checks, QApplication, the bank, the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QLabel

from quizapp.services import BankError, ServiceError, open_bank, upgrade_pending
from quizapp.services.bundled import stale_bundled_packs
from quizapp.services.quiz import QuizRequest, QuizSession
from quizapp.ui import theme
from quizapp.ui.context import AppContext
from quizapp.ui.dialogs.messages import ErrorMessage
from quizapp.ui.main_window import MainWindow

if TYPE_CHECKING:
    from quizapp.services.classroom import JoinRequest

XCB_PACKAGES = (
    "libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 "
    "libxcb-xkb1 libxkbcommon-x11-0 libegl1 libfontconfig1 libdbus-1-3"
)
NO_WINDOW_HELP = (
    "quizapp could not open a window: {reason}\n"
    "- On a desktop, check that you are logged in to a graphical session.\n"
    "- On Debian or Ubuntu, Qt needs these system packages:\n"
    "    sudo apt-get install -y " + XCB_PACKAGES + "\n"
    "- Without a screen, the command line still works: quizapp --help"
)


def _no_display() -> str | None:
    """Why no window can be opened on this Linux machine, if we can tell before Qt tries."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return "there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)."


def _install_platform_failure_handler() -> None:
    """Qt aborts when its platform plugin cannot load; say why in plain words instead."""
    seen: list[str] = []

    def handler(kind: QtMsgType, context: Any, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg:
            details = " ".join([*seen[-3:], message]).replace("\n", " ")
            sys.stderr.write(NO_WINDOW_HELP.format(reason=details[:600]) + "\n")
            sys.stderr.flush()
            os._exit(1)
        if "qpa" in (getattr(context, "category", "") or "") or "platform plugin" in message:
            seen.append(message)  # said once, in plain words, if Qt then gives up
        elif kind != QtMsgType.QtDebugMsg:
            sys.stderr.write(message + "\n")

    qInstallMessageHandler(handler)


def run(
    db: str | Path | None = None,
    start: QuizRequest | None = None,
    exit_when_ready: bool | None = None,
    join_code: JoinRequest | None = None,
) -> int:
    """Open the window on the bank at ``db`` (or the default) and run until it closes.

    With ``start``, go straight into that quiz; with ``join_code``, into the quiz a class
    code stands for (without a learner's name, the start screen asks for it).
    ``exit_when_ready`` (or the environment variable QUIZAPP_EXIT_WHEN_READY=1, used by the
    benchmarks) prints "quizapp-ready" and the peak memory in MB, and quits as soon as the
    packs, or the first question, are on screen.
    """
    reason = _no_display()
    if reason:
        sys.stderr.write(NO_WINDOW_HELP.format(reason=reason) + "\n")
        return 1
    if exit_when_ready is None:
        exit_when_ready = os.environ.get("QUIZAPP_EXIT_WHEN_READY") == "1"
    _install_platform_failure_handler()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("quizapp")
    app.setApplicationDisplayName("quizapp")
    icon = _asset("icons/quizapp.svg")
    if icon is not None:
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    theme.apply(app)
    notice = _upgrade_notice() if upgrade_pending(db) else None
    try:
        bank = open_bank(db)
        stale = stale_bundled_packs(bank)
    except BankError as e:
        if notice is not None:
            notice.close()
        sys.stderr.write(f"quizapp: {e.message}\n")
        ErrorMessage.show(None, "quizapp cannot open the question bank", e.message)
        return 1
    if notice is not None:
        notice.close()
    context = AppContext(bank, hand_in_folder=join_code.hand_in if join_code else "")
    window = MainWindow(context)
    _install_bug_handler(window)
    learner = start.learner if start else (join_code.learner if join_code else None)
    window.start_screen.refresh(learner or None, preparing=bool(stale))
    window.show()

    def ready() -> None:
        if exit_when_ready:
            print(f"quizapp-ready {_peak_memory_mb():.1f}", flush=True)
            app.quit()
            return
        from quizapp.services.banks import daily_backup_in_background

        daily_backup_in_background(bank)  # once a day, while the learner gets going

    def start_quiz() -> None:
        if join_code is not None:
            join_class(join_code)
        elif start is not None and not start.learner.strip():
            # A class-wide command without --learner: each learner types a name, then Enter.
            window.start_screen.prefill(start)
            window.start_screen.learner_box.setFocus()
        elif start is not None:
            try:
                session = QuizSession.start(context.bank, start, context.clock)
            except (ServiceError, BankError) as e:
                ErrorMessage.show(window, "quizapp cannot start this quiz", str(e))
                window.show_start()
            else:
                window.show_quiz(session)
        ready()

    def join_class(request: JoinRequest) -> None:
        from quizapp.services.classroom import join

        if not request.learner.strip():
            window.start_screen.prefill_code(request.code)  # each learner types a name
            return
        try:
            session = join(context.bank, request.code, request.learner, context.clock)
        except (ServiceError, BankError) as e:
            ErrorMessage.show(window, "quizapp cannot join this quiz", str(e))
            window.start_screen.prefill_code(request.code)
        else:
            window.show_quiz(session)

    if stale:
        # Let the window paint its "preparing" state first; the import loads the heavy parts.
        window.statusBar().showMessage("Adding the bundled question packs…")
        window.start_screen.focus_default()  # a name can be typed meanwhile

        def import_then_start() -> None:
            _import_bundled(window, context)
            start_quiz()

        QTimer.singleShot(30, import_then_start)
    elif start is not None or join_code is not None:
        QTimer.singleShot(0, start_quiz)
    else:
        window.start_screen.focus_default()
        QTimer.singleShot(0, ready)
    try:
        return app.exec()
    finally:
        bank.close()


def _upgrade_notice() -> QLabel:
    """A small window for the one-off wait while the bank is upgraded to this quizapp."""
    notice = QLabel(
        "Upgrading the question bank for this version of quizapp…\n"
        "This happens once, and can take a few seconds for a large bank.\n"
        "A copy of the bank as it was is kept beside it."
    )
    notice.setObjectName("upgrade_notice")
    notice.setAccessibleName("Upgrading the question bank")
    notice.setWindowTitle("quizapp")
    notice.setMargin(24)
    notice.show()
    for _ in range(3):  # let it paint before the work begins
        QApplication.processEvents()
    return notice


def _asset(name: str) -> Path | None:
    """A file from assets/: inside the package once installed, else in the source tree."""
    here = Path(__file__).resolve().parent.parent
    for folder in (here / "assets", here.parent / "assets"):
        if (folder / name).is_file():
            return folder / name
    return None


def _install_bug_handler(window: MainWindow) -> None:
    """An unexpected error in a slot: log it, tell the user in plain words, keep running."""

    def handler(kind: type[BaseException], error: BaseException, tb: Any) -> None:
        if isinstance(error, KeyboardInterrupt):
            QApplication.quit()
            return
        if isinstance(error, BankError):
            ErrorMessage.show(window, "quizapp cannot use the question bank", error.message)
            return
        from quizapp.logs import crash_message

        ErrorMessage.show(window, "Something went wrong", crash_message(error))

    sys.excepthook = handler


def _peak_memory_mb() -> float:
    """This process's peak resident memory (Linux), for the benchmarks; 0 if unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _import_bundled(window: MainWindow, context: AppContext) -> None:
    """First start (or a newer bundled pack): import them, then show the packs."""
    from quizapp.services import packs

    try:
        results = packs.ensure_bundled_packs(context.bank)
    except BankError as e:
        window.statusBar().clearMessage()
        ErrorMessage.show(window, "quizapp cannot update the question bank", e.message)
        window.start_screen.bank_ready()
        return
    failed = [r for r in results if r.problems]
    window.statusBar().clearMessage()
    window.start_screen.bank_ready()
    if failed:
        ErrorMessage.show(
            window, "A bundled pack could not be added", "\n".join(r.message for r in failed)
        )
