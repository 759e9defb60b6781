"""Where quizapp writes its log, and how an unexpected error is recorded for a bug report."""

from __future__ import annotations

import logging
import os
import traceback
from pathlib import Path

log = logging.getLogger("quizapp")


def log_path() -> Path:
    """``quizapp.log`` in ``$QUIZAPP_LOG_DIR`` or the user's state folder."""
    env = os.environ.get("QUIZAPP_LOG_DIR")
    if env:
        return Path(env).expanduser() / "quizapp.log"
    import platformdirs

    return platformdirs.user_log_path("quizapp", appauthor=False) / "quizapp.log"


def note(message: str) -> None:
    """Append one line to the log (something the user need not be interrupted for)."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as f:
            from datetime import datetime

            f.write(f"--- {datetime.now().isoformat(timespec='seconds')} {message}\n")
    except OSError:
        pass


def record_crash(error: BaseException) -> Path | None:
    """Append the traceback of an unexpected error to the log; the log's path, if written."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as f:
            from datetime import datetime

            f.write(f"--- {datetime.now().isoformat(timespec='seconds')} unexpected error\n")
            f.write("".join(traceback.format_exception(error)))
    except OSError:
        return None
    return path


def crash_message(error: BaseException) -> str:
    """One short paragraph for the user about an unexpected error (a bug in quizapp)."""
    path = record_crash(error)
    where = f"Details were written to {path}." if path else "The details could not be saved."
    return (
        f"quizapp ran into an unexpected problem ({type(error).__name__}: {error}). "
        f"This is a bug in quizapp, not something you did. {where}"
    )
