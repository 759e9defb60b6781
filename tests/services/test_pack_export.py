"""Exporting a pack from the bank: the format from its name, the file written in one piece."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

from quizapp.services import Bank, packs
from quizapp.services.formats import formats

from ..helpers import tiny_png, write_select_all


def test_the_formats_offer_anki_for_export_only() -> None:
    anki = formats()["apkg"]
    assert (anki.description, anki.extensions) == ("Anki package", (".apkg",))
    assert anki.writable and not anki.readable
    assert all(f.readable for name, f in formats().items() if name != "apkg")


def test_an_anki_export_holds_the_packs_questions_and_pictures_from_the_bank(
    bank: Bank, tmp_path: Path
) -> None:
    packs.import_files(bank, [str(write_select_all(tmp_path / "src"))])
    dest = tmp_path / "out" / "select.apkg"
    done = packs.export_pack(bank, "select", dest)
    assert (done.format, done.path, done.warnings) == ("apkg", dest, ())
    assert [p.name for p in dest.parent.iterdir()] == ["select.apkg"]
    with zipfile.ZipFile(dest) as archive:
        archive.extract("collection.anki2", tmp_path)
        media = json.loads(archive.read("media"))
        pictures = sorted(archive.read(i) for i in media)
    assert pictures == sorted([tiny_png(8, 6), tiny_png(6, 4)])
    db = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        prompts = sorted(f.split("\x1f")[0] for (f,) in db.execute("SELECT flds FROM notes"))
    finally:
        db.close()
    assert [p.split("<br>")[0] for p in prompts] == [
        "Which are prime numbers?",
        "Which flag is shown?",
    ]
