"""The start screen: who is learning, which pack, and how the quiz should go."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.marking import Marking, Navigation
from quizapp.core.quiz import Mode
from quizapp.core.summaries import AttemptSummary, BankAccess
from quizapp.core.words import plural
from quizapp.services import ServiceError
from quizapp.services import quiz as quiz_service
from quizapp.services.quiz import QuizRequest, QuizSession
from quizapp.ui import theme
from quizapp.ui.context import AppContext
from quizapp.ui.models.pack_table import PackTableModel
from quizapp.ui.render import duration

if TYPE_CHECKING:
    from quizapp.services.classroom import CodeRequest, JoinPlan


class LazyComboBox(QComboBox):
    """A combo box that asks for its items only when the user first reaches it.

    Attributes:
        loader: called (once per ``reset``) before the list is shown or focused.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loader: Callable[[], None] | None = None
        self.loaded = False

    def reset(self, loader: Callable[[], None]) -> None:
        self.loader = loader
        self.loaded = False

    def ensure_loaded(self) -> None:
        if not self.loaded and self.loader is not None:
            self.loaded = True
            self.loader()

    def showPopup(self) -> None:
        self.ensure_loaded()
        super().showPopup()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.ensure_loaded()
        super().focusInEvent(event)


def _name(widget: QWidget, name: str, accessible: str) -> None:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)


class StartScreen(QWidget):
    """Choose a learner, a pack and the quiz's options, then start (or resume, or review).

    Attributes:
        learner_box: the learner's name (editable; remembered learners in the list).
        pack_table: the packs with question counts and this learner's best/last score.
        practice_radio, exam_radio, study_radio: the mode (Study: the scheduler chooses).
        progress_button: "My progress" (how well each fact is known, charts, study settings).
        count_spin: number of questions; all_check: every question.
        filter_box: limit to a fact or tag.
        shuffle_check: shuffle questions' choices.
        time_limit_spin: minutes for an exam (0: none).
        start_button, mistakes_button, history_button, packs_button: actions.
        resume_banner, resume_label, resume_button, discard_button: an unfinished quiz.
        info_label: how many questions the quiz will have, or why it cannot start.
        empty_label: shown when the bank has no packs.
        code_edit, join_button: "Join with a code": the class code a teacher gave.
        code_label: what the code starts, or why it cannot (a typo, a missing pack).
        make_code_button: "Make a class code…" from the pack and options chosen here.
        report_button: "Class report…" (hand-ins, or a school bank's attempts).

    Signals:
        quiz_started(QuizSession): a quiz began (new, resumed or a review of mistakes).
        history_requested(): the learner wants the history screen.
        progress_requested(): the learner wants the progress screen (study).
        manage_requested(): a teacher wants the pack manager (import, edit, export).
        report_requested(): a teacher wants the class report.
        code_made(str, str): a class code and what it starts (the window shows it).
    """

    quiz_started = Signal(object)
    history_requested = Signal()
    progress_requested = Signal()
    manage_requested = Signal()
    report_requested = Signal()
    code_made = Signal(str, str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._unfinished_id: int | None = None
        self._available = 0
        self._seed: int | None = None

        self.heading = QLabel("quizapp")
        self.heading.setObjectName("heading")
        theme.emphasize(self.heading, 1.8, bold=True)
        self.tagline = QLabel("Every answer comes with its sources.")
        self.tagline.setProperty("role", "muted")

        self.learner_box = QComboBox()
        self.learner_box.setEditable(True)
        self.learner_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.learner_edit = self.learner_box.lineEdit()
        assert self.learner_edit is not None
        self.learner_edit.setObjectName("learner_edit")
        self.learner_edit.setAccessibleName("Learner name")
        self.learner_edit.setPlaceholderText("Type your name")
        self.learner_edit.setMaxLength(quiz_service.MAX_NAME)
        self.learner_box.setMinimumWidth(240)
        _name(self.learner_box, "learner_box", "Learner name")
        self.signed_in_label = QLabel()
        self.signed_in_label.setObjectName("signed_in_label")
        self.signed_in_label.setProperty("role", "muted")
        self.signed_in_label.hide()
        self.history_button = QPushButton("&History")
        _name(self.history_button, "history_button", "History of quizzes")
        self.packs_button = QPushButton("Pack mana&ger")
        _name(self.packs_button, "packs_button", "Pack manager: import, edit, export packs")
        self.report_button = QPushButton("Class rep&ort…")
        _name(self.report_button, "report_button", "Class report from hand-ins")
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("Class code, like NATO-7KQ3-PX9M-2RTB")
        self.code_edit.setMaxLength(80)
        _name(self.code_edit, "code_edit", "Class code")
        self.join_button = QPushButton("&Join with a code")
        _name(self.join_button, "join_button", "Join with a code")
        self.code_label = QLabel()
        self.code_label.setObjectName("code_label")
        self.code_label.setWordWrap(True)
        self.code_label.hide()
        self.make_code_button = QPushButton("Make a class &code…")
        _name(self.make_code_button, "make_code_button", "Make a class code for these settings")

        self.resume_banner = QFrame()
        self.resume_banner.setProperty("role", "banner")
        self.resume_label = QLabel()
        self.resume_label.setWordWrap(True)
        self.resume_button = QPushButton("&Resume")
        _name(self.resume_button, "resume_button", "Resume the unfinished quiz")
        self.discard_button = QPushButton("&Discard")
        _name(self.discard_button, "discard_button", "Discard the unfinished quiz")
        banner = QHBoxLayout(self.resume_banner)
        banner.addWidget(self.resume_label, 1)
        banner.addWidget(self.resume_button)
        banner.addWidget(self.discard_button)
        self.resume_banner.hide()

        self.model = PackTableModel(self)
        self.pack_table = QTableView()
        _name(self.pack_table, "pack_table", "Question packs")
        self.pack_table.setModel(self.model)
        self.pack_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.pack_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.pack_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.pack_table.verticalHeader().hide()
        self.pack_table.setAlternatingRowColors(True)
        header = self.pack_table.horizontalHeader()
        header.setSectionResizeMode(PackTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (
            PackTableModel.QUESTIONS, PackTableModel.STUDY, PackTableModel.BEST, PackTableModel.LAST
        ):  # fmt: skip
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("empty_label")
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()

        self.practice_radio = QRadioButton("&Practice — see the answer and why after each question")
        _name(self.practice_radio, "practice_radio", "Practice mode")
        self.exam_radio = QRadioButton("&Exam — results only at the end")
        _name(self.exam_radio, "exam_radio", "Exam mode")
        self.study_radio = QRadioButton(
            "St&udy — the facts due now, then new ones: each comes back before you forget it"
        )
        _name(self.study_radio, "study_radio", "Study mode")
        self.practice_radio.setChecked(True)
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.practice_radio)
        self.mode_group.addButton(self.exam_radio)
        self.mode_group.addButton(self.study_radio)
        self.progress_button = QPushButton("M&y progress")
        _name(self.progress_button, "progress_button", "My progress: how well I know each fact")
        self.count_spin = QSpinBox()
        self.count_spin.setRange(1, 10_000)
        self.count_spin.setValue(quiz_service.DEFAULT_COUNT)
        _name(self.count_spin, "count_spin", "Number of questions")
        self.all_check = QCheckBox("&All questions")
        _name(self.all_check, "all_check", "All questions")
        self.filter_box = LazyComboBox()
        _name(self.filter_box, "filter_box", "Limit to a fact or tag")
        self.shuffle_check = QCheckBox("Shu&ffle the choices")
        self.shuffle_check.setChecked(True)
        _name(self.shuffle_check, "shuffle_check", "Shuffle the choices")
        self.time_limit_spin = QSpinBox()
        self.time_limit_spin.setRange(0, 600)
        self.time_limit_spin.setSuffix(" min")
        self.time_limit_spin.setSpecialValueText("none")
        _name(self.time_limit_spin, "time_limit_spin", "Time limit in minutes (exam)")
        self.time_limit_spin.setEnabled(False)
        self.time_limit_spin.setMinimumWidth(110)
        self.marking_box = QComboBox()
        for marking in Marking:
            self.marking_box.addItem(marking.label, marking.value)
        _name(self.marking_box, "marking_box", "Marking scheme")
        self.marking_box.setToolTip(
            "Standard: 1 mark per right answer.\n"
            "Penalty: a wrong answer costs 1/(n-1) of a mark (true/false: 1), so blind guessing "
            "scores 0 on average.\n"
            "Certainty-based: after each answer say how sure you are, 1, 2 or 3: right earns "
            "1, 2 or 3, wrong 0, -2 or -6."
        )
        self.navigation_box = QComboBox()
        self.navigation_box.addItem("Free: any question, in any order", Navigation.FREE.value)
        self.navigation_box.addItem(
            "Sequential: forward only, no going back", Navigation.SEQUENTIAL.value
        )
        _name(self.navigation_box, "navigation_box", "Exam navigation")
        self.navigation_box.setEnabled(False)
        self.count_spin.setMinimumWidth(90)

        options = QGroupBox("Quiz")
        form = QFormLayout(options)
        mode_row = QVBoxLayout()
        mode_row.addWidget(self.practice_radio)
        mode_row.addWidget(self.exam_radio)
        mode_row.addWidget(self.study_radio)
        form.addRow("Mode:", mode_row)
        count_row = QHBoxLayout()
        count_row.addWidget(self.count_spin)
        count_row.addWidget(self.all_check)
        count_row.addStretch(1)
        count_label = QLabel("&Questions:")
        count_label.setBuddy(self.count_spin)
        form.addRow(count_label, count_row)
        form.addRow("&Limit to:", self.filter_box)
        form.addRow("", self.shuffle_check)
        limit_row = QHBoxLayout()
        limit_row.addWidget(self.time_limit_spin)
        limit_row.addWidget(QLabel("(exam only)"))
        limit_row.addStretch(1)
        limit_label = QLabel("&Time limit:")
        limit_label.setBuddy(self.time_limit_spin)
        form.addRow(limit_label, limit_row)
        marking_label = QLabel("Mar&king:")
        marking_label.setBuddy(self.marking_box)
        form.addRow(marking_label, self.marking_box)
        navigation_label = QLabel("Na&vigation:")
        navigation_label.setBuddy(self.navigation_box)
        form.addRow(navigation_label, self.navigation_box)

        self.info_label = QLabel()
        self.info_label.setObjectName("info_label")
        self.info_label.setWordWrap(True)
        self.mistakes_button = QPushButton("Review my &mistakes")
        _name(self.mistakes_button, "mistakes_button", "Review my mistakes")
        self.start_button = QPushButton("&Start quiz")
        self.start_button.setProperty("role", "primary")
        self.start_button.setDefault(True)
        _name(self.start_button, "start_button", "Start quiz")

        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.heading)
        titles.addWidget(self.tagline)
        top.addLayout(titles, 1)
        learner_form = QFormLayout()
        learner_form.addRow("Your &name:", self.learner_box)
        learner_form.addRow(self.signed_in_label)
        top.addLayout(learner_form)
        top.addWidget(self.history_button)
        top.addWidget(self.progress_button)
        top.addWidget(self.packs_button)
        top.addWidget(self.report_button)
        join_row = QHBoxLayout()
        code_title = QLabel("Have a class code?")
        code_title.setBuddy(self.code_edit)
        join_row.addWidget(code_title)
        join_row.addWidget(self.code_edit, 1)
        join_row.addWidget(self.join_button)
        actions = QHBoxLayout()
        actions.addWidget(self.info_label, 1)
        actions.addWidget(self.make_code_button)
        actions.addWidget(self.mistakes_button)
        actions.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(join_row)
        layout.addWidget(self.code_label)
        layout.addWidget(self.resume_banner)
        layout.addWidget(self.pack_table, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(options)
        layout.addLayout(actions)

        self.pack_table.selectionModel().currentRowChanged.connect(self._on_pack_changed)
        self.exam_radio.toggled.connect(self.time_limit_spin.setEnabled)
        self.exam_radio.toggled.connect(self.navigation_box.setEnabled)
        self.study_radio.toggled.connect(self._on_study_toggled)
        self.all_check.toggled.connect(
            lambda on: self.count_spin.setEnabled(not on and not self.study_radio.isChecked())
        )
        self.all_check.toggled.connect(self._update_info)
        self.count_spin.valueChanged.connect(self._update_info)
        self.filter_box.currentIndexChanged.connect(self._on_filter_changed)
        self.learner_edit.editingFinished.connect(self._on_learner_changed)
        self.learner_box.activated.connect(self._on_learner_changed)
        self.start_button.clicked.connect(self.start)
        self.pack_table.activated.connect(self.start)
        self.mistakes_button.clicked.connect(self.review_mistakes)
        self.resume_button.clicked.connect(self.resume)
        self.discard_button.clicked.connect(self.discard)
        self.history_button.clicked.connect(self.history_requested)
        self.progress_button.clicked.connect(self.progress_requested)
        self.packs_button.clicked.connect(self.manage_requested)
        self.report_button.clicked.connect(self.report_requested)
        self.join_button.clicked.connect(self.join_with_code)
        self.make_code_button.clicked.connect(self.make_class_code)
        self.code_edit.installEventFilter(self)  # Enter in the code box joins, never starts
        self._join_pending = False
        self._plan: JoinPlan | None = None  # what the typed code starts, once read
        self._learner_shown = ""
        self.preparing = False
        self._start_when_ready = False

    # -- showing -------------------------------------------------------------------------------
    def refresh(self, learner: str | None = None, preparing: bool | None = None) -> None:
        """Reload packs, learners and the learner's record from the bank.

        ``preparing``: the bank is still being prepared (None: as it was).
        """
        if preparing is None:
            preparing = self.preparing
        selected = self.selected_pack_id()
        data = quiz_service.start_screen(self.context.bank, learner, self.context.clock)
        self._learner_shown = data.learner
        self.learner_box.blockSignals(True)
        self.learner_box.clear()
        self.learner_box.addItems(data.learners)
        self.learner_box.setEditText(data.learner)
        self.learner_box.blockSignals(False)
        self._show_access(data)
        self.model.set_rows(data.packs, data.stats, data.study)
        has_packs = bool(data.packs)
        self.pack_table.setVisible(has_packs)
        self.empty_label.setVisible(not has_packs)
        self.preparing = preparing
        if preparing:
            self.empty_label.setText("Preparing the bundled question packs…")
        else:
            self.empty_label.setText(
                "There are no question packs in the bank yet. Open the Pack manager (Alt+G) to "
                "import one (TOML, GIFT, Aiken, CSV or .quizpack) or to write a new one, drop a "
                "pack file on this window, or run:  quizapp pack import FILE"
            )
        row = max(self.model.row_of(selected or ""), 0) if has_packs else -1
        self.select_pack_row(row)
        self._show_unfinished(data.unfinished)
        if preparing:
            self.info_label.setText(
                "Preparing the question bank (a second or so). Type your name: Enter starts the "
                "quiz as soon as it is ready."
            )

    def _show_access(self, data: quiz_service.StartScreen) -> None:
        """On a school bank the name is the login's, and only teachers manage packs."""
        self.learner_box.setEnabled(not data.learner_fixed)
        self.signed_in_label.setVisible(data.learner_fixed)
        if data.learner_fixed:
            text = f"Signed in to the school's bank as {data.learner}."
            self.signed_in_label.setText(text)
            self.learner_box.setToolTip(text)
        learner = data.access is BankAccess.LEARNER
        self.packs_button.setEnabled(not learner)
        self.make_code_button.setEnabled(not learner)
        self.report_button.setEnabled(not learner)
        self.packs_button.setToolTip(
            "On the school's bank, teachers manage the packs." if learner else ""
        )

    def select_pack_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        selection = self.pack_table.selectionModel()
        selection.blockSignals(True)
        selection.setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        selection.blockSignals(False)
        self.pack_table.viewport().update()
        self._on_pack_changed()

    def _show_unfinished(self, attempt: AttemptSummary | None) -> None:
        if attempt is None:
            self._unfinished_id = None
            self.resume_banner.hide()
            return
        self._unfinished_id = attempt.id
        self.resume_label.setText(
            f"<b>Unfinished quiz:</b> {attempt.pack_title} ({attempt.mode}), "
            f"{attempt.answered} of {attempt.total} answered, "
            f"{duration(attempt.seconds)} so far."
        )
        self.resume_banner.show()

    def selected_pack_id(self) -> str | None:
        index = self.pack_table.selectionModel().currentIndex()
        if not index.isValid() or self.model.rowCount() == 0:
            return None
        return self.model.pack_at(index.row()).id

    def _on_pack_changed(self, *_: object) -> None:
        # The pack's facts and tags are read only when the learner opens the filter.
        self.filter_box.blockSignals(True)
        self.filter_box.clear()
        self.filter_box.addItem("All questions", None)
        self.filter_box.blockSignals(False)
        self.filter_box.reset(self._load_filter_options)
        self._on_filter_changed()

    def _load_filter_options(self) -> None:
        pack_id = self.selected_pack_id()
        if pack_id is None:
            return
        self.filter_box.blockSignals(True)
        for option in quiz_service.filter_options(self.context.bank, pack_id):
            label = option.label if len(option.label) <= 70 else option.label[:67] + "…"
            prefix = "Fact" if option.kind == "fact" else "Tag"
            self.filter_box.addItem(
                f"{prefix}: {label} ({option.questions})", (option.kind, option.value)
            )
        self.filter_box.blockSignals(False)

    def _filter(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        data = self.filter_box.currentData()
        if not data:
            return (), ()
        kind, value = data
        return ((value,), ()) if kind == "tag" else ((), (value,))

    def _on_filter_changed(self, *_: object) -> None:
        index = self.pack_table.selectionModel().currentIndex()
        pack = (
            self.model.pack_at(index.row()) if index.isValid() and self.model.rowCount() else None
        )
        tags, facts = self._filter()
        if pack is None:
            self._available = 0
        elif tags or facts:
            self._available = quiz_service.available_questions(
                self.context.bank, pack.id, tags, facts
            )
        else:
            self._available = pack.questions
        self._update_info()

    def _on_study_toggled(self, on: bool) -> None:
        """Study: the scheduler chooses the facts, so count, filter and time limit do not apply."""
        for widget in (self.count_spin, self.all_check, self.filter_box, self.shuffle_check):
            widget.setEnabled(not on)
        if not on:
            self.count_spin.setEnabled(not self.all_check.isChecked())
        self.start_button.setText("&Start studying" if on else "&Start quiz")
        self._update_info()

    def _update_info(self, *_: object) -> None:
        pack_id = self.selected_pack_id()
        ready = pack_id is not None and self._available > 0
        study = self.study_radio.isChecked()
        self.start_button.setEnabled(ready)
        self.make_code_button.setEnabled(ready and self.packs_button.isEnabled() and not study)
        if pack_id is None:
            self.info_label.setText("Choose a pack." if self.model.rowCount() else "")
            return
        if study:
            figures = self.model.study_of(pack_id)
            if figures.due_now or figures.new:
                self.info_label.setText(
                    f"Study: {plural(figures.due_now, 'fact')} due now and {figures.new} new today."
                )
            else:
                later = f" ({figures.due_today} later today)" if figures.due_today else ""
                self.info_label.setText(
                    f"Nothing to study in this pack right now{later}: well done. Raise the daily "
                    "limit of new facts in My progress to learn more today."
                )
                self.start_button.setEnabled(False)
            return
        if self._available == 0:
            self.info_label.setText("No questions match this choice.")
            return
        asked = self._available if self.all_check.isChecked() else self.count_spin.value()
        if asked > self._available:
            self.info_label.setText(
                f"Only {self._available} question{'s' if self._available != 1 else ''} "
                f"available, so the quiz will have {self._available}."
            )
        else:
            self.info_label.setText(f"{asked} of {self._available} questions.")

    def _on_learner_changed(self, *_: object) -> None:
        name = " ".join(self.learner_box.currentText().split())
        if name and name != self._learner_shown:
            try:
                quiz_service.remember_learner(self.context.bank, name)
            except ServiceError:
                return
            self.refresh(name)

    def learner(self) -> str:
        return self.learner_box.currentText()

    def request(self) -> QuizRequest | None:
        pack_id = self.selected_pack_id()
        if pack_id is None:
            return None
        tags, facts = self._filter()
        exam = self.exam_radio.isChecked()
        mode = Mode.EXAM if exam else Mode.STUDY if self.study_radio.isChecked() else Mode.PRACTICE
        return QuizRequest(
            pack_id=pack_id,
            learner=self.learner(),
            mode=mode,
            count=None if self.all_check.isChecked() else self.count_spin.value(),
            tags=tags,
            facts=facts,
            shuffle=self.shuffle_check.isChecked(),
            time_limit_minutes=(self.time_limit_spin.value() or None) if exam else None,
            seed=self._seed,
            marking=Marking(self.marking_box.currentData()),
            navigation=Navigation(self.navigation_box.currentData()) if exam else Navigation.FREE,
        )

    def prefill(self, request: QuizRequest) -> None:
        """Set the pack and options from ``request`` (a teacher's `quizapp start` command)."""
        row = self.model.row_of(request.pack_id)
        if row >= 0:
            self.select_pack_row(row)
        radio = {Mode.EXAM: self.exam_radio, Mode.STUDY: self.study_radio}
        radio.get(request.mode, self.practice_radio).setChecked(True)
        self.all_check.setChecked(request.count is None)
        if request.count is not None:
            self.count_spin.setValue(request.count)
        self.shuffle_check.setChecked(request.shuffle)
        if request.time_limit_minutes:
            self.time_limit_spin.setValue(max(1, round(request.time_limit_minutes)))
        self.marking_box.setCurrentIndex(self.marking_box.findData(request.marking.value))
        self.navigation_box.setCurrentIndex(self.navigation_box.findData(request.navigation.value))
        self._seed = request.seed

    # -- actions -------------------------------------------------------------------------------
    def _fail(self, error: ServiceError) -> None:
        message = str(error)
        self.info_label.setText(message[:1].upper() + message[1:] + ".")
        if "name" in message:
            self.learner_box.setFocus()

    def bank_ready(self) -> None:
        """The bank is prepared: show the packs, and start the quiz if Enter was pressed."""
        self.refresh(self.learner() or None, preparing=False)
        if self._join_pending and self.code_edit.text().strip():
            self.join_with_code()
        elif self._start_when_ready:
            self._start_when_ready = False
            self.start()
        else:
            self.focus_default()

    def start(self) -> None:
        if self.preparing:
            self._start_when_ready = True
            self.info_label.setText("Starting as soon as the question bank is ready…")
            return
        request = self.request()
        if request is None:
            return
        try:
            session = QuizSession.start(self.context.bank, request, self.context.clock)
        except ServiceError as e:
            self._fail(e)
            return
        self.quiz_started.emit(session)

    # -- class codes -----------------------------------------------------------------------------
    def prefill_code(self, code: str) -> None:
        """A learner joins ``code`` once they have typed their name (Enter joins)."""
        self.code_edit.setText(code)
        self._join_pending = True
        self._show_code_plan()
        self.learner_box.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_code_plan(self) -> bool:
        """Say what the typed code starts, or why it cannot; True if it can be joined."""
        from quizapp.services import classroom  # loaded when a code is first typed

        text = self.code_edit.text().strip()
        self.code_label.setVisible(bool(text))
        if not text:
            return False
        self._plan = None
        try:
            found = classroom.plan(self.context.bank, text)
        except ServiceError as e:
            self.code_label.setText(str(e))
            self.code_label.setAccessibleName(str(e))
            theme.announce(self.code_label, str(e))
            return False
        self.code_label.setText(f"{found.code}: {found.description}")
        self._plan = found  # joining starts it without reading the pack again
        return True

    def join_with_code(self) -> None:
        """Join the quiz the class code stands for, as the learner named above."""
        if self.preparing:
            self.code_label.setText("Joining as soon as the question bank is ready…")
            self.code_label.show()
            self._join_pending = True
            return
        if not self.code_edit.text().strip():
            self.code_label.setText("Type the class code your teacher gave you.")
            self.code_label.show()
            self.code_edit.setFocus()
            return
        if not self._show_code_plan():
            self.code_edit.setFocus()
            return
        if not self.learner().strip():
            self.code_label.setText(self.code_label.text() + " — type your name, then Enter.")
            self._join_pending = True
            self.learner_box.setFocus()
            return
        from quizapp.services import classroom

        try:
            assert self._plan is not None
            session = classroom.start(
                self.context.bank, self._plan, self.learner(), self.context.clock
            )
        except ServiceError as e:
            self.code_label.setText(str(e)[:1].upper() + str(e)[1:])
            return
        self._join_pending = False
        self.code_edit.clear()
        self.code_label.hide()
        self.quiz_started.emit(session)

    def code_request(self) -> CodeRequest | None:
        """The class quiz the options on this screen describe."""
        from quizapp.services.classroom import CodeRequest

        request = self.request()
        if request is None:
            return None
        minutes = request.time_limit_minutes
        return CodeRequest(
            pack_id=request.pack_id,
            mode=request.mode,
            count=request.count,
            tags=request.tags,
            facts=request.facts,
            time_limit_minutes=round(minutes) if minutes else None,
            marking=request.marking,
            navigation=request.navigation,
        )

    def make_class_code(self) -> None:
        from quizapp.services import classroom

        request = self.code_request()
        if request is None:
            return
        try:
            code = classroom.make_code(self.context.bank, request)
            found = classroom.plan(self.context.bank, code)
        except ServiceError as e:
            self._fail(e)
            return
        self.code_made.emit(code, found.description)

    def review_mistakes(self) -> None:
        try:
            session = QuizSession.mistakes(
                self.context.bank, self.learner(), self.selected_pack_id(), clock=self.context.clock
            )
        except ServiceError as e:
            self._fail(e)
            return
        self.quiz_started.emit(session)

    def resume(self) -> None:
        if self._unfinished_id is None:
            return
        try:
            session = QuizSession.resume(self.context.bank, self._unfinished_id, self.context.clock)
        except ServiceError as e:
            self._fail(e)
            return
        self.quiz_started.emit(session)

    def discard(self) -> None:
        if self._unfinished_id is None:
            return
        quiz_service.discard(self.context.bank, self._unfinished_id, self.context.clock)
        self.refresh(self.learner())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.code_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._on_learner_changed()
            self.join_with_code()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter anywhere on the screen (the name box, the options) starts the quiz.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._join_pending and self.code_edit.text().strip():
                self._on_learner_changed()
                self.join_with_code()
                return
            if self.preparing:
                self.start()
                return
            self._on_learner_changed()
            if self.start_button.isEnabled():
                self.start()
            return
        super().keyPressEvent(event)

    def focus_default(self) -> None:
        (self.learner_box if not self.learner().strip() else self.pack_table).setFocus(
            Qt.FocusReason.OtherFocusReason
        )
