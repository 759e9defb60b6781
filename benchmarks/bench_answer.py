"""Answer to explanation visible, in the real window (offscreen), on a 100,000-question bank.

Starts practice quizzes on the bundled pack (rich explanations and sources) and on a
10,000-question synthetic pack, presses the key of an answer, and times until the verdict,
explanation and sources are laid out and the window has repainted. Then opens the results
and history screens and prints this process's peak memory.

    python benchmarks/bench_answer.py [--questions 40]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from banks import big_bank
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from quizapp.core.quiz import Mode
from quizapp.services import open_bank
from quizapp.services.quiz import QuizRequest, QuizSession, start_screen
from quizapp.ui import theme
from quizapp.ui.context import AppContext
from quizapp.ui.main_window import MainWindow


def peak_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        return next(int(x.split()[1]) for x in f if x.startswith("VmHWM:")) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=40)
    args = parser.parse_args()
    app = QApplication([])
    theme.apply(app)
    with tempfile.TemporaryDirectory() as tmp:
        bank = open_bank(big_bank(Path(tmp)))
        window = MainWindow(AppContext(bank))
        window.start_screen.refresh()
        window.show()
        app.processEvents()
        times: dict[str, list[float]] = {}
        for pack in ("nato-eastward-expansion", "bench-3"):
            session = QuizSession.start(
                bank, QuizRequest(pack, "Bench", Mode.PRACTICE, count=args.questions, seed=1)
            )
            window.show_quiz(session)
            app.processEvents()
            quiz = window.quiz_screen
            samples = times.setdefault(pack, [])
            while window.stack.currentWidget() is quiz:
                question = session.current
                assert question is not None
                key = str(question.correct_index + 1)
                start = time.perf_counter()
                QTest.keyClicks(quiz, key)
                window.repaint()  # lay out and paint the verdict, explanation and sources now
                samples.append(time.perf_counter() - start)
                assert quiz.explanation_view.isVisible()
                QTest.keyClicks(quiz, " ")
                app.processEvents()
        window.show_history()
        app.processEvents()
        for pack, samples in times.items():
            samples.sort()
            print(
                f"answer -> explanation visible, {pack} ({len(samples)} answers): "
                f"median {statistics.median(samples) * 1000:.1f} ms, "
                f"p95 {samples[int(len(samples) * 0.95)] * 1000:.1f} ms, "
                f"max {samples[-1] * 1000:.1f} ms (target: under 30 ms)"
            )
        total = sum(p.questions for p in start_screen(bank).packs)
        print(
            f"peak memory after two quizzes, results and history on a {total}-question bank: "
            f"{peak_mb():.1f} MB (target: under 150 MB)"
        )
        assert "sqlalchemy" not in sys.modules, "the quiz path should not load SQLAlchemy"
        bank.close()


if __name__ == "__main__":
    main()
