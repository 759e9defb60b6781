"""The bundled pack's reading level: Flesch-Kincaid grade (US school grade) of its text.

Prints the mean grade of the explanations, of the feedback and of the prompts, and the ten
hardest explanations. The target for learners of 15 is grade 9-10 (tests/test_reading_level.py
holds the explanations to it).

    python benchmarks/bench_reading_level.py [PACK.toml]
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

import textstat

from quizapp.packs.toml_pack import load_pack_file

PACK = Path(__file__).parents[1] / "questions" / "nato-eastward-expansion.toml"


def grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(text))


def main() -> None:
    pack = load_pack_file(sys.argv[1] if len(sys.argv) > 1 else PACK)
    explanations = [(q.id, q.explanation) for q in pack.questions if q.explanation.strip()]
    feedback = [c.feedback for q in pack.questions for c in q.choices if c.feedback.strip()]
    prompts = [q.prompt for q in pack.questions]
    print(f"{pack.info.id} {pack.info.version}: {len(pack.questions)} questions")
    for name, texts in (
        ("explanations", [t for _, t in explanations]),
        ("feedback", feedback),
        ("prompts", prompts),
    ):
        grades = [grade(t) for t in texts]
        print(
            f"  {name:<13} mean grade {statistics.mean(grades):5.1f}  "
            f"(median {statistics.median(grades):.1f}, {len(grades)} texts); "
            f"all of them as one text: {grade(' '.join(texts)):.1f}"
        )
    print("  hardest explanations:")
    for qid, text in sorted(explanations, key=lambda e: -grade(e[1]))[:10]:
        print(f"    {grade(text):5.1f}  {qid}")


if __name__ == "__main__":
    main()
