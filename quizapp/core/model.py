"""Packs, sources, facts and questions as plain immutable dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class QuestionType(StrEnum):
    """The kinds of question quizapp can ask."""

    MULTIPLE_CHOICE = "multiple_choice"  # one correct choice
    TRUE_FALSE = "true_false"
    MULTIPLE_RESPONSE = "multiple_response"  # select all that apply: one or more correct


class SourceKind(StrEnum):
    """What sort of document a source is."""

    ARTICLE = "article"
    TREATY = "treaty"
    SPEECH = "speech"
    INTERVIEW = "interview"
    LETTER = "letter"
    BOOK = "book"
    REPORT = "report"
    DATASET = "dataset"
    OTHER = "other"


TRUE_TEXT = "True"
FALSE_TEXT = "False"


@dataclass(frozen=True, slots=True)
class Citation:
    """A pointer into a source: which source, where in it, and the exact words."""

    source: str
    locator: str = ""
    quote: str = ""


@dataclass(frozen=True, slots=True)
class Image:
    """A picture shown with a prompt or a choice: a file inside a .quizpack."""

    path: str
    alt: str = ""


@dataclass(frozen=True, slots=True)
class Source:
    """A document that facts and questions cite."""

    id: str
    title: str
    author: str = ""
    publisher: str = ""
    date: str = ""
    url: str = ""
    kind: SourceKind = SourceKind.OTHER
    note: str = ""


@dataclass(frozen=True, slots=True)
class Fact:
    """A sourced statement that questions are built from."""

    id: str
    statement: str
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class Choice:
    """One answer a learner can pick, with what they are told when they pick it.

    Attributes:
        penalty: what picking this (wrong) choice costs under the penalty marking scheme, as a
            share of a mark (GIFT ``~%-25%`` gives 0.25); None: the scheme's own rule.
    """

    text: str
    correct: bool
    feedback: str = ""
    image: Image | None = None
    penalty: float | None = None


@dataclass(frozen=True, slots=True)
class Question:
    """A question with its choices, explanation and citations.

    True/false questions carry two choices, "True" then "False", so that a quiz can treat
    every question alike; ``answer`` gives the boolean back.
    """

    id: str
    type: QuestionType
    prompt: str
    choices: tuple[Choice, ...]
    explanation: str = ""
    citations: tuple[Citation, ...] = ()
    fact: str | None = None
    tags: tuple[str, ...] = ()
    difficulty: int | None = None
    shuffle: bool = True
    image: Image | None = None

    @property
    def answer(self) -> bool | None:
        """The correct answer of a true/false question, else None."""
        if self.type is not QuestionType.TRUE_FALSE:
            return None
        return self.choices[0].correct

    @property
    def correct_indexes(self) -> tuple[int, ...]:
        """Positions of the correct choices."""
        return tuple(i for i, c in enumerate(self.choices) if c.correct)


def true_false_choices(
    answer: bool, feedback_true: str = "", feedback_false: str = ""
) -> tuple[Choice, Choice]:
    """The two choices of a true/false question, "True" first."""
    return (
        Choice(TRUE_TEXT, answer, feedback_true),
        Choice(FALSE_TEXT, not answer, feedback_false),
    )


@dataclass(frozen=True, slots=True)
class PackInfo:
    """What a pack says about itself."""

    id: str
    title: str
    version: str
    language: str = "en"
    authors: tuple[str, ...] = ()
    license: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class Pack:
    """A complete pack: its details, sources, facts and questions."""

    info: PackInfo
    sources: tuple[Source, ...] = ()
    facts: tuple[Fact, ...] = ()
    questions: tuple[Question, ...] = ()

    def source_map(self) -> dict[str, Source]:
        """Sources by id."""
        return {s.id: s for s in self.sources}

    def fact_map(self) -> dict[str, Fact]:
        """Facts by id."""
        return {f.id: f for f in self.facts}

    def image_paths(self) -> set[str]:
        """Paths of the images the pack's questions and choices show."""
        paths = {q.image.path for q in self.questions if q.image}
        paths |= {c.image.path for q in self.questions for c in q.choices if c.image}
        return paths
