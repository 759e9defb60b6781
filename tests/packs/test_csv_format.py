"""CSV spreadsheets: the columns, what spreadsheets really write, every row problem at once."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.core.model import (
    Choice,
    Citation,
    Fact,
    Pack,
    PackInfo,
    Question,
    QuestionType,
    Source,
    true_false_choices,
)
from quizapp.core.problems import PackInvalid, Problem
from quizapp.packs import schema
from quizapp.packs.csv_format import (
    COLUMNS,
    escape_cell,
    read_csv,
    template_csv,
    unescape_cell,
    write_csv,
)
from quizapp.packs.formats import (
    IMPORTED_FILE_SOURCE,
    ReadResult,
    imported_file_source,
    line_citation,
)
from quizapp.packs.toml_pack import load_pack_file

from ..helpers import gives_pack_or_problems

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MC_HEADER = ["id", "prompt", "choice_a", "choice_b", "choice_c", "correct"]


def table(header: list[str], *rows: list[str], delimiter: str = ",") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def read(data: bytes, name: str = "quiz.csv") -> ReadResult:
    return read_csv(data, name)


def problems_of(data: bytes) -> list[Problem]:
    with pytest.raises(PackInvalid) as caught:
        read_csv(data, "quiz.csv")
    return caught.value.problems


def where(problems: list[Problem]) -> list[tuple[int | None, str]]:
    return [(p.line, p.path) for p in problems]


# -- the template ----------------------------------------------------------------------------


def test_the_template_has_the_header_and_imports_its_two_examples_cleanly() -> None:
    text = template_csv()
    assert text.splitlines()[0] == ",".join(COLUMNS)
    result = read(text.encode("utf-8"), "template.csv")
    assert result.warnings == ()
    first, second = result.pack.questions
    assert first.type is QuestionType.MULTIPLE_CHOICE
    assert second.type is QuestionType.TRUE_FALSE
    assert [s.title for s in result.pack.sources] == ["The Water Cycle for Schools"]
    assert first.citations[0].quote.startswith("Evaporation is the process")


def test_the_template_explains_its_examples_in_note_rows() -> None:
    rows = list(csv.reader(io.StringIO(template_csv())))
    notes = [row for row in rows if row[0].startswith("#")]
    assert len(notes) == 2
    assert "not imported" in notes[0][0]


# -- columns and types -----------------------------------------------------------------------


def test_the_header_names_every_column_once() -> None:
    assert len(COLUMNS) == len(set(COLUMNS)) == 29
    assert COLUMNS[:4] == ("id", "type", "prompt", "choice_a")
    assert COLUMNS[-2:] == ("tags", "difficulty")


def test_an_empty_type_is_inferred_from_correct() -> None:
    data = table(
        MC_HEADER,
        ["one", "Capital?", "Lyon", "Paris", "", "B"],
        ["many", "Even?", "2", "3", "4", "A;C"],
        ["tf", "Water is wet.", "", "", "", "TRUE"],
    )
    types = [q.type for q in read(data).pack.questions]
    assert types == [
        QuestionType.MULTIPLE_CHOICE,
        QuestionType.MULTIPLE_RESPONSE,
        QuestionType.TRUE_FALSE,
    ]


@pytest.mark.parametrize("correct", ["A;C", "A,C", "a c", " A ; c ", "C;A", "A;C;A"])
def test_several_correct_letters_may_be_separated_by_commas_semicolons_or_spaces(
    correct: str,
) -> None:
    data = table(MC_HEADER, ["q", "Even?", "2", "3", "4", correct])
    (question,) = read(data).pack.questions
    assert question.type is QuestionType.MULTIPLE_RESPONSE
    assert question.correct_indexes == (0, 2)


@pytest.mark.parametrize(
    ("correct", "answer"),
    [
        ("true", True),
        ("True", True),
        ("TRUE", True),
        ("T", True),
        ("yes", True),
        ("false", False),
        ("FALSE", False),
        ("f", False),
        ("no", False),
        ("WAHR", True),
        ("faux", False),
    ],
)
def test_true_false_answers_accept_the_words_spreadsheets_write(correct: str, answer: bool) -> None:
    data = table(["type", "prompt", "correct"], ["true_false", "Claim.", correct])
    (question,) = read(data).pack.questions
    assert question.answer is answer


def test_a_lone_f_means_choice_f_unless_the_type_says_true_false() -> None:
    header = ["prompt", *(f"choice_{x}" for x in "abcdef"), "correct"]
    data = table(header, ["Sixth?", "1", "2", "3", "4", "5", "6", "F"])
    (question,) = read(data).pack.questions
    assert question.type is QuestionType.MULTIPLE_CHOICE
    assert question.correct_indexes == (5,)


def test_true_false_feedback_a_goes_with_true_and_feedback_b_with_false() -> None:
    data = table(
        ["prompt", "correct", "feedback_a", "feedback_b"],
        ["Salt rain.", "false", "No: rain is fresh.", "Right."],
    )
    (question,) = read(data).pack.questions
    assert question.choices == true_false_choices(False, "No: rain is fresh.", "Right.")


def test_columns_may_come_in_any_order_and_any_case() -> None:
    data = table(
        ["Correct", "Choice B", "PROMPT", "choice-a", "Difficulty"],
        ["b", "Paris", "Capital?", "Lyon", "3"],
    )
    (question,) = read(data).pack.questions
    assert question.prompt == "Capital?"
    assert [(c.text, c.correct) for c in question.choices] == [("Lyon", False), ("Paris", True)]
    assert question.difficulty == 3


def test_an_unknown_column_is_a_warning_with_a_suggestion() -> None:
    data = table([*MC_HEADER, "corect"], ["q", "Capital?", "Lyon", "Paris", "", "B", "x"])
    result = read(data)
    (warning,) = result.warnings
    assert warning.severity == "warning"
    assert (
        warning.message
        == 'unknown column "corect" (column G) was ignored (did you mean "correct"?)'
    )


def test_missing_required_columns_are_one_error_naming_them() -> None:
    (problem,) = problems_of(table(["id", "prompt", "choice_a"], ["q", "Capital?", "Paris"]))
    assert problem.line == 1
    assert '"correct", "choice_b"' in problem.message


def test_choice_columns_are_not_needed_when_every_row_is_true_false() -> None:
    data = table(["prompt", "correct"], ["Water is wet.", "true"], ["Fire is cold.", "false"])
    assert [q.answer for q in read(data).pack.questions] == [True, False]


def test_a_file_without_a_header_row_is_refused_in_one_sentence() -> None:
    (problem,) = problems_of(b"What?,Paris,Lyon,A\n")
    assert problem.message.startswith('unknown columns "What?", "Paris", "Lyon", "A": map them')
    assert problem.message.endswith("(if the first row is a question, add a header row above it)")


def test_a_header_without_rows_is_refused() -> None:
    problems = problems_of(table(MC_HEADER))
    assert problems[-1].message == "has a header but no question rows"


# -- sources ---------------------------------------------------------------------------------


def test_identical_sources_are_merged_and_numbered_in_order() -> None:
    header = [*MC_HEADER, "source_title", "source_author", "source_locator"]
    data = table(
        header,
        ["q1", "One?", "a", "b", "", "A", "Atlas", "Ann", "p. 1"],
        ["q2", "Two?", "a", "b", "", "A", "Book", "", ""],
        ["q3", "Three?", "a", "b", "", "A", "Atlas", "Ann", "p. 9"],
    )
    pack = read(data).pack
    assert [(s.id, s.title, s.author) for s in pack.sources] == [
        ("src-1", "Atlas", "Ann"),
        ("src-2", "Book", ""),
    ]
    assert [q.citations for q in pack.questions] == [
        (Citation("src-1", "p. 1"),),
        (Citation("src-2"),),
        (Citation("src-1", "p. 9"),),
    ]


def test_a_row_without_a_source_title_cites_the_file_at_its_line() -> None:
    data = table(MC_HEADER, ["q1", "One?", "a", "b", "", "A"], ["q2", "Two?", "a", "b", "", "B"])
    pack = read(data, "Quiz.csv").pack
    assert pack.sources == (imported_file_source("Quiz.csv", "CSV"),)
    assert [q.citations for q in pack.questions] == [(line_citation(2),), (line_citation(3),)]


def test_source_details_without_a_title_are_an_error() -> None:
    data = table([*MC_HEADER, "source_quote"], ["q", "One?", "a", "b", "", "A", "words"])
    (problem,) = problems_of(data)
    assert problem.path == "row 2, column source_title"
    assert problem.message.startswith("source_quote is filled in but source_title is empty")


def test_a_date_or_address_the_toml_format_would_refuse_is_an_error() -> None:
    header = [*MC_HEADER, "source_title", "source_date", "source_url"]
    data = table(header, ["q", "One?", "a", "b", "", "A", "Atlas", "12/09/1990", "www.x.org"])
    assert [p.path for p in problems_of(data)] == [
        "row 2, column source_date",
        "row 2, column source_url",
    ]


# -- what spreadsheets write -----------------------------------------------------------------


def test_excel_byte_order_mark_is_allowed() -> None:
    data = b"\xef\xbb\xbf" + table(MC_HEADER, ["q", "One?", "a", "b", "", "A"])
    assert read(data).pack.questions[0].id == "q"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_detected(delimiter: str) -> None:
    data = table(MC_HEADER, ["q", "One, two?", "a;b", "c\td", "", "B"], delimiter=delimiter)
    (question,) = read(data).pack.questions
    assert (question.prompt, question.choices[1].text) == ("One, two?", "c\td")


def test_a_file_in_another_encoding_is_refused_with_how_to_save_it() -> None:
    data = "prompt,correct\nL'été est chaud.,true\n".encode("cp1252")
    (problem,) = problems_of(data)
    assert problem.line == 2
    assert problem.message.startswith(
        "is not UTF-8: in your spreadsheet choose Save As → CSV UTF-8"
    )


def test_an_excel_workbook_is_refused_with_how_to_save_it_as_csv() -> None:
    (problem,) = problems_of(b"PK\x03\x04" + b"\x00" * 100)
    assert "Excel .xlsx workbook" in problem.message
    assert "Save As → CSV UTF-8" in problem.message


def test_utf16_text_is_refused_with_how_to_save_it_as_utf8() -> None:
    (problem,) = problems_of("prompt,correct\nx,true\n".encode("utf-16"))
    assert problem.message.startswith("is UTF-16 text, not UTF-8")


def test_a_problem_is_reported_on_the_line_where_its_row_starts() -> None:
    data = table(
        [*MC_HEADER, "explanation"],
        ["q1", "Line one\nline two\nline three", "a", "b", "", "A", "Two\r\nlines"],
        ["q2", "Bad?", "a", "b", "", "Z", ""],
    )
    (problem,) = problems_of(data)
    assert (problem.line, problem.path) == (6, "row 3, column correct")


def test_cells_keep_their_line_breaks_as_newlines() -> None:
    data = table([*MC_HEADER, "explanation"], ["q", "One?", "a", "b", "", "A", "Two\r\nlines"])
    assert read(data).pack.questions[0].explanation == "Two\nlines"


def test_blank_rows_are_skipped_but_keep_the_spreadsheet_row_numbers() -> None:
    data = table(
        MC_HEADER,
        ["q1", "One?", "a", "b", "", "A"],
        [],
        ["", "", "", "", "", ""],
        ["", "Two?", "a", "b", "", "Q"],
    )
    (problem,) = problems_of(data)
    assert (problem.line, problem.path) == (5, "row 5, column correct")


def test_an_empty_id_becomes_the_row_number() -> None:
    data = table(MC_HEADER, ["", "One?", "a", "b", "", "A"], ["", "Two?", "a", "b", "", "A"])
    assert [q.id for q in read(data).pack.questions] == ["row-2", "row-3"]


def test_rows_whose_id_starts_with_a_hash_are_notes() -> None:
    data = table(MC_HEADER, ["# just a note", "", "", "", "", ""], ["q", "One?", "a", "b", "", "A"])
    result = read(data)
    assert [q.id for q in result.pack.questions] == ["q"]
    assert result.warnings == ()


def test_an_unclosed_quote_is_reported_where_its_row_starts() -> None:
    data = b'prompt,choice_a,choice_b,correct\nOne?,a,b,A\n"Two?,a,b,A\nThree?,a,b,A\n'
    (problem,) = problems_of(data)
    assert problem.line == 3
    assert "never closed" in problem.message


def test_cells_past_the_header_are_ignored_with_a_warning() -> None:
    data = table(MC_HEADER, ["q", "One?", "a", "b", "", "A", "stray"])
    (warning,) = read(data).warnings
    assert warning.message.startswith("has 7 cells but the header has 6 columns")


def test_the_formula_guard_is_removed_but_a_typed_apostrophe_stays() -> None:
    data = table(MC_HEADER, ["q", "'=1+1", "'-2", "'hello", "", "A"])
    (question,) = read(data).pack.questions
    assert question.prompt == "=1+1"
    assert [c.text for c in question.choices] == ["-2", "'hello"]


# -- validation ------------------------------------------------------------------------------


def test_every_row_problem_is_reported_at_once_and_nothing_imports() -> None:
    header = [*MC_HEADER, "type", "difficulty"]
    long_prompt = "x" * (schema.LIMITS["prompt"] + 1)
    data = table(
        header,
        ["ok", "Fine?", "a", "b", "", "A", "", ""],
        ["r3", "Essay?", "a", "b", "", "A", "essay", ""],
        ["r4", "Empty C?", "a", "b", "", "C", "", ""],
        ["r5", "None?", "a", "b", "", "", "multiple_choice", ""],
        ["r6", "Two?", "a", "b", "c", "A;B", "multiple_choice", ""],
        ["r7", "Alone?", "a", "", "", "A", "", ""],
        ["r8", "Hard?", "a", "b", "", "A", "", "6"],
        ["ok", "Again?", "a", "b", "", "A", "", ""],
        ["r10", long_prompt, "a", "b", "", "A", "", ""],
        ["r11", "TF?", "", "", "", "B", "true_false", ""],
    )
    problems = problems_of(data)
    assert all(p.severity == "error" for p in problems)
    # One choice (row 7) and a prompt over the limit (row 10) are for the validation every
    # format goes through (packs.validate): it skips such a question with a warning.
    assert where(problems) == [
        (3, "row 3, column type"),
        (4, "row 4, column correct"),
        (5, "row 5, column correct"),
        (6, "row 6, column correct"),
        (8, "row 8, column difficulty"),
        (9, "row 9, column id"),
        (11, "row 11, column correct"),
    ]
    assert problems[5].message == 'id "ok" is used twice (first on row 2)'


def test_an_invalid_id_is_left_to_the_common_validation() -> None:
    result = read(table(MC_HEADER, ["no spaces", "One?", "a", "b", "", "A"]))
    assert [q.id for q in result.pack.questions] == ["no spaces"]
    assert result.lines == {"no spaces": 2}


def test_a_letter_with_true_false_type_is_an_error_and_the_reverse_too() -> None:
    header = ["type", "prompt", "choice_a", "choice_b", "correct"]
    data = table(
        header, ["true_false", "A?", "", "", "A"], ["multiple_choice", "B?", "x", "y", "true"]
    )
    messages = [p.message for p in problems_of(data)]
    assert messages[0].startswith("a true_false question needs correct to be true or false")
    assert messages[1].startswith('correct is "true", but a multiple_choice question needs')


def test_tags_are_split_on_semicolons_and_commas() -> None:
    data = table([*MC_HEADER, "tags"], ["q", "One?", "a", "b", "", "A", "europe; capitals,europe"])
    assert read(data).pack.questions[0].tags == ("europe", "capitals")


# -- writing ---------------------------------------------------------------------------------


def _pack(*questions: Question, sources: tuple[Source, ...] = ()) -> Pack:
    return Pack(PackInfo("p", "P", "1.0.0"), sources, (), questions)


def test_write_starts_with_a_byte_order_mark_and_the_header() -> None:
    data = write_csv(_pack(), {}).data
    assert data.startswith(b"\xef\xbb\xbf" + ",".join(COLUMNS).encode() + b"\r\n")


def test_write_puts_a_quote_before_cells_a_spreadsheet_would_run() -> None:
    choices = (Choice("=HYPERLINK(1)", True), Choice("+1", False), Choice("@x", False))
    question = Question("q", QuestionType.MULTIPLE_CHOICE, "-2 or more?", choices)
    rows = list(csv.reader(io.StringIO(write_csv(_pack(question), {}).data.decode("utf-8-sig"))))
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert [cells[c] for c in ("prompt", "choice_a", "choice_b", "choice_c")] == [
        "'-2 or more?",
        "'=HYPERLINK(1)",
        "'+1",
        "'@x",
    ]


@pytest.mark.parametrize("value", ["=x", "'=x", "''=x", "'x", "-", "\t=", "plain", "'"])
def test_escaping_a_cell_is_undone_exactly(value: str) -> None:
    assert unescape_cell(escape_cell(value)) == value


def test_write_puts_true_false_answers_and_feedback_in_their_columns() -> None:
    question = Question(
        "tf", QuestionType.TRUE_FALSE, "Claim.", true_false_choices(False, "No", "Yes")
    )
    rows = list(
        csv.DictReader(io.StringIO(write_csv(_pack(question), {}).data.decode("utf-8-sig")))
    )
    assert {k: v for k, v in rows[0].items() if v} == {
        "id": "tf",
        "type": "true_false",
        "prompt": "Claim.",
        "correct": "false",
        "feedback_a": "No",
        "feedback_b": "Yes",
    }


def test_write_keeps_the_first_citation_and_warns_about_the_rest() -> None:
    sources = (Source("a", "Atlas", author="Ann"), Source("b", "Book"))
    citations = (Citation("a", "p. 1", "words"), Citation("b"), Citation("a", "p. 2"))
    question = Question(
        "q", QuestionType.TRUE_FALSE, "Claim.", true_false_choices(True), citations=citations
    )
    result = write_csv(_pack(question, sources=sources), {})
    (cite,) = read(result.data).pack.questions[0].citations
    assert cite.locator == "p. 1"
    assert result.warnings == (
        'question "q": only its first source fits in the CSV columns; 2 more citations left out',
    )


def test_write_skips_a_question_with_more_choices_than_columns() -> None:
    choices = tuple(Choice(f"c{i}", i == 0) for i in range(9))
    question = Question("big", QuestionType.MULTIPLE_CHOICE, "Nine?", choices)
    result = write_csv(_pack(question), {})
    assert result.data.count(b"\r\n") == 1
    assert result.warnings[0].startswith('question "big" skipped: it has 9 choices')


def test_a_toml_pack_exported_and_imported_keeps_its_questions(mini_pack_path: Path) -> None:
    pack = load_pack_file(mini_pack_path)
    result = write_csv(pack, {})
    again = read(result.data, "mini.csv").pack
    assert [
        (q.id, q.type, q.prompt, q.choices, q.explanation, q.tags) for q in again.questions
    ] == [(q.id, q.type, q.prompt, q.choices, q.explanation, q.tags) for q in pack.questions]
    # A question whose sources come from its fact keeps them.
    assert again.questions[1].citations == (Citation("src-1", "p. 12", "Paris, capital of France"),)
    assert any("links to facts" in w for w in result.warnings)


def test_a_fact_without_citations_leaves_the_question_citing_nothing_but_the_file() -> None:
    pack = Pack(
        PackInfo("p", "P", "1.0.0"),
        (),
        (Fact("f", "A fact."),),
        (Question("q", QuestionType.TRUE_FALSE, "Claim.", true_false_choices(True), fact="f"),),
    )
    again = read(write_csv(pack, {}).data).pack
    assert again.questions[0].citations == (line_citation(2),)


# -- properties ------------------------------------------------------------------------------

_text = (
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc"))
        | st.sampled_from(["\n", "\t", '"', ",", ";", "'", "=", "+", "-", "@", "#"]),
        min_size=1,
        max_size=25,
    )
    .map(lambda s: s.strip())
    .filter(bool)
)
_optional = st.one_of(st.just(""), _text)
_tag = st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=10)


@st.composite
def _questions(draw: st.DrawFn, number: int) -> tuple[Question, Source | None]:
    qtype = draw(st.sampled_from(list(QuestionType)))
    if qtype is QuestionType.TRUE_FALSE:
        choices = true_false_choices(draw(st.booleans()), draw(_optional), draw(_optional))
    else:
        texts = draw(st.lists(_text, min_size=2, max_size=8))
        if qtype is QuestionType.MULTIPLE_CHOICE:
            right = {draw(st.integers(0, len(texts) - 1))}
        else:
            right = set(draw(st.lists(st.integers(0, len(texts) - 1), min_size=1)))
        choices = tuple(Choice(t, i in right, draw(_optional)) for i, t in enumerate(texts))
    source = draw(st.none() | st.builds(Source, st.just(f"s{number}"), _text, _optional))
    citations = (Citation(source.id, draw(_optional), draw(_optional)),) if source else ()
    question = Question(
        id=f"q{number}",
        type=qtype,
        prompt=draw(_text),
        choices=choices,
        explanation=draw(_optional),
        citations=citations,
        tags=tuple(dict.fromkeys(draw(st.lists(_tag, max_size=3)))),
        difficulty=draw(st.none() | st.integers(1, 5)),
    )
    return question, source


def _essence(q: Question) -> tuple[object, ...]:
    return (q.id, q.type, q.prompt, q.choices, q.explanation, q.tags, q.difficulty)


def _cited(pack: Pack, q: Question) -> tuple[str, str, str, str] | None:
    """What a question cites, by content: source title and author, locator, quote."""
    (cite,) = q.citations or (None,)
    if cite is None or cite.source == IMPORTED_FILE_SOURCE:
        return None
    source = pack.source_map()[cite.source]
    return (source.title, source.author, cite.locator, cite.quote)


@FAST
@given(st.data())
def test_any_expressible_pack_survives_write_and_read(data: st.DataObject) -> None:
    drawn = [data.draw(_questions(i)) for i in range(data.draw(st.integers(1, 4)))]
    sources = tuple(s for _, s in drawn if s is not None)
    pack = Pack(PackInfo("p", "P", "1.0.0"), sources, (), tuple(q for q, _ in drawn))
    result = write_csv(pack, {})
    assert result.warnings == ()
    again = read(result.data).pack
    assert [_essence(q) for q in again.questions] == [_essence(q) for q in pack.questions]
    assert [_cited(again, q) for q in again.questions] == [_cited(pack, q) for q in pack.questions]


def _only_pack_invalid(data: bytes) -> None:
    gives_pack_or_problems(lambda: read_csv(data, "fuzz.csv"))


@FAST
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_questions_or_problems(data: bytes) -> None:
    _only_pack_invalid(data)


@FAST
@given(st.text(max_size=2000))
def test_arbitrary_text_gives_questions_or_problems(text: str) -> None:
    _only_pack_invalid(text.encode("utf-8", "surrogatepass"))


_cell = st.sampled_from(["", "A", "B;C", "true", "x", "multiple_choice", "9", '"', "\n"]) | st.text(
    max_size=8
)


@FAST
@given(
    st.lists(st.sampled_from([*COLUMNS, "junk", ""]), min_size=1, max_size=12),
    st.lists(st.lists(_cell, max_size=14), max_size=6),
    st.sampled_from([",", ";", "\t"]),
)
def test_arbitrary_tables_give_questions_or_problems(
    header: list[str], rows: list[list[str]], delimiter: str
) -> None:
    _only_pack_invalid(table(header, *rows, delimiter=delimiter))


def test_the_example_in_the_documentation_imports_as_described() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "formats.md").read_text(encoding="utf-8")
    example = doc.split("```csv\n")[1].split("```")[0]
    result = read(example.encode("utf-8"), "example.csv")
    assert result.warnings == ()
    assert [q.type for q in result.pack.questions] == [
        QuestionType.MULTIPLE_CHOICE,
        QuestionType.MULTIPLE_RESPONSE,
        QuestionType.TRUE_FALSE,
    ]
    assert result.pack.questions[1].citations == (line_citation(3),)
    assert doc.split("```text\n")[1].split("\n")[0] == ",".join(COLUMNS)
