"""Turning questions, sources and results into the text a learner reads (escaped HTML)."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape

from quizapp.core.marking import CERTAINTY_NAMES
from quizapp.core.model import QuestionType
from quizapp.core.quiz import Answer, CitedSource, Outcome, QuizQuestion, format_points
from quizapp.ui.theme import colours

KEYS = "123456789"
LETTERS = "ABCDEFGHI"


def choice_key(qtype: QuestionType, index: int, letters: bool = False) -> str:
    """The key that picks a choice: T/F for true/false, else 1-9 (none past the ninth).

    With ``letters`` (certainty-based marking, where 1-3 say how sure), A-I instead.
    """
    if qtype is QuestionType.TRUE_FALSE:
        return ("T", "F")[index]
    keys = LETTERS if letters else KEYS
    return keys[index] if index < len(keys) else ""


def human_date(value: str) -> str:
    """ "1990-09-12" -> "12 September 1990"; partial dates stay partial."""
    parts = value.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {calendar.month_name[int(parts[1])]} {parts[0]}"
        if len(parts) == 2:
            return f"{calendar.month_name[int(parts[1])]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return value


def local_time(moment: datetime) -> str:
    """A time stored in UTC, as the learner's clock shows it."""
    return moment.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")


def duration(seconds: float) -> str:
    """3725 -> "1 h 2 min 5 s"; 65 -> "1 min 5 s"; 4.2 -> "4 s"."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours} h")
    if minutes or hours:
        parts.append(f"{minutes} min")
    parts.append(f"{secs} s")
    return " ".join(parts)


def clock_text(seconds: float) -> str:
    """A countdown: 272 -> "4:32"."""
    total = max(0, int(seconds + 0.999))
    minutes, secs = divmod(total, 60)
    return f"{minutes}:{secs:02d}"


def source_html(cited: CitedSource) -> str:
    """One source as a learner sees it: title (a link), author/publisher, date, where, quote."""
    s = cited.source
    title = escape(s.title)
    if s.url:
        title = f'<a href="{escape(s.url, quote=True)}">{title}</a>'
    byline = ", ".join(escape(x) for x in (s.author, s.publisher) if x)
    details = [x for x in (byline, escape(human_date(s.date)) if s.date else "") if x]
    text = f"<b>{title}</b>"
    if details:
        text += " — " + ", ".join(details)
    if cited.locator:
        text += f" · <i>{escape(cited.locator)}</i>"
    if cited.quote:
        text += f'<br><span style="background:{colours().quote_bg}">“{escape(cited.quote)}”</span>'
    return f"<li>{text}</li>"


def sources_html(sources: Sequence[CitedSource]) -> str:
    if not sources:
        return "<p><i>No sources of its own: see the fact's sources below.</i></p>"
    return "<ol>" + "".join(source_html(s) for s in sources) + "</ol>"


def right_answer(question: QuizQuestion) -> str:
    """The correct choice (or, for select-all-that-apply, every correct choice)."""
    return "; ".join(question.choices[i].text for i in question.correct_indexes)


def verdict_text(answer: Answer, question: QuizQuestion) -> str:
    """Right, partly right or wrong, in words (never by colour alone)."""
    if answer.outcome is Outcome.CORRECT:
        return "✔ Correct"
    right = right_answer(question)
    if answer.outcome is Outcome.UNANSWERED:
        return f"— Not answered. The answer is: {right}"
    if answer.outcome is Outcome.PARTIAL:
        return (
            f"◐ Partly right ({format_points(answer.credit)} of 1 point). "
            f"The full answer is: {right}"
        )
    return f"✘ Not quite. The answer is: {right}"


def explanation_html(question: QuizQuestion, answer: Answer | None) -> str:
    """The feedback of the chosen choice, the explanation, and the sources."""
    parts = []
    if answer is not None:
        for i in answer.selected:
            feedback = question.choices[i].feedback
            if feedback:
                label = f"{escape(question.choices[i].text)}: " if len(answer.selected) > 1 else ""
                parts.append(f"<p>{label}{escape(feedback)}</p>")
    if question.explanation:
        paragraphs = "".join(
            f"<p>{escape(p.strip())}</p>" for p in question.explanation.split("\n\n") if p.strip()
        )
        parts.append(f"<h3>Why</h3>{paragraphs}")
    parts.append(f"<h3>Sources</h3>{sources_html(question.sources)}")
    if question.fact_sources:
        parts.append(
            "<h4>More on the fact this question tests</h4>" + sources_html(question.fact_sources)
        )
    return "".join(parts)


def review_html(questions: Sequence[QuizQuestion], answers: dict[int, Answer]) -> str:
    """Every question of a finished quiz: prompt, your answer, the right one, why, sources."""
    c = colours()
    blocks = []
    for q in questions:
        answer = answers.get(q.position)
        right = right_answer(q)
        if answer is None or answer.outcome is Outcome.UNANSWERED:
            mine = "<i>not answered (counts as wrong)</i>"
            mark = f'<span style="color:{c.wrong}">— Not answered</span>'
        else:
            mine = escape("; ".join(q.choices[i].text for i in answer.selected))
            if answer.correct:
                mark = f'<span style="color:{c.right}">✔ Correct</span>'
            elif answer.outcome is Outcome.PARTIAL:
                mark = (
                    f'<span style="color:{c.wrong}">◐ Partly right '
                    f"({format_points(answer.credit)} of 1 point)</span>"
                )
            else:
                mark = f'<span style="color:{c.wrong}">✘ Wrong</span>'
        if q.type is QuestionType.MULTIPLE_RESPONSE:
            right += " (select all that apply)"
        sure = ""
        if answer is not None and answer.certainty is not None:
            name = CERTAINTY_NAMES[answer.certainty]
            sure = (
                f"<br>Your certainty: {answer.certainty} ({name}) · "
                f"marks: {format_points(answer.marks)}"
            )
        blocks.append(
            f'<a name="q{q.position + 1}"></a><h2>{q.position + 1}. {escape(q.prompt)}</h2>'
            f"<p><b>{mark}</b><br>Your answer: {mine}<br>Correct answer: <b>{escape(right)}</b>"
            f"{sure}</p>" + explanation_html(q, answer) + "<hr>"
        )
    return "".join(blocks)
