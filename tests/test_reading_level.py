"""The bundled pack is written for 15-year-olds: its explanations read at about US grade 9-10
(Flesch-Kincaid, measured with textstat; benchmarks/bench_reading_level.py prints the details)."""

from __future__ import annotations

import statistics
from pathlib import Path

import textstat

from quizapp.packs.toml_pack import load_pack_file

PACK = Path(__file__).parents[1] / "questions" / "nato-eastward-expansion.toml"
TARGET = 10.5  # grade 9-10, with half a grade for names and dates that no rewrite can shorten


def test_the_explanations_read_at_grade_9_to_10() -> None:
    pack = load_pack_file(PACK)
    grades = [textstat.flesch_kincaid_grade(q.explanation) for q in pack.questions]
    mean = statistics.mean(grades)
    print(f"mean Flesch-Kincaid grade of {len(grades)} explanations: {mean:.1f}")
    assert mean <= TARGET, f"the explanations read at grade {mean:.1f}; aim for 9-10"


def test_the_measure_tells_easy_from_hard_text() -> None:
    easy = "The treaty was signed in 1990. It set a limit on troops. Both sides agreed."
    hard = (
        "Notwithstanding the ostensibly unequivocal diplomatic assurances purportedly "
        "articulated during the multilateral negotiations, subsequent historiographical "
        "interpretations have remained irreconcilably contested."
    )
    assert textstat.flesch_kincaid_grade(easy) < 6 < 14 < textstat.flesch_kincaid_grade(hard)
