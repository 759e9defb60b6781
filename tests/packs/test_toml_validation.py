"""Every validation rule of the TOML format, each with a bad pack and the exact message."""

from __future__ import annotations

import pytest

from quizapp.core.model import QuestionType
from quizapp.core.problems import PackInvalid
from quizapp.packs import schema
from quizapp.packs.toml_pack import load_pack_bytes, load_pack_text

GOOD = """\
format = 1

[pack]
id = "algebra"
title = "Algebra"
version = "1.0.0"

[[sources]]
id = "book"
title = "Algebra Book"
date = "1990-09"
url = "https://example.org/book"
kind = "book"

[[facts]]
id = "slope-fact"
statement = "The slope of y = 2x is 2."
sources = [{ source = "book", locator = "p. 4" }]

[[questions]]
id = "q-slope"
type = "multiple_choice"
prompt = "What is the slope of y = 2x?"
choices = [
  { text = "2", correct = true },
  { text = "1", correct = false },
]
explanation = "The coefficient of x is the slope."
sources = [{ source = "book", locator = "p. 4", quote = "the slope is the coefficient" }]
difficulty = 2

[[questions]]
id = "q-tf"
type = "true_false"
prompt = "The slope of y = 2x is 2."
answer = true
fact = "slope-fact"
"""


def problems_of(text: str, name: str = "algebra.toml") -> list[str]:
    with pytest.raises(PackInvalid) as info:
        load_pack_text(text, name)
    return [str(p) for p in info.value.problems]


def test_the_good_pack_is_valid() -> None:
    pack = load_pack_text(GOOD, "algebra.toml")
    assert [q.id for q in pack.questions] == ["q-slope", "q-tf"]
    assert pack.questions[1].type is QuestionType.TRUE_FALSE
    assert pack.questions[1].answer is True
    # A question without its own explanation takes its fact's statement.
    assert pack.questions[1].explanation == "The slope of y = 2x is 2."


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            '{ text = "1", correct = false }',
            '{ text = "1", correct = true }',
            'algebra.toml:24: questions[1] "q-slope": exactly one choice must be correct (2 are) '
            "(questions[1].choices)",
            id="two-correct",
        ),
        pytest.param(
            '{ text = "2", correct = true }',
            '{ text = "2", correct = false }',
            'algebra.toml:24: questions[1] "q-slope": exactly one choice must be correct (0 are) '
            "(questions[1].choices)",
            id="none-correct",
        ),
        pytest.param(
            '  { text = "1", correct = false },\n',
            "",
            'algebra.toml:24: questions[1] "q-slope": needs at least 2 choices (has 1) '
            "(questions[1].choices)",
            id="too-few-choices",
        ),
        pytest.param(
            "correct = false }",
            "corect = false }",
            'algebra.toml:26: questions[1] "q-slope": unknown key "corect" (did you mean '
            '"correct"?) (questions[1].choices[2].corect)',
            id="typo-unknown-key",
        ),
        pytest.param(
            "answer = true",
            'answer = "true"',
            'algebra.toml:36: questions[2] "q-tf": "answer" must be true or false, without '
            'quotes (got "true") (questions[2].answer)',
            id="answer-not-boolean",
        ),
        pytest.param(
            "answer = true\n",
            "",
            'algebra.toml:32: questions[2] "q-tf": missing required field "answer" '
            "(questions[2].answer)",
            id="answer-missing",
        ),
        pytest.param(
            'prompt = "What is the slope of y = 2x?"\n',
            "",
            'algebra.toml:20: questions[1] "q-slope": missing required field "prompt" '
            "(questions[1].prompt)",
            id="prompt-missing",
        ),
        pytest.param(
            'id = "q-tf"',
            'id = "q-slope"',
            'algebra.toml:33: questions[2] "q-slope": id "q-slope" is used twice in '
            "[[questions]] (first by questions[1]) (questions[2].id)",
            id="duplicate-question-id",
        ),
        pytest.param(
            'sources = [{ source = "book", locator = "p. 4", quote',
            'sources = [{ source = "boook", locator = "p. 4", quote',
            'algebra.toml:29: questions[1] "q-slope": cites source "boook", which is not '
            "declared in [[sources]] (questions[1].sources[1].source)",
            id="undeclared-source",
        ),
        pytest.param(
            'fact = "slope-fact"',
            'fact = "no-such-fact"',
            'algebra.toml:37: questions[2] "q-tf": refers to fact "no-such-fact", which is not '
            "declared in [[facts]] (questions[2].fact)",
            id="undeclared-fact",
        ),
        pytest.param(
            'explanation = "The coefficient of x is the slope."',
            'explanation = "   "',
            'algebra.toml:20: questions[1] "q-slope": needs an explanation: add explanation = '
            '"..." (or link a fact with fact = "...") (questions[1])',
            id="blank-explanation",
        ),
        pytest.param(
            'sources = [{ source = "book", locator = "p. 4", quote = "the slope is the '
            'coefficient" }]\n',
            "",
            'algebra.toml:20: questions[1] "q-slope": needs at least one source: add sources = '
            '[{ source = "..." }] (or link a fact that has sources) (questions[1])',
            id="no-citation",
        ),
        pytest.param(
            'type = "true_false"',
            'type = "essay"',
            'algebra.toml:34: questions[2] "q-tf": "type" must be "multiple_choice", '
            '"true_false" or "multiple_response" (got "essay") (questions[2].type)',
            id="unknown-type",
        ),
        pytest.param(
            "difficulty = 2",
            "difficulty = 9",
            'algebra.toml:30: questions[1] "q-slope": "difficulty" must be between 1 and 5 '
            "(got 9) (questions[1].difficulty)",
            id="difficulty-range",
        ),
        pytest.param(
            'id = "algebra"',
            'id = "Algebra 1"',
            'algebra.toml:4: [pack]: "Algebra 1" is not a valid pack id: use lowercase letters '
            'a-z, digits and single hyphens, like "world-history-1" (pack.id)',
            id="pack-id-slug",
        ),
        pytest.param(
            'version = "1.0.0"',
            'version = "1.0"',
            'algebra.toml:6: [pack]: "1.0" is not a version number like "1.0.0" (semver) '
            "(pack.version)",
            id="semver",
        ),
        pytest.param(
            'title = "Algebra"\n',
            "",
            'algebra.toml:3: [pack]: missing required field "title" (pack.title)',
            id="pack-title-missing",
        ),
        pytest.param(
            'date = "1990-09"',
            'date = "1990-02-30"',
            'algebra.toml:11: sources[1] "book": "1990-02-30" is not a real date (sources[1].date)',
            id="impossible-date",
        ),
        pytest.param(
            'date = "1990-09"',
            "date = 1990-09-01",
            'algebra.toml:11: sources[1] "book": "date" must be text in quotes (got the '
            "unquoted date 1990-09-01) (sources[1].date)",
            id="unquoted-date",
        ),
        pytest.param(
            'url = "https://example.org/book"',
            'url = "example.org/book"',
            'algebra.toml:12: sources[1] "book": "example.org/book" is not a web address '
            "starting with http:// or https:// (sources[1].url)",
            id="url",
        ),
        pytest.param(
            'kind = "book"',
            'kind = "novel"',
            'algebra.toml:13: sources[1] "book": "kind" must be one of: article, treaty, speech, '
            'interview, letter, book, report, dataset, other (got "novel") (sources[1].kind)',
            id="source-kind",
        ),
        pytest.param(
            'id = "book"\ntitle = "Algebra Book"',
            'id = "book"\ntitle = "Algebra Book"\n\n[[sources]]\nid = "book"\ntitle = "Again"',
            'algebra.toml:13: sources[2] "book": id "book" is used twice in [[sources]] '
            "(first by sources[1]) (sources[2].id)",
            id="duplicate-source-id",
        ),
        pytest.param(
            'prompt = "The slope of y = 2x is 2."',
            'prompt = "' + "x" * (schema.LIMITS["prompt"] + 1) + '"',
            f'algebra.toml:35: questions[2] "q-tf": "prompt" is too long '
            f"({schema.LIMITS['prompt'] + 1:,} characters; "
            f"the limit is {schema.LIMITS['prompt']:,}) "
            "(questions[2].prompt)",
            id="length-limit",
        ),
        pytest.param(
            'prompt = "The slope of y = 2x is 2."',
            'prompt = ""',
            'algebra.toml:35: questions[2] "q-tf": must not be empty (questions[2].prompt)',
            id="empty-prompt",
        ),
        pytest.param(
            'id = "q-slope"',
            'id = "q slope"',
            'algebra.toml:21: questions[1] "q slope": "q slope" is not a valid id: use letters, '
            'digits, "-", "_" or "." and start with a letter or digit (questions[1].id)',
            id="bad-id",
        ),
    ],
)
def test_a_broken_rule_gives_its_message_and_line(old: str, new: str, expected: str) -> None:
    assert old in GOOD
    assert expected in problems_of(GOOD.replace(old, new, 1))


def test_every_problem_in_a_file_is_reported_in_line_order() -> None:
    text = (
        GOOD.replace('version = "1.0.0"', 'version = "one"')
        .replace("corr" + "ect = false }", "corect = false }")
        .replace("answer = true", "answer = 1")
    )
    found = problems_of(text)
    assert len(found) == 3  # version, unknown key (a missing "correct" means false), answer
    assert [int(p.split(":")[1]) for p in found] == sorted(int(p.split(":")[1]) for p in found)


def test_a_syntax_error_gives_line_and_column() -> None:
    [message] = problems_of(GOOD.replace('title = "Algebra"', "title = Algebra"))
    assert message.startswith("algebra.toml:5:9: TOML syntax error: ")


def test_a_future_format_gets_one_sentence() -> None:
    assert problems_of(GOOD.replace("format = 1", "format = 2")) == [
        "algebra.toml:1: uses pack format 2, which is newer than this quizapp understands "
        "(format 1); update quizapp to use this pack"
    ]


def test_a_file_without_format_is_not_a_pack() -> None:
    assert problems_of(GOOD.replace("format = 1\n", "")) == [
        'algebra.toml:1: is not a quizapp pack: the first line should be "format = 1"'
    ]


def test_undecodable_bytes_give_an_encoding_message() -> None:
    data = GOOD.replace("Algebra Book", "Alg\u00e8bre").encode("latin-1")
    with pytest.raises(PackInvalid) as info:
        load_pack_bytes(data, "algebra.toml")
    [problem] = info.value.problems
    assert str(problem) == (
        "algebra.toml:10:13: is not UTF-8 text (byte 0xE8 cannot be read); save the file with "
        "the UTF-8 encoding and try again"
    )


def test_a_utf8_bom_is_accepted() -> None:
    pack = load_pack_bytes(b"\xef\xbb\xbf" + GOOD.encode(), "algebra.toml")
    assert pack.info.id == "algebra"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "x.toml: is empty: there is nothing to read as a pack"),
        (b"  \n\n", "x.toml: is empty: there is nothing to read as a pack"),
        (
            b"\x00\x01\x02binary\xff\xfe",
            "x.toml: looks like a binary file, not a pack in text form",
        ),
        (b"PK\x03\x04rest", "x.toml: is a zip archive, not a pack in text form"),
        (
            b"#" * (schema.MAX_FILE_BYTES + 1),
            f"x.toml: is too large to be a pack ({schema.MAX_FILE_BYTES / 1_048_576:.1f} MB; "
            f"the limit is {schema.MAX_FILE_BYTES // 1_048_576} MB) — split it into several packs",
        ),
    ],
    ids=["empty", "blank", "binary", "zip", "huge"],
)
def test_files_that_are_not_packs_get_one_clear_sentence(data: bytes, expected: str) -> None:
    with pytest.raises(PackInvalid) as info:
        load_pack_bytes(data, "x.toml")
    assert [str(p) for p in info.value.problems] == [expected]


MR = GOOD.replace('type = "multiple_choice"', 'type = "multiple_response"')


def test_multiple_response_allows_several_correct_choices() -> None:
    pack = load_pack_text(
        MR.replace('{ text = "1", correct = false }', '{ text = "1", correct = true }'), "x.toml"
    )
    assert pack.questions[0].type is QuestionType.MULTIPLE_RESPONSE
    assert pack.questions[0].correct_indexes == (0, 1)


def test_multiple_response_needs_a_correct_choice() -> None:
    text = MR.replace('{ text = "2", correct = true }', '{ text = "2", correct = false }')
    assert (
        'algebra.toml:24: questions[1] "q-slope": at least one choice must be correct (none is) '
        "(questions[1].choices)"
    ) in problems_of(text)


def test_images_on_prompts_and_choices_are_read() -> None:
    text = GOOD.replace(
        'prompt = "What is the slope of y = 2x?"',
        'prompt = "What is the slope of y = 2x?"\n'
        'image = { path = "img/line.png", alt = "A line" }',
    ).replace(
        '{ text = "2", correct = true }',
        '{ text = "2", correct = true, image = { path = "a.jpg", alt = "two" } }',
    )
    q = load_pack_text(text, "x.toml").questions[0]
    assert (q.image.path, q.image.alt) == ("img/line.png", "A line")  # type: ignore[union-attr]
    assert q.choices[0].image is not None and q.choices[0].image.path == "a.jpg"


@pytest.mark.parametrize(
    "path", ["../secret.png", "/etc/x.png", "img/../../x.png", "x.exe", "a b.png"]
)
def test_image_paths_must_stay_inside_the_pack(path: str) -> None:
    text = GOOD.replace(
        'prompt = "What is the slope of y = 2x?"',
        f'prompt = "What is the slope of y = 2x?"\nimage = {{ path = "{path}", alt = "x" }}',
    )
    [message] = [p for p in problems_of(text) if "image" in p]
    assert message.startswith('algebra.toml:24: questions[1] "q-slope": "')


def test_explanations_can_be_left_for_later_when_asked() -> None:
    text = GOOD.replace('explanation = "The coefficient of x is the slope."\n', "")
    assert any("needs an explanation" in p for p in problems_of(text))
    pack = load_pack_text(text, "algebra.toml", require_explanations=False)
    assert pack.questions[0].explanation == ""


def test_a_wrong_choice_may_leave_out_correct() -> None:
    """Teachers mark the right answer, not every wrong one: a missing "correct" is false."""
    text = GOOD.replace(", corr" + "ect = false }", " }")
    assert text != GOOD
    pack = load_pack_text(text, "algebra.toml")
    mcq = pack.questions[0]
    assert [(c.text, c.correct) for c in mcq.choices] == [("2", True), ("1", False)]


def test_too_many_questions_is_refused_before_anything_else() -> None:
    """Counting comes first: 100,000 questions are refused without validating one of them."""
    one = '[[questions]]\nid = "q{n}"\ntype = "true_false"\nprompt = "P"\nanswer = 7\n'
    body = "".join(one.format(n=n) for n in range(schema.MAX_QUESTIONS + 1))
    text = 'format = 1\n[pack]\nid = "big"\ntitle = "Big"\nversion = "1.0.0"\n' + body
    # Every question is also wrong ("answer = 7"): only the count is reported.
    assert problems_of(text) == [
        f"algebra.toml: has {schema.MAX_QUESTIONS + 1:,} questions; a pack holds at most "
        f"{schema.MAX_QUESTIONS:,}: split it into several packs"
    ]
