"""The pack editor, driven like a teacher would: add, fix, save, undo, recover after a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from quizapp.services import Bank, packs
from quizapp.services import editor as editor_service
from quizapp.ui.context import AppContext
from quizapp.ui.main_window import MainWindow
from quizapp.ui.screens.editor_screen import AskRestore, AskSave, ChooseFile, EditorScreen

from ..helpers import FakeClock


@pytest.fixture(autouse=True)
def autosave_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "autosave"
    monkeypatch.setenv("QUIZAPP_AUTOSAVE_DIR", str(folder))
    return folder


@pytest.fixture
def window(qtbot: QtBot, bank: Bank, mini_pack_path: Path) -> MainWindow:
    packs.import_files(bank, [str(mini_pack_path)])
    w = MainWindow(AppContext(bank, FakeClock()))
    qtbot.addWidget(w)
    w.start_screen.refresh()
    w.show()
    w.activateWindow()
    qtbot.waitActive(w)
    return w


def open_mini(window: MainWindow) -> EditorScreen:
    window.show_editor(editor_service.open_pack(window.context.bank, "mini-geo"))
    return window.editor_screen


def test_a_new_question_is_checked_as_you_type_and_saved_into_the_bank(
    qtbot: QtBot, window: MainWindow
) -> None:
    editor = open_mini(window)
    qtbot.mouseClick(editor.add_question_button, Qt.MouseButton.LeftButton)
    form = editor.question_form
    assert editor.kind == "questions" and editor.index == 3
    qtbot.keyClicks(form.prompt_edit, "Which river flows through Paris?")
    table = form.choice_table.table
    table.item(0, 1).setText("The Seine")
    table.item(1, 1).setText("The Thames")
    table.item(1, 0).setCheckState(Qt.CheckState.Checked)  # two correct: a mistake
    editor.check_timer.timeout.emit()
    message = form.fields["choices"].message
    assert message.isVisible()
    assert "exactly one choice must be correct (2 are)" in message.text()
    table.item(1, 0).setCheckState(Qt.CheckState.Unchecked)
    qtbot.keyClicks(form.explanation_edit, "The Seine runs through the middle of Paris.")
    editor.check_timer.timeout.emit()
    assert not message.isVisible()
    assert editor.preview.prompt_label.text() == "Which river flows through Paris?"
    assert "The Seine runs through" in editor.preview.explanation_view.toPlainText()
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "Saved into the bank as version 1.0.1" in editor.status_label.text()
    assert not editor.is_dirty()
    pack = packs.load_pack(window.context.bank, "mini-geo")
    assert pack.info.version == "1.0.1"
    new = pack.questions[-1]
    assert (new.prompt, new.choices[0].text, new.choices[0].correct) == (
        "Which river flows through Paris?",
        "The Seine",
        True,
    )
    assert new.citations[0].source == "atlas"


def test_the_bank_refuses_a_pack_with_problems_but_a_draft_file_can_be_kept(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = open_mini(window)
    editor.add_item("questions")  # an empty question: no prompt, empty choices
    assert editor.save() is False
    assert editor.status_label.text().startswith("Not saved:")
    assert editor.problems_list.count() > 0
    assert len(packs.load_pack(window.context.bank, "mini-geo").questions) == 3
    target = tmp_path / "draft" / "mini.toml"
    monkeypatch.setattr(
        ChooseFile, "save_toml", classmethod(lambda cls, parent, suggested: str(target))
    )
    qtbot.mouseClick(editor.save_file_button, Qt.MouseButton.LeftButton)
    assert target.exists()
    reopened = editor_service.open_file(target)
    assert len(reopened.doc["questions"]) == 4


def test_typing_can_be_undone_and_redone(qtbot: QtBot, window: MainWindow) -> None:
    editor = open_mini(window)
    editor._select("questions", 0)
    form = editor.question_form
    original = form.prompt_edit.toPlainText()
    form.prompt_edit.selectAll()
    qtbot.keyClicks(form.prompt_edit, "Capital?")
    assert editor.doc["questions"][0]["prompt"] == "Capital?"
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.doc["questions"][0]["prompt"] == original
    assert form.prompt_edit.toPlainText() == original
    editor.undo_stack.redo()
    assert form.prompt_edit.toPlainText() == "Capital?"
    editor.delete_item()
    assert len(editor.doc["questions"]) == 2
    editor.undo_stack.undo()
    assert len(editor.doc["questions"]) == 3


def test_unsaved_changes_are_not_lost_silently(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = open_mini(window)
    qtbot.keyClicks(editor.pack_form.fields["title"].widget, " (edited)")
    monkeypatch.setattr(AskSave, "ask", classmethod(lambda cls, parent, title: "cancel"))
    qtbot.mouseClick(editor.close_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is editor
    monkeypatch.setattr(AskSave, "ask", classmethod(lambda cls, parent, title: "save"))
    qtbot.mouseClick(editor.close_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.pack_manager
    assert packs.load_pack(window.context.bank, "mini-geo").info.title == "Mini geography (edited)"


def test_an_autosave_brings_back_edits_after_a_crash(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = open_mini(window)
    qtbot.keyClicks(editor.pack_form.fields["title"].widget, " v2")
    editor.autosave_timer.timeout.emit()
    # quizapp dies here: nothing was saved into the bank.
    monkeypatch.setattr(AskRestore, "ask", classmethod(lambda cls, parent, title, saved_at: True))
    again = MainWindow(AppContext(window.context.bank, FakeClock()))
    qtbot.addWidget(again)
    again.show_editor(editor_service.open_pack(again.context.bank, "mini-geo"))
    restored = again.editor_screen
    assert restored.doc["pack"]["title"] == "Mini geography v2"
    assert restored.is_dirty()
    assert restored.status_label.text() == "Restored your unsaved changes."


def test_a_new_pack_starts_from_the_starter_and_is_saved(qtbot: QtBot, window: MainWindow) -> None:
    window.show_editor(editor_service.new_pack("my-new-pack"))
    editor = window.editor_screen
    assert len(editor.doc["questions"]) == 3
    assert editor.save()
    assert any(p.id == "my-new-pack" for p in packs.list_packs(window.context.bank))


def test_saved_pack_can_be_exported_and_imported_again(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    editor = open_mini(window)
    editor._select("questions", 0)
    editor.question_form.tags_edit.setText("europe, capitals, france")
    assert editor.save()
    out = tmp_path / "mini.toml"
    packs.export_pack(window.context.bank, "mini-geo", out)
    packs.remove_pack(window.context.bank, "mini-geo")
    [result] = packs.import_files(window.context.bank, [str(out)])
    assert result.status.value == "added"
    assert packs.load_pack(window.context.bank, "mini-geo").questions[0].tags == (
        "europe",
        "capitals",
        "france",
    )


def test_an_imported_pack_can_be_completed_a_question_at_a_time(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    gift = tmp_path / "moodle.gift"
    gift.write_text("::q1:: Is the sky blue? {T}\n\n::q2:: Is grass red? {F}\n", encoding="utf-8")
    packs.import_files(window.context.bank, [str(gift)])
    assert (
        next(
            p for p in packs.list_packs(window.context.bank) if p.id == "moodle"
        ).missing_explanations
        == 2
    )
    window.show_editor(editor_service.open_pack(window.context.bank, "moodle"))
    editor = window.editor_screen
    editor._select("questions", 0)
    qtbot.keyClicks(editor.question_form.explanation_edit, "Air scatters blue light most.")
    assert editor.save()
    assert "1 question(s) still need an explanation" in editor.status_label.text()
    summary = next(p for p in packs.list_packs(window.context.bank) if p.id == "moodle")
    assert summary.missing_explanations == 1


def test_choosing_a_problem_in_the_list_opens_that_question(
    qtbot: QtBot, window: MainWindow
) -> None:
    editor = open_mini(window)
    editor.doc["questions"][2]["prompt"] = ""
    editor.check_all()
    entry = next(
        editor.problems_list.item(i)
        for i in range(editor.problems_list.count())
        if "questions[3]" in editor.problems_list.item(i).text()
    )
    editor.problems_list.itemActivated.emit(entry)
    assert (editor.kind, editor.index) == ("questions", 2)


def test_hiding_the_editor_keeps_a_pending_copy_at_once_and_stops_its_timer(
    qtbot: QtBot, window: MainWindow, autosave_folder: Path
) -> None:
    editor = open_mini(window)
    qtbot.keyClicks(editor.pack_form.fields["title"].widget, " (draft)")
    assert editor.autosave_timer.isActive()
    window.close()  # the window goes (a test ends, the session logs out)
    assert not editor.autosave_timer.isActive()  # it cannot fire later, somewhere else
    saved = editor_service.read_autosave("mini-geo")
    assert saved is not None and saved[0]["pack"]["title"].endswith(" (draft)")
