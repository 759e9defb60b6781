"""A wrong choice's own penalty: read from and written to GIFT weights and TOML packs."""

from __future__ import annotations

import tomllib

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.marking import Marking, mark, penalty_of
from quizapp.core.model import Choice, Pack, PackInfo, Question, QuestionType
from quizapp.core.problems import PackInvalid
from quizapp.packs.csv_format import write_csv
from quizapp.packs.gift import parse_gift, read_gift, write_gift
from quizapp.packs.json_schema import pack_schema
from quizapp.packs.toml_pack import dump_pack, load_pack_text

INFO = PackInfo("demo", "Demo pack", "1.0.0")


def gift_choices(text: str) -> tuple[Choice, ...]:
    (q,) = read_gift(text.encode("utf-8"), "quiz.gift").pack.questions
    return q.choices


def penalties(text: str) -> list[float | None]:
    return [c.penalty for c in gift_choices(text)]


def written(*questions: Question) -> tuple[str, tuple[str, ...]]:
    result = write_gift(Pack(INFO, questions=questions), {})
    return result.data.decode("utf-8"), result.warnings


def mc(*choices: Choice) -> Question:
    return Question("q", QuestionType.MULTIPLE_CHOICE, "Pick one", choices)


def mr(*choices: Choice) -> Question:
    return Question("q", QuestionType.MULTIPLE_RESPONSE, "Pick all", choices)


# -- GIFT import -----------------------------------------------------------------------------


def test_a_negative_weight_on_a_wrong_answer_is_its_penalty() -> None:
    choices = gift_choices("Pick{=right ~%-25%wrong ~other ~more}")
    assert choices[1] == Choice("wrong", False, penalty=0.25)
    assert [c.correct for c in choices] == [True, False, False, False]


def test_a_wrong_answer_without_a_weight_or_with_zero_has_no_penalty() -> None:
    assert penalties("Pick{=right ~plain ~%0%zero ~%-100%all}") == [None, None, None, 1.0]


def test_partial_credit_stays_as_it_was_and_gets_no_penalty() -> None:
    result = read_gift(b"::p::Pick{=right ~%50%half ~%-50%costly}", "quiz.gift")
    (q,) = result.pack.questions
    assert [c.penalty for c in q.choices] == [None, None, 0.5]
    assert q.correct_indexes == (0,)
    (warning,) = result.warnings
    assert "partial credit (50%)" in warning.message


def test_select_all_wrong_choices_keep_their_own_weight_as_penalty() -> None:
    choices = gift_choices("Pick{~%50%a ~%50%b ~%-100%c ~%-25%d ~e}")
    assert [c.correct for c in choices] == [True, True, False, False, False]
    assert [c.penalty for c in choices] == [None, None, 1.0, 0.25, None]


def test_select_all_weights_of_the_schemes_own_rule_are_no_penalty() -> None:
    # -100/m % for each of m wrong choices is what the penalty scheme charges anyway.
    assert penalties("Pick{~%50%a ~%50%b ~%-50%c ~%-50%d}") == [None] * 4
    assert penalties("Pick{~%100%a ~%-33.33333%b ~%-33.33333%c ~%-33.33333%d}") == [None] * 4


def test_an_imported_penalty_is_what_the_penalty_scheme_charges() -> None:
    choices = gift_choices("Pick{=right ~%-25%cheap ~dear}")
    qtype = QuestionType.MULTIPLE_CHOICE
    assert mark(Marking.PENALTY, qtype, choices, [1], 0.0) == -0.25
    assert mark(Marking.PENALTY, qtype, choices, [2], 0.0) == -0.5  # 1/(n-1)
    assert mark(Marking.STANDARD, qtype, choices, [1], 0.0) == 0.0


# -- GIFT export -----------------------------------------------------------------------------


def test_a_penalty_is_written_as_a_negative_weight() -> None:
    text, warnings = written(
        mc(Choice("right", True), Choice("wrong", False, penalty=0.25), Choice("other", False))
    )
    assert "\t=right\n\t~%-25%wrong\n\t~other\n" in text
    assert warnings == ()
    assert parse_gift(text).errors == ()


def test_a_penalty_of_a_whole_mark_or_a_third_is_written_as_moodle_writes_it() -> None:
    text, _ = written(
        mc(
            Choice("right", True),
            Choice("all", False, penalty=1.0),
            Choice("third", False, penalty=1 / 3),
        )
    )
    assert "\t~%-100%all\n\t~%-33.33333%third\n" in text
    assert parse_gift(text).errors == ()


def test_a_select_all_penalty_replaces_the_usual_weight() -> None:
    text, warnings = written(
        mr(
            Choice("a", True),
            Choice("b", True),
            Choice("c", False, penalty=0.1),
            Choice("d", False),
        )
    )
    assert "\t~%50%a\n\t~%50%b\n\t~%-10%c\n\t~%-50%d\n" in text
    assert warnings == ()
    assert parse_gift(text).errors == ()


def test_a_penalty_between_moodles_grades_is_written_as_the_nearest_with_a_warning() -> None:
    text, warnings = written(mc(Choice("right", True), Choice("wrong", False, penalty=0.22)))
    assert "\t~%-20%wrong\n" in text
    assert warnings == (
        'question "q": the penalty of choice "wrong" (22%) is written as Moodle\'s nearest '
        "grade, -20%",
    )
    assert parse_gift(text).errors == ()


@pytest.mark.parametrize("penalty", [0.0, 0.01])
def test_a_penalty_gift_cannot_hold_is_left_out_with_a_warning(penalty: float) -> None:
    text, warnings = written(mc(Choice("right", True), Choice("wrong", False, penalty=penalty)))
    assert "\t~wrong\n" in text
    (warning,) = warnings
    assert 'question "q": the penalty' in warning and "left out" in warning


@pytest.mark.parametrize(
    "question",
    [
        mc(
            Choice("right", True, "Yes."),
            Choice("cheap", False, "Close.", penalty=0.25),
            Choice("dear", False, penalty=1.0),
            Choice("usual", False),
        ),
        mr(
            Choice("a", True),
            Choice("b", False, penalty=0.75),
            Choice("c", False, penalty=0.125),
            Choice("d", False),
        ),
        mr(Choice("a", True), Choice("b", True), Choice("c", False, penalty=1 / 6)),
    ],
    ids=["multiple-choice", "select-all", "select-all-sixth"],
)
def test_penalties_survive_writing_and_reading_back(question: Question) -> None:
    text, warnings = written(question)
    assert warnings == ()
    (back,) = read_gift(text.encode("utf-8"), "back.gift").pack.questions
    assert [(c.text, c.correct, c.feedback) for c in back.choices] == [
        (c.text, c.correct, c.feedback) for c in question.choices
    ]
    assert [c.penalty for c in back.choices] == [
        None if c.penalty is None else pytest.approx(c.penalty, abs=1e-5) for c in question.choices
    ]


# Moodle's grades other than 0, which GIFT cannot tell from no weight.
GRADES = [1.0, 0.9, 0.8, 0.75, 0.7, 0.6, 0.5, 0.4, 0.3, 0.25, 0.2, 0.125, 0.1, 0.05, 1 / 3, 1 / 6]


@st.composite
def penalised_questions(draw: st.DrawFn) -> Question:
    kind = draw(st.sampled_from([QuestionType.MULTIPLE_CHOICE, QuestionType.MULTIPLE_RESPONSE]))
    n = draw(st.integers(2, 8))
    if kind is QuestionType.MULTIPLE_CHOICE:
        right = {draw(st.integers(0, n - 1))}
    else:
        right = set(draw(st.lists(st.integers(0, n - 1), min_size=1, unique=True)))
    choices = tuple(
        Choice(
            f"c{i}",
            i in right,
            penalty=None if i in right else draw(st.none() | st.sampled_from(GRADES)),
        )
        for i in range(n)
    )
    return Question("q", kind, "Pick", choices)


@settings(max_examples=200, deadline=None)
@given(penalised_questions())
def test_what_each_wrong_choice_costs_survives_writing_and_reading_back(q: Question) -> None:
    text, warnings = written(q)
    assert warnings == ()
    assert parse_gift(text).errors == ()
    (back,) = read_gift(text.encode("utf-8"), "back.gift").pack.questions
    assert (back.type, back.correct_indexes) == (q.type, q.correct_indexes)
    wrong = [i for i, c in enumerate(q.choices) if not c.correct]
    assert [penalty_of(back.choices, i, back.type) for i in wrong] == [
        pytest.approx(penalty_of(q.choices, i, q.type), abs=1e-5) for i in wrong
    ]


def test_an_imported_file_with_penalties_is_written_back_as_it_was() -> None:
    first = read_gift(b"::q::Pick{=right ~%-25%cheap ~%-100%dear ~plain}", "f.gift")
    again = read_gift(write_gift(first.pack, {}).data, "f.gift")
    assert again.pack.questions[0].choices == first.pack.questions[0].choices


# -- TOML packs ------------------------------------------------------------------------------

PACK = """\
format = 1

[pack]
id = "demo"
title = "Demo"
version = "1.0.0"

[[sources]]
id = "book"
title = "A book"

[[questions]]
id = "q1"
type = "multiple_choice"
prompt = "Pick one"
choices = [
  { text = "right", correct = true },
  { text = "wrong", correct = false, penalty = 0.5 },
  { text = "other", correct = false },
]
explanation = "Because."
sources = [{ source = "book" }]
"""
RIGHT = '{ text = "right", correct = true }'
WRONG = '{ text = "wrong", correct = false, penalty = 0.5 }'


def toml_problems(text: str) -> list[str]:
    with pytest.raises(PackInvalid) as caught:
        load_pack_text(text, "demo.toml")
    return [str(p) for p in caught.value.problems]


def test_a_penalty_on_a_wrong_choice_loads() -> None:
    (q,) = load_pack_text(PACK, "demo.toml").questions
    assert [c.penalty for c in q.choices] == [None, 0.5, None]


@pytest.mark.parametrize("value", ["0", "1", "0.0", "1.0"])
def test_whole_numbers_and_the_ends_of_the_range_are_penalties(value: str) -> None:
    (q,) = load_pack_text(PACK.replace("penalty = 0.5", f"penalty = {value}"), "x.toml").questions
    assert q.choices[1].penalty == float(value)


def test_a_penalty_on_a_correct_choice_is_an_error_naming_its_line_and_field() -> None:
    text = PACK.replace(RIGHT, '{ text = "right", correct = true, penalty = 0.5 }')
    assert toml_problems(text) == [
        'demo.toml:17: questions[1] "q1": a correct choice cannot have a penalty: penalty is '
        "what picking a wrong choice costs (remove it, or make the choice correct = false) "
        "(questions[1].choices[1].penalty)"
    ]


def test_a_penalty_on_a_correct_select_all_choice_is_an_error_too() -> None:
    text = PACK.replace('"multiple_choice"', '"multiple_response"').replace(
        RIGHT, '{ text = "right", correct = true, penalty = 0.25 }'
    )
    (problem,) = toml_problems(text)
    assert "a correct choice cannot have a penalty" in problem
    assert problem.endswith("(questions[1].choices[1].penalty)")


@pytest.mark.parametrize("value", ["1.5", "-0.1", "2", "nan", "inf"])
def test_a_penalty_outside_0_to_1_is_an_error(value: str) -> None:
    text = PACK.replace("penalty = 0.5", f"penalty = {value}")
    assert toml_problems(text) == [
        f'demo.toml:18: questions[1] "q1": "penalty" must be between 0 and 1, a share of a '
        f"mark (got {value}) (questions[1].choices[2].penalty)"
    ]


@pytest.mark.parametrize(("value", "shown"), [('"0.5"', '"0.5"'), ("true", "true")])
def test_a_penalty_that_is_not_a_number_is_an_error(value: str, shown: str) -> None:
    text = PACK.replace("penalty = 0.5", f"penalty = {value}")
    assert toml_problems(text) == [
        f'demo.toml:18: questions[1] "q1": "penalty" must be a number without quotes, like '
        f"0.5 (got {shown}) (questions[1].choices[2].penalty)"
    ]


def test_a_misspelt_penalty_gets_a_suggestion() -> None:
    text = PACK.replace("penalty = 0.5", "penalty_ = 0.5")
    (problem,) = toml_problems(text)
    assert 'unknown key "penalty_" (did you mean "penalty"?)' in problem


def test_a_penalty_survives_dump_and_load() -> None:
    pack = load_pack_text(PACK, "demo.toml")
    dumped = dump_pack(pack)
    assert "penalty = 0.5" in dumped
    assert load_pack_text(dumped, "again.toml") == pack


def test_a_choice_without_a_penalty_is_written_without_one() -> None:
    dumped = dump_pack(load_pack_text(PACK.replace(", penalty = 0.5", ""), "demo.toml"))
    assert "penalty" not in dumped


def test_the_json_schema_takes_penalties_from_0_to_1() -> None:
    data = tomllib.loads(PACK)
    jsonschema.validate(data, pack_schema())
    for bad in (1.5, -0.1, "0.5"):
        data["questions"][0]["choices"][1]["penalty"] = bad
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(data, pack_schema())


def test_a_csv_export_says_that_penalties_are_left_out() -> None:
    warnings = write_csv(load_pack_text(PACK, "demo.toml"), {}).warnings
    assert "the choices' own penalties of 1 question left out: CSV has no column for them" in (
        warnings
    )
