"""Study: building the due queue for a learner with 100,000 cards in under 50 ms.

Setup (once; cached under /tmp/quizapp-bench-study, keyed by quizapp's version and the bank
schema): a fresh SQLite bank with six synthetic packs of 20,000 questions each (the most a pack
held when this was written; ``synth``: 4-choice and true/false alternating, with sources). In
each, 1,000 facts are asked by 4 questions each and the other 16,000 questions have no fact:
17,000 study units a pack, 102,000 in all. Then three learners: "Ben" with a card for every unit
but 2,000 (100,000 cards), "Ada" with 78,000, and "Zoe" with none. Cards are written straight to
``study_cards`` (realistic states: a tenth due now, the rest due over the next year; stability
and difficulty in FSRS's ranges), because reviewing 100,000 cards one by one through the service
layer would take hours; the queue reads them exactly as it reads cards the app wrote. The setup
runs in another process.

Then, each 15 times (median, min, max), in one process with the bank open:

- ``services.study.queue`` for Ben on the first pack: the facts due now (up to a session's
  100) and the new ones, each with the question that asks it: the target (under 50 ms);
- ``services.quiz.start_screen`` for Ben, Ada and Zoe, to see what counting the facts to
  study costs the start screen;
- ``study.status`` (the 30-day forecast over all 100,000 cards) and ``study.progress`` of the
  first pack (FSRS retrievability of each of its 17,000 facts), for Ben.

    python benchmarks/bench_study.py [--runs 15] [--rebuild]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from quizapp import __version__
from quizapp.bank.schema import SCHEMA_HEAD

PACKS = [f"study-bench-{i}" for i in range(6)]
PACK = PACKS[0]
QUESTIONS = 20_000
FACTS = 1_000
PER_FACT = 4
CARDS = 100_000
TARGET_MS = 50.0
NOW = datetime(2026, 12, 2, 9, 0)
SETUP_VERSION = "2"  # 2: the indexes of study_cards
CACHE = Path(tempfile.gettempdir()) / "quizapp-bench-study"
KEY = f"setup{SETUP_VERSION}-quizapp{__version__}-{SCHEMA_HEAD}"


def _pack(questions: int, pack_id: str, facts: int, per_fact: int, seed: int) -> str:
    import tomli_w
    from synth import pack_dict

    data = pack_dict(questions, pack_id=pack_id, seed=seed)
    data["facts"] = data["facts"][:facts]
    for i, q in enumerate(data["questions"]):
        if i < facts * per_fact:
            q["fact"] = data["facts"][i // per_fact]["id"]
        else:
            q.pop("fact", None)
    if not facts:
        data.pop("facts")
    return tomli_w.dumps(data)


def _cards(db: Any, learner_id: int, pack_id: str, units: list[str], rng: random.Random) -> None:
    rows = []
    for unit in units:
        state = rng.choice((1, 2, 2, 2, 2, 3))
        due = NOW - timedelta(hours=rng.uniform(0, 72)) if rng.random() < 0.1 else (
            NOW + timedelta(days=rng.uniform(0, 365))
        )  # fmt: skip
        last = due - timedelta(days=rng.uniform(1, 60))
        rows.append(
            {"learner": learner_id, "pack": pack_id, "unit": unit, "state": state,
             "step": 0 if state != 2 else None, "stability": rng.uniform(0.5, 300),
             "difficulty": rng.uniform(1, 10), "due": due, "last": last,
             "question": None, "reps": rng.randint(1, 20), "lapses": rng.randint(0, 3)}
        )  # fmt: skip
    db.many(
        "INSERT INTO study_cards (learner_id, pack_id, unit, state, step, stability, difficulty, "
        "due, last_review, last_question, reps, lapses, created_at) VALUES (:learner, :pack, "
        ":unit, :state, :step, :stability, :difficulty, :due, :last, :question, :reps, :lapses, "
        ":last)",
        rows,
    )


def build(folder: Path) -> None:
    from quizapp.bank import learners
    from quizapp.bank.pack_import import import_pack
    from quizapp.packs.toml_pack import load_pack_text
    from quizapp.services import open_bank

    folder.mkdir(parents=True, exist_ok=True)
    bank = open_bank(folder / "bank.db")
    for seed, pack_id in enumerate(PACKS):
        pack = load_pack_text(_pack(QUESTIONS, pack_id, FACTS, PER_FACT, seed), f"{pack_id}.toml")
        with bank.transaction() as db:
            result = import_pack(db, pack)
        assert result.status.value == "added", result
    rng = random.Random(7)
    with bank.transaction() as db:
        units = [
            (r[0], r[1])
            for r in db.rows(
                "SELECT pack_id, unit FROM study_units WHERE live = TRUE ORDER BY pack_id, unit"
            )
        ]
        ada = learners.add(db, "Ada", NOW)
        ben = learners.add(db, "Ben", NOW)
        learners.add(db, "Zoe", NOW)
        for learner, n in ((ben.id, CARDS), (ada.id, CARDS - 22_000)):
            mine = units[:n]
            for pack_id in PACKS:
                _cards(db, learner, pack_id, [u for p, u in mine if p == pack_id], rng)
        count = db.value("SELECT count(*) FROM study_cards WHERE learner_id = :l", {"l": ben.id})
    bank.close()
    (folder / "ready").write_text(f"{KEY}\nBen has {count} cards\n", encoding="utf-8")


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    folder = CACHE / KEY
    if args.rebuild and folder.exists():
        shutil.rmtree(folder)
    if not (folder / "ready").exists():
        if folder.exists():
            shutil.rmtree(folder)
        print(f"building the bank in {folder} (a few minutes, once) ...", flush=True)
        subprocess.run([sys.executable, __file__, "--build", str(folder)], check=True)
    print((folder / "ready").read_text(encoding="utf-8").splitlines()[1])

    from quizapp.core.study import StudyDay
    from quizapp.services import open_bank, study
    from quizapp.services import quiz as quiz_service

    bank = open_bank(folder / "bank.db")
    day = StudyDay(timedelta(0))
    with bank.read() as db:
        ben = db.value("SELECT id FROM learners WHERE name = 'Ben'")
        ada = db.value("SELECT id FROM learners WHERE name = 'Ada'")

    def ada_queue() -> list[Any]:  # 10,000 of the pack's 17,000 facts studied, 7,000 new
        with bank.read() as db:
            return study.queue(db, ada, PACKS[4], NOW, day)

    def queue() -> list[Any]:  # Ben has 17,000 of his cards in this pack
        with bank.read() as db:
            return study.queue(db, ben, PACK, NOW, day)

    first = time.perf_counter()
    found = queue()
    first_ms = (time.perf_counter() - first) * 1000
    due = sum(1 for *_, card in found if card is not None)
    print(f"queue: {len(found)} facts ({due} due, {len(found) - due} new); first run "
          f"{first_ms:.1f} ms")  # fmt: skip
    rows = [
        ("queue for Ben (100,000 cards)", lambda: queue()),
        ("queue for Ada, half-studied pack", lambda: ada_queue()),
        ("start screen, Ben (100,000 cards)", lambda: quiz_service.start_screen(bank, "Ben",
                                                                                lambda: NOW)),
        ("start screen, Ada (78,000 cards)", lambda: quiz_service.start_screen(bank, "Ada",
                                                                               lambda: NOW)),
        ("start screen, Zoe (no cards)", lambda: quiz_service.start_screen(bank, "Zoe",
                                                                           lambda: NOW)),
        ("study status, Ben", lambda: study.status(bank, "Ben", lambda: NOW, day)),
        ("progress of the pack, Ben", lambda: study.progress(bank, "Ben", PACK, lambda: NOW, day)),
    ]  # fmt: skip
    print(f"{'':38} {'median':>9} {'min':>9} {'max':>9}   ({args.runs} runs)")
    results = {}
    for name, fn in rows:
        med, low, high = timed(fn, args.runs)
        results[name] = med
        print(f"{name:38} {med:8.1f}ms {low:8.1f}ms {high:8.1f}ms")
    verdict = "meets" if results[rows[0][0]] < TARGET_MS else "MISSES"
    print(f"the queue {verdict} the target of {TARGET_MS:.0f} ms")
    bank.close()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--build":
        build(Path(sys.argv[2]))
    else:
        main()
