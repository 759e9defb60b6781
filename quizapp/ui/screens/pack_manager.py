"""The pack manager: every pack in the bank; import, export, remove; where to edit them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import suppress
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.columns import ColumnMapping, CsvPreview
from quizapp.core.problems import Problem
from quizapp.core.summaries import ImportStatus, PackSummary
from quizapp.core.words import plural
from quizapp.services import BankError, ServiceError, import_report
from quizapp.services import columns as column_service
from quizapp.services import formats as format_service
from quizapp.services import packs as pack_service
from quizapp.ui import theme
from quizapp.ui.context import AppContext
from quizapp.ui.dialogs.column_mapping import ColumnMappingDialog
from quizapp.ui.dialogs.messages import ErrorMessage
from quizapp.ui.dialogs.problems import ProblemsDialog
from quizapp.ui.models.pack_manager_table import SORT_ROLE, PackManagerModel, format_label
from quizapp.ui.workers import CANCELLED, ImportReport, ImportWorker

ALL_FILES = "All files (*)"
MAX_STATUS_LINES = 12


# -- file formats and dialogs ------------------------------------------------------------------
def _filter(description: str, extensions: Sequence[str]) -> str:
    return f"{description} ({' '.join('*' + e for e in extensions)})"


def import_filters() -> list[tuple[str, str | None]]:
    """(file dialog filter, format name or None to detect it) for opening pack files."""
    known = [f for f in format_service.formats().values() if f.readable]
    every = sorted({e for f in known for e in f.extensions})
    filters: list[tuple[str, str | None]] = [(_filter("Every pack file", every), None)]
    filters += [(_filter(f.description, f.extensions), f.name) for f in known]
    filters.append((ALL_FILES, None))
    return filters


def export_filters() -> list[tuple[str, str]]:
    """(file dialog filter, format name) for each format quizapp can write."""
    return [
        (_filter(f.description, f.extensions), f.name)
        for f in format_service.formats().values()
        if f.writable
    ]


def export_target(path: str, format_name: str | None) -> tuple[Path, str]:
    """The file and format an export writes, from the name typed and the filter chosen.

    An extension that belongs to the chosen format keeps it (".txt" is both GIFT and Aiken);
    another known extension picks its own format; no extension gets the chosen format's.
    """
    dest = Path(path)
    suffix = dest.suffix.lower()
    known = format_service.formats()
    chosen = known.get(format_name or "")
    if chosen is not None and suffix in chosen.extensions:
        return dest, chosen.name
    by_name = format_service.format_for_path(str(dest))
    if by_name is not None:
        return dest, by_name
    chosen = chosen or known["toml"]
    return dest.with_name(dest.name + chosen.extensions[0]), chosen.name


class PackFileDialog:
    """The file dialogs of the pack manager, behind classmethods so tests patch one function."""

    @classmethod
    def open_files(cls, parent: QWidget | None, directory: str) -> tuple[list[str], str | None]:
        """Files to import (several at once) and the format chosen, or None to detect it."""
        filters = import_filters()
        paths, chosen = QFileDialog.getOpenFileNames(
            parent, "Import question packs", directory, ";;".join(f for f, _ in filters)
        )
        return list(paths), dict(filters).get(chosen)

    @classmethod
    def save_file(
        cls, parent: QWidget | None, suggested: str, format_name: str
    ) -> tuple[str, str | None]:
        """Where to export, and the format of the filter chosen ("" if cancelled)."""
        filters = export_filters()
        selected = next((f for f, name in filters if name == format_name), filters[0][0])
        path, chosen = QFileDialog.getSaveFileName(
            parent, "Export the pack", suggested, ";;".join(f for f, _ in filters), selected
        )
        return path, dict(filters).get(chosen)


class ConfirmRemove:
    """Asks before a pack is removed; says that learners' history is kept."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, questions: int) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Remove the pack?",
            f"Remove “{title}” and its {questions} question{'s' if questions != 1 else ''} "
            "from the bank?",
            QMessageBox.StandardButton.NoButton,
            parent,
        )
        box.setObjectName("confirm_remove")
        box.setInformativeText(
            "Learners' history is kept: past quizzes on this pack can still be reviewed. "
            "You can import the pack again later."
        )
        remove = box.addButton("&Remove", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("&Keep", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)  # a stray Enter must not remove anything
        box.exec()
        return box.clickedButton() is remove


class ConfirmReplace:
    """Asks whether an older version of a pack should replace the newer one in the bank."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, in_bank: str, in_file: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Replace with this older version?",
            f"The bank has version {in_bank} of “{title}”; the file has the older version "
            f"{in_file}. Replace with this older version?",
            QMessageBox.StandardButton.NoButton,
            parent,
        )
        box.setObjectName("confirm_replace")
        box.setInformativeText(
            "Questions that are not in the older version are retired; learners' history is kept."
        )
        replace = box.addButton("&Replace", QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton("&Keep the newer version", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is replace


# -- what an import did, in words ----------------------------------------------------------------
def report_lines(report: ImportReport) -> list[str]:
    """What happened to each file of an import: a line each, then what it held and its
    language (the warnings themselves go to the problems list)."""
    lines: list[str] = []
    for r in report.results:
        lines.append(import_report.result_line(r))
        if r.status is not ImportStatus.FAILED:
            notes = import_report.notes(r.types, r.warnings, r.language, r.language_how)
            lines += [f"    {note}" for note in notes]
    if report.cancelled:
        lines.append(f"{Path(report.cancelled).name}: {CANCELLED}.")
    if report.error:
        lines.append(report.error)
    why = "the import was cancelled" if report.cancelled else "the import stopped"
    lines += [f"{Path(name).name}: not imported ({why} before it)." for name in report.not_started]
    if len(lines) > MAX_STATUS_LINES:
        rest = len(lines) - MAX_STATUS_LINES + 1
        lines = [*lines[: MAX_STATUS_LINES - 1], f"… and {rest} more."]
    return lines


def _sentence(error: Exception) -> str:
    if isinstance(error, BankError):
        return error.message
    text = str(error)
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _name(widget: QWidget, name: str, accessible: str) -> None:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)


# -- the screen ----------------------------------------------------------------------------------
class PackManagerScreen(QWidget):
    """Every pack in the bank, with buttons to import, export, remove, edit and create packs.

    Pack files can also be dropped on the screen; ``import_paths`` is the one way in.

    Attributes:
        table: the packs (sortable; the selection enables the buttons).
        table_label: the table's caption (Alt+P moves to the table).
        import_button (Ctrl+O), export_button (Ctrl+E), remove_button (Delete),
        edit_button (Enter on a row), new_button, back_button: the actions.
        import_action, export_action, remove_action: their keyboard shortcuts.
        status_label: what the last action did, one line per file.
        empty_label: shown instead of the table when the bank has no packs.
        progress_dialog: the progress of a running import (None when idle).
        worker: the running import (None when idle).
        progress_delay_ms: how long an import runs before its progress is shown.

    Signals:
        edit_requested(str): the teacher wants to edit the pack with this id.
        new_pack_requested(): the teacher wants to write a new pack.
        back_requested(): back to the previous screen.
        packs_changed(): packs were added, updated or removed (other screens reload).
        import_started(ImportWorker): an import began (emitted before its thread starts).
        import_finished(ImportReport): an import ended and its results are on screen.
    """

    edit_requested = Signal(str)
    new_pack_requested = Signal()
    back_requested = Signal()
    packs_changed = Signal()
    import_started = Signal(object)
    import_finished = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.worker: ImportWorker | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.progress_delay_ms = 400  # quick imports finish before a dialog could flash up
        self._last_dir = str(Path.home())
        self.setAcceptDrops(True)

        heading = QLabel("Question packs")
        heading.setObjectName("heading")
        theme.emphasize(heading, 1.6, bold=True)
        hint = QLabel(
            "Import quizapp packs (TOML, .quizpack), Moodle files (GIFT, Aiken, Moodle XML) or "
            "a spreadsheet (CSV) — or drop the files here."
        )
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)

        self.model = PackManagerModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        _name(self.table, "table", "Packs in the bank")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(PackManagerModel.TITLE, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        # Widths are fitted by hand (fit_columns): ResizeToContents leaves room for a sort
        # arrow in every column, and ten columns then no longer fit a 960-pixel window.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(PackManagerModel.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        header.sortIndicatorChanged.connect(self.fit_columns)
        self.table_label = QLabel("&Packs in the bank:")
        self.table_label.setBuddy(self.table)

        self.empty_label = QLabel(
            "There are no packs in the bank yet. Choose Import… (Ctrl+O) to add a file, "
            "drop pack files here, or write a new pack."
        )
        self.empty_label.setObjectName("empty_label")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        self.status_label = QLabel()
        self.status_label.setObjectName("status_label")
        self.status_label.setAccessibleName("What the last action did")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)

        self.import_button = self._button("&Import…", "import_button", "Import pack files")
        self.import_button.setProperty("role", "primary")
        self.export_button = self._button(
            "E&xport…", "export_button", "Export the selected pack to a file"
        )
        self.remove_button = self._button(
            "&Remove…", "remove_button", "Remove the selected pack from the bank"
        )
        self.edit_button = self._button("&Edit…", "edit_button", "Edit the selected pack")
        self.new_button = self._button("&New pack…", "new_button", "Write a new pack")
        self.back_button = self._button("&Back", "back_button", "Back to the start screen")
        self.import_button.setToolTip("Import pack files (Ctrl+O). You can also drop them here.")
        self.export_button.setToolTip("Export the selected pack to a file (Ctrl+E)")
        self.remove_button.setToolTip("Remove the selected pack (Delete)")
        self.edit_button.setToolTip("Edit the selected pack (Enter)")

        self.import_action = self._action("Import…", QKeySequence.StandardKey.Open)
        self.export_action = self._action("Export…", QKeySequence("Ctrl+E"))
        self.remove_action = self._action("Remove…", QKeySequence.StandardKey.Delete)

        top = QHBoxLayout()
        top.addWidget(heading, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        for button in (
            self.new_button,
            self.edit_button,
            self.export_button,
            self.remove_button,
            self.import_button,
        ):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(hint)
        layout.addWidget(self.table_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        # Tab goes from the list through the buttons, in the order they are on screen.
        chain = [
            self.table,
            self.back_button,
            self.new_button,
            self.edit_button,
            self.export_button,
            self.remove_button,
            self.import_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

        self.import_button.clicked.connect(self.choose_files)
        self.import_action.triggered.connect(self.choose_files)
        self.export_button.clicked.connect(self.export_selected)
        self.export_action.triggered.connect(self.export_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.remove_action.triggered.connect(self.remove_selected)
        self.edit_button.clicked.connect(self.edit_selected)
        self.table.activated.connect(self.edit_selected)  # Enter or a double click
        self.new_button.clicked.connect(self.new_pack_requested)
        self.back_button.clicked.connect(self.back_requested)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.proxy.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def _button(self, text: str, name: str, accessible: str) -> QPushButton:
        button = QPushButton(text)
        _name(button, name, accessible)
        return button

    def _action(self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey) -> QAction:
        action = QAction(text, self)
        action.setShortcut(shortcut)
        # Only while this screen (or a widget on it) has the focus: other screens are
        # stacked in the same window.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(action)
        return action

    # -- showing ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the packs from the bank, keeping the selected pack selected."""
        selected = self.selected_pack()
        self.show_packs(pack_service.list_packs(self.context.bank))
        self.select_pack(selected.id if selected else "")

    def show_packs(self, packs: list[PackSummary]) -> None:
        self.model.set_rows(packs)
        self.table.setVisible(bool(packs))
        self.table_label.setVisible(bool(packs))
        self.empty_label.setVisible(not packs)
        self.fit_columns()

    def fit_columns(self, *_: object) -> None:
        """Size each column to its header and cells; only the sorted one gets an arrow's room."""
        header = self.table.horizontalHeader()
        metrics = header.fontMetrics()
        padding = 2 * self.style().pixelMetric(self.style().PixelMetric.PM_HeaderMargin) + 8
        arrow = metrics.height()
        for column in range(self.model.columnCount()):
            if column == PackManagerModel.TITLE:
                continue
            text = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(line) for line in text.split("\n")) + padding
            if column == header.sortIndicatorSection():
                width += arrow
            width = max(width, self.table.sizeHintForColumn(column))
            if column == PackManagerModel.AUTHORS:
                width = min(width, 160)  # elided; the tooltip lists them all
            self.table.setColumnWidth(column, width)

    def select_pack(self, pack_id: str) -> None:
        """Select the pack ``pack_id`` (or the first one if it is gone)."""
        if self.proxy.rowCount() == 0:
            self._update_buttons()
            return
        row = self.model.row_of(pack_id)
        source = self.model.index(max(row, 0), 0)
        index = self.proxy.mapFromSource(source) if row >= 0 else self.proxy.index(0, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def selected_pack(self) -> PackSummary | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.pack_at(self.proxy.mapToSource(rows[0]).row())

    def _update_buttons(self, *_: object) -> None:
        chosen = self.selected_pack() is not None
        idle = self.worker is None
        for widget in (self.export_button, self.remove_button, self.edit_button):
            widget.setEnabled(chosen and idle)
        for action in (self.export_action, self.remove_action):
            action.setEnabled(chosen and idle)
        self.import_button.setEnabled(idle)
        self.import_action.setEnabled(idle)

    def say(self, lines: Sequence[str]) -> None:
        """Put what happened in the status line (and have a screen reader read it)."""
        text = "\n".join(lines)
        self.status_label.setText(text)
        if text:
            theme.announce(self.status_label, text)

    def focus_default(self) -> None:
        (self.table if self.model.rowCount() else self.import_button).setFocus(
            Qt.FocusReason.OtherFocusReason
        )

    # -- importing -------------------------------------------------------------------------------
    def choose_files(self) -> None:
        if self.worker is not None:
            return
        paths, format_name = PackFileDialog.open_files(self, self._last_dir)
        if paths:
            self._last_dir = str(Path(paths[0]).parent)
            self.import_paths(paths, format_name)

    def import_paths(
        self,
        paths: Sequence[str],
        format_name: str | None = None,
        *,
        force: bool = False,
        columns: Mapping[str, ColumnMapping] | None = None,
    ) -> bool:
        """Import pack files in the background (the way in for the dialog and for drops).

        A CSV file whose header quizapp does not know first asks which column holds what
        (``columns``: the mappings already chosen, by file; then nothing is asked).
        Returns False, and says why, when another import is still running or the teacher
        cancelled.
        """
        paths = [str(p) for p in paths if str(p)]
        if not paths:
            return False
        if self.worker is not None:
            self.say(["An import is already running; wait for it to finish, then try again."])
            return False
        if columns is None:
            columns = self.choose_columns(paths, format_name)
            if columns is None:
                return False
        worker = ImportWorker(
            self.context.bank.location,
            paths,
            force=force,
            format_name=format_name,
            columns=columns,
        )
        worker.progress.connect(self._on_progress)
        # The thread has ended when ``finished`` arrives, so the worker can be dropped there.
        worker.finished.connect(self._on_worker_finished)
        self.worker = worker
        self.progress_dialog = self._make_progress_dialog(len(paths))
        self._update_buttons()
        self.say([f"Importing {plural(len(paths), 'file')}…"])
        self.import_started.emit(worker)
        worker.start()
        return True

    def choose_columns(
        self, paths: Sequence[str], format_name: str | None
    ) -> dict[str, ColumnMapping] | None:
        """Ask which column holds what for each CSV file whose header quizapp does not know,
        once per header, starting from the mapping chosen last time; None if the teacher
        cancelled (then nothing is imported)."""
        chosen: dict[str, ColumnMapping] = {}
        asked: dict[tuple[str, ...], ColumnMapping] = {}
        for path in paths:
            preview = column_service.preview_csv_file(path, format_name)
            if preview is None or preview.layout:
                continue
            mapping = asked.get(preview.header) or self._ask_columns(path, preview)
            if mapping is None:
                self.say(
                    [f"Nothing was imported: the columns of {Path(path).name} were not chosen."]
                )
                return None
            asked[preview.header] = chosen[path] = mapping
        return chosen

    def _ask_columns(self, path: str, preview: CsvPreview) -> ColumnMapping | None:
        bank = self.context.bank
        try:
            remembered = column_service.remembered_columns(bank, preview.header)
        except (ServiceError, BankError):
            remembered = None  # a bank that cannot say only means starting from a guess
        mapping = ColumnMappingDialog.ask(self, Path(path).name, preview, remembered)
        if mapping is not None and mapping != remembered:
            # Not remembered if the bank refuses: the teacher starts from a guess next time.
            with suppress(ServiceError, BankError):
                column_service.remember_columns(bank, preview.header, mapping)
        return mapping

    def _make_progress_dialog(self, files: int) -> QProgressDialog:
        dialog = QProgressDialog(
            f"Importing {plural(files, 'file')}…", "Cancel", 0, 3 * files, self
        )
        _name(dialog, "progress_dialog", "Import progress")
        dialog.setWindowTitle("Importing packs")
        dialog.setMinimumWidth(440)  # file names come and go in the label; keep it steady
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(self.progress_delay_ms)
        dialog.canceled.connect(self.cancel_import)
        return dialog

    def _on_progress(self, done: int, total: int, message: str) -> None:
        dialog = self.progress_dialog
        if dialog is None or dialog.wasCanceled():
            return
        dialog.setLabelText(message)
        dialog.setMaximum(total)
        dialog.setValue(min(done, total))  # last: a modal dialog processes events here

    def cancel_import(self) -> None:
        """Stop the running import; the file being imported is rolled back."""
        if self.worker is not None:
            self.worker.cancel()
            self.say(["Cancelling… nothing of the file being imported will be kept."])

    def _close_progress(self) -> None:
        dialog, self.progress_dialog = self.progress_dialog, None
        if dialog is not None:
            dialog.canceled.disconnect(self.cancel_import)
            dialog.reset()  # hides it; close() would count as a cancel
            dialog.deleteLater()

    def _on_worker_finished(self) -> None:
        worker, self.worker = self.worker, None
        self._close_progress()
        if worker is None:
            return
        report = worker.report or ImportReport(error="The import stopped unexpectedly.")
        worker.deleteLater()
        self._update_buttons()
        self.show_report(report)
        self.import_finished.emit(report)

    def show_report(self, report: ImportReport) -> None:
        """Show what an import did: status lines, problems and warnings, older versions."""
        changed = [
            r for r in report.results if r.status in (ImportStatus.ADDED, ImportStatus.UPDATED)
        ]
        self.refresh()
        if changed:
            self.select_pack(changed[-1].pack_id)
            self.packs_changed.emit()
        self.say(report_lines(report))
        problems = [
            p
            for r in report.results
            for p in import_report.in_line_order((*r.problems, *r.warnings))
        ]
        if problems:
            errors = any(p.severity != "warning" for p in problems)
            title = "Problems in the imported files" if errors else "Warnings about the imports"
            ProblemsDialog.show_problems(self, title, problems)
        older = [
            r.file
            for r in report.results
            if r.status is ImportStatus.REFUSED
            and ConfirmReplace.ask(self, r.title, r.previous_version, r.version)
        ]
        if older:
            self.import_paths(older, report.format_name, force=True, columns=report.columns)

    def shutdown(self) -> None:
        """Cancel a running import and wait for its thread (call before the window closes)."""
        worker = self.worker
        if worker is not None:
            worker.cancel()
            worker.wait()

    def changeEvent(self, event: QEvent) -> None:
        # Zooming changes the font: the columns must be fitted again.
        if event.type() == QEvent.Type.FontChange:
            self.fit_columns()
        super().changeEvent(event)

    # -- drag and drop ---------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if self.worker is None and any(u.isLocalFile() for u in urls):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- the selected pack -------------------------------------------------------------------------
    def edit_selected(self, *_: object) -> None:
        pack = self.selected_pack()
        if pack is not None and self.worker is None:
            self.edit_requested.emit(pack.id)

    def export_selected(self) -> None:
        pack = self.selected_pack()
        if pack is None or self.worker is not None:
            return
        suggested = str(Path(self._last_dir) / f"{pack.id}.toml")
        path, format_name = PackFileDialog.save_file(self, suggested, "toml")
        if not path:
            return
        dest, format_name = export_target(path, format_name)
        self._last_dir = str(dest.parent)
        try:
            exported = pack_service.export_pack(self.context.bank, pack.id, dest, format_name)
        except (ServiceError, BankError) as error:
            ErrorMessage.show(self, "The pack was not exported", _sentence(error))
            return
        label = format_service.formats()[exported.format].description
        line = f"Exported “{pack.title}” to {exported.path} ({label})."
        if exported.warnings:
            line += (
                f" {plural(len(exported.warnings), 'thing')} could not be written (see the list)."
            )
        self.say([line])
        if exported.warnings:
            ProblemsDialog.show_problems(
                self,
                f"What {format_label(exported.format)} could not hold",
                [
                    Problem(str(exported.path), None, w, severity="warning")
                    for w in exported.warnings
                ],
            )

    def remove_selected(self) -> None:
        pack = self.selected_pack()
        if pack is None or self.worker is not None:
            return
        if not ConfirmRemove.ask(self, pack.title, pack.questions):
            return
        try:
            pack_service.remove_pack(self.context.bank, pack.id)
        except (ServiceError, BankError) as error:
            ErrorMessage.show(self, "The pack was not removed", _sentence(error))
            self.refresh()
            return
        self.refresh()
        self.packs_changed.emit()
        self.say([f"Removed “{pack.title}”. Learners' history of quizzes on it is kept."])
        self.focus_default()
