"""Draw 20 random questions filtered by pack and tag from a bank of 100,000 questions.

Uses the shared 100,000-question bank (built once, see banks.py) and times what starting a
quiz does to pick its questions: choose the ids, then load the 20 questions with their
choices, citations, sources and facts, in one unit of work on the bank.

    python benchmarks/bench_draw.py [--draws 200]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from banks import PACKS, big_bank

from quizapp.bank import questions
from quizapp.services import open_bank
from quizapp.services.packs import list_packs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--draws", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bank = open_bank(big_bank(Path(tmp)))
        total = sum(p.questions for p in list_packs(bank))
        rng = random.Random(42)
        times = []
        for _ in range(args.draws):
            pack = f"bench-{rng.randrange(PACKS)}"
            tag = f"tag-{rng.randrange(40):02d}"
            start = time.perf_counter()
            with bank.read() as db:
                ids = questions.draw_ids(db, pack, 20, rng, tags=[tag])
                drawn = questions.by_ids(db, ids)
            times.append(time.perf_counter() - start)
            assert len(drawn) == 20
        bank.close()
    times.sort()
    print(f"bank: {total} questions; {args.draws} draws of 20 by pack and tag")
    print(
        f"draw time: median {statistics.median(times) * 1000:.1f} ms, "
        f"p95 {times[int(len(times) * 0.95)] * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms "
        "(target: under 20 ms)"
    )


if __name__ == "__main__":
    main()
