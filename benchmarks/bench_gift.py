"""Import 10,000 questions as GIFT versus the same questions as TOML.

The synthetic pack is written once as TOML and once as GIFT (by quizapp's GIFT writer), and
each file is imported into a fresh bank several times, alternately; medians are compared.

    python benchmarks/bench_gift.py [--questions 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synth import pack_text

from quizapp.packs.gift import write_gift
from quizapp.packs.toml_pack import load_pack_text
from quizapp.services import open_bank, packs


def import_once(path: Path, db: Path) -> float:
    bank = open_bank(db)
    start = time.perf_counter()
    [result] = packs.import_files(bank, [str(path)])
    elapsed = time.perf_counter() - start
    assert result.status.value == "added", result
    bank.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        text = pack_text(args.questions, pack_id="same-questions")
        toml = folder / "same-questions.toml"
        toml.write_text(text, encoding="utf-8")
        gift = folder / "same-questions.gift"
        gift.write_bytes(write_gift(load_pack_text(text, "synthetic"), {}).data)
        print(
            f"{args.questions} questions: TOML {toml.stat().st_size / 1e6:.1f} MB, "
            f"GIFT {gift.stat().st_size / 1e6:.1f} MB"
        )
        times: dict[str, list[float]] = {"toml": [], "gift": []}
        for i in range(args.repeat):
            for name, path in (("toml", toml), ("gift", gift)):
                times[name].append(import_once(path, folder / f"{name}-{i}.db"))
        t, g = statistics.median(times["toml"]), statistics.median(times["gift"])
        print(f"import as TOML: median {t * 1000:.0f} ms; as GIFT: median {g * 1000:.0f} ms")
        print(f"ratio GIFT / TOML: {g / t:.2f}x (target: at most 3x)")


if __name__ == "__main__":
    main()
