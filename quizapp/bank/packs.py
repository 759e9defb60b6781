"""What the bank says about each pack (``packs``), a whole pack read back, and removing one.

The rows a pack is made of are written by ``bank.pack_import`` and read as core objects by
``bank.questions``; this module reads the pack rows themselves, which is all the start
screen needs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from quizapp.bank import questions as question_rows
from quizapp.bank import study
from quizapp.bank.engine import Db, as_datetime
from quizapp.core.model import Pack, PackInfo, QuestionType
from quizapp.core.summaries import PackSummary

_SUMMARY = (
    "SELECT id, title, version, language, question_count, type_counts, authors, license, "
    "description, origin, source_format, bundled, imported_at, updated_at, unit_count FROM packs"
)


# -- reading ----------------------------------------------------------------------------------


def _summary(row: Sequence[Any]) -> PackSummary:
    counts = json.loads(row[5] or "{}")
    return PackSummary(
        id=row[0],
        title=row[1],
        version=row[2],
        language=row[3],
        questions=row[4],
        multiple_choice=counts.get(QuestionType.MULTIPLE_CHOICE.value, 0),
        true_false=counts.get(QuestionType.TRUE_FALSE.value, 0),
        multiple_response=counts.get(QuestionType.MULTIPLE_RESPONSE.value, 0),
        missing_explanations=counts.get("no_explanation", 0),
        authors=tuple(a for a in row[6].split("\n") if a),
        license=row[7],
        description=row[8],
        origin=row[9],
        source_format=row[10],
        bundled=bool(row[11]),
        imported_at=as_datetime(row[12]),
        updated_at=as_datetime(row[13]),
        study_units=int(row[14] or 0),
    )


def list_packs(db: Db) -> list[PackSummary]:
    """Every pack in the bank, by title, with its stored question counts."""
    return [_summary(r) for r in db.rows(_SUMMARY + " ORDER BY lower(title), id")]


def summary(db: Db, pack_id: str) -> PackSummary | None:
    """One pack's summary, or None if the bank has no such pack."""
    row = db.row(_SUMMARY + " WHERE id = :pack", {"pack": pack_id})
    return None if row is None else _summary(row)


def version(db: Db, pack_id: str) -> str | None:
    """The version of the pack in the bank, or None."""
    found = db.value("SELECT version FROM packs WHERE id = :pack", {"pack": pack_id})
    return None if found is None else str(found)


def load(db: Db, pack_id: str) -> Pack | None:
    """The pack as core objects (its active questions only), or None."""
    row = db.row(
        "SELECT id, title, version, language, authors, license, description FROM packs "
        "WHERE id = :pack",
        {"pack": pack_id},
    )
    if row is None:
        return None
    info = PackInfo(
        id=row[0],
        title=row[1],
        version=row[2],
        language=row[3],
        authors=tuple(a for a in row[4].split("\n") if a),
        license=row[5],
        description=row[6],
    )
    return Pack(
        info,
        question_rows.sources_of_pack(db, pack_id),
        question_rows.facts_of_pack(db, pack_id),
        question_rows.of_pack(db, pack_id),
    )


def remove(db: Db, pack_id: str) -> bool:
    """Delete the pack and everything it holds; True if it existed.

    Learners' study cards stay (``bank.study``): adding the pack again brings them back.
    """
    study.retire_units(db, pack_id)
    return bool(db.run("DELETE FROM packs WHERE id = :pack", {"pack": pack_id}).rowcount)
