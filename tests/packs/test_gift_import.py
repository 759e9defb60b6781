"""Reading a GIFT file into a quizapp pack: what imports, what is skipped, what is refused."""

from __future__ import annotations

import pytest

from quizapp.core.model import Choice, Citation, QuestionType
from quizapp.core.problems import PackInvalid, Problem
from quizapp.packs import formats
from quizapp.packs.formats import ReadResult
from quizapp.packs.gift import BRACE_ERROR, NOT_UTF8, read_gift


def read(text: str, name: str = "quiz.gift") -> ReadResult:
    return read_gift(text.encode("utf-8"), name)


def problems(text: str | bytes, name: str = "quiz.gift") -> list[Problem]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(PackInvalid) as caught:
        read_gift(data, name)
    return caught.value.problems


def warnings(text: str) -> list[str]:
    return [w.message for w in read(text).warnings]


MOODLE_Q2 = (
    "// multiple choice with specified feedback for right and wrong answers\n"
    "::Q2:: What's between orange and green in the spectrum?\n"
    "{\n"
    "    =yellow # right; good!\n"
    "    ~red # [html]wrong, it's <b>yellow</b>\n"
    "    ~[plain]blue # wrong, it's yellow\n"
    "}\n"
)


def test_a_single_answer_question_is_multiple_choice() -> None:
    (q,) = read(MOODLE_Q2).pack.questions
    assert q.type is QuestionType.MULTIPLE_CHOICE
    assert q.prompt == "What's between orange and green in the spectrum?"
    assert q.choices == (
        Choice("yellow", True, "right; good!"),
        Choice("red", False, "wrong, it's yellow"),
        Choice("blue", False, "wrong, it's yellow"),
    )


def test_a_question_cites_its_line_in_the_imported_file() -> None:
    result = read(MOODLE_Q2, "colours.gift")
    (q,) = result.pack.questions
    assert q.citations == (Citation(formats.IMPORTED_FILE_SOURCE, "line 2"),)
    assert result.pack.sources == (formats.imported_file_source("colours.gift", "GIFT"),)


def test_the_pack_is_named_after_the_file() -> None:
    info = read(MOODLE_Q2, "/tmp/My Quiz (2).gift").pack.info
    assert (info.id, info.title, info.version, info.language) == (
        "my-quiz-2",
        "My Quiz (2)",
        "1.0.0",
        "en",
    )
    assert "GIFT" in info.description


def test_general_feedback_is_the_explanation_and_none_leaves_it_empty() -> None:
    pack = read("A{=a ~b ####Because.}\n\nB{=a ~b}").pack
    assert [q.explanation for q in pack.questions] == ["Because.", ""]


def test_html_becomes_plain_text_everywhere() -> None:
    (q,) = read(
        "[html]<p>The sun rises in which direction?</p> {=<p>The east.</p>#<b>Awesome!</b> "
        "~<p>The west.</p>#What planet did <em>you</em> grow up on?####<p>It &amp; the "
        "moon.</p>}"
    ).pack.questions
    assert q.prompt == "The sun rises in which direction?"
    assert q.choices == (
        Choice("The east.", True, "Awesome!"),
        Choice("The west.", False, "What planet did you grow up on?"),
    )
    assert q.explanation == "It & the moon."


def test_markdown_plain_and_moodle_text_stays_as_written() -> None:
    pack = read(
        "[markdown]Is **this** _it_?{T}\n\n[plain]Is <b>this</b> it?{F}\n\nIs <i>x</i> it?{T}"
    ).pack
    assert [q.prompt for q in pack.questions] == [
        "Is **this** _it_?",
        "Is <b>this</b> it?",
        "Is <i>x</i> it?",
    ]


def test_missing_word_multiple_choice_keeps_the_blank() -> None:
    (q,) = read("Grant is {~buried =entombed ~living} in Grant's tomb.").pack.questions
    assert q.type is QuestionType.MULTIPLE_CHOICE
    assert q.prompt == "Grant is _____ in Grant's tomb."
    assert q.correct_indexes == (1,)


def test_partial_credit_next_to_a_right_answer_is_dropped_with_a_warning() -> None:
    result = read(
        "::Jesus' hometown::Jesus Christ was from {~Jerusalem ~%25%Bethlehem ~%50%Galilee "
        "=Nazareth}."
    )
    (q,) = result.pack.questions
    assert q.type is QuestionType.MULTIPLE_CHOICE
    assert q.correct_indexes == (3,)
    (warning,) = result.warnings
    assert warning.severity == "warning"
    assert warning.line == 1
    assert "Jesus' hometown" in warning.message
    assert "25%, 50%" in warning.message


def test_several_right_answers_make_multiple_response_with_a_warning() -> None:
    result = read("Specify the seasons\\: {= spring = summer = winter = autumn ~ easter}")
    (q,) = result.pack.questions
    assert q.type is QuestionType.MULTIPLE_RESPONSE
    assert q.correct_indexes == (0, 1, 2, 3)
    (warning,) = result.warnings
    assert "any one of its 4 correct choices" in warning.message


def test_weights_make_multiple_response_where_positive_weights_are_correct() -> None:
    (q,) = read(
        "::colours:: Pick{\n~%50%yellow # right\n~%-100%red\n~%50%off-beige\n~[plain]blue\n}"
    ).pack.questions
    assert q.type is QuestionType.MULTIPLE_RESPONSE
    assert [c.correct for c in q.choices] == [True, False, True, False]
    assert q.choices[0].feedback == "right"


def test_a_100_percent_weight_alone_is_multiple_response_with_one_correct_choice() -> None:
    (q,) = read("Pick{ ~%100%yellow ~%-50%red ~%-50%blue }").pack.questions
    assert q.type is QuestionType.MULTIPLE_RESPONSE
    assert q.correct_indexes == (0,)


def test_a_multichoice_question_without_a_correct_answer_is_skipped() -> None:
    result = read("::None::Pick {~a ~b ~c}\n\nOK?{T}")
    assert [q.prompt for q in result.pack.questions] == ["OK?"]
    (warning,) = result.warnings
    assert warning.line == 1
    assert warning.message == (
        'question "None" skipped: no choice is marked correct, and quizapp needs one'
    )


@pytest.mark.parametrize(
    ("answers", "count"),
    [("=a ~", 1), ("=a ~<p></p>", 1), (" ".join(f"~c{i}" for i in range(8)) + " =right", 9)],
)
def test_too_few_or_too_many_choices_are_skipped(answers: str, count: int) -> None:
    result = read(f"[html]Pick {{{answers}}}\n\nOK?{{T}}")
    assert len(result.pack.questions) == 1
    (warning,) = result.warnings
    assert f"it has {count} choices; quizapp needs 2 to 8" in warning.message


def test_blank_answers_are_ignored_as_moodle_does() -> None:
    (q,) = read("Pick {=a ~ ~b}").pack.questions
    assert [c.text for c in q.choices] == ["a", "b"]


def test_true_false_uses_moodles_feedback_order() -> None:
    (q,) = read(
        "// true/false\n::Q1:: 42 is the Absolute Answer to everything.{\n"
        "FALSE#42 is the Ultimate Answer.#You gave the right answer.}"
    ).pack.questions
    assert q.type is QuestionType.TRUE_FALSE
    assert q.answer is False
    assert q.choices == (
        Choice("True", False, "42 is the Ultimate Answer."),
        Choice("False", True, "You gave the right answer."),
    )
    (q,) = read("Grant is buried in Grant's tomb.{TRUE#feedback for false}").pack.questions
    assert q.answer is True
    assert q.choices[1].feedback == "feedback for false"


@pytest.mark.parametrize(
    ("source", "kind", "label", "line"),
    [
        ("// essay\n::Q8:: How are you? {}", "essay", '"Q8"', 2),
        ("::Q5:: What is a number from 1 to 5? {#3:2~#Completely wrong}", "numerical", '"Q5"', 1),
        ("Who's buried in Grant's tomb?{=no one =nobody}", "short answer", "\"Who's buried", 1),
        ("Two plus two equals {=four =4}.", "short answer", '"Two plus two equals _____."', 1),
        ("// capitals\n\nMatch {\n=Canada -> Ottawa\n=Italy -> Rome\n}", "matching", '"Match"', 3),
    ],
)
def test_question_types_quizapp_lacks_are_skipped_with_a_warning(
    source: str, kind: str, label: str, line: int
) -> None:
    result = read(f"{source}\n\n\nOK?{{T}}")
    assert len(result.pack.questions) == 1
    (warning,) = result.warnings
    assert warning.severity == "warning"
    assert warning.line == line
    assert warning.message.startswith(f"{kind} question {label}")
    assert warning.message.endswith(f"skipped: quizapp has no {kind} questions")


def test_descriptions_are_skipped_with_a_warning() -> None:
    (warning,) = warnings("::Intro::Use your pencil.\n\nOK?{T}")
    assert warning.startswith('description "Intro" skipped')


def test_a_skipped_question_is_named_by_its_text_when_it_has_no_name() -> None:
    (warning,) = warnings("Write a short biography of Dag Hammarskjöld. {}\n\nOK?{T}")
    assert warning.startswith('essay question "Write a short biography of Dag Hammarskj…"')


def test_a_file_without_questions_quizapp_can_ask_is_refused_with_the_reasons() -> None:
    found = problems("// essay\n::Q8:: How are you? {}\n\n$CATEGORY: x\n\n::D::Text.")
    assert found[0] == Problem(
        "quiz.gift", None, "no multiple-choice or true/false questions to import"
    )
    assert [(p.line, p.severity) for p in found[1:]] == [(2, "warning"), (6, "warning")]


def test_parse_errors_refuse_the_whole_file_listing_every_one() -> None:
    found = problems(
        "Good?{T}\n\nWho's buried in Grant's tomb?\n{\n\n    =Grant\n\n    ~no one\n}\n\n"
        "Pick {~only}"
    )
    blank_lines = (
        " (a blank line ends a GIFT question, even inside braces: lines 5 and 7, between the "
        "{ on line 4 and the } on line 9, are blank; remove them)"
    )
    assert found == [
        Problem("quiz.gift", 3, BRACE_ERROR + blank_lines),
        Problem("quiz.gift", 8, BRACE_ERROR + blank_lines),
        Problem(
            "quiz.gift",
            11,
            "There is an error in the question. There are not enough answers for this "
            "question type",
        ),
    ]


def test_grades_outside_moodles_list_refuse_the_file() -> None:
    found = problems("Good?{T}\n\n::Colours::Pick{ ~%33%Blue ~%33%Yellow ~Beige ~%33.3%Red}")
    assert found == [
        Problem(
            "quiz.gift",
            3,
            "Grades (0.33, 0.33, 0.333) do not match grade options - question 'Colours' skipped.",
        )
    ]


def test_a_file_that_is_not_utf8_is_refused_with_moodles_message() -> None:
    (problem,) = problems("Caf\xe9?{T}".encode("cp1252"), "old.gift")
    assert (problem.file, problem.line, problem.message) == ("old.gift", 1, NOT_UTF8)


@pytest.mark.parametrize(
    ("data", "start"),
    [
        (b"", "is empty"),
        (b"  \n\n", "is empty"),
        (b"PK\x03\x04rest", "is a zip archive"),
        (b"\x00\x01\x02binary", "looks like a binary file"),
    ],
)
def test_empty_and_binary_files_are_refused(data: bytes, start: str) -> None:
    (problem,) = problems(data)
    assert problem.message.startswith(start)


def test_a_bom_and_crlf_line_ends_are_read() -> None:
    pack = read_gift(
        b"\xef\xbb\xbf::A::One?{T}\r\n\r\n::B::Two?{\r\n=x\r\n~y\r\n}\r\n", "w.gift"
    ).pack
    assert [q.id for q in pack.questions] == ["a", "b"]
    assert pack.questions[1].choices[1].text == "y"


def test_ids_come_from_id_comments_then_names_then_lines() -> None:
    pack = read(
        "// [id:Unit 1/Q#7]\n::Named::A?{T}\n\n::Élan vital::B?{T}\n\nC?{T}\n\n"
        "// [id:---]\n::Fallback::D?{T}"
    ).pack
    assert [q.id for q in pack.questions] == ["Unit-1-Q-7", "elan-vital", "q-line-6", "fallback"]


def test_ids_are_unique_when_names_repeat() -> None:
    text = "\n\n".join("::Question::Is it?{T}" for _ in range(4))
    pack = read(text + "\n\n// [id:question]\nAgain?{T}").pack
    assert [q.id for q in pack.questions] == [
        "question",
        "question-2",
        "question-3",
        "question-4",
        "question-5",
    ]


def test_long_ids_stay_within_64_characters_when_made_unique() -> None:
    name = "x" * 80
    pack = read(f"::{name}::A?{{T}}\n\n::{name}::B?{{T}}").pack
    assert [len(q.id) for q in pack.questions] == [64, 64]
    assert pack.questions[1].id.endswith("-2")


def test_tags_are_the_category_and_the_tag_comments_without_duplicates() -> None:
    pack = read(
        "$CATEGORY: $course$/top/Default for WAS/Part 1\n\n"
        "// [tag:wcag] [tag:Default for WAS/Part 1] [tag:wcag]\nA?{T}\n\n"
        "$CATEGORY: plain/path\n\nB?{T}"
    ).pack
    assert [q.tags for q in pack.questions] == [
        ("Default for WAS/Part 1", "wcag"),
        ("plain/path",),
    ]


def test_a_long_category_keeps_its_most_specific_part() -> None:
    path = "$course$/top/Default for Web Accessibility Specialist/Semantic Structure/Part 1"
    (q,) = read(f"$CATEGORY: {path}\n\nA?{{T}}").pack.questions
    assert q.tags == ("Semantic Structure/Part 1",)


def test_a_question_with_an_html_picture_warns_that_the_picture_is_lost() -> None:
    (warning,) = warnings('::Pic::[html]Is this Moodle 2.1?<img src\\="@@PLUGINFILE@@/a.jpg">{T}')
    assert warning.startswith('question "Pic": its picture is left out')


def test_a_picture_in_an_html_choice_is_warned_about_too() -> None:
    (warning,) = warnings('[html]Which logo?{=<img src\\="a.png" alt\\="Moodle"> ~Other}')
    assert "picture is left out" in warning


def test_html_that_the_html_parser_gives_up_on_still_imports() -> None:
    (q,) = read("[html]<![if x]>Is <![foo bar]> it?{T}").pack.questions
    assert "Is" in q.prompt
