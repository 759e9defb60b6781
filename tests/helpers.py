"""Small helpers shared by tests: edited copies of the test pack, row counts."""

from __future__ import annotations

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
