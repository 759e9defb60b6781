"""The class report as a PDF (read back with pypdf) and on screen (ClassReportView)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QDesktopServices, QImage, QPalette, QTextDocument
from pytestqt.qtbot import QtBot

from quizapp.core.classroom import (
    ChoiceStats,
    ClassReport,
    FactStats,
    HistogramBin,
    QuestionStats,
    Rejected,
    RosterRow,
    SourceRef,
)
from quizapp.core.classroom import TestStats as Figures  # pytest would collect "Test…"
from quizapp.core.marking import Marking
from quizapp.core.quiz import AttemptStatus
from quizapp.ui import report_pdf
from quizapp.ui.report_pdf import HISTOGRAM_URL, report_html, write_pdf
from quizapp.ui.widgets.class_report_view import ClassReportView

SNEAKY = '<b>Zoë</b> =HYPERLINK("x")'
TOO_EASY = "too easy: almost everyone got it right"
CHECK_KEY = "check the key: stronger learners chose another answer"
REJECTED = "It was made for another pack (Rivers 2.0), not this one."
LONG_PROMPT = (
    "Which of these rivers, all of them long and famous and flowing through several countries "
    "on their way to the sea, is the longest river that flows through Africa from south to north?"
)


def a_report(**changes: object) -> ClassReport:
    """Four learners (one with a name made of markup), two questions, one rejected file."""
    roster = (
        RosterRow("Ana García", 2.0, 2.0, 100.0, 125.4, AttemptStatus.FINISHED, "ana.quizresult"),
        RosterRow("Ben Okafor", 1.0, 2.0, 50.0, 3725.0, AttemptStatus.EXPIRED),
        RosterRow(SNEAKY, 1.0, 2.0, 50.0, 61.0, AttemptStatus.FINISHED),
        RosterRow("Chen Li", 0.0, 2.0, 0.0, 9.6, AttemptStatus.FINISHED),
    )
    q1 = QuestionStats(
        position=0,
        question_key="nile",
        prompt=LONG_PROMPT,
        fact="nile-longest",
        learners=4,
        facility=0.75,
        sd=0.5,
        discrimination=0.8165,
        efficiency=1.0,
        choices=(
            ChoiceStats("The Nile", True, 3, 0.75, 0.8165),
            ChoiceStats("The Congo <river>", False, 1, 0.25, -0.8165),
            ChoiceStats("The Zambezi", False, 0, 0.0, None),
        ),
        flags=(TOO_EASY,),
    )
    q2 = QuestionStats(
        position=1,
        question_key="amazon",
        prompt="The Amazon flows into the Atlantic.",
        fact="",
        learners=4,
        facility=0.25,
        sd=0.5,
        discrimination=-0.333,
        efficiency=None,
        choices=(
            ChoiceStats("True", True, 1, 0.25, -0.333),
            ChoiceStats("False", False, 3, 0.75, 0.333),
        ),
        flags=(CHECK_KEY, "hard: only a quarter got it right"),
    )
    test = Figures(
        learners=4,
        questions=2,
        max_score=2.0,
        mean=1.0,
        median=1.0,
        sd=0.8165,
        alpha=0.7071,
        sem=0.4433,
        histogram=tuple(
            HistogramBin(i * 10.0, i * 10.0 + 10, c)
            for i, c in enumerate((1, 0, 0, 0, 0, 2, 0, 0, 0, 1))
        ),
        indicative=True,
    )
    fact = FactStats(
        fact="nile-longest",
        statement="The Nile is the longest river in Africa.",
        facility=0.75,
        questions=1,
        sources=(
            SourceRef(
                "Rivers of the World",
                "A. Author",
                "2019-05-02",
                "https://example.org/rivers",
                "p. 12",
            ),
        ),
    )
    values: dict[str, object] = {
        "code": "NILE-4Q7X",
        "pack_id": "rivers",
        "pack_title": "Rivers",
        "pack_version": "1.2",
        "marking": Marking.STANDARD,
        "roster": roster,
        "questions": (q1, q2),
        "test": test,
        "facts": (fact,),
        "rejected": (Rejected("/hand-ins/dan.quizresult", REJECTED, "Dan"),),
        "notes": ("Only 4 learners: the figures are indicative",),
        "generated_at": datetime(2024, 3, 5, 9, 30),
    }
    values.update(changes)
    return ClassReport(**values)  # type: ignore[arg-type]


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def flat(text: str) -> str:
    """Text with its line breaks and runs of spaces made single spaces (a PDF wraps lines)."""
    return re.sub(r"\s+", " ", text)


# -- the HTML -----------------------------------------------------------------------------------


def test_report_html_escapes_every_text_from_the_report() -> None:
    html = report_html(a_report(), for_print=True)
    assert "<b>Zoë</b>" not in html
    assert "&lt;b&gt;Zoë&lt;/b&gt; =HYPERLINK(&quot;x&quot;)" in html
    assert "The Congo &lt;river&gt;" in html
    assert "<river>" not in html


def test_report_html_in_the_documents_plain_text_reads_as_typed(qtbot: QtBot) -> None:
    doc = QTextDocument()
    doc.setHtml(report_html(a_report()))
    text = doc.toPlainText()
    assert SNEAKY in text
    assert "Class report — Rivers 1.2" in text
    assert "Standard: 1 mark per right answer" in text
    # Roster: score, max, percent, mm:ss and status words.
    assert "02:05" in text and "62:05" in text and "time ran out" in text
    # Numbers: percentages without decimals, correlations with two, None as a dash.
    assert "Facility 75%" in text and "Discrimination 0.82" in text
    assert "Discrimination -0.33" in text and "Efficiency —" in text
    assert "Cronbach's alpha (reliability)\n0.71" in text


def test_the_sections_come_in_order(qtbot: QtBot) -> None:
    doc = QTextDocument()
    doc.setHtml(report_html(a_report(), for_print=True))
    text = doc.toPlainText()
    order = ["Class report", "Only 4 learners", "Roster", "Left out", "The test",
             "Per question", "Facts the class got wrong most"]  # fmt: skip
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)


def test_a_long_prompt_is_shortened() -> None:
    html = report_html(a_report())
    assert LONG_PROMPT not in html
    assert "1. Which of these rivers" in html and "…" in html
    assert "2. The Amazon flows into the Atlantic." in html


def test_only_the_screen_version_links_to_web_sources() -> None:
    assert '<a href="https://example.org/rivers">' in report_html(a_report())
    assert "<a href" not in report_html(a_report(), for_print=True)
    sneaky = a_report(
        facts=(FactStats("f", "A fact", 0.1, 1, (SourceRef("T", url="javascript:alert(1)"),)),)
    )
    assert "<a href" not in report_html(sneaky)


def test_formatting_helpers() -> None:
    assert report_pdf.percent(None) == "—"
    assert report_pdf.percent(0.456) == "46%"
    assert report_pdf.correlation(-0.001) == "0.00"
    assert report_pdf.marks(-1 / 3) == "-0.33" and report_pdf.marks(3.0) == "3"
    assert report_pdf.minutes_seconds(59.6) == "01:00"
    assert report_pdf.shorten("a  b\nc") == "a b c"


# -- the PDF ------------------------------------------------------------------------------------


def test_write_pdf_writes_a_readable_a4_report(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    write_pdf(a_report(), path)
    reader = pypdf.PdfReader(path)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = flat(pdf_text(path))
    for name in ("Ana García", "Ben Okafor", "Chen Li", SNEAKY):
        assert name in text
    assert TOO_EASY in text and CHECK_KEY in text
    assert REJECTED in text
    assert "Cronbach's alpha (reliability) 0.71" in text
    assert "Standard error of measurement 0.44" in text
    assert "Only 4 learners: the figures are indicative" in text
    assert "Rivers of the World" in text and "https://example.org/rivers" in text
    assert f"Page 1 of {len(reader.pages)}" in text


def test_a_long_report_runs_over_pages_each_numbered(qtbot: QtBot, tmp_path: Path) -> None:
    roster = tuple(
        RosterRow(f"Learner {i:03d}", 1.0, 2.0, 50.0, 60.0, AttemptStatus.FINISHED)
        for i in range(120)
    )
    path = tmp_path / "long.pdf"
    write_pdf(a_report(roster=roster), path)
    reader = pypdf.PdfReader(path)
    pages = len(reader.pages)
    assert pages >= 3
    text = flat(pdf_text(path))
    assert "Learner 000" in text and "Learner 119" in text
    for n in range(1, pages + 1):
        assert f"Page {n} of {pages}" in flat(reader.pages[n - 1].extract_text())


def test_an_empty_report_still_writes(qtbot: QtBot, tmp_path: Path) -> None:
    empty = ClassReport(
        code="",
        pack_id="",
        pack_title="",
        pack_version="",
        marking=Marking.PENALTY,
        roster=(),
        questions=(),
        test=Figures(0, 0, 0.0, None, None, None, None, None),
    )
    path = tmp_path / "empty.pdf"
    write_pdf(empty, path)
    text = flat(pdf_text(path))
    assert "No learner's work is in this report." in text
    assert "Cronbach's alpha (reliability) —" in text


def test_write_pdf_to_a_folder_that_does_not_exist_raises(qtbot: QtBot, tmp_path: Path) -> None:
    with pytest.raises(OSError):
        write_pdf(a_report(), tmp_path / "missing" / "report.pdf")


# -- on screen ----------------------------------------------------------------------------------


def test_the_view_shows_the_report(qtbot: QtBot) -> None:
    view = ClassReportView()
    qtbot.addWidget(view)
    assert "No class report yet" in view.text.toPlainText()
    view.show_report(a_report())
    text = view.text.toPlainText()
    assert SNEAKY in text and TOO_EASY in text and REJECTED in text
    assert view.text.isReadOnly()
    assert view.text.objectName() == "text"
    assert view.text.accessibleName() == "Class report"
    image = view.text.document().resource(
        QTextDocument.ResourceType.ImageResource, QUrl(HISTOGRAM_URL)
    )
    assert image is not None and not image.isNull()
    view.show_report(None)
    assert view.report is None and "No class report yet" in view.text.toPlainText()


def test_the_view_opens_web_links_outside_and_nothing_else(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    view = ClassReportView()
    qtbot.addWidget(view)
    view.show_report(a_report())
    assert not view.text.openLinks()
    view.text.anchorClicked.emit(QUrl("https://example.org/rivers"))
    view.text.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert opened == ["https://example.org/rivers"]
    assert SNEAKY in view.text.toPlainText()  # still showing the report, not the link


def test_the_screen_version_takes_the_palettes_colours(qtbot: QtBot) -> None:
    html = report_html(a_report())
    assert "#000000" not in html and "background-color" not in html
    view = ClassReportView()
    qtbot.addWidget(view)
    view.show_report(a_report())
    palette = view.palette()
    palette.setColor(QPalette.ColorRole.Text, QColor("white"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#1b1b1b"))
    view.setPalette(palette)  # as when the desktop turns dark
    image = view.text.document().resource(
        QTextDocument.ResourceType.ImageResource, QUrl(HISTOGRAM_URL)
    )
    assert isinstance(image, QImage)
    opaque = {
        colour.name()
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
        if (colour := image.pixelColor(x, y)).alpha() == 255
    }
    assert "#ffffff" in opaque and "#000000" not in opaque  # white bars, nothing painted black
    assert SNEAKY in view.text.toPlainText()
