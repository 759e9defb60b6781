"""A real Aiken file written by a teacher (tests/data/real/SOURCES.md): what it imports."""

from __future__ import annotations

from pathlib import Path

from quizapp.core.model import QuestionType
from quizapp.packs import registry
from quizapp.packs.formats import ReadResult

REAL = Path(__file__).parent.parent / "data" / "real"
BIOLOGY = "kabanowa47_sample_quiz.txt"


def read_real(name: str) -> ReadResult:
    return registry.read((REAL / name).read_bytes(), name)


def test_the_biology_quiz_is_detected_as_aiken() -> None:
    assert registry.detect(BIOLOGY, (REAL / BIOLOGY).read_bytes()) == "aiken"


def test_the_biology_quiz_imports_its_four_questions_without_a_warning() -> None:
    result = read_real(BIOLOGY)
    assert len(result.pack.questions) == 4
    assert all(q.type is QuestionType.MULTIPLE_CHOICE for q in result.pack.questions)
    assert result.warnings == ()


def test_the_trailing_tab_of_a_question_line_is_not_part_of_its_prompt() -> None:
    second = read_real(BIOLOGY).pack.questions[1]
    assert second.prompt == "How many chromosomes does an individual human person have?"
    assert [(c.text, c.correct) for c in second.choices] == [
        ("23", False),
        ("46", True),
        ("64", False),
        ("82", False),
        ("2", False),
    ]


def test_a_line_of_only_a_space_and_a_tab_separates_questions() -> None:
    result = read_real(BIOLOGY)
    assert result.lines == {
        "which-of-the-following-represents-the-largest-group-of-biologica": 1,
        "how-many-chromosomes-does-an-individual-human-person-have": 9,
        "which-of-the-following-organisms-is-a-vertabrate": 17,
        "many-animals-protect-themselves-with-an-exoskeleton-which-of-the": 25,
    }
    assert [q.correct_indexes for q in result.pack.questions] == [(0,), (1,), (0,), (0,)]
