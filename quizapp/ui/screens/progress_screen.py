"""My progress: how well each fact is known now, reviews, the forecast, accuracy, calibration,
and the study settings (retention, new facts per day, Optimise my schedule)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.study import (
    KNOWN_WELL,
    MAX_NEW_PER_DAY,
    MAX_RETENTION,
    MIN_RETENTION,
    OPTIMISE_MIN_REVIEWS,
    Known,
    Progress,
)
from quizapp.core.words import plural
from quizapp.services import BankError, ServiceError, open_bank, study
from quizapp.services import packs as pack_service
from quizapp.ui import theme
from quizapp.ui.context import AppContext
from quizapp.ui.widgets.calibration_chart import CalibrationChart
from quizapp.ui.widgets.progress_charts import AccuracyChart, DayBarChart, RetrievabilityBars

ALL = "All packs"


def _name(widget: QWidget, name: str, accessible: str) -> None:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)


def summary(progress: Progress) -> str:
    """One plain sentence of where the learner is."""
    facts = progress.facts
    if not progress.total_reviews:
        if facts:
            return (
                f"{plural(len(facts), 'fact')} to learn. Choose Study on the start screen to begin."
            )
        return "Nothing studied yet. Choose Study on the start screen to begin."
    due = progress.forecast[0][1] if progress.forecast else 0
    text = f"{plural(progress.total_reviews, 'review')} so far; {plural(due, 'fact')} due today."
    if facts:
        known = Counter(Known.of(f.retrievability) for f in facts)
        fading = known[Known.FADING] + known[Known.WEAK]
        text = (
            f"Of {plural(len(facts), 'fact')}, you know {known[Known.WELL]:,} well "
            f"({KNOWN_WELL:.0%} or more), {fading:,} {'is' if fading == 1 else 'are'} fading and "
            f"{known[Known.NEW]:,} {'is' if known[Known.NEW] == 1 else 'are'} new. " + text
        )
    return text


class OptimiseWorker(QThread):
    """Runs **Optimise my schedule** (fsrs's optimizer, seconds to minutes) on its own bank
    connection, off the UI thread.

    Signals:
        done(str): a plain sentence: what was done, or why it could not be.
    """

    done = Signal(str)

    def __init__(self, bank_location: Any, learner: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.bank_location = bank_location
        self.learner = learner

    def run(self) -> None:
        try:
            bank = open_bank(self.bank_location)
            try:
                found = study.optimise(bank, self.learner)
            finally:
                bank.close()
        except (ServiceError, BankError) as e:
            self.done.emit(str(e)[:1].upper() + str(e)[1:])
            return
        except Exception as e:  # never a traceback: the optimizer is third-party code
            self.done.emit(f"Optimising failed: {e}")
            return
        self.done.emit(
            f"Optimised from {found.reviews} reviews: {found.cards} facts rescheduled with "
            "weights fitted to your own memory."
        )


class ProgressScreen(QWidget):
    """A learner's study progress, in charts (each with a text alternative) and settings.

    Attributes:
        pack_box: which pack (or all).
        summary_label: where the learner is, in one sentence.
        facts_chart: how well each fact of the pack is known now (FSRS retrievability).
        reviews_chart, forecast_chart: reviews per day (last 30), facts due (next 30).
        accuracy_chart: share of study answers right, per week.
        calibration_chart: how well certainty was judged (when it was used).
        text_check, text_view: every chart as plain text.
        retention_spin, new_spin, save_button: the study settings.
        optimise_button, optimise_label: Optimise my schedule, and what it needs.
        back_button: back to the start screen.

    Signals:
        back_requested()
    """

    back_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.learner = ""
        self.progress: Progress | None = None
        self.worker: OptimiseWorker | None = None
        heading = QLabel("My progress")
        theme.emphasize(heading, 1.6, bold=True)
        self.learner_label = QLabel()
        self.learner_label.setProperty("role", "muted")
        self.pack_box = QComboBox()
        _name(self.pack_box, "pack_box", "Pack")
        self.back_button = QPushButton("&Back")
        _name(self.back_button, "back_button", "Back to the start screen")
        self.summary_label = QLabel()
        self.summary_label.setObjectName("summary_label")
        self.summary_label.setWordWrap(True)

        self.facts_chart = RetrievabilityBars(name="facts_chart")
        self.facts_note = QLabel("Choose a pack to see how well you know each of its facts.")
        self.facts_note.setProperty("role", "muted")
        self.reviews_chart = DayBarChart(name="reviews_chart")
        self.forecast_chart = DayBarChart(name="forecast_chart")
        self.accuracy_chart = AccuracyChart(name="accuracy_chart")
        self.calibration_chart = CalibrationChart()
        self.calibration_title = QLabel("How well you judged your certainty")
        theme.emphasize(self.calibration_title, 1.1, bold=True)
        self.text_check = QCheckBox("Show as te&xt")
        _name(self.text_check, "text_check", "Show the charts as text")
        self.text_view = QPlainTextEdit()
        self.text_view.setReadOnly(True)
        _name(self.text_view, "text_view", "The charts as text")
        self.text_view.hide()

        self.retention_spin = QDoubleSpinBox()
        self.retention_spin.setRange(MIN_RETENTION * 100, MAX_RETENTION * 100)
        self.retention_spin.setDecimals(0)
        self.retention_spin.setSuffix(" %")
        _name(self.retention_spin, "retention_spin", "Desired retention in percent")
        self.retention_spin.setToolTip(
            "How sure you want to be of remembering a fact when it comes back. Higher means "
            "more reviews; 90 % is a good balance."
        )
        self.new_spin = QSpinBox()
        self.new_spin.setRange(0, MAX_NEW_PER_DAY)
        _name(self.new_spin, "new_spin", "New facts per day, per pack")
        self.save_button = QPushButton("Sa&ve settings")
        _name(self.save_button, "save_button", "Save the study settings")
        self.optimise_button = QPushButton("&Optimise my schedule")
        _name(self.optimise_button, "optimise_button", "Optimise my schedule")
        self.optimise_label = QLabel()
        self.optimise_label.setObjectName("optimise_label")
        self.optimise_label.setWordWrap(True)
        self.optimise_label.setProperty("role", "muted")
        self.settings_label = QLabel()
        self.settings_label.setObjectName("settings_label")

        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(heading)
        titles.addWidget(self.learner_label)
        top.addLayout(titles, 1)
        pack_label = QLabel("&Pack:")
        pack_label.setBuddy(self.pack_box)
        top.addWidget(pack_label)
        top.addWidget(self.pack_box)
        top.addWidget(self.back_button)

        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.summary_label)
        column.addWidget(self.text_check)
        column.addWidget(self.text_view)
        self.charts = QWidget()
        charts = QVBoxLayout(self.charts)
        charts.setContentsMargins(0, 0, 0, 0)
        for title, chart in (
            ("How well you know each fact now", self.facts_chart),
            ("Reviews per day, the last 30 days", self.reviews_chart),
            ("Facts due, the next 30 days", self.forecast_chart),
            ("Right answers per week", self.accuracy_chart),
        ):
            label = QLabel(title)
            theme.emphasize(label, 1.1, bold=True)
            charts.addWidget(label)
            if chart is self.facts_chart:
                charts.addWidget(self.facts_note)
            charts.addWidget(chart)
        charts.addWidget(self.calibration_title)
        charts.addWidget(self.calibration_chart)
        column.addWidget(self.charts)
        settings = QGroupBox("Study settings")
        form = QFormLayout(settings)
        retention_label = QLabel("Desired &retention:")
        retention_label.setBuddy(self.retention_spin)
        form.addRow(retention_label, self.retention_spin)
        new_label = QLabel("&New facts per day:")
        new_label.setBuddy(self.new_spin)
        form.addRow(new_label, self.new_spin)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.settings_label, 1)
        form.addRow(buttons)
        form.addRow(self.optimise_button, self.optimise_label)
        column.addWidget(settings)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)

        self.back_button.clicked.connect(self.back_requested)
        self.pack_box.currentIndexChanged.connect(lambda _: self.show_progress())
        self.text_check.toggled.connect(self._show_as_text)
        self.save_button.clicked.connect(self.save_settings)
        self.optimise_button.clicked.connect(self.optimise)

    # -- showing -------------------------------------------------------------------------------
    def refresh(self, learner: str, pack_id: str | None = None) -> None:
        """Show ``learner``'s progress on ``pack_id`` (None: all packs)."""
        self.learner = learner
        self.learner_label.setText(f"{learner}'s study" if learner.strip() else "")
        self.pack_box.blockSignals(True)
        self.pack_box.clear()
        self.pack_box.addItem(ALL, None)
        for pack in pack_service.list_packs(self.context.bank):
            self.pack_box.addItem(pack.title, pack.id)
        index = self.pack_box.findData(pack_id) if pack_id else 0
        self.pack_box.setCurrentIndex(max(index, 0))
        self.pack_box.blockSignals(False)
        try:
            kept = study.get_settings(self.context.bank, learner)
        except ServiceError:
            kept = None
        if kept is not None:
            self.retention_spin.setValue(round(kept.desired_retention * 100))
            self.new_spin.setValue(kept.new_per_day)
        self.settings_label.clear()
        self.show_progress()

    def show_progress(self) -> None:
        pack_id = self.pack_box.currentData()
        try:
            found = study.progress(self.context.bank, self.learner, pack_id, self.context.clock)
        except ServiceError as e:
            self.summary_label.setText(str(e)[:1].upper() + str(e)[1:] + ".")
            return
        self.progress = found
        today = found.forecast[0][0] if found.forecast else None
        self.summary_label.setText(summary(found))
        self.facts_chart.setVisible(pack_id is not None)
        self.facts_note.setVisible(pack_id is None)
        self.facts_chart.set_items([(f.text, f.retrievability) for f in found.facts])
        self.reviews_chart.set_days(
            list(found.reviews_per_day), "Reviews per day, the last 30 days", "review",
            today=today, empty_text="No reviews yet",
        )  # fmt: skip
        self.forecast_chart.set_days(
            list(found.forecast), "Facts due, the next 30 days", "fact due", today=today,
            empty_text="Nothing due in the next 30 days", many="facts due",
        )  # fmt: skip
        self.accuracy_chart.set_points(list(found.accuracy))
        has_certainty = bool(found.calibration)
        self.calibration_chart.setVisible(has_certainty)
        self.calibration_title.setVisible(has_certainty)
        if has_certainty:
            self.calibration_chart.set_rows(list(found.calibration))
        self._show_optimise(found)
        if self.text_check.isChecked():
            self._show_as_text(True)

    def text_alternative(self) -> str:
        """Every chart of the screen as plain text."""
        parts = [self.summary_label.text()]
        if self.pack_box.currentData() is not None:
            parts.append(self.facts_chart.text_alternative())
        parts += [
            self.reviews_chart.text_alternative(),
            self.forecast_chart.text_alternative(),
            self.accuracy_chart.text_alternative(),
        ]
        if self.progress is not None and self.progress.calibration:
            parts.append("\n".join(r.verdict for r in self.progress.calibration))
        return "\n\n".join(p for p in parts if p)

    def _show_as_text(self, on: bool) -> None:
        self.text_view.setVisible(on)
        self.charts.setVisible(not on)
        if on:
            self.text_view.setPlainText(self.text_alternative())

    def _show_optimise(self, found: Progress) -> None:
        running = self.worker is not None and self.worker.isRunning()
        enough = found.total_reviews >= OPTIMISE_MIN_REVIEWS
        self.optimise_button.setEnabled(enough and not running)
        if running:
            return
        if not enough:
            self.optimise_label.setText(
                f"Fits the schedule to your own memory once you have {OPTIMISE_MIN_REVIEWS} "
                f"reviews ({found.total_reviews} so far)."
            )
        elif not study.optimiser_installed():
            self.optimise_label.setText(study.OPTIMISER_MISSING)
        else:
            self.optimise_label.setText(
                f"Fits the schedule to your {found.total_reviews} reviews (takes a minute)."
            )

    # -- actions -------------------------------------------------------------------------------
    def save_settings(self) -> None:
        try:
            study.put_settings(
                self.context.bank, self.learner, self.retention_spin.value() / 100,
                self.new_spin.value(),
            )  # fmt: skip
        except ServiceError as e:
            self.settings_label.setText(str(e)[:1].upper() + str(e)[1:] + ".")
            return
        self.settings_label.setText("Saved: they apply from your next study session.")
        theme.announce(self.settings_label, self.settings_label.text())

    def optimise(self) -> None:
        if not study.optimiser_installed():
            self.optimise_label.setText(study.OPTIMISER_MISSING)
            theme.announce(self.optimise_label, study.OPTIMISER_MISSING)
            return
        self.optimise_button.setEnabled(False)
        self.optimise_label.setText("Optimising… you can go on studying meanwhile.")
        self.worker = OptimiseWorker(self.context.bank.location, self.learner, self)
        self.worker.done.connect(self._optimised)
        self.worker.start()

    def _optimised(self, message: str) -> None:
        # done is emitted at the end of run(): let the thread end before showing the result.
        if self.worker is not None:
            self.worker.wait()
            self.worker = None
        if self.isVisible():
            self.show_progress()
        self.optimise_button.setEnabled(True)
        self.optimise_label.setText(message)
        theme.announce(self.optimise_label, message)

    def stop(self) -> None:
        """Wait for a running optimisation (the window is closing)."""
        if self.worker is not None:
            self.worker.wait()
