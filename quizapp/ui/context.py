"""What every screen is given: the bank, the clock and a timer factory (injectable in tests)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer

from quizapp.core.quiz import Clock, system_clock
from quizapp.services import Bank


def make_timer(parent: QObject | None = None) -> QTimer:
    return QTimer(parent)


@dataclass
class AppContext:
    """Built once in ``ui.app`` and handed to each screen.

    Attributes:
        bank: the open question bank.
        clock: the wall clock used for attempts and time limits.
        timer_factory: makes the countdown's QTimer (tests drive it by hand).
        hand_in_folder: ``quizapp join --hand-in DIR``: a coded quiz is handed in there as
            soon as it is finished.
    """

    bank: Bank
    clock: Clock = system_clock
    timer_factory: Callable[[QObject | None], QTimer] = field(default=make_timer)
    hand_in_folder: str = ""
