"""The documentation's examples work, and the README's test line is what CI runs."""

from __future__ import annotations

import re
from pathlib import Path

from quizapp.packs.toml_pack import load_pack_text

REPO = Path(__file__).parent.parent


def test_the_pack_format_example_is_a_valid_pack() -> None:
    doc = (REPO / "docs" / "pack-format.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n(.*?)```", doc, re.DOTALL)
    assert example is not None
    pack = load_pack_text(example.group(1), "pack-format.md")
    assert [q.id for q in pack.questions] == [
        "what-drives-evaporation",
        "rain-is-fresh",
        "what-makes-clouds",
    ]


def test_ci_runs_the_readme_test_line() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick = readme[readme.index("## Quick start") :]
    lines = re.findall(r"^(python3 -m venv .*)$", quick, re.MULTILINE)
    assert len(lines) >= 2
    test_line = next(line for line in lines if "pytest" in line)
    assert test_line in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_the_readmes_bank_and_school_commands_are_what_the_cli_takes() -> None:
    from quizapp.cli import build_parser

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    url = "postgresql+psycopg://ana@db/quizapp"
    for argv in (
        ["--db", url, "school", "init"],
        ["--db", url, "school", "add-learners", "5B.csv", "-o", "5B-logins.csv"],
        ["--db", url, "school", "add-teacher", "tess"],
        ["bank", "copy", "teacher.sqlite3", url],
        ["--db", "bank.sqlite3", "bank", "backup", "-o", "copy.sqlite3"],
        ["--db", "bank.sqlite3", "bank", "restore", "copy.sqlite3", "--yes"],
    ):
        build_parser().parse_args(argv)  # exits (fails the test) if the CLI does not take it
        group = next(w for w in argv if w in ("school", "bank"))
        at = argv.index(group)
        assert f"quizapp {'--db' if at else ''}".strip() in readme
        assert " ".join(argv[at : at + 2]) in readme
    school = (REPO / "docs" / "school.md").read_text(encoding="utf-8")
    for command in ("school init", "school add-learners", "school add-teacher", "bank copy"):
        assert command in school
