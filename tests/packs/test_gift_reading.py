"""Where quizapp reads GIFT better than Moodle: categories, TeX, heavy penalties, blank lines.

Moodle's own reading (``parse_gift`` with the default ``Reading.MOODLE``) stays exactly as
test_gift.py says; ``read_gift`` reads with ``Reading.QUIZAPP`` and tells the teacher, at the
line, wherever Moodle would read the file otherwise.
"""

from __future__ import annotations

import pytest

from quizapp.core.model import Choice, QuestionType
from quizapp.core.problems import PackInvalid, Problem
from quizapp.packs.formats import ReadResult
from quizapp.packs.gift import BRACE_ERROR, GiftItem, Reading, parse_gift, read_gift


def read(text: str) -> ReadResult:
    return read_gift(text.encode("utf-8"), "quiz.gift")


def problems(text: str) -> list[Problem]:
    with pytest.raises(PackInvalid) as caught:
        read(text)
    return caught.value.problems


def texts(result: ReadResult) -> list[tuple[str, list[str]]]:
    return [(q.prompt, [c.text for c in q.choices]) for q in result.pack.questions]


def warned(result: ReadResult) -> list[tuple[int | None, str]]:
    return [(w.line, w.message) for w in result.warnings]


# -- 1. a category is one line ---------------------------------------------------------------


def test_a_question_right_after_a_category_line_is_imported() -> None:
    result = read("$CATEGORY: Unit 1\n::Q1:: 2+2? {=4 ~5}")
    (q,) = result.pack.questions
    assert (q.id, q.prompt, q.tags) == ("q1", "2+2?", ("Unit 1",))
    assert q.choices == (Choice("4", True), Choice("5", False))
    assert result.lines == {"q1": 2}


def test_a_question_right_after_a_category_line_is_noted_at_the_category_line() -> None:
    result = read("$CATEGORY: Unit 1\n::Q1:: 2+2? {=4 ~5}")
    assert warned(result) == [
        (
            1,
            "add a blank line after this category line: quizapp reads line 2 as a question, "
            "but Moodle would take it for part of the category's name",
        )
    ]


def test_the_quizapp_reading_splits_the_category_line_from_its_block() -> None:
    parsed = parse_gift("$CATEGORY: tom/dick\n::Q1::Is it?{T}", Reading.QUIZAPP)
    assert parsed.items == (
        GiftItem(1, "category", category="tom/dick"),
        GiftItem(2, "truefalse", name="Q1", text="Is it?", correct=True),
    )
    assert [n.line for n in parsed.notes] == [1]


def test_moodles_reading_still_swallows_the_question_into_the_category() -> None:
    parsed = parse_gift("$CATEGORY: Unit 1\n::Q1:: 2+2? {=4 ~5}")
    assert parsed.items == (GiftItem(1, "category", category="Unit 1\n::Q1:: 2+2? {=4 ~5}"),)
    assert parsed.notes == ()


def test_comment_lines_after_a_category_line_belong_to_the_question_below() -> None:
    result = read("// switch\n$CATEGORY: A\n// [id:first] [tag:easy]\nQ?{T}\n\nR?{T}")
    assert [(q.id, q.tags) for q in result.pack.questions] == [
        ("first", ("A", "easy")),
        ("q-line-6", ("A",)),
    ]
    assert result.lines == {"first": 4, "q-line-6": 6}
    assert [line for line, _ in warned(result)] == [2]


def test_a_category_line_followed_only_by_comments_needs_no_note() -> None:
    result = read("$CATEGORY: A\n// nothing here\n\nQ?{T}")
    assert result.warnings == ()
    assert result.pack.questions[0].tags == ("A",)


def test_two_category_lines_in_a_row_keep_the_second() -> None:
    result = read("$CATEGORY: A\n$CATEGORY: B\nQ?{T}")
    assert result.pack.questions[0].tags == ("B",)
    assert [line for line, _ in warned(result)] == [1, 2]


# -- 2. TeX braces ---------------------------------------------------------------------------

SIN = "::T:: Value of $\\sin(90)$? {~0 =1 ~$\\dfrac{1}{2}$ ~$\\sqrt{2}$}"


def test_braces_inside_tex_are_text_and_the_answers_are_found() -> None:
    result = read(SIN)
    assert texts(result) == [
        ("Value of $\\sin(90)$?", ["0", "1", "$\\dfrac{1}{2}$", "$\\sqrt{2}$"])
    ]
    assert result.pack.questions[0].correct_indexes == (1,)


def test_tex_that_moodle_would_misread_is_noted_at_the_question() -> None:
    (warning,) = read(SIN).warnings
    assert warning.line == 1
    assert warning.message == (
        'question "T": its TeX $\\dfrac{1}{2}$ and $\\sqrt{2}$ is read as written, braces '
        "included; Moodle would read the { } in it as GIFT syntax and garble the question "
        "(for Moodle, put a backslash before each)"
    )


@pytest.mark.parametrize(
    ("tex", "shown"),
    [
        ("$$\\frac{a}{b}$$", "$$\\frac{a}{b}$$"),
        ("\\(\\frac{a}{b}\\)", "\\(\\frac{a}{b}\\)"),
        ("\\[\\frac{a}{b}\\]", "\\[\\frac{a}{b}\\]"),
        ("$\\frac{a}{b}$", "$\\frac{a}{b}$"),
    ],
)
def test_every_tex_delimiter_keeps_its_braces(tex: str, shown: str) -> None:
    result = read(f"Which is {tex}? {{=the quotient ~{tex} ~the sum}}")
    assert texts(result) == [(f"Which is {shown}?", ["the quotient", shown, "the sum"])]


def test_an_equals_sign_inside_tex_does_not_start_an_answer() -> None:
    result = read("Solve $2x = 22$. {~$x = \\sqrt{25}$ =$x = 11$ ~$x = 2^{3}$}")
    assert texts(result) == [("Solve $2x = 22$.", ["$x = \\sqrt{25}$", "$x = 11$", "$x = 2^{3}$"])]
    assert result.pack.questions[0].correct_indexes == (1,)


def test_tex_in_a_question_that_has_braces_in_it_is_taken_as_written() -> None:
    # \\ and \n are GIFT escapes, but a teacher who leaves TeX braces unescaped writes
    # plain TeX: \\ is its line break and \neq its "not equal".
    result = read("Simplify $\\dfrac{x^2 - 9}{x - 3}$ (for $x \\neq 3$, $a \\\\ b$) {T}")
    assert texts(result) == [
        ("Simplify $\\dfrac{x^2 - 9}{x - 3}$ (for $x \\neq 3$, $a \\\\ b$)", ["True", "False"])
    ]


def test_tex_written_for_moodle_reads_as_moodle_reads_it() -> None:
    result = read("Half is $\\\\dfrac\\{1\\}\\{2\\}$ and $1 \\\\neq 0$. {T}")
    assert texts(result) == [("Half is $\\dfrac{1}{2}$ and $1 \\neq 0$.", ["True", "False"])]
    assert result.warnings == ()


def test_tex_that_moodle_reads_the_same_way_is_not_noted() -> None:
    result = read("The area is $A = \\pi r^2$. {T}")
    assert texts(result) == [("The area is $A = \\pi r^2$.", ["True", "False"])]
    assert result.warnings == ()


def test_dollar_amounts_are_not_tex() -> None:
    result = read("It costs $5 and $10 more? {=$15 ~$5}\n\nPay $ 3 or $4? {=$4 ~$3}")
    assert texts(result) == [
        ("It costs $5 and $10 more?", ["$15", "$5"]),
        ("Pay $ 3 or $4?", ["$4", "$3"]),
    ]
    assert result.warnings == ()


def test_a_dollar_span_that_would_hold_an_answer_separator_is_not_tex() -> None:
    result = read("Pick {=$USD ~$EUR ~$GBP}")
    assert texts(result) == [("Pick", ["$USD", "$EUR", "$GBP"])]


def test_braces_outside_tex_skip_the_question_naming_their_lines() -> None:
    result = read("::Set:: Is {x} a set? {\n=yes\n~no\n}\n\nOK?{T}")
    assert texts(result) == [("OK?", ["True", "False"])]
    assert warned(result) == [
        (
            1,
            'question "Set" skipped: it has braces besides those around its answers (lines 1 '
            "and 4), which would garble it: write a brace that is text as \\{ or \\}, and TeX "
            "between $ $ or \\( \\) with its braces in pairs; if these are two questions, put "
            "a blank line between them",
        )
    ]


def test_unbalanced_tex_braces_skip_the_question_instead_of_garbling_it() -> None:
    result = read("::Half:: What is $\\dfrac{1}{2$? {=a half ~two}\n\nOK?{T}")
    assert texts(result) == [("OK?", ["True", "False"])]
    ((line, message),) = warned(result)
    assert line == 1
    assert message.startswith(
        'question "Half" skipped: it has braces besides those around its '
        "answers (line 1), which would garble it"
    )


def test_two_questions_without_a_blank_line_are_skipped_not_merged() -> None:
    result = read("::Q1:: Sky? {\n=blue\n~red\n}\n::Q2:: Round? {T}\n\nOK?{T}")
    assert [q.prompt for q in result.pack.questions] == ["OK?"]
    ((line, message),) = warned(result)
    assert line == 1
    assert "besides those around its answers (lines 1, 4 and 5)" in message
    assert message.endswith("if these are two questions, put a blank line between them")


def test_moodles_reading_of_tex_braces_is_unchanged() -> None:
    (item,) = parse_gift(SIN).items
    assert item.text == "Value of $\\sin(90)$? {2}$ ~$\\sqrt{2}$}"
    assert [a.text for a in item.answers] == ["0", "1", "$\\dfrac{1"]


# -- 3. negative weights are penalties -------------------------------------------------------


def test_negative_weights_are_the_penalties_of_their_choices() -> None:
    (q,) = read("Pick {=right ~%-25%wrong ~%-100%bad ~other}").pack.questions
    assert [c.penalty for c in q.choices] == [None, 0.25, 1.0, None]


@pytest.mark.parametrize(("weight", "shown"), [("-150", "-150%"), ("-200", "-200%")])
def test_a_weight_under_minus_100_percent_is_a_whole_mark_with_a_warning(
    weight: str, shown: str
) -> None:
    result = read(f"::P:: Pick {{=right ~%{weight}%wrong ~other}}")
    (q,) = result.pack.questions
    assert [c.penalty for c in q.choices] == [None, 1.0, None]
    assert warned(result) == [
        (
            1,
            f'question "P": the weight {shown} of choice "wrong" costs more than a whole '
            "mark; its penalty is a whole mark (1)",
        )
    ]


def test_a_select_all_weight_under_minus_100_percent_is_a_whole_mark_too() -> None:
    result = read("Pick all {~%50%a ~%50%b ~%-200%c ~%-50%d}")
    (q,) = result.pack.questions
    assert q.type is QuestionType.MULTIPLE_RESPONSE
    assert [c.penalty for c in q.choices] == [None, None, 1.0, None]  # -50%: 1 / 2 wrong
    assert len(result.warnings) == 1


def test_moodle_refuses_a_weight_under_minus_100_percent() -> None:
    (error,) = parse_gift("::P:: Pick {=right ~%-150%wrong ~other}").errors
    assert error.message.startswith("Grades (-1.5) do not match grade options")


# -- 4. a blank line inside braces -----------------------------------------------------------


def test_a_blank_line_inside_braces_is_named_in_both_errors() -> None:
    found = problems("Who's buried in Grant's tomb?\n{\n\n    =Grant\n\n    ~no one\n}\n")
    hint = (
        " (a blank line ends a GIFT question, even inside braces: lines 3 and 5, between the "
        "{ on line 2 and the } on line 7, are blank; remove them)"
    )
    assert [(p.line, p.message) for p in found] == [
        (1, BRACE_ERROR + hint),
        (6, BRACE_ERROR + hint),
    ]


def test_one_blank_line_inside_braces_is_named() -> None:
    found = problems("::Q:: Pick {\n=a\n\n~b\n}")
    assert [p.line for p in found] == [1, 4]
    assert found[0].message == (
        BRACE_ERROR + " (a blank line ends a GIFT question, even inside braces: line 3, "
        "between the { on line 1 and the } on line 5, is blank; remove it)"
    )


def test_a_line_holding_only_0_inside_braces_is_named_as_such() -> None:
    found = problems("::Q:: Pick {\n=a\n0\n~b\n}")
    assert "line 3, between the { on line 1 and the } on line 5, is blank or just 0;" in (
        found[0].message
    )


def test_an_unclosed_brace_without_a_blank_line_after_it_has_no_hint() -> None:
    found = problems("::Q:: Pick {=a ~b\n\n::R:: Is it? {T}")
    assert [(p.line, p.message) for p in found] == [(1, BRACE_ERROR)]


# -- lines -----------------------------------------------------------------------------------


def test_every_question_read_has_its_first_line() -> None:
    result = read("// intro\n\n// [id:a]\nA?{T}\n\n::B::\nB?\n{=x ~y}\n\nEssay {}\n\n::C::C?{F}")
    assert result.lines == {"a": 4, "b": 6, "c": 12}
