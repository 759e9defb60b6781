"""The pack manager: the list of packs, importing (with progress and cancel), export, remove."""

from __future__ import annotations

import re
import sqlite3
import threading
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
)
from pytestqt.qtbot import QtBot

from quizapp.core.problems import Problem
from quizapp.core.summaries import ImportStatus
from quizapp.services import Bank, packs
from quizapp.ui import workers
from quizapp.ui.context import AppContext
from quizapp.ui.dialogs.messages import ErrorMessage
from quizapp.ui.dialogs.problems import ProblemsDialog
from quizapp.ui.models.pack_manager_table import PackManagerModel as M
from quizapp.ui.screens import pack_manager
from quizapp.ui.screens.pack_manager import (
    ConfirmRemove,
    ConfirmReplace,
    PackFileDialog,
    PackManagerScreen,
    export_filters,
    export_target,
    import_filters,
)
from quizapp.ui.workers import ImportReport, ImportWorker

from ..helpers import FakeClock, import_text, numbers_pack, row_counts, write, write_select_all
from .test_accessibility import interactive

AIKEN = """\
What is 2 + 2?
A) 3
B) 4
ANSWER: B

A question that never ends
A) x

Which number is even?
A) 2
B) 3
ANSWER: A
"""
GIFT = """\
::sum:: What is 2 + 2? {=4 ~3 ~5}

::even:: Which number is even? {=2 ~3}
"""
TIMEOUT = 10_000


class Dialogs:
    """Stands in for every dialog of the screen: the test sets the answers, calls are kept."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, list[Problem]]] = []
        self.errors: list[tuple[str, str]] = []
        self.remove_answer = False
        self.remove_asked: list[tuple[str, int]] = []
        self.replace_answer = False
        self.replace_asked: list[tuple[str, str, str]] = []
        self.files: tuple[list[str], str | None] = ([], None)
        self.save_as: tuple[str, str | None] = ("", None)
        self.save_asked: list[str] = []

    def show_problems(self, parent: Any, title: str, problems: list[Problem]) -> None:
        self.problems.append((title, list(problems)))

    def show_error(self, parent: Any, title: str, text: str) -> None:
        self.errors.append((title, text))

    def ask_remove(self, parent: Any, title: str, questions: int) -> bool:
        self.remove_asked.append((title, questions))
        return self.remove_answer

    def ask_replace(self, parent: Any, title: str, in_bank: str, in_file: str) -> bool:
        self.replace_asked.append((title, in_bank, in_file))
        return self.replace_answer

    def open_files(self, parent: Any, directory: str) -> tuple[list[str], str | None]:
        return self.files

    def save_file(self, parent: Any, suggested: str, format_name: str) -> tuple[str, str | None]:
        self.save_asked.append(suggested)
        return self.save_as


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    d = Dialogs()
    monkeypatch.setattr(ProblemsDialog, "show_problems", d.show_problems)
    monkeypatch.setattr(ErrorMessage, "show", d.show_error)
    monkeypatch.setattr(ConfirmRemove, "ask", d.ask_remove)
    monkeypatch.setattr(ConfirmReplace, "ask", d.ask_replace)
    monkeypatch.setattr(PackFileDialog, "open_files", d.open_files)
    monkeypatch.setattr(PackFileDialog, "save_file", d.save_file)
    return d


@pytest.fixture
def screen(qtbot: QtBot, bank: Bank, dialogs: Dialogs) -> Iterator[PackManagerScreen]:
    s = PackManagerScreen(AppContext(bank, FakeClock()))
    qtbot.addWidget(s)
    s.refresh()
    s.show()
    yield s
    s.shutdown()  # a failed test must not leave a thread running


def activate(qtbot: QtBot, screen: PackManagerScreen) -> None:
    """Keyboard shortcuts need the window to be the active one."""
    screen.activateWindow()
    qtbot.waitActive(screen)


def import_and_wait(
    qtbot: QtBot, screen: PackManagerScreen, paths: list[Path], **options: Any
) -> ImportReport:
    with qtbot.waitSignal(screen.import_finished, timeout=TIMEOUT) as blocker:
        assert screen.import_paths([str(p) for p in paths], **options)
    report = blocker.args[0]
    assert isinstance(report, ImportReport)
    return report


def cells(screen: PackManagerScreen, row: int) -> list[str]:
    model = screen.table.model()
    return [model.index(row, c).data() for c in range(model.columnCount())]


def titles(screen: PackManagerScreen) -> list[str]:
    model = screen.table.model()
    return [model.index(r, M.TITLE).data() for r in range(model.rowCount())]


def status(screen: PackManagerScreen) -> list[str]:
    return screen.status_label.text().splitlines()


# -- the list ----------------------------------------------------------------------------------
def test_the_list_shows_each_packs_counts_and_origin(
    screen: PackManagerScreen, bank: Bank, tmp_path: Path
) -> None:
    import_text(bank, tmp_path, numbers_pack(6), "numbers.toml")
    packs.import_files(bank, [str(write_select_all(tmp_path / "more"))])
    screen.refresh()
    assert cells(screen, 0) == [
        "Pack numbers",
        "1.0.0",
        "—",
        "en",
        "6",
        "3",
        "3",
        "0",
        "numbers.toml (TOML)",
        "",
    ]
    assert cells(screen, 1)[M.QUESTIONS : M.SELECT_ALL + 1] == ["2", "1", "0", "1"]
    assert cells(screen, 1)[M.ORIGIN] == "select.toml (TOML)"
    assert screen.table.isVisible() and not screen.empty_label.isVisible()


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("moodle.txt", AIKEN),
        pytest.param("moodle.gift", GIFT, id="gift"),
    ],
)
def test_a_pack_with_questions_lacking_an_explanation_is_flagged(
    screen: PackManagerScreen, bank: Bank, tmp_path: Path, name: str, text: str
) -> None:
    [result] = packs.import_files(bank, [str(write(tmp_path, name, text))])
    assert result.status is ImportStatus.ADDED
    screen.refresh()
    flag = screen.table.model().index(0, M.TO_COMPLETE)
    assert flag.data() == "⚠ 2 need an explanation"
    assert "no explanation" in flag.data(Qt.ItemDataRole.ToolTipRole)


def test_an_empty_bank_says_how_to_add_packs_and_only_import_is_enabled(
    screen: PackManagerScreen,
) -> None:
    assert screen.empty_label.isVisible() and not screen.table.isVisible()
    assert "Import" in screen.empty_label.text()
    assert screen.import_button.isEnabled() and screen.new_button.isEnabled()
    for button in (screen.export_button, screen.remove_button, screen.edit_button):
        assert not button.isEnabled()


def test_the_selection_enables_the_buttons_and_survives_sorting(
    screen: PackManagerScreen, bank: Bank, tmp_path: Path
) -> None:
    import_text(bank, tmp_path, numbers_pack(6), "a.toml")
    import_text(bank, tmp_path, numbers_pack(2, "zeta"), "b.toml")
    screen.refresh()
    assert screen.export_button.isEnabled() and screen.remove_button.isEnabled()
    screen.table.selectionModel().clearSelection()
    assert not screen.export_button.isEnabled() and not screen.edit_button.isEnabled()
    screen.table.selectRow(1)
    assert screen.selected_pack() is not None and screen.selected_pack().id == "zeta"
    screen.table.sortByColumn(M.QUESTIONS, Qt.SortOrder.DescendingOrder)
    assert titles(screen) == ["Pack numbers", "Pack zeta"]
    assert screen.selected_pack().id == "zeta" and screen.edit_button.isEnabled()


# -- importing ---------------------------------------------------------------------------------
def test_importing_a_good_file_adds_it(
    qtbot: QtBot, screen: PackManagerScreen, bank: Bank, tmp_path: Path, dialogs: Dialogs
) -> None:
    path = write(tmp_path, "numbers.toml", numbers_pack(6))
    with qtbot.waitSignal(screen.packs_changed, timeout=TIMEOUT):
        report = import_and_wait(qtbot, screen, [path])
    assert [r.status for r in report.results] == [ImportStatus.ADDED]
    assert titles(screen) == ["Pack numbers"]
    assert screen.selected_pack() is not None and screen.selected_pack().id == "numbers"
    assert status(screen) == ["numbers.toml: added “Pack numbers” (version 1.0.0, 6 questions)."]
    assert dialogs.problems == []
    assert screen.worker is None and screen.progress_dialog is None
    assert screen.import_button.isEnabled()


def test_importing_a_bad_file_shows_every_problem_and_changes_nothing(
    qtbot: QtBot, screen: PackManagerScreen, bank: Bank, tmp_path: Path, dialogs: Dialogs
) -> None:
    before = row_counts(bank)
    text = numbers_pack(2).replace('version = "1.0.0"', 'version = "one"')
    text = text.replace(
        '{ text = "wrong one", correct = false', '{ text = "wrong one", correct = true'
    )
    bad = write(tmp_path, "bad.toml", text)
    with qtbot.assertNotEmitted(screen.packs_changed):
        import_and_wait(qtbot, screen, [bad])
    assert row_counts(bank) == before
    [(title, problems)] = dialogs.problems
    assert title == "Problems in the imported files"
    assert [(p.file, p.line, p.path, p.severity) for p in problems] == [
        (str(bad), 6, "pack.version", "error"),
        (str(bad), 20, "questions[1].choices", "error"),
    ]
    assert '"one" is not a version number' in problems[0].message
    assert "exactly one choice must be correct" in problems[1].message
    assert status(screen) == ["bad.toml: not imported — 2 problems (see the list)."]
    assert screen.empty_label.isVisible()


def test_skipped_questions_are_shown_as_warnings_after_a_successful_import(
    qtbot: QtBot, screen: PackManagerScreen, tmp_path: Path, dialogs: Dialogs
) -> None:
    path = write(tmp_path, "moodle.txt", AIKEN)
    report = import_and_wait(qtbot, screen, [path])
    assert report.results[0].status is ImportStatus.ADDED
    [(title, problems)] = dialogs.problems
    assert title == "Warnings about the imports"
    assert [(p.file, p.line, p.severity) for p in problems] == [(str(path), 9, "warning")]
    assert "skipped" in problems[0].message
    assert status(screen)[0].endswith("(version 1.0.0, 2 questions). 1 warning.")


def test_each_file_gets_a_line_saying_what_happened(
    qtbot: QtBot, screen: PackManagerScreen, bank: Bank, tmp_path: Path
) -> None:
    import_text(bank, tmp_path, numbers_pack(6), "numbers.toml")
    same = tmp_path / "numbers.toml"
    newer = write(tmp_path, "newer.toml", numbers_pack(7, version="1.1.0"))
    import_and_wait(qtbot, screen, [same, newer])
    assert status(screen) == [
        "numbers.toml: unchanged — version 1.0.0 of “Pack numbers” is already in.",
        "newer.toml: updated “Pack numbers” from 1.0.0 to 1.1.0: "
        "1 added, 0 changed, 0 retired, 6 unchanged.",
    ]
    assert cells(screen, 0)[M.VERSION] == "1.1.0"


@pytest.mark.parametrize("replace", [False, True])
def test_an_older_version_is_imported_only_if_the_teacher_says_so(
    qtbot: QtBot,
    screen: PackManagerScreen,
    bank: Bank,
    tmp_path: Path,
    dialogs: Dialogs,
    replace: bool,
) -> None:
    import_text(bank, tmp_path, numbers_pack(6, version="2.0.0"), "new.toml")
    screen.refresh()
    older = write(tmp_path, "old.toml", numbers_pack(4, version="1.0.0"))
    dialogs.replace_answer = replace
    reports: list[ImportReport] = []
    screen.import_finished.connect(reports.append)
    assert screen.import_paths([str(older)])
    qtbot.waitUntil(lambda: len(reports) == (2 if replace else 1), timeout=TIMEOUT)
    assert dialogs.replace_asked == [("Pack numbers", "2.0.0", "1.0.0")]
    assert reports[0].results[0].status is ImportStatus.REFUSED
    if replace:
        assert reports[1].force and reports[1].results[0].status is ImportStatus.UPDATED
        assert cells(screen, 0)[M.VERSION] == "1.0.0"
        assert status(screen) == [
            "old.toml: updated “Pack numbers” from 2.0.0 to 1.0.0: "
            "0 added, 0 changed, 2 retired, 4 unchanged."
        ]
    else:
        assert cells(screen, 0)[M.VERSION] == "2.0.0"
        assert status(screen) == [
            "old.toml: not imported — the bank has the newer version 2.0.0 of “Pack numbers”."
        ]


@pytest.mark.parametrize("step", ["Reading", "Saving"])
def test_cancelling_leaves_the_bank_unchanged_and_says_so(
    qtbot: QtBot, screen: PackManagerScreen, bank: Bank, tmp_path: Path, step: str
) -> None:
    before = row_counts(bank)
    path = write(tmp_path, "numbers.toml", numbers_pack(6))

    def cancel_after(worker: ImportWorker) -> None:
        # Runs in the worker's thread, as the progress callback reports the step: the cancel
        # is seen at the very next step ("Saving": inside the file's transaction).
        def on_progress(done: int, total: int, message: str) -> None:
            if step in message:
                worker.cancel()

        worker.progress.connect(on_progress, Qt.ConnectionType.DirectConnection)

    screen.import_started.connect(cancel_after)
    with qtbot.assertNotEmitted(screen.packs_changed):
        report = import_and_wait(qtbot, screen, [path])
    assert report.cancelled == str(path) and report.results == ()
    assert row_counts(bank) == before
    assert status(screen) == ["numbers.toml: cancelled; nothing was imported from that file."]
    assert titles(screen) == []


def test_a_cancel_keeps_the_files_imported_before_it(
    qtbot: QtBot, screen: PackManagerScreen, tmp_path: Path
) -> None:
    first = write(tmp_path, "first.toml", numbers_pack(2, "first"))
    second = write(tmp_path, "second.toml", numbers_pack(2, "second"))
    third = write(tmp_path, "third.toml", numbers_pack(2, "third"))

    def cancel_in_the_second(worker: ImportWorker) -> None:
        def on_progress(done: int, total: int, message: str) -> None:
            if message.startswith("second.toml"):
                worker.cancel()

        worker.progress.connect(on_progress, Qt.ConnectionType.DirectConnection)

    screen.import_started.connect(cancel_in_the_second)
    report = import_and_wait(qtbot, screen, [first, second, third])
    assert [r.pack_id for r in report.results] == ["first"]
    assert titles(screen) == ["Pack first"]
    assert status(screen) == [
        "first.toml: added “Pack first” (version 1.0.0, 2 questions).",
        "second.toml: cancelled; nothing was imported from that file.",
        "third.toml: not imported (the import was cancelled before it).",
    ]


def test_the_progress_dialogs_cancel_button_stops_the_import(
    qtbot: QtBot, screen: PackManagerScreen, bank: Bank, tmp_path: Path
) -> None:
    before = row_counts(bank)
    path = write(tmp_path, "numbers.toml", numbers_pack(6))
    gate = threading.Event()
    # Hold the worker at its first step until the test has pressed Cancel.
    screen.import_started.connect(
        lambda worker: worker.progress.connect(
            lambda *_: gate.wait(TIMEOUT / 1000), Qt.ConnectionType.DirectConnection
        )
    )
    screen.progress_delay_ms = 0
    with qtbot.waitSignal(screen.import_finished, timeout=TIMEOUT) as blocker:
        assert screen.import_paths([str(path)])
        try:
            assert not screen.import_paths([str(path)])  # one import at a time
            assert status(screen) == [
                "An import is already running; wait for it to finish, then try again."
            ]
            assert not screen.import_button.isEnabled()
            dialog = screen.progress_dialog
            assert dialog is not None
            qtbot.waitUntil(dialog.isVisible)
            assert dialog.isModal()
            cancel = dialog.findChild(QPushButton)
            assert cancel is not None and cancel.text() == "Cancel"
            qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
            assert status(screen)[0].startswith("Cancelling…")
        finally:
            gate.set()
    assert blocker.args[0].cancelled == str(path)
    assert row_counts(bank) == before
    assert status(screen) == ["numbers.toml: cancelled; nothing was imported from that file."]


def test_the_import_button_offers_every_format(
    qtbot: QtBot, screen: PackManagerScreen, tmp_path: Path, dialogs: Dialogs
) -> None:
    path = write(tmp_path, "moodle.txt", AIKEN)
    dialogs.files = ([str(path)], "aiken")
    with qtbot.waitSignal(screen.import_finished, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(screen.import_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].format_name == "aiken"
    assert titles(screen) == ["moodle"]
    filters = [f for f, _ in import_filters()]
    for needle in ("(TOML) (*.toml)", "GIFT (*.gift *.txt)", "Aiken", "(*.csv)", "(*.quizpack)"):
        assert any(needle in f for f in filters), needle
    assert filters[-1] == "All files (*)"
    assert filters[0].startswith("Every pack file (") and "*.quizpack" in filters[0]
    assert not any("apkg" in f for f in filters)  # quizapp only exports Anki packages


def test_ctrl_o_opens_the_import_dialog(
    qtbot: QtBot, screen: PackManagerScreen, tmp_path: Path, dialogs: Dialogs
) -> None:
    activate(qtbot, screen)
    dialogs.files = ([str(write(tmp_path, "numbers.toml", numbers_pack(2)))], None)
    with qtbot.waitSignal(screen.import_finished, timeout=TIMEOUT):
        qtbot.keyClick(screen.import_button, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert titles(screen) == ["Pack numbers"]


def test_files_dropped_on_the_screen_are_imported(
    qtbot: QtBot, screen: PackManagerScreen, tmp_path: Path
) -> None:
    path = write(tmp_path, "numbers.toml", numbers_pack(2))
    text = QMimeData()
    text.setText("just words")
    refused = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        text,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(screen, refused)
    assert not refused.isAccepted()
    files = QMimeData()
    files.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        files,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(screen, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        files,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(screen.import_finished, timeout=TIMEOUT):
        QApplication.sendEvent(screen, drop)
    assert titles(screen) == ["Pack numbers"]


# -- exporting ---------------------------------------------------------------------------------
@pytest.fixture
def numbers_screen(screen: PackManagerScreen, bank: Bank, tmp_path: Path) -> PackManagerScreen:
    import_text(bank, tmp_path, numbers_pack(6), "numbers.toml")
    screen.refresh()
    return screen


def test_export_writes_the_format_of_the_extension(
    qtbot: QtBot, numbers_screen: PackManagerScreen, tmp_path: Path, dialogs: Dialogs
) -> None:
    dest = tmp_path / "out" / "numbers.toml"
    dialogs.save_as = (str(dest), "aiken")  # the name typed wins over the filter left as it was
    qtbot.mouseClick(numbers_screen.export_button, Qt.MouseButton.LeftButton)
    data = tomllib.loads(dest.read_text(encoding="utf-8"))
    assert data["pack"]["id"] == "numbers" and len(data["questions"]) == 6
    assert dialogs.save_asked[0].endswith("numbers.toml")
    assert status(numbers_screen) == [f"Exported “Pack numbers” to {dest} (quizapp pack (TOML))."]
    assert dialogs.problems == [] and dialogs.errors == []


def test_export_shows_what_the_format_could_not_hold(
    qtbot: QtBot, numbers_screen: PackManagerScreen, tmp_path: Path, dialogs: Dialogs
) -> None:
    dest = tmp_path / "numbers.txt"
    dialogs.save_as = (str(dest), "aiken")  # .txt is GIFT or Aiken: the filter decides
    qtbot.mouseClick(numbers_screen.export_button, Qt.MouseButton.LeftButton)
    assert re.search(r"^ANSWER: [A-C]$", dest.read_text(encoding="utf-8"), re.MULTILINE)
    [(title, problems)] = dialogs.problems
    assert title == "What Aiken could not hold"
    assert problems and all(p.severity == "warning" and p.file == str(dest) for p in problems)
    assert "could not be written (see the list)" in status(numbers_screen)[0]


def test_ctrl_e_exports_and_a_name_without_extension_gets_the_filters(
    qtbot: QtBot, numbers_screen: PackManagerScreen, tmp_path: Path, dialogs: Dialogs
) -> None:
    activate(qtbot, numbers_screen)
    dialogs.save_as = (str(tmp_path / "copy"), "toml")
    qtbot.keyClick(numbers_screen.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert tomllib.loads((tmp_path / "copy.toml").read_text(encoding="utf-8"))["pack"]


def test_an_export_that_cannot_be_written_says_why(
    qtbot: QtBot, numbers_screen: PackManagerScreen, tmp_path: Path, dialogs: Dialogs
) -> None:
    write(tmp_path, "a-file", "not a folder")
    dialogs.save_as = (str(tmp_path / "a-file" / "numbers.toml"), "toml")
    qtbot.mouseClick(numbers_screen.export_button, Qt.MouseButton.LeftButton)
    [(title, text)] = dialogs.errors
    assert title == "The pack was not exported"
    assert text.startswith(f"Cannot write {tmp_path / 'a-file' / 'numbers.toml'}")
    assert "Traceback" not in text


def test_cancelling_the_save_dialog_writes_nothing(
    qtbot: QtBot, numbers_screen: PackManagerScreen, tmp_path: Path, dialogs: Dialogs
) -> None:
    before = sorted(tmp_path.rglob("*"))
    qtbot.mouseClick(numbers_screen.export_button, Qt.MouseButton.LeftButton)
    assert dialogs.save_asked and sorted(tmp_path.rglob("*")) == before
    assert status(numbers_screen) == []


@pytest.mark.parametrize(
    ("name", "chosen", "written", "fmt"),
    [
        ("x.toml", "gift", "x.toml", "toml"),
        ("x.txt", "aiken", "x.txt", "aiken"),
        ("x.txt", "gift", "x.txt", "gift"),
        ("x.txt", None, "x.txt", "gift"),
        ("x.CSV", "toml", "x.CSV", "csv"),
        ("x", "quizpack", "x.quizpack", "quizpack"),
        ("x", None, "x.toml", "toml"),
        ("my.pack", "csv", "my.pack.csv", "csv"),
        ("x", "apkg", "x.apkg", "apkg"),
        ("deck.apkg", "toml", "deck.apkg", "apkg"),
    ],
)
def test_the_export_format_comes_from_the_extension_or_else_the_filter(
    tmp_path: Path, name: str, chosen: str | None, written: str, fmt: str
) -> None:
    assert export_target(str(tmp_path / name), chosen) == (tmp_path / written, fmt)


def test_there_is_an_export_filter_for_every_format() -> None:
    assert [name for _, name in export_filters()] == [
        "toml",
        "gift",
        "aiken",
        "csv",
        "xml",
        "quizpack",
        "apkg",
    ]
    assert ("Anki package (*.apkg)", "apkg") in export_filters()
    assert ("Moodle XML (*.xml)", "xml") in export_filters()


def test_export_as_an_anki_package_from_the_filter(
    qtbot: QtBot, numbers_screen: PackManagerScreen, tmp_path: Path, dialogs: Dialogs
) -> None:
    dialogs.save_as = (str(tmp_path / "numbers"), "apkg")  # no extension: the filter's
    qtbot.mouseClick(numbers_screen.export_button, Qt.MouseButton.LeftButton)
    dest = tmp_path / "numbers.apkg"
    with zipfile.ZipFile(dest) as archive:
        archive.extract("collection.anki2", tmp_path / "anki")
    db = sqlite3.connect(tmp_path / "anki" / "collection.anki2")
    try:
        assert db.execute("SELECT count(*) FROM notes").fetchone() == (6,)
    finally:
        db.close()
    assert status(numbers_screen) == [f"Exported “Pack numbers” to {dest} (Anki package)."]
    assert dialogs.problems == [] and dialogs.errors == []


# -- removing, editing, navigating -------------------------------------------------------------
def test_remove_asks_first_and_nothing_goes_without_a_yes(
    qtbot: QtBot, numbers_screen: PackManagerScreen, bank: Bank, dialogs: Dialogs
) -> None:
    with qtbot.assertNotEmitted(numbers_screen.packs_changed):
        qtbot.mouseClick(numbers_screen.remove_button, Qt.MouseButton.LeftButton)
    assert dialogs.remove_asked == [("Pack numbers", 6)]
    assert [p.id for p in packs.list_packs(bank)] == ["numbers"]
    assert titles(numbers_screen) == ["Pack numbers"]


def test_the_delete_key_removes_the_pack_after_a_yes(
    qtbot: QtBot, numbers_screen: PackManagerScreen, bank: Bank, dialogs: Dialogs
) -> None:
    activate(qtbot, numbers_screen)
    numbers_screen.table.setFocus()
    dialogs.remove_answer = True
    with qtbot.waitSignal(numbers_screen.packs_changed):
        qtbot.keyClick(numbers_screen.table, Qt.Key.Key_Delete)
    assert dialogs.remove_asked == [("Pack numbers", 6)]
    assert packs.list_packs(bank) == []
    assert numbers_screen.empty_label.isVisible()
    assert status(numbers_screen) == [
        "Removed “Pack numbers”. Learners' history of quizzes on it is kept."
    ]
    assert not numbers_screen.remove_button.isEnabled()


def test_enter_on_a_row_asks_to_edit_that_pack(
    qtbot: QtBot, numbers_screen: PackManagerScreen
) -> None:
    numbers_screen.table.setFocus()
    with qtbot.waitSignal(numbers_screen.edit_requested) as blocker:
        qtbot.keyClick(numbers_screen.table, Qt.Key.Key_Return)
    assert blocker.args == ["numbers"]
    with qtbot.waitSignal(numbers_screen.edit_requested) as blocker:
        qtbot.mouseClick(numbers_screen.edit_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["numbers"]


def test_new_pack_and_back_are_signalled(qtbot: QtBot, screen: PackManagerScreen) -> None:
    with qtbot.waitSignal(screen.new_pack_requested):
        qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(screen.back_requested):
        qtbot.mouseClick(screen.back_button, Qt.MouseButton.LeftButton)


def test_every_interactive_widget_has_a_name(numbers_screen: PackManagerScreen) -> None:
    widgets = interactive(numbers_screen)
    assert len(widgets) >= 7
    for widget in widgets:
        assert widget.objectName(), widget
        assert widget.accessibleName(), widget.objectName()


def test_alt_mnemonics_are_unique_on_the_screen(numbers_screen: PackManagerScreen) -> None:
    texts = [w.text() for w in numbers_screen.findChildren(QAbstractButton) if w.text()]
    texts += [w.text() for w in numbers_screen.findChildren(QLabel) if w.buddy() is not None]
    keys = [m.group(1).lower() for t in texts if (m := re.search(r"&(\w)", t))]
    assert len(keys) == len(texts) >= 7
    assert len(set(keys)) == len(keys), keys


def test_tab_goes_from_the_list_through_the_buttons(
    qtbot: QtBot, numbers_screen: PackManagerScreen
) -> None:
    activate(qtbot, numbers_screen)
    numbers_screen.table.setFocus()
    seen = []
    for _ in range(6):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget().objectName())
    assert seen == [
        "back_button",
        "new_button",
        "edit_button",
        "export_button",
        "remove_button",
        "import_button",
    ]


# -- the worker on its own -----------------------------------------------------------------------
def run_worker(qtbot: QtBot, worker: ImportWorker) -> tuple[ImportReport, list[str]]:
    failures: list[str] = []
    worker.failed.connect(failures.append)
    with qtbot.waitSignal(worker.finished, timeout=TIMEOUT):
        worker.start()
    worker.wait()
    assert worker.report is not None
    if worker.report.error:
        qtbot.waitUntil(lambda: bool(failures))
    return worker.report, failures


def test_the_worker_opens_its_own_bank_in_its_thread_and_closes_it(
    qtbot: QtBot, bank: Bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[tuple[Path, int]] = []
    closed: list[bool] = []
    real_open = workers.open_bank

    def open_bank(path: Path) -> Bank:
        own = real_open(path)
        opened.append((path, threading.get_ident()))
        real_close = own.close
        monkeypatch.setattr(own, "close", lambda: (closed.append(True), real_close()))
        return own

    monkeypatch.setattr(workers, "open_bank", open_bank)
    paths = [write(tmp_path, f"{n}.toml", numbers_pack(2, n)) for n in ("one", "two")]
    worker = ImportWorker(bank.path, [str(p) for p in paths])
    steps: list[tuple[int, int]] = []
    worker.progress.connect(lambda done, total, _: steps.append((done, total)))
    report, failures = run_worker(qtbot, worker)
    assert [r.status for r in report.results] == [ImportStatus.ADDED] * 2 and not failures
    assert opened == [(bank.path, opened[0][1])] and opened[0][1] != threading.get_ident()
    assert closed == [True]
    qtbot.waitUntil(lambda: steps[-1:] == [(6, 6)])
    assert [d for d, _ in steps] == sorted(d for d, _ in steps)
    assert [p.id for p in packs.list_packs(bank)] == ["one", "two"]


def test_a_bank_the_worker_cannot_open_is_a_plain_failure(qtbot: QtBot, tmp_path: Path) -> None:
    not_a_bank = write(tmp_path, "notes.sqlite3", "shopping list")
    pack = write(tmp_path, "numbers.toml", numbers_pack(2))
    report, failures = run_worker(qtbot, ImportWorker(not_a_bank, [str(pack)]))
    assert failures == [report.error]
    assert "is not a quizapp question bank" in report.error
    assert report.not_started == (str(pack),) and report.results == ()


def test_an_unexpected_error_in_the_worker_is_reported_not_raised(
    qtbot: QtBot, bank: Bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(workers.packs, "import_files", broken)
    pack = write(tmp_path, "numbers.toml", numbers_pack(2))
    report, failures = run_worker(qtbot, ImportWorker(bank.path, [str(pack)]))
    assert failures == [report.error]
    assert report.error.startswith("numbers.toml: quizapp ran into an unexpected problem")
    assert "RuntimeError: boom" in report.error and "bug in quizapp" in report.error


def test_the_screen_reports_a_failed_import_in_the_status_line(
    qtbot: QtBot, screen: PackManagerScreen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers.packs, "import_files", lambda *a, **k: 1 / 0)
    path = write(tmp_path, "numbers.toml", numbers_pack(2))
    report = import_and_wait(qtbot, screen, [path])
    assert status(screen) == [report.error]
    assert "ZeroDivisionError" in report.error


def test_a_long_import_keeps_the_status_line_short(
    qtbot: QtBot, screen: PackManagerScreen, tmp_path: Path
) -> None:
    paths = [write(tmp_path, f"p{i}.toml", numbers_pack(1, f"p{i}")) for i in range(16)]
    import_and_wait(qtbot, screen, paths)
    lines = status(screen)
    assert len(lines) == pack_manager.MAX_STATUS_LINES
    assert lines[-1] == f"… and {16 - pack_manager.MAX_STATUS_LINES + 1} more."
    assert len(titles(screen)) == 16


# -- the dialogs themselves (their modal exec is replaced: nothing blocks) ----------------------
@pytest.mark.parametrize("answer", ["&Remove", "&Keep"])
def test_the_remove_question_says_history_is_kept(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, answer: str
) -> None:
    shown: list[str] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(f"{box.text()} {box.informativeText()}")
        assert box.defaultButton().text() == "&Keep"
        next(b for b in box.buttons() if b.text() == answer).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    assert ConfirmRemove.ask(None, "Pack numbers", 6) is (answer == "&Remove")
    assert shown[0].startswith("Remove “Pack numbers” and its 6 questions from the bank?")
    assert "Learners' history is kept" in shown[0]


def test_the_replace_question_names_both_versions(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box.text())
        next(b for b in box.buttons() if b.text() == "&Replace").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    assert ConfirmReplace.ask(None, "Pack numbers", "2.0.0", "1.0.0")
    assert "version 2.0.0" in shown[0] and "older version 1.0.0" in shown[0]
    assert shown[0].endswith("Replace with this older version?")


def test_the_file_dialogs_map_the_chosen_filter_to_a_format(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []
    filters = dict(import_filters())
    aiken = next(f for f, name in filters.items() if name == "aiken")

    def get_open(parent: object, caption: str, directory: str, text: str) -> tuple[list[str], str]:
        asked.append(text)
        return ["/tmp/a.txt", "/tmp/b.txt"], aiken

    def get_save(
        parent: object, caption: str, suggested: str, text: str, selected: str
    ) -> tuple[str, str]:
        asked.append(selected)
        return "/tmp/out.gift", next(f for f, n in export_filters() if n == "gift")

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", get_open)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", get_save)
    assert PackFileDialog.open_files(None, "/tmp") == (["/tmp/a.txt", "/tmp/b.txt"], "aiken")
    assert asked[0].split(";;") == list(filters)
    assert PackFileDialog.save_file(None, "/tmp/numbers.toml", "toml") == ("/tmp/out.gift", "gift")
    assert asked[1].startswith("quizapp pack (TOML)")


def test_on_a_postgresql_bank_the_pack_manager_imports_in_its_thread_and_removes(
    qtbot: QtBot, postgres_bank: Bank, tmp_path: Path, dialogs: Dialogs
) -> None:
    screen = PackManagerScreen(AppContext(postgres_bank, FakeClock()))
    qtbot.addWidget(screen)
    screen.refresh()
    screen.show()
    path = write(tmp_path, "numbers.toml", numbers_pack(6))
    with qtbot.waitSignal(screen.packs_changed, timeout=TIMEOUT):
        report = import_and_wait(qtbot, screen, [path])  # the worker opens the server itself
    assert [r.status for r in report.results] == [ImportStatus.ADDED]
    assert titles(screen) == ["Pack numbers"]
    activate(qtbot, screen)
    screen.table.setFocus()
    dialogs.remove_answer = True
    with qtbot.waitSignal(screen.packs_changed):
        qtbot.keyClick(screen.table, Qt.Key.Key_Delete)
    assert packs.list_packs(postgres_bank) == []
