"""A table model over the bank's packs for the pack manager: counts, origin, what is missing."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from quizapp.core.summaries import PackSummary
from quizapp.ui import theme
from quizapp.ui.models.list_table import Index, PackListModel

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
BUNDLED = "bundled with quizapp"

# Short names for the format column; the registry's longer descriptions go in the tooltip.
FORMAT_LABELS = {
    "toml": "TOML",
    "gift": "GIFT",
    "aiken": "Aiken",
    "csv": "CSV",
    "quizpack": "quizpack",
    "apkg": "Anki",  # export only: never the format a pack came in
}
FORMAT_DESCRIPTIONS = {
    "toml": "A quizapp pack file",
    "gift": "A Moodle GIFT file",
    "aiken": "A Moodle Aiken file",
    "csv": "A spreadsheet saved as CSV",
    "quizpack": "A quizapp pack with its pictures",
}


def format_label(format_name: str) -> str:
    """The short name of a format: "gift" -> "GIFT"."""
    return FORMAT_LABELS.get(format_name, format_name.upper() or "—")


def origin_text(pack: PackSummary) -> str:
    """Where a pack came from, as a teacher recognises it: "quiz.gift (GIFT)", or bundled."""
    if pack.bundled or pack.origin.startswith("bundled:"):
        return BUNDLED
    name = PurePath(pack.origin).name if pack.origin else ""
    fmt = format_label(pack.source_format)
    return f"{name} ({fmt})" if name else fmt


def missing_text(pack: PackSummary) -> str:
    """The ⚠ flag in words ("3 need an explanation"), or "" when the pack is complete."""
    n = pack.missing_explanations
    if n <= 0:
        return ""
    return f"⚠ {n} need{'s' if n == 1 else ''} an explanation"


class PackManagerModel(PackListModel):
    """Every pack in the bank as a row, for the pack manager.

    Attributes:
        TITLE ... TO_COMPLETE: the column numbers; HEADERS their titles.

    The sort role (``SORT_ROLE``) gives numbers for the count columns and lower-case text
    for the others, so a proxy sorts 10 after 9 and "b" after "A".
    """

    (
        TITLE,
        VERSION,
        AUTHORS,
        LANGUAGE,
        QUESTIONS,
        MULTIPLE_CHOICE,
        TRUE_FALSE,
        SELECT_ALL,
        ORIGIN,
        TO_COMPLETE,
    ) = range(10)
    # Two-line headers keep the count columns narrow, leaving room for the titles.
    HEADERS = (
        "Pack",
        "Version",
        "Authors",
        "Language",
        "Questions",
        "Multiple\nchoice",
        "True/\nfalse",
        "Select\nall",
        "From",
        "To complete",
    )
    HEADER_TIPS = (
        "The pack's title",
        "The pack's version",
        "Who wrote the pack",
        "The language of the questions",
        "Questions in the pack (retired ones not counted)",
        "Multiple-choice questions: one right answer",
        "True-or-false questions",
        "Select-all-that-apply questions",
        "The file the pack was imported from, and its format",
        "What the teacher still has to add",
    )
    COUNT_COLUMNS = (QUESTIONS, MULTIPLE_CHOICE, TRUE_FALSE, SELECT_ALL)

    def _display(self, pack: PackSummary, column: int) -> str:
        texts = (
            pack.title,
            pack.version,
            ", ".join(pack.authors) or "—",
            pack.language or "—",
            str(pack.questions),
            str(pack.multiple_choice),
            str(pack.true_false),
            str(pack.multiple_response),
            origin_text(pack),
            missing_text(pack),
        )
        return texts[column]

    def _sort_key(self, pack: PackSummary, column: int) -> Any:
        if column == self.QUESTIONS:
            return pack.questions
        if column == self.MULTIPLE_CHOICE:
            return pack.multiple_choice
        if column == self.TRUE_FALSE:
            return pack.true_false
        if column == self.SELECT_ALL:
            return pack.multiple_response
        if column == self.TO_COMPLETE:
            return pack.missing_explanations
        return self._display(pack, column).lower()

    def _tooltip(self, pack: PackSummary, column: int) -> str | None:
        if column == self.TITLE:
            return pack.description or pack.title
        if column == self.ORIGIN:
            if origin_text(pack) == BUNDLED:
                return "Shipped with quizapp"
            return f"{pack.origin}\n{FORMAT_DESCRIPTIONS.get(pack.source_format, '')}".strip()
        if column == self.AUTHORS and pack.authors:
            return "\n".join(pack.authors)
        if column == self.TO_COMPLETE and pack.missing_explanations:
            n = pack.missing_explanations
            return (
                f"{n} question{'s have' if n != 1 else ' has'} no explanation yet. "
                "Edit the pack to add them: learners see the explanation after each answer."
            )
        return None

    def _accessible(self, pack: PackSummary) -> str:
        text = (
            f"{pack.title}, version {pack.version}, {pack.questions} questions: "
            f"{pack.multiple_choice} multiple choice, {pack.true_false} true or false, "
            f"{pack.multiple_response} select all; from {origin_text(pack)}"
        )
        missing = missing_text(pack)
        return f"{text}; warning: {missing[2:]}" if missing else text

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        pack = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(pack, column)
        if role == SORT_ROLE:
            return self._sort_key(pack, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(pack, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._accessible(pack)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.TO_COMPLETE:
            # The words say it too; the colour only helps the eye find the rows.
            return QColor(theme.colours().wrong) if pack.missing_explanations else None
        if role == Qt.ItemDataRole.ForegroundRole and column == self.ORIGIN and pack.bundled:
            return QColor(theme.colours().muted)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.COUNT_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.HEADER_TIPS[section]
        return None
