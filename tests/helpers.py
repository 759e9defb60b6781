"""Small helpers shared by tests: edited copies of the test pack, row counts."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from quizapp.bank.db import Bank
from quizapp.bank.repo import all_tables

DATA = Path(__file__).parent / "data"


def mini_text() -> str:
    return (DATA / "mini.toml").read_text(encoding="utf-8")


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def row_counts(bank: Bank) -> dict[str, int]:
    """How many rows each table of the bank holds."""
    with bank.transaction() as session:
        return {
            t.name: session.scalar(select(func.count()).select_from(t)) or 0 for t in all_tables()
        }


class FakeClock:
    """A wall clock that only moves when told to."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 1, 5, 9, 0, 0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def numbers_pack(
    n: int = 6, pack_id: str = "numbers", version: str = "1.0.0", prompt_prefix: str = ""
) -> str:
    """A valid pack of ``n`` questions: even ones multiple choice (answer "right"), odd ones
    true/false (answer true). Every question cites one source and carries tag "even"/"odd"."""
    import tomli_w

    questions = []
    for i in range(n):
        q: dict[str, object] = {"id": f"q{i + 1}", "prompt": f"{prompt_prefix}Question {i + 1}?"}
        if i % 2 == 0:
            q |= {
                "type": "multiple_choice",
                "choices": [
                    {"text": "right", "correct": True, "feedback": "Yes."},
                    {"text": "wrong one", "correct": False, "feedback": "No, not this one."},
                    {"text": "wrong two", "correct": False, "feedback": "No, not this either."},
                ],
                "tags": ["even"],
            }
        else:
            q |= {"type": "true_false", "answer": True, "tags": ["odd"]}
        q |= {
            "explanation": f"Because of reason {i + 1}.",
            "sources": [{"source": "book", "locator": f"p. {i + 1}", "quote": f"quote {i + 1}"}],
        }
        questions.append(q)
    return tomli_w.dumps(
        {
            "format": 1,
            "pack": {"id": pack_id, "title": f"Pack {pack_id}", "version": version},
            "sources": [
                {
                    "id": "book",
                    "title": "The Book",
                    "author": "An Author",
                    "date": "2001",
                    "url": "https://example.org/book",
                    "kind": "book",
                }
            ],
            "questions": questions,
        }
    )


def import_text(bank: Bank, tmp: Path, text: str, name: str = "pack.toml") -> None:
    from quizapp.services import packs

    [result] = packs.import_files(bank, [str(write(tmp, name, text))])
    assert result.status.value in ("added", "updated"), result
