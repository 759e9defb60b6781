"""Spreadsheets made for other tools: the layouts quizapp recognises by their header, the
column mappings a teacher gives for any other header, and the real files of other projects."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.core.columns import AnswerKey, ColumnMapping
from quizapp.core.model import Choice, Question, QuestionType
from quizapp.core.problems import PackInvalid, Problem
from quizapp.packs import registry
from quizapp.packs.csv_format import preview_csv, read_csv
from quizapp.packs.formats import ReadResult, line_citation

from ..helpers import gives_pack_or_problems

REAL = Path(__file__).parents[1] / "data" / "real"
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def table(header: list[str], *rows: list[str], delimiter: str = ",") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def read(data: bytes, columns: ColumnMapping | None = None) -> ReadResult:
    return read_csv(data, "quiz.csv", columns)


def problems_of(data: bytes, columns: ColumnMapping | None = None) -> list[Problem]:
    with pytest.raises(PackInvalid) as caught:
        read_csv(data, "quiz.csv", columns)
    return caught.value.problems


def answers(question: Question) -> list[tuple[str, bool]]:
    return [(c.text, c.correct) for c in question.choices]


OPTIONS = ["question", "option_a", "option_b", "option_c", "option_d", "correct_answer"]


# -- question, option_a … option_d, correct_answer, explanation ------------------------------


def test_option_columns_with_a_letter_key_make_a_multiple_choice_question() -> None:
    data = table(
        [*OPTIONS, "explanation"],
        [
            "Capital of France?",
            "Lyon",
            "Paris",
            "Nice",
            "Lille",
            "B",
            "Paris has been it since 987.",
        ],
    )
    (question,) = read(data).pack.questions
    assert question == Question(
        id="row-2",
        type=QuestionType.MULTIPLE_CHOICE,
        prompt="Capital of France?",
        choices=(
            Choice("Lyon", False),
            Choice("Paris", True),
            Choice("Nice", False),
            Choice("Lille", False),
        ),
        explanation="Paris has been it since 987.",
        citations=(line_citation(2),),
    )


def test_the_key_may_be_the_text_of_the_right_answer() -> None:
    data = table(OPTIONS, ["Capital of France?", "Lyon", "Paris", "Nice", "", "paris"])
    (question,) = read(data).pack.questions
    assert answers(question) == [("Lyon", False), ("Paris", True), ("Nice", False)]


def test_the_key_may_be_the_number_of_the_right_answer() -> None:
    data = table(OPTIONS, ["Capital of France?", "Lyon", "Paris", "Nice", "", "2"])
    (question,) = read(data).pack.questions
    assert question.correct_indexes == (1,)


@pytest.mark.parametrize("key", ["A, C", "A;C", "a c", "AC", "2, 5", "1 3"])
def test_several_keys_make_a_select_all_question(key: str) -> None:
    data = table(OPTIONS, ["Which are prime?", "2", "4", "5", "6", key])
    (question,) = read(data).pack.questions
    assert question.type is QuestionType.MULTIPLE_RESPONSE
    assert question.correct_indexes == (0, 2)


def test_the_header_is_matched_without_regard_to_case_and_spaces() -> None:
    data = table(
        [" QUESTION ", "Option A", "option-b", "Correct Answer", "Explanation"],
        ["Two?", "1", "2", "b", "One more than one."],
    )
    (question,) = read(data).pack.questions
    assert (question.prompt, question.correct_indexes) == ("Two?", (1,))


def test_a_misspelt_answer_is_not_read_as_letters_run_together() -> None:
    data = table(OPTIONS, ["Which?", "ant", "bee", "cat", "dog", "bad"])
    (problem,) = problems_of(data)
    assert problem.message.startswith('the correct answer "bad" names no choice')


def test_a_key_that_names_no_choice_is_an_error_on_its_row() -> None:
    data = table(
        OPTIONS,
        ["Fine?", "a", "b", "", "", "A"],
        ["Which?", "a", "b", "c", "", "E"],
        ["Empty?", "a", "b", "", "", ""],
    )
    first, second = problems_of(data)
    assert (first.line, first.path) == (3, "row 3, column correct_answer")
    assert first.message == (
        'the correct answer "E" names no choice: this row has 3 choices; write a letter '
        "(A to C), a number (1 to 3) or the text of a choice"
    )
    assert (second.line, second.message) == (
        4,
        "the correct answer is empty: name the right choice",
    )


# -- Question, Choices (joined with |), Correct, Explanation ----------------------------------


def test_joined_choices_are_split_on_the_bar() -> None:
    data = table(
        ["Question", "Choices", "Correct", "Explanation"],
        ["Best tool?", "A saw; a plane|A hammer|Glue", "B", "Hammers drive nails."],
    )
    (question,) = read(data).pack.questions
    assert answers(question) == [("A saw; a plane", False), ("A hammer", True), ("Glue", False)]
    assert question.explanation == "Hammers drive nails."


def test_the_real_dirtylittledata_file_imports_its_five_questions() -> None:
    path = REAL / "dirtylittledata_quiz_questions.csv"
    result = registry.read(path.read_bytes(), path.name)
    assert result.warnings == ()
    questions = result.pack.questions
    assert len(questions) == 5
    assert {q.type for q in questions} == {QuestionType.MULTIPLE_CHOICE}
    assert [len(q.choices) for q in questions] == [3, 4, 4, 4, 4]
    assert questions[0] == Question(
        id="row-2",
        type=QuestionType.MULTIPLE_CHOICE,
        prompt="What is a key difference between labeled data and unlabeled data in machine "
        "learning?",
        choices=(
            Choice(
                "Labeled data is used for unsupervised learning; unlabeled data is for "
                "supervised learning.",
                False,
            ),
            Choice(
                "Labeled data has specific output labels; unlabeled data lacks such annotations.",
                True,
            ),
            Choice(
                "Labeled data consists of raw information; unlabeled data includes tags that "
                "provide meaning.",
                False,
            ),
        ),
        explanation="Labeled data includes input-output pairs used for supervised learning, "
        "while unlabeled data lacks output labels and is used for unsupervised learning.",
        citations=(line_citation(2),),
    )
    assert [q.correct_indexes for q in questions] == [(1,), (1,), (1,), (1,), (2,)]


# -- Moodle's qformat_csv ---------------------------------------------------------------------


def test_the_real_moodle_csv_file_imports_its_six_questions() -> None:
    path = REAL / "hunterhqm_sampleMultichoice.csv"
    result = registry.read(path.read_bytes(), path.name)
    questions = result.pack.questions
    assert [q.type for q in questions] == [QuestionType.MULTIPLE_RESPONSE] * 3 + [
        QuestionType.MULTIPLE_CHOICE
    ] * 3
    assert questions[0] == Question(
        id="row-2",
        type=QuestionType.MULTIPLE_RESPONSE,
        prompt="这是All-or-Nothing多选题1，答案是（）？",
        choices=(
            Choice("选项A正确", True),
            Choice("选项B错误", False),
            Choice("选项C正确", True),
            Choice("选项D正确", True),
            Choice("选项E错误", False),
        ),
        explanation="通用反馈，正确答案ACD",
        citations=(line_citation(2),),
    )
    assert [q.correct_indexes for q in questions] == [
        (0, 2, 3),
        (0, 1, 2, 3),
        (0, 2, 3),
        (0,),
        (1,),
        (2,),
    ]
    (warning,) = result.warnings
    assert (warning.line, warning.severity) == (1, "warning")
    assert warning.message == (
        'the columns "multichoicename", "defaultmark", "qtype" were ignored: quizapp has no '
        "place for them (read as a Moodle CSV file)"
    )


def test_the_moodle_csv_plugins_layout_with_answer_columns() -> None:
    data = table(
        ["questionname", "questiontext", "A", "B", "C", "D", "Answer 1", "Answer 2"],
        ["Q1", "Which prints a file?", "print", "ptr", "lpr", "none", "C", ""],
        ["Q2", "Which are shells?", "bash", "zsh", "grep", "sed", "A", "B"],
    )
    first, second = read(data).pack.questions
    assert (first.type, first.correct_indexes) == (QuestionType.MULTIPLE_CHOICE, (2,))
    assert (second.type, second.correct_indexes) == (QuestionType.MULTIPLE_RESPONSE, (0, 1))


# -- Kahoot's spreadsheet template, saved as CSV ----------------------------------------------

# The rows above the header and the numbering column are those of Kahoot's quiz template
# (an .xlsx workbook) as a spreadsheet saves it as CSV.
KAHOOT = [
    ["", "Quiz template", "", "", "", "", "", ""],
    ["", "Add questions, at least two answer alternatives, time limit and correct answers."]
    + [""] * 6,
    ["", "If several answers are correct, separate them with a comma.", "", "", "", "", "", ""],
    ["", "", "", "", "", "", "", ""],
    [
        "",
        "Question - max 120 characters",
        "Answer 1 - max 75 characters",
        "Answer 2 - max 75 characters",
        "Answer 3 - max 75 characters",
        "Answer 4 - max 75 characters",
        "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
        "Correct answer(s) - choose at least one",
    ],
    ["1", "Which planet is largest?", "Mars", "Jupiter", "Venus", "Earth", "20", "2"],
    ["2", "Which are gas giants?", "Saturn", "Mercury", "Jupiter", "", "30", "1,3"],
]


def test_kahoots_template_saved_as_csv_is_read_below_its_instructions() -> None:
    result = read(table(*KAHOOT))
    first, second = result.pack.questions
    assert (first.prompt, first.correct_indexes) == ("Which planet is largest?", (1,))
    assert answers(second) == [("Saturn", True), ("Mercury", False), ("Jupiter", True)]
    assert second.type is QuestionType.MULTIPLE_RESPONSE
    assert result.lines == {"row-6": 6, "row-7": 7}
    (warning,) = result.warnings
    assert warning.message == (
        'the column "Time limit" was ignored: quizapp has no place for it (read as a Kahoot '
        "spreadsheet)"
    )


def test_a_kahoot_answer_number_is_never_read_as_a_choices_text() -> None:
    rows = [*KAHOOT[:5], ["1", "Biggest?", "3", "1", "2", "", "20", "1"]]
    (question,) = read(table(*rows)).pack.questions
    assert answers(question) == [("3", True), ("1", False), ("2", False)]


def test_a_kahoot_answer_number_past_the_answers_is_an_error() -> None:
    rows = [*KAHOOT[:5], ["1", "Which?", "a", "b", "", "", "20", "3"]]
    warning, problem = problems_of(table(*rows))
    assert (warning.severity, warning.line) == ("warning", 5)  # the time limit was ignored
    assert problem.line == 6
    assert problem.message.startswith('the correct answer "3" names no choice')


# -- any other header --------------------------------------------------------------------------


def test_an_unknown_header_says_which_columns_are_unknown_and_how_to_map_them() -> None:
    (problem,) = problems_of(table(["Frage", "Antwort", "explanation"], ["Zwei?", "2"]))
    assert problem.line == 1
    assert problem.message == (
        'unknown columns "Frage", "Antwort": map them with --columns "prompt=frage,…" or in '
        "the import dialog (if the first row is a question, add a header row above it)"
    )
    assert "does not start with a header row" not in problem.message


def test_a_mapping_reads_any_header() -> None:
    mapping = ColumnMapping.parse(
        "prompt=Frage,choices=Antwort *,correct=Lösung,explanation=Erklärung,tags=Thema,id=Nr"
    )
    data = table(
        ["Nr", "Frage", "Antwort 1", "Antwort 2", "Antwort 3", "Lösung", "Erklärung", "Thema"],
        ["zwei", "Eins plus eins?", "1", "2", "3", "2", "Zählen.", "Mathe; Zahlen"],
    )
    result = read(data, mapping)
    (question,) = result.pack.questions
    assert question == Question(
        id="zwei",
        type=QuestionType.MULTIPLE_CHOICE,
        prompt="Eins plus eins?",
        choices=(Choice("1", False), Choice("2", True), Choice("3", False)),
        explanation="Zählen.",
        citations=(line_citation(2),),
        tags=("Mathe", "Zahlen"),
    )
    assert result.warnings == ()  # the teacher chose what to leave out


def test_a_mapping_may_split_one_column_of_choices_and_say_how_keys_are_written() -> None:
    mapping = ColumnMapping.parse("prompt=q,choices=all,separator=/,correct=k,keys=numbers")
    (question,) = read(table(["q", "all", "k"], ["Odd?", "2 / 3 / 4", "2"]), mapping).pack.questions
    assert answers(question) == [("2", False), ("3", True), ("4", False)]


def test_a_mapping_overrides_a_layout_quizapp_recognises() -> None:
    mapping = ColumnMapping.parse("prompt=explanation,choices=option_*,correct=correct_answer")
    data = table([*OPTIONS, "explanation"], ["Ignored?", "a", "b", "", "", "A", "Asked."])
    assert read(data, mapping).pack.questions[0].prompt == "Asked."


def test_a_mapping_naming_a_column_the_file_lacks_says_so() -> None:
    mapping = ColumnMapping.parse("prompt=questoin,choices=option_*,correct=correct_answer")
    (problem,) = problems_of(table(OPTIONS, ["Q?", "a", "b", "", "", "A"]), mapping)
    assert problem.line == 1
    assert problem.message == (
        '--columns: no column is called "questoin" (did you mean "question"?); the header has '
        '"question", "option_a", "option_b", "option_c", "option_d", "correct_answer"'
    )


def test_the_letters_key_style_never_reads_a_choices_text() -> None:
    mapping = ColumnMapping("q", ("c*",), ("k",), keys=AnswerKey.LETTERS)
    data = table(["q", "c1", "c2", "k"], ["Which?", "B", "A", "A"])
    assert read(data, mapping).pack.questions[0].correct_indexes == (0,)


# -- lines, and the limits the common validation holds every format to --------------------------


def test_every_question_knows_the_line_its_row_starts_on() -> None:
    data = table(
        [*OPTIONS, "explanation"],
        ["One?", "a", "b", "", "", "A", "Two\nlines"],
        ["Two?", "a", "b", "", "", "B", ""],
    )
    assert read(data).lines == {"row-2": 2, "row-3": 4}


def test_the_own_layout_gives_every_question_its_line_too() -> None:
    data = table(["id", "prompt", "choice_a", "choice_b", "correct"], ["q1", "One?", "a", "b", "A"])
    assert read(data).lines == {"q1": 2}


def test_limits_are_left_to_the_common_validation_which_skips_the_question_at_its_line() -> None:
    data = table(
        ["id", "prompt", "choice_a", "choice_b", "correct", "tags"],
        ["ok", "Fine?", "a", "b", "A", ""],
        ["long", "x" * 30_001, "a", "b", "A", ""],
        ["no spaces please", "Id?", "a", "b", "A", ""],
        ["alone", "One choice?", "a", "", "A", ""],
        ["tagged", "Tags?", "a", "b", "A", ";".join(f"t{i}" for i in range(21))],
    )
    assert [q.id for q in read(data).pack.questions] == [
        "ok",
        "long",
        "no spaces please",
        "alone",
        "tagged",
    ]
    result = registry.read(data, "quiz.csv")
    assert [q.id for q in result.pack.questions] == ["ok"]
    assert [(w.line, w.severity) for w in result.warnings] == [(n, "warning") for n in (3, 4, 5, 6)]
    assert all("skipped" in w.message for w in result.warnings)


# -- the first rows, for the import dialog ---------------------------------------------------------


def test_the_preview_gives_the_header_the_first_rows_and_the_layout() -> None:
    data = table(["Frage", "Antwort"], *[[f"Q{i}?", str(i)] for i in range(10)])
    preview = preview_csv(data, "quiz.csv")
    assert preview.header == ("Frage", "Antwort")
    assert preview.rows[:2] == (("Q0?", "0"), ("Q1?", "1"))
    assert len(preview.rows) == 5
    assert preview.layout == ""


@pytest.mark.parametrize(
    ("name", "layout"),
    [
        ("dirtylittledata_quiz_questions.csv", "Question, Choices, Correct"),
        ("hunterhqm_sampleMultichoice.csv", "Moodle CSV file"),
    ],
)
def test_the_preview_names_a_layout_quizapp_recognises(name: str, layout: str) -> None:
    assert preview_csv((REAL / name).read_bytes(), name).layout == layout


def test_the_preview_finds_kahoots_header_below_its_instructions() -> None:
    preview = preview_csv(table(*KAHOOT), "kahoot.csv")
    assert (preview.header[1], preview.header_line, preview.layout) == (
        "Question - max 120 characters",
        5,
        "Kahoot spreadsheet",
    )


# -- arbitrary input ------------------------------------------------------------------------------

_names = st.sampled_from(
    [
        "question",
        "Question",
        "option_a",
        "option_b",
        "correct_answer",
        "Choices",
        "Correct",
        "explanation",
        "questiontext",
        "choices",
        "answer",
        "A",
        "B",
        "Answer 1",
        "Answer 2 - max 75 characters",
        "Question - max 120 characters",
        "Correct answer(s) - choose at least one",
        "prompt",
        "frage",
        "",
    ]
)
_cell = st.sampled_from(["", "A", "B;C", "1,3", "x|y|z", "ACD", "2", "true", '"', "\n"]) | st.text(
    max_size=8
)


@FAST
@given(
    st.lists(_names, min_size=1, max_size=9),
    st.lists(st.lists(_cell, max_size=10), max_size=6),
    st.integers(0, 3),
)
def test_any_table_under_a_known_header_gives_questions_or_problems(
    header: list[str], rows: list[list[str]], blank_rows_above: int
) -> None:
    data = table(*[[""] * 3] * blank_rows_above, header, *rows)
    gives_pack_or_problems(lambda: registry.read(data, "fuzz.csv"))


@FAST
@given(st.text(max_size=1500))
def test_any_text_with_a_kahoot_header_gives_questions_or_problems(text: str) -> None:
    data = table(*KAHOOT[:5]) + text.encode("utf-8", "surrogatepass")
    gives_pack_or_problems(lambda: read_csv(data, "fuzz.csv"))


@FAST
@given(
    st.lists(st.sampled_from(["q", "c1", "c2", "k", "x", ""]), min_size=1, max_size=6),
    st.lists(st.lists(_cell, max_size=7), max_size=5),
    st.sampled_from(
        [
            "prompt=q,choices=c*,correct=k",
            "prompt=q,choices=c1,separator=|,correct=k,keys=text",
            "prompt=x,choices=*,correct=k,keys=numbers,tags=x",
            "prompt=q,choices=c?,correct=k,keys=letters,id=x,explanation=c2",
        ]
    ),
)
def test_any_table_under_any_mapping_gives_questions_or_problems(
    header: list[str], rows: list[list[str]], spec: str
) -> None:
    mapping = ColumnMapping.parse(spec)
    gives_pack_or_problems(lambda: read_csv(table(header, *rows), "fuzz.csv", mapping))
