"""The import report on the command line, per file: what happened, how many questions of each
type, how many skipped, the language, then every warning with its line, in line order."""

from __future__ import annotations

import shutil
from pathlib import Path

from .test_cli import run

REAL = Path(__file__).parent / "data" / "real"


def test_a_real_spanish_gift_file_reports_its_types_skips_language_and_lines(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ejemplo.txt"
    shutil.copy(REAL / "giftplay_ejemplo-gift.txt", path)
    code, said, err = run("--db", str(tmp_path / "b.db"), "pack", "import", str(path))
    assert code == 0, err
    first, contents, language = said.splitlines()
    assert first.startswith(f'{path}: added "ejemplo" (ejemplo 1.0.0, 9 questions)')
    assert contents == (
        "  9 questions read: 5 multiple choice, 2 true/false, 2 select-all; 1 skipped"
    )
    assert language == (
        "  language: Spanish (es), told from the text; if that is wrong, set it in the editor "
        "or import again with --language"
    )
    warned = [line for line in err.splitlines() if line.startswith(str(path))]
    lines = [int(w.split(":")[1]) for w in warned if w.split(":")[1].isdigit()]
    assert lines == sorted(lines)  # one list, in line order
    assert any("skipped" in w for w in warned)


def test_the_language_can_be_given(tmp_path: Path) -> None:
    path = tmp_path / "sums.gift"
    path.write_text("::a:: 2+2? {=4 ~5}\n\n::b:: 3+3? {=6 ~7}\n", encoding="utf-8")
    code, said, err = run("--db", str(tmp_path / "b.db"), "pack", "import", str(path),
                          "--language", "gl")  # fmt: skip
    assert code == 0, err
    assert said.splitlines()[-1] == "  language: Galician (gl), as given"
    code, said, _ = run("--db", str(tmp_path / "b.db"), "pack", "list")
    assert " gl " in said


def test_validate_and_import_report_the_same(tmp_path: Path) -> None:
    path = tmp_path / "quiz.txt"
    shutil.copy(REAL / "kabanowa47_sample_quiz.txt", path)
    _, checked, _ = run("pack", "validate", str(path))
    _, imported, _ = run("--db", str(tmp_path / "b.db"), "pack", "import", str(path))
    assert checked.splitlines()[1:] == imported.splitlines()[1:]
    assert checked.splitlines()[1:] == [
        "  4 questions read: 4 multiple choice",
        "  language: English (en), told from the text; if that is wrong, set it in the editor "
        "or import again with --language",
    ]
