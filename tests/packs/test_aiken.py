"""Aiken files: read as Moodle reads them (cases.md section E), written back without surprises."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.core.model import (
    Choice,
    Citation,
    Image,
    Pack,
    PackInfo,
    Question,
    QuestionType,
    Source,
    true_false_choices,
)
from quizapp.core.problems import PackInvalid
from quizapp.packs import registry
from quizapp.packs.aiken import looks_like_aiken, read_aiken, write_aiken
from quizapp.packs.formats import ReadResult, imported_file_source, line_citation

from ..helpers import gives_pack_or_problems

FIXTURES = Path(__file__).parent.parent / "data" / "formats-aiken"
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_fixture(name: str) -> ReadResult:
    return read_aiken((FIXTURES / name).read_bytes(), name)


def read(text: str, name: str = "quiz.txt") -> ReadResult:
    return read_aiken(text.encode("utf-8"), name)


def answers(q: Question) -> list[tuple[str, bool]]:
    return [(c.text, c.correct) for c in q.choices]


def warnings_of(result: ReadResult) -> list[tuple[int | None, str]]:
    return [(w.line, w.message) for w in result.warnings]


def mc(qid: str, prompt: str, texts: list[str], correct: int) -> Question:
    choices = tuple(Choice(t, i == correct) for i, t in enumerate(texts))
    return Question(qid, QuestionType.MULTIPLE_CHOICE, prompt, choices)


def pack_of(*questions: Question) -> Pack:
    return Pack(PackInfo("p", "P", "1.0.0"), (Source("book", "A book"),), (), questions)


# -- Moodle's own files ------------------------------------------------------------------------


def test_moodle_acceptance_file_gives_its_two_questions() -> None:
    result = read_fixture("moodle_aiken_fixture_questions.aiken.txt")
    first, _ = result.pack.questions
    assert first.prompt == "The Moodle project was started by:"
    assert first.type is QuestionType.MULTIPLE_CHOICE
    assert answers(first) == [
        ("Petr Skoda", False),
        ("Martin Dougiamas", True),
        ("Eloy Lafuente", False),
        ("Tim Hunt", False),
    ]
    assert result.warnings == ()


def test_html_characters_stay_as_typed_because_quizapp_shows_plain_text() -> None:
    result = read_fixture("moodle_aiken_fixture_questions.aiken.txt")
    assert result.pack.questions[1].prompt == (
        "Moodle's abilities include handling user input that includes "
        '<html class="cool"> & images:'
    )


def test_true_and_false_options_become_a_true_false_question() -> None:
    result = read_fixture("moodle_aiken_fixture_questions.aiken.txt")
    question = result.pack.questions[1]
    assert question.type is QuestionType.TRUE_FALSE
    assert question.answer is True
    assert question.choices == true_false_choices(True)


def test_error_fixture_imports_exactly_the_three_good_questions() -> None:
    result = read_fixture("moodle_aiken_fixture_aiken_errors.txt")
    good, second, third = result.pack.questions
    assert good.prompt == "A good question"
    assert answers(good) == [("Correct", True), ("Incorrect", False)]
    assert second.prompt == "A second good question"
    assert answers(second) == [("Incorrect (No space)", False), ("Correct (No space)", True)]
    assert third.prompt == "A third good question with HTML chars such as > < &"
    assert answers(third) == [("Correct (< > &)", True), ("Incorrect (< > &)", False)]


def test_error_fixture_reports_moodles_messages_as_warnings_on_their_lines() -> None:
    result = read_fixture("moodle_aiken_fixture_aiken_errors.txt")
    assert all(w.severity == "warning" for w in result.warnings)
    got = warnings_of(result)
    expected = [
        (3, "Question must have at least 2 answers on line 3"),
        (5, "Question not started on line 5"),
        (7, "Question not started on line 7"),
        (18, "Question not completed before next question start on line 18"),
    ]
    assert [line for line, _ in got] == [line for line, _ in expected]
    for (_, message), (_, moodle) in zip(got, expected, strict=True):
        assert message.startswith(moodle)


def test_a_skipped_question_is_named_in_its_warning() -> None:
    result = read_fixture("moodle_aiken_fixture_aiken_errors.txt")
    assert '"A question with too few answers" was skipped' in result.warnings[0].message
    assert '"A question started but not finished" was skipped' in result.warnings[3].message


def test_moodle_demo_export_gives_five_questions() -> None:
    result = read_fixture("datasets_aiken_aiken_1.txt")
    questions = result.pack.questions
    assert len(questions) == 5
    assert questions[1].prompt == (
        "During the month of September 2013, Moodle ran a successful MOOC for teachers new "
        "to Moodle. What was the name of the course?"
    )
    assert answers(questions[1]) == [
        ("Teaching with Moodle", True),
        ("Moodle MOOC", False),
        ("Moodle for Teachers", False),
    ]
    assert [c.text for c in questions[4].choices] == [".", ".", ".", "."]


# -- the rules, case by case -------------------------------------------------------------------


def test_options_may_end_their_letter_with_a_dot() -> None:
    text = "What number am I thinking of?\nA. 34\nB. 78\nC. 42\nD. 9\nE. 5\nANSWER: C\n"
    (question,) = read(text).pack.questions
    assert answers(question) == [
        ("34", False),
        ("78", False),
        ("42", True),
        ("9", False),
        ("5", False),
    ]


def test_a_lowercase_answer_line_starts_a_new_question() -> None:
    text = "First?\nA) x\nB) y\nAnswer: B\nSecond?\nA) a\nB) b\nANSWER: A\n"
    result = read(text)
    assert [q.prompt for q in result.pack.questions] == ["Second?"]
    assert [line for line, _ in warnings_of(result)] == [4, 5]
    assert result.warnings[0].message.startswith(
        "Question not completed before next question start on line 4"
    )


def test_an_answer_letter_out_of_range_skips_the_question_with_a_warning() -> None:
    result = read("Bad?\nA) x\nB) y\nANSWER: E\n\nGood?\nA) x\nB) y\nANSWER: B\n")
    assert [q.prompt for q in result.pack.questions] == ["Good?"]
    (warning,) = result.warnings
    assert warning.line == 4
    assert '"E", which is not one of the options (A to B)' in warning.message


def test_text_after_the_answer_letter_is_ignored() -> None:
    (question,) = read("Which?\nA) w\nB) x\nC) y\nANSWER: B (x)\n").pack.questions
    assert question.correct_indexes == (1,)
    assert question.type is QuestionType.MULTIPLE_CHOICE


@pytest.mark.parametrize("letters", ["B,D", "B, D", "B D", "B;D", "B , D", "B and D", "B, and D"])
def test_several_answer_letters_make_a_select_all_that_apply_question(letters: str) -> None:
    result = read(f"Which?\nA) w\nB) x\nC) y\nD) z\nANSWER: {letters}\n")
    (question,) = result.pack.questions
    assert question.type is QuestionType.MULTIPLE_RESPONSE
    assert answers(question) == [("w", False), ("x", True), ("y", False), ("z", True)]


def test_a_select_all_that_apply_answer_is_reported_at_its_line() -> None:
    result = read("Which are planets?\nA) Mars\nB) Venus\nC) Pluto\nD) Moon\nANSWER: A,B,C\n")
    (warning,) = result.warnings
    assert (warning.line, warning.severity) == (6, "warning")
    assert warning.message == (
        'ANSWER on line 6 gives 3 letters (A, B, C): the question "Which are planets?" was '
        "imported as a select-all-that-apply question (Moodle would mark only A correct)"
    )


def test_a_bad_answer_after_more_than_26_options_is_a_warning_not_a_crash() -> None:
    options = "\n".join(f"{chr(65 + i % 26)}) option {i}" for i in range(27))
    result = read(f"Many?\n{options}\nANSWER: 1\n\nTwo?\nA) x\nB) y\nANSWER: A\n")
    assert [q.prompt for q in result.pack.questions] == ["Two?"]
    assert '"1", which is not one of the options (A to Z)' in result.warnings[0].message


def test_several_answer_letters_with_one_not_an_option_skip_the_question() -> None:
    result = read("Bad?\nA) x\nB) y\nANSWER: A, E\n\nGood?\nA) x\nB) y\nANSWER: B\n")
    assert [q.prompt for q in result.pack.questions] == ["Good?"]
    (warning,) = result.warnings
    assert warning.line == 4
    assert 'ANSWER on line 4 gives "E", which is not one of the options (A to B)' in (
        warning.message
    )


def test_the_same_answer_letter_twice_is_one_correct_choice() -> None:
    result = read("Which?\nA) w\nB) x\nANSWER: B, B\n")
    (question,) = result.pack.questions
    assert (question.type, question.correct_indexes) == (QuestionType.MULTIPLE_CHOICE, (1,))
    assert result.warnings == ()


def test_a_question_text_on_two_lines_loses_its_first_line() -> None:
    result = read("Line one of the stem\nline two?\nA) yes\nB) no\nANSWER: A\n")
    assert [q.prompt for q in result.pack.questions] == ["line two?"]
    assert result.warnings[0].message.startswith(
        "Question not completed before next question start on line 2"
    )


def test_question_text_that_looks_like_an_option_is_not_a_question() -> None:
    text = "U.S. presidents: who was first?\nA) Washington\nB) Lincoln\nANSWER: A\n"
    with pytest.raises(PackInvalid) as caught:
        read(text + "\n")
    messages = [p.message for p in caught.value.problems]
    assert messages[0].startswith("has no question that could be imported")
    assert [m.split(":")[0] for m in messages[1:]] == [
        f"Question not started on line {n}" for n in (1, 2, 3, 4)
    ]


def test_lines_shorter_than_two_bytes_are_skipped_but_one_accented_letter_is_not() -> None:
    result = read("Pick one\n.\nA) x\n \nB) y\nANSWER: A\né\nA) a\nB) b\nANSWER: B\n")
    assert [q.prompt for q in result.pack.questions] == ["Pick one", "é"]


def test_leading_and_trailing_spaces_are_trimmed() -> None:
    (question,) = read("   Spaced?  \n  A)   left  \n\tB) right\n  ANSWER:   B  \n").pack.questions
    assert question.prompt == "Spaced?"
    assert answers(question) == [("left", False), ("right", True)]


def test_crlf_files_report_the_lines_an_editor_shows() -> None:
    result = read("Good?\r\nA) x\r\nB) y\r\nANSWER: A\r\n\r\nA) stray\r\n")
    assert warnings_of(result)[0][0] == 6
    assert result.pack.questions[0].citations == (line_citation(1),)


def test_an_unfinished_last_question_is_skipped_with_a_warning() -> None:
    result = read("Done?\nA) x\nB) y\nANSWER: A\nNot done?\nA) x\nB) y\n")
    assert len(result.pack.questions) == 1
    (warning,) = result.warnings
    assert warning.line == 5
    assert "has no ANSWER line" in warning.message


def test_an_option_without_text_skips_the_question() -> None:
    result = read("Empty?\nA)\nB) y\nANSWER: B\n\nFine?\nA) x\nB) y\nANSWER: B\n")
    assert [q.prompt for q in result.pack.questions] == ["Fine?"]
    assert result.warnings[0].message.startswith("Option on line 2 has no text")


def test_the_reader_leaves_quizapps_limits_to_the_common_validation() -> None:
    options = "\n".join(f"{letter}) option {letter}" for letter in "ABCDEFGHIJ")
    long_prompt = "Why? " * 1000
    result = read(f"Ten?\n{options}\nANSWER: A\n\n{long_prompt}\nA) x\nB) y\nANSWER: A\n")
    assert [len(q.choices) for q in result.pack.questions] == [10, 2]
    assert result.warnings == ()


def test_a_question_over_quizapps_limits_is_left_out_at_its_line_by_the_registry() -> None:
    options = "\n".join(f"{letter}) option {letter}" for letter in "ABCDEFGHIJ")
    text = f"Two?\nA) x\nB) y\nANSWER: A\n\nTen?\n{options}\nANSWER: A\n"
    result = registry.read(text.encode("utf-8"), "quiz.aiken")
    assert [q.prompt for q in result.pack.questions] == ["Two?"]
    (warning,) = [w for w in result.warnings if w.message.startswith('question "ten" skipped')]
    assert (warning.line, warning.severity) == (6, "warning")


def test_every_question_read_has_the_line_it_starts_on() -> None:
    result = read("\nSame?\nA) x\nB) y\nANSWER: A\n\nSame?\nA) x\nB) y\nANSWER: B\n")
    assert result.lines == {"same": 2, "same-2": 7}


def test_true_false_options_in_any_case_and_order_keep_the_right_answer() -> None:
    (question,) = read("The sky is green.\nA) FALSE\nB) true\nANSWER: A\n").pack.questions
    assert question.type is QuestionType.TRUE_FALSE
    assert question.answer is False


def test_question_ids_are_slugs_of_the_question_text() -> None:
    result = read_fixture("moodle_aiken_fixture_aiken_errors.txt")
    assert [q.id for q in result.pack.questions] == [
        "a-good-question",
        "a-second-good-question",
        "a-third-good-question-with-html-chars-such-as",
    ]


def test_the_same_question_text_twice_gets_a_numbered_id() -> None:
    result = read("Same?\nA) x\nB) y\nANSWER: A\nSame?\nA) x\nB) y\nANSWER: B\n")
    assert [q.id for q in result.pack.questions] == ["same", "same-2"]


def test_thousands_of_repeats_of_one_question_get_unique_numbered_ids() -> None:
    result = read("Same?\nA) x\nB) y\nANSWER: A\n" * 5000)
    ids = [q.id for q in result.pack.questions]
    assert len(set(ids)) == 5000
    assert ids[:3] == ["same", "same-2", "same-3"]
    assert ids[-1] == "same-5000"


def test_a_numbered_id_skips_the_id_another_question_text_gives() -> None:
    block = "{}\nA) x\nB) y\nANSWER: A\n"
    text = "".join(block.format(p) for p in ("Same?", "Same 2?", "Same?", "Same 3", "Same?"))
    assert [q.id for q in read(text).pack.questions] == [
        "same",
        "same-2",
        "same-3",
        "same-3-2",
        "same-4",
    ]


def test_numbered_ids_of_a_long_question_text_stay_within_the_id_limit() -> None:
    prompt = "a" * 60 + " b c d e"  # the id is cut where a hyphen falls before "-10"
    result = read(f"{prompt}\nA) x\nB) y\nANSWER: A\n" * 12)
    ids = [q.id for q in result.pack.questions]
    assert len(set(ids)) == 12
    assert all(len(i) <= 64 and "--" not in i for i in ids)
    assert ids[9:] == ["a" * 60 + "-10", "a" * 60 + "-11", "a" * 60 + "-12"]


def test_question_text_without_latin_letters_gets_an_id_from_its_line() -> None:
    (question,) = read("\n？？\nA) 是\nB) 否\nANSWER: A\n").pack.questions
    assert question.id == "q-line-2"


def test_the_pack_takes_its_name_from_the_file_and_cites_it_by_line() -> None:
    result = read("Q one?\nA) x\nB) y\nANSWER: A\n\nQ two?\nA) x\nB) y\nANSWER: B\n", "My Quiz.txt")
    pack = result.pack
    assert (pack.info.id, pack.info.title, pack.info.version) == ("my-quiz", "My Quiz", "1.0.0")
    assert pack.sources == (imported_file_source("My Quiz.txt", "Aiken"),)
    assert [q.citations for q in pack.questions] == [(line_citation(1),), (line_citation(6),)]
    assert all(q.explanation == "" for q in pack.questions)


def test_a_utf8_byte_order_mark_is_allowed() -> None:
    result = read_aiken(b"\xef\xbb\xbfBOM?\nA) x\nB) y\nANSWER: A\n", "bom.txt")
    assert result.pack.questions[0].prompt == "BOM?"


def test_a_file_that_is_not_utf8_is_refused_in_one_sentence() -> None:
    with pytest.raises(PackInvalid) as caught:
        read_aiken("Café?\nA) oui\nB) non\nANSWER: A\n".encode("cp1252"), "old.txt")
    (problem,) = caught.value.problems
    assert "is not UTF-8" in problem.message
    assert "save the file with the UTF-8 encoding" in problem.message


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(PackInvalid) as caught:
        read_aiken(b"  \n\n", "empty.txt")
    assert caught.value.problems[0].message.startswith("is empty")


def test_a_file_with_no_good_question_is_refused_listing_why() -> None:
    with pytest.raises(PackInvalid) as caught:
        read("Only one?\nA) lonely\nANSWER: A\n")
    problems = caught.value.problems
    assert problems[0].message.startswith("has no question that could be imported")
    assert problems[1].message.startswith("Question must have at least 2 answers on line 3")
    assert all(p.severity == "error" for p in problems)


# -- options written without ")" or "." ------------------------------------------------------

BARE = (
    "Which is the largest planet?\nA Jupiter\nB Mars\nC Venus\nANSWER: A\n\n"
    "A planet with rings?\nA Earth\nB Saturn\nANSWER: B\n"
)
_FIX = 'options must be written "A) Jupiter" or "A. Jupiter"; this file writes "A Jupiter"'


def test_options_without_a_bracket_or_dot_are_read_when_every_question_is_clear() -> None:
    result = read(BARE)
    first, second = result.pack.questions
    assert answers(first) == [("Jupiter", True), ("Mars", False), ("Venus", False)]
    assert second.prompt == "A planet with rings?"
    assert answers(second) == [("Earth", False), ("Saturn", True)]
    assert result.lines == {"which-is-the-largest-planet": 1, "a-planet-with-rings": 7}


def test_options_without_a_bracket_or_dot_are_reported_once_with_the_fix() -> None:
    (warning,) = read(BARE).warnings
    assert (warning.line, warning.severity) == (2, "warning")
    assert warning.message.startswith(_FIX)
    assert "Moodle" in warning.message


def test_a_file_with_options_out_of_order_is_refused_with_the_fix_first() -> None:
    text = BARE + "\nWhich is hot?\nB Venus\nA Neptune\nANSWER: B\n"
    with pytest.raises(PackInvalid) as caught:
        read(text)
    problems = caught.value.problems
    assert problems[0].message.startswith("has no question that could be imported")
    assert problems[1].line == 2
    assert problems[1].message.startswith(_FIX + " (quizapp reads options written that way only")
    assert problems[1].message.endswith("the question on line 12 is not)")
    assert len(problems) > 2  # Moodle's own messages follow, one per line it could not place


def test_the_fix_is_given_beside_the_questions_read_the_strict_way() -> None:
    text = "Two?\nA) x\nB) y\nANSWER: A\n\n" + BARE + "Unfinished?\nA a\nB b\n"
    result = read(text)
    assert [q.prompt for q in result.pack.questions] == ["Two?"]
    assert result.warnings[0].line == 7
    assert result.warnings[0].message.startswith(_FIX)


def test_a_strict_file_with_a_line_like_a_bare_option_gets_no_fix() -> None:
    result = read("Read this:\nA man walks in.\nA) x\nB) y\nANSWER: A\n")
    assert [q.prompt for q in result.pack.questions] == ["A man walks in."]
    assert all("must be written" not in w.message for w in result.warnings)


def test_a_bare_option_file_is_detected_as_aiken_not_gift() -> None:
    assert looks_like_aiken(BARE.encode("utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        "Which?\nA) x\nB) y\nANSWER: B\n",
        "Which?\r\nA. x\r\nB. y\r\nANSWER:B\r\n",
        "\ufeffWhich?\n  A) x\n  B) y\n  ANSWER: B\n",
    ],
)
def test_a_lettered_aiken_file_is_detected_as_aiken(text: str) -> None:
    assert looks_like_aiken(text.encode("utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        "Which planet is largest? {=Jupiter ~Mars}\n",
        "::Q1:: A planet? {\n=Jupiter\n~Mars\n}\nANSWER: none\n",
        "A cat sat\nB dog ran\n",
        "",
    ],
)
def test_a_file_that_is_not_aiken_is_not_detected_as_aiken(text: str) -> None:
    assert not looks_like_aiken(text.encode("utf-8"))


def test_registry_reads_a_bare_option_txt_file_as_aiken() -> None:
    assert registry.detect("planets.txt", BARE.encode("utf-8")) == "aiken"


# -- writing ---------------------------------------------------------------------------------


def test_write_puts_each_question_in_aiken_form() -> None:
    pack = pack_of(
        mc("q1", "Capital of France?", ["Lyon", "Paris"], 1),
        Question("q2", QuestionType.TRUE_FALSE, "Water is wet.", true_false_choices(False)),
    )
    result = write_aiken(pack, {})
    assert result.data.decode("utf-8") == (
        "Capital of France?\nA) Lyon\nB) Paris\nANSWER: B\n\n"
        "Water is wet.\nA) True\nB) False\nANSWER: B\n"
    )
    assert result.warnings == ()


def test_write_skips_multiple_response_questions_with_a_warning() -> None:
    choices = (Choice("a", True), Choice("b", True), Choice("c", False))
    pack = pack_of(
        Question("many", QuestionType.MULTIPLE_RESPONSE, "Pick all", choices),
        mc("one", "Pick one", ["a", "b"], 0),
    )
    result = write_aiken(pack, {})
    assert b"Pick all" not in result.data
    assert result.warnings == (
        'question "many" skipped: Aiken has no multiple-response questions '
        "(it marks exactly one answer correct)",
    )


def test_write_skips_a_question_with_more_than_26_choices() -> None:
    pack = pack_of(
        mc("big", "Which?", [f"c{i}" for i in range(27)], 0), mc("ok", "Ok?", ["a", "b"], 1)
    )
    result = write_aiken(pack, {})
    assert result.data.startswith(b"Ok?\n")
    assert result.warnings[0].startswith('question "big" skipped: it has 27 choices')


def test_write_replaces_line_breaks_with_spaces_and_says_so() -> None:
    pack = pack_of(mc("q", "First line\nsecond line?", ["one\ntwo", "three"], 0))
    result = write_aiken(pack, {})
    assert result.data == b"First line second line?\nA) one two\nB) three\nANSWER: A\n"
    assert len(result.warnings) == 2
    assert all(w.startswith('question "q": the line breaks') for w in result.warnings)


def test_write_skips_a_prompt_that_aiken_would_read_as_an_option() -> None:
    pack = pack_of(mc("us", "U.S. presidents: who was first?", ["Washington", "Lincoln"], 0))
    result = write_aiken(pack, {})
    assert result.data == b""
    assert result.warnings[0] == (
        'question "us" skipped: its prompt starts with "U.", which Aiken reads as an option'
    )


def test_write_warns_once_for_each_kind_of_content_aiken_loses() -> None:
    def rich(q: Question) -> Question:
        return replace(
            q,
            explanation="Because.",
            citations=(Citation("book", "p. 1"),),
            tags=("t",),
            difficulty=2,
            image=Image("images/a.png", "A"),
        )

    tf = Question("q2", QuestionType.TRUE_FALSE, "Two.", true_false_choices(True, "Yes"))
    result = write_aiken(pack_of(rich(mc("q1", "One?", ["a", "b"], 0)), rich(tf)), {})
    assert sorted(w.split(" of ")[0] for w in result.warnings) == [
        "difficulty",
        "explanations",
        "feedback",
        "images",
        "sources",
        "tags",
    ]
    assert "explanations of 2 questions left out: Aiken has no place for them" in result.warnings
    assert "feedback of 1 question left out: Aiken has no place for it" in result.warnings


def test_citations_of_the_imported_file_are_not_reported_as_lost() -> None:
    result = read_fixture("datasets_aiken_aiken_1.txt")
    assert write_aiken(result.pack, {}).warnings == ()


@pytest.mark.parametrize(
    "name",
    [
        "moodle_aiken_fixture_questions.aiken.txt",
        "moodle_aiken_fixture_aiken_errors.txt",
        "datasets_aiken_aiken_1.txt",
    ],
)
def test_an_exported_fixture_reads_back_to_the_same_questions(name: str) -> None:
    original = read_fixture(name).pack
    again = read_aiken(write_aiken(original, {}).data, name).pack
    assert [(q.type, q.prompt, q.choices) for q in again.questions] == [
        (q.type, q.prompt, q.choices) for q in original.questions
    ]


# -- properties ------------------------------------------------------------------------------

_line = (
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x85"),
        min_size=2,
        max_size=30,
    )
    .map(lambda s: s.strip(" \t\x0b\x00"))
    .filter(lambda s: len(s) >= 2)
)
_prompt = _line.filter(lambda s: not (s[0].isascii() and s[0].isupper() and s[1] in ").")).filter(
    lambda s: not s.startswith("ANSWER:")
)
_not_true_false = st.lists(_line, min_size=2, max_size=8).filter(
    lambda texts: sorted(t.casefold() for t in texts) != ["false", "true"]
)


@st.composite
def _questions(draw: st.DrawFn) -> Question:
    prompt = draw(_prompt)
    if draw(st.booleans()):
        return Question(
            "x", QuestionType.TRUE_FALSE, prompt, true_false_choices(draw(st.booleans()))
        )
    texts = draw(_not_true_false)
    return mc("x", prompt, texts, draw(st.integers(0, len(texts) - 1)))


@FAST
@given(st.lists(_questions(), min_size=1, max_size=6))
def test_expressible_questions_survive_write_and_read(questions: list[Question]) -> None:
    pack = pack_of(
        *(Question(f"q{i}", q.type, q.prompt, q.choices) for i, q in enumerate(questions))
    )
    written = write_aiken(pack, {})
    assert written.warnings == ()
    again = read_aiken(written.data, "again.txt")
    assert again.warnings == ()
    assert [(q.type, q.prompt, q.choices) for q in again.pack.questions] == [
        (q.type, q.prompt, q.choices) for q in pack.questions
    ]


def _only_pack_invalid(data: bytes) -> None:
    gives_pack_or_problems(lambda: read_aiken(data, "fuzz.txt"))


@FAST
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_questions_or_problems(data: bytes) -> None:
    _only_pack_invalid(data)


@FAST
@given(
    st.lists(
        st.sampled_from(
            [
                "Q?",
                "A) a",
                "B) b",
                "C. c",
                "A a",
                "B b",
                "C  c\t",
                "ANSWER: A",
                "ANSWER: Z",
                "ANSWER: A, B",
                "ANSWER: B and C",
                "ANSWER: A,Z",
                "",
                " \t",
                "x",
                "ANSWER:",
            ]
        )
        | st.text(max_size=20),
        max_size=30,
    )
)
def test_arbitrary_aiken_like_text_gives_questions_or_problems(lines: list[str]) -> None:
    _only_pack_invalid("\n".join(lines).encode("utf-8"))


@FAST
@given(st.binary(max_size=2000))
def test_detection_of_arbitrary_bytes_gives_a_yes_or_no(data: bytes) -> None:
    assert looks_like_aiken(data) in (True, False)


@FAST
@given(st.lists(_questions(), min_size=1, max_size=6), st.booleans())
def test_every_question_keeps_its_line_and_options_written_either_way(
    questions: list[Question], bare: bool
) -> None:
    pack = pack_of(
        *(Question(f"q{i}", q.type, q.prompt, q.choices) for i, q in enumerate(questions))
    )
    data = write_aiken(pack, {}).data
    if bare:  # the same file with "A x" for "A) x": read leniently, with the same lines
        data = re.sub(rb"(?m)^([A-Z])\) ", rb"\1 ", data)
    result = read_aiken(data, "lines.txt")
    assert [(q.type, q.prompt, q.choices) for q in result.pack.questions] == [
        (q.type, q.prompt, q.choices) for q in pack.questions
    ]
    assert sorted(result.lines) == sorted(q.id for q in result.pack.questions)
    lines = data.split(b"\n")
    starts = [n for n in range(1, len(lines)) if n == 1 or not lines[n - 2]]
    assert sorted(result.lines.values()) == starts


def test_the_example_in_the_documentation_imports_as_described() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "formats.md").read_text(encoding="utf-8")
    example = doc.split("```aiken\n")[1].split("```")[0]
    result = read(example)
    assert result.warnings == ()
    mcq, tf = result.pack.questions
    assert mcq.correct_indexes == (1,)
    assert (tf.type, tf.answer) == (QuestionType.TRUE_FALSE, False)
