"""Writing packs as GIFT: Moodle's syntax, what is lost, and the round trip back to a pack."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.core.model import (
    Choice,
    Citation,
    Fact,
    Image,
    Pack,
    PackInfo,
    Question,
    QuestionType,
    Source,
    true_false_choices,
)
from quizapp.core.problems import PackInvalid
from quizapp.packs import formats
from quizapp.packs.gift import Reading, parse_gift, read_gift, write_gift

from ..helpers import gives_pack_or_problems

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PHP_SPACE = " \t\n\r\0\x0b"
INFO = PackInfo("demo", "Demo pack", "1.2.0")


def mc(qid: str, prompt: str, *choices: Choice, **kw: Any) -> Question:
    return Question(qid, QuestionType.MULTIPLE_CHOICE, prompt, choices, **kw)


def gift(*questions: Question) -> str:
    return write_gift(Pack(INFO, questions=questions), {}).data.decode("utf-8")


def block(text: str, qid: str) -> str:
    """The block of the question ``qid`` in a written file."""
    return next(b for b in text.rstrip("\n").split("\n\n") if f"::{qid}::" in b)


def test_a_multiple_choice_question_is_written_as_moodle_writes_it() -> None:
    q = mc(
        "q1",
        "What is 2+2?",
        Choice("4", True, "Yes."),
        Choice("5", False, "No."),
        Choice("22", False),
        explanation="Two and two make four.",
        tags=("arithmetic", "year 1"),
    )
    assert block(gift(q), "q1") == (
        "// [id:q1]\n"
        "// [tag:arithmetic]\n"
        "// [tag:year 1]\n"
        "::q1::What is 2+2?{\n"
        "\t=4#Yes.\n"
        "\t~5#No.\n"
        "\t~22\n"
        "\t####Two and two make four.\n"
        "}"
    )


def test_the_file_starts_with_a_comment_naming_the_pack() -> None:
    text = gift(mc("q1", "P", Choice("a", True), Choice("b", False)))
    header = text.split("\n\n")[0]
    assert header.startswith("// Demo pack\n// quizapp pack demo 1.2.0")
    assert parse_gift(header).items == ()


@pytest.mark.parametrize(
    ("answer", "feedback_true", "feedback_false", "expected"),
    [
        (True, "", "", "{TRUE}"),
        (True, "Right.", "Wrong.", "{TRUE#Wrong.#Right.}"),
        (False, "Wrong.", "Right.", "{FALSE#Wrong.#Right.}"),
        (True, "Right.", "", "{TRUE##Right.}"),
        (False, "Wrong.", "", "{FALSE#Wrong.}"),
    ],
)
def test_true_false_feedback_is_written_wrong_answer_first(
    answer: bool, feedback_true: str, feedback_false: str, expected: str
) -> None:
    q = Question(
        "tf",
        QuestionType.TRUE_FALSE,
        "Is it?",
        true_false_choices(answer, feedback_true, feedback_false),
    )
    assert block(gift(q), "tf").endswith("::tf::Is it?" + expected)


@pytest.mark.parametrize(
    ("correct", "wrong", "right_weight", "wrong_weight"),
    [
        (1, 1, "100", "-100"),
        (2, 2, "50", "-50"),
        (3, 3, "33.33333", "-33.33333"),
        (4, 4, "25", "-25"),
        (5, 1, "20", "-100"),
        (6, 2, "16.66667", "-50"),
        (7, 1, "14.28571", "-100"),
        (8, 0, "12.5", ""),
        (2, 6, "50", "-16.66667"),
        (1, 7, "100", "-14.28571"),
    ],
)
def test_multiple_response_weights_are_moodle_grades(
    correct: int, wrong: int, right_weight: str, wrong_weight: str
) -> None:
    choices = [Choice(f"r{i}", True) for i in range(correct)]
    choices += [Choice(f"w{i}", False) for i in range(wrong)]
    q = Question("mr", QuestionType.MULTIPLE_RESPONSE, "Pick", tuple(choices))
    text = gift(q)
    assert f"\t~%{right_weight}%r0\n" in text
    if wrong:
        assert f"\t~%{wrong_weight}%w0\n" in text
    assert parse_gift(text).errors == ()


def test_gift_control_characters_are_escaped() -> None:
    q = mc("q1", "a~b=c#d{e}f:g\\h", Choice("=x", True, "#y"), Choice("~z", False))
    text = block(gift(q), "q1")
    assert "::q1::a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h{" in text
    assert "\t=\\=x#\\#y\n\t~\\~z\n" in text


def test_line_breaks_stay_unless_moodle_would_lose_something_there() -> None:
    prompt = "First line\nsecond line\n\nafter a blank\n0\n// not a comment\n  indented\nend "
    text = block(gift(mc("q1", prompt, Choice("a", True), Choice("b", False))), "q1")
    assert text.split("{")[0].endswith(
        "::q1::First line\nsecond line\\n\nafter a blank\\n0\\n// not a comment\\n  indented\nend"
    )
    written = gift(mc("q1", prompt, Choice("a", True), Choice("b", False)))
    (q,) = read_gift(written.encode(), "x.gift").pack.questions
    assert q.prompt == prompt.strip()


def test_text_that_looks_like_a_format_tag_or_a_weight_stays_text() -> None:
    q = mc(
        "q1",
        "[html]<b>not bold</b>",
        Choice("%50% of them", False, "[plain]x"),
        Choice("all", True),
    )
    text = block(gift(q), "q1")
    assert "::q1::[moodle][html]<b>not bold</b>{" in text
    assert "\t~%0%%50% of them#[moodle][plain]x\n" in text
    (back,) = read_gift(gift(q).encode(), "x").pack.questions
    assert back.prompt == "[html]<b>not bold</b>"
    assert back.choices[0] == Choice("%50% of them", False, "[plain]x")


def test_pictures_are_left_out_with_a_warning() -> None:
    q = mc("q1", "P", Choice("a", True, image=Image("a.png")), Choice("b", False))
    result = write_gift(Pack(INFO, questions=(q,)), {"a.png": b"png"})
    assert result.warnings == ('question "q1": its pictures cannot be written in GIFT',)


def test_sources_are_left_out_with_one_warning() -> None:
    questions = tuple(
        mc(f"q{i}", "P", Choice("a", True), Choice("b", False), citations=(Citation("s1"),))
        for i in range(3)
    )
    pack = Pack(INFO, sources=(Source("s1", "A book"),), questions=questions)
    (warning,) = write_gift(pack, {}).warnings
    assert warning.startswith("GIFT has no place for sources")


def test_facts_are_mentioned_in_the_same_warning() -> None:
    pack = Pack(
        INFO,
        facts=(Fact("f1", "A fact."),),
        questions=(mc("q1", "P", Choice("a", True), Choice("b", False)),),
    )
    (warning,) = write_gift(pack, {}).warnings
    assert "facts" in warning


def test_an_imported_pack_written_back_has_nothing_to_warn_about() -> None:
    source = "::Q1::Is it?{T}\n\n::Q2::Pick{=a ~b}"
    pack = read_gift(source.encode(), "quiz.gift").pack
    assert write_gift(pack, {}).warnings == ()


def test_difficulty_and_fixed_order_are_lost_with_a_warning_each() -> None:
    q = mc("q1", "P", Choice("a", True), Choice("b", False), difficulty=3, shuffle=False)
    warnings = write_gift(Pack(INFO, questions=(q,)), {}).warnings
    assert len(warnings) == 2
    assert "difficulty" in warnings[0]
    assert "order" in warnings[1]


def test_a_tag_gift_cannot_hold_is_left_out_with_a_warning() -> None:
    q = mc("q1", "P", Choice("a", True), Choice("b", False), tags=("<b>", "ok"))
    result = write_gift(Pack(INFO, questions=(q,)), {})
    assert "// [tag:ok]" in result.data.decode()
    assert "<b>" not in result.data.decode()
    (warning,) = result.warnings
    assert '"<b>" cannot be written' in warning


def test_a_multiple_choice_question_with_two_right_choices_is_written_weighted() -> None:
    q = mc("q1", "P", Choice("a", True), Choice("b", True), Choice("c", False))
    result = write_gift(Pack(INFO, questions=(q,)), {})
    assert "\t~%50%a\n\t~%50%b\n\t~%-100%c\n" in result.data.decode()
    assert result.warnings == (
        'question "q1" is multiple choice with 2 correct choices; '
        "it is written as multiple response",
    )


def test_written_file_is_utf8() -> None:
    q = mc("q1", "Ça va? ☃", Choice("Oui", True), Choice("Non", False))
    data = write_gift(Pack(INFO, questions=(q,)), {}).data
    assert "Ça va? ☃".encode() in data


# -- round trip ------------------------------------------------------------------------------

# Texts mix GIFT's special characters, line breaks (blank lines and "0" lines too), TeX (and
# dollar amounts) and any other character. Spaces around a whole text are not kept (Moodle
# trims them), so texts here have none. NUL and other control characters would make the file
# look binary to decode_text.
SPECIAL = "~=#{}:\\[]()%->0/ \n\t_$"
characters = st.one_of(
    st.sampled_from(SPECIAL),
    st.characters(exclude_categories=("Cs", "Cc")),
)
TEX = st.sampled_from(
    ["$x$", "$\\dfrac{1}{2}$", "$$a = b$$", "\\(x^{2}\\)", "\\[\\sqrt{2}\\]", "$5", "$x \\neq 1$"]
)
texts = (
    st.one_of(
        st.text(characters, min_size=1, max_size=40),
        st.tuples(st.text(characters, max_size=12), TEX, st.text(characters, max_size=12)).map(
            "".join
        ),
    )
    .map(lambda s: s.strip(PHP_SPACE))
    .filter(bool)
)
maybe_texts = st.one_of(st.just(""), texts)
tags = st.text(
    st.one_of(st.sampled_from("ab-_ /]\\[:#"), st.characters(exclude_categories=("Cs", "Cc"))),
    min_size=1,
    max_size=20,
).map(lambda s: " ".join(s.replace("<", "").replace(">", "").replace("`", "").split()))


@st.composite
def questions(draw: st.DrawFn, qid: str) -> Question:
    kind = draw(st.sampled_from(list(QuestionType)))
    prompt = draw(texts)
    choices: tuple[Choice, ...]
    if kind is QuestionType.TRUE_FALSE:
        choices = true_false_choices(draw(st.booleans()), draw(maybe_texts), draw(maybe_texts))
    else:
        n = draw(st.integers(2, 8))
        if kind is QuestionType.MULTIPLE_CHOICE:
            right = {draw(st.integers(0, n - 1))}
        else:
            right = set(draw(st.lists(st.integers(0, n - 1), min_size=1, unique=True)))
        choices = tuple(Choice(draw(texts), i in right, draw(maybe_texts)) for i in range(n))
    return Question(
        qid,
        kind,
        prompt,
        choices,
        explanation=draw(maybe_texts),
        tags=tuple(dict.fromkeys(t for t in draw(st.lists(tags, max_size=3)) if t)),
    )


@st.composite
def packs(draw: st.DrawFn) -> Pack:
    ids = draw(
        st.lists(
            st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,20}", fullmatch=True),
            min_size=1,
            max_size=5,
            unique=True,
        )
    )
    return Pack(INFO, questions=tuple(draw(questions(qid)) for qid in ids))


def comparable(q: Question) -> tuple[object, ...]:
    return (q.id, q.type, q.prompt, q.choices, q.explanation, q.tags)


@FAST
@given(packs())
def test_a_pack_survives_writing_and_reading_back(pack: Pack) -> None:
    written = write_gift(pack, {})
    assert written.warnings == ()
    back = read_gift(written.data, "roundtrip.gift")
    assert back.warnings == ()
    assert [comparable(q) for q in back.pack.questions] == [comparable(q) for q in pack.questions]


@FAST
@given(packs())
def test_quizapp_reads_every_written_file_exactly_as_moodle_does(pack: Pack) -> None:
    text = write_gift(pack, {}).data.decode("utf-8")
    assert parse_gift(text, Reading.QUIZAPP) == parse_gift(text)


@FAST
@given(packs())
def test_moodle_reads_every_written_question_without_errors(pack: Pack) -> None:
    parsed = parse_gift(write_gift(pack, {}).data.decode("utf-8"))
    assert parsed.errors == ()
    assert len(parsed.items) == len(pack.questions)


def test_round_trip_of_the_moodle_fixture_keeps_every_imported_question() -> None:
    first = read_gift(
        b"::Q2::Pick{=yellow#right ~red#wrong}\n\n::Q1::Is it?{FALSE#a#b####Because}", "f.gift"
    )
    again = read_gift(write_gift(first.pack, {}).data, "f.gift")
    assert [comparable(q) for q in again.pack.questions] == [
        comparable(q) for q in first.pack.questions
    ]
    assert [q.citations for q in again.pack.questions] == [
        (formats.line_citation(5),),
        (formats.line_citation(11),),
    ]


# -- arbitrary input -------------------------------------------------------------------------

GIFTISH = st.text(
    st.one_of(st.sampled_from("{}~=#:\\%[]->\n\r TF0/$CATEGORY:html"), st.characters())
)
# Pieces of GIFT, TeX and categories, so that arbitrary text often holds them.
GIFT_PIECES = st.sampled_from(
    [
        "$CATEGORY: a/b\n", "$CATEGORY:", "::Q::", "{", "}", "~", "=", "#", "####", "\n",
        "\n\n", "\n0\n", "// [id:x] [tag:y]\n", "%-25%", "%-150%", "%50%", "[html]", "T",
        "$", "$$", "\\(", "\\)", "\\[", "\\]", "$\\dfrac{1}{2}$", "\\sqrt{2}", "x^{2}", "\\{",
        "\\}", "\\\\", "\\neq", "$5", " ",
    ]
)  # fmt: skip
GIFTISH_TEX = st.lists(st.one_of(GIFT_PIECES, st.text(max_size=3)), max_size=40).map("".join)


def _only_pack_invalid(run: Callable[[], object]) -> None:
    gives_pack_or_problems(run)


@FAST
@given(st.one_of(GIFTISH, GIFTISH_TEX), st.sampled_from(Reading))
def test_parse_gift_never_raises(text: str, reading: Reading) -> None:
    parsed = parse_gift(text, reading)
    assert all(e.line >= 1 for e in (*parsed.errors, *parsed.notes))
    assert all(i.line >= 1 for i in parsed.items)


@FAST
@given(GIFTISH_TEX)
def test_read_gift_on_gift_tex_and_categories_raises_nothing_but_pack_invalid(
    text: str,
) -> None:
    _only_pack_invalid(lambda: read_gift(text.encode("utf-8", "surrogatepass"), "fuzz.gift"))


@FAST
@given(GIFTISH_TEX)
def test_every_question_read_has_a_line_in_the_file(text: str) -> None:
    try:
        result = read_gift(text.encode("utf-8", "surrogatepass"), "fuzz.gift")
    except PackInvalid:
        return
    lines = max(text.count("\n"), text.count("\r")) + 1
    assert set(result.lines) == {q.id for q in result.pack.questions}
    assert all(1 <= line <= lines for line in result.lines.values())


@FAST
@given(GIFTISH)
def test_read_gift_on_arbitrary_text_raises_nothing_but_pack_invalid(text: str) -> None:
    _only_pack_invalid(lambda: read_gift(text.encode("utf-8", "surrogatepass"), "fuzz.gift"))


@FAST
@given(st.binary(max_size=2000))
def test_read_gift_on_arbitrary_bytes_raises_nothing_but_pack_invalid(data: bytes) -> None:
    _only_pack_invalid(lambda: read_gift(data, "fuzz.gift"))


@FAST
@given(packs(), st.integers(0, 400), st.integers(0, 20), st.text(max_size=10))
def test_a_damaged_gift_file_gives_a_pack_or_problems(
    pack: Pack, at: int, cut: int, insert: str
) -> None:
    text = write_gift(pack, {}).data.decode("utf-8")
    damaged = text[:at] + insert + text[at + cut :]
    _only_pack_invalid(lambda: read_gift(damaged.encode("utf-8", "surrogatepass"), "d.gift"))
