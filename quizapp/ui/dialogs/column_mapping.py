"""Which column of a spreadsheet holds what, chosen by the teacher while looking at its rows."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.columns import (
    AnswerKey,
    ColumnMapping,
    CsvPreview,
    MappingError,
    Role,
    column_letter,
    guess_roles,
    guess_separator,
)

ROLE_LABELS: dict[Role, str] = {
    Role.IGNORE: "Ignore",
    Role.PROMPT: "Prompt (the question)",
    Role.CHOICES: "Choices",
    Role.CORRECT: "Correct answer",
    Role.EXPLANATION: "Explanation",
    Role.TAGS: "Tags",
    Role.ID: "Id",
}
SEPARATOR_LABELS: dict[str, str] = {
    "": "Nothing: each choice has its own column",
    "|": "| (a vertical bar)",
    ";": "; (a semicolon)",
    ",": ", (a comma)",
    "/": "/ (a slash)",
    "\n": "A line break",
    "\t": "A tab",
}
KEY_LABELS: dict[AnswerKey, str] = {
    AnswerKey.AUTO: "A letter, a number or the choice's text (worked out)",
    AnswerKey.LETTERS: "Letters: A, B, C …",
    AnswerKey.NUMBERS: "Numbers: 1, 2, 3 …",
    AnswerKey.TEXT: "The text of the right choice",
}
_EXAMPLE_CHARS = 40
_MAX_COLUMN_WIDTH = 240


def _short(text: str, limit: int = 28) -> str:
    text = " ".join(text.split())
    return text[:limit] + "…" if len(text) > limit else text


def _quoted(text: str, limit: int = _EXAMPLE_CHARS) -> str:
    text = " ".join(text.split())
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


class ColumnMappingDialog(QDialog):
    """Shows the first rows of a spreadsheet whose header quizapp does not know, and lets
    the teacher say what each column holds (as Anki's import does).

    Attributes:
        preview_table: the first rows of the file, under its header (read only).
        role_boxes: one combo box per column of the header, in order (objectName
            ``role_box_A``, ``role_box_B``…): Prompt, Choices, Correct answer, Explanation,
            Tags, Id or Ignore.
        separator_box: what joins several choices in one cell (None: each has its column).
        keys_box: how the correct-answer column names the right choices.
        message_label: what is still missing, or what the import will take from where.
        ok_button: imports with these columns (enabled once prompt, choices and correct
            answer have columns).
        cancel_button: imports nothing (Escape too).
    """

    def __init__(
        self,
        file_name: str,
        preview: CsvPreview,
        remembered: ColumnMapping | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("column_mapping_dialog")
        self.setWindowTitle(f"Which column holds what? — {file_name}")
        self.preview = preview
        header = preview.header
        intro = QLabel(
            f"quizapp does not know the columns of {file_name}. Say what each column holds; "
            "the first rows of the file are shown to help. Columns set to Ignore are left out. "
            "Your choice is remembered for files with the same columns."
        )
        intro.setWordWrap(True)

        self.preview_table = QTableWidget(len(preview.rows), len(header))
        self.preview_table.setObjectName("preview_table")
        self.preview_table.setAccessibleName("The first rows of the file")
        for row, cells in enumerate(preview.rows):
            for column, text in enumerate(cells[: len(header)]):
                item = QTableWidgetItem(" ".join(text.split()))
                item.setToolTip(text)
                self.preview_table.setItem(row, column, item)
        self.preview_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_table.setTabKeyNavigation(False)  # Tab moves on to the columns' roles
        self.preview_table.setWordWrap(False)
        self.preview_table.setAlternatingRowColors(True)
        self.preview_table.verticalHeader().hide()
        self.preview_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Interactive
        )
        self._label_columns(guess_roles(header))
        # As tall as its few rows: the room below goes to the columns' roles.
        table = self.preview_table
        table.setMaximumHeight(
            table.horizontalHeader().sizeHint().height()
            + table.verticalHeader().length()
            + table.horizontalScrollBar().sizeHint().height()
            + 2 * table.frameWidth()
        )
        rows_label = QLabel("&First rows of the file:")
        rows_label.setBuddy(self.preview_table)

        roles = guess_roles(header)
        if remembered is not None:
            try:
                roles = remembered.roles(header)
            except MappingError:
                remembered = None
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.role_boxes: list[QComboBox] = []
        for index, name in enumerate(header):
            box = QComboBox()
            letter = column_letter(index)
            box.setObjectName(f"role_box_{letter}")
            box.setAccessibleName(f"What column {letter} {_quoted(name)} holds")
            for role, text in ROLE_LABELS.items():
                box.addItem(text, role)
            box.setCurrentIndex(box.findData(roles[index]))
            example = next((r[index] for r in preview.rows if index < len(r) and r[index]), "")
            caption = QLabel(
                f"{letter}: {_quoted(name) if name.strip() else '(no name)'}"
                + (f"  e.g. {_quoted(example, 24)}" if example else "")
            )
            caption.setBuddy(box)
            caption.setToolTip(name)
            form.addRow(caption, box)
            self.role_boxes.append(box)
        columns = QWidget()
        columns.setLayout(form)
        scroll = QScrollArea()
        scroll.setObjectName("columns_area")
        scroll.setWidget(columns)
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        # A list, not a text field: a lone "|" in a text field looks like its cursor.
        self.separator_box = QComboBox()
        self.separator_box.setObjectName("separator_box")
        self.separator_box.setAccessibleName("What separates several choices in one cell")
        for separator, label in SEPARATOR_LABELS.items():
            self.separator_box.addItem(label, separator)
        if remembered is not None:
            self._set_separator(remembered.separator)
        self._guessed_separator = False  # set by a guess, not by the teacher
        self.keys_box = QComboBox()
        self.keys_box.setObjectName("keys_box")
        self.keys_box.setAccessibleName("How the correct answer is written")
        for key, label in KEY_LABELS.items():
            self.keys_box.addItem(label, key)
        if remembered is not None:
            self.keys_box.setCurrentIndex(self.keys_box.findData(remembered.keys))
        options = QFormLayout()
        separator_label = QLabel("Several choices in one cell are &separated by:")
        separator_label.setBuddy(self.separator_box)
        keys_label = QLabel("The correct answer is &written as:")
        keys_label.setBuddy(self.keys_box)
        options.addRow(separator_label, self.separator_box)
        options.addRow(keys_label, self.keys_box)

        self.message_label = QLabel()
        self.message_label.setObjectName("message_label")
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)

        self.ok_button = QPushButton("&Import")
        self.ok_button.setObjectName("ok_button")
        self.ok_button.setAccessibleName("Import with these columns")
        self.ok_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancel_button")
        self.cancel_button.setAccessibleName("Cancel the import of this file")
        buttons = QDialogButtonBox()
        buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(rows_label)
        layout.addWidget(self.preview_table)
        layout.addWidget(QLabel("What each column holds:"))
        layout.addWidget(scroll, 1)
        bottom = QHBoxLayout()
        bottom.addLayout(options)
        bottom.addStretch(1)
        layout.addLayout(bottom)
        layout.addWidget(self.message_label)
        layout.addWidget(buttons)

        chain: list[QWidget] = [
            self.preview_table,
            *self.role_boxes,
            self.separator_box,
            self.keys_box,
            self.ok_button,
            self.cancel_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

        for box in self.role_boxes:
            box.currentIndexChanged.connect(self._roles_changed)
        self.separator_box.activated.connect(self._separator_chosen)
        self.keys_box.currentIndexChanged.connect(self._update)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.resize(780, 600)
        self._roles_changed()
        self.preview_table.setFocus()

    # -- what the teacher chose ------------------------------------------------------------------
    def roles(self) -> list[Role]:
        return [Role(box.currentData()) for box in self.role_boxes]

    def mapping(self) -> ColumnMapping | None:
        """The mapping chosen, or None while prompt, choices or correct answer lack a column."""
        try:
            return self._mapping()
        except MappingError:
            return None

    def _mapping(self) -> ColumnMapping:
        return ColumnMapping.from_roles(
            self.preview.header,
            self.roles(),
            self.separator(),
            AnswerKey(self.keys_box.currentData()),
        )

    def _label_columns(self, roles: list[Role]) -> None:
        # The table's header says what each column was chosen to hold, under its name.
        labels = [
            f"{column_letter(i)}: {_short(name)}"
            + ("\n(ignored)" if role is Role.IGNORE else f"\n→ {ROLE_LABELS[role].split(' (')[0]}")
            for i, (name, role) in enumerate(zip(self.preview.header, roles, strict=True))
        ]
        table = self.preview_table
        table.setHorizontalHeaderLabels(labels)
        table.resizeColumnsToContents()
        for column in range(table.columnCount()):
            table.setColumnWidth(column, min(table.columnWidth(column), _MAX_COLUMN_WIDTH))

    def _roles_changed(self, *_: object) -> None:
        roles = self.roles()
        self._label_columns(roles)
        # One column of choices usually joins them: offer the separator its cells use.
        choices = [i for i, role in enumerate(roles) if role is Role.CHOICES]
        if len(choices) == 1 and not self.separator():
            index = choices[0]
            cells = [r[index] for r in self.preview.rows if index < len(r)]
            self._set_separator(guess_separator(cells))
            self._guessed_separator = bool(self.separator())
        elif len(choices) != 1 and self._guessed_separator:
            self._set_separator("")
            self._guessed_separator = False
        self._update()

    def separator(self) -> str:
        return str(self.separator_box.currentData())

    def _set_separator(self, separator: str) -> None:
        index = self.separator_box.findData(separator)
        if index < 0:  # one typed on the command line: offer it as it is
            self.separator_box.addItem(f"“{separator}”", separator)
            index = self.separator_box.count() - 1
        self.separator_box.setCurrentIndex(index)

    def _separator_chosen(self, *_: object) -> None:
        self._guessed_separator = False
        self._update()

    def _update(self, *_: object) -> None:
        try:
            mapping = self._mapping()
        except MappingError as e:
            self.message_label.setText(str(e))
            self.ok_button.setEnabled(False)
            return
        self.message_label.setText(self._summary(mapping))
        self.ok_button.setEnabled(True)

    def _summary(self, mapping: ColumnMapping) -> str:
        roles = self.roles()
        header = self.preview.header

        def named(role: Role) -> str:
            return _quoted(header[roles.index(role)])

        choices = roles.count(Role.CHOICES)
        parts = [f"the question from {named(Role.PROMPT)}"]
        if choices == 1:
            parts.append(f"the choices from {named(Role.CHOICES)}, split at “{mapping.separator}”")
        else:
            parts.append(f"{choices} columns of choices")
        correct = roles.count(Role.CORRECT)
        parts.append(
            f"the right answer from {named(Role.CORRECT)}"
            if correct == 1
            else f"the right answers from {correct} columns"
        )
        for role, what in (
            (Role.EXPLANATION, "the explanation"),
            (Role.TAGS, "tags"),
            (Role.ID, "ids"),
        ):
            if role in roles:
                parts.append(f"{what} from {named(role)}")
        text = "Ready: " + ", ".join(parts) + "."
        if Role.IGNORE in roles:
            text += " The other columns are left out."
        return text

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        file_name: str,
        preview: CsvPreview,
        remembered: ColumnMapping | None = None,
    ) -> ColumnMapping | None:
        """The mapping the teacher chose for this file, or None if they cancelled (tests
        patch this)."""
        dialog = cls(file_name, preview, remembered, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        mapping = dialog.mapping() if accepted else None
        dialog.deleteLater()
        return mapping
