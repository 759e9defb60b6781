"""Draw 20 random questions filtered by pack and tag from a bank of 100,000 questions.

Builds the bank once (10 packs of 10,000 synthetic questions, cached in the temp folder
given by --bank), then times the whole service-level draw: open a session, pick the ids,
load the 20 questions with their choices, citations and tags as core objects.

    python benchmarks/bench_draw.py [--draws 200] [--bank /tmp/quizapp-bench-100k.db]
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

from synth import pack_text

from quizapp import services
from quizapp.bank import repo
from quizapp.bank.db import open_bank

PACKS = 10
PER_PACK = 10_000


def build(path: Path) -> None:
    bank = open_bank(path)
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(PACKS):
            pack = Path(tmp) / f"p{i}.toml"
            pack.write_text(pack_text(PER_PACK, pack_id=f"bench-{i}", seed=i), encoding="utf-8")
            [result] = services.import_files(bank, [str(pack)])
            assert result.status.value == "added", result
            print(f"  built pack {i + 1}/{PACKS}", flush=True)
    bank.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--draws", type=int, default=200)
    parser.add_argument(
        "--bank", type=Path, default=Path(tempfile.gettempdir()) / "quizapp-bench-100k.db"
    )
    args = parser.parse_args()
    if not args.bank.exists():
        print(f"building a bank of {PACKS * PER_PACK} questions at {args.bank} ...")
        build(args.bank)
    bank = open_bank(args.bank)
    total = sum(p.questions for p in services.list_packs(bank))
    rng = random.Random(42)
    times = []
    for _ in range(args.draws):
        pack = f"bench-{rng.randrange(PACKS)}"
        tag = f"tag-{rng.randrange(40):02d}"
        start = time.perf_counter()
        with bank.transaction() as session:
            questions = repo.draw_questions(session, pack, 20, rng, tags=[tag])
        times.append(time.perf_counter() - start)
        assert len(questions) == 20 and all(tag in q.tags for q in questions)
    times.sort()
    print(f"bank: {total} questions; {args.draws} draws of 20 by pack and tag")
    print(
        f"draw time: median {statistics.median(times) * 1000:.1f} ms, "
        f"p95 {times[int(len(times) * 0.95)] * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms "
        "(target: under 20 ms)"
    )


if __name__ == "__main__":
    main()
