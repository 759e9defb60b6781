"""Editor responsiveness: checking the question being typed vs checking the whole pack.

The editor checks only the item on screen as the teacher types (debounced), and the whole
pack on demand. This prints both times for the bundled pack and for a 10,000-question pack,
plus the preview's build time.

    python benchmarks/bench_editor.py [--questions 10000] [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synth import pack_text

from quizapp.services import editor

REPO = Path(__file__).parent.parent


def timed(fn: object, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    docs = {
        "bundled NATO pack (49 questions)": tomllib.loads(
            (REPO / "questions" / "nato-eastward-expansion.toml").read_text(encoding="utf-8")
        ),
        f"synthetic pack ({args.questions} questions)": tomllib.loads(pack_text(args.questions)),
    }
    for name, doc in docs.items():
        middle = len(doc["questions"]) // 2
        item = timed(lambda d=doc, m=middle: editor.check_item(d, "questions", m), args.repeat)
        whole = timed(lambda d=doc: editor.check(d), max(1, args.repeat // 10))
        print(
            f"{name}: check the question being typed {item * 1000:.1f} ms; "
            f"check the whole pack {whole * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
