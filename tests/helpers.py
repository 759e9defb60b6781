"""Small helpers shared by tests: edited copies of the test pack, row counts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from quizapp.bank.models import Base
from quizapp.services import Bank

DATA = Path(__file__).parent / "data"


def mini_text() -> str:
    return (DATA / "mini.toml").read_text(encoding="utf-8")


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def table_names() -> list[str]:
    """Every table of the bank, parents before children (from the schema's definition)."""
    return [t.name for t in Base.metadata.sorted_tables]


def row_counts(bank: Bank) -> dict[str, int]:
    """How many rows each table of the bank holds."""
    with bank.read() as db:
        return {name: int(db.value(f"SELECT count(*) FROM {name}")) for name in table_names()}


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


def tiny_png(width: int = 4, height: int = 3) -> bytes:
    """A small, valid PNG image (grey pixels)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


SELECT_ALL = """\
format = 1

[pack]
id = "select"
title = "Select all"
version = "1.0.0"

[[sources]]
id = "atlas"
title = "Atlas"
date = "2020"
url = "https://example.org/atlas"

[[questions]]
id = "primes"
type = "multiple_response"
prompt = "Which are prime numbers?"
shuffle = false
choices = [
  { text = "2", correct = true, feedback = "2 is the only even prime." },
  { text = "4", correct = false, feedback = "4 = 2 x 2." },
  { text = "5", correct = true },
  { text = "9", correct = false, feedback = "9 = 3 x 3." },
]
explanation = "A prime has exactly two divisors."
sources = [{ source = "atlas", locator = "p. 1" }]
image = { path = "images/numbers.png", alt = "The numbers 2, 4, 5 and 9" }

[[questions]]
id = "flag"
type = "multiple_choice"
prompt = "Which flag is shown?"
shuffle = false
choices = [
  { text = "France", correct = true, image = { path = "images/fr.png", alt = "Blue, white, red" } },
  { text = "Italy", correct = false },
]
explanation = "Blue, white and red, in vertical bands."
sources = [{ source = "atlas", locator = "p. 2" }]
"""


def write_select_all(folder: Path) -> Path:
    """The select-all pack above, with its two images beside it."""
    (folder / "images").mkdir(parents=True, exist_ok=True)
    (folder / "images" / "numbers.png").write_bytes(tiny_png(8, 6))
    (folder / "images" / "fr.png").write_bytes(tiny_png(6, 4))
    return write(folder, "select.toml", SELECT_ALL)


def gives_pack_or_problems(read: Callable[[], Any]) -> None:
    """A reader on arbitrary input either returns a pack with questions or raises PackInvalid
    with printable problems; anything else (a crash) fails the test."""
    from quizapp.core.model import Pack
    from quizapp.core.problems import PackInvalid, Problem

    try:
        result = read()
    except PackInvalid as e:
        assert e.problems
        assert all(isinstance(p, Problem) and str(p) for p in e.problems)
    else:
        pack = result if isinstance(result, Pack) else result.pack
        assert pack.questions


def facts_pack(
    facts: int = 3,
    variants: int = 2,
    loose: int = 1,
    pack_id: str = "facts",
    version: str = "1.0.0",
    drop: tuple[str, ...] = (),
    reword: str = "",
) -> str:
    """A pack for study: ``facts`` facts f1.. each asked by ``variants`` true/false questions
    f1-v1.. (answer true), and ``loose`` questions without a fact (loose1..). ``drop``:
    question ids left out; ``reword``: a prefix added to every prompt."""
    import tomli_w

    cite = [{"source": "book", "locator": "p. 1", "quote": "a quote"}]
    questions: list[dict[str, object]] = []
    for f in range(1, facts + 1):
        for v in range(1, variants + 1):
            questions.append(
                {"id": f"f{f}-v{v}", "type": "true_false", "answer": True, "fact": f"f{f}",
                 "prompt": f"{reword}Fact {f}, wording {v}?", "explanation": f"Fact {f} holds.",
                 "sources": cite}
            )  # fmt: skip
    for n in range(1, loose + 1):
        questions.append(
            {"id": f"loose{n}", "type": "true_false", "answer": True,
             "prompt": f"{reword}Loose {n}?", "explanation": "It holds.", "sources": cite}
        )  # fmt: skip
    kept = [q for q in questions if q["id"] not in drop]
    used = {q.get("fact") for q in kept}
    return tomli_w.dumps(
        {
            "format": 1,
            "pack": {"id": pack_id, "title": f"Pack {pack_id}", "version": version},
            "sources": [{"id": "book", "title": "The Book", "date": "2001", "kind": "book"}],
            "facts": [
                {"id": f"f{f}", "statement": f"Fact {f} is true.", "sources": cite}
                for f in range(1, facts + 1)
                if f"f{f}" in used
            ],
            "questions": kept,
        }
    )
