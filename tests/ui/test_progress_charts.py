"""The progress charts as a learner and a screen reader meet them: what is drawn, where the
mouse finds each figure, and the same content as text."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPalette
from pytestqt.qtbot import QtBot

from quizapp.ui.theme import colours
from quizapp.ui.widgets.progress_charts import (
    AccuracyChart,
    DayBarChart,
    RetrievabilityBars,
    nice_ticks,
    percent,
)

TODAY = date(2026, 3, 2)
DAYS = [(TODAY + timedelta(days=i), n) for i, n in enumerate([0, 3, 0, 12, 1] + [0] * 25)]


def shown(widget: DayBarChart | AccuracyChart | RetrievabilityBars, qtbot: QtBot) -> None:
    qtbot.addWidget(widget)
    widget.resize(600, widget.height() if isinstance(widget, RetrievabilityBars) else 200)
    widget.show()
    qtbot.waitExposed(widget)


def near(a: QColor, b: QColor, tolerance: int = 40) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


@pytest.mark.parametrize(
    ("top", "ticks"),
    [(0, [0, 1]), (1, [0, 1]), (3, [0, 1, 2, 3]), (12, [0, 5, 10, 15]), (95, [0, 50, 100]),
     (1234, [0, 500, 1000, 1500])],
)  # fmt: skip
def test_axis_ticks_are_round_and_reach_the_top(top: int, ticks: list[int]) -> None:
    assert nice_ticks(top) == ticks


def test_a_retrievability_is_never_rounded_up_into_known_well() -> None:
    assert (percent(0.8996), percent(0.9), percent(1.0), percent(0.0)) == (
        "89%",
        "90%",
        "100%",
        "0%",
    )


def test_day_bars_say_what_they_show(qtbot: QtBot) -> None:
    chart = DayBarChart(name="forecast_chart")
    chart.set_days(DAYS, "Facts due, the next 30 days", "fact due", today=TODAY, many="facts due")
    shown(chart, qtbot)
    assert chart.objectName() == "forecast_chart"
    assert chart.accessibleName() == "Facts due, the next 30 days"
    assert chart.accessibleDescription() == (
        "16 facts due over 30 days; the most, 12, on Thu 5 Mar."
    )
    assert chart.text_alternative().splitlines() == [
        "Facts due, the next 30 days: 16 facts due over 30 days; the most, 12, on Thu 5 Mar.",
        "  Tue 3 Mar: 3 facts due",
        "  Thu 5 Mar: 12 facts due",
        "  Fri 6 Mar: 1 fact due",
    ]


def test_the_mouse_finds_each_days_figure(qtbot: QtBot) -> None:
    chart = DayBarChart(name="reviews_chart")
    chart.set_days(DAYS, "Reviews", "review", today=TODAY)
    shown(chart, qtbot)
    _, _, bars = chart._bars()
    tall = bars[3]
    assert chart.bar_at(tall.center()) == 3
    assert chart.tip_at(tall.center()) == "Thu 5 Mar: 12 reviews"
    assert chart.tip_at(QPointF(bars[4].center().x(), 5)) == "Fri 6 Mar: 1 review"
    assert chart.tip_at(QPointF(1, 1)) == ""  # over the axis labels


def test_the_tallest_bar_is_drawn_and_today_stands_out(qtbot: QtBot) -> None:
    chart = DayBarChart(name="reviews_chart")
    days = [(d, n or (4 if i == 0 else 0)) for i, (d, n) in enumerate(DAYS)]  # today: 4
    chart.set_days(days, "Reviews", "review", today=TODAY)
    shown(chart, qtbot)
    image = chart.grab().toImage()
    _, _, bars = chart._bars()
    accent = chart.palette().highlight().color()
    background = chart.palette().window().color()
    today = image.pixelColor(bars[0].center().toPoint())
    other = image.pixelColor(bars[3].center().toPoint())
    assert near(today, accent, 8)
    assert not near(other, background, 8) and not near(other, accent, 8)  # the softer bars
    above = image.pixelColor(bars[3].center().toPoint().x(), int(bars[3].top()) - 4)
    assert near(above, background, 30)  # the bar ends at its figure


def test_an_empty_chart_says_so(qtbot: QtBot) -> None:
    chart = DayBarChart(name="reviews_chart")
    chart.set_days([(d, 0) for d, _ in DAYS], "Reviews", "review", empty_text="No reviews yet")
    shown(chart, qtbot)
    assert chart.accessibleDescription() == "No reviews yet"
    assert chart.tip_at(QPointF(300, 100)).endswith(": 0 reviews")
    chart.grab()  # paints the sentence, not bars


def test_accuracy_per_week(qtbot: QtBot) -> None:
    chart = AccuracyChart(name="accuracy_chart")
    assert chart.accessibleDescription() == "No study answers yet"
    chart.set_points([(TODAY + timedelta(days=7), 0.9, 20), (TODAY, 0.5, 8)])
    shown(chart, qtbot)
    assert chart.accessibleDescription() == (
        "2 weeks; the latest, from Mon 9 Mar: 90% right of 20; the first: 50%."
    )
    area = chart._area()
    first = chart._at(area, 0, 0.5)
    assert chart.tip_at(first) == "Week from Mon 2 Mar: 50% right of 8 answers"
    assert chart.text_alternative().splitlines()[1:] == [
        "  Week from Mon 2 Mar: 50% right of 8 answers",
        "  Week from Mon 9 Mar: 90% right of 20 answers",
    ]
    image = chart.grab().toImage()
    assert near(image.pixelColor(first.toPoint()), chart.palette().highlight().color(), 30)


def test_facts_weakest_first_and_every_one_in_the_text(qtbot: QtBot) -> None:
    items = [(f"Fact {i}", None if i % 10 == 0 else (i % 100) / 100) for i in range(1, 101)]
    chart = RetrievabilityBars(name="facts_chart")
    chart.set_items(items)
    shown(chart, qtbot)
    assert chart.accessibleDescription() == ("100 facts: 9 known well, 18 fading, 63 weak, 10 new.")
    rows = chart.shown()
    assert len(rows) == RetrievabilityBars.ROWS
    assert rows[0] == ("Fact 1", 0.01) and rows[1] == ("Fact 2", 0.02)
    text = chart.text_alternative().splitlines()
    assert (
        len(text) == 101
        and "  Fact 10 — new" in text
        and "  Fact 95 — 95% likely to be recalled" in text
    )
    row = chart._row_rect(0)
    assert chart.tip_at(row.center()) == "Fact 1\n1% likely to be recalled now"
    # The strip: the weak facts' share is drawn in the "wrong" colour, left of the known ones.
    image = chart.grab().toImage()
    wrong = QColor(colours().wrong)
    segments = {k: r for k, _, r in chart._strip_segments()}
    weak = segments[next(k for k in segments if k.value == "weak")]
    assert near(image.pixelColor(weak.center().toPoint()), wrong, 10)


def test_no_facts(qtbot: QtBot) -> None:
    chart = RetrievabilityBars(name="facts_chart")
    chart.set_items([])
    shown(chart, qtbot)
    assert chart.accessibleDescription() == "This pack has no facts to study"
    assert chart.tip_at(QPointF(10, 10)) == ""


def test_charts_follow_a_dark_palette(qtbot: QtBot) -> None:
    chart = DayBarChart(name="reviews_chart")
    chart.set_days(DAYS, "Reviews", "review", today=TODAY)
    dark = QPalette(chart.palette())
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    dark.setColor(QPalette.ColorRole.Highlight, QColor("#8ab4f8"))
    chart.setPalette(dark)
    chart.setAutoFillBackground(True)
    shown(chart, qtbot)
    image = chart.grab().toImage()
    _, _, bars = chart._bars()
    bar = image.pixelColor(bars[3].center().toPoint())
    assert bar.lightness() > QColor("#202124").lightness() + 40  # visible on the dark ground
    assert bar.blue() > bar.red()  # in the dark palette's accent
