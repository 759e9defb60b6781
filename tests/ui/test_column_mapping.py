"""The column mapping dialog: which column of a spreadsheet holds what, chosen by the teacher
while looking at the first rows; and the pack manager opening it for a header it does not know."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel
from pytestqt.qtbot import QtBot

from quizapp.core.columns import ColumnMapping, CsvPreview
from quizapp.core.summaries import ImportStatus
from quizapp.services import Bank, packs
from quizapp.services import columns as column_service
from quizapp.ui.context import AppContext
from quizapp.ui.dialogs.column_mapping import ROLE_LABELS, ColumnMappingDialog
from quizapp.ui.screens.pack_manager import PackManagerScreen

from ..helpers import FakeClock, write
from .test_accessibility import interactive
from .test_pack_manager import Dialogs, import_and_wait, status, titles

REAL = Path(__file__).parents[1] / "data" / "real"
HEADER = ("Nr", "Frage", "Antwort 1", "Antwort 2", "Antwort 3", "Lösung", "Notiz")
ROWS = (
    ("1", "Eins plus eins?", "1", "2", "3", "2", "leicht"),
    ("2", "Zwei mal zwei?", "2", "4", "8", "4", ""),
)
GERMAN = "\n".join(",".join(row) for row in (HEADER, *ROWS)) + "\n"


def preview(
    header: tuple[str, ...] = HEADER, rows: tuple[tuple[str, ...], ...] = ROWS
) -> CsvPreview:
    return CsvPreview(header, rows, "", 1)


@pytest.fixture
def dialog(qtbot: QtBot) -> ColumnMappingDialog:
    d = ColumnMappingDialog("fragen.csv", preview())
    qtbot.addWidget(d)
    d.show()
    return d


def choose(qtbot: QtBot, box: QComboBox, label: str) -> None:
    """Pick an item the way a keyboard user does: focus the box and type its first letters."""
    box.setFocus()
    qtbot.keyClicks(box, label[:3])
    assert box.currentText() == label


def map_the_german_columns(qtbot: QtBot, d: ColumnMappingDialog) -> None:
    boxes = d.role_boxes
    choose(qtbot, boxes[1], ROLE_LABELS["prompt"])
    for box in boxes[2:5]:
        choose(qtbot, box, ROLE_LABELS["choices"])
    choose(qtbot, boxes[5], ROLE_LABELS["correct"])


# -- the dialog ----------------------------------------------------------------------------------
def test_the_dialog_shows_the_file_and_its_first_rows_under_the_header(
    dialog: ColumnMappingDialog,
) -> None:
    assert "fragen.csv" in dialog.windowTitle()
    table = dialog.preview_table
    assert [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())] == [
        "A: Nr\n(ignored)",
        "B: Frage\n(ignored)",
        "C: Antwort 1\n(ignored)",
        "D: Antwort 2\n(ignored)",
        "E: Antwort 3\n(ignored)",
        "F: Lösung\n(ignored)",
        "G: Notiz\n(ignored)",
    ]
    assert [table.item(0, c).text() for c in range(3)] == ["1", "Eins plus eins?", "1"]
    assert table.rowCount() == 2


def test_ok_waits_until_the_question_the_choices_and_the_answer_have_columns(
    qtbot: QtBot, dialog: ColumnMappingDialog
) -> None:
    assert not dialog.ok_button.isEnabled()
    assert dialog.message_label.text() == "Choose the column that holds the question (Prompt)."
    map_the_german_columns(qtbot, dialog)
    assert dialog.ok_button.isEnabled()
    assert dialog.message_label.text() == (
        "Ready: the question from “Frage”, 3 columns of choices, the right answer from “Lösung”. "
        "The other columns are left out."
    )
    assert dialog.mapping() == ColumnMapping(
        "frage", ("antwort_1", "antwort_2", "antwort_3"), ("lösung",)
    )
    header = dialog.preview_table.horizontalHeaderItem
    assert [header(c).text() for c in (1, 2, 5)] == [
        "B: Frage\n→ Prompt",
        "C: Antwort 1\n→ Choices",
        "F: Lösung\n→ Correct answer",
    ]


def test_one_column_of_choices_gets_the_separator_its_cells_use(qtbot: QtBot) -> None:
    d = ColumnMappingDialog(
        "joined.csv", preview(("Question", "All", "Key"), (("Best?", "a|b|c", "B"),))
    )
    qtbot.addWidget(d)
    d.show()
    choose(qtbot, d.role_boxes[1], ROLE_LABELS["choices"])
    assert d.separator_box.currentText() == "| (a vertical bar)"
    assert d.ok_button.isEnabled()
    mapping = d.mapping()
    assert mapping is not None and (mapping.choices, mapping.separator) == (("all",), "|")


def test_names_it_knows_are_chosen_to_start_with(qtbot: QtBot) -> None:
    d = ColumnMappingDialog(
        "q.csv", preview(("ID", "Question text", "Option 1", "Option 2", "Answer", "x"), ())
    )
    qtbot.addWidget(d)
    assert [b.currentText() for b in d.role_boxes] == [
        ROLE_LABELS[r] for r in ("id", "prompt", "choices", "choices", "correct", "ignore")
    ]
    assert d.ok_button.isEnabled()


def test_a_remembered_mapping_is_the_starting_choice(qtbot: QtBot) -> None:
    remembered = ColumnMapping("frage", ("antwort_*",), ("lösung",), explanation="notiz")
    d = ColumnMappingDialog("fragen.csv", preview(), remembered)
    qtbot.addWidget(d)
    assert [b.currentText() for b in d.role_boxes] == [
        ROLE_LABELS[r]
        for r in ("ignore", "prompt", "choices", "choices", "choices", "correct", "explanation")
    ]
    assert d.mapping() == ColumnMapping(
        "frage", ("antwort_1", "antwort_2", "antwort_3"), ("lösung",), explanation="notiz"
    )


def test_every_interactive_widget_has_a_name(dialog: ColumnMappingDialog) -> None:
    widgets = interactive(dialog)
    assert len(widgets) >= len(HEADER) + 4
    for widget in widgets:
        assert widget.objectName(), widget
        assert widget.accessibleName(), widget.objectName()
    assert dialog.role_boxes[1].objectName() == "role_box_B"
    assert dialog.role_boxes[1].accessibleName() == "What column B “Frage” holds"
    for name in ("preview_table", "separator_box", "keys_box", "ok_button", "cancel_button"):
        assert getattr(dialog, name).objectName() == name


def test_alt_mnemonics_are_unique_in_the_dialog(dialog: ColumnMappingDialog) -> None:
    texts = [w.text() for w in dialog.findChildren(QAbstractButton) if w.text()]
    texts += [w.text() for w in dialog.findChildren(QLabel) if w.buddy() is not None]
    keys = [m.group(1).lower() for t in texts if (m := re.search(r"&(\w)", t))]
    assert len(set(keys)) == len(keys), keys


def test_tab_goes_from_the_rows_through_every_column_to_the_buttons(
    qtbot: QtBot, dialog: ColumnMappingDialog
) -> None:
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    dialog.preview_table.setFocus()
    seen = []
    for _ in range(len(HEADER) + 3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget().objectName())
    # OK is not enabled yet, so Tab passes it by.
    assert seen == [
        *(f"role_box_{c}" for c in "ABCDEFG"),
        "separator_box",
        "keys_box",
        "cancel_button",
    ]


def test_escape_cancels_and_gives_no_mapping(qtbot: QtBot, dialog: ColumnMappingDialog) -> None:
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == ColumnMappingDialog.DialogCode.Rejected


# -- the pack manager opens it -------------------------------------------------------------------
Answer = Callable[[QtBot, ColumnMappingDialog], None]


class Mapper:
    """Stands in for ``ColumnMappingDialog.ask``: builds the real dialog, lets the test drive
    it, and presses OK (or Cancel) as the teacher would."""

    def __init__(self, qtbot: QtBot, answer: Answer | None, ok: bool = True) -> None:
        self.qtbot = qtbot
        self.answer = answer
        self.ok = ok
        self.shown: list[ColumnMappingDialog] = []

    def ask(
        self,
        parent: Any,
        file_name: str,
        preview: CsvPreview,
        remembered: ColumnMapping | None = None,
    ) -> ColumnMapping | None:
        d = ColumnMappingDialog(file_name, preview, remembered, parent)
        self.qtbot.addWidget(d)
        d.show()
        self.shown.append(d)
        if self.answer is not None:
            self.answer(self.qtbot, d)
        button = d.ok_button if self.ok else d.cancel_button
        with self.qtbot.waitSignal(d.finished):
            self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        return d.mapping() if d.result() == ColumnMappingDialog.DialogCode.Accepted else None


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    from .test_pack_manager import ProblemsDialog

    d = Dialogs()
    monkeypatch.setattr(ProblemsDialog, "show_problems", d.show_problems)
    return d


@pytest.fixture
def screen(qtbot: QtBot, bank: Bank, dialogs: Dialogs) -> Iterator[PackManagerScreen]:
    s = PackManagerScreen(AppContext(bank, FakeClock()))
    qtbot.addWidget(s)
    s.refresh()
    s.show()
    yield s
    s.shutdown()


def use(monkeypatch: pytest.MonkeyPatch, mapper: Mapper) -> Mapper:
    monkeypatch.setattr(ColumnMappingDialog, "ask", mapper.ask)
    return mapper


def test_an_unknown_header_opens_the_dialog_and_the_mapped_questions_are_imported(
    qtbot: QtBot,
    screen: PackManagerScreen,
    bank: Bank,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: Dialogs,
) -> None:
    mapper = use(monkeypatch, Mapper(qtbot, map_the_german_columns))
    path = write(tmp_path, "fragen.csv", GERMAN)
    report = import_and_wait(qtbot, screen, [path])
    assert [r.status for r in report.results] == [ImportStatus.ADDED]
    assert len(mapper.shown) == 1
    assert titles(screen) == ["fragen"]
    assert status(screen)[:2] == [
        "fragen.csv: added “fragen” (version 1.0.0, 2 questions).",
        "    2 questions read: 2 multiple choice",
    ]
    assert status(screen)[2].startswith("    language: not clear from the text")
    pack = packs.load_pack(bank, "fragen")
    assert [(q.prompt, q.correct_indexes) for q in pack.questions] == [
        ("Eins plus eins?", (1,)),
        ("Zwei mal zwei?", (1,)),
    ]
    assert column_service.remembered_columns(bank, HEADER) == mapper.shown[0].mapping()


def test_the_next_file_with_that_header_starts_from_the_remembered_mapping(
    qtbot: QtBot,
    screen: PackManagerScreen,
    bank: Bank,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: Dialogs,
) -> None:
    use(monkeypatch, Mapper(qtbot, map_the_german_columns))
    import_and_wait(qtbot, screen, [write(tmp_path, "fragen.csv", GERMAN)])
    again = use(monkeypatch, Mapper(qtbot, None))  # the teacher only presses OK
    more = write(tmp_path, "mehr.csv", GERMAN.replace("Eins plus eins?", "Drei?"))
    report = import_and_wait(qtbot, screen, [more])
    assert [r.status for r in report.results] == [ImportStatus.ADDED]
    assert [b.currentText() for b in again.shown[0].role_boxes][1:6] == [
        ROLE_LABELS[r] for r in ("prompt", "choices", "choices", "choices", "correct")
    ]


def test_two_files_with_one_header_are_mapped_once(
    qtbot: QtBot,
    screen: PackManagerScreen,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: Dialogs,
) -> None:
    mapper = use(monkeypatch, Mapper(qtbot, map_the_german_columns))
    first = write(tmp_path, "eins.csv", GERMAN)
    second = write(tmp_path, "zwei.csv", GERMAN)
    report = import_and_wait(qtbot, screen, [first, second])
    assert [r.status for r in report.results] == [ImportStatus.ADDED] * 2
    assert len(mapper.shown) == 1


def test_cancelling_the_dialog_imports_nothing_and_says_so(
    qtbot: QtBot,
    screen: PackManagerScreen,
    bank: Bank,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use(monkeypatch, Mapper(qtbot, None, ok=False))
    assert not screen.import_paths([str(write(tmp_path, "fragen.csv", GERMAN))])
    assert screen.worker is None
    assert status(screen) == ["Nothing was imported: the columns of fragen.csv were not chosen."]
    assert packs.list_packs(bank) == []
    assert column_service.remembered_columns(bank, HEADER) is None


def test_a_layout_quizapp_recognises_is_imported_without_asking(
    qtbot: QtBot, screen: PackManagerScreen, monkeypatch: pytest.MonkeyPatch, dialogs: Dialogs
) -> None:
    mapper = use(monkeypatch, Mapper(qtbot, None))
    report = import_and_wait(qtbot, screen, [REAL / "dirtylittledata_quiz_questions.csv"])
    assert [r.status for r in report.results] == [ImportStatus.ADDED]
    assert mapper.shown == []
