"""Look and feel: follows the system's light or dark palette; right/wrong colours; zoom."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QHBoxLayout, QVBoxLayout, QWidget

ZOOM_STEPS = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0)


@dataclass(frozen=True, slots=True)
class Colours:
    """Colours that keep enough contrast on the current palette."""

    right: str
    wrong: str
    right_bg: str
    wrong_bg: str
    muted: str
    quote_bg: str


LIGHT = Colours("#1b6e2d", "#b3261e", "#e3f4e6", "#fbe4e2", "#5f6368", "#f3f3f3")
DARK = Colours("#7fd48f", "#ff8a80", "#1f3a25", "#4a2220", "#a8adb3", "#2b2b2b")


def is_dark() -> bool:
    """Whether the system (or the palette in use) is dark."""
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return QGuiApplication.palette().window().color().lightness() < 128


def colours() -> Colours:
    return DARK if is_dark() else LIGHT


STYLE = """
QPushButton[role="choice"] {
    text-align: left;
    padding: 10px 14px;
    min-height: 28px;
    border: 1px solid palette(mid);
    border-radius: 6px;
    background: palette(base);
}
QPushButton[role="choice"]:hover { border-color: palette(highlight); }
QPushButton:focus, QTableView:focus, QComboBox:focus, QSpinBox:focus, QTextBrowser:focus {
    border: 2px solid palette(highlight);
}
QPushButton[role="choice"]:focus { border: 3px solid palette(highlight); }
QPushButton[role="choice"][state="right"] { border: 2px solid %(right)s; background: %(right_bg)s; }
QPushButton[role="choice"][state="wrong"] { border: 2px solid %(wrong)s; background: %(wrong_bg)s; }
QPushButton[role="choice"][state="selected"] {
    border: 3px solid palette(highlight); background: palette(alternate-base); font-weight: bold;
}
QPushButton[role="primary"] { padding: 8px 18px; font-weight: bold; }
QPushButton[role="nav"] { padding: 4px 2px; border: 1px solid palette(mid);
    border-radius: 4px; background: palette(base); }
QPushButton[role="nav"][state="answered"] { background: palette(alternate-base);
    border-color: palette(dark); }
QPushButton[role="nav"]:checked { border: 3px solid palette(highlight); font-weight: bold; }
QPushButton#flag_button:checked { border: 3px solid palette(highlight); font-weight: bold; }
QPushButton[role="certainty"] { padding: 4px 12px; }
QPushButton[role="certainty"]:checked { border: 3px solid palette(highlight); font-weight: bold; }
QProgressBar[role="slim"] { border: none; background: palette(mid); max-height: 5px; }
QProgressBar[role="slim"]::chunk { background: palette(highlight); }
QLabel[role="warning"] { color: %(wrong)s; font-weight: bold; }
QLabel[role="verdict-right"] { color: %(right)s; font-weight: bold; }
QLabel[role="verdict-wrong"] { color: %(wrong)s; font-weight: bold; }
QLabel[role="muted"] { color: %(muted)s; }
QFrame[role="banner"] { border: 1px solid palette(highlight); border-radius: 6px; }
"""


def apply(app: QApplication, zoom: float = 1.0) -> None:
    """Fusion style on the system palette, our style sheet, and the zoom factor."""
    app.setStyle("Fusion")
    set_zoom(app, zoom)
    # Follow the system when it switches between light and dark while we run.
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: app.setStyleSheet(stylesheet()))


_base_point_size: float | None = None
_zoom = 1.0


def _point_size(factor: float = 1.0) -> float:
    global _base_point_size
    if _base_point_size is None:
        size = QGuiApplication.font().pointSizeF()
        _base_point_size = size if size > 0 else 10.0
    return round(_base_point_size * _zoom * factor, 1)


def stylesheet() -> str:
    """The application's style sheet for the current palette and zoom.

    The text size is set here rather than with QApplication.setFont, which widgets under
    a style sheet do not follow.
    """
    c = colours()
    return (
        STYLE
        % {
            "right": c.right,
            "wrong": c.wrong,
            "right_bg": c.right_bg,
            "wrong_bg": c.wrong_bg,
            "muted": c.muted,
        }
        + f"\nQWidget {{ font-size: {_point_size()}pt; }}\n"
    )


def set_zoom(app: QApplication, zoom: float) -> None:
    """Scale every text by ``zoom`` (1.0 is the system's size)."""
    global _zoom
    _point_size()  # remember the system's size before the first change
    _zoom = zoom
    app.setStyleSheet(stylesheet())
    for widget in app.allWidgets():
        if widget.property("font_factor") is not None:
            _apply_emphasis(widget)


def current_zoom() -> float:
    return _zoom


def next_zoom(zoom: float, step: int) -> float:
    """The zoom one step up (+1) or down (-1) from ``zoom``; 0 resets."""
    if step == 0:
        return 1.0
    nearest = min(range(len(ZOOM_STEPS)), key=lambda i: abs(ZOOM_STEPS[i] - zoom))
    return ZOOM_STEPS[max(0, min(len(ZOOM_STEPS) - 1, nearest + step))]


def announce(widget: QWidget, text: str) -> None:
    """Have a screen reader say ``text`` now (right/wrong after an answer)."""
    from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

    event = QAccessibleAnnouncementEvent(widget, text)
    QAccessible.updateAccessibility(event)


# 80 characters of ordinary prose, to measure a comfortable line with the font in use.
_LINE = "The Two Plus Four Treaty was signed in Moscow on 12 September 1990 by the two Ge"


def reading_width(widget: QWidget) -> int:
    """The width of a column whose body text runs about 80 characters a line, in pixels.

    Room is added for the text view's frame, margins and scroll bar.
    """
    return widget.fontMetrics().horizontalAdvance(_LINE) + 72


def reading_column(screen: QWidget) -> QVBoxLayout:
    """Give ``screen`` a centred column of reading width; returns the column's layout.

    On a wide or maximised window the text keeps a comfortable line instead of stretching.
    """
    column = QWidget()
    column.setObjectName("reading_column")
    column.setMaximumWidth(reading_width(screen))
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    centred = QHBoxLayout(screen)
    centred.addStretch(1)
    centred.addWidget(column, 100)
    centred.addStretch(1)
    return layout


def emphasize(widget: QWidget, factor: float, bold: bool = False) -> None:
    """Give ``widget`` a font ``factor`` times the application's, kept in step with the zoom."""
    widget.setProperty("font_factor", factor)
    widget.setProperty("font_bold", bold)
    _apply_emphasis(widget)


def _apply_emphasis(widget: QWidget) -> None:
    size = _point_size(float(widget.property("font_factor")))
    weight = "bold" if widget.property("font_bold") else "normal"
    widget.setStyleSheet(f"font-size: {size}pt; font-weight: {weight};")
