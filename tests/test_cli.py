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
    # Hints are warnings: shown with their line, but the file is valid.
    assert err.strip() == (
        f'{mini_pack_path}:22: warning: sources[2] "treaty": hint: no URL; learners trust a '
        "source they can find (sources[2])"
    )


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
            "multiple_response": 0,
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


def _env(**extra: str) -> dict[str, str]:
    import os

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    return env | extra


def test_start_opens_straight_into_the_quiz(tmp_path: Path) -> None:
    from .helpers import numbers_pack

    db = tmp_path / "b.db"
    pack = write(tmp_path, "numbers.toml", numbers_pack(5))
    assert run("--db", str(db), "pack", "import", str(pack))[0] == 0
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "--db", str(db), "start", "numbers", "--mode", "exam",
         "--count", "3", "--seed", "7", "--learner", "Class 4B", "--time-limit", "10",
         "--marking", "certainty", "--navigation", "sequential"],
        capture_output=True, text=True, check=False, timeout=60,
        env=_env(QT_QPA_PLATFORM="offscreen", QUIZAPP_EXIT_WHEN_READY="1"),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("quizapp-ready")
    _, out, _ = run("--db", str(db), "results", "export", "--format", "json")
    [attempt] = json.loads(out)
    assert (attempt["learner"], attempt["mode"], attempt["total"]) == ("Class 4B", "exam", 3)
    assert attempt["status"] == "in_progress"
    assert (attempt["marking"], attempt["navigation"], attempt["max_score"]) == (
        "certainty", "sequential", 9,
    )  # fmt: skip


def test_start_with_an_unknown_pack_is_a_plain_error(tmp_path: Path) -> None:
    code, _, err = run("--db", str(tmp_path / "b.db"), "start", "nope", "--learner", "Ada")
    assert code == 1
    assert 'no pack "nope"' in err


@pytest.mark.parametrize(
    "argv",
    [
        ["start", "x", "--count", "0"],
        ["start", "x", "--time-limit", "-1"],
        ["start", "x", "--marking", "harsh"],
        ["start", "x", "--navigation", "sequential"],  # an exam's, not practice's
        ["results", "export", "--format", "xml"],
    ],
)
def test_start_and_results_usage_errors_exit_2(argv: list[str]) -> None:
    assert run(*argv)[0] == 2


def test_results_export_writes_csv_to_a_file(tmp_path: Path) -> None:
    db = str(tmp_path / "b.db")
    target = tmp_path / "out" / "results.csv"
    code, out, _ = run("--db", db, "results", "export", "-o", str(target))
    assert code == 0 and "results.csv" in out
    assert target.read_text().startswith("attempt,learner,pack,mode,started,finished,position")


def test_without_a_display_the_window_explains_what_is_missing(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "--db", str(tmp_path / "b.db")],
        capture_output=True, text=True, check=False, timeout=60, env=_env(),
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.startswith("quizapp could not open a window: there is no display")
    assert "libxcb-cursor0" in result.stderr and "Traceback" not in result.stderr


def test_a_platform_plugin_that_cannot_load_is_explained_not_aborted(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "--db", str(tmp_path / "b.db")],
        capture_output=True, text=True, check=False, timeout=60,
        env=_env(QT_QPA_PLATFORM="xcb", DISPLAY=":97"),
    )  # fmt: skip
    assert result.returncode == 1  # not -6 (SIGABRT)
    assert "quizapp could not open a window:" in result.stderr
    assert "apt-get install" in result.stderr
