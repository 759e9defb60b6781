""".quizresult hand-ins: a faithful round trip, edits caught, and hostile files refused plainly."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quizapp
from quizapp.core.classroom import HandIn, HandInChoice, HandInResponse
from quizapp.core.marking import Marking, Navigation
from quizapp.core.model import QuestionType
from quizapp.core.quiz import AttemptStatus, Mode, Outcome
from quizapp.packs import quizresult
from quizapp.packs.quizresult import (
    FORMAT,
    MAX_BYTES,
    SUFFIX,
    VERSION,
    Edited,
    HandInProblem,
    dumps,
    file_name,
    loads,
)

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SOURCE = "hand-ins/Zoë-NATO-7KQ3-PX9M-2RTB.quizresult"
CODE = "NATO-7KQ3-PX9M-2RTB"
DOCS = Path(__file__).parent.parent.parent / "docs" / "results-format.md"


def _choices(*texts: tuple[str, bool]) -> tuple[HandInChoice, ...]:
    return tuple(HandInChoice(text, correct) for text, correct in texts)


def sample(**changes: Any) -> HandIn:
    """A realistic certainty-marked exam: one of each kind of question, one left unanswered."""
    responses = (
        HandInResponse(
            position=0,
            question_key="founding-members",
            type=QuestionType.MULTIPLE_CHOICE,
            prompt="How many countries signed the North Atlantic Treaty in 1949?",
            choices=_choices(("10", False), ("12", True), ("16", False), ("29", False)),
            selected=(1,),
            outcome=Outcome.CORRECT,
            credit=1.0,
            marks=3.0,
            certainty=3,
            seconds=21.25,
            changes=((0,), (), (1,)),
            fact="founding",
        ),
        HandInResponse(
            position=1,
            question_key="baltic-2004",
            type=QuestionType.TRUE_FALSE,
            prompt="Estonia, Latvia and Lithuania joined NATO in 2004.",
            choices=_choices(("True", True), ("False", False)),
            selected=(1,),
            outcome=Outcome.WRONG,
            credit=0.0,
            marks=-2.0,
            certainty=2,
            seconds=8.5,
            changes=((1,),),
            flagged=True,
            fact="enlargement-2004",
        ),
        HandInResponse(
            position=2,
            question_key="visegrad-1999",
            type=QuestionType.MULTIPLE_RESPONSE,
            prompt="Which joined in 1999? Select all that apply.\n(Three did.)",
            choices=_choices(
                ("Poland", True), ("Hungary", True), ("Czech Republic", True), ("Slovakia", False)
            ),
            selected=(0, 2),
            outcome=Outcome.PARTIAL,
            credit=2 / 3,
            marks=2 / 3,
            certainty=1,
            seconds=40.0,
            changes=((0,), (0, 2)),
            fact="enlargement-1999",
        ),
        HandInResponse(
            position=3,
            question_key="article-5",
            type=QuestionType.MULTIPLE_CHOICE,
            prompt='What does Article 5 say? "An armed attack against one…"',
            choices=_choices(("…is an attack against all", True), ("…must be debated", False)),
            selected=(),
            outcome=Outcome.UNANSWERED,
            credit=0.0,
            marks=0.0,
        ),
    )
    base = HandIn(
        learner="Zoë <b>O'Brien</b> =1+1",
        code=CODE,
        pack_id="nato-eastward-expansion",
        pack_title="NATO's eastward expansion, 1990–2004",
        pack_version="1.2.0",
        fingerprint="3fa9c2d41b07e855",
        mode=Mode.EXAM,
        marking=Marking.CERTAINTY,
        navigation=Navigation.SEQUENTIAL,
        status=AttemptStatus.FINISHED,
        started_at=datetime(2025, 3, 4, 9, 30, 0, 125000),
        finished_at=datetime(2025, 3, 4, 9, 31, 12),
        seconds=69.75,
        score=3 + -2 + 2 / 3,
        max_score=12.0,
        responses=responses,
    )
    return replace(base, **changes)


def as_json(hand_in: HandIn | None = None) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(dumps(hand_in or sample()))
    return result


def signed(obj: Any) -> bytes:
    """The object as a hand-in file with a right checksum, as quizapp would write it."""
    if isinstance(obj, dict) and isinstance(obj.get("code"), str):
        obj = {**obj, "checksum": quizresult.checksum(obj, obj["code"])}
    return json.dumps(obj, indent=1, ensure_ascii=False).encode("utf-8")


def edited(change: Callable[[dict[str, Any]], None], sign: bool = True) -> bytes:
    obj = as_json()
    change(obj)
    return signed(obj) if sign else json.dumps(obj).encode()


def refusal(data: bytes, source: str = SOURCE) -> HandInProblem:
    with pytest.raises(HandInProblem) as caught:
        loads(data, source)
    problem = caught.value
    assert str(problem) == f"{source} {problem.reason}"
    assert problem.source == source
    assert "\n" not in str(problem)
    return problem


# -- writing and reading back ------------------------------------------------------------------


def test_a_hand_in_reads_back_as_it_was_written() -> None:
    hand_in = sample()
    assert loads(dumps(hand_in), SOURCE) == replace(hand_in, source=SOURCE)


def test_the_file_is_indented_utf8_json_that_keeps_text_exactly() -> None:
    data = dumps(sample())
    text = data.decode("utf-8")
    assert "Zoë <b>O'Brien</b> =1+1" in text  # not escaped: that is done where it is shown
    assert "\n " in text
    obj = json.loads(text)
    assert obj["format"] == FORMAT == "quizapp-result"
    assert obj["version"] == VERSION == 1
    assert obj["app"] == quizapp.__version__
    assert re.fullmatch(r"[0-9a-f]{64}", obj["checksum"])
    assert set(obj) == {
        "format", "version", "app", "learner", "code", "pack", "attempt", "responses", "checksum"
    }  # fmt: skip
    assert obj["attempt"]["started_at"] == "2025-03-04T09:30:00.125000"
    assert obj["responses"][0]["changes"] == [[0], [], [1]]
    assert obj["responses"][0]["question"] == "founding-members"
    assert obj["responses"][3]["certainty"] is None


def test_the_same_hand_in_gives_the_same_bytes() -> None:
    assert dumps(sample()) == dumps(sample())


def test_times_are_written_in_utc() -> None:
    paris = timezone(timedelta(hours=1))
    aware = sample(
        started_at=datetime(2025, 3, 4, 10, 30, tzinfo=paris),
        finished_at=datetime(2025, 3, 4, 9, 31, 12, tzinfo=UTC),
    )
    read = loads(dumps(aware), SOURCE)
    assert read.started_at == datetime(2025, 3, 4, 9, 30)
    assert read.finished_at == datetime(2025, 3, 4, 9, 31, 12)


def test_an_unfinished_time_and_no_responses_read_back() -> None:
    hand_in = sample(finished_at=None, status=AttemptStatus.EXPIRED, responses=())
    assert loads(dumps(hand_in), "x") == replace(hand_in, source="x")


def test_reformatting_the_json_keeps_the_checksum() -> None:
    # The checksum is over the content, not the layout: re-indenting or sorting is not an edit.
    obj = as_json()
    data = json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()  # ASCII escapes too
    assert loads(b"\xef\xbb\xbf" + data, SOURCE) == replace(sample(), source=SOURCE)


def test_times_with_a_zone_are_read_as_utc() -> None:
    def change(obj: dict[str, Any]) -> None:
        obj["attempt"]["started_at"] = "2025-03-04T10:30:00+01:00"
        obj["attempt"]["finished_at"] = "2025-03-04T09:31:12Z"

    read = loads(edited(change), SOURCE)
    assert read.started_at == datetime(2025, 3, 4, 9, 30)
    assert read.finished_at == datetime(2025, 3, 4, 9, 31, 12)


def test_fields_a_later_quizapp_adds_are_ignored() -> None:
    def change(obj: dict[str, Any]) -> None:
        obj["school"] = {"name": "Lycée Jean Moulin"}
        obj["responses"][0]["hint_used"] = True

    assert loads(edited(change), SOURCE) == replace(sample(), source=SOURCE)


def test_control_characters_leave_the_learner_name_but_newline_and_tab_stay() -> None:
    def change(obj: dict[str, Any]) -> None:
        obj["learner"] = "  \x00Zo\x1bë\r O'Brien\x7f\u0085\tB\nC  "

    assert loads(edited(change), SOURCE).learner == "Zoë O'Brien\tB\nC"


def test_writing_refuses_a_number_that_is_not_finite() -> None:
    with pytest.raises(ValueError, match="not finite"):
        dumps(sample(score=float("nan")))


# -- edits -------------------------------------------------------------------------------------


def _set(*path: Any) -> Callable[[dict[str, Any]], None]:
    *parents, last = path[:-1]
    value = path[-1]

    def change(obj: dict[str, Any]) -> None:
        node: Any = obj
        for part in parents:
            node = node[part]
        node[last] = value

    return change


EDITS = {
    "score": _set("attempt", "score", 12.0),
    "score by a hair": _set("attempt", "score", 1.6666666666666667),
    "a selected index": _set("responses", 1, "selected", [0]),
    "the learner": _set("learner", "Zoe O'Brien"),
    "the code": _set("code", "NATO-7KQ3-PX9M-2RTC"),
    "the code, made another's": _set("code", "SPQR-7KQ3-PX9M-2RTB"),
    "a key": _set("responses", 0, "choices", 1, "correct", False),
    "a prompt": _set("responses", 2, "prompt", "Which joined in 1999?"),
    "the status": _set("attempt", "status", "expired"),
    "the app": _set("app", "9.9.9"),
    "an added field": _set("extra", 1),
    "a flag": _set("responses", 1, "flagged", False),
    "the checksum itself": _set("checksum", "0" * 64),
    "a checksum that is not hex": _set("checksum", "ä"),
}


@pytest.mark.parametrize("change", EDITS.values(), ids=EDITS.keys())
def test_a_file_changed_after_it_was_written_is_edited(
    change: Callable[[dict[str, Any]], None],
) -> None:
    problem = refusal(edited(change, sign=False))
    assert isinstance(problem, Edited)
    assert str(problem) == (
        f"{SOURCE} was changed after it was handed in (its checksum does not match)"
    )


def test_an_edit_in_the_bytes_is_caught() -> None:
    data = dumps(sample()).replace(b'"score": 1.6666666666666665', b'"score": 11.666666666666666')
    assert data != dumps(sample())
    assert isinstance(refusal(data), Edited)


def test_an_edit_that_also_breaks_a_field_is_reported_as_edited() -> None:
    problem = refusal(edited(_set("responses", 3, "selected", [7]), sign=False))
    assert isinstance(problem, Edited)


def test_the_checksum_is_keyed_with_the_code_normalised() -> None:
    obj = as_json()
    obj["code"] = "nato 7kq3-px9m-2rtb"  # another spelling of the same code
    del obj["checksum"]
    import hashlib
    import hmac

    message = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    key = b"NATO7KQ3PX9M2RTB"
    obj["checksum"] = hmac.new(key, message.encode(), hashlib.sha256).hexdigest()
    assert loads(json.dumps(obj).encode(), SOURCE).code == "nato 7kq3-px9m-2rtb"


# -- refusals ----------------------------------------------------------------------------------


def _long_responses(obj: dict[str, Any]) -> None:
    one = obj["responses"][0]
    obj["responses"] = [{**one, "position": i} for i in range(1_001)]


def _many_choices(obj: dict[str, Any]) -> None:
    obj["responses"][0]["choices"] = [{"text": str(i), "correct": i == 0} for i in range(27)]


def _drop(*path: Any) -> Callable[[dict[str, Any]], None]:
    def change(obj: dict[str, Any]) -> None:
        node: Any = obj
        for part in path[:-1]:
            node = node[part]
        del node[path[-1]]

    return change


SIGNED_REFUSALS: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "no learner": (_drop("learner"), "is not a valid hand-in: learner is missing"),
    "no attempt": (_drop("attempt"), "is not a valid hand-in: attempt is missing"),
    "no selected": (
        _drop("responses", 3, "selected"),
        "is not a valid hand-in: responses[3].selected is missing",
    ),
    "selected is text": (
        _set("responses", 3, "selected", "1"),
        "is not a valid hand-in: responses[3].selected must be a list",
    ),
    "selected holds a fraction": (
        _set("responses", 3, "selected", [1.0]),
        "is not a valid hand-in: responses[3].selected[0] must be a whole number",
    ),
    "selected holds true": (
        _set("responses", 3, "selected", [True]),
        "is not a valid hand-in: responses[3].selected[0] must be a whole number",
    ),
    "selected out of range": (
        _set("responses", 3, "selected", [2]),
        "is not a valid hand-in: responses[3].selected names a choice that is not there",
    ),
    "selected negative": (
        _set("responses", 0, "selected", [-1]),
        "is not a valid hand-in: responses[0].selected names a choice that is not there",
    ),
    "selected twice": (
        _set("responses", 2, "selected", [0, 0]),
        "is not a valid hand-in: responses[2].selected names the same choice twice",
    ),
    "a change out of range": (
        _set("responses", 0, "changes", [[0], [4]]),
        "is not a valid hand-in: responses[0].changes[1] names a choice that is not there",
    ),
    "score is text": (
        _set("attempt", "score", "ten"),
        "is not a valid hand-in: attempt.score must be a number",
    ),
    "score is true": (
        _set("attempt", "score", True),
        "is not a valid hand-in: attempt.score must be a number",
    ),
    "seconds negative": (
        _set("attempt", "seconds", -1.0),
        "is not a valid hand-in: attempt.seconds must be at least 0",
    ),
    "credit above one": (
        _set("responses", 0, "credit", 2.0),
        "is not a valid hand-in: responses[0].credit must be at most 1",
    ),
    "a mode that does not exist": (
        _set("attempt", "mode", "homework"),
        "is not a valid hand-in: attempt.mode must be one of 'practice' or 'exam'",
    ),
    "a study session, which is never handed in": (
        _set("attempt", "mode", "study"),
        "is not a valid hand-in: attempt.mode must be one of 'practice' or 'exam'",
    ),
    "a type that does not exist": (
        _set("responses", 1, "type", "essay"),
        "is not a valid hand-in: responses[1].type must be one of",
    ),
    "certainty four": (
        _set("responses", 0, "certainty", 4),
        "is not a valid hand-in: responses[0].certainty must be 1, 2, 3 or null",
    ),
    "a time that is not one": (
        _set("attempt", "started_at", "last Tuesday"),
        "is not a valid hand-in: attempt.started_at must be a date and time",
    ),
    "a time that is a number": (
        _set("attempt", "finished_at", 1741080672),
        "is not a valid hand-in: attempt.finished_at must be a date and time",
    ),
    "flagged is a number": (
        _set("responses", 1, "flagged", 1),
        "is not a valid hand-in: responses[1].flagged must be true or false",
    ),
    "the pack is a list": (
        _set("pack", []),
        "is not a valid hand-in: pack must be an object",
    ),
    "a response is text": (
        _set("responses", 2, "question"),
        "is not a valid hand-in: responses[2] must be an object",
    ),
    "an empty learner": (
        _set("learner", " \x00\t "),
        "is not a valid hand-in: learner must not be empty",
    ),
    "a long learner": (
        _set("learner", "Z" * 101),
        "is not a valid hand-in: learner is longer than 100 characters",
    ),
    "an empty code": (_set("code", ""), "is not a valid hand-in: code must not be empty"),
    "a long prompt": (
        _set("responses", 0, "prompt", "x" * 10_001),
        "is not a valid hand-in: responses[0].prompt is longer than 10,000 characters",
    ),
    "too many responses": (
        _long_responses,
        "is not a valid hand-in: responses has more than 1,000 items",
    ),
    "too many choices": (
        _many_choices,
        "is not a valid hand-in: responses[0].choices has more than 26 items",
    ),
    "a position twice": (
        _set("responses", 1, "position", 0),
        "is not a valid hand-in: responses[1].position 0 appears twice",
    ),
    "a number too large": (
        _set("attempt", "score", 10**400),
        "is not a valid hand-in: attempt.score",
    ),
}


@pytest.mark.parametrize(("change", "reason"), SIGNED_REFUSALS.values(), ids=SIGNED_REFUSALS.keys())
def test_a_wrong_field_is_named_in_plain_words(
    change: Callable[[dict[str, Any]], None], reason: str
) -> None:
    problem = refusal(edited(change))
    assert not isinstance(problem, Edited)
    assert problem.reason.startswith(reason)


def test_a_file_without_a_checksum_is_refused() -> None:
    problem = refusal(edited(_drop("checksum"), sign=False))
    assert problem.reason == "is not a valid hand-in: checksum is missing"


def test_the_ordinary_limits_are_allowed() -> None:
    def change(obj: dict[str, Any]) -> None:
        obj["learner"] = "Z" * 100
        obj["responses"][0]["prompt"] = "x" * 10_000
        obj["responses"][0]["choices"] = [{"text": "c", "correct": i == 1} for i in range(26)]
        obj["responses"][0]["selected"] = [25]

    read = loads(edited(change), SOURCE)
    assert len(read.responses[0].choices) == 26
    assert read.responses[0].selected == (25,)


RAW_REFUSALS: dict[str, tuple[bytes, str]] = {
    "not UTF-8": (b'{"format": "quizapp-result", "learner": "Zo\xeb"}', "is not UTF-8 text"),
    "not JSON": (b"learner,score\nZoe,10\n", "is not valid JSON (line 1, column 1"),
    "cut short": (dumps(sample())[:-200], "is not valid JSON"),
    "empty": (b"", "is not valid JSON"),
    "a list": (b"[1, 2, 3]", "is not a quizapp hand-in"),
    "a string": (b'"quizapp-result"', "is not a quizapp hand-in"),
    "null": (b"null", "is not a quizapp hand-in"),
    "another format": (b'{"format": "quizapp-pack", "version": 1}', "is not a quizapp hand-in"),
    "no format": (b'{"version": 1}', "is not a quizapp hand-in"),
    "a newer version": (
        b'{"format": "quizapp-result", "version": 2}',
        "was written by a newer quizapp (format 2); update quizapp to read it",
    ),
    "no version": (b'{"format": "quizapp-result"}', "is not a valid hand-in: version is missing"),
    "a text version": (
        b'{"format": "quizapp-result", "version": "1"}',
        "is not a valid hand-in: version must be a whole number",
    ),
    "a true version": (
        b'{"format": "quizapp-result", "version": true}',
        "is not a valid hand-in: version must be a whole number",
    ),
    "version zero": (
        b'{"format": "quizapp-result", "version": 0}',
        "is not a valid hand-in: version must be a whole number",
    ),
    "a duplicated key": (
        b'{"format": "quizapp-result", "version": 1, "version": 2}',
        'has the key "version" twice in one object',
    ),
    "a duplicated key deep inside": (
        b'{"format": "quizapp-result", "pack": {"id": "a", "id": "b"}}',
        'has the key "id" twice in one object',
    ),
    "NaN": (b'{"format": "quizapp-result", "score": NaN}', "holds a number that is not finite"),
    "Infinity": (b'{"x": -Infinity}', "holds a number that is not finite"),
    "an overflowing float": (b'{"x": 1e400}', "holds a number that is not finite"),
    "a huge integer": (b'{"x": ' + b"9" * 5000 + b"}", "holds a number too long to read"),
    "nested deeply": (b"[" * 100_000 + b"]" * 100_000, "is nested too deeply"),
}


@pytest.mark.parametrize(("data", "reason"), RAW_REFUSALS.values(), ids=RAW_REFUSALS.keys())
def test_a_file_that_is_not_a_hand_in_is_refused_plainly(data: bytes, reason: str) -> None:
    assert reason in refusal(data).reason


def test_a_lone_surrogate_is_refused() -> None:
    obj = as_json()
    obj["learner"] = "Zo\ud800"
    data = json.dumps(obj).encode()  # ASCII, with the surrogate as an escape
    assert "broken text" in refusal(data).reason


def test_a_file_over_5_mb_is_refused_unread(monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("a file over the limit was parsed")

    monkeypatch.setattr(json, "loads", never)  # the module parses with json.loads
    padded = dumps(sample()) + b" " * (6 * 1024 * 1024)
    assert len(padded) > MAX_BYTES
    problem = refusal(padded)
    assert problem.reason == "is larger than 5 MB; a hand-in is a few kilobytes"
    assert str(problem) == f"{SOURCE} is larger than 5 MB; a hand-in is a few kilobytes"


def test_edited_is_a_hand_in_problem() -> None:
    problem = Edited("a.quizresult")
    assert isinstance(problem, HandInProblem)
    assert problem.reason == quizresult.EDITED
    assert str(HandInProblem("b.quizresult", "is odd")) == "b.quizresult is odd"


# -- hostile input, generated ------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=30,
)
HEADERS = st.fixed_dictionaries(
    {"format": st.just(FORMAT), "version": st.sampled_from([1, 2, 0, -1, "1", True, None])}
)


def reads_or_refuses(data: bytes) -> None:
    try:
        hand_in = loads(data, "fuzz.quizresult")
    except HandInProblem as problem:
        assert str(problem).startswith("fuzz.quizresult ")
        assert problem.reason
    else:
        assert isinstance(hand_in, HandIn)


@FAST
@given(st.binary(max_size=2_000))
def test_arbitrary_bytes_read_or_are_refused(data: bytes) -> None:
    reads_or_refuses(data)


@FAST
@given(JSON_VALUES)
def test_arbitrary_json_reads_or_is_refused(value: Any) -> None:
    reads_or_refuses(json.dumps(value).encode())


@FAST
@given(HEADERS, st.dictionaries(st.text(max_size=10), JSON_VALUES, max_size=8))
def test_arbitrary_objects_that_claim_to_be_hand_ins_are_refused(
    header: dict[str, Any], rest: dict[str, Any]
) -> None:
    reads_or_refuses(signed({**rest, **header}))


def _paths(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [at]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*at, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*at, i))
    return found


SAMPLE_PATHS = [p for p in _paths(as_json()) if p and p[0] not in ("format", "version")]


@FAST
@given(st.sampled_from(SAMPLE_PATHS), JSON_VALUES, st.booleans())
def test_a_real_hand_in_with_one_part_replaced_reads_or_is_refused(
    path: tuple[Any, ...], value: Any, sign: bool
) -> None:
    obj = as_json()
    node: Any = obj
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    reads_or_refuses(signed(obj) if sign else json.dumps(obj).encode())


FINITE = st.floats(allow_nan=False, allow_infinity=False)
POSITIVE = st.floats(min_value=0, allow_infinity=False)
NAMES = st.text(min_size=1, max_size=100).filter(
    lambda s: quizresult.clean_learner(s) == s and bool(s)
)


@st.composite
def responses(draw: st.DrawFn, position: int) -> HandInResponse:
    choices = draw(st.lists(st.builds(HandInChoice, st.text(), st.booleans()), max_size=6))
    picks = st.lists(st.integers(0, len(choices) - 1), unique=True) if choices else st.just([])
    return HandInResponse(
        position=position,
        question_key=draw(st.text(max_size=30)),
        type=draw(st.sampled_from(QuestionType)),
        prompt=draw(st.text()),
        choices=tuple(choices),
        selected=tuple(draw(picks)),
        outcome=draw(st.sampled_from(Outcome)),
        credit=draw(st.floats(0, 1)),
        marks=draw(FINITE),
        certainty=draw(st.sampled_from([None, 1, 2, 3])),
        seconds=draw(POSITIVE),
        changes=tuple(tuple(c) for c in draw(st.lists(picks, max_size=3))),
        flagged=draw(st.booleans()),
        fact=draw(st.text(max_size=20)),
    )


@st.composite
def hand_ins(draw: st.DrawFn) -> HandIn:
    count = draw(st.integers(0, 4))
    return HandIn(
        learner=draw(NAMES),
        code=draw(st.text(min_size=1, max_size=25)),
        pack_id=draw(st.text()),
        pack_title=draw(st.text()),
        pack_version=draw(st.text()),
        fingerprint=draw(st.text()),
        mode=draw(st.sampled_from([Mode.PRACTICE, Mode.EXAM])),
        marking=draw(st.sampled_from(Marking)),
        navigation=draw(st.sampled_from(Navigation)),
        status=draw(st.sampled_from(AttemptStatus)),
        started_at=draw(st.datetimes()),
        finished_at=draw(st.none() | st.datetimes()),
        seconds=draw(POSITIVE),
        score=draw(FINITE),
        max_score=draw(POSITIVE),
        responses=tuple(draw(responses(i)) for i in range(count)),
    )


@FAST
@given(hand_ins())
def test_any_hand_in_reads_back_as_it_was_written(hand_in: HandIn) -> None:
    assert loads(dumps(hand_in), "x") == replace(hand_in, source="x")


# -- file names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("learner", "code", "expected"),
    [
        ("Zoë Smith", "NATO-7KQ3-PX9M", "Zoë Smith-NATO-7KQ3-PX9M.quizresult"),
        ("Zoë Smith", "nato-7kq3-px9m", "Zoë Smith-NATO-7KQ3-PX9M.quizresult"),
        ("Jean-Luc O'Brien", CODE, f"Jean-Luc O'Brien-{CODE}.quizresult"),
        ("../x", CODE, f"_x-{CODE}.quizresult"),
        ("a/b", CODE, f"a_b-{CODE}.quizresult"),
        ("a\\b", CODE, f"a_b-{CODE}.quizresult"),
        ('<a>:"b"|c?*', CODE, f"_a___b__c__-{CODE}.quizresult"),
        ("tab\there\x00\n", CODE, f"tab_here_-{CODE}.quizresult"),
        (".hidden", CODE, f"hidden-{CODE}.quizresult"),
        ("CON", CODE, f"CON_-{CODE}.quizresult"),
        ("lpt1", CODE, f"lpt1_-{CODE}.quizresult"),
        ("", CODE, f"learner-{CODE}.quizresult"),
        ("  ...  ", CODE, f"learner-{CODE}.quizresult"),
        ("Zoë", "", "Zoë-CODE.quizresult"),
        ("Zoë", "../../etc", "Zoë-_.._ETC.quizresult"),
    ],
)
def test_file_names_are_safe_and_readable(learner: str, code: str, expected: str) -> None:
    assert file_name(learner, code) == expected


def test_a_long_name_makes_a_file_name_every_system_allows() -> None:
    name = file_name("ë" * 300, CODE)
    assert name == "ë" * 75 + f"-{CODE}{SUFFIX}"
    assert len(file_name("𝔀" * 1_000_000, "𝔀" * 1_000_000).encode("utf-8")) <= 255


def test_a_name_with_a_lone_surrogate_still_makes_a_file_name() -> None:
    assert file_name("Zo\ud800", "NATO\udfff") == "Zo_-NATO_.quizresult"


@FAST
@given(st.text(), st.text())
def test_any_file_name_is_one_plain_file(learner: str, code: str) -> None:
    name = file_name(learner, code)
    assert name.endswith(SUFFIX)
    assert not name.startswith((".", " "))
    assert not set(name) & set('<>:"/\\|?*')
    assert not any(ord(c) < 32 or ord(c) == 127 for c in name)
    assert len(name.encode("utf-8")) <= 255
    assert Path(name).name == name


# -- the documentation -------------------------------------------------------------------------


def test_the_documented_example_is_a_valid_hand_in() -> None:
    doc = DOCS.read_text(encoding="utf-8")
    example = re.search(r"```json\n(.*?)```", doc, re.DOTALL)
    assert example is not None
    hand_in = loads(example.group(1).encode("utf-8"), "results-format.md")
    assert hand_in.code == CODE
    assert [r.type for r in hand_in.responses] == [
        QuestionType.MULTIPLE_CHOICE,
        QuestionType.TRUE_FALSE,
    ]


def test_the_documentation_states_the_limits_the_reader_enforces() -> None:
    doc = DOCS.read_text(encoding="utf-8")
    for limit in ("5 MB", "100 characters", "1,000 responses", "26 choices", "10,000 characters"):
        assert limit in doc
