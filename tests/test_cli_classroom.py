"""``quizapp class code|report|live`` and ``quizapp join`` on the command line."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest

from quizapp import cli
from quizapp.services import classroom, open_bank

from .helpers import FakeClock, import_text, numbers_pack


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "teacher.db"
    bank = open_bank(path)
    import_text(bank, tmp_path, numbers_pack(8))
    bank.close()
    return str(path)


def test_class_code_prints_the_code_alone_on_the_last_line(db: str) -> None:
    status, out, err = run(
        "--db", db, "class", "code", "numbers", "--count", "5", "--time-limit", "20",
        "--filter", "even", "--marking", "certainty", "--seed", "3",
    )  # fmt: skip
    assert status == 0, err
    lines = out.strip().splitlines()
    code = lines[-1]
    assert code.startswith("NUMB-") and " " not in code
    assert lines[0] == (
        "Pack numbers 1.0.0 · exam · 4 questions · 20 minutes · certainty marking · limited to even"
    )
    bank = open_bank(db)
    found = classroom.plan(bank, code)
    assert found.tags == ("even",) and found.settings.count == 5
    bank.close()


def test_class_code_refuses_what_it_cannot_carry(db: str) -> None:
    assert run("--db", db, "class", "code", "numbers", "--filter", "nope")[0] == 1
    status, _, err = run("--db", db, "class", "code", "numbers", "--count", "200")
    assert status == 1 and "1-127 questions" in err
    status, _, err = run("--db", db, "class", "code", "numbers", "--mode", "practice",
                         "--navigation", "sequential")  # fmt: skip
    assert status == 2


def test_join_with_a_typo_says_so_without_opening_a_window(db: str) -> None:
    status, _, err = run("--db", db, "join", "NUMB-AAAA-AAAA-AAAA")
    assert status == 1
    assert "That code has a typo" in err


def test_class_report_in_each_format_and_live(db: str, tmp_path: Path) -> None:
    bank = open_bank(db)
    code = classroom.make_code(bank, classroom.CodeRequest("numbers", count=4, seed=2))
    share = tmp_path / "share"
    share.mkdir()
    rng = random.Random(1)
    for n in range(6):
        session = classroom.join(bank, code, f"L{n}", FakeClock())
        for _ in session.run.questions:
            q = session.current
            assert q is not None
            session.choose(q.correct_index if rng.random() < n / 5 else (q.correct_index + 1) % 2)
            session.next()
        session.finish()
        classroom.hand_in(bank, session.run.attempt_id, share)
    classroom.join(bank, code, "Late", FakeClock())
    bank.close()

    status, out, err = run("--db", db, "class", "report", str(share), "--format", "json")
    assert status == 0, err
    data = json.loads(out)
    assert len(data["learners"]) == 6 and data["test"]["learners"] == 6
    status, out, err = run("--db", db, "class", "report", str(share), "-o", str(tmp_path / "r.csv"))
    assert status == 0 and "6 learner(s), 4 question(s)" in out
    assert (tmp_path / "r.csv").read_text(encoding="utf-8").startswith("learner,score,max")
    pdf = tmp_path / "r.pdf"
    status, out, err = run("--db", db, "class", "report", str(share), "-o", str(pdf))
    assert status == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")
    status, out, err = run("--db", db, "class", "report", "--code", code, "--format", "json")
    assert status == 0, err
    assert len(json.loads(out)["learners"]) == 6  # from the bank's attempts
    status, out, _ = run("--db", db, "class", "live", code)
    assert status == 0
    assert out.strip().splitlines()[-1] == "7 joined, 6 finished."
    assert "Late" in out and "in_progress" in out
    assert run("--db", db, "class", "report", "--format", "pdf")[0] == 2
