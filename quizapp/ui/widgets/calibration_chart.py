"""How well a learner judged their certainty, drawn: each level's share right against its band."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from quizapp.core.marking import CERTAINTY_NAMES, CalibrationRow
from quizapp.ui.theme import colours


class CalibrationChart(QWidget):
    """One row per certainty level: a 0-100 % scale, the band in which that level pays best
    (shaded), and a marker at the share of answers that were right at that level.

    Attributes:
        rows: the calibration being drawn.
    """

    ROW = 34

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[CalibrationRow] = []
        self.setObjectName("calibration_chart")
        self.setAccessibleName("Calibration chart: how often you were right at each certainty")
        self.setMinimumHeight(self.ROW * 3 + 28)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: list[CalibrationRow]) -> None:
        self.rows = rows
        self.setAccessibleDescription(" ".join(r.verdict for r in rows))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        c = colours()
        text = self.palette().windowText().color()
        metrics = self.fontMetrics()
        label_width = (
            max(metrics.horizontalAdvance(f"{n}  {name}") for n, name in CERTAINTY_NAMES.items())
            + 16
        )
        note_width = metrics.horizontalAdvance("10 of 10 right (100%)") + 16
        left = float(label_width)
        width = max(self.width() - label_width - note_width, 60)
        for i, row in enumerate(self.rows):
            top = 4 + i * self.ROW
            middle = top + self.ROW / 2
            painter.setPen(text)
            painter.drawText(
                QRectF(0, top, label_width, self.ROW),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                f"{row.level}  {CERTAINTY_NAMES[row.level]}",
            )
            scale = QRectF(left, middle - 7, width, 14)
            painter.setPen(QPen(QColor(c.muted), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(scale)
            band = QRectF(
                left + row.band.low * width, scale.top(), (row.band.high - row.band.low) * width, 14
            )
            painter.fillRect(band, QColor(c.right_bg))
            share = row.share
            if share is None:
                note = "not used"
            else:
                colour = QColor(c.right if row.judgement == "good" else c.wrong)
                painter.setPen(QPen(colour.darker(120), 1))
                painter.setBrush(colour)
                painter.drawEllipse(QPointF(left + share * width, middle), 7, 7)
                note = f"{row.right} of {row.answers} right ({share:.0%})"
            painter.setPen(text)
            painter.drawText(
                QRectF(left + width + 12, top, note_width, self.ROW),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                note,
            )
        axis = 4 + len(self.rows) * self.ROW
        painter.setPen(QColor(c.muted))
        for percent in (0, 50, 67, 80, 100):
            x = left + percent / 100 * width
            painter.drawText(
                QRectF(x - 20, axis, 40, 18), Qt.AlignmentFlag.AlignCenter, f"{percent}%"
            )
        painter.end()
