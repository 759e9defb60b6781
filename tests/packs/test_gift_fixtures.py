"""Third-party GIFT files (tests/data/formats) read as Moodle and their projects expect."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from quizapp.core.model import QuestionType
from quizapp.core.problems import PackInvalid
from quizapp.packs.gift import NOT_UTF8, GiftItem, GiftParse, parse_gift, read_gift

FORMATS = Path(__file__).parent.parent / "data" / "formats"
MOODLE = FORMATS / "moodle"
PEGJS = FORMATS / "gift-pegjs"
RGMF = FORMATS / "pygiftparser-rgmf"
QAS = FORMATS / "qas-editor"
BANKS = FORMATS / "banks"
WAS_EXPORT = BANKS / "was-practice_questions-WAS-Default-for-WAS-20210124-2338.gift"
RGIFT = FORMATS / "RGIFTParser" / "inst_extdata_test.gift"


def parse(path: Path) -> GiftParse:
    parsed = parse_gift(path.read_text(encoding="utf-8"))
    assert parsed.errors == ()
    return parsed


def questions(parsed: GiftParse) -> list[GiftItem]:
    return [i for i in parsed.items if i.kind != "category"]


def kinds(parsed: GiftParse) -> Counter[str]:
    return Counter(i.kind for i in parsed.items)


def item_at(parsed: GiftParse, line: int) -> GiftItem:
    (found,) = [i for i in parsed.items if i.line == line]
    return found


# -- Moodle's own fixtures (Moodle behat: the counts it prints) -----------------------------


def test_moodles_fixture_has_9_questions() -> None:
    parsed = parse(MOODLE / "moodle_gift_fixture_questions.gift.txt")
    assert [i.kind for i in parsed.items] == [
        "essay",
        "match",
        "multichoice",
        "multichoice",
        "numerical",
        "shortanswer",
        "truefalse",
        "truefalse",
        "truefalse",
    ]


def test_moodles_fixture_imports_its_multiple_choice_and_true_false_questions() -> None:
    result = read_gift((MOODLE / "moodle_gift_fixture_questions.gift.txt").read_bytes(), "q.gift")
    assert [(q.id, q.type) for q in result.pack.questions] == [
        ("q2", QuestionType.MULTIPLE_CHOICE),
        ("colours", QuestionType.MULTIPLE_RESPONSE),
        ("q1", QuestionType.TRUE_FALSE),
        ("2-08-tsl", QuestionType.TRUE_FALSE),
        ("2-08-tsl-2", QuestionType.TRUE_FALSE),
    ]
    assert [(w.line, w.message.split(" skipped")[0]) for w in result.warnings] == [
        (2, 'essay question "Q8"'),
        (5, 'matching question "Moodle activities"'),
        (31, 'numerical question "Q5"'),
        (34, 'short answer question "Shortanswer"'),
    ]
    q1 = result.pack.questions[2]
    # The fixture's stray '";' after the braces makes it a missing-word question (D6).
    assert q1.prompt == '42 is the Absolute Answer to everything._____";'
    assert q1.answer is False
    assert q1.explanation == "This is, of course, a Hitchiker's Guide to the Galaxy reference."


def test_moodles_category_fixture_has_4_questions_and_a_category() -> None:
    parsed = parse(MOODLE / "moodle_gift_fixture_questions_in_category.gift.txt")
    assert kinds(parsed) == Counter(category=1, match=1, multichoice=1, shortanswer=1, truefalse=1)
    assert parsed.items[0].category == "$course$/Default for New Features"
    result = read_gift(
        (MOODLE / "moodle_gift_fixture_questions_in_category.gift.txt").read_bytes(), "c.gift"
    )
    greeting, acronym = result.pack.questions
    assert greeting.prompt == ("Listen to this greeting:\n\nWhat language is being spoken?")
    assert [c.text for c in greeting.choices if c.correct] == ["French"]
    assert acronym.answer is True
    assert {q.tags for q in result.pack.questions} == {("Default for New Features",)}


def test_moodles_windows_1252_fixture_is_refused_with_moodles_message() -> None:
    data = (MOODLE / "moodle_gift_fixture_questions_encoding_windows-1252.gift.txt").read_bytes()
    with pytest.raises(PackInvalid) as caught:
        read_gift(data, "questions_encoding_windows-1252.gift.txt")
    (problem,) = caught.value.problems
    assert problem.message == NOT_UTF8
    assert (problem.line, problem.column) == (15, 7)  # the first byte that is not UTF-8


def test_moodles_examples_file_reads_without_errors() -> None:
    parsed = parse(MOODLE / "moodle_gift_examples.txt")
    assert kinds(parsed) == Counter(
        multichoice=18, shortanswer=9, numerical=8, truefalse=5, match=3
    )


# -- the gift-pegjs suite: every .gift against its expected .json ---------------------------

PEGJS_KINDS = {
    "MC": "multichoice",
    "TF": "truefalse",
    "Short": "shortanswer",
    "Numerical": "numerical",
    "Matching": "match",
    "Essay": "essay",
    "Description": "description",
    "Category": "category",
}


def norm(text: str | None) -> str:
    """pegjs joins lines with a space where Moodle keeps the newline, and spaces the blank."""
    return " ".join((text or "").split()).replace("_____ ", "_____")


def rich(value: dict[str, str] | None) -> tuple[str, str | None]:
    return (norm(value["text"]), value["format"]) if value else ("", None)


def fraction(choice: dict[str, Any]) -> float:
    weight = choice["weight"]
    if weight is None:
        return 1.0 if choice["isCorrect"] else 0.0
    return float(weight) / 100


def pegjs_view(q: dict[str, Any], source: str) -> dict[str, Any]:
    """What pegjs expects, in the terms of GiftItem."""
    kind = PEGJS_KINDS[q["type"]]
    if kind == "category":
        return {"kind": kind, "category": q["title"]}
    view: dict[str, Any] = {
        "kind": kind,
        "name": q["title"] or "",
        "idnumber": q["id"],
        "tags": tuple(q["tags"] or ()),
        "text": rich(q["stem"]),
    }
    if "_____" not in source:
        view["missing word"] = q["hasEmbeddedAnswers"]
    if q.get("globalFeedback"):
        view["general feedback"] = rich(q["globalFeedback"])
    if kind in ("multichoice", "shortanswer"):
        view["answers"] = [
            (rich(c["text"]), round(fraction(c), 7), norm((c["feedback"] or {}).get("text")))
            for c in q["choices"]
        ]
    if kind == "truefalse":
        # pegjs gives the feedbacks by position; Moodle's first one is for the wrong answer
        # (cases.md B5, B7), so for a TRUE question pegjs's "trueFeedback" is Moodle's false one.
        first, second = q["trueFeedback"], q["falseFeedback"]
        when_true, when_false = (second, first) if q["isTrue"] else (first, second)
        view["correct"] = q["isTrue"]
        view["feedback"] = (rich(when_true)[0], rich(when_false)[0])
    if kind == "match":
        view["answers"] = [(rich(p["subquestion"]), p["subanswer"]) for p in q["matchPairs"]]
    if kind == "numerical":
        choices = q["choices"]
        if isinstance(choices, dict):
            choices = [{"isCorrect": True, "weight": None, "text": choices, "feedback": None}]
        view["answers"] = [_pegjs_number(c) for c in choices]
    return view


def _pegjs_number(choice: dict[str, Any]) -> tuple[Any, ...]:
    value = choice["text"]
    feedback = norm((choice["feedback"] or {}).get("text"))
    if "type" not in value:  # the catch-all "*" answer
        return (value["text"], None, fraction(choice), feedback)
    if value["type"] == "simple":
        number, tolerance = value["number"], 0.0
    elif value["type"] == "range":
        number, tolerance = value["number"], value["range"]
    else:
        high, low = value["numberHigh"], value["numberLow"]
        number, tolerance = (high + low) / 2, (high - low) / 2
    return (round(number, 6), round(tolerance, 6), fraction(choice), feedback)


def our_view(i: GiftItem, source: str) -> dict[str, Any]:
    if i.kind == "category":
        return {"kind": i.kind, "category": i.category}
    view: dict[str, Any] = {
        "kind": i.kind,
        "name": i.name,
        "idnumber": i.idnumber,
        "tags": i.tags,
        "text": (norm(i.text), i.text_format),
    }
    if "_____" not in source:
        view["missing word"] = "_____" in i.text
    if i.general_feedback:
        view["general feedback"] = (norm(i.general_feedback), i.general_feedback_format)
    if i.kind in ("multichoice", "shortanswer"):
        view["answers"] = [
            ((norm(a.text), a.format), round(a.fraction, 7), norm(a.feedback)) for a in i.answers
        ]
    if i.kind == "truefalse":
        view["correct"] = i.correct
        view["feedback"] = (norm(i.feedback_true), norm(i.feedback_false))
    if i.kind == "match":
        view["answers"] = [((norm(a.text), a.format), a.match) for a in i.answers]
    if i.kind == "numerical":
        view["answers"] = [
            (a.text, None, a.fraction, norm(a.feedback))
            if a.tolerance is None
            else (round(float(a.text), 6), round(a.tolerance, 6), a.fraction, norm(a.feedback))
            for a in i.answers
        ]
    return view


@pytest.mark.parametrize("gift", sorted(PEGJS.glob("*.gift")), ids=lambda p: p.stem)
def test_pegjs_expected_parse_matches_moodles(gift: Path) -> None:
    source = gift.read_text(encoding="utf-8")
    expected = json.loads(gift.with_suffix(".json").read_text(encoding="utf-8"))
    parsed = parse(gift)
    assert [our_view(i, source) for i in parsed.items] == [pegjs_view(q, source) for q in expected]


def test_every_pegjs_case_is_compared() -> None:
    assert len(list(PEGJS.glob("*.gift"))) == 51


# -- real banks and other parsers' test files -----------------------------------------------


def test_the_was_practice_export_has_266_questions_and_35_categories() -> None:
    parsed = parse(WAS_EXPORT)
    assert kinds(parsed) == Counter(multichoice=243, essay=13, match=9, truefalse=1, category=35)
    assert {i.name for i in questions(parsed)} == {"Question"}


def test_the_was_practice_export_imports_its_multiple_choice_questions() -> None:
    result = read_gift(WAS_EXPORT.read_bytes(), WAS_EXPORT.name)
    pack = result.pack
    assert len(pack.questions) == 243
    assert len({q.id for q in pack.questions}) == 243
    assert pack.questions[0].id == "question"
    assert pack.questions[1].id == "question-2"
    assert Counter(w.message.split(":")[0] for w in result.warnings) == Counter(
        {
            'essay question "Question" skipped': 13,
            'matching question "Question" skipped': 9,
            'question "Question" skipped': 1,
        }
    )
    # The one question skipped for having no correct choice: its exporter escaped the "=".
    (no_correct,) = [w for w in result.warnings if "no choice is marked correct" in w.message]
    assert no_correct.line == 953


def test_a11_real_export_with_escaped_html_and_general_feedback() -> None:
    q = item_at(parse(WAS_EXPORT), 14)
    assert (q.kind, q.name, q.single, q.text_format) == ("multichoice", "Question", True, "html")
    assert q.text == "Which of the following is a WCAG 2.0 Level A requirement?"
    assert [a.fraction for a in q.answers] == [0.0, 1.0, 0.0, 0.0]
    assert {a.format for a in q.answers} == {"html"}
    assert q.general_feedback_format == "html"
    assert q.general_feedback.startswith(
        '<p><a class="instructure_file_link inline_disabled external" '
        'href="https://www.w3.org/WAI/WCAG21/quickref/#page-titled" target="_blank">'
    )


def test_b10_real_export_true_false_with_only_general_feedback() -> None:
    (q,) = [i for i in parse(WAS_EXPORT).items if i.kind == "truefalse"]
    assert q.correct is False
    assert (q.feedback_true, q.feedback_false) == ("", "")
    assert q.general_feedback.startswith('Source: <a href="https://dequeuniversity.com/')
    assert q.general_feedback_format == "html"


def test_c9_real_export_matching_with_many_pairs_and_repeated_answers() -> None:
    # cases.md says 33 pairs; question 24 of the export has 34 "->" lines.
    (big,) = [i for i in parse(WAS_EXPORT).items if i.kind == "match" and i.line == 294]
    assert len(big.answers) == 34
    assert Counter(a.match for a in big.answers)["Low Vision and Blindness"] == 5


@pytest.mark.parametrize("bank", sorted(BANKS.glob("cpacc-practice_*.gift")), ids=lambda p: p.stem)
def test_hand_written_banks_import_without_warnings(bank: Path) -> None:
    result = read_gift(bank.read_bytes(), bank.name)
    assert result.warnings == ()
    assert all(q.type is QuestionType.MULTIPLE_CHOICE for q in result.pack.questions)
    assert all(len(q.correct_indexes) == 1 for q in result.pack.questions)


def test_qas_editor_all_gift_has_22_questions_in_9_categories() -> None:
    assert kinds(parse(QAS / "datasets_gift_all.gift")) == Counter(
        category=9,
        description=1,
        essay=2,
        truefalse=4,
        numerical=4,
        multichoice=5,  # 4 multiple choice and 1 missing word
        match=2,
        shortanswer=4,
    )


def test_a12_real_export_multiple_response_with_html_feedback() -> None:
    parsed = parse(QAS / "datasets_gift_multichoice.gift")
    (q,) = [i for i in parsed.items if i.name == "Multichoice4"]
    third = 33.33333 / 100
    assert q.single is False
    assert [a.fraction for a in q.answers] == [third, -third, third, -third, -third, third]
    assert {a.format for a in q.answers} == {"html"}
    assert q.answers[-1].feedback == "Well done! Did you find them on https://moodle.org/demo ?"
    assert q.answers[-1].feedback_format == "html"


def test_b6_real_export_true_with_feedbacks_on_their_own_lines() -> None:
    parsed = parse(QAS / "datasets_gift_true_false.gift")
    (q,) = [i for i in parsed.items if i.name == "TrueFalse 1"]
    assert (q.kind, q.correct, q.text_format) == ("truefalse", True, "html")
    assert q.feedback_false.startswith("<p>Your answer is incorrect.")
    assert q.feedback_true.startswith("<p>Your answer is correct and")
    assert q.general_feedback.startswith("<p>This question is operating with")
    assert "</p>\n<p>Is this statement true or false?" in q.text


def test_a17_answers_in_moodle_format_under_an_html_question() -> None:
    (q,) = parse(PEGJS / "mcHTMLComment.gift").items
    assert q.text_format == "html"
    assert {a.format for a in q.answers} == {"moodle"}
    assert q.general_feedback_format == "html"
    assert "\n" in q.general_feedback
    assert "<!--" in q.general_feedback


RGMF_COUNTS = {
    "tests_gift_file_all_questions.txt": 19,
    "tests_gift_file_categories.txt": 19,
    "example_files_test1.txt": 4,
    "example_files_test10.txt": 10,
    "example_files_test11.txt": 4,
    "example_files_test12.txt": 19,
    "example_files_test2.txt": 7,
    "example_files_test3.txt": 7,
    "example_files_test4.txt": 30,
    "example_files_test5.txt": 40,
    "example_files_test6.txt": 5,
    "example_files_test7.txt": 7,
    "example_files_test8.txt": 5,
    "example_files_test9.txt": 19,
}


@pytest.mark.parametrize(("name", "count"), RGMF_COUNTS.items())
def test_rgmf_files_have_the_expected_number_of_questions(name: str, count: int) -> None:
    assert len(questions(parse(RGMF / name))) == count


def test_rgmf_lowercase_t_is_short_answer_under_moodles_rules() -> None:
    parsed = parse(RGMF / "tests_gift_file_categories.txt")
    (q,) = [i for i in parsed.items if i.text == "Solo con un feedback."]
    assert q.kind == "shortanswer"
    assert (q.answers[0].text, q.answers[0].feedback) == ("t", "bien")


def test_rgmf_bank_test5_imports_its_true_false_and_multiple_choice() -> None:
    result = read_gift((RGMF / "example_files_test5.txt").read_bytes(), "test5.txt")
    assert Counter(q.type for q in result.pack.questions) == Counter(
        {QuestionType.MULTIPLE_CHOICE: 19, QuestionType.TRUE_FALSE: 4}
    )
    assert len(result.warnings) == 17


def test_rgiftparser_bank_reads_as_its_snapshots_say() -> None:
    parsed = parse(RGIFT)
    assert kinds(parsed) == Counter(multichoice=39, category=7)
    signals = next(i for i in parsed.items if i.name == "AI-types_signaux")
    third = 33.33333 / 100
    assert [a.fraction for a in signals.answers] == [third, third, third, -0.5, -0.5]
    assert (
        signals.answers[0].text
        == "Les signaux issus des surveillances sanitaires et environnementales"
    )
    attack = next(i for i in parsed.items if i.name == "AI-taux_attaque")
    assert attack.text_format == "html"
    assert [a.text for a in attack.answers if a.fraction == 1.0] == ["40,0%"]


def test_rgiftparser_bank_imports_39_questions_with_their_categories() -> None:
    result = read_gift(RGIFT.read_bytes(), RGIFT.name)
    assert len(result.pack.questions) == 39
    assert result.pack.questions[0].tags == ("IDEA/Alerte-Investigation",)
