"""Spreadsheets on the command line: --columns for any header, and validate and import
counting the same problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..helpers import write
from ..test_cli import run

REAL = Path(__file__).parents[1] / "data" / "real"
GERMAN = (
    "Frage,Antwort A,Antwort B,Antwort C,Lösung,Erklärung\n"
    "Eins plus eins?,1,2,3,B,Zählen.\n"
    'Welche sind gerade?,2,3,4,"A, C",Durch zwei teilbar.\n'
)
COLUMNS = "prompt=Frage,choices=Antwort *,correct=Lösung,explanation=Erklärung"


def test_an_unknown_header_is_refused_with_how_to_map_it(tmp_path: Path) -> None:
    path = write(tmp_path, "fragen.csv", GERMAN)
    for action in ("validate", "import"):
        code, _, err = run("--db", str(tmp_path / "b.db"), "pack", action, str(path))
        assert code == 1
        assert (
            f'{path}:1: unknown columns "Frage", "Antwort A", "Antwort B", "Antwort C", '
            '"Lösung", "Erklärung": map them with --columns "prompt=frage,…"' in err
        )


def test_columns_map_any_header_for_validate_and_import(tmp_path: Path) -> None:
    path = write(tmp_path, "fragen.csv", GERMAN)
    code, said, err = run("pack", "validate", str(path), "--columns", COLUMNS)
    assert code == 0, err
    notes = (
        "  2 questions read: 1 multiple choice, 1 select-all\n"
        '  language: not clear from the text, so it is "und" (undetermined); import again '
        "with --language (for example --language es), or set it in the editor\n"
    )
    assert said == f"{path}: OK — fragen 1.0.0, 2 questions\n" + notes
    db = str(tmp_path / "b.db")
    code, said, err = run("--db", db, "pack", "import", str(path), "--columns", COLUMNS)
    assert code == 0, err
    assert said == f'{path}: added "fragen" (fragen 1.0.0, 2 questions)\n' + notes
    listed = json.loads(run("--db", db, "pack", "list", "--json")[1])
    assert (listed[0]["multiple_choice"], listed[0]["multiple_response"]) == (1, 1)


def test_columns_that_cannot_be_read_are_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "fragen.csv", GERMAN)
    code, _, _ = run("pack", "import", str(path), "--columns", "prompt=Frage")
    assert code == 2
    assert (
        "quizapp: argument --columns: --columns has no choices=COLUMN: name the columns of the "
        "choices" in capsys.readouterr().err
    )


def test_columns_naming_a_missing_column_is_a_problem_of_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "fragen.csv", GERMAN)
    code, _, err = run(
        "pack", "validate", str(path), "--columns", "prompt=Frag,choices=x,correct=y"
    )
    assert code == 1
    assert f'{path}:1: --columns: no column is called "Frag" (did you mean "frage"?)' in err


def test_columns_for_a_file_that_is_not_csv_is_a_problem_of_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "quiz.gift", "::Q1:: 2+2=4 {T}\n")
    code, _, err = run("pack", "validate", str(path), "--columns", COLUMNS)
    assert code == 1
    assert f"{path}: --columns is for CSV files; this file was read as gift" in err


@pytest.mark.parametrize(
    "name", ["dirtylittledata_quiz_questions.csv", "hunterhqm_sampleMultichoice.csv"]
)
def test_the_real_files_import_without_columns(tmp_path: Path, name: str) -> None:
    code, said, err = run("--db", str(tmp_path / "b.db"), "pack", "import", str(REAL / name))
    assert code == 0, err
    assert "added" in said


# -- validate and import count the same way -----------------------------------------------------

BROKEN = (
    "question,option_a,option_b,correct_answer,notes\nOne?,a,b,A,x\nTwo?,a,b,E,\nThree?,a,b,,\n"
)


def test_validate_and_import_count_the_problems_of_a_file_the_same_way(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.csv", BROKEN)
    v_code, _, v_err = run("pack", "validate", str(path))
    i_code, _, i_err = run("--db", str(tmp_path / "b.db"), "pack", "import", str(path))
    assert v_code == i_code == 1
    lines = [f"{path}:3: ", f"{path}:4: ", f"{path}:1: warning: "]
    for err in (v_err, i_err):
        assert [sum(line.startswith(s) for line in err.splitlines()) for s in lines] == [1, 1, 1]
    assert "2 problem(s) in 1 of 1 file(s)" in v_err
    assert f"{path}: not imported (2 problem(s); nothing was imported)" in i_err


def test_validate_and_import_give_the_same_warnings_for_a_file_that_imports(
    tmp_path: Path,
) -> None:
    path = REAL / "hunterhqm_sampleMultichoice.csv"
    _, v_said, v_err = run("pack", "validate", str(path))
    _, i_said, i_err = run("--db", str(tmp_path / "b.db"), "pack", "import", str(path))
    assert "6 questions" in v_said and "6 questions" in i_said

    def warnings(err: str) -> list[str]:
        return [line for line in err.splitlines() if ": warning: " in line and "hint:" not in line]

    assert warnings(v_err) == warnings(i_err) != []
