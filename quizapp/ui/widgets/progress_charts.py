"""The progress screen's charts, painted with QPainter.

Why not a chart library: QtCharts comes only with PySide6-Addons (a second, much larger wheel
than the Essentials quizapp needs), and pyqtgraph needs numpy, which would be imported on the
way to the first screen. These three charts need bars, a line and labels; painting them keeps
quizapp's install and start time as they are (see docs/study.md for the figures).

Every chart follows the palette (light or dark) at paint time, shows a sentence when it has
nothing to show, names itself for a screen reader (accessibleName, and an accessibleDescription
that sums it up), tells the exact figure under the mouse in a tooltip, and gives its whole
content as plain text (``text_alternative``).
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import date

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from quizapp.core.study import Known
from quizapp.core.words import plural
from quizapp.ui.theme import colours, is_dark

PAD = 8.0


def nice_ticks(top: float, most: int = 4) -> list[float]:
    """0 and a few round steps (1, 2, 5 × 10ⁿ) up to at least ``top``."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(step, 1.0)
    count = math.ceil(top / step - 1e-9)
    return [i * step for i in range(count + 1)]


def day_text(day: date) -> str:
    """``Mon 2 Mar``: short, and without a leading zero."""
    return f"{day:%a} {day.day} {day:%b}"


def percent(r: float) -> str:
    """A retrievability in whole percent, rounded down: 89.96 % is shown as 89 %, not as the
    90 % that would put it among the facts known well."""
    return f"{math.floor(r * 100 + 1e-9)}%"


def _muted(widget: QWidget, alpha: int = 60) -> QColor:
    colour = QColor(widget.palette().windowText().color())
    colour.setAlpha(alpha)
    return colour


def _accent(widget: QWidget) -> QColor:
    return QColor(widget.palette().highlight().color())


class _Chart(QWidget):
    """What every chart shares: names, the empty sentence and tooltips from ``tip_at``."""

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.empty_text = "Nothing to show yet"

    def tip_at(self, pos: QPointF) -> str:  # pragma: no cover - overridden
        return ""

    def text_alternative(self) -> str:  # pragma: no cover - overridden
        return ""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.tip_at(QPointF(event.pos()))
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def _empty(self, painter: QPainter, area: QRectF) -> None:
        painter.setPen(_muted(self, 170))
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.empty_text)

    def _plot_area(self, y_labels: list[str]) -> QRectF:
        metrics = self.fontMetrics()
        left = max(metrics.horizontalAdvance(t) for t in y_labels) + 2 * PAD if y_labels else PAD
        return QRectF(
            left, PAD, self.width() - left - PAD, self.height() - 2 * PAD - metrics.height()
        )

    def _y_axis(
        self, painter: QPainter, area: QRectF, ticks: list[float], labels: list[str]
    ) -> None:
        metrics = self.fontMetrics()
        top = ticks[-1] or 1
        for tick, label in zip(ticks, labels, strict=True):
            y = area.bottom() - area.height() * tick / top
            painter.setPen(QPen(_muted(self, 45 if tick else 110), 1))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(_muted(self, 200))
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, area.left() - PAD, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )


class DayBarChart(_Chart):
    """One bar per day: reviews done (the last 30 days) or facts due (the next 30).

    Attributes:
        days: (day, count) pairs being drawn, in date order.
        title, unit: what the chart shows ("Reviews per day…", "reviews").
        today: the day drawn in the accent colour with its label, when it is among the days.
    """

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(name, "Bar chart", parent)
        self.days: list[tuple[date, int]] = []
        self.title = ""
        self.unit = ""
        self.many: str | None = None
        self.today: date | None = None
        self.setMinimumHeight(150)
        self.setMinimumWidth(240)

    def set_days(
        self,
        days: list[tuple[date, int]],
        title: str,
        unit: str,
        today: date | None = None,
        empty_text: str = "Nothing to show yet",
        many: str | None = None,
    ) -> None:
        """``unit`` counts one day's figure ("review"); ``many`` is its plural when it is
        not ``unit`` + s ("facts due")."""
        self.days = sorted(days)
        self.title, self.unit, self.many, self.today = title, unit, many, today
        self.empty_text = empty_text
        self.setAccessibleName(title)
        self.setAccessibleDescription(self.summary())
        self.update()

    def total(self) -> int:
        return sum(n for _, n in self.days)

    def summary(self) -> str:
        """One sentence: the total, and the busiest day."""
        total = self.total()
        if not total:
            return self.empty_text
        day, most = max(self.days, key=lambda d: (d[1], -d[0].toordinal()))
        return (
            f"{plural(total, self.unit, self.many)} over {len(self.days)} days; "
            f"the most, {most:,}, on {day_text(day)}."
        )

    def text_alternative(self) -> str:
        lines = [f"{self.title}: {self.summary()}"]
        lines += [f"  {day_text(d)}: {plural(n, self.unit, self.many)}" for d, n in self.days if n]
        return "\n".join(lines)

    def _bars(self) -> tuple[QRectF, list[float], list[QRectF]]:
        ticks = nice_ticks(max((n for _, n in self.days), default=0))
        area = self._plot_area([f"{t:,.0f}" for t in ticks])
        if not self.days:
            return area, ticks, []
        slot = area.width() / len(self.days)
        width = max(min(slot * 0.72, 28.0), 1.0)
        top = ticks[-1] or 1
        bars = []
        for i, (_, n) in enumerate(self.days):
            height = area.height() * n / top
            x = area.left() + slot * i + (slot - width) / 2
            bars.append(QRectF(x, area.bottom() - height, width, height))
        return area, ticks, bars

    def bar_at(self, pos: QPointF) -> int | None:
        """The index of the day whose column is under ``pos``."""
        area, _, bars = self._bars()
        if not bars or not area.left() <= pos.x() <= area.right():
            return None
        slot = area.width() / len(bars)
        index = int((pos.x() - area.left()) // slot)
        return index if 0 <= index < len(bars) else None

    def tip_at(self, pos: QPointF) -> str:
        index = self.bar_at(pos)
        if index is None:
            return ""
        day, n = self.days[index]
        return f"{day_text(day)}: {plural(n, self.unit, self.many)}"

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area, ticks, bars = self._bars()
        self._y_axis(painter, area, ticks, [f"{t:,.0f}" for t in ticks])
        if not self.total():
            self._empty(painter, area)
            return
        accent = _accent(self)
        soft = QColor(accent)
        soft.setAlpha(150 if is_dark() else 120)
        painter.setPen(Qt.PenStyle.NoPen)
        for (day, n), bar in zip(self.days, bars, strict=True):
            if not n:
                continue
            painter.setBrush(accent if day == self.today else soft)
            path = QPainterPath()
            radius = min(3.0, bar.width() / 2, bar.height())
            path.addRoundedRect(bar.adjusted(0, 0, 0, radius), radius, radius)
            painter.save()
            painter.setClipRect(QRectF(bar.left(), bar.top(), bar.width(), bar.height()))
            painter.drawPath(path)
            painter.restore()
        self._x_labels(painter, area)

    def _x_labels(self, painter: QPainter, area: QRectF) -> None:
        metrics = self.fontMetrics()
        slot = area.width() / len(self.days)
        y = area.bottom() + 3
        taken: list[QRectF] = []
        wanted = [0, len(self.days) - 1]
        if self.today is not None:
            wanted.insert(0, next((i for i, (d, _) in enumerate(self.days) if d == self.today), -1))
        wanted += list(range(7, len(self.days) - 3, 7))
        for index in wanted:
            if index < 0:
                continue
            day = self.days[index][0]
            label = "Today" if day == self.today else f"{day.day} {day:%b}"
            width = metrics.horizontalAdvance(label) + 6
            centre = area.left() + slot * (index + 0.5)
            left = min(max(centre - width / 2, area.left() - PAD / 2), area.right() - width)
            box = QRectF(left, y, width, metrics.height())
            if any(box.intersects(t.adjusted(-4, 0, 4, 0)) for t in taken):
                continue
            taken.append(box)
            painter.setPen(
                self.palette().windowText().color() if day == self.today else _muted(self, 200)
            )
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)


class AccuracyChart(_Chart):
    """Share of study answers right, one point per week (its first day), 0-100 %.

    Attributes:
        points: (week, share right 0-1, answers) in date order.
    """

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(name, "Line chart: right answers per week", parent)
        self.points: list[tuple[date, float, int]] = []
        self.empty_text = "No study answers yet"
        self.setMinimumHeight(150)
        self.setMinimumWidth(240)
        self.setAccessibleDescription(self.empty_text)

    def set_points(self, points: list[tuple[date, float, int]]) -> None:
        self.points = sorted(points)
        self.setAccessibleDescription(self.summary())
        self.update()

    def summary(self) -> str:
        if not self.points:
            return self.empty_text
        week, share, n = self.points[-1]
        text = f"{plural(len(self.points), 'week')}; the latest, from {day_text(week)}: "
        text += f"{share:.0%} right of {n:,}"
        if len(self.points) > 1:
            text += f"; the first: {self.points[0][1]:.0%}"
        return text + "."

    def text_alternative(self) -> str:
        lines = [f"Right answers per week: {self.summary()}"]
        lines += [
            f"  Week from {day_text(w)}: {share:.0%} right of {plural(n, 'answer')}"
            for w, share, n in self.points
        ]
        return "\n".join(lines)

    def _area(self) -> QRectF:
        return self._plot_area(["100 %"])

    def _at(self, area: QRectF, i: int, share: float) -> QPointF:
        n = len(self.points)
        x = area.left() + (area.width() * (i + 0.5) / n)
        return QPointF(x, area.bottom() - area.height() * share)

    def point_at(self, pos: QPointF) -> int | None:
        """The index of the week nearest to ``pos`` (within its column)."""
        area = self._area()
        if not self.points or not area.left() <= pos.x() <= area.right():
            return None
        index = int((pos.x() - area.left()) // (area.width() / len(self.points)))
        return index if 0 <= index < len(self.points) else None

    def tip_at(self, pos: QPointF) -> str:
        index = self.point_at(pos)
        if index is None:
            return ""
        week, share, n = self.points[index]
        return f"Week from {day_text(week)}: {share:.0%} right of {plural(n, 'answer')}"

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = self._area()
        self._y_axis(painter, area, [0, 0.5, 1], ["0 %", "50 %", "100 %"])
        if not self.points:
            self._empty(painter, area)
            return
        accent = _accent(self)
        points = [self._at(area, i, share) for i, (_, share, _) in enumerate(self.points)]
        if len(points) > 1:
            fill = QPainterPath(QPointF(points[0].x(), area.bottom()))
            for p in points:
                fill.lineTo(p)
            fill.lineTo(QPointF(points[-1].x(), area.bottom()))
            fill.closeSubpath()
            shade = QColor(accent)
            shade.setAlpha(40)
            painter.fillPath(fill, shade)
            line = QPainterPath(points[0])
            for p in points[1:]:
                line.lineTo(p)
            painter.setPen(QPen(accent, 2.2))
            painter.drawPath(line)
        painter.setPen(QPen(self.palette().base().color(), 1.5))
        painter.setBrush(accent)
        for p in points:
            painter.drawEllipse(p, 4.0, 4.0)
        metrics = self.fontMetrics()
        painter.setPen(_muted(self, 200))
        taken: list[QRectF] = []
        for (week, _, _), p in zip(self.points, points, strict=True):
            label = f"{week.day} {week:%b}"
            width = metrics.horizontalAdvance(label) + 6
            left = min(max(p.x() - width / 2, area.left() - PAD / 2), area.right() - width)
            box = QRectF(left, area.bottom() + 3, width, metrics.height())
            if any(box.intersects(t.adjusted(-4, 0, 4, 0)) for t in taken):
                continue
            taken.append(box)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)


class RetrievabilityBars(_Chart):
    """How well each fact is known now: a strip with the share of facts in each band (known
    well, fading, weak, new), then one bar per fact, the weakest first, up to ``ROWS``.

    Attributes:
        items: (fact's text, retrievability 0-1 or None when new), in pack order.
    """

    ROW = 24
    ROWS = 30  # a pack may have thousands of facts: the weakest are the ones to show
    STRIP = 34

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(name, "How well you know each fact", parent)
        self.items: list[tuple[str, float | None]] = []
        self._counts: Counter[Known] = Counter()
        self._shown: list[tuple[str, float | None]] = []
        self.empty_text = "This pack has no facts to study"
        self.setAccessibleDescription(self.empty_text)
        self._resize()

    def set_items(self, items: list[tuple[str, float | None]]) -> None:
        self.items = list(items)
        # Worked out once here, not on every paint and tooltip: a pack may have thousands.
        self._counts = Counter(Known.of(r) for _, r in self.items)
        order = sorted(
            range(len(self.items)),
            key=lambda i: (self.items[i][1] is None, self.items[i][1] or 0.0, i),
        )
        self._shown = [self.items[i] for i in order[: self.ROWS]]
        self.setAccessibleDescription(self.summary())
        self._resize()
        self.update()

    def counts(self) -> Counter[Known]:
        """How many facts are in each band."""
        return self._counts

    def shown(self) -> list[tuple[str, float | None]]:
        """The rows drawn: studied facts, weakest first, then new ones, at most ``ROWS``."""
        return self._shown

    def summary(self) -> str:
        if not self.items:
            return self.empty_text
        counts = self.counts()
        parts = ", ".join(f"{counts[k]:,} {k.value}" for k in Known if counts[k])
        return f"{plural(len(self.items), 'fact')}: {parts}."

    def text_alternative(self) -> str:
        lines = [f"How well you know each fact now: {self.summary()}"]
        for text, r in self.items:
            known = "new" if r is None else f"{percent(r)} likely to be recalled"
            lines.append(f"  {text} — {known}")
        return "\n".join(lines)

    def _resize(self) -> None:
        rows = len(self.shown())
        more = 1 if len(self.items) > rows else 0
        height = self.STRIP + 8 + (rows + more) * self.ROW + 4 if self.items else 60
        self.setFixedHeight(int(height))

    def _band_colour(self, known: Known) -> QColor:
        c = colours()
        if known is Known.WELL:
            return QColor(c.right)
        if known is Known.WEAK:
            return QColor(c.wrong)
        if known is Known.FADING:
            return QColor("#e0a526" if is_dark() else "#b26a00")
        return _muted(self, 90)

    def _label_width(self) -> float:
        return min(max(self.width() * 0.45, 120.0), 420.0)

    def _row_rect(self, row: int) -> QRectF:
        return QRectF(0, self.STRIP + 8 + row * self.ROW, self.width(), self.ROW)

    def _strip_segments(self) -> list[tuple[Known, int, QRectF]]:
        counts = self.counts()
        total = len(self.items) or 1
        x, out = 0.0, []
        width = self.width() - 1.0
        for known in Known:
            n = counts[known]
            if not n:
                continue
            w = width * n / total
            out.append((known, n, QRectF(x, 4, w, self.STRIP - 16)))
            x += w
        return out

    def tip_at(self, pos: QPointF) -> str:
        for known, n, rect in self._strip_segments():
            if rect.adjusted(0, 0, 0, 12).contains(pos):
                return f"{n:,} of {len(self.items):,} facts {known.value}"
        shown = self.shown()
        row = int((pos.y() - self.STRIP - 8) // self.ROW)
        if pos.y() >= self.STRIP + 8 and 0 <= row < len(shown):
            text, r = shown[row]
            return f"{text}\n" + (
                "New: not studied yet" if r is None else f"{percent(r)} likely to be recalled now"
            )
        return ""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.items:
            self._empty(painter, QRectF(self.rect()))
            return
        metrics = self.fontMetrics()
        painter.setPen(Qt.PenStyle.NoPen)
        for known, _, rect in self._strip_segments():
            painter.setBrush(self._band_colour(known))
            painter.drawRect(rect.adjusted(0.5, 0, -0.5, 0))
        legend_x = 0.0
        for known in Known:
            n = self.counts()[known]
            if not n:
                continue
            label = f"{n:,} {known.value}"
            painter.setBrush(self._band_colour(known))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(QRectF(legend_x, self.STRIP - 9, 9, 9), 2, 2)
            painter.setPen(self.palette().windowText().color())
            box = QRectF(
                legend_x + 13, self.STRIP - 12 - 1, metrics.horizontalAdvance(label) + 4, 16
            )
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
            legend_x += box.width() + 26
        label_width = self._label_width()
        scale_left = label_width + PAD
        scale_width = max(
            self.width() - scale_left - metrics.horizontalAdvance("100 %") - 2 * PAD, 40
        )
        shown = self.shown()
        for row, (text, r) in enumerate(shown):
            rect = self._row_rect(row)
            if not rect.intersects(QRectF(event.rect())):
                continue
            painter.setPen(self.palette().windowText().color())
            elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(label_width))
            painter.drawText(
                QRectF(0, rect.top(), label_width, rect.height()),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                elided,
            )
            track = QRectF(scale_left, rect.center().y() - 5, scale_width, 10)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(_muted(self, 28))
            painter.drawRoundedRect(track, 5, 5)
            known = Known.of(r)
            if r is not None:
                painter.setBrush(self._band_colour(known))
                painter.drawRoundedRect(
                    QRectF(track.left(), track.top(), max(track.width() * r, 10), track.height()),
                    5,
                    5,
                )
            painter.setPen(_muted(self, 210))
            painter.drawText(
                QRectF(
                    track.right() + PAD,
                    rect.top(),
                    self.width() - track.right() - PAD,
                    rect.height(),
                ),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                "new" if r is None else percent(r),
            )
        if len(self.items) > len(shown):
            rect = self._row_rect(len(shown))
            painter.setPen(_muted(self, 180))
            painter.drawText(
                rect,
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                f"The {len(shown)} weakest of {len(self.items):,} facts; "
                "“Show as text” lists them all.",
            )
