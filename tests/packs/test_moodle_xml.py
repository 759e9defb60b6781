"""Moodle XML: what imports and what is skipped, the hardened parser, export and round trip."""

from __future__ import annotations

import base64
import re
import time
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

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
from quizapp.core.problems import PackInvalid, Problem
from quizapp.packs import moodle_xml, registry, schema
from quizapp.packs.formats import ReadResult
from quizapp.packs.moodle_xml import read_xml, write_xml
from quizapp.packs.quizpack import MAX_ENTRY_BYTES

from ..helpers import gives_pack_or_problems

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(40))
JPEG = b"\xff\xd8\xff\xe0" + bytes(40)
INFO = PackInfo("demo", "Demo pack", "1.0.0")


def _fixture_files(folder: str) -> list[Path]:
    """The Moodle XML files of a fixture folder (tests/data/formats/README.md gives their
    origin and licence)."""
    return sorted((Path(__file__).parent.parent / "data" / "formats" / folder).glob("*.xml"))


MOODLE_FILES = _fixture_files("moodle")
QAS_FILES = _fixture_files("qas-editor")


def fixture(name: str) -> bytes:
    (path,) = [p for p in (*MOODLE_FILES, *QAS_FILES) if p.name == name]
    return path.read_bytes()


def quiz(*questions: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n' + "\n".join(questions) + "\n</quiz>\n"
    ).encode("utf-8")


def answer(fraction: str, text: str, feedback: str = "", fmt: str = "html") -> str:
    return (
        f'<answer fraction="{fraction}" format="{fmt}"><text>{text}</text>'
        f'<feedback format="html"><text>{feedback}</text></feedback></answer>'
    )


def multichoice(
    *answers: str, name: str = "Q", text: str = "Pick one", single: str = "true", extra: str = ""
) -> str:
    return (
        f'<question type="multichoice"><name><text>{name}</text></name>'
        f'<questiontext format="html"><text>{text}</text></questiontext>'
        f"<single>{single}</single>{extra}{''.join(answers)}</question>"
    )


def truefalse(right: str = "true", name: str = "TF", extra: str = "") -> str:
    wrong = "false" if right == "true" else "true"
    return (
        f'<question type="truefalse"><name><text>{name}</text></name>'
        '<questiontext format="html"><text>The sky is blue.</text></questiontext>'
        f"{extra}"
        f'<answer fraction="100" format="moodle_auto_format"><text>{right}</text>'
        f'<feedback format="html"><text>Said {right}</text></feedback></answer>'
        f'<answer fraction="0" format="moodle_auto_format"><text>{wrong}</text>'
        f'<feedback format="html"><text>Said {wrong}</text></feedback></answer>'
        "</question>"
    )


def one(data: bytes) -> Question:
    (q,) = read_xml(data, "quiz.xml").pack.questions
    return q


def refusal(data: bytes) -> list[Problem]:
    with pytest.raises(PackInvalid) as e:
        read_xml(data, "quiz.xml")
    return e.value.problems


# -- multiple choice, multiple response, true/false -------------------------------------------


def test_a_single_answer_multichoice_is_multiple_choice_with_feedback_per_choice() -> None:
    q = one(quiz(multichoice(answer("100", "Paris", "Yes."), answer("0", "Lyon", "No."))))
    assert q.type is QuestionType.MULTIPLE_CHOICE
    assert q.choices == (Choice("Paris", True, "Yes."), Choice("Lyon", False, "No."))


def test_a_negative_fraction_on_a_wrong_choice_is_its_penalty() -> None:
    q = one(quiz(multichoice(answer("100", "a"), answer("-25", "b"), answer("0", "c"))))
    assert [c.penalty for c in q.choices] == [None, 0.25, None]


def test_several_answers_with_positive_fractions_are_all_correct() -> None:
    q = one(
        quiz(
            multichoice(
                answer("50", "2"),
                answer("50", "3"),
                answer("-100", "4"),
                single="false",
            )
        )
    )
    assert q.type is QuestionType.MULTIPLE_RESPONSE
    assert [c.correct for c in q.choices] == [True, True, False]
    # -100/m (m wrong choices) is the penalty scheme's own rule: no penalty of its own.
    assert q.choices[2].penalty is None


def test_a_multiple_response_penalty_other_than_the_rule_is_kept() -> None:
    q = one(
        quiz(
            multichoice(
                answer("100", "a"),
                answer("-25", "b"),
                answer("-50", "c"),
                single="false",
            )
        )
    )
    assert [c.penalty for c in q.choices] == [None, 0.25, None]


def test_partial_credit_beside_a_full_answer_is_dropped_with_a_warning() -> None:
    result = read_xml(
        quiz(multichoice(answer("100", "a"), answer("50", "half"), answer("0", "c"))), "q.xml"
    )
    (q,) = result.pack.questions
    assert q.type is QuestionType.MULTIPLE_CHOICE
    assert [c.correct for c in q.choices] == [True, False, False]
    assert ["partial credit (50%) is dropped" in w.message for w in result.warnings] == [True]


def test_a_single_choice_question_with_two_full_answers_becomes_select_all() -> None:
    result = read_xml(quiz(multichoice(answer("100", "a"), answer("100", "b"))), "q.xml")
    assert result.pack.questions[0].type is QuestionType.MULTIPLE_RESPONSE
    (warning,) = result.warnings
    assert "Moodle accepts any one of its 2 right choices" in warning.message


def test_a_single_choice_question_without_a_full_answer_is_skipped_at_its_line() -> None:
    data = quiz(
        multichoice(answer("50", "a"), answer("50", "b"), name="Half"),
        truefalse(),
    )
    result = read_xml(data, "q.xml")
    assert [q.id for q in result.pack.questions] == ["tf"]
    (warning,) = result.warnings
    assert warning.line == 3 and warning.severity == "warning"
    assert warning.message == (
        'question "Half" skipped: no choice is fully right (a fraction of 100), and quizapp '
        "needs one"
    )


def test_blank_answers_are_ignored_as_moodle_does() -> None:
    q = one(quiz(multichoice(answer("100", "a"), answer("0", ""), answer("0", "c"))))
    assert [c.text for c in q.choices] == ["a", "c"]


def test_a_fraction_that_is_not_a_number_skips_the_question() -> None:
    problems = refusal(quiz(multichoice(answer("100", "a"), answer("lots", "b"))))
    assert 'the fraction "lots" of an answer is not a number' in problems[1].message


def test_true_false_takes_the_right_answer_and_each_answers_feedback() -> None:
    q = one(quiz(truefalse("false")))
    assert q.type is QuestionType.TRUE_FALSE and q.answer is False
    assert q.choices == true_false_choices(False, "Said true", "Said false")


def test_true_false_with_no_right_answer_is_skipped() -> None:
    broken = truefalse().replace('fraction="100"', 'fraction="0"')
    problems = refusal(quiz(broken))
    assert "exactly one of its answers, true or false, must be right" in problems[1].message


def test_shuffleanswers_false_keeps_the_choices_in_order() -> None:
    extra = "<shuffleanswers>0</shuffleanswers>"
    q = one(quiz(multichoice(answer("100", "a"), answer("0", "b"), extra=extra)))
    assert q.shuffle is False


# -- ids, names, tags, explanations ------------------------------------------------------------


def test_the_idnumber_is_the_id_when_it_is_a_valid_one() -> None:
    extra = "<idnumber>geo.capital-1</idnumber>"
    assert one(quiz(multichoice(answer("100", "a"), answer("0", "b"), extra=extra))).id == (
        "geo.capital-1"
    )


def test_without_a_valid_idnumber_the_name_gives_the_id_made_unique() -> None:
    bad_id = "<idnumber>not valid!</idnumber>"
    data = quiz(
        multichoice(answer("100", "a"), answer("0", "b"), name="Capital of France", extra=bad_id),
        multichoice(answer("100", "a"), answer("0", "b"), name="Capital of France"),
        multichoice(answer("100", "a"), answer("0", "b"), name="<![CDATA[<b>!</b>]]>"),
    )
    ids = [q.id for q in read_xml(data, "q.xml").pack.questions]
    assert ids == ["capital-of-france", "capital-of-france-2", "q-line-5"]


def test_categories_and_tags_become_tags() -> None:
    category = (
        '<question type="category"><category><text>$course$/top/Unit 1/Week 2</text>'
        "</category></question>"
    )
    tags = "<tags><tag><text>europe</text></tag><tag><text>cold  war</text></tag></tags>"
    data = quiz(category, multichoice(answer("100", "a"), answer("0", "b"), extra=tags))
    assert one(data).tags == ("Unit 1/Week 2", "europe", "cold war")


def test_a_category_with_top_in_capitals_loses_it_too() -> None:
    category = (
        '<question type="category"><category><text>$course$/Top/Unit 1</text></category></question>'
    )
    data = quiz(category, truefalse())
    assert one(data).tags == ("Unit 1",)


def test_general_feedback_is_the_explanation() -> None:
    extra = (
        '<generalfeedback format="html"><text>&lt;p&gt;Because.&lt;/p&gt;</text></generalfeedback>'
    )
    assert one(quiz(truefalse(extra=extra))).explanation == "Because."


def test_every_question_cites_the_file_at_its_line_and_lines_are_given() -> None:
    result = read_xml(quiz(truefalse(name="a"), truefalse(name="b")), "q.xml")
    assert [q.citations[0].locator for q in result.pack.questions] == ["line 3", "line 4"]
    assert result.lines == {"a": 3, "b": 4}


def test_the_line_of_a_question_is_where_its_element_starts() -> None:
    data = b"<quiz>\n<!-- q -->\n\n  <question\n    type='truefalse'>" + truefalse()[26:].encode()
    data += b"\n</quiz>"
    assert read_xml(data, "q.xml").lines == {"tf": 4}


# -- HTML ------------------------------------------------------------------------------------


def test_html_becomes_plain_text_with_its_line_breaks() -> None:
    text = "<![CDATA[<p>First <b>bold</b> line</p><p>Second&nbsp;line<br>third</p>]]>"
    q = one(quiz(multichoice(answer("100", "a"), answer("0", "b"), text=text)))
    assert q.prompt == "First bold line\n\nSecond line\nthird"  # paragraphs: a blank line


def test_scripts_and_styles_never_reach_the_text() -> None:
    text = (
        "<![CDATA[<style>p {color: red}</style><p>Pick</p><script>alert('x')</script>"
        "<SCRIPT type='x'>steal()</SCRIPT><img src=x onerror=alert(1)>]]>"
    )
    result = read_xml(quiz(multichoice(answer("100", "a"), answer("0", "b"), text=text)), "q.xml")
    prompt = result.pack.questions[0].prompt
    assert prompt == "Pick"
    assert "alert" not in prompt and "steal" not in prompt and "color" not in prompt


def test_moodle_auto_format_keeps_line_breaks_and_plain_text_stays_as_written() -> None:
    auto = one(
        quiz(
            multichoice(
                answer("100", "one\ntwo", fmt="moodle_auto_format"),
                answer("0", "a &lt;b&gt; c", fmt="plain_text"),
            )
        )
    )
    assert [c.text for c in auto.choices] == ["one\ntwo", "a <b> c"]


def test_html_written_as_xml_elements_is_read_as_html() -> None:
    text = "<p>One<br/>two</p>"  # not escaped: the <text> element holds elements
    q = one(quiz(multichoice(answer("100", "a"), answer("0", "b"), text=text)))
    assert q.prompt == "One\ntwo"


# -- pictures --------------------------------------------------------------------------------


def with_picture(data: bytes, name: str = "map.png", alt: str = "A map") -> str:
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f'<![CDATA[<p>Where?</p><img src="@@PLUGINFILE@@/{name.replace(" ", "%20")}" '
        f'alt="{alt}">]]></text>'
        f'<file name="{name}" path="/" encoding="base64">{encoded}</file><text>'
    )


def picture_question(text: str, *answers: str) -> bytes:
    answers = answers or (answer("100", "a"), answer("0", "b"))
    # The <text> closed and reopened around <file>: the file sits beside the text.
    return quiz(multichoice(*answers, text=text)).replace(b"<text></text>", b"")


def test_an_embedded_picture_is_the_questions_image() -> None:
    result = read_xml(picture_question(with_picture(PNG, "my map.png")), "q.xml")
    (q,) = result.pack.questions
    assert q.image == Image("images/my-map.png", "A map")
    assert q.prompt == "Where?"
    assert result.images == {"images/my-map.png": PNG}
    assert result.warnings == ()


def test_a_picture_without_alt_text_is_described_by_its_file_name() -> None:
    result = read_xml(picture_question(with_picture(PNG, alt="")), "q.xml")
    assert result.pack.questions[0].image == Image("images/map.png", "Picture map.png")
    (warning,) = result.warnings
    assert "1 question shows a picture without a description" in warning.message


def test_a_picture_named_like_a_png_but_a_jpeg_is_stored_as_a_jpeg() -> None:
    result = read_xml(picture_question(with_picture(JPEG, "photo.png")), "q.xml")
    assert result.images == {"images/photo.jpg": JPEG}


def test_a_file_that_is_not_a_picture_is_left_out_with_a_warning() -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    result = read_xml(picture_question(with_picture(svg, "snail.svg")), "q.xml")
    (q,) = result.pack.questions
    assert q.image is None and result.images == {}
    (warning,) = result.warnings
    assert warning.message == (
        'question "Q": the picture "snail.svg" in its question text is left out: quizapp shows '
        "PNG, JPEG, GIF and WebP pictures, and this is none of them"
    )
    assert q.prompt == "Where?\n[A map]"  # its description stays in the text


def test_a_picture_from_the_web_is_left_out() -> None:
    text = '<![CDATA[Where? <img src="https://example.com/x.png" alt="x">]]>'
    result = read_xml(picture_question(text), "q.xml")
    assert result.pack.questions[0].image is None
    assert "it is not in the file" in result.warnings[0].message


def test_a_choice_shows_its_own_picture_and_one_with_no_text_is_named_by_it() -> None:
    encoded = base64.b64encode(PNG).decode("ascii")
    pictured = (
        '<answer fraction="100" format="html"><text><![CDATA[<img src="@@PLUGINFILE@@/a.png" '
        f'alt="Red square">]]></text><file name="a.png" path="/" encoding="base64">{encoded}'
        "</file></answer>"
    )
    q = one(picture_question("Which?", pictured, answer("0", "blue")))
    assert q.choices[0] == Choice("Red square", True, image=Image("images/a.png", "Red square"))


def test_the_same_name_with_other_bytes_gets_its_own_path() -> None:
    data = quiz(
        multichoice(answer("100", "a"), answer("0", "b"), text=with_picture(PNG)),
        multichoice(answer("100", "a"), answer("0", "b"), text=with_picture(PNG + b"2")),
        multichoice(answer("100", "a"), answer("0", "b"), text=with_picture(PNG)),
    ).replace(b"<text></text>", b"")
    result = read_xml(data, "q.xml")
    assert [q.image.path for q in result.pack.questions if q.image] == [
        "images/map.png",
        "images/map-2.png",
        "images/map.png",
    ]


def test_a_picture_in_the_feedback_is_left_out() -> None:
    feedback = '<![CDATA[See <img src="@@PLUGINFILE@@/f.png" alt="f">]]>'
    q_data = quiz(multichoice(answer("100", "a", feedback), answer("0", "b")))
    result = read_xml(q_data, "q.xml")
    assert result.pack.questions[0].choices[0].feedback == "See [f]"
    assert "quizapp shows pictures only with the question and its choices" in (
        result.warnings[0].message
    )


def test_a_picture_over_the_quizpack_limit_is_refused_without_being_decoded() -> None:
    too_big = "A" * ((MAX_ENTRY_BYTES + 3) * 4 // 3 + 8)
    text = (
        '<![CDATA[Where? <img src="@@PLUGINFILE@@/big.png" alt="big">]]></text>'
        f'<file name="big.png" path="/" encoding="base64">{too_big}</file><text>'
    )
    result = read_xml(picture_question(text), "q.xml")
    assert result.pack.questions[0].image is None and result.images == {}
    assert "a picture may be at most 10 MB (as in a .quizpack)" in result.warnings[0].message


def test_pictures_past_the_total_limit_are_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(moodle_xml, "MAX_TOTAL_BYTES", len(PNG) + 10)
    data = quiz(
        multichoice(answer("100", "a"), answer("0", "b"), name="A", text=with_picture(PNG)),
        multichoice(
            answer("100", "a"), answer("0", "b"), name="B", text=with_picture(JPEG, "j.jpg")
        ),
    ).replace(b"<text></text>", b"")
    result = read_xml(data, "q.xml")
    assert list(result.images) == ["images/map.png"]
    (warning,) = result.warnings
    assert warning.line == 4 and "the most a pack may hold" in warning.message


def test_base64_that_is_not_base64_is_left_out() -> None:
    text = (
        '<![CDATA[Where? <img src="@@PLUGINFILE@@/x.png" alt="x">]]></text>'
        '<file name="x.png" path="/" encoding="base64">not*base64!</file><text>'
    )
    result = read_xml(picture_question(text), "q.xml")
    assert "its data is not valid base64" in result.warnings[0].message


# -- what is skipped -------------------------------------------------------------------------


def other(kind: str, name: str = "x") -> str:
    return (
        f'<question type="{kind}"><name><text>{name}</text></name>'
        "<questiontext><text>?</text></questiontext></question>"
    )


def test_other_types_are_skipped_with_one_warning_per_type() -> None:
    data = quiz(other("essay"), truefalse(), other("essay"), other("numerical"), other("weird"))
    result = read_xml(data, "q.xml")
    assert [(w.line, w.message) for w in result.warnings] == [
        (
            3,
            '2 essay questions (Moodle type "essay") skipped: quizapp has no essay questions '
            "(lines 3, 5)",
        ),
        (
            6,
            '1 numerical question (Moodle type "numerical") skipped: quizapp has no numerical '
            "questions (line 6)",
        ),
        (
            7,
            '1 question of the type "weird" skipped: quizapp knows only multiple-choice, '
            "multiple-response and true/false questions (line 7)",
        ),
    ]


def test_a_file_with_nothing_to_import_is_refused_with_what_it_holds() -> None:
    problems = refusal(quiz(other("description"), other("description")))
    assert [str(p) for p in problems] == [
        "quiz.xml: no multiple-choice or true/false questions to import",
        "quiz.xml:3: warning: 2 descriptions skipped: quizapp has no descriptions (text without "
        "a question) (lines 3, 4)",
    ]


def test_overall_feedback_and_hints_are_named_once_for_the_file() -> None:
    extra = (
        '<correctfeedback format="html"><text>Well done</text></correctfeedback>'
        '<hint format="html"><text>Think</text></hint>'
    )
    data = quiz(truefalse(name="a", extra=extra), truefalse(name="b", extra=extra))
    messages = [w.message for w in read_xml(data, "q.xml").warnings]
    assert messages == [
        "the overall feedback of 2 questions (for a right, partly right or wrong answer) is "
        "left out: quizapp shows each choice's feedback and the explanation (lines 3, 4)",
        "the hints of 2 questions are left out: quizapp has no hints (lines 3, 4)",
    ]


# -- files that cannot be read ---------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<quiz><question type="truefalse"><name><text>&lol9;</text></name>
<questiontext><text>&lol9;</text></questiontext></question></quiz>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="truefalse"><name><text>leak</text></name>
<questiontext format="html"><text>&secret;</text></questiontext>
<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>
</question></quiz>
"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE quiz SYSTEM "http://example.com/evil.dtd">
<quiz></quiz>
"""

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY % remote SYSTEM "http://example.com/x.dtd"> %remote;]>
<quiz></quiz>
"""

REFUSED_DTD = (
    "has a document type declaration (<!DOCTYPE …>){}, which a Moodle XML file never has: "
    "quizapp refuses it, so that no entity it declares is expanded and no file or address it "
    "names is opened"
)


def test_a_billion_laughs_is_refused_at_once_and_nothing_is_expanded() -> None:
    started = time.perf_counter()
    (problem,) = refusal(BILLION_LAUGHS)
    assert time.perf_counter() - started < 1
    assert (problem.line, problem.message) == (2, REFUSED_DTD.format(""))
    assert "lol" not in problem.message


def test_an_external_entity_is_refused_and_the_file_it_names_is_not_read() -> None:
    (problem,) = refusal(EXTERNAL_ENTITY)
    assert problem.message == REFUSED_DTD.format("")
    assert "root:" not in str(problem)


def test_an_external_dtd_is_refused_and_never_fetched() -> None:
    (problem,) = refusal(EXTERNAL_DTD)
    assert problem.message == REFUSED_DTD.format(
        ' and names the file "http://example.com/evil.dtd"'
    )


def test_a_parameter_entity_is_refused() -> None:
    (problem,) = refusal(PARAMETER_ENTITY)
    assert problem.message == REFUSED_DTD.format("")


def test_a_file_nested_absurdly_deep_is_refused() -> None:
    deep = b"<quiz>" + b"<a>" * 200 + b"</a>" * 200 + b"</quiz>"
    (problem,) = refusal(deep)
    assert problem.message == (
        "nests its elements more than 100 levels deep, which no Moodle XML file does"
    )


def test_xml_that_is_not_well_formed_is_refused_with_its_line_and_column() -> None:
    (problem,) = refusal(b"<quiz>\n<question type='truefalse'>\n</quiz>")
    assert (problem.line, problem.column) == (3, 3)
    assert problem.message.startswith("is not well-formed XML (mismatched tag), so it cannot")


def test_a_declared_8_bit_encoding_is_read() -> None:
    data = quiz(truefalse()).replace(b'encoding="UTF-8"', b'encoding="windows-1252"')
    data = data.replace(b"The sky is blue.", "Le ciel est bleu, été.".encode("cp1252"))
    assert one(data).prompt == "Le ciel est bleu, été."


@pytest.mark.parametrize("encoding", ["shift_jis", "no-such-encoding"])
def test_an_encoding_quizapp_cannot_read_is_refused_by_name(encoding: str) -> None:
    data = quiz(truefalse()).replace(b"UTF-8", encoding.encode())
    (problem,) = refusal(data)
    assert problem.message == (
        f'is written in the "{encoding}" encoding that quizapp cannot read: save it as UTF-8 '
        "(as Moodle writes its exports) and try again"
    )


def test_xml_that_is_not_a_moodle_quiz_is_refused() -> None:
    (problem,) = refusal(b'<?xml version="1.0"?>\n<rss version="2.0"></rss>')
    assert problem.message == (
        "is XML, but not a Moodle XML question file: its top element is <rss>, where Moodle's "
        "is <quiz>"
    )


def test_an_empty_or_oversized_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    assert refusal(b"  \n")[0].message == "is empty: there is nothing to read as a Moodle XML file"
    monkeypatch.setattr(moodle_xml, "MAX_XML_BYTES", 10)
    assert refusal(quiz(truefalse()))[0].message.startswith("is 0.0 MB; a Moodle XML file may be")


# -- detection and the registry --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("export.xml", b"anything"),
        ("export.txt", b'\xef\xbb\xbf  <?xml version="1.0"?><quiz/>'),
        ("export", b"<quiz>\n</quiz>"),
    ],
)
def test_moodle_xml_is_detected_by_extension_and_content(name: str, data: bytes) -> None:
    assert registry.detect(name, data) == "xml"


def test_gift_and_toml_are_still_detected_as_before() -> None:
    assert registry.detect("quiz.txt", b"::Q1:: 2+2=4 {T}") == "gift"
    assert registry.detect("pack", b"format = 1\n[pack]\n") == "toml"


def test_the_registry_reads_xml_and_validation_names_the_line() -> None:
    long_prompt = "x" * (schema.LIMITS["prompt"] + 1)
    data = quiz(
        truefalse(name="ok"),
        multichoice(answer("100", "a"), answer("0", "b"), name="long", text=long_prompt),
    )
    result = registry.read(data, "quiz.xml")
    assert result.format == "xml"
    assert [q.id for q in result.pack.questions] == ["ok"]
    (warning,) = result.warnings
    assert warning.line == 4 and warning.message.startswith('question "long" skipped')


# -- export ----------------------------------------------------------------------------------


def full_pack() -> tuple[Pack, dict[str, bytes]]:
    questions = (
        Question(
            "capital",
            QuestionType.MULTIPLE_CHOICE,
            "What is the capital\nof France? (a < b & c)",
            (
                Choice("Paris", True, "Yes: the atlas says so."),
                Choice("Lyon", False, "Third city.", penalty=0.25),
                Choice("Marseille", False, image=Image("images/m.jpg", "The port")),
            ),
            explanation="Paris has been the capital for centuries.",
            tags=("capitals", "europe"),
            shuffle=False,
            image=Image("images/map.png", "A map of France"),
        ),
        Question(
            "primes",
            QuestionType.MULTIPLE_RESPONSE,
            "Which are prime?",
            (
                Choice("2", True),
                Choice("3", True),
                Choice("4", False, "Even.", penalty=0.5),
                Choice("6", False),
                Choice("9", False, penalty=1.0),
            ),
            explanation="A prime has two divisors.",
            tags=("maths",),
        ),
        Question(
            "sky",
            QuestionType.TRUE_FALSE,
            "The sky is green.",
            true_false_choices(False, "No: it is blue.", "Right."),
            explanation="Rayleigh scattering.",
        ),
    )
    return Pack(INFO, questions=questions), {"images/map.png": PNG, "images/m.jpg": JPEG}


def read_back(pack: Pack, images: dict[str, bytes]) -> ReadResult:
    written = write_xml(pack, images)
    return registry.read(written.data, "demo.xml")


def test_written_questions_read_back_the_same() -> None:
    pack, images = full_pack()
    result = read_back(pack, images)
    assert result.pack.questions == tuple(
        Question(
            q.id,
            q.type,
            q.prompt,
            q.choices,
            q.explanation,
            citations=result.pack.questions[i].citations,
            tags=q.tags,
            shuffle=q.shuffle,
            image=q.image,
        )
        for i, q in enumerate(pack.questions)
    )
    assert result.images == images
    assert result.warnings == ()


def test_the_export_is_what_moodle_imports() -> None:
    pack, images = full_pack()
    text = write_xml(pack, images).data.decode("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n')
    assert '<question type="multichoice">' in text and '<question type="truefalse">' in text
    assert "<single>true</single>" in text and "<single>false</single>" in text
    # Moodle's grades: 100/k for the k right choices, the penalty, or -100/m.
    assert text.count('fraction="50"') == 2
    assert 'fraction="-50"' in text and 'fraction="-33.33333"' in text and 'fraction="-100"' in text
    assert 'fraction="-25"' in text
    assert '<img src="@@PLUGINFILE@@/map.png" alt="A map of France">' in text.replace(
        "&lt;", "<"
    ).replace("&gt;", ">").replace("&quot;", '"')
    assert (
        f'<file name="map.png" path="/" encoding="base64">{base64.b64encode(PNG).decode()}' in text
    )
    assert "<idnumber>capital</idnumber>" in text
    assert "<tags>" in text and "<text>europe</text>" in text


def test_sources_are_written_into_the_general_feedback_with_a_warning() -> None:
    source = Source("atlas", "World Atlas", author="Smith", date="2020")
    fact = Fact("f1", "Paris is the capital.", (Citation("atlas", "p. 9", "Paris, capital"),))
    q = Question(
        "q",
        QuestionType.TRUE_FALSE,
        "Paris is the capital of France.",
        true_false_choices(True),
        explanation="It is.",
        citations=(Citation("atlas", "p. 12"),),
        fact="f1",
        difficulty=2,
    )
    written = write_xml(Pack(INFO, sources=(source,), facts=(fact,), questions=(q,)), {})
    assert written.warnings == (
        "Moodle XML has no place for sources and citations: each question's are written as text "
        "at the end of its general feedback, after the explanation",
        "Moodle XML has no place for facts: their statements are left out",
        "Moodle XML has no place for difficulty levels: they are left out",
    )
    (back,) = read_xml(written.data, "q.xml").pack.questions
    assert back.explanation == (
        "It is.\n\nSources:\nWorld Atlas, Smith, 2020, p. 12\nWorld Atlas, Smith, 2020, p. 9: "
        "“Paris, capital”"
    )


def test_a_multiple_choice_question_with_two_correct_choices_is_written_as_select_all() -> None:
    q = Question("q", QuestionType.MULTIPLE_CHOICE, "Pick", (Choice("a", True), Choice("b", True)))
    written = write_xml(Pack(INFO, questions=(q,)), {})
    assert written.warnings == (
        'question "q" is multiple choice with 2 correct choices; it is written as multiple '
        "response",
    )
    assert one(written.data).type is QuestionType.MULTIPLE_RESPONSE


def test_a_penalty_between_moodles_grades_is_written_as_the_nearest() -> None:
    q = Question(
        "q",
        QuestionType.MULTIPLE_CHOICE,
        "Pick",
        (Choice("a", True), Choice("b", False, penalty=0.22), Choice("c", False)),
    )
    written = write_xml(Pack(INFO, questions=(q,)), {})
    assert written.warnings == (
        'question "q": the penalty of choice "b" (22%) is written as Moodle\'s nearest grade, -20%',
    )
    assert one(written.data).choices[1].penalty == 0.2


def test_a_missing_picture_and_control_characters_are_said() -> None:
    q = Question(
        "q",
        QuestionType.TRUE_FALSE,
        "Bell\x07 rings",
        true_false_choices(True),
        image=Image("images/gone.png", "Gone"),
    )
    written = write_xml(Pack(INFO, questions=(q,)), {})
    assert written.warnings == (
        'question "q": control characters that XML cannot hold are left out',
        'question "q": its picture "images/gone.png" is missing, so it is left out',
    )
    assert one(written.data).prompt == "Bell rings"


def test_the_cli_exports_and_imports_the_bundled_pack_as_moodle_xml(tmp_path: Path) -> None:
    from ..test_cli import run

    nato = Path(__file__).parent.parent.parent / "questions" / "nato-eastward-expansion.toml"
    db = str(tmp_path / "b.db")
    assert run("--db", db, "pack", "import", str(nato))[0] == 0
    out = tmp_path / "nato.xml"
    code, said, err = run("--db", db, "pack", "export", "nato-eastward-expansion", "-o", str(out))
    assert code == 0, err
    assert ", xml)" in said
    code, said, err = run("--db", str(tmp_path / "other.db"), "pack", "import", str(out))
    assert code == 0, err
    assert "added" in said


# -- the third-party files -------------------------------------------------------------------


@pytest.mark.parametrize("path", [*MOODLE_FILES, *QAS_FILES], ids=lambda p: p.name)
def test_every_moodle_xml_fixture_reads_without_crashing(path: Path) -> None:
    gives_pack_or_problems(lambda: registry.read(path.read_bytes(), path.name))


def test_qas_editors_export_of_every_type_imports_its_multichoice_and_truefalse() -> None:
    result = registry.read(fixture("datasets_moodle_all.xml"), "all.xml")
    assert Counter(q.type for q in result.pack.questions) == {
        QuestionType.MULTIPLE_CHOICE: 5,
        QuestionType.TRUE_FALSE: 1,
    }
    assert [q.id for q in result.pack.questions] == [
        "html-layout",
        "table",
        "code",
        "markdown",
        "plain-text",
        "tf",
    ]
    skipped = {w.message.split(" skipped")[0] for w in result.warnings if " skipped" in w.message}
    assert skipped == {
        '2 essay questions (Moodle type "essay")',
        '1 drag and drop into text question (Moodle type "ddwtos")',
        '1 drag and drop markers question (Moodle type "ddmarker")',
        "1 description",
        '4 numerical questions (Moodle type "numerical")',
        '1 calculated question (Moodle type "calculated")',
        '2 calculated multichoice questions (Moodle type "calculatedmulti")',
        '1 simple calculated question (Moodle type "calculatedsimple")',
        '1 embedded answers (Cloze) question (Moodle type "cloze")',
        '1 matching question (Moodle type "matching")',
        '1 short answer question (Moodle type "shortanswer")',
        '1 drag and drop onto image question (Moodle type "ddimageortext")',
        '1 random short-answer matching question (Moodle type "randomsamatch")',
        '1 select missing words question (Moodle type "gapselect")',
    }
    assert {q.id: q.tags for q in result.pack.questions}["tf"] == ("qas_editor/alternative-format",)
    assert set(result.images) == {"images/4.png", "images/moodlewhich.jpg"}


def test_qas_editors_multichoice_keeps_its_png_and_leaves_out_its_svg() -> None:
    result = registry.read(fixture("datasets_moodle_multichoice.xml"), "mc.xml")
    (q,) = result.pack.questions
    assert q.image == Image("images/4.png", "Picture 4.png")
    assert result.images["images/4.png"].startswith(b"\x89PNG")
    assert q.prompt.startswith("a link here and an image and an equation \\( \\int_{2\\pi}")
    assert [c.correct for c in q.choices] == [True, False, False, False, False]
    assert q.choices[0].text == "This is the good underlined answer."
    assert any('the picture "dessin.svg"' in w.message for w in result.warnings)


def test_qas_editors_true_false_is_false_with_both_feedbacks() -> None:
    result = registry.read(fixture("datasets_moodle_truefalse.xml"), "tf.xml")
    (q,) = result.pack.questions
    assert q.type is QuestionType.TRUE_FALSE and q.answer is False
    assert q.choices[0].feedback.startswith("Yes. Did you just know?")
    assert q.choices[1].feedback.startswith("Each new version of Moodle until Moodle 3.5 brought")
    assert q.image is not None and result.images[q.image.path].startswith(b"\xff\xd8\xff")


def test_moodles_invalid_grades_fixture_imports_as_select_all() -> None:
    # Moodle refuses this file (33 is not one of its grades); quizapp needs only the signs.
    result = registry.read(fixture("moodle_xml_fixture_error_invalid_grades.xml"), "g.xml")
    (q,) = result.pack.questions
    assert q.type is QuestionType.MULTIPLE_RESPONSE
    assert q.prompt == "Select all prime numbers :"
    assert [(c.text, c.correct, c.penalty) for c in q.choices] == [
        ("1", False, None),
        ("2", True, None),
        ("3", True, None),
        ("4", False, None),
        ("5", True, None),
    ]


def test_moodles_broken_cloze_fixture_has_nothing_to_import() -> None:
    with pytest.raises(PackInvalid) as e:
        registry.read(fixture("moodle_xml_fixture_broken_cloze_questions.xml"), "c.xml")
    assert [p.message for p in e.value.problems] == [
        "no multiple-choice or true/false questions to import",
        '5 embedded answers (Cloze) questions (Moodle type "cloze") skipped: quizapp has no '
        "embedded answers (Cloze) questions (lines 4, 20, 36, 52, 68)",
    ]


@pytest.mark.parametrize(
    "name",
    [p.name for p in QAS_FILES if p.name not in ("datasets_moodle_all.xml",)],
)
def test_each_single_type_export_imports_or_names_its_type(name: str) -> None:
    try:
        result = registry.read(fixture(name), name)
    except PackInvalid as e:
        assert "skipped" in e.problems[1].message
    else:
        assert name in ("datasets_moodle_multichoice.xml", "datasets_moodle_truefalse.xml")
        assert len(result.pack.questions) == 1


# -- arbitrary input -------------------------------------------------------------------------

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # what XML 1.0 cannot hold
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TOKENS = [
    "<",
    ">",
    "</",
    "/>",
    "=",
    '"',
    "'",
    " ",
    "\n",
    "&",
    ";",
    "&amp;",
    "&#0;",
    "&#x41;",
    "<?xml version='1.0'?>",
    "<!DOCTYPE quiz>",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "quiz",
    "question",
    "type",
    "multichoice",
    "truefalse",
    "category",
    "essay",
    "answer",
    "fraction",
    "-25",
    "100",
    "nan",
    "text",
    "single",
    "false",
    "true",
    "name",
    "idnumber",
    "tags",
    "tag",
    "questiontext",
    "generalfeedback",
    "feedback",
    "format",
    "html",
    "file",
    "encoding",
    "base64",
    "@@PLUGINFILE@@/",
    "<img src=",
    "iVBORw0KGgo=",
    "é",
    "\x00",
]


@FAST
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_a_pack_or_problems(data: bytes) -> None:
    gives_pack_or_problems(lambda: read_xml(data, "fuzz.xml"))


@FAST
@given(st.lists(st.sampled_from(TOKENS), max_size=200).map("".join))
def test_xml_like_text_gives_a_pack_or_problems(text: str) -> None:
    gives_pack_or_problems(lambda: read_xml(text.encode("utf-8", "surrogatepass"), "fuzz.xml"))


GOOD = write_xml(*full_pack()).data.decode("utf-8")


@FAST
@given(st.integers(0, len(GOOD)), st.integers(0, 40), st.sampled_from(TOKENS))
def test_a_damaged_export_gives_a_pack_or_problems(at: int, cut: int, insert: str) -> None:
    text = GOOD[:at] + insert + GOOD[at + cut :]
    gives_pack_or_problems(lambda: read_xml(text.encode("utf-8"), "fuzz.xml"))


@FAST
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["multichoice", "truefalse", "category", "essay", ""]),
            st.lists(st.tuples(st.text(max_size=20), st.text(max_size=8)), max_size=5),
            st.text(max_size=30),
        ),
        max_size=5,
    )
)
def test_well_formed_questions_with_any_content_give_a_pack_or_problems(
    questions: list[tuple[str, list[tuple[str, str]], str]],
) -> None:
    root = ET.Element("quiz")
    for kind, answers, text in questions:
        q = ET.SubElement(root, "question", type=kind)
        ET.SubElement(ET.SubElement(q, "questiontext"), "text").text = NOT_XML.sub("", text)
        for answer_text, fraction in answers:
            a = ET.SubElement(q, "answer", fraction=NOT_XML.sub("", fraction))
            ET.SubElement(a, "text").text = NOT_XML.sub("", answer_text)
    data = ET.tostring(root, encoding="utf-8")
    gives_pack_or_problems(lambda: read_xml(data, "fuzz.xml"))
