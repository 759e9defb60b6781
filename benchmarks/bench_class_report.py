"""The class report: 500 hand-ins of a 50-question quiz, read and analysed (target: under 2 s).

The hand-ins are real: 500 learners join one class code on an SQLite bank, answer every
question (right with a probability that grows with the learner's ability), finish, and hand
in. That setup takes a minute or two and is kept in /tmp/quizapp-bench-class-report (made
again when this file's SETUP_VERSION changes). Then it times, median of 5 runs:

- ``report_from_files``: read and check 500 files (size, JSON, checksum, fields), decide who
  counts, compute every statistic;
- ``report_from_bank``: the same from the bank's attempts (as on a school bank);
- writing the report as JSON, CSV and PDF.

    python benchmarks/bench_class_report.py [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import tomli_w

from quizapp.services import classroom, open_bank, packs
from quizapp.services.classroom import CodeRequest

HERE = Path("/tmp/quizapp-bench-class-report")
SETUP_VERSION = "1"
LEARNERS = 500
QUESTIONS = 50


def pack_text(n: int) -> str:
    """A pack of ``n`` four-choice questions, each citing a source and testing one of 5 facts."""
    questions = [
        {
            "id": f"q{i:03d}",
            "type": "multiple_choice",
            "prompt": f"Question {i}: which of these is right?",
            "choices": [
                {"text": f"right {i}", "correct": True},
                *({"text": f"wrong {i}.{k}", "correct": False} for k in range(3)),
            ],
            "fact": f"fact-{i % 5}",
            "explanation": f"Because of reason {i}.",
            "sources": [{"source": "book", "locator": f"p. {i}"}],
        }
        for i in range(n)
    ]
    facts = [
        {"id": f"fact-{k}", "statement": f"Fact {k}.", "sources": [{"source": "book"}]}
        for k in range(5)
    ]
    return tomli_w.dumps(
        {
            "format": 1,
            "pack": {"id": "bench-class", "title": "Bench class", "version": "1.0.0"},
            "sources": [{"id": "book", "title": "The Book", "author": "A", "kind": "book"}],
            "facts": facts,
            "questions": questions,
        }
    )


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def setup() -> tuple[Path, Path, str]:
    """The bank, the folder of hand-ins and the code (made once, then reused)."""
    bank_path, folder, stamp = HERE / "bank.db", HERE / "hand-ins", HERE / "version"
    if (
        stamp.is_file()
        and stamp.read_text().split()
        and stamp.read_text().split()[0] == (SETUP_VERSION)
    ):
        return bank_path, folder, stamp.read_text().split()[1]
    shutil.rmtree(HERE, ignore_errors=True)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    bank = open_bank(bank_path)
    (HERE / "pack.toml").write_text(pack_text(QUESTIONS + 10), encoding="utf-8")
    [done] = packs.import_files(bank, [str(HERE / "pack.toml")])
    assert done.status.value == "added", done
    code = classroom.make_code(bank, CodeRequest("bench-class", count=QUESTIONS, seed=1))
    rng = random.Random(2026)
    for n in range(LEARNERS):
        ability = 0.2 + 0.75 * rng.random()
        session = classroom.join(bank, code, f"Learner {n:03d}", Clock())
        for _ in session.run.questions:
            q = session.current
            assert q is not None
            if rng.random() < ability:
                session.choose(q.correct_index)
            else:
                session.choose(rng.choice([i for i, c in enumerate(q.choices) if not c.correct]))
            session.next()
        session.finish()
        classroom.hand_in(bank, session.run.attempt_id, folder)
        if (n + 1) % 100 == 0:
            print(f"  setup: {n + 1} learners handed in", flush=True)
    bank.close()
    stamp.write_text(f"{SETUP_VERSION} {code}\n")
    print(f"setup: {LEARNERS} real attempts and hand-ins in {time.perf_counter() - started:.0f} s")
    return bank_path, folder, code


def timed(what: Callable[[], object], runs: int) -> tuple[float, float, float, object]:
    seconds = []
    result: object = None
    for _ in range(runs):
        start = time.perf_counter()
        result = what()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), min(seconds), max(seconds), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    bank_path, folder, code = setup()
    files = len(list(folder.glob("*.quizresult")))
    size = sum(p.stat().st_size for p in folder.glob("*.quizresult"))
    print(f"{files} hand-ins of {QUESTIONS} questions, {size / files / 1024:.1f} kB each")
    bank = open_bank(bank_path)

    def line(name: str, figures: tuple[float, float, float, object], target: str = "") -> None:
        median, low, high, _ = figures
        print(f"  {name:44s} median {median:6.3f} s (min {low:.3f}, max {high:.3f}){target}")

    print(f"{args.runs} runs each:")
    from_files = timed(lambda: classroom.report_from_files(bank, [folder]), args.runs)
    report = from_files[3]
    assert isinstance(report, classroom.ClassReport)
    assert len(report.roster) == LEARNERS and not report.rejected, report.rejected[:3]
    line(f"report from {files} hand-in files", from_files, "  — target < 2 s")
    from_bank = timed(lambda: classroom.report_from_bank(bank, code), args.runs)
    line(f"report from the bank's {LEARNERS} attempts", from_bank)
    line("write JSON", timed(lambda: classroom.report_json(report), args.runs))
    line("write CSV", timed(lambda: classroom.report_csv(report), args.runs))
    from quizapp.ui.report_pdf import write_pdf

    pdf = HERE / "report.pdf"
    line("write PDF", timed(lambda: write_pdf(report, pdf), max(1, args.runs // 2)))
    print(f"  (PDF: {pdf.stat().st_size / 1024:.0f} kB; alpha {report.test.alpha:.2f})")
    bank.close()


if __name__ == "__main__":
    sys.exit(main())
