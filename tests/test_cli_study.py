"""`quizapp study PACK_ID` and `quizapp study status [--json]`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from quizapp.services import open_bank, study

from .helpers import facts_pack, write
from .test_cli import _env, run


def _bank_with_facts(tmp_path: Path) -> str:
    db = str(tmp_path / "b.db")
    pack = write(tmp_path, "facts.toml", facts_pack(3, 2, 1))
    assert run("--db", db, "pack", "import", str(pack))[0] == 0
    return db


def _study_once(db: str, learner: str, wrong: str = "") -> None:
    bank = open_bank(db)
    session = study.start(bank, learner, "facts")
    for q in session.run.questions:
        session.choose(1 - q.correct_index if q.fact == wrong else q.correct_index)
        session.next()
    session.finish()
    bank.close()


def test_status_json_has_the_documented_shape_and_matches_the_bank(tmp_path: Path) -> None:
    db = _bank_with_facts(tmp_path)
    _study_once(db, "Ada", wrong="f2")
    code, out, err = run("--db", db, "study", "status", "--learner", "Ada", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["learner"] == "Ada"
    [pack] = data["packs"]
    assert list(pack) == ["pack", "due_now", "new", "learning", "review", "forecast"]
    bank = open_bank(db)
    expected = study.status(bank, "Ada").as_json()
    bank.close()
    assert data == expected
    assert (pack["pack"], pack["new"], pack["learning"], pack["review"]) == ("facts", 0, 4, 0)
    assert len(pack["forecast"]) == 30 and set(pack["forecast"][0]) == {"date", "due"}
    assert sum(d["due"] for d in pack["forecast"]) == 4


def test_status_as_text(tmp_path: Path) -> None:
    db = _bank_with_facts(tmp_path)
    code, out, _ = run("--db", db, "study", "status", "--learner", "Zoe")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Study status of Zoe"
    assert lines[1].split()[:5] == ["PACK", "DUE", "NOW", "NEW", "LEARNING"]
    assert lines[2].split()[:5] == ["facts", "0", "4", "0", "0"]


def test_status_needs_a_learner(tmp_path: Path) -> None:
    code, _, err = run("--db", str(tmp_path / "b.db"), "study", "status")
    assert code == 2 and "--learner" in err


def test_study_an_unknown_pack_is_a_plain_error(tmp_path: Path) -> None:
    code, _, err = run("--db", str(tmp_path / "b.db"), "study", "nope", "--learner", "Ada")
    assert code == 1 and 'no pack "nope"' in err


def test_study_opens_straight_into_study(tmp_path: Path) -> None:
    db = _bank_with_facts(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "--db", db, "study", "facts", "--learner", "Ada"],
        capture_output=True, text=True, check=False, timeout=60,
        env=_env(QT_QPA_PLATFORM="offscreen", QUIZAPP_EXIT_WHEN_READY="1"),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    _, out, _ = run("--db", db, "results", "export", "--format", "json")
    [attempt] = json.loads(out)
    assert (attempt["learner"], attempt["mode"], attempt["total"]) == ("Ada", "study", 4)
