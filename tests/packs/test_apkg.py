"""Anki packages: each opened as Anki would, a zip holding an SQLite collection."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

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
from quizapp.packs import registry
from quizapp.packs.apkg import FIELDS, MODEL_ID, MODEL_NAME, deck_id, write_apkg
from quizapp.packs.toml_pack import load_pack_file, load_pack_text

from ..helpers import numbers_pack, tiny_png

NATO = Path(__file__).parent.parent.parent / "questions" / "nato-eastward-expansion.toml"


@dataclass
class Note:
    guid: str
    model_id: int
    modified: int
    tags: list[str]
    fields: dict[str, str]


@dataclass
class Collection:
    """What an .apkg holds, read the way Anki reads it."""

    notes: dict[str, Note]  # by the first field (the prompt)
    cards: list[tuple[int, int]]  # (note id, deck id)
    models: dict[int, dict[str, Any]]
    decks: dict[int, dict[str, Any]]
    media: dict[str, bytes]  # by the name the notes use


def open_apkg(data: bytes, folder: Path) -> Collection:
    path = folder / "export.apkg"
    path.write_bytes(data)
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        archive.extract("collection.anki2", folder)
        names = json.loads(archive.read("media"))
        media = {name: archive.read(index) for index, name in names.items()}
    db = sqlite3.connect(folder / "collection.anki2")
    try:
        models_json, decks_json = db.execute("SELECT models, decks FROM col").fetchone()
        models = {int(k): v for k, v in json.loads(models_json).items()}
        notes = {}
        for guid, mid, mod, tags, flds in db.execute(
            "SELECT guid, mid, mod, tags, flds FROM notes ORDER BY id"
        ):
            names = [f["name"] for f in sorted(models[mid]["flds"], key=lambda f: f["ord"])]
            fields = dict(zip(names, flds.split("\x1f"), strict=True))
            notes[fields["Prompt"]] = Note(guid, mid, mod, tags.split(), fields)
        cards = db.execute("SELECT nid, did FROM cards").fetchall()
    finally:
        db.close()
    decks = {int(k): v for k, v in json.loads(decks_json).items()}
    return Collection(notes, cards, models, decks, media)


def numbers(n: int = 6, prompt_prefix: str = "") -> Pack:
    return load_pack_text(numbers_pack(n, prompt_prefix=prompt_prefix), "numbers.toml")


def export(
    pack: Pack, folder: Path, images: dict[str, bytes] | None = None, **kw: Any
) -> Collection:
    folder.mkdir(parents=True, exist_ok=True)
    return open_apkg(write_apkg(pack, images or {}, **kw).data, folder)


def test_every_question_of_the_bundled_pack_is_one_note_with_one_card(tmp_path: Path) -> None:
    pack = load_pack_file(NATO)
    col = export(pack, tmp_path)
    assert len(col.notes) == len(pack.questions) == len(col.cards)
    deck = col.decks[deck_id(pack.info.id)]
    assert deck["name"] == pack.info.title
    assert {did for _, did in col.cards} == {deck_id(pack.info.id)}


def test_a_note_holds_the_prompt_choices_answer_explanation_and_sources(tmp_path: Path) -> None:
    col = export(numbers(), tmp_path)
    note = col.notes["Question 1?"]
    assert note.fields == {
        "Prompt": "Question 1?",
        "Choices": '<ol type="A"><li>right</li><li>wrong one</li><li>wrong two</li></ol>',
        "Answer": '<div class="correct">A. right</div><ul class="feedback">'
        "<li><b>A</b>: Yes.</li><li><b>B</b>: No, not this one.</li>"
        "<li><b>C</b>: No, not this either.</li></ul>",
        "Explanation": "Because of reason 1.",
        "Sources": '<div class="source"><div class="source-title">'
        '<a href="https://example.org/book">The Book</a></div>'
        '<div class="source-meta">An Author · 2001</div>'
        '<div class="locator">p. 1</div><blockquote>quote 1</blockquote></div>',
    }


def test_a_true_false_answer_is_true_or_false(tmp_path: Path) -> None:
    col = export(numbers(), tmp_path)
    note = col.notes["Question 2?"]  # odd questions: true/false, answer true
    assert note.fields["Choices"] == '<ul class="true-false"><li>True</li><li>False</li></ul>'
    assert note.fields["Answer"] == '<div class="correct">True</div>'


def test_a_select_all_answer_names_every_correct_choice(tmp_path: Path) -> None:
    question = Question(
        "primes",
        QuestionType.MULTIPLE_RESPONSE,
        "Which are prime?",
        (Choice("2", True), Choice("4", False, "4 = 2 x 2."), Choice("5", True)),
    )
    pack = Pack(PackInfo("p", "Primes", "1.0.0"), questions=(question,))
    answer = export(pack, tmp_path).notes["Which are prime?"].fields["Answer"]
    assert answer == (
        '<div class="correct">A. 2</div><div class="correct">C. 5</div>'
        '<ul class="feedback"><li><b>B</b>: 4 = 2 x 2.</li></ul>'
    )


def test_the_sources_of_the_fact_a_question_tests_are_on_its_card(tmp_path: Path) -> None:
    pack = Pack(
        PackInfo("p", "Facts", "1.0.0"),
        sources=(Source("s", "A Report", url="https://example.org/r"),),
        facts=(Fact("f", "It is so.", (Citation("s", "§ 2", "It is so."),)),),
        questions=(
            Question(
                "q",
                QuestionType.TRUE_FALSE,
                "Is it so?",
                true_false_choices(True),
                fact="f",
                citations=(Citation("s", "§ 1"), Citation("s", "§ 2", "It is so.")),
            ),
        ),
    )
    sources = export(pack, tmp_path).notes["Is it so?"].fields["Sources"]
    assert sources.count('class="source"') == 2  # § 1, then § 2 once although both cite it
    assert sources.index("§ 1") < sources.index("§ 2")


def test_the_note_type_has_the_five_fields_and_one_card_template(tmp_path: Path) -> None:
    col = export(numbers(), tmp_path)
    assert {n.model_id for n in col.notes.values()} == {MODEL_ID}
    model = col.models[MODEL_ID]
    assert model["name"] == MODEL_NAME == "quizapp question"
    assert [f["name"] for f in model["flds"]] == list(FIELDS)
    assert FIELDS == ("Prompt", "Choices", "Answer", "Explanation", "Sources")
    [template] = model["tmpls"]
    assert "{{Prompt}}" in template["qfmt"] and "{{Choices}}" in template["qfmt"]
    assert "{{Answer}}" not in template["qfmt"]
    assert template["afmt"].startswith("{{FrontSide}}")
    for field in ("Answer", "Explanation", "Sources"):
        assert "{{" + field + "}}" in template["afmt"]
    assert ".nightMode" in model["css"]  # the accents have a dark-mode shade


def test_tags_are_the_questions_with_underscores_for_spaces_and_the_packs(
    tmp_path: Path,
) -> None:
    pack = numbers(2)
    first = replace(pack.questions[0], tags=("cold war", "Even", "even"))
    col = export(replace(pack, questions=(first, pack.questions[1])), tmp_path)
    assert col.notes["Question 1?"].tags == ["cold_war", "Even", "quizapp::numbers"]
    assert col.notes["Question 2?"].tags == ["odd", "quizapp::numbers"]


def test_exporting_again_gives_the_same_ids_so_anki_updates_its_notes(tmp_path: Path) -> None:
    first = export(numbers(), tmp_path / "a", timestamp=1_700_000_000)
    again = export(numbers(), tmp_path / "b", timestamp=1_700_086_400)
    assert {p: n.guid for p, n in first.notes.items()} == {
        p: n.guid for p, n in again.notes.items()
    }
    assert len({n.guid for n in first.notes.values()}) == 6
    assert first.models.keys() == again.models.keys() == {MODEL_ID}
    assert first.decks.keys() == again.decks.keys()
    # Anki replaces a note it has only with a newer one.
    assert all(n.modified < again.notes[p].modified for p, n in first.notes.items())


def test_a_changed_pack_keeps_the_guids_of_the_questions_it_still_has(tmp_path: Path) -> None:
    before = export(numbers(6), tmp_path / "a")
    after = export(numbers(8, prompt_prefix="Now: "), tmp_path / "b")
    guids = {p.removeprefix("Now: "): n.guid for p, n in after.notes.items()}
    assert all(guids[p] == n.guid for p, n in before.notes.items())  # q1..q6: same notes
    assert len(set(guids.values()) - {n.guid for n in before.notes.values()}) == 2  # q7, q8


def test_another_pack_with_the_same_question_ids_gets_notes_of_its_own(tmp_path: Path) -> None:
    pack = numbers(2)
    other = replace(pack, info=replace(pack.info, id="numbers-2", title="Pack numbers 2"))
    a, b = export(pack, tmp_path / "a"), export(other, tmp_path / "b")
    assert not {n.guid for n in a.notes.values()} & {n.guid for n in b.notes.values()}
    assert a.decks.keys() != b.decks.keys() and a.models.keys() == b.models.keys()


def test_html_in_the_packs_text_is_escaped(tmp_path: Path) -> None:
    question = Question(
        "q",
        QuestionType.MULTIPLE_CHOICE,
        "<script>alert(1)</script> Is 1 < 2?\nSay so.",
        (Choice("<b>yes</b> & more", True), Choice("no", False)),
        explanation="<img src=x onerror=alert(1)>",
        citations=(Citation("s", "<i>p. 1</i>", "</blockquote>"),),
    )
    pack = Pack(
        PackInfo("p", "<Pack>", "1.0.0"),
        sources=(Source("s", 'A "title"', url='https://example.org/?a=1&b="2"'),),
        questions=(question,),
    )
    col = export(pack, tmp_path)
    [note] = col.notes.values()
    fields = note.fields
    assert fields["Prompt"] == ("&lt;script&gt;alert(1)&lt;/script&gt; Is 1 &lt; 2?<br>Say so.")
    assert "<li>&lt;b&gt;yes&lt;/b&gt; &amp; more</li>" in fields["Choices"]
    assert fields["Explanation"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert (
        '<a href="https://example.org/?a=1&amp;b=&quot;2&quot;">A "title"</a>'
        in (fields["Sources"])
    )
    assert "&lt;i&gt;p. 1&lt;/i&gt;" in fields["Sources"]
    assert "<blockquote>&lt;/blockquote&gt;</blockquote>" in fields["Sources"]
    assert "<script" not in "".join(fields.values())
    assert col.decks[deck_id("p")]["name"] == "<Pack>"  # a name, not HTML


def test_pictures_go_into_the_package_as_media(tmp_path: Path) -> None:
    question = Question(
        "flag",
        QuestionType.MULTIPLE_CHOICE,
        "Which flag?",
        (
            Choice("France", True, image=Image("images/fr.png", "Blue, white, red")),
            Choice("X", False),
        ),
        image=Image("images/map.PNG", "A map"),
    )
    pack = Pack(PackInfo("p", "Flags", "1.0.0"), questions=(question,))
    images = {"images/fr.png": tiny_png(6, 4), "images/map.PNG": tiny_png(8, 6)}
    done = write_apkg(pack, images)
    assert done.warnings == ()
    col = open_apkg(done.data, tmp_path)
    assert sorted(col.media.values()) == sorted(images.values())
    fields = col.notes[next(iter(col.notes))].fields
    for name, data in col.media.items():
        assert name.startswith("quizapp-p-") and name.endswith(".png") and "/" not in name
        alt = "A map" if data == images["images/map.PNG"] else "Blue, white, red"
        assert f'<img src="{name}" alt="{alt}">' in fields["Prompt"] + fields["Choices"]


def test_a_missing_picture_is_a_warning_and_the_card_shows_its_description(
    tmp_path: Path,
) -> None:
    question = Question(
        "q",
        QuestionType.TRUE_FALSE,
        "Is this a cat?",
        true_false_choices(True),
        image=Image("cat.png", "A cat"),
    )
    done = write_apkg(Pack(PackInfo("p", "Cats", "1.0.0"), questions=(question,)), {})
    assert done.warnings == (
        'question "q": the picture "cat.png" is missing, so its card shows only the '
        "picture's description",
    )
    col = open_apkg(done.data, tmp_path)
    assert col.media == {}
    assert list(col.notes) == ["Is this a cat? [A cat]"]


def test_the_registry_writes_apkg_and_picks_it_from_the_extension() -> None:
    assert registry.format_for_path("deck.APKG") == "apkg"
    assert registry.write(numbers(2), {}, "apkg").data.startswith(b"PK\x03\x04")


@pytest.mark.parametrize("format_name", [None, "apkg"])
def test_an_anki_package_is_refused_on_import_in_one_sentence(format_name: str | None) -> None:
    data = write_apkg(numbers(2), {}).data
    with pytest.raises(PackInvalid) as caught:
        registry.read(data, "deck.apkg", format_name)
    [problem] = caught.value.problems
    assert problem.message == (
        "quizapp cannot import Anki package files (.apkg); it can only export them"
    )
