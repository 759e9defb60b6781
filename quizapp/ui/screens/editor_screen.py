"""The pack editor: details, sources, facts and questions, checked as you type, with undo."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.problems import PackInvalid, Problem
from quizapp.services import BankError, ServiceError
from quizapp.services import editor as editor_service
from quizapp.services.editor import Draft
from quizapp.ui import theme
from quizapp.ui.context import AppContext
from quizapp.ui.dialogs.messages import ErrorMessage
from quizapp.ui.widgets.item_tables import ChoiceTable, CitationTable
from quizapp.ui.widgets.question_preview import QuestionPreview, question_from_doc

CHECK_DELAY_MS = 250
AUTOSAVE_DELAY_MS = 2000
TYPES = (
    ("multiple_choice", "Multiple choice (one correct)"),
    ("multiple_response", "Select all that apply"),
    ("true_false", "True or false"),
)
SOURCE_KINDS = (
    "article",
    "treaty",
    "speech",
    "interview",
    "letter",
    "book",
    "report",
    "dataset",
    "other",
)


class AskSave:
    """Unsaved changes on close: "save", "discard" or "cancel" (tests replace ``ask``)."""

    @classmethod
    def ask(cls, parent: QWidget, title: str) -> str:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Unsaved changes",
            f'"{title}" has changes that are not saved into the bank.',
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            parent,
        )
        box.setInformativeText("Save them now? (A copy is kept until you decide.)")
        answer = box.exec()
        return {
            QMessageBox.StandardButton.Save: "save",
            QMessageBox.StandardButton.Discard: "discard",
        }.get(QMessageBox.StandardButton(answer), "cancel")


class AskRestore:
    """An autosaved copy exists: restore it? (tests replace ``ask``)."""

    @classmethod
    def ask(cls, parent: QWidget, title: str, saved_at: str) -> bool:
        answer = QMessageBox.question(
            parent,
            "Restore unsaved changes?",
            f'quizapp kept unsaved changes to "{title}" from {saved_at or "earlier"} '
            "(quizapp was closed before they were saved). Restore them?",
        )
        return answer == QMessageBox.StandardButton.Yes


class ChooseFile:
    """File dialogs behind classmethods, so tests can answer them."""

    @classmethod
    def save_toml(cls, parent: QWidget, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(
            parent, "Save the pack to a file", suggested, "quizapp pack (*.toml)"
        )
        return path

    @classmethod
    def open_image(cls, parent: QWidget) -> str:
        path, _ = QFileDialog.getOpenFileName(
            parent, "Choose a picture", "", "Pictures (*.png *.jpg *.jpeg *.gif *.webp)"
        )
        return path


class SetValue(QUndoCommand):
    """One change to one field of one item; typing in the same field merges into one step."""

    def __init__(
        self, screen: EditorScreen, kind: str, index: int, key: str, before: Any, after: Any
    ) -> None:
        super().__init__(f"Edit {key}")
        self.screen, self.kind, self.index, self.key = screen, kind, index, key
        self.before, self.after = before, after

    def id(self) -> int:
        return 1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (
            isinstance(other, SetValue)
            and (other.kind, other.index, other.key) == (self.kind, self.index, self.key)
            and isinstance(self.after, str)
        ):
            self.after = other.after
            return True
        return False

    def redo(self) -> None:
        self.screen.apply_value(self.kind, self.index, self.key, self.after)

    def undo(self) -> None:
        self.screen.apply_value(self.kind, self.index, self.key, self.before)


class ChangeList(QUndoCommand):
    """Add, remove or move items of a list (sources, facts, questions)."""

    def __init__(
        self,
        screen: EditorScreen,
        kind: str,
        before: list[Any],
        after: list[Any],
        text: str,
        select: int,
    ) -> None:
        super().__init__(text)
        self.screen, self.kind, self.before, self.after, self.select = (
            screen,
            kind,
            before,
            after,
            select,
        )

    def redo(self) -> None:
        self.screen.apply_list(self.kind, self.after, self.select)

    def undo(self) -> None:
        self.screen.apply_list(self.kind, self.before, min(self.select, len(self.before) - 1))


class Field:
    """A labelled input with the line under it where problems and hints appear."""

    def __init__(self, key: str, widget: QWidget, message: QLabel) -> None:
        self.key, self.widget, self.message = key, widget, message


class ItemForm(QWidget):
    """A form for one kind of item, built from a list of fields.

    Signals:
        value_changed(str, object): a field's new value (key, value).
    """

    value_changed = Signal(str, object)

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.fields: dict[str, Field] = {}
        self.loading = False
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.item_message = QLabel()
        self.item_message.setObjectName(f"{kind}_item_message")
        self.item_message.setWordWrap(True)
        self.form.addRow(self.item_message)

    def _message_label(self, key: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"{self.kind}_{key}_message")
        label.setWordWrap(True)
        label.hide()
        return label

    def add(self, key: str, label: str, widget: QWidget, accessible: str | None = None) -> QWidget:
        widget.setObjectName(f"{self.kind}_{key}")
        widget.setAccessibleName(accessible or label.replace("&", "").rstrip(":"))
        message = self._message_label(key)
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(widget)
        box.addWidget(message)
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.form.addRow(caption, holder)
        self.fields[key] = Field(key, widget, message)
        return widget

    def line(self, key: str, label: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        self.add(key, label, edit)
        edit.textChanged.connect(lambda text: self._changed(key, text))
        return edit

    def text(self, key: str, label: str, lines: int = 3) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
        edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.add(key, label, edit)
        edit.textChanged.connect(lambda: self._changed(key, edit.toPlainText()))
        return edit

    def _changed(self, key: str, value: Any) -> None:
        if not self.loading:
            self.value_changed.emit(key, value)

    def load(self, item: dict[str, Any]) -> None:
        """Show ``item`` (without emitting changes)."""
        self.loading = True
        try:
            for key, f in self.fields.items():
                self.set_widget(f.widget, item.get(key))
        finally:
            self.loading = False

    def set_widget(self, widget: QWidget, value: Any) -> None:
        if isinstance(widget, QLineEdit):
            text = (
                ", ".join(value) if isinstance(value, list) else "" if value is None else str(value)
            )
            if widget.text() != text:
                widget.setText(text)
        elif isinstance(widget, QPlainTextEdit):
            text = "" if value is None else str(value)
            if widget.toPlainText() != text:
                widget.setPlainText(text)
        elif isinstance(widget, QComboBox):
            index = widget.findData(value if value is not None else "")
            widget.setCurrentIndex(max(index, 0))
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value) if isinstance(value, int) else 0)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(True if value is None else bool(value))
        elif isinstance(widget, (ChoiceTable, CitationTable)):
            widget.set_rows(list(value) if isinstance(value, list) else [])

    def show_problems(self, problems: list[Problem], prefix: str) -> None:
        """Show each problem under the field it is about (the rest at the top)."""
        per_field: dict[str, list[Problem]] = {}
        general: list[Problem] = []
        for p in problems:
            rest = p.path[len(prefix) :].lstrip(".") if p.path.startswith(prefix) else ""
            key = rest.split(".")[0].split("[")[0]
            if key in self.fields:
                per_field.setdefault(key, []).append(p)
            else:
                general.append(p)
        for key, f in self.fields.items():
            _show(f.message, per_field.get(key, []))
        _show(self.item_message, general)


def _plain(problem: Problem) -> str:
    """The message without the "questions[3] "id":" label the editor already shows."""
    text = problem.message
    if '": ' in text and text.split(":", 1)[0].endswith('"'):
        text = text.split('": ', 1)[1]
    elif text.startswith("[pack]: "):
        text = text[len("[pack]: ") :]
    if problem.path and "[" in problem.path.split(".")[-1]:
        text = f"{problem.path.split('.', 1)[-1]}: {text}"
    return text


def _show(label: QLabel, problems: list[Problem]) -> None:
    if not problems:
        label.hide()
        label.clear()
        return
    c = theme.colours()
    lines = []
    for p in problems:
        if p.severity == "error":
            lines.append(f'<span style="color:{c.wrong}">✘ {_escape(_plain(p))}</span>')
        else:
            lines.append(f'<span style="color:{c.muted}">⚠ {_escape(_plain(p))}</span>')
    label.setText("<br>".join(lines))
    label.setAccessibleDescription("; ".join(_plain(p) for p in problems))
    label.show()


def _escape(text: str) -> str:
    from html import escape

    return escape(text)


class PackForm(ItemForm):
    """The [pack] table."""

    def __init__(self) -> None:
        super().__init__("pack")
        self.line("id", "Pack &id:", "lowercase-with-hyphens")
        self.line("title", "&Title:")
        self.line("version", "&Version:", "1.0.0")
        self.line("language", "&Language:", "en")
        self.line("authors", "A&uthors:", "separated by commas")
        self.line("license", "Li&cence:", "CC-BY-4.0")
        self.text("description", "&Description:", 4)

    def _changed(self, key: str, value: Any) -> None:
        if key == "authors" and isinstance(value, str):
            value = [a.strip() for a in value.split(",") if a.strip()]
        super()._changed(key, value)


class SourceForm(ItemForm):
    """One [[sources]] entry."""

    def __init__(self) -> None:
        super().__init__("source")
        self.line("id", "Source &id:", "S01")
        self.line("title", "&Title:")
        self.line("author", "&Author:")
        self.line("publisher", "&Publisher:")
        self.line("date", "&Date:", "1990, 1990-09 or 1990-09-12")
        self.line("url", "&URL:", "https://…")
        kind = QComboBox()
        for k in SOURCE_KINDS:
            kind.addItem(k, k)
        self.add("kind", "&Kind:", kind)
        kind.currentIndexChanged.connect(lambda _i: self._changed("kind", kind.currentData()))
        self.text("note", "&Note:", 2)


class FactForm(ItemForm):
    """One [[facts]] entry."""

    def __init__(self) -> None:
        super().__init__("fact")
        self.line("id", "Fact &id:")
        self.text("statement", "&Statement:", 3)
        citations = CitationTable("fact_sources_table", "Sources of the fact")
        self.add("sources", "S&ources:", citations, "Sources of the fact")
        citations.rows_changed.connect(lambda rows: self._changed("sources", rows))


class QuestionForm(ItemForm):
    """One [[questions]] entry: every field of every question type.

    Attributes:
        type_box, prompt_edit, choice_table, answer_true, answer_false, explanation_edit,
        citation_table, fact_box, tags_edit, difficulty_spin, shuffle_check: the fields.
    """

    image_chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__("question")
        self.line("id", "Question &id:")
        self.type_box = QComboBox()
        for value, label in TYPES:
            self.type_box.addItem(label, value)
        self.add("type", "T&ype:", self.type_box, "Question type")
        self.type_box.currentIndexChanged.connect(
            lambda _i: self._changed("type", self.type_box.currentData())
        )
        self.prompt_edit = self.text("prompt", "&Prompt:", 3)
        self.choice_table = ChoiceTable("question_choices_table", "Choices")
        self.add("choices", "&Choices:", self.choice_table, "Choices")
        self.choice_table.rows_changed.connect(lambda rows: self._changed("choices", rows))
        answer = QWidget()
        answer_box = QHBoxLayout(answer)
        answer_box.setContentsMargins(0, 0, 0, 0)
        self.answer_true = QRadioButton("True")
        self.answer_true.setObjectName("question_answer_true")
        self.answer_true.setAccessibleName("The statement is true")
        self.answer_false = QRadioButton("False")
        self.answer_false.setObjectName("question_answer_false")
        self.answer_false.setAccessibleName("The statement is false")
        group = QButtonGroup(self)
        group.addButton(self.answer_true)
        group.addButton(self.answer_false)
        answer_box.addWidget(self.answer_true)
        answer_box.addWidget(self.answer_false)
        answer_box.addStretch(1)
        self.add("answer", "&Answer:", answer, "Answer")
        self.answer_true.toggled.connect(lambda on: self._changed("answer", on))
        self.text("feedback_true", "If they say &True:", 2)
        self.text("feedback_false", "If they say &False:", 2)
        self.explanation_edit = self.text("explanation", "E&xplanation:", 4)
        self.citation_table = CitationTable("question_sources_table", "Sources of the question")
        self.add("sources", "&Sources:", self.citation_table, "Sources of the question")
        self.citation_table.rows_changed.connect(lambda rows: self._changed("sources", rows))
        self.fact_box = QComboBox()
        self.add("fact", "F&act:", self.fact_box, "The fact this question tests")
        self.fact_box.currentIndexChanged.connect(
            lambda _i: self._changed("fact", self.fact_box.currentData() or None)
        )
        self.tags_edit = self.line("tags", "Ta&gs:", "separated by commas")
        self.difficulty_spin = QSpinBox()
        self.difficulty_spin.setRange(0, 5)
        self.difficulty_spin.setSpecialValueText("not set")
        self.add("difficulty", "Diffic&ulty:", self.difficulty_spin, "Difficulty, 1 to 5")
        self.difficulty_spin.valueChanged.connect(lambda v: self._changed("difficulty", v or None))
        self.shuffle_check = QCheckBox("Show the choices in a random order")
        self.add("shuffle", "Shuffl&e:", self.shuffle_check, "Shuffle the choices")
        self.shuffle_check.toggled.connect(lambda on: self._changed("shuffle", on))
        picture = QWidget()
        row = QHBoxLayout(picture)
        row.setContentsMargins(0, 0, 0, 0)
        self.image_path_edit = QLineEdit()
        self.image_path_edit.setObjectName("question_image_path")
        self.image_path_edit.setAccessibleName("Picture file in the pack")
        self.image_path_edit.setPlaceholderText("images/map.png")
        self.image_alt_edit = QLineEdit()
        self.image_alt_edit.setObjectName("question_image_alt")
        self.image_alt_edit.setAccessibleName("Description of the picture")
        self.image_alt_edit.setPlaceholderText("what the picture shows, for screen readers")
        self.image_button = QPushButton("Choose…")
        self.image_button.setObjectName("question_image_button")
        self.image_button.setAccessibleName("Choose a picture")
        row.addWidget(self.image_path_edit, 1)
        row.addWidget(self.image_alt_edit, 2)
        row.addWidget(self.image_button)
        self.add("image", "Pictu&re:", picture, "Picture")
        self.image_path_edit.textChanged.connect(lambda _t: self._image_changed())
        self.image_alt_edit.textChanged.connect(lambda _t: self._image_changed())

    def _image_changed(self) -> None:
        path = self.image_path_edit.text().strip()
        alt = self.image_alt_edit.text()
        self._changed("image", {"path": path, "alt": alt} if path or alt else None)

    def _changed(self, key: str, value: Any) -> None:
        if key == "tags" and isinstance(value, str):
            value = [t.strip() for t in value.split(",") if t.strip()]
        super()._changed(key, value)

    def set_facts(self, facts: list[tuple[str, str]]) -> None:
        self.loading = True
        self.fact_box.clear()
        self.fact_box.addItem("(none)", "")
        for ident, statement in facts:
            short = statement if len(statement) < 60 else statement[:57] + "…"
            self.fact_box.addItem(f"{ident}: {short}", ident)
        self.loading = False

    def load(self, item: dict[str, Any]) -> None:
        super().load(item)
        self.loading = True
        try:
            tf = item.get("type") == "true_false"
            (self.answer_true if item.get("answer", True) else self.answer_false).setChecked(True)
            raw = item.get("image")
            image: dict[str, Any] = raw if isinstance(raw, dict) else {}
            self.image_path_edit.setText(str(image.get("path", "")))
            self.image_alt_edit.setText(str(image.get("alt", "")))
            for key in ("answer", "feedback_true", "feedback_false"):
                self._set_row_visible(key, tf)
            for key in ("choices", "shuffle"):
                self._set_row_visible(key, not tf)
        finally:
            self.loading = False

    def _set_row_visible(self, key: str, visible: bool) -> None:
        holder = self.fields[key].widget.parentWidget()
        if holder is not None:
            self.form.setRowVisible(holder, visible)


class EditorScreen(QWidget):
    """Edit a pack: its details, sources, facts and questions, with a live check and preview.

    Attributes:
        tree: the pack's parts; choose one to edit it.
        forms: the form of the selected part (pack_form, source_form, fact_form,
            question_form).
        preview: the selected question as a learner sees it.
        problems_list: every problem and hint of the last full check.
        add_question_button, add_source_button, add_fact_button, delete_button,
        save_button, save_file_button, check_button, close_button: actions.
        undo_stack: undo/redo history.

    Signals:
        closed(): the editor was closed.
        saved(str): the pack (by id) was saved into the bank.
    """

    closed = Signal()
    saved = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.draft = editor_service.new_pack()
        self.kind = "pack"
        self.index = 0
        self.undo_stack = QUndoStack(self)

        self.title_label = QLabel()
        theme.emphasize(self.title_label, 1.4, bold=True)
        self.status_label = QLabel()
        self.status_label.setObjectName("status_label")
        self.status_label.setWordWrap(True)

        self.tree = QTreeWidget()
        self.tree.setObjectName("tree")
        self.tree.setAccessibleName("Parts of the pack")
        self.tree.setHeaderHidden(True)
        self.add_question_button = self._button("Add &question", "add_question_button")
        self.add_source_button = self._button("Add s&ource", "add_source_button")
        self.add_fact_button = self._button("Add fac&t", "add_fact_button")
        self.delete_button = self._button("De&lete", "delete_button")
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.tree, 1)
        for b in (
            self.add_question_button,
            self.add_source_button,
            self.add_fact_button,
            self.delete_button,
        ):
            left_box.addWidget(b)

        self.pack_form = PackForm()
        self.source_form = SourceForm()
        self.fact_form = FactForm()
        self.question_form = QuestionForm()
        self.forms = {
            "pack": self.pack_form,
            "sources": self.source_form,
            "facts": self.fact_form,
            "questions": self.question_form,
        }
        self.form_stack = QStackedWidget()
        for form in self.forms.values():
            self.form_stack.addWidget(form)
            form.value_changed.connect(self.on_value_changed)
        form_scroll = QScrollArea()
        form_scroll.setWidgetResizable(True)
        form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        form_scroll.setWidget(self.form_stack)

        self.preview = QuestionPreview()
        self.problems_list = QListWidget()
        self.problems_list.setObjectName("problems_list")
        self.problems_list.setAccessibleName("Problems and hints in the whole pack")
        self.problems_list.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.addTab(self.preview, "Preview")
        self.tabs.addTab(self.problems_list, "Problems")

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(form_scroll)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setStretchFactor(2, 3)
        splitter.setSizes([200, 500, 300])

        self.save_button = self._button("&Save into the bank (Ctrl+S)", "save_button")
        self.save_button.setProperty("role", "primary")
        self.save_file_button = self._button("Save to a &file…", "save_file_button")
        self.check_button = self._button("C&heck the whole pack (F7)", "check_button")
        self.undo_button = self._button("&Undo", "undo_button")
        self.redo_button = self._button("Red&o", "redo_button")
        self.close_button = self._button("Clos&e", "close_button")
        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        top.addWidget(self.undo_button)
        top.addWidget(self.redo_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.close_button)
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.check_button)
        bottom.addWidget(self.save_file_button)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        self.check_timer = QTimer(self)
        self.check_timer.setSingleShot(True)
        self.check_timer.setInterval(CHECK_DELAY_MS)
        self.check_timer.timeout.connect(self.check_current)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_DELAY_MS)
        self.autosave_timer.timeout.connect(self.autosave)

        self.tree.currentItemChanged.connect(self._on_tree_changed)
        self.add_question_button.clicked.connect(lambda: self.add_item("questions"))
        self.add_source_button.clicked.connect(lambda: self.add_item("sources"))
        self.add_fact_button.clicked.connect(lambda: self.add_item("facts"))
        self.delete_button.clicked.connect(self.delete_item)
        self.save_button.clicked.connect(self.save)
        self.save_file_button.clicked.connect(self.save_to_file)
        self.check_button.clicked.connect(self.check_all)
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.close_button.clicked.connect(self.request_close)
        self.problems_list.itemActivated.connect(self._go_to_problem)
        self.question_form.image_button.clicked.connect(self.choose_image)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.undo_stack.indexChanged.connect(self._on_index_changed)
        self._shortcut("Save", QKeySequence.StandardKey.Save, self.save)
        self._shortcut("Save as", QKeySequence("Ctrl+Shift+S"), self.save_to_file)
        self._shortcut("Undo", QKeySequence.StandardKey.Undo, self.undo_stack.undo)
        self._shortcut("Redo", QKeySequence.StandardKey.Redo, self.undo_stack.redo)
        self._shortcut("Redo (Ctrl+Y)", QKeySequence("Ctrl+Y"), self.undo_stack.redo)
        self._shortcut("Check", QKeySequence("F7"), self.check_all)
        self._shortcut("New question", QKeySequence("Ctrl+N"), lambda: self.add_item("questions"))

    def _button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text.replace("&", "").split(" (")[0])
        return button

    def _shortcut(
        self, text: str, keys: QKeySequence | QKeySequence.StandardKey, slot: Any
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcut(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # -- opening -------------------------------------------------------------------------------
    def open_draft(self, draft: Draft) -> None:
        """Start editing ``draft``, offering to restore an autosaved copy of it first."""
        saved = editor_service.read_autosave(draft.pack_id)
        title = str(draft.doc.get("pack", {}).get("title", "")) or "the new pack"
        if saved is not None and saved[0] != draft.doc and AskRestore.ask(self, title, saved[1]):
            draft.doc = saved[0]
            restored = True
        else:
            restored = False
        self.draft = draft
        self.undo_stack.clear()
        self._rebuild_tree()
        self._select("pack", 0)
        if restored:
            # Mark as changed: the restored edits are not in the bank yet.
            self.undo_stack.resetClean()
            self.status_label.setText("Restored your unsaved changes.")
        else:
            self.undo_stack.setClean()
            self.status_label.setText("")
        self._update_title()
        self.check_all()

    @property
    def doc(self) -> dict[str, Any]:
        return self.draft.doc

    def is_dirty(self) -> bool:
        return not self.undo_stack.isClean()

    def _update_title(self) -> None:
        title = str(self.doc.get("pack", {}).get("title", "")) or "New pack"
        self.title_label.setText(("• " if self.is_dirty() else "") + f"Editing: {title}")

    # -- the tree ------------------------------------------------------------------------------
    def _label(self, kind: str, item: dict[str, Any]) -> str:
        ident = str(item.get("id", ""))
        text = str(
            item.get({"sources": "title", "facts": "statement", "questions": "prompt"}[kind], "")
        )
        text = " ".join(text.split())
        return f"{ident}: {text[:50]}" if text else ident or "(new)"

    def _rebuild_tree(self) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        pack = QTreeWidgetItem(["Pack details"])
        pack.setData(0, Qt.ItemDataRole.UserRole, ("pack", 0))
        self.tree.addTopLevelItem(pack)
        for kind, title in (("sources", "Sources"), ("facts", "Facts"), ("questions", "Questions")):
            items = self.doc.get(kind, [])
            node = QTreeWidgetItem([f"{title} ({len(items)})"])
            node.setData(0, Qt.ItemDataRole.UserRole, (kind, -1))
            self.tree.addTopLevelItem(node)
            for i, item in enumerate(items):
                child = QTreeWidgetItem([self._label(kind, item)])
                child.setData(0, Qt.ItemDataRole.UserRole, (kind, i))
                node.addChild(child)
            node.setExpanded(True)
        self.tree.blockSignals(False)

    def _tree_item(self, kind: str, index: int) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top is None:
                continue
            if top.data(0, Qt.ItemDataRole.UserRole) == (kind, index):
                return top
            for j in range(top.childCount()):
                child = top.child(j)
                if child is not None and child.data(0, Qt.ItemDataRole.UserRole) == (kind, index):
                    return child
        return None

    def _select(self, kind: str, index: int) -> None:
        item = self._tree_item(kind, index)
        if item is not None:
            self.tree.setCurrentItem(item)
        self._show(kind, index)

    def _on_tree_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        if current is None:
            return
        kind, index = current.data(0, Qt.ItemDataRole.UserRole)
        if index < 0:
            items = self.doc.get(kind, [])
            if items:
                self._select(kind, 0)
            return
        self._show(kind, index)

    def _show(self, kind: str, index: int) -> None:
        self.check_current()  # problems of the item we leave are kept up to date
        self.kind, self.index = kind, index
        form = self.forms[kind]
        if kind == "questions":
            self.question_form.set_facts(
                [
                    (str(f.get("id", "")), str(f.get("statement", "")))
                    for f in self.doc.get("facts", [])
                ]
            )
        form.load(self._item())
        self.form_stack.setCurrentWidget(form)
        self.delete_button.setEnabled(kind != "pack")
        self.check_current()
        self._update_preview()

    def _item(self, kind: str | None = None, index: int | None = None) -> dict[str, Any]:
        kind = kind or self.kind
        if kind == "pack":
            pack: dict[str, Any] = self.doc.setdefault("pack", {})
            return pack
        items = self.doc.get(kind, [])
        i = self.index if index is None else index
        return items[i] if 0 <= i < len(items) else {}

    # -- editing -------------------------------------------------------------------------------
    def on_value_changed(self, key: str, value: Any) -> None:
        """A field changed in the form: record it as an undoable step."""
        if self.kind != "pack" and not self._item():
            return
        before = copy.deepcopy(self._item().get(key))
        if before == value:
            return
        self.undo_stack.push(
            SetValue(self, self.kind, self.index, key, before, copy.deepcopy(value))
        )

    def apply_value(self, kind: str, index: int, key: str, value: Any) -> None:
        """Set one field (from an undo step), and show it if that item is on screen."""
        item = self._item(kind, index)
        if value is None:
            item.pop(key, None)
        else:
            item[key] = copy.deepcopy(value)
        if key == "type" and value == "true_false":
            item.setdefault("answer", True)
        if (kind, index) == (self.kind, self.index):
            form = self.forms[kind]
            if key == "type" or (key in form.fields and not form.loading):
                form.load(item)
        tree_item = self._tree_item(kind, index)
        if tree_item is not None and kind != "pack":
            tree_item.setText(0, self._label(kind, item))

    def apply_list(self, kind: str, items: list[Any], select: int) -> None:
        self.doc[kind] = copy.deepcopy(items)
        self._rebuild_tree()
        if items:
            self._select(kind, max(0, min(select, len(items) - 1)))
        else:
            self._select("pack", 0)

    def add_item(self, kind: str) -> None:
        before = copy.deepcopy(self.doc.get(kind, []))
        after = [*before, editor_service.blank_item(kind, self.doc)]
        label = {"sources": "source", "facts": "fact", "questions": "question"}[kind]
        self.undo_stack.push(
            ChangeList(self, kind, before, after, f"Add a {label}", len(after) - 1)
        )
        form = self.forms[kind]
        first = next(iter(form.fields.values()))
        field = form.fields.get(
            "prompt", form.fields.get("title", form.fields.get("statement", first))
        )
        field.widget.setFocus()

    def delete_item(self) -> None:
        if self.kind == "pack":
            return
        before = copy.deepcopy(self.doc.get(self.kind, []))
        if not 0 <= self.index < len(before):
            return
        after = before[: self.index] + before[self.index + 1 :]
        self.undo_stack.push(ChangeList(self, self.kind, before, after, "Delete", self.index))

    def choose_image(self) -> None:
        path = ChooseFile.open_image(self)
        if not path:
            return
        try:
            data = Path(path).read_bytes()
        except OSError as e:
            ErrorMessage.show(self, "quizapp cannot read the picture", f"{path}: {e.strerror}")
            return
        inside = f"images/{Path(path).name}"
        self.draft.images[inside] = data
        self.question_form.image_path_edit.setText(inside)
        if not self.question_form.image_alt_edit.text():
            self.question_form.image_alt_edit.setFocus()

    def _on_clean_changed(self, _clean: bool) -> None:
        self._update_title()

    def _on_index_changed(self, _index: int) -> None:
        self._after_change()

    def _after_change(self) -> None:
        self._update_title()
        self.check_timer.start()
        self.autosave_timer.start()
        self._update_preview()

    # -- checking ------------------------------------------------------------------------------
    def check_current(self) -> None:
        """Check the item on screen on its own (fast whatever the size of the pack)."""
        if self.kind != "pack" and not self._item():
            return
        problems = editor_service.check_item(self.doc, self.kind, self.index)
        prefix = "pack" if self.kind == "pack" else f"{self.kind}[{self.index + 1}]"
        self.forms[self.kind].show_problems(problems, prefix)
        item = self._tree_item(self.kind, self.index)
        if item is not None and self.kind != "pack":
            errors = [p for p in problems if p.severity == "error"]
            label = self._label(self.kind, self._item())
            item.setText(0, ("✘ " if errors else "⚠ " if problems else "") + label)
            item.setToolTip(0, "\n".join(_plain(p) for p in problems))

    def check_all(self) -> list[Problem]:
        """Check the whole pack, with the validator's messages, and list what it finds."""
        problems = editor_service.check(self.doc)
        self.problems_list.clear()
        for p in problems:
            mark = "✘" if p.severity == "error" else "⚠"
            entry = QListWidgetItem(f"{mark} {p.message}")
            entry.setData(Qt.ItemDataRole.UserRole, p.path)
            self.problems_list.addItem(entry)
        errors = sum(p.severity == "error" for p in problems)
        warnings = len(problems) - errors
        self.tabs.setTabText(
            1, f"Problems ({errors} + {warnings} hints)" if problems else "Problems"
        )
        return problems

    def _go_to_problem(self, entry: QListWidgetItem) -> None:
        where = editor_service.item_of_path(str(entry.data(Qt.ItemDataRole.UserRole) or ""))
        if where is not None:
            self._select(*where)

    def _update_preview(self) -> None:
        if self.kind == "questions" and self._item():
            self.preview.show_question(question_from_doc(self.doc, self._item()), self.draft.images)
            self.tabs.setTabEnabled(0, True)
        else:
            self.tabs.setTabEnabled(0, False)

    # -- saving --------------------------------------------------------------------------------
    def save(self) -> bool:
        """Save into the bank; problems are listed instead, and nothing is saved."""
        self.check_current()
        try:
            result = editor_service.save_to_bank(self.context.bank, self.draft)
        except PackInvalid as e:
            self.check_all()
            self.tabs.setCurrentIndex(1)
            errors = sum(p.severity == "error" for p in e.problems)
            self.status_label.setText(
                f"Not saved: {errors} problem(s) to fix first (see Problems). You can still save "
                "a draft to a file."
            )
            return False
        except (ServiceError, BankError) as e:
            ErrorMessage.show(self, "quizapp cannot save the pack", str(e))
            return False
        self.undo_stack.setClean()
        self.pack_form.load(self.doc["pack"])
        version = self.doc["pack"].get("version", "")
        missing = sum(
            1
            for q in self.doc.get("questions", [])
            if isinstance(q, dict)
            and not str(q.get("explanation", "")).strip()
            and not q.get("fact")
        )
        text = (
            f"Saved into the bank as version {version}: {result.added} added, "
            f"{result.changed} changed, {result.retired} retired."
        )
        if missing:
            text += f" {missing} question(s) still need an explanation."
        self.status_label.setText(text)
        self.check_all()
        self.saved.emit(self.draft.pack_id)
        return True

    def save_to_file(self) -> None:
        suggested = f"{self.doc.get('pack', {}).get('id', 'pack')}.toml"
        path = ChooseFile.save_toml(self, suggested)
        if not path:
            return
        try:
            editor_service.save_to_file(self.draft, Path(path))
        except ServiceError as e:
            ErrorMessage.show(self, "quizapp cannot save the file", str(e))
            return
        self.status_label.setText(f"Saved to {path}.")

    def hideEvent(self, event: QHideEvent) -> None:
        # Leaving the editor (or the window closing): keep the pending copy now, so that the
        # timer never fires later, when whatever it would write to may be another session's.
        if self.autosave_timer.isActive():
            self.autosave_timer.stop()
            self.autosave()
        super().hideEvent(event)

    def autosave(self) -> None:
        if self.is_dirty():
            try:
                editor_service.write_autosave(self.draft)
            except ServiceError:
                self.status_label.setText("Could not keep a safety copy of your changes.")

    def request_close(self) -> bool:
        """Close, asking first about unsaved changes; False if the user cancelled."""
        if self.is_dirty():
            title = str(self.doc.get("pack", {}).get("title", "")) or "New pack"
            choice = AskSave.ask(self, title)
            if choice == "cancel" or (choice == "save" and not self.save()):
                return False
            if choice == "discard":
                editor_service.discard_autosave(self.draft)
                self.undo_stack.setClean()
        self.check_timer.stop()
        self.autosave_timer.stop()
        self.closed.emit()
        return True
