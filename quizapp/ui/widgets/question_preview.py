"""A question shown as a learner will see it, before and after answering (editor preview)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.model import Choice, Image, QuestionType, Source, SourceKind, true_false_choices
from quizapp.core.quiz import Answer, CitedSource, Outcome, QuizQuestion
from quizapp.ui import theme
from quizapp.ui.render import choice_key, explanation_html, verdict_text


def _source(raw: dict[str, Any]) -> Source:
    kind = raw.get("kind", "other")
    return Source(
        id=str(raw.get("id", "")),
        title=str(raw.get("title", "")) or "(untitled source)",
        author=str(raw.get("author", "")),
        publisher=str(raw.get("publisher", "")),
        date=str(raw.get("date", "")),
        url=str(raw.get("url", "")),
        kind=SourceKind(kind) if kind in SourceKind._value2member_map_ else SourceKind.OTHER,
    )


def _cited(citations: Any, sources: dict[str, Source]) -> tuple[CitedSource, ...]:
    out = []
    for c in citations if isinstance(citations, list) else []:
        if isinstance(c, dict) and c.get("source") in sources:
            out.append(
                CitedSource(
                    sources[c["source"]], str(c.get("locator", "")), str(c.get("quote", ""))
                )
            )
    return tuple(out)


def question_from_doc(doc: dict[str, Any], item: dict[str, Any]) -> QuizQuestion:
    """The learner's view of a question being edited (lenient: a draft may be incomplete)."""
    sources = {str(s.get("id")): _source(s) for s in doc.get("sources", []) if isinstance(s, dict)}
    facts = {str(f.get("id")): f for f in doc.get("facts", []) if isinstance(f, dict)}
    qtype = item.get("type")
    if qtype == QuestionType.TRUE_FALSE.value:
        choices: tuple[Choice, ...] = true_false_choices(
            bool(item.get("answer")),
            str(item.get("feedback_true", "")),
            str(item.get("feedback_false", "")),
        )
        kind = QuestionType.TRUE_FALSE
    else:
        kind = (
            QuestionType.MULTIPLE_RESPONSE
            if qtype == QuestionType.MULTIPLE_RESPONSE.value
            else QuestionType.MULTIPLE_CHOICE
        )
        choices = tuple(
            Choice(str(c.get("text", "")), bool(c.get("correct")), str(c.get("feedback", "")))
            for c in item.get("choices", [])
            if isinstance(c, dict)
        )
    fact = facts.get(str(item.get("fact", "")), {})
    explanation = str(item.get("explanation", "")) or str(fact.get("statement", ""))
    image = item.get("image")
    own = _cited(item.get("sources"), sources)
    return QuizQuestion(
        position=0,
        question_id=None,
        key=str(item.get("id", "")),
        type=kind,
        prompt=str(item.get("prompt", "")),
        choices=choices,
        explanation=explanation,
        sources=own,
        fact=str(item.get("fact", "")),
        fact_sources=tuple(c for c in _cited(fact.get("sources"), sources) if c not in own),
        image=Image(str(image.get("path", "")), str(image.get("alt", "")))
        if isinstance(image, dict)
        else None,
    )


class QuestionPreview(QWidget):
    """Prompt, picture and choices as in the quiz; with "Show the answer", the marks,
    the explanation and the sources a learner gets after answering.

    Attributes:
        prompt_label, image_label: the question.
        choice_buttons: the choices (not clickable here).
        answer_check: show the answered state.
        verdict_label, explanation_view: what a learner sees after answering correctly.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompt_label = QLabel()
        self.prompt_label.setObjectName("preview_prompt")
        self.prompt_label.setWordWrap(True)
        self.prompt_label.setTextFormat(Qt.TextFormat.PlainText)
        theme.emphasize(self.prompt_label, 1.2, bold=True)
        self.image_label = QLabel()
        self.image_label.setObjectName("preview_image")
        self.choices = QVBoxLayout()
        self.choice_buttons: list[QPushButton] = []
        self.answer_check = QCheckBox("Show the &answer, explanation and sources")
        self.answer_check.setObjectName("answer_check")
        self.answer_check.setAccessibleName("Show the answer in the preview")
        self.answer_check.setChecked(True)
        self.verdict_label = QLabel()
        self.verdict_label.setObjectName("preview_verdict")
        self.verdict_label.setWordWrap(True)
        self.explanation_view = QTextBrowser()
        self.explanation_view.setObjectName("preview_explanation")
        self.explanation_view.setAccessibleName("Preview of the explanation and sources")
        self.explanation_view.setOpenExternalLinks(True)
        self.explanation_view.setSizePolicy(
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.image_label)
        layout.addLayout(self.choices)
        layout.addWidget(self.answer_check)
        layout.addWidget(self.verdict_label)
        layout.addWidget(self.explanation_view, 1)
        self.answer_check.toggled.connect(lambda _on: self._refresh())
        self._question: QuizQuestion | None = None
        self._images: dict[str, bytes] = {}

    def show_question(self, question: QuizQuestion, images: dict[str, bytes]) -> None:
        self._question = question
        self._images = images
        self._refresh()

    def _refresh(self) -> None:
        q = self._question
        if q is None:
            return
        self.prompt_label.setText(q.prompt or "(no prompt yet)")
        data = self._images.get(q.image.path) if q.image else None
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.image_label.setPixmap(pixmap.scaled(360, 220, Qt.AspectRatioMode.KeepAspectRatio))
            self.image_label.show()
        else:
            self.image_label.hide()
        for b in self.choice_buttons:
            self.choices.removeWidget(b)
            b.hide()
            b.deleteLater()
        self.choice_buttons = []
        show = self.answer_check.isChecked()
        correct = q.correct_indexes
        for i, choice in enumerate(q.choices):
            key = choice_key(q.type, i)
            box = "☐ " if q.type is QuestionType.MULTIPLE_RESPONSE else ""
            text = f"{box}{key}   {choice.text or '(empty choice)'}"
            if show and choice.correct:
                text += "   — ✔ correct answer"
            button = QPushButton(text)
            button.setProperty("role", "choice")
            button.setProperty("state", "right" if show and choice.correct else "")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAccessibleName(f"Preview choice {i + 1}: {choice.text}")
            self.choices.addWidget(button)
            self.choice_buttons.append(button)
        self.verdict_label.setVisible(show)
        self.explanation_view.setVisible(show)
        if show and correct:
            answer = Answer(
                0,
                correct[0] if q.type is not QuestionType.MULTIPLE_RESPONSE else None,
                Outcome.CORRECT,
                picks=correct if q.type is QuestionType.MULTIPLE_RESPONSE else (),
                credit=1.0,
            )
            self.verdict_label.setText(
                verdict_text(answer, q) + " (as a learner who answered right sees it)"
            )
            self.explanation_view.setHtml(explanation_html(q, answer))
        elif show:
            self.verdict_label.setText("No correct choice yet.")
            self.explanation_view.setHtml(explanation_html(q, None))
