"""The quizapp command line: subcommands, output, exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp import cli

from .helpers import mini_text, write


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_validate_a_good_file_exits_0(mini_pack_path: Path) -> None:
    code, out, err = run("pack", "validate", str(mini_pack_path))
    assert code == 0
    assert out.strip() == f"{mini_pack_path}: OK — mini-geo 1.0.0, 3 questions"
    assert err == ""


def test_validate_reports_every_problem_on_stderr_and_exits_1(tmp_path: Path) -> None:
    bad = write(
        tmp_path,
        "bad.toml",
        mini_text()
        .replace('version = "1.0.0"', 'version = "1"')
        .replace("answer = true", "answer = 1"),
    )
    code, out, err = run("pack", "validate", str(bad))
    assert code == 1
    lines = err.strip().splitlines()
    assert (
        lines[0]
        == f'{bad}:7: [pack]: "1" is not a version number like "1.0.0" (semver) (pack.version)'
    )
    assert lines[1].startswith(
        f'{bad}:52: questions[2] "paris-is-capital": "answer" must be true or false'
    )
    assert lines[-1] == "2 problem(s) in 1 of 1 file(s)"
    assert out == ""


def test_import_list_export_remove(mini_pack_path: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "b.db")
    code, out, _ = run("--db", db, "pack", "import", str(mini_pack_path))
    assert code == 0
    assert out.strip() == f'{mini_pack_path}: added "Mini geography" (mini-geo 1.0.0, 3 questions)'

    code, out, _ = run("--db", db, "pack", "list", "--json")
    assert code == 0
    assert json.loads(out) == [
        {
            "id": "mini-geo",
            "title": "Mini geography",
            "version": "1.0.0",
            "language": "en",
            "questions": 3,
            "multiple_choice": 1,
            "true_false": 2,
        }
    ]
    code, out, _ = run("pack", "list", "--db", db)  # --db also works after the command
    assert "mini-geo  1.0.0     en            3  Mini geography" in out

    target = tmp_path / "exported.toml"
    code, out, _ = run("--db", db, "pack", "export", "mini-geo", "-o", str(target))
    assert code == 0
    assert target.read_text(encoding="utf-8").count("[[questions]]") == 3
    code, _, _ = run("pack", "validate", str(target))
    assert code == 0

    code, out, _ = run("--db", db, "pack", "remove", "mini-geo", "--yes")
    assert (code, out.strip()) == (0, 'Removed "Mini geography" (mini-geo).')
    code, out, _ = run("--db", db, "pack", "list")
    assert "no packs yet" in out


def test_import_exits_1_when_any_file_fails(mini_pack_path: Path, tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.toml", "not toml at all = = =")
    code, out, err = run(
        "--db", str(tmp_path / "b.db"), "pack", "import", str(bad), str(mini_pack_path)
    )
    assert code == 1
    assert f"{bad}:1:" in err and "TOML syntax error" in err
    assert f"{bad}: not imported" in err
    assert "added" in out


def test_unknown_pack_is_a_plain_error(tmp_path: Path) -> None:
    code, _, err = run(
        "--db", str(tmp_path / "b.db"), "pack", "export", "nope", "-o", str(tmp_path / "x.toml")
    )
    assert code == 1
    assert err.strip() == 'quizapp: there is no pack "nope" in the bank (see: quizapp pack list)'


def test_remove_without_yes_is_refused_when_not_interactive(
    mini_pack_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "b.db")
    run("--db", db, "pack", "import", str(mini_pack_path))
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, _, err = run("--db", db, "pack", "remove", "mini-geo")
    assert code == 2
    assert "--yes" in err


def test_a_bad_bank_file_is_named_in_a_plain_message(tmp_path: Path) -> None:
    notes = write(tmp_path, "notes.txt", "hello")
    code, _, err = run("--db", str(notes), "pack", "list")
    assert code == 1
    assert err.startswith(f"quizapp: The question bank {notes} is not a quizapp question bank")
    assert "Traceback" not in err


def test_an_unexpected_error_prints_a_short_message_and_the_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_env: Path
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(cli, "cmd_list", boom)
    code, _, err = run("--db", str(tmp_path / "b.db"), "pack", "list")
    assert code == 1
    log = isolated_env / "log" / "quizapp.log"
    assert "RuntimeError: kaboom" in err and str(log) in err
    assert "Traceback" not in err
    assert "kaboom" in log.read_text()


@pytest.mark.parametrize(
    "argv",
    [["pack"], ["pack", "frobnicate"], ["pack", "validate"], ["pack", "export", "x"], ["--nope"]],
)
def test_usage_errors_exit_2(argv: list[str]) -> None:
    code, _, _ = run(*argv)
    assert code == 2


def test_python_dash_m_runs_the_cli(mini_pack_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "pack", "validate", str(mini_pack_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout
