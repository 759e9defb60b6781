"""The classroom through the service layer, on both engines: code, join, hand in, report."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import pytest

from quizapp.core.classcode import ClassSettings, decode
from quizapp.core.marking import Marking, Navigation
from quizapp.core.quiz import AttemptStatus, Mode
from quizapp.packs import quizresult
from quizapp.services import Bank, ServiceError, classroom, open_bank
from quizapp.services.classroom import CodeProblem, CodeRequest, PackMissing
from quizapp.services.quiz import QuizRequest, QuizSession

from ..helpers import FakeClock, import_text, numbers_pack


@pytest.fixture
def teacher(bank: Bank, tmp_path: Path) -> Bank:
    import_text(bank, tmp_path, numbers_pack(12))
    return bank


def learner_bank(tmp_path: Path, name: str, *, other_first: bool = False) -> Bank:
    """A learner's own bank; with ``other_first`` another pack is imported before, so that
    the class pack's questions get other row ids than on the teacher's bank."""
    folder = tmp_path / name
    folder.mkdir()
    bank = open_bank(folder / "bank.db")
    if other_first:
        import_text(bank, folder, numbers_pack(7, pack_id="other"), "other.toml")
    import_text(bank, folder, numbers_pack(12), "numbers.toml")
    return bank


def shown(session: QuizSession) -> list[tuple[str, tuple[str, ...]]]:
    return [(q.key, tuple(c.text for c in q.choices)) for q in session.run.questions]


def take(session: QuizSession, ability: float, rng: random.Random) -> None:
    """Answer every question: right with probability ``ability``, else a wrong choice."""
    for _ in session.run.questions:
        q = session.current
        assert q is not None
        if rng.random() < ability:
            session.choose(q.correct_index)
        else:
            session.choose(rng.choice([i for i, c in enumerate(q.choices) if not c.correct]))
        if session.next() is None:
            break
    session.finish()


def test_a_code_carries_the_settings_and_starts_the_same_quiz_on_every_bank(
    teacher: Bank, tmp_path: Path
) -> None:
    code = classroom.make_code(
        teacher,
        CodeRequest(
            "numbers", count=5, time_limit_minutes=20, marking=Marking.PENALTY,
            navigation=Navigation.SEQUENTIAL, seed=42,
        ),
    )  # fmt: skip
    assert code.startswith("NUMB-")
    found = classroom.plan(teacher, code.lower().replace("-", " "))
    assert found.settings == ClassSettings(
        Mode.EXAM, 5, Marking.PENALTY, Navigation.SEQUENTIAL, 20, (), 42
    )
    assert found.questions == 5
    assert "Pack numbers 1.0.0 · exam · 5 questions · 20 minutes" in found.description

    a = classroom.join(learner_bank(tmp_path, "a"), code, "Ada", FakeClock())
    b = classroom.join(learner_bank(tmp_path, "b", other_first=True), code, "Bo", FakeClock())
    c = classroom.join(teacher, code, "Cy", FakeClock())
    assert shown(a) == shown(b) == shown(c)
    assert len(shown(a)) == 5
    assert a.run.marking is Marking.PENALTY and a.run.navigation is Navigation.SEQUENTIAL
    assert a.run.deadline == a.run.started_at + __import__("datetime").timedelta(minutes=20)
    other = classroom.make_code(teacher, CodeRequest("numbers", count=5, seed=43))
    assert shown(classroom.join(teacher, other, "Di", FakeClock())) != shown(c)


def test_a_filter_travels_in_the_code(teacher: Bank) -> None:
    code = classroom.make_code(teacher, CodeRequest("numbers", count=None, tags=("odd",)))
    found = classroom.plan(teacher, code)
    assert found.tags == ("odd",) and found.questions == 6
    session = classroom.join(teacher, code, "Ada", FakeClock())
    assert {q.key for q in session.run.questions} == {f"q{i}" for i in range(2, 13, 2)}


def test_a_typo_and_a_missing_or_other_pack_say_what_to_do(teacher: Bank, tmp_path: Path) -> None:
    code = classroom.make_code(teacher, CodeRequest("numbers", seed=1))
    broken = code[:-1] + ("A" if code[-1] != "A" else "B")
    with pytest.raises(CodeProblem, match="That code has a typo"):
        classroom.plan(teacher, broken)
    empty = open_bank(tmp_path / "empty.db")
    with pytest.raises(PackMissing, match=r"version 1\.0\.0 .*does not have.*\.quizpack"):
        classroom.plan(empty, code)
    newer = open_bank(tmp_path / "newer.db")
    import_text(newer, tmp_path, numbers_pack(12, version="1.1.0"), "newer.toml")
    with pytest.raises(PackMissing, match=r"version 1\.0\.0 .*holds “Pack numbers” 1\.1\.0"):
        classroom.plan(newer, code)
    edited = open_bank(tmp_path / "edited.db")
    import_text(edited, tmp_path, numbers_pack(12, prompt_prefix="Now: "), "edited.toml")
    with pytest.raises(PackMissing, match="with different questions"):
        classroom.plan(edited, code)


def test_settings_a_code_cannot_carry_are_refused_plainly(teacher: Bank) -> None:
    with pytest.raises(ServiceError, match="1-127 questions"):
        classroom.make_code(teacher, CodeRequest("numbers", count=500))
    with pytest.raises(ServiceError, match="time limit"):
        classroom.make_code(teacher, CodeRequest("numbers", time_limit_minutes=97))
    with pytest.raises(ServiceError, match='no tag "nope"'):
        classroom.make_code(teacher, CodeRequest("numbers", tags=("nope",)))


def test_hand_in_writes_one_file_and_remembers_the_folder(teacher: Bank, tmp_path: Path) -> None:
    code = classroom.make_code(teacher, CodeRequest("numbers", count=4, seed=5))
    session = classroom.join(teacher, code, "Zoë O'Brien", FakeClock())
    take(session, 1.0, random.Random(1))
    folder = tmp_path / "hand-ins"
    folder.mkdir()
    written = classroom.hand_in(teacher, session.run.attempt_id, folder)
    assert written.name == f"Zoë O'Brien-{code}.quizresult"
    hand_in = quizresult.loads(written.read_bytes(), str(written))
    assert hand_in.learner == "Zoë O'Brien" and hand_in.code == code
    assert hand_in.score == 4 and hand_in.max_score == 4
    assert hand_in.fingerprint == classroom.pack_fingerprint(teacher, "numbers")
    assert [r.selected for r in hand_in.responses] == [
        (q.correct_index,) for q in session.run.questions
    ]
    assert all(r.changes == r.selected and len(r.changes) == 1 for r in hand_in.responses) or all(
        r.changes == (r.selected,) for r in hand_in.responses
    )
    assert classroom.hand_in_folder(teacher) == str(folder)
    assert [p.name for p in folder.iterdir()] == [written.name]  # no temporary file left


def test_only_a_finished_coded_quiz_can_be_handed_in(teacher: Bank, tmp_path: Path) -> None:
    plain = QuizSession.start(teacher, QuizRequest("numbers", "Ada", count=2), FakeClock())
    take(plain, 1.0, random.Random(1))
    with pytest.raises(ServiceError, match="only a quiz joined with a class code"):
        classroom.hand_in(teacher, plain.run.attempt_id, tmp_path)
    code = classroom.make_code(teacher, CodeRequest("numbers", count=2))
    open_one = classroom.join(teacher, code, "Bo", FakeClock())
    with pytest.raises(ServiceError, match="finish it first"):
        classroom.hand_in(teacher, open_one.run.attempt_id, tmp_path)
    with pytest.raises(ServiceError, match="does not exist"):
        take(open_one, 1.0, random.Random(1))
        classroom.hand_in(teacher, open_one.run.attempt_id, tmp_path / "nowhere")


def test_a_class_of_30_from_code_to_report(teacher: Bank, tmp_path: Path) -> None:
    """Code → join on three computers → answer → hand in → the report, end to end."""
    code = classroom.make_code(teacher, CodeRequest("numbers", count=10, seed=7))
    computers = [
        learner_bank(tmp_path, "pc1"),
        learner_bank(tmp_path, "pc2", other_first=True),
        learner_bank(tmp_path, "pc3"),
    ]
    folder = tmp_path / "share"
    folder.mkdir()
    rng = random.Random(2026)
    for n in range(30):
        bank = computers[n % 3]
        session = classroom.join(bank, code, f"Learner {n:02d}", FakeClock())
        take(session, 0.3 + 0.65 * n / 29, rng)
        classroom.hand_in(bank, session.run.attempt_id, folder)
    report = classroom.report_from_files(teacher, [folder])
    assert report.code == code and len(report.roster) == 30 and report.rejected == ()
    assert report.test.learners == 30 and not report.test.indicative
    assert len(report.questions) == 10
    assert all(q.learners == 30 for q in report.questions)
    for q in report.questions:
        assert sum(c.count for c in q.choices) == 30
    assert report.test.mean == pytest.approx(sum(r.score for r in report.roster) / 30)
    assert report.test.alpha is not None and report.test.sem is not None
    data = json.loads(classroom.report_json(report))
    assert set(data["learners"][0]) >= {"learner", "score", "max", "percent"}
    assert set(data["questions"][0]) >= {
        "question_id", "prompt", "facility", "sd", "discrimination", "efficiency", "choices",
    }  # fmt: skip
    assert set(data["questions"][0]["choices"][0]) >= {
        "text", "correct", "count", "share", "discrimination",
    }  # fmt: skip
    assert set(data["test"]) >= {"learners", "mean", "median", "sd", "alpha", "sem"}
    assert all(0 <= q["facility"] <= 1 for q in data["questions"])
    assert data["facts"] == []  # the numbers pack tests no facts


def _class(teacher: Bank, tmp_path: Path, names: list[str], code: str) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for i, name in enumerate(names):
        session = classroom.join(teacher, code, name, FakeClock())
        take(session, i / max(1, len(names) - 1), random.Random(i))
        classroom.hand_in(teacher, session.run.attempt_id, folder)
    return folder


def test_edited_foreign_and_repeated_hand_ins_are_left_out_with_the_reason(
    teacher: Bank, tmp_path: Path
) -> None:
    code = classroom.make_code(teacher, CodeRequest("numbers", count=4, seed=9))
    folder = _class(teacher, tmp_path, ["Ada", "Bo", "Cy", "Di"], code)
    ada = next(folder.glob("Ada-*"))
    text = ada.read_text(encoding="utf-8")
    ada.write_text(text.replace('"score": ', '"score": 1', 1), encoding="utf-8")
    other = classroom.make_code(teacher, CodeRequest("numbers", count=4, seed=10))
    session = classroom.join(teacher, other, "Eve", FakeClock())
    take(session, 1.0, random.Random(3))
    classroom.hand_in(teacher, session.run.attempt_id, folder)
    later = FakeClock()
    later.advance(3600)
    again = classroom.join(teacher, code, "bo", later)  # the same learner, later
    take(again, 1.0, random.Random(4))
    (folder / "second").mkdir()
    classroom.hand_in(teacher, again.run.attempt_id, folder / "second")
    (folder / "junk.quizresult").write_bytes(b"\x00\xff not json")
    (folder / "huge.quizresult").write_bytes(b" " * (quizresult.MAX_BYTES + 1))

    report = classroom.report_from_files(teacher, [folder], code=code)
    names = [r.learner for r in report.roster]
    assert names == ["Bo", "Cy", "Di"]  # the same learner as "bo" on this bank
    assert report.roster[0].score == 4  # the latest hand-in, all right
    reasons = {Path(r.source).name: r.reason for r in report.rejected}
    assert "checksum" in reasons[ada.name]
    assert reasons[f"Eve-{other}.quizresult"] == f"belongs to another code ({other})"
    assert "earlier hand-in of Bo: the latest counts" in reasons[f"Bo-{code}.quizresult"]
    assert "junk.quizresult" in reasons and "larger than 5 MB" in reasons["huge.quizresult"]
    assert any("Bo handed in more than once" in n for n in report.notes)
    assert any("indicative" in n for n in report.notes)


def test_a_hand_in_on_another_pack_version_is_left_out(teacher: Bank, tmp_path: Path) -> None:
    code = classroom.make_code(teacher, CodeRequest("numbers", count=3, seed=11))
    folder = _class(teacher, tmp_path, ["Ada", "Bo"], code)
    elsewhere = learner_bank(tmp_path, "pc")
    session = classroom.join(elsewhere, code, "Cy", FakeClock())
    take(session, 1.0, random.Random(1))
    written = classroom.hand_in(elsewhere, session.run.attempt_id, folder)
    hand_in = quizresult.loads(written.read_bytes(), str(written))
    from dataclasses import replace

    written.write_bytes(quizresult.dumps(replace(hand_in, fingerprint="0" * 64)))
    report = classroom.report_from_files(teacher, [folder])
    assert [r.learner for r in report.roster] == ["Ada", "Bo"]
    assert "another version of the pack" in report.rejected[0].reason


def test_the_report_csv_is_formula_safe(teacher: Bank, tmp_path: Path) -> None:
    code = classroom.make_code(teacher, CodeRequest("numbers", count=3, seed=12))
    folder = _class(teacher, tmp_path, ['=HYPERLINK("http://x")', "Bo"], code)
    text = classroom.report_csv(classroom.report_from_files(teacher, [folder]))
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert '\'=HYPERLINK("http://x")' in cells
    assert not any(c.startswith("=") for c in cells)


def test_on_a_school_bank_the_report_and_live_view_read_the_attempts(teacher: Bank) -> None:
    code = classroom.make_code(teacher, CodeRequest("numbers", count=3, seed=13))
    for i, name in enumerate(["Ada", "Bo", "Cy"]):
        take(classroom.join(teacher, code, name, FakeClock()), i / 2, random.Random(i))
    started = classroom.join(teacher, code, "Di", FakeClock())
    started.choose(0)
    live = classroom.live(teacher, code.lower())
    assert [(a.learner, a.status, a.answered) for a in live] == [
        ("Ada", AttemptStatus.FINISHED, 3),
        ("Bo", AttemptStatus.FINISHED, 3),
        ("Cy", AttemptStatus.FINISHED, 3),
        ("Di", AttemptStatus.IN_PROGRESS, 1),
    ]
    report = classroom.report_from_bank(teacher, code)
    assert [r.learner for r in report.roster] == ["Ada", "Bo", "Cy"]
    assert report.test.learners == 3
    assert classroom.class_codes_in_bank(teacher) == [code]
    with pytest.raises(ServiceError, match="no one has finished"):
        classroom.report_from_bank(
            teacher, classroom.make_code(teacher, CodeRequest("numbers", seed=14))
        )


def test_decoded_codes_match_what_the_service_made(teacher: Bank) -> None:
    code = classroom.make_code(
        teacher, CodeRequest("numbers", mode=Mode.PRACTICE, count=None, facts=(), seed=0)
    )
    assert decode(code).settings.mode is Mode.PRACTICE
    assert decode(code).version == "1.0.0"


def test_the_facts_the_class_got_wrong_most_come_with_their_sources(bank: Bank) -> None:
    from quizapp.services import packs

    nato = Path(__file__).parents[2] / "questions" / "nato-eastward-expansion.toml"
    [done] = packs.import_files(bank, [str(nato)])
    assert done.status.value == "added"
    code = classroom.make_code(bank, CodeRequest("nato-eastward-expansion", count=12, seed=1))
    for i in range(4):
        take(classroom.join(bank, code, f"L{i}", FakeClock()), i / 3, random.Random(i))
    report = classroom.report_from_bank(bank, code)
    assert report.facts
    facilities = [f.facility for f in report.facts]
    assert facilities == sorted(facilities)  # worst first
    for fact in report.facts:
        assert fact.statement and fact.sources
        assert all(s.title for s in fact.sources)
    assert sum(f.questions for f in report.facts) == 12  # every NATO question tests a fact


def test_a_code_typed_with_0_for_o_counts_as_the_same_code(bank: Bank, tmp_path: Path) -> None:
    import_text(bank, tmp_path, numbers_pack(6, pack_id="solar"), "solar.toml")
    code = classroom.make_code(bank, CodeRequest("solar", count=2, seed=2))
    assert code.startswith("SOLA-")
    folder = tmp_path / "in"
    folder.mkdir()
    session = classroom.join(bank, code.replace("SOLA", "S0LA"), "Ada", FakeClock())
    take(session, 1.0, random.Random(1))
    written = classroom.hand_in(bank, session.run.attempt_id, folder)
    assert written.name == f"Ada-{code}.quizresult"  # stored as the teacher wrote it
    assert [r.learner for r in classroom.report_from_files(bank, [folder], code).roster] == ["Ada"]
    assert [r.learner for r in classroom.report_from_bank(bank, "s0la" + code[4:]).roster] == [
        "Ada"
    ]
    assert [a.learner for a in classroom.live(bank, code.replace("SOLA", "S0LA"))] == ["Ada"]
