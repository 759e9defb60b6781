"""The main window: a thin shell that routes between screens; no logic of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QWidget

from quizapp.services import ServiceError
from quizapp.services.quiz import QuizResults, QuizSession
from quizapp.ui import theme
from quizapp.ui.context import AppContext
from quizapp.ui.dialogs.messages import ErrorMessage
from quizapp.ui.screens.start_screen import StartScreen

if TYPE_CHECKING:
    from quizapp.services.editor import Draft
    from quizapp.ui.dialogs.class_code import ClassCodeDialog
    from quizapp.ui.screens.class_report_screen import ClassReportScreen
    from quizapp.ui.screens.editor_screen import EditorScreen
    from quizapp.ui.screens.history_screen import HistoryScreen
    from quizapp.ui.screens.pack_manager import PackManagerScreen
    from quizapp.ui.screens.progress_screen import ProgressScreen
    from quizapp.ui.screens.quiz_screen import QuizScreen
    from quizapp.ui.screens.results_screen import ResultsScreen


class MainWindow(QMainWindow):
    """Shows one screen at a time. Screens other than the start screen are built on first use.

    Attributes:
        start_screen: choose and start a quiz.
        quiz_screen, results_screen, history_screen, progress_screen: built when first needed.
        zoom_in_action, zoom_out_action, zoom_reset_action: Ctrl +, Ctrl -, Ctrl 0.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("quizapp")
        self.resize(960, 720)
        self.setMinimumSize(640, 480)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.start_screen = StartScreen(context)
        self.stack.addWidget(self.start_screen)
        self.start_screen.quiz_started.connect(self.show_quiz)
        self.start_screen.history_requested.connect(self.show_history)
        self.start_screen.progress_requested.connect(self.show_progress)
        self.start_screen.manage_requested.connect(self.show_pack_manager)
        self.start_screen.report_requested.connect(self.show_class_report)
        self.start_screen.code_made.connect(self.show_class_code)
        self._class_report: ClassReportScreen | None = None
        self.code_dialog: ClassCodeDialog | None = None
        self._quiz: QuizScreen | None = None
        self._results: ResultsScreen | None = None
        self._history: HistoryScreen | None = None
        self._editor: EditorScreen | None = None
        self._packs: PackManagerScreen | None = None
        self._progress: ProgressScreen | None = None
        self.setAcceptDrops(True)
        self._reviewing = False
        self.zoom_in_action = self._action("Zoom in", QKeySequence.StandardKey.ZoomIn, 1)
        self.zoom_out_action = self._action("Zoom out", QKeySequence.StandardKey.ZoomOut, -1)
        self.zoom_reset_action = self._action("Actual size", QKeySequence("Ctrl+0"), 0)
        # Ctrl+= is where "+" lives on many keyboards.
        self.zoom_in_action.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")]
        )

    def _action(
        self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey, step: int
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcut(shortcut)
        action.triggered.connect(lambda: self.set_zoom(theme.next_zoom(theme.current_zoom(), step)))
        self.addAction(action)
        return action

    def set_zoom(self, zoom: float) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.set_zoom(app, zoom)

    # -- screens, built (and imported) on first use, to keep start-up short ------------------------
    @property
    def quiz_screen(self) -> QuizScreen:
        if self._quiz is None:
            from quizapp.ui.screens.quiz_screen import QuizScreen

            self._quiz = QuizScreen(self.context)
            self.stack.addWidget(self._quiz)
            self._quiz.finished.connect(self.show_results)
            self._quiz.left.connect(self.show_start)
        return self._quiz

    @property
    def results_screen(self) -> ResultsScreen:
        if self._results is None:
            from quizapp.ui.screens.results_screen import ResultsScreen

            self._results = ResultsScreen(self.context)
            self.stack.addWidget(self._results)
            self._results.retry_requested.connect(self.retry)
            self._results.new_quiz_requested.connect(self._back_from_results)
            self._results.history_requested.connect(self.show_history)
        return self._results

    @property
    def history_screen(self) -> HistoryScreen:
        if self._history is None:
            from quizapp.ui.screens.history_screen import HistoryScreen

            self._history = HistoryScreen(self.context)
            self.stack.addWidget(self._history)
            self._history.review_requested.connect(self.show_review)
            self._history.back_requested.connect(self.show_start)
        return self._history

    @property
    def progress_screen(self) -> ProgressScreen:
        if self._progress is None:
            from quizapp.ui.screens.progress_screen import ProgressScreen

            self._progress = ProgressScreen(self.context)
            self.stack.addWidget(self._progress)
            self._progress.back_requested.connect(self.show_start)
        return self._progress

    @property
    def pack_manager(self) -> PackManagerScreen:
        if self._packs is None:
            from quizapp.ui.screens.pack_manager import PackManagerScreen

            self._packs = PackManagerScreen(self.context)
            self.stack.addWidget(self._packs)
            self._packs.back_requested.connect(self.show_start)
            self._packs.edit_requested.connect(self.edit_pack)
            self._packs.new_pack_requested.connect(self.new_pack)
        return self._packs

    @property
    def editor_screen(self) -> EditorScreen:
        if self._editor is None:
            from quizapp.ui.screens.editor_screen import EditorScreen

            self._editor = EditorScreen(self.context)
            self.stack.addWidget(self._editor)
            self._editor.closed.connect(self._after_editor)
        return self._editor

    # -- routes ----------------------------------------------------------------------------------
    def show_pack_manager(self) -> None:
        self.pack_manager.refresh()
        self.stack.setCurrentWidget(self.pack_manager)
        self.pack_manager.focus_default()

    def edit_pack(self, pack_id: str) -> None:
        from quizapp.services import editor

        try:
            draft = editor.open_pack(self.context.bank, pack_id)
        except ServiceError as e:
            ErrorMessage.show(self, "quizapp cannot open the pack", str(e))
            return
        self.show_editor(draft)

    def new_pack(self) -> None:
        from quizapp.services import editor

        self.show_editor(editor.new_pack())

    def show_editor(self, draft: Draft) -> None:
        # The editor shows three panes side by side: give it room if the screen has it.
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None and self.width() < 1200 and not self.isMaximized():
            width = max(self.width(), min(1280, screen.width()))
            height = max(self.height(), min(800, screen.height()))
            self.resize(width, height)
        self.stack.setCurrentWidget(self.editor_screen)
        self.editor_screen.open_draft(draft)
        self.editor_screen.tree.setFocus()

    def _after_editor(self) -> None:
        self.show_pack_manager()

    # -- dropping pack files anywhere on the window imports them ---------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if not paths:
            return
        event.acceptProposedAction()
        self.show_pack_manager()
        self.pack_manager.import_paths(paths)

    @property
    def class_report_screen(self) -> ClassReportScreen:
        if self._class_report is None:
            from quizapp.ui.screens.class_report_screen import ClassReportScreen

            self._class_report = ClassReportScreen(self.context)
            self._class_report.back_requested.connect(self.show_start)
            self.stack.addWidget(self._class_report)
        return self._class_report

    def show_class_report(self) -> None:
        self.class_report_screen.refresh()
        self.stack.setCurrentWidget(self.class_report_screen)
        self.class_report_screen.folder_button.setFocus()

    def show_class_code(self, code: str, description: str) -> None:
        from quizapp.ui.dialogs.class_code import ClassCodeDialog

        self.code_dialog = ClassCodeDialog(code, description, self)
        self.code_dialog.open()

    def show_start(self) -> None:
        if self._class_report is not None:
            self._class_report.stop()
        self.start_screen.refresh(self.start_screen.learner() or None)
        self.stack.setCurrentWidget(self.start_screen)
        self.start_screen.focus_default()

    def show_quiz(self, session: QuizSession) -> None:
        self.stack.setCurrentWidget(self.quiz_screen)
        self.quiz_screen.begin(session)

    def show_results(self, results: QuizResults) -> None:
        self._reviewing = False
        self.results_screen.show_results(results)
        self.stack.setCurrentWidget(self.results_screen)

    def show_review(self, results: QuizResults) -> None:
        self._reviewing = True
        self.results_screen.show_results(results, reviewing=True)
        self.stack.setCurrentWidget(self.results_screen)

    def show_history(self) -> None:
        self.history_screen.refresh(self.start_screen.learner() or None)
        self.stack.setCurrentWidget(self.history_screen)
        self.history_screen.table.setFocus()

    def show_progress(self) -> None:
        learner = self.start_screen.learner()
        if not learner.strip():
            self.start_screen.info_label.setText("Type your name first: progress is a learner's.")
            self.start_screen.learner_box.setFocus()
            return
        self.progress_screen.refresh(learner, self.start_screen.selected_pack_id())
        self.stack.setCurrentWidget(self.progress_screen)
        self.progress_screen.pack_box.setFocus()

    def _back_from_results(self) -> None:
        if self._reviewing:
            self.show_history()
        else:
            self.show_start()

    def retry(self, results: QuizResults) -> None:
        try:
            session = QuizSession.retry(self.context.bank, results, clock=self.context.clock)
        except ServiceError:
            self.show_start()
            return
        self.show_quiz(session)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Answers are committed as they are given; closing mid-quiz loses nothing.
        if self._quiz is not None:
            self._quiz.timer.stop()
        if self._progress is not None:
            self._progress.stop()
        if self._packs is not None:
            self._packs.shutdown()  # a running import is cancelled and rolled back
        super().closeEvent(event)
