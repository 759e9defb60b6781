"""A small line chart of scores over time, painted by hand (QtCharts is not in Essentials)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


class ScoreChart(QWidget):
    """Percent scores (0-100) of finished attempts in date order.

    Attributes:
        points: (when, percent) pairs being drawn.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[tuple[datetime, float]] = []
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setObjectName("score_chart")
        self.setAccessibleName("Chart of scores over time")

    def set_points(self, points: list[tuple[datetime, float]]) -> None:
        self.points = sorted(points)
        if self.points:
            first, last = self.points[0][1], self.points[-1][1]
            self.setAccessibleDescription(
                f"{len(self.points)} quizzes; first {first:.0f}%, latest {last:.0f}%, "
                f"best {max(p for _, p in self.points):.0f}%"
            )
        else:
            self.setAccessibleDescription("No finished quizzes yet")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.windowText().color()
        grid = QColor(text)
        grid.setAlpha(50)
        metrics = painter.fontMetrics()
        left = metrics.horizontalAdvance("100%") + 10
        area = QRectF(left, 10, self.width() - left - 12, self.height() - 20 - metrics.height())
        painter.setPen(QPen(grid, 1))
        for mark in (0, 50, 100):
            y = area.bottom() - area.height() * mark / 100
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, left - 6, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{mark}%",
            )
            painter.setPen(QPen(grid, 1))
        if not self.points:
            painter.setPen(text)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "No finished quizzes yet")
            return
        n = len(self.points)

        def at(i: int, pct: float) -> QPointF:
            x = area.left() + (area.width() * i / (n - 1) if n > 1 else area.width() / 2)
            return QPointF(x, area.bottom() - area.height() * pct / 100)

        line = QColor(palette.highlight().color())
        path = QPainterPath(at(0, self.points[0][1]))
        for i, (_, percent) in enumerate(self.points[1:], start=1):
            path.lineTo(at(i, percent))
        painter.setPen(QPen(line, 2))
        painter.drawPath(path)
        painter.setBrush(line)
        for i, (_, percent) in enumerate(self.points):
            painter.drawEllipse(at(i, percent), 3.5, 3.5)
        painter.setPen(text)
        painter.drawText(
            QRectF(area.left(), area.bottom() + 2, area.width(), metrics.height()),
            Qt.AlignmentFlag.AlignLeft,
            self.points[0][0].strftime("%Y-%m-%d"),
        )
        painter.drawText(
            QRectF(area.left(), area.bottom() + 2, area.width(), metrics.height()),
            Qt.AlignmentFlag.AlignRight,
            self.points[-1][0].strftime("%Y-%m-%d"),
        )
