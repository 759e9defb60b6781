"""The editor's use cases: checking one item with the validator's messages; saving a pack."""

from __future__ import annotations

import tomllib
from pathlib import Path

from quizapp.packs.starter import starter_pack
from quizapp.services import Bank, editor, packs

from ..helpers import write_select_all


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


def test_an_edited_pack_is_saved_into_the_bank_with_its_version_raised(
    bank: Bank, tmp_path: Path
) -> None:
    packs.import_files(bank, [str(write_select_all(tmp_path))])
    draft = editor.open_pack(bank, "select")
    assert set(draft.images) == {"images/numbers.png", "images/fr.png"}
    draft.doc["questions"][1]["prompt"] = "Which country's flag is shown?"
    result = editor.save_to_bank(bank, draft)
    assert result.status.value == "updated"
    saved = packs.load_pack(bank, "select")
    assert saved.info.version == "1.0.1"  # raised, so a copy shared earlier is older
    assert saved.questions[1].prompt == "Which country's flag is shown?"
    again = editor.open_pack(bank, "select")
    assert again.images == draft.images  # the pictures stay with the pack


def test_an_imported_pack_saves_while_some_questions_still_lack_an_explanation(
    bank: Bank, tmp_path: Path
) -> None:
    gift = tmp_path / "moodle.gift"
    gift.write_text("::q1:: Is the sky blue? {T}\n\n::q2:: Is grass red? {F}\n", encoding="utf-8")
    packs.import_files(bank, [str(gift)])
    draft = editor.open_pack(bank, "moodle")
    draft.doc["questions"][0]["explanation"] = "Air scatters blue light most."
    editor.save_to_bank(bank, draft)
    [summary] = packs.list_packs(bank)
    assert summary.missing_explanations == 1
