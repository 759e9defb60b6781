"""The class report as a printable A4 PDF, and as the HTML the screen shows (one renderer).

Qt only (QPdfWriter, QTextDocument, QPainter), no browser: ``write_pdf`` also runs from the
command line, where it makes a QGuiApplication (offscreen when there is no display).

Every text that comes from the report (names, prompts, choices, reasons, sources) is escaped:
a learner called ``<b>Bob</b>`` is printed as typed and cannot add markup. The PDF is black
on white with grey rules, so it reads the same printed in black and white; the on-screen HTML
sets no colours and takes the palette's (light or dark).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QPointF,
    QRectF,
    QSizeF,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextOption,
)

from quizapp.core.classroom import (
    ChoiceStats,
    ClassReport,
    FactStats,
    HistogramBin,
    QuestionStats,
    SourceRef,
)
from quizapp.core.quiz import AttemptStatus
from quizapp.ui.render import human_date

NONE = "—"
HISTOGRAM_URL = "quizapp-report:histogram.png"
HISTOGRAM_SIZE = (520, 190)  # logical pixels, as the HTML lays it out
PROMPT_LENGTH = 110
RESOLUTION = 300  # dots per inch of the PDF's page
PRINT_SCALE = 4  # the printed histogram is drawn at 4x its logical size, to stay sharp

STATUS_WORDS = {
    AttemptStatus.FINISHED: "finished",
    AttemptStatus.EXPIRED: "time ran out",
    AttemptStatus.ABANDONED: "abandoned",
    AttemptStatus.IN_PROGRESS: "not finished",
}

_app: QGuiApplication | None = None  # the application write_pdf made, kept alive


# -- formatting ---------------------------------------------------------------------------------


def _e(text: str) -> str:
    return escape(text, quote=True)


def percent(value: float | None) -> str:
    """A share 0-1 as a percentage with no decimals: 0.456 -> "46%"; None -> "—"."""
    return NONE if value is None else f"{round(value * 100)}%"


def correlation(value: float | None) -> str:
    """A correlation (or alpha) with 2 decimals: 0.4567 -> "0.46"; None -> "—"."""
    return NONE if value is None else f"{round(value, 2) + 0.0:.2f}"


def marks(value: float | None) -> str:
    """Marks with at most 2 decimals: 3.0 -> "3", 2.5 -> "2.5", -0.333 -> "-0.33"."""
    if value is None:
        return NONE
    text = f"{round(value, 2) + 0.0:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def minutes_seconds(seconds: float) -> str:
    """125.4 -> "02:05"; an hour and more stays in minutes: 3725 -> "62:05"."""
    total = max(0, round(seconds))
    return f"{total // 60:02d}:{total % 60:02d}"


def shorten(text: str, limit: int = PROMPT_LENGTH) -> str:
    """One line of at most ``limit`` characters, cut at a word and ended with "…"."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"


def _when(moment: datetime | None) -> str:
    if moment is None:
        return NONE
    local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone()
    return local.strftime("%Y-%m-%d %H:%M")


def _band(b: HistogramBin) -> str:
    return f"{b.low:.0f}–{b.high:.0f}%"


# -- the HTML -----------------------------------------------------------------------------------


def _style(for_print: bool) -> str:
    # Qt's rich text: no palette() in HTML, so the screen version sets no colour at all.
    rule = "#808080"
    ink = "color: #000000;" if for_print else ""
    head = "background-color: #e6e6e6;" if for_print else ""
    return f"""
body {{ {ink} }}
h1 {{ font-size: x-large; margin-bottom: 2px; }}
h2 {{ font-size: large; margin-top: 16px; margin-bottom: 4px; }}
h3 {{ font-size: medium; margin-top: 12px; margin-bottom: 2px; }}
table {{ border-collapse: collapse; border-color: {rule}; border-style: solid; }}
th {{ {head} font-weight: bold; text-align: left; padding: 3px 5px;
     border: 1px solid {rule}; }}
td {{ padding: 3px 5px; border: 1px solid {rule}; vertical-align: top; }}
td.n, th.n {{ text-align: right; }}
td.c, th.c {{ text-align: center; }}
td.k {{ font-weight: bold; }}
p.meta {{ margin-top: 0px; }}
p.flag {{ margin-top: 2px; margin-bottom: 2px; margin-left: 12px; }}
p.stats {{ margin-top: 2px; margin-bottom: 4px; }}
p.small {{ font-size: small; }}
"""


def _table(
    headers: Sequence[tuple[str, str, int]], rows: Sequence[Sequence[tuple[str, str]]], full: str
) -> str:
    """A ruled table with a header row that repeats on each page.

    Headers are (class, HTML, width in % or 0 for the rest), cells (class, HTML); the HTML is
    already escaped. ``full`` is the table's width ("100%").
    """
    head = "".join(
        f'<th class="{cls}"' + (f' width="{width}%"' if width else "") + f">{text}</th>"
        for cls, text, width in headers
    )
    body = "".join(
        "<tr>" + "".join(f'<td class="{cls}">{text}</td>' for cls, text in row) + "</tr>"
        for row in rows
    )
    return (
        f'<table width="{full}" border="1" cellspacing="0" cellpadding="3">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _notes(report: ClassReport) -> str:
    if not report.notes:
        return ""
    items = "".join(f"<li>{_e(n)}</li>" for n in report.notes)
    return f"<p><b>Read this first</b></p><ul>{items}</ul>"


def _roster(report: ClassReport, full: str) -> str:
    out = f"<h2>Roster ({len(report.roster)} learners)</h2>"
    if not report.roster:
        return out + "<p>No learner's work is in this report.</p>"
    rows = [
        [
            ("", _e(r.learner)),
            ("n", marks(r.score)),
            ("n", marks(r.max)),
            ("n", f"{round(r.percent)}%"),
            ("n", minutes_seconds(r.seconds)),
            ("", _e(STATUS_WORDS.get(r.status, str(r.status)))),
        ]
        for r in report.roster
    ]
    headers = [("", "Learner", 0), ("n", "Score", 10), ("n", "Max", 10), ("n", "%", 10),
               ("n", "Time", 10), ("", "Status", 16)]  # fmt: skip
    return out + _table(headers, rows, full)


def _rejected(report: ClassReport, full: str) -> str:
    if not report.rejected:
        return ""
    rows = [
        [("", _e(r.source) or NONE), ("", _e(r.learner) or NONE), ("", _e(r.reason))]
        for r in report.rejected
    ]
    return f"<h2>Left out of the report ({len(report.rejected)})</h2>" + _table(
        [("", "File", 30), ("", "Learner", 20), ("", "Reason", 0)], rows, full
    )


def _test(report: ClassReport) -> str:
    t = report.test
    figures = [
        ("Learners", str(t.learners)),
        ("Questions", str(t.questions)),
        ("Maximum score", marks(t.max_score)),
        ("Mean score", marks(t.mean)),
        ("Median score", marks(t.median)),
        ("Standard deviation (SD)", marks(t.sd)),
        ("Cronbach's alpha (reliability)", correlation(t.alpha)),
        ("Standard error of measurement", marks(t.sem)),
    ]
    rows = "".join(f'<tr><td class="k">{_e(k)}</td><td class="n">{v}</td></tr>' for k, v in figures)
    out = (
        "<h2>The test</h2>"
        f'<table border="1" cellspacing="0" cellpadding="3">{rows}</table>'
        '<p class="small">Scores are in marks. Alpha near 1 means the questions measure the '
        "same thing consistently; a score is uncertain by about one standard error.</p>"
    )
    if t.indicative:
        out += "<p><i>Few learners: these figures are indicative only.</i></p>"
    if not t.histogram:
        return out + "<p>No scores to chart.</p>"
    w, h = HISTOGRAM_SIZE
    bands = " · ".join(f"{_band(b)}: {b.count}" for b in t.histogram)
    return (
        out
        + "<h3>Scores of the class</h3>"
        + f'<p><img src="{HISTOGRAM_URL}" width="{w}" height="{h}" '
        f'alt="Histogram of scores"></p>' + f'<p class="small">Learners per score band: {bands}</p>'
    )


def _choice_row(c: ChoiceStats) -> list[tuple[str, str]]:
    return [
        ("", _e(c.text)),
        ("c", "✓ correct" if c.correct else ""),
        ("n", str(c.count)),
        ("n", percent(c.share)),
        ("n", correlation(c.discrimination)),
    ]


def _question(q: QuestionStats, full: str) -> str:
    stats = " · ".join(
        [
            f"Facility {percent(q.facility)}",
            f"SD {percent(q.sd)}",
            f"Discrimination {correlation(q.discrimination)}",
            f"Efficiency {correlation(q.efficiency)}",
            f"{q.learners} learners",
        ]
    )
    flags = "".join(f'<p class="flag">⚠ {_e(f)}</p>' for f in q.flags) or (
        '<p class="flag">No warnings.</p>'
    )
    choices = _table(
        [
            ("", "Choice", 0),
            ("c", "Key", 12),
            ("n", "Chosen", 11),
            ("n", "Share", 11),
            ("n", "Discrimination", 19),
        ],
        [_choice_row(c) for c in q.choices],
        full,
    )
    return (
        f"<h3>{q.position + 1}. {_e(shorten(q.prompt))}</h3>"
        f'<p class="stats">{stats}</p>{flags}{choices}'
    )


def _questions(report: ClassReport, full: str) -> str:
    if not report.questions:
        return ""
    return (
        "<h2>Per question</h2>"
        '<p class="small">Facility: the average mark as a share of the most a question gives. '
        "Discrimination: how well the question separates stronger from weaker learners "
        "(its correlation with the rest of the test). Efficiency: that correlation as a share "
        "of the largest it could be.</p>" + "".join(_question(q, full) for q in report.questions)
    )


def _source(s: SourceRef, for_print: bool) -> str:
    parts = [f"<i>{_e(s.title) or '(untitled source)'}</i>"]
    parts += [_e(x) for x in (s.author, human_date(s.date) if s.date else "") if x]
    if s.url and not for_print and s.url.lower().startswith(("http://", "https://")):
        parts.append(f'<a href="{_e(s.url)}">{_e(s.url)}</a>')
    elif s.url:
        parts.append(_e(s.url))
    if s.locator:
        parts.append(_e(s.locator))
    return ", ".join(parts)


def _fact(f: FactStats, for_print: bool) -> str:
    sources = "".join(f"<li>{_source(s, for_print)}</li>" for s in f.sources)
    asked = f"{f.questions} question" + ("" if f.questions == 1 else "s")
    return (
        f"<h3>{_e(f.statement) or _e(f.fact)}</h3>"
        f"<p>{percent(f.facility)} right, over {asked}."
        + (" Read up in:</p>" + f"<ul>{sources}</ul>" if sources else "</p>")
    )


def _facts(report: ClassReport, for_print: bool) -> str:
    if not report.facts:
        return ""
    facts = sorted(report.facts, key=lambda f: f.facility)
    return "<h2>Facts the class got wrong most</h2>" + "".join(_fact(f, for_print) for f in facts)


def report_html(report: ClassReport, for_print: bool = False) -> str:
    """The whole report as Qt rich text: every text from the report is escaped.

    ``for_print`` chooses black ink and grey header rows; otherwise no colour is set, so the
    text follows the palette. The histogram is an image at ``HISTOGRAM_URL``, which the
    document showing it must provide (``histogram_image``).
    """
    title = f"Class report — {report.pack_title} {report.pack_version}".rstrip()
    # On screen, a table 100% wide is at times a pixel too wide for the view (Qt rounds it
    # up): it would bring a horizontal scroll bar for nothing.
    full = "100%" if for_print else "99%"
    meta = (
        f"Class code: <b>{_e(report.code) or NONE}</b> &nbsp;·&nbsp; "
        f"Made: {_when(report.generated_at)} &nbsp;·&nbsp; "
        f"Marking: {_e(report.marking.label)}"
    )
    body = "".join(
        [
            f"<h1>{_e(title)}</h1>",
            f'<p class="meta">{meta}</p>',
            _notes(report),
            _roster(report, full),
            _rejected(report, full),
            _test(report),
            _questions(report, full),
            _facts(report, for_print),
        ]
    )
    return (
        f"<html><head><title>{_e(title)}</title><style>{_style(for_print)}</style></head>"
        f"<body>{body}</body></html>"
    )


# -- the histogram ------------------------------------------------------------------------------


def histogram_image(
    bins: Sequence[HistogramBin],
    ink: QColor,
    paper: QColor | None = None,
    scale: float = 1.0,
    font: QFont | None = None,
) -> QImage:
    """A bar chart of learners per score band: solid bars in ``ink``, axis in grey.

    Drawn at ``HISTOGRAM_SIZE`` times ``scale`` pixels; ``paper`` None leaves it transparent
    (on screen, over the palette's base). Counts are written over the bars, so the chart
    reads without colour.
    """
    width, height = HISTOGRAM_SIZE
    image = QImage(round(width * scale), round(height * scale), QImage.Format.Format_ARGB32)
    image.fill(paper if paper is not None else QColor(0, 0, 0, 0))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.scale(scale, scale)
        label_font = QFont(font) if font is not None else QFont()
        label_font.setPixelSize(11)
        painter.setFont(label_font)
        metrics = painter.fontMetrics()
        line = metrics.height()
        top, bottom = line + 4, height - 2 * line - 6
        left, right = metrics.horizontalAdvance("learners") + 8, width - 4
        most = max((b.count for b in bins), default=0) or 1
        grey = QColor(128, 128, 128)
        painter.setPen(QPen(grey, 1))
        painter.drawLine(QPointF(left, bottom), QPointF(right, bottom))
        painter.drawLine(QPointF(left, top), QPointF(left, bottom))
        painter.setPen(ink)
        left_align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(QRectF(0, bottom - line / 2, left - 6, line), left_align, "0")
        painter.drawText(QRectF(0, top - line / 2, left - 6, line), left_align, str(most))
        painter.drawText(
            QRectF(0, (top + bottom) / 2 - line / 2, left - 6, line), left_align, "learners"
        )
        painter.drawText(
            QRectF(left, height - line - 2, right - left, line),
            Qt.AlignmentFlag.AlignCenter,
            "score (% of the maximum)",
        )
        if not bins:
            return image
        step = (right - left) / len(bins)
        gap = min(6.0, step * 0.15)
        centre = Qt.AlignmentFlag.AlignCenter
        for i, b in enumerate(bins):
            x = left + i * step
            bar_height = (bottom - top) * b.count / most
            if b.count:
                painter.fillRect(
                    QRectF(x + gap / 2, bottom - bar_height, step - gap, bar_height), ink
                )
                painter.drawText(
                    QRectF(x, bottom - bar_height - line - 1, step, line), centre, str(b.count)
                )
            painter.drawText(QRectF(x, bottom + 3, step, line), centre, f"{b.low:.0f}–{b.high:.0f}")
    finally:
        painter.end()
    return image


# -- the PDF ------------------------------------------------------------------------------------


def _gui_app() -> QGuiApplication:
    """The running QGuiApplication, or a new QApplication (offscreen when Linux has no
    display). A QApplication rather than a bare QGuiApplication: the same process may open
    a window afterwards (or, in the test session, build widgets)."""
    global _app
    existing = QGuiApplication.instance()
    if existing is not None:
        if not isinstance(existing, QGuiApplication):
            raise RuntimeError("a PDF needs a QGuiApplication; a QCoreApplication is running")
        return existing
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication  # a widgets app, so a window can follow

    _app = QApplication([])
    return _app


def _print_font(points: float) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    font.setPointSizeF(points)
    # No "fi"/"fl" ligatures: the PDF's text then searches and copies as typed ("Sofia").
    for tag in ("liga", "clig"):
        name = QFont.Tag.fromString(tag)
        if name is not None:
            font.setFeature(name, 0)
    return font


_Unit = tuple[QTextBlock, float, float]  # a heading's block, and the top and bottom of its unit


def _units(doc: QTextDocument) -> list[_Unit]:
    """The headings (h2, h3), each with the height of what follows it up to the next one."""
    layout = doc.documentLayout()
    found: list[_Unit] = []
    block = doc.begin()
    while block.isValid():
        rect = layout.blockBoundingRect(block)
        if block.blockFormat().headingLevel() in (2, 3):
            found.append((block, rect.top(), rect.bottom()))
        elif found and rect.height() > 0:
            head, top, bottom = found[-1]
            found[-1] = (head, top, max(bottom, rect.bottom()))
        block = block.next()
    return found


def _next_break(found: Sequence[_Unit], start: int, page_height: float) -> int | None:
    """The first unit from ``start`` on that should begin a page, if any."""

    def page(y: float) -> int:
        return int(y // page_height)

    def first_on_page(i: int) -> bool:
        return i == 0 or page(found[i - 1][2] - 0.5) < page(found[i][1])

    def lead(i: int) -> bool:  # a section's heading and short intro, before its first part
        block, top, bottom = found[i]
        return (
            block.blockFormat().headingLevel() == 2
            and bottom - top < page_height / 6
            and i + 1 < len(found)
            and found[i + 1][0].blockFormat().headingLevel() == 3
        )

    for i in range(start, len(found)):
        _, top, bottom = found[i]
        last_page = page(bottom - 0.5)
        if lead(i) and page(found[i + 1][1]) > last_page:
            if not first_on_page(i):
                return i  # its section starts on the next page: go along
        elif page(top) != last_page and bottom - top <= page_height:
            if i > 0 and lead(i - 1) and page(found[i - 1][1]) == page(top):
                if bottom - found[i - 1][1] <= page_height and not first_on_page(i - 1):
                    return i - 1  # split: the section's heading goes along
            elif not first_on_page(i):
                return i  # split, and it fits on a page
    return None


def _keep_together(doc: QTextDocument, page_height: float) -> None:
    """Start a question, a fact or a section on a new page rather than split it (when it fits
    on one page), and never leave a section's heading and intro alone at the foot of a page.
    """
    start = 0
    while True:  # each page break moves what follows it: measure again from there
        found = _units(doc)
        move = _next_break(found, start, page_height)
        if move is None:
            return
        block = found[move][0]
        fmt = block.blockFormat()
        fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        QTextCursor(block).setBlockFormat(fmt)
        start = move + 1


def _render(report: ClassReport, writer: QPdfWriter) -> None:
    title = f"Class report — {report.pack_title} {report.pack_version}".rstrip()
    writer.setTitle(title)
    writer.setCreator("quizapp")

    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    doc.setDefaultFont(_print_font(9.5))
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)  # long paths, URLs
    doc.setDefaultTextOption(option)
    doc.setDocumentMargin(0)
    doc.addResource(
        QTextDocument.ResourceType.ImageResource,
        QUrl(HISTOGRAM_URL),
        histogram_image(
            report.test.histogram, QColor("black"), QColor("white"), PRINT_SCALE, doc.defaultFont()
        ),
    )
    doc.setHtml(report_html(report, for_print=True))

    page = writer.pageLayout().paintRectPixels(writer.resolution())
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError("the PDF could not be drawn")
    try:
        painter.setFont(_print_font(7.5))
        line = painter.fontMetrics().height()
        body = QSizeF(page.width(), page.height() - 2 * line)
        doc.setPageSize(body)
        _keep_together(doc, body.height())
        pages = doc.pageCount()
        context = QAbstractTextDocumentLayout.PaintContext()
        ink = QPalette()  # black whatever the desktop's palette (a dark one has white text)
        for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                     QPalette.ColorRole.Link):  # fmt: skip
            ink.setColor(role, QColor("black"))
        context.palette = ink
        for number in range(pages):
            if number:
                writer.newPage()
            area = QRectF(0, number * body.height(), body.width(), body.height())
            painter.save()
            painter.translate(0, -area.top())
            painter.setClipRect(area)
            context.clip = area
            doc.documentLayout().draw(painter, context)
            painter.restore()
            foot = body.height() + line * 0.6
            painter.setPen(QPen(QColor(128, 128, 128), 0))
            painter.drawLine(QPointF(0, foot), QPointF(body.width(), foot))
            painter.setPen(QColor("black"))
            text_box = QRectF(0, foot + line * 0.2, body.width(), line)
            painter.drawText(text_box, Qt.AlignmentFlag.AlignLeft, f"{title} · {report.code}")
            painter.drawText(text_box, Qt.AlignmentFlag.AlignRight, f"Page {number + 1} of {pages}")
    finally:
        painter.end()


def write_pdf(report: ClassReport, path: Path) -> None:
    """Write the report as an A4 PDF at ``path``: black on white, "Page n of m" at the foot.

    Raises:
        OSError: the file cannot be written.
    """
    _gui_app()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(16, 14, 16, 12),
            QPageLayout.Unit.Millimeter,
        )
    )
    _render(report, writer)
    del writer
    buffer.close()
    Path(path).write_bytes(data.data())
