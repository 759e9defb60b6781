"""A table model over a list of PackSummary, with the learner's best and last scores."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from quizapp.core.quiz import format_points
from quizapp.core.study import PackStudy
from quizapp.core.summaries import PackStats, PackSummary
from quizapp.ui.models.list_table import Index, PackListModel

SORT_ROLE = Qt.ItemDataRole.UserRole + 1


def study_text(study: PackStudy) -> str:
    """ "3 due · 5 new", "5 new", "3 due"; "Done for today" when every fact has been studied
    and none is due; "—" when the day's new facts are used up."""
    parts = []
    if study.due_today:
        parts.append(f"{study.due_today} due")
    if study.new:
        parts.append(f"{study.new} new")
    if parts:
        return " · ".join(parts)
    return "Done for today" if not study.unstudied else "—"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


class PackTableModel(PackListModel):
    """Packs as rows: title, questions, facts to study today, best score, last score."""

    TITLE, QUESTIONS, STUDY, BEST, LAST = range(5)
    HEADERS = ("Pack", "Questions", "To study today", "Best", "Last")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stats: dict[str, PackStats] = {}
        self._study: dict[str, PackStudy] = {}

    def set_rows(
        self,
        rows: list[PackSummary],
        stats: dict[str, PackStats] | None = None,
        study: dict[str, PackStudy] | None = None,
    ) -> None:
        self._stats = dict(stats or {})
        self._study = dict(study or {})
        super().set_rows(rows)

    def study_of(self, pack_id: str) -> PackStudy:
        return self._study.get(pack_id, PackStudy(pack_id))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.valid(index):
            return None
        pack = self._rows[index.row()]
        stats = self._stats.get(pack.id, PackStats())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.TITLE:
                return pack.title
            if column == self.QUESTIONS:
                return str(pack.questions)
            if column == self.STUDY:
                return study_text(self.study_of(pack.id))
            if column == self.BEST:
                return _percent(stats.best_percent)
            if stats.last_percent is None:
                return "—"
            last = format_points(stats.last_score)
            return f"{last}/{format_points(stats.last_total)} ({stats.last_percent:.0f}%)"
        if role == SORT_ROLE:
            due = self.study_of(pack.id)
            values = (
                pack.title.lower(),
                pack.questions,
                due.due_today * 10_000 + due.new,
                stats.best_percent or -1,
                stats.last_percent or -1,
            )
            return values[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == self.TITLE:
            return pack.description or pack.title
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return (
                f"{pack.title}, {pack.questions} questions, "
                f"to study today: {study_text(self.study_of(pack.id))}, "
                f"best {_percent(stats.best_percent)}, last {_percent(stats.last_percent)}"
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column != self.TITLE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
