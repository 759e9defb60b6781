"""The list of problems in pack files: readable rows, errors told apart from warnings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QDialog
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from quizapp.core.problems import Problem
from quizapp.ui.dialogs.problems import ProblemsDialog, ProblemTableModel, summary_text

from .test_accessibility import interactive

P = ProblemTableModel
PROBLEMS = [
    Problem("/tmp/t/bad.toml", 6, '"one" is not a version number', "pack.version"),
    Problem("/tmp/t/bad.toml", 20, "exactly one choice must be correct", "questions[1].choices", 5),
    Problem("/tmp/t/quiz.txt", 9, "the question was skipped", severity="warning"),
    Problem("/tmp/t/bad.toml", None, 'image "a.png" was not found'),
]


def make_dialog(qtbot: QtBot) -> ProblemsDialog:
    dialog = ProblemsDialog("Problems", PROBLEMS)
    qtbot.addWidget(dialog)
    return dialog


def cells(dialog: ProblemsDialog, row: int) -> list[str]:
    model = dialog.table.model()
    return [model.index(row, c).data() for c in range(model.columnCount())]


def test_each_problem_shows_file_line_field_and_message(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot)
    assert cells(dialog, 0) == [
        "Error",
        "bad.toml",
        "6",
        "pack.version",
        '"one" is not a version number',
    ]
    assert cells(dialog, 1)[2:4] == ["20:5", "questions[1].choices"]
    assert cells(dialog, 3)[2:4] == ["—", "—"]  # about the whole file


def test_warnings_are_told_apart_by_word_and_icon_not_only_colour(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot)
    model = dialog.table.model()
    error, warning = model.index(0, P.SEVERITY), model.index(2, P.SEVERITY)
    assert (error.data(), warning.data()) == ("Error", "Warning")
    error_icon = error.data(Qt.ItemDataRole.DecorationRole)
    warning_icon = warning.data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(error_icon, QIcon) and isinstance(warning_icon, QIcon)
    assert error_icon.cacheKey() != warning_icon.cacheKey()
    assert (
        model.index(2, P.MESSAGE)
        .data(Qt.ItemDataRole.AccessibleTextRole)
        .startswith("Warning: /tmp/t/quiz.txt:9")
    )


def test_the_summary_counts_errors_and_warnings(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot)
    assert dialog.summary_label.text().startswith("3 errors and 1 warning in bad.toml, quiz.txt.")
    assert "Nothing was imported" in dialog.summary_label.text()
    assert summary_text(PROBLEMS[2:3]).startswith("1 warning in quiz.txt. Warnings did not stop")


def test_copy_all_puts_every_problem_on_the_clipboard(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot)
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0] == '/tmp/t/bad.toml:6: "one" is not a version number (pack.version)'
    assert lines[2] == "/tmp/t/quiz.txt:9: warning: the question was skipped"
    assert len(lines) == 4


def test_escape_closes_the_list(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot)
    dialog.show()
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_every_interactive_widget_has_a_name(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot)
    widgets = interactive(dialog)
    assert len(widgets) >= 3
    for widget in widgets:
        assert widget.objectName() and widget.accessibleName(), widget


def test_no_problems_shows_no_dialog(qtbot: QtBot) -> None:
    ProblemsDialog.show_problems(None, "Nothing", [])  # returns at once: nothing to show


def test_the_problem_model_passes_qts_model_checks(qtmodeltester: ModelTester) -> None:
    model = ProblemTableModel()
    model.set_rows(PROBLEMS)
    qtmodeltester.check(model)
    assert model.problem_at(2).severity == "warning"
