"""The class report on screen: the same HTML as the PDF, in the palette's colours."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QUrl
from PySide6.QtGui import QDesktopServices, QTextDocument, QTextOption
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from quizapp.core.classroom import ClassReport
from quizapp.ui.report_pdf import HISTOGRAM_URL, histogram_image, report_html

EMPTY = "<p>No class report yet: read the hand-ins or the class's attempts first.</p>"
OPENED_SCHEMES = frozenset({"http", "https"})


class ClassReportView(QWidget):
    """A read-only view of a ``ClassReport``: roster, left out, the test, per question, facts.

    Links in the report (sources' web pages) open in the system's browser, never inside the
    view; other links are ignored. The histogram is redrawn when the palette changes.

    Attributes:
        text: the report.
        report: the report shown, or None.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("class_report_view")
        self.report: ClassReport | None = None
        self.text = QTextBrowser()
        self.text.setObjectName("text")
        self.text.setAccessibleName("Class report")
        self.text.setReadOnly(True)
        self.text.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)  # paths
        self.text.setOpenLinks(False)
        self.text.setOpenExternalLinks(False)
        self.text.anchorClicked.connect(self._open_link)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        self.show_report(None)

    def show_report(self, report: ClassReport | None) -> None:
        """Show ``report``, or a line saying there is none yet."""
        self.report = report
        if report is None:
            self.text.setHtml(EMPTY)
            self.text.setAccessibleDescription("No class report yet")
            return
        document = self.text.document()
        document.setHtml(report_html(report, for_print=False))
        self._add_histogram(report)
        self.text.setAccessibleDescription(
            f"Class {report.code}: {len(report.roster)} learners, {len(report.questions)} questions"
        )

    def _add_histogram(self, report: ClassReport) -> None:
        # Drawn for the current palette; the layout is redone so that the new image shows.
        document = self.text.document()
        image = histogram_image(
            report.test.histogram,
            self.palette().text().color(),  # the view's: its children get a new one after it
            None,
            self.devicePixelRatioF(),
            self.text.font(),
        )
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(HISTOGRAM_URL), image)
        document.markContentsDirty(0, document.characterCount())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.report is not None:
            # Light <-> dark: the histogram is drawn in the palette's text colour.
            scroll = self.text.verticalScrollBar()
            where = scroll.value()
            self.show_report(self.report)
            scroll.setValue(where)

    def _open_link(self, url: QUrl) -> None:
        if url.scheme().lower() in OPENED_SCHEMES:
            QDesktopServices.openUrl(url)
