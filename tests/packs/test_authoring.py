"""Starter packs, the JSON Schema, and authoring hints."""

from __future__ import annotations

import tomllib
from pathlib import Path

import jsonschema
import pytest

from quizapp.core.model import (
    Choice,
    Citation,
    Pack,
    PackInfo,
    Question,
    QuestionType,
    Source,
    true_false_choices,
)
from quizapp.packs.hints import pack_hints
from quizapp.packs.json_schema import pack_schema
from quizapp.packs.starter import InvalidPackId, starter_pack
from quizapp.packs.toml_pack import load_pack_text

REPO = Path(__file__).parent.parent.parent


def test_the_starter_pack_is_valid_and_uses_every_question_type() -> None:
    pack = load_pack_text(starter_pack("world-history-1"), "new.toml")
    assert pack.info.id == "world-history-1"
    assert {q.type for q in pack.questions} == set(QuestionType)
    assert pack_hints(pack, "new.toml") == []


def test_a_bad_id_for_a_new_pack_is_refused() -> None:
    with pytest.raises(InvalidPackId, match="lowercase"):
        starter_pack("World History")


@pytest.mark.parametrize(
    "path",
    [REPO / "questions" / "nato-eastward-expansion.toml", REPO / "tests" / "data" / "mini.toml"],
)
def test_real_packs_match_the_json_schema(path: Path) -> None:
    jsonschema.validate(tomllib.loads(path.read_text(encoding="utf-8")), pack_schema())


def test_the_json_schema_rejects_what_the_validator_rejects() -> None:
    good = tomllib.loads(starter_pack("x"))
    jsonschema.validate(good, pack_schema())
    for mutate in (
        lambda d: d["questions"][0]["choices"][0].update(corect=True),
        lambda d: d["pack"].update(id="Not A Slug"),
        lambda d: d["sources"][0].update(date="last year"),
        lambda d: d["questions"][1].update(type="essay"),
        lambda d: d["questions"][0].update(difficulty=9),
    ):
        bad = tomllib.loads(starter_pack("x"))
        mutate(bad)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, pack_schema())


def _pack(
    *questions: Question,
    sources: tuple[Source, ...] = (Source("s", "S", date="2000", url="https://x.org"),),
) -> Pack:
    return Pack(PackInfo("p", "P", "1.0.0"), sources, (), questions)


def _q(qtype: QuestionType, prompt: str, choices: tuple[Choice, ...], **kw: object) -> Question:
    return Question("q", qtype, prompt, choices, "Because.", (Citation("s"),), **kw)  # type: ignore[arg-type]


def hints_of(pack: Pack) -> list[str]:
    return [p.message.split("hint: ", 1)[-1] for p in pack_hints(pack, "x.toml")]


def test_a_giveaway_long_correct_choice_is_hinted() -> None:
    choices = (
        Choice("Yes", False),
        Choice("No", False),
        Choice("It depends on the treaty's article five and six", True),
    )
    assert hints_of(_pack(_q(QuestionType.MULTIPLE_CHOICE, "Q?", choices))) == [
        "the correct choice is much longer than the others, which gives it away"
    ]


def test_all_of_the_above_with_shuffle_is_hinted() -> None:
    choices = (Choice("A", False), Choice("B", False), Choice("All of the above", True))
    assert (
        "needs a fixed order" in hints_of(_pack(_q(QuestionType.MULTIPLE_CHOICE, "Q?", choices)))[0]
    )
    assert hints_of(_pack(_q(QuestionType.MULTIPLE_CHOICE, "Q?", choices, shuffle=False))) == []


def test_duplicate_choices_are_hinted() -> None:
    choices = (Choice("Paris", True), Choice(" paris ", False))
    assert hints_of(_pack(_q(QuestionType.MULTIPLE_CHOICE, "Q?", choices))) == [
        'two choices say the same thing (" paris ")'
    ]


def test_absolute_words_in_true_false_are_hinted() -> None:
    assert (
        "easy to guess"
        in hints_of(
            _pack(_q(QuestionType.TRUE_FALSE, "NATO never expanded.", true_false_choices(False)))
        )[0]
    )


def test_a_very_long_quote_and_a_source_without_date_or_url_are_hinted() -> None:
    q = Question(
        "q",
        QuestionType.TRUE_FALSE,
        "A fact.",
        true_false_choices(True),
        "Because.",
        (Citation("s", "", "x" * 700),),
    )
    found = hints_of(_pack(q, sources=(Source("s", "S"),)))
    assert any("700 characters" in h for h in found)
    assert any("no date and no URL" in h for h in found)
