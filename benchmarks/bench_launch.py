"""Launch times: quizapp's start screen and `quizapp start` versus a bare PySide6 window.

Also the start screen of a bank on a PostgreSQL server on this machine (the benchmark's
own, with PostgreSQL's default durability), holding the bundled pack (target: within 4x).

Each program is started as a new process, the same way (`python ...`, offscreen Qt), and
timed until it prints "quizapp-ready": the bare window once its label is shown; quizapp
once the start screen shows the packs (QUIZAPP_EXIT_WHEN_READY=1), or once the first
question is on screen (`quizapp start`). Runs alternate; medians are compared. Also prints
the peak memory (max RSS) of each quizapp process. The machine is shared: use enough runs
(the default, 25) for the medians to settle.

    python benchmarks/bench_launch.py [--runs 25]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from banks import big_bank, postgres_bank, small_bank

HERE = Path(__file__).parent


def launch(argv: list[str]) -> tuple[float, float]:
    """(seconds until "ready", peak RSS in MB as the process itself reports it) of one run."""
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "QUIZAPP_EXIT_WHEN_READY": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    _, err = proc.communicate()
    words = line.split()
    if not words or words[0] != "quizapp-ready":
        raise SystemExit(f"{argv} did not get ready: {line!r} {err}")
    return elapsed, float(words[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    py = sys.executable
    bare_argv = [py, str(HERE / "bare_window.py")]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small, big = small_bank(folder), big_bank(folder)
        # SQLite, with nothing else running.
        sqlite_cases = {
            BARE: bare_argv,
            "start screen, bundled pack only": [py, "-m", "quizapp", "--db", str(small)],
            "start screen, 100,000 more questions": [py, "-m", "quizapp", "--db", str(big)],
            "quizapp start -> first question": [
                py, "-m", "quizapp", "--db", str(small), "start", "nato-eastward-expansion",
                "--learner", "Bench", "--seed", "1",
            ],
            "quizapp start -> first question, 100k bank": [
                py, "-m", "quizapp", "--db", str(big), "start", "bench-3", "--learner", "Bench",
                "--seed", "1",
            ],
        }  # fmt: skip
        times, rss = measure(sqlite_cases, args.runs)
        report("SQLite banks", times, rss, args.runs)
        small_t = statistics.median(times["start screen, bundled pack only"])
        big_t = statistics.median(times["start screen, 100,000 more questions"])
        print(
            f"start screen with 100,000 more questions: {100 * (big_t / small_t - 1):+.1f}% "
            "(target: at most +15%); targets: start screen and first question at most 2.5x bare"
        )
    # PostgreSQL: the server runs during these runs only, and the bare window is measured
    # again beside it, so that both share the machine alike.
    with postgres_bank() as server_url:
        cases = {
            BARE: bare_argv,
            "start screen, PostgreSQL bank": [py, "-m", "quizapp", "--db", server_url],
        }
        times, rss = measure(cases, args.runs)
        report("a PostgreSQL server on this machine", times, rss, args.runs)
        print("target: start screen on PostgreSQL at most 4x bare")


BARE = "bare PySide6 window"


def measure(
    cases: dict[str, list[str]], runs: int
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Each case ``runs`` times, alternating, after one run each to warm the file cache."""
    for argv in cases.values():
        launch(argv)
    times: dict[str, list[float]] = {name: [] for name in cases}
    rss: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, argv in cases.items():
            seconds, peak = launch(argv)
            times[name].append(seconds)
            rss[name].append(peak)
    return times, rss


def report(
    title: str, times: dict[str, list[float]], rss: dict[str, list[float]], runs: int
) -> None:
    bare = statistics.median(times[BARE])
    print(f"{title}: {runs} runs each; median time to ready, ratio to the bare window, peak RSS")
    for name in times:
        median = statistics.median(times[name])
        print(
            f"  {name:44s} {median * 1000:6.0f} ms  {median / bare:5.2f}x  {max(rss[name]):6.1f} MB"
        )


if __name__ == "__main__":
    main()
