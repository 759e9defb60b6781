"""Checking one item of a pack being edited gives the validator's messages for that item."""

from __future__ import annotations

import tomllib

from quizapp.packs.starter import starter_pack
from quizapp.services import editor


def doc() -> dict:
    return tomllib.loads(starter_pack("demo"))


def messages(d: dict, kind: str, index: int) -> list[str]:
    return [str(p) for p in editor.check_item(d, kind, index)]


def test_a_valid_item_has_no_problems() -> None:
    d = doc()
    assert messages(d, "questions", 2) == []
    assert messages(d, "sources", 0) == []
    assert messages(d, "facts", 0) == []
    assert messages(d, "pack", 0) == []


def test_problems_name_the_real_question() -> None:
    d = doc()
    d["questions"][2]["choices"][0]["correct"] = False
    d["questions"][2]["choices"][1]["correct"] = False
    [problem] = editor.check_item(d, "questions", 2)
    assert problem.path == "questions[3].choices"
    assert (
        problem.message
        == 'questions[3] "third-question": at least one choice must be correct (none is)'
    )


def test_an_undeclared_source_and_a_repeated_id_are_caught() -> None:
    d = doc()
    d["questions"][0]["sources"][0]["source"] = "nowhere"
    d["questions"][0]["id"] = "second-question"
    found = messages(d, "questions", 0)
    assert any('cites source "nowhere", which is not declared' in m for m in found)
    assert any('id "second-question" is used twice' in m for m in found)


def test_pack_details_are_checked_on_their_own() -> None:
    d = doc()
    d["pack"]["version"] = "one"
    [problem] = editor.check_item(d, "pack", 0)
    assert problem.path == "pack.version"


def test_the_whole_pack_check_matches_the_validator() -> None:
    d = doc()
    del d["questions"][1]["answer"]
    assert [p.path for p in editor.check(d)] == ["questions[2].answer"]
