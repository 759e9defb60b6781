"""Real teachers' GIFT files (tests/data/real, see SOURCES.md there): what imports, and that
nothing comes in garbled."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from quizapp.core.model import Choice, Question, QuestionType
from quizapp.packs import registry
from quizapp.packs.formats import ReadResult

REAL = Path(__file__).parent.parent / "data" / "real"
MC, TF, MR = (
    QuestionType.MULTIPLE_CHOICE,
    QuestionType.TRUE_FALSE,
    QuestionType.MULTIPLE_RESPONSE,
)
GIFT_FILES = [
    "yohanes_example.gift",
    "giftplay_ejemplo-basico.gift",
    "giftplay_ejemplo-matematicas.gift",
    "giftplay_ejemplo-gift.txt",
]
# What a TeX span may hold; anything else in braces would be left over from an answer block.
TEX = re.compile(r"\$\$.*?\$\$|\$[^$\n]*\$|\\\(.*?\\\)|\\\[.*?\\\]")


def read(name: str) -> ReadResult:
    return registry.read((REAL / name).read_bytes(), name)


def types(result: ReadResult) -> Counter[QuestionType]:
    return Counter(q.type for q in result.pack.questions)


def warned(result: ReadResult) -> list[tuple[int | None, str]]:
    return [(w.line, w.message) for w in result.warnings]


def answer_lines(name: str, question: Question, result: ReadResult) -> int:
    """How many answers the file gives the question: lines starting ~ or = in its braces,
    or the ~ and = marks of a one-line answer block."""
    lines = [TEX.sub("", line) for line in (REAL / name).read_text(encoding="utf-8").split("\n")]
    start = result.lines[question.id] - 1
    end = next(i for i in range(start, len(lines)) if "}" in lines[i])
    if end == start or "{" in lines[end]:
        inside = lines[end][lines[end].index("{") + 1 : lines[end].rindex("}")]
        return len(re.findall(r"(?<!\\)[~=]", inside.split("####")[0]))
    return sum(line.strip()[:1] in ("~", "=") for line in lines[start + 1 : end])


@pytest.mark.parametrize("name", GIFT_FILES)
def test_no_real_file_gives_a_garbled_question(name: str) -> None:
    result = read(name)
    assert result.format == "gift"
    assert set(result.lines) == {q.id for q in result.pack.questions}
    for q in result.pack.questions:
        for text in (q.prompt, q.explanation, *(c.text for c in q.choices)):
            assert not re.search(r"[{}]", TEX.sub("", text)), (q.id, text)
        if q.type is not TF:
            assert len(q.choices) == answer_lines(name, q, result), q.id


def test_yohanes_imports_its_html_multiple_choice_and_skips_the_matching() -> None:
    result = read("yohanes_example.gift")
    assert types(result) == {MC: 1}
    (q,) = result.pack.questions
    assert (q.prompt, [c.text for c in q.choices], q.correct_indexes) == (
        "Who is Indonesia's 1st president?",
        ["Ir. Sukarno", "Moh. Hatta", "Sukarno Hatta", "Suharto"],
        (0,),
    )
    assert result.lines == {q.id: 1}
    assert warned(result) == [
        (
            8,
            'matching question "Match each definition about space below" skipped: quizapp '
            "has no matching questions",
        )
    ]


def test_giftplay_basico_imports_all_8_questions_without_warnings() -> None:
    result = read("giftplay_ejemplo-basico.gift")
    assert types(result) == {MC: 5, TF: 2, MR: 1}
    assert result.warnings == ()
    assert list(result.lines.values()) == [4, 11, 18, 20, 27, 34, 41, 43]
    historia = result.pack.questions[1]
    assert historia.choices[1] == Choice(
        "1492", True, "¡Exacto! Cristóbal Colón llegó a América en 1492"
    )
    biologia = result.pack.questions[5]
    assert [(c.correct, c.penalty) for c in biologia.choices] == [
        (True, None),
        (True, None),
        (False, 1.0),
        (False, 1.0),
    ]
    assert [q.answer for q in result.pack.questions if q.type is TF] == [True, False]


def test_giftplay_ejemplo_gift_imports_9_questions_and_skips_the_short_answer() -> None:
    result = read("giftplay_ejemplo-gift.txt")
    assert types(result) == {MC: 5, TF: 2, MR: 2}
    assert list(result.lines.values()) == [5, 8, 11, 20, 23, 34, 41, 49, 57]
    assert warned(result) == [
        (31, 'short answer question "Q6" skipped: quizapp has no short answer questions')
    ]
    by_line = {result.lines[q.id]: q for q in result.pack.questions}
    assert by_line[8].choices[0].feedback == "Incorrecto, sale por el Este"
    assert [c.text for c in by_line[34].choices] == ["= 2 + 2", "= 2 + 3", "= 2 + 4"]
    assert by_line[41].prompt == "¿Cuál es la capital de **Francia**?"
    assert by_line[49].explanation == "Colón llegó a América en su primer viaje en 1492"
    assert by_line[57].correct_indexes == (0, 1, 3)


def tex_note(label: str, tex: str, chars: str) -> str:
    return (
        f'question "{label}": its TeX {tex} is read as written, braces included; Moodle would '
        f"read the {chars} in it as GIFT syntax and garble the question (for Moodle, put a "
        "backslash before each)"
    )


def test_giftplay_matematicas_imports_all_8_questions_with_their_tex() -> None:
    result = read("giftplay_ejemplo-matematicas.gift")
    got = [
        (result.lines[q.id], q.type, q.prompt, [c.text for c in q.choices], q.correct_indexes)
        for q in result.pack.questions
    ]
    assert got == [
        (
            5,
            MC,
            "¿Cuál es el valor de $x$ en la ecuación $\\dfrac{2x - 4}{3} = 6$?",
            ["$x = \\sqrt{25}$", "$x = \\dfrac{21}{3}$", "$x = 2^3 + 3$", "$x = 11$"],
            (3,),
        ),
        (
            12,
            TF,
            "El área de un círculo de radio $r$ se calcula con la fórmula $A = \\pi r^2$.",
            ["True", "False"],
            (0,),
        ),
        (
            14,
            MC,
            "Simplifica la expresión: $\\dfrac{x^2 - 9}{x - 3}$ (cuando $x \\neq 3$)",
            ["$x - 3$", "$x + 9$", "$x + 3$", "$x^2 + 3$"],
            (2,),
        ),
        (
            21,
            MC,
            "¿Cuánto vale $\\sin(90°)$?",
            ["0", "1", "$\\dfrac{1}{2}$", "$\\sqrt{2}$"],
            (1,),
        ),
        (
            28,
            MC,
            "La derivada de $f(x) = x^3$ es:",
            ["$x^2$", "$\\dfrac{x^4}{4}$", "$3x^2$", "$3x$"],
            (2,),
        ),
        (
            36,
            MR,
            "¿Qué afirmaciones son correctas sobre el sistema? "
            "$$\\begin{cases} x + y = 5 \\\\ x - y = 1 \\end{cases}$$",
            [
                "La solución es $x = 3, y = 2$",
                "Se puede resolver por el método de sustitución",
                "No tiene solución",
                "Tiene infinitas soluciones",
            ],
            (0, 1),
        ),
        (
            43,
            TF,
            "Al lanzar un dado justo, la probabilidad de obtener un número par es $\\dfrac{1}{2}$.",
            ["True", "False"],
            (0,),
        ),
        (
            45,
            MC,
            "¿Cuál es la pendiente de la recta $y = 3x + 5$?",
            ["5", "3", "$\\dfrac{5}{3}$", "8"],
            (1,),
        ),
    ]
    assert [c.penalty for c in result.pack.questions[5].choices] == [None, None, 1.0, 1.0]
    assert warned(result) == [
        (
            5,
            tex_note(
                "Ecuaciones",
                "$\\dfrac{2x - 4}{3} = 6$, $x = \\sqrt{25}$, $x = \\dfrac{21}{3}$ and 2 more",
                "{ } =",
            ),
        ),
        (14, tex_note("Álgebra", "$\\dfrac{x^2 - 9}{x - 3}$ and $x \\neq 3$", "{ } \\")),
        (21, tex_note("Trigonometría", "$\\dfrac{1}{2}$ and $\\sqrt{2}$", "{ }")),
        (28, tex_note("Cálculo", "$\\dfrac{x^4}{4}$", "{ }")),
        (
            36,
            tex_note(
                "Sistemas de ecuaciones",
                "$$\\begin{cases} x + y = 5 \\\\ x - y = 1 \\end{cases}$$ and $x = 3, y = 2$",
                "{ } = \\",
            ),
        ),
        (43, tex_note("Probabilidad", "$\\dfrac{1}{2}$", "{ }")),
        (45, tex_note("Funciones", "$\\dfrac{5}{3}$", "{ }")),
    ]


def test_the_real_files_keep_their_attribution() -> None:
    sources = (REAL / "SOURCES.md").read_text(encoding="utf-8")
    for name in GIFT_FILES:
        assert f"| `{name}` |" in sources
