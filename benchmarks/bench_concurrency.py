"""Thirty learners answering at once: a PostgreSQL server versus one SQLite file.

Each learner is a process of its own with one connection, as in a computer lab: it opens
the bank, starts a 20-question quiz through the service layer, waits until every learner is
ready, then answers all 20 as fast as it can, timing each answer until it is committed.
Afterwards the bank is counted: every answer given must be there (answers lost: 0).

On PostgreSQL the learners sign in with logins of their own (``school add-learners``), so
row-level security is on, as in a school; the server is this benchmark's own, on this
machine, with PostgreSQL's default durability (fsync and synchronous commit on). On
SQLite all thirty share one file (WAL, synchronous=NORMAL, as quizapp opens it). The
learners' processes and the server share this machine's cores.

    python benchmarks/bench_concurrency.py [--learners 30] [--answers 20]
"""

from __future__ import annotations

import argparse
import csv
import io
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from tests.postgres import TempServer  # noqa: E402

PACK = HERE.parent / "questions" / "nato-eastward-expansion.toml"


def learner(target: str, name: str, answers: int, barrier: Any, out: Any) -> None:
    """One learner's process: start a quiz, wait for the others, answer, report timings."""
    from quizapp.services import open_bank
    from quizapp.services.quiz import QuizRequest, QuizSession

    times: list[float] = []
    errors: list[str] = []
    given = 0
    bank = open_bank(target)
    try:
        session = QuizSession.start(bank, QuizRequest(PACK_ID, name, count=answers, seed=1))
        barrier.wait()
        while (q := session.current) is not None:
            start = time.perf_counter()
            try:
                session.choose(q.correct_index if given % 3 else 0)
                given += 1
            except Exception as e:  # counted and reported, never hidden
                errors.append(f"{type(e).__name__}: {e}")
                break
            times.append(time.perf_counter() - start)
            session.next()
    except Exception as e:
        errors.append(f"{type(e).__name__}: {e}")
        barrier.abort()
    finally:
        bank.close()
    out.put((name, given, times, errors))


PACK_ID = "nato-eastward-expansion"


def run(label: str, targets: list[tuple[str, str]], answers: int, count_url: str) -> None:
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(len(targets))
    out = ctx.Queue()
    procs = [
        ctx.Process(target=learner, args=(url, name, answers, barrier, out))
        for url, name in targets
    ]
    began = time.perf_counter()
    for p in procs:
        p.start()
    results = [out.get(timeout=600) for _ in procs]
    for p in procs:
        p.join()
    wall = time.perf_counter() - began
    times = sorted(t for _, _, ts, _ in results for t in ts)
    given = sum(g for _, g, _, _ in results)
    errors = [e for _, _, _, es in results for e in es]

    from quizapp.services import open_bank

    bank = open_bank(count_url)
    with bank.read() as db:
        stored = int(db.value("SELECT count(*) FROM responses"))
    bank.close()
    p50 = statistics.median(times) * 1000 if times else float("nan")
    p95 = times[int(len(times) * 0.95)] * 1000 if times else float("nan")
    print(
        f"{label:34s} {len(targets)} learners x {answers}: answers given {given}, "
        f"in the bank {stored}, lost {given - stored}, errors {len(errors)}; "
        f"commit p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {times[-1] * 1000:.1f} ms; "
        f"{wall:.1f} s in all"
    )
    for e in errors[:5]:
        print("   error:", e)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--answers", type=int, default=20)
    args = parser.parse_args()
    from quizapp.cli import main as cli

    names = [f"Learner {i + 1:02d}" for i in range(args.learners)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # SQLite: one file for everyone.
        path = folder / "lab.sqlite3"
        assert cli(["--db", str(path), "pack", "import", str(PACK)], out=io.StringIO()) == 0
        run("SQLite, one file (WAL)", [(str(path), n) for n in names], args.answers, str(path))

        # PostgreSQL: a school bank, each learner with a login of their own.
        server = TempServer.start(durable=True)
        try:
            server.create_database("lab")
            owner = server.url("lab")
            assert cli(["--db", owner, "school", "init"], out=io.StringIO()) == 0
            assert cli(["--db", owner, "pack", "import", str(PACK)], out=io.StringIO()) == 0
            roster = folder / "roster.csv"
            roster.write_text("name\n" + "\n".join(names) + "\n", encoding="utf-8")
            logins = folder / "logins.csv"
            code = cli(
                ["--db", owner, "school", "add-learners", str(roster), "-o", str(logins)],
                out=io.StringIO(),
            )
            assert code == 0
            rows = list(csv.DictReader(io.StringIO(logins.read_text(encoding="utf-8"))))
            targets = [(server.url("lab", r["login"], r["password"]), r["name"]) for r in rows]
            run("PostgreSQL 15, logins and RLS", targets, args.answers, owner)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
