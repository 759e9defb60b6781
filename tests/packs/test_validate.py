"""One set of rules for every format: what any reader returns is held to the TOML pack's rules
and limits in one call (packs.validate), so whatever imports can be saved and exported again."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.core.problems import PackInvalid
from quizapp.packs import registry, schema
from quizapp.packs.toml_pack import dump_pack, load_pack_text

PROMPT_LIMIT = schema.LIMITS["prompt"]


def gift(*questions: str) -> bytes:
    return "\n\n".join(questions).encode()


def test_a_reading_passage_of_a_few_thousand_words_is_a_prompt() -> None:
    passage = " ".join(["word"] * 3_000)  # 3,000 words, about 15,000 characters
    result = registry.read(gift(f"::Read:: {passage}? {{=yes ~no}}"), "reading.gift")
    assert [len(q.prompt) for q in result.pack.questions] == [len(passage) + 1]
    assert not result.warnings


def test_a_question_over_a_limit_is_skipped_at_its_line_and_the_rest_imports() -> None:
    data = gift(
        "::Q1:: Fine? {=yes ~no}",
        "::Q2:: " + "x" * (PROMPT_LIMIT + 1) + " {=a ~b}",
        "::Q3:: Also fine? {=yes ~no}",
    )
    result = registry.read(data, "mixed.gift")
    assert [q.id for q in result.pack.questions] == ["q1", "q3"]
    [warning] = result.warnings
    assert warning.line == 3 and warning.severity == "warning"
    assert warning.message == (
        f'question "q2" skipped: "prompt" is too long ({PROMPT_LIMIT + 1:,} characters; the '
        f"limit is {PROMPT_LIMIT:,})"
    )


def test_the_same_limits_hold_in_every_format() -> None:
    long_choice = "c" * (schema.LIMITS["choice"] + 1)
    aiken = f"Which?\nA) {long_choice}\nB) short\nANSWER: B\n\nOther?\nA) x\nB) y\nANSWER: A\n"
    result = registry.read(aiken.encode(), "quiz.txt", "aiken")
    assert len(result.pack.questions) == 1
    [warning] = result.warnings
    assert warning.line == 1
    assert warning.message.startswith('question "')
    assert 'choice 1: "text" is too long (2,001 characters; the limit is 2,000)' in warning.message


def test_a_file_whose_every_question_breaks_a_rule_is_refused_with_each_line() -> None:
    data = gift("::Q1:: " + "x" * (PROMPT_LIMIT + 1) + " {=a ~b}")
    with pytest.raises(PackInvalid) as info:
        registry.read(data, "bad.gift")
    [problem] = info.value.problems
    assert problem.line == 1 and problem.severity == "error"
    assert problem.message.startswith('question "q1" skipped: "prompt" is too long')


def test_too_many_questions_is_refused_before_validating_them() -> None:
    one = "::Q{n}:: Q{n}? {{T}}"
    data = gift(*(one.format(n=n) for n in range(schema.MAX_QUESTIONS + 1)))
    with pytest.raises(PackInvalid) as info:
        registry.read(data, "big.gift")
    assert "a pack holds at most 50,000" in info.value.problems[0].message


GIFT_LINES = st.lists(
    st.one_of(
        st.sampled_from(
            ["::Q:: Right? {T}", "Which? {=a ~b ~c}", "$CATEGORY: x", "// note", "", "{=x ~y}"]
        ),
        st.text(st.characters(codec="utf-8"), max_size=60),
    ),
    max_size=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(GIFT_LINES)
def test_whatever_imports_from_gift_saves_as_toml_and_reads_back(lines: list[str]) -> None:
    try:
        result = registry.read("\n".join(lines).encode(), "fuzz.gift", "gift")
    except PackInvalid:
        return
    again = load_pack_text(dump_pack(result.pack), "fuzz.toml", require_explanations=False)
    assert [q.id for q in again.questions] == [q.id for q in result.pack.questions]
