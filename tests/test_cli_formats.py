"""The command line with every format: detect on import, choose on export, templates."""

from __future__ import annotations

import json
import tomllib
import zipfile
from pathlib import Path

import pytest

from quizapp.services import open_bank, packs

from .helpers import numbers_pack, write, write_select_all
from .test_cli import run


@pytest.mark.parametrize("fmt", ["toml", "gift", "aiken", "csv", "quizpack"])
def test_export_then_import_in_each_format(tmp_path: Path, fmt: str) -> None:
    db = str(tmp_path / "b.db")
    run("--db", db, "pack", "import", str(write(tmp_path, "n.toml", numbers_pack(4))))
    out = tmp_path / f"numbers.{'txt' if fmt == 'aiken' else fmt}"
    code, said, _ = run("--db", db, "pack", "export", "numbers", "--format", fmt, "-o", str(out))
    assert code == 0 and f"({len('abcd')} questions, {fmt})" in said
    other = str(tmp_path / "other.db")
    code, said, err = run("--db", other, "pack", "import", "--format", fmt, str(out))
    assert code == 0, err
    assert "added" in said


def test_the_format_is_detected_from_extension_and_content(tmp_path: Path) -> None:
    db = str(tmp_path / "b.db")
    gift = write(tmp_path, "quiz.txt", "::Q1:: 2+2=4 {T}\n\n::Q2:: Pick {=a ~b}\n")
    aiken = write(tmp_path, "other.txt", "Which?\nA) one\nB) two\nANSWER: B\n")
    code, said, err = run("--db", db, "pack", "import", str(gift), str(aiken))
    assert code == 0, err
    assert said.count("added") == 2
    listed = {p["id"]: p for p in json.loads(run("--db", db, "pack", "list", "--json")[1])}
    assert listed["quiz"]["questions"] == 2 and listed["other"]["multiple_choice"] == 1
    bank = open_bank(Path(db))
    assert {p.id: p.source_format for p in packs.list_packs(bank)} == {
        "quiz": "gift",
        "other": "aiken",
    }
    bank.close()


def test_skipped_gift_questions_are_listed_with_their_lines(tmp_path: Path) -> None:
    gift = write(
        tmp_path, "mixed.gift", "::Q1:: Is it? {T}\n\n::Q2:: How are you? {}\n\n::Q3:: 2+2 {#4}\n"
    )
    code, said, err = run("--db", str(tmp_path / "b.db"), "pack", "import", str(gift))
    assert code == 0
    assert f"{gift}:3: warning:" in err and "essay" in err
    assert f"{gift}:5: warning:" in err and "numerical" in err
    assert "1 questions" in said


def test_a_gift_file_in_another_encoding_gets_moodles_message(tmp_path: Path) -> None:
    path = tmp_path / "latin.gift"
    path.write_bytes("Caf\xe9? {T}\n".encode("latin-1"))
    code, _, err = run("pack", "validate", str(path))
    assert code == 1
    assert "does not use UTF-8 character encoding. GIFT format files must use UTF-8." in err


def test_a_quizpack_carries_its_pictures(tmp_path: Path) -> None:
    db = str(tmp_path / "b.db")
    run("--db", db, "pack", "import", str(write_select_all(tmp_path / "src")))
    out = tmp_path / "select.quizpack"
    assert run("--db", db, "pack", "export", "select", "-o", str(out))[0] == 0
    assert sorted(zipfile.ZipFile(out).namelist()) == [
        "images/fr.png",
        "images/numbers.png",
        "pack.toml",
    ]
    other = str(tmp_path / "other.db")
    code, said, err = run("--db", other, "pack", "import", str(out))
    assert code == 0, err
    assert "added" in said
    again = tmp_path / "again.quizpack"
    assert run("--db", other, "pack", "export", "select", "-o", str(again))[0] == 0
    assert zipfile.ZipFile(again).read("images/fr.png") == zipfile.ZipFile(out).read(
        "images/fr.png"
    )


def test_template_schema_and_new(tmp_path: Path) -> None:
    code, csv_text, _ = run("pack", "template", "--csv")
    assert code == 0 and csv_text.startswith("id,type,prompt,choice_a")
    template = write(tmp_path, "t.csv", csv_text)
    assert run("pack", "validate", str(template))[0] == 0
    code, schema_text, _ = run("pack", "schema")
    assert json.loads(schema_text)["$schema"].startswith("https://json-schema.org/")
    target = tmp_path / "history-1.toml"
    code, said, _ = run("pack", "new", "history-1", "-o", str(target))
    assert "wrote a starter pack" in said
    assert code == 0 and tomllib.loads(target.read_text())["pack"]["id"] == "history-1"
    assert run("pack", "validate", str(target))[0] == 0
    assert run("pack", "new", "history-1", "-o", str(target))[0] == 1  # never overwrites
    assert run("pack", "new", "Bad Id")[0] == 2


def test_the_bundled_pack_survives_every_format(tmp_path: Path) -> None:
    nato = Path(__file__).parent.parent / "questions" / "nato-eastward-expansion.toml"
    db = str(tmp_path / "b.db")
    run("--db", db, "pack", "import", str(nato))
    for fmt in ("gift", "csv", "quizpack"):
        out = tmp_path / f"nato.{fmt}"
        code, _, err = run("--db", db, "pack", "export", "nato-eastward-expansion", "-o", str(out))
        assert code == 0, err
        assert run("pack", "validate", str(out))[0] == 0


def test_an_anki_package_is_exported_with_format_apkg_or_from_the_extension(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "b.db")
    run("--db", db, "pack", "import", str(write(tmp_path, "n.toml", numbers_pack(4))))
    out = tmp_path / "decks" / "numbers.apkg"
    code, said, err = run(
        "--db", db, "pack", "export", "numbers", "--format", "apkg", "-o", str(out)
    )
    assert code == 0, err
    assert said.strip() == f"{out}: wrote numbers 1.0.0 (4 questions, apkg)"
    with zipfile.ZipFile(out) as archive:
        assert {"collection.anki2", "media"} <= set(archive.namelist())
    assert [p.name for p in out.parent.iterdir()] == ["numbers.apkg"]  # no temporary file left
    by_extension = tmp_path / "same.APKG"
    code, said, _ = run("--db", db, "pack", "export", "numbers", "-o", str(by_extension))
    assert code == 0 and said.endswith("(4 questions, apkg)\n")


def test_an_anki_export_without_an_output_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "b.db")
    run("--db", db, "pack", "import", str(write(tmp_path, "n.toml", numbers_pack(2))))
    capsys.readouterr()
    code, said, _ = run("--db", db, "pack", "export", "numbers", "--format", "apkg")
    assert code == 2 and said == ""
    printed = capsys.readouterr()
    assert printed.out == ""  # never a binary file on the terminal
    assert "the following arguments are required: -o/--output" in printed.err


def test_the_export_help_offers_apkg_and_import_does_not(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run("pack", "export", "--help")[0] == 0
    assert "{toml,gift,aiken,csv,xml,quizpack,apkg}" in capsys.readouterr().out
    assert run("pack", "import", "--help")[0] == 0
    assert "{toml,gift,aiken,csv,xml,quizpack}" in capsys.readouterr().out
    assert run("pack", "import", "--format", "apkg", "x.apkg")[0] == 2


def test_importing_an_anki_package_says_quizapp_cannot(tmp_path: Path) -> None:
    db = str(tmp_path / "b.db")
    run("--db", db, "pack", "import", str(write(tmp_path, "n.toml", numbers_pack(2))))
    deck = tmp_path / "numbers.apkg"
    assert run("--db", db, "pack", "export", "numbers", "-o", str(deck))[0] == 0
    for action in ("import", "validate"):
        code, _, err = run("--db", str(tmp_path / "other.db"), "pack", action, str(deck))
        assert code == 1
        assert (
            f"{deck}: quizapp cannot import Anki package files (.apkg); it can only export them"
            in err
        )
