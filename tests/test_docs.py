"""The documentation's examples work, and the README's test line is what CI runs."""

from __future__ import annotations

import re
from pathlib import Path

from quizapp.packs.toml_pack import load_pack_text

REPO = Path(__file__).parent.parent


def test_the_pack_format_example_is_a_valid_pack() -> None:
    doc = (REPO / "docs" / "pack-format.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n(.*?)```", doc, re.DOTALL)
    assert example is not None
    pack = load_pack_text(example.group(1), "pack-format.md")
    assert [q.id for q in pack.questions] == [
        "what-drives-evaporation",
        "rain-is-fresh",
        "what-makes-clouds",
    ]


def test_ci_runs_the_readme_test_line() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick = readme[readme.index("## Quick start") :]
    lines = re.findall(r"^(python3 -m venv .*)$", quick, re.MULTILINE)
    assert len(lines) >= 2
    test_line = next(line for line in lines if "pytest" in line)
    assert test_line in (REPO / ".ci" / "run").read_text(encoding="utf-8")
