"""The columns of a spreadsheet being imported: what quizapp sees in its header, and the
column mappings teachers chose, kept in the bank for the header they were made for."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from quizapp.bank import settings
from quizapp.bank.database import Bank
from quizapp.core.columns import ColumnMapping, CsvPreview, MappingError, column_key
from quizapp.core.problems import PackInvalid
from quizapp.packs import registry

# The bank keeps one mapping per header (not per machine or per user, as Qt's settings would):
# every teacher of a school bank gets the mapping a colleague chose for the same export.
_SETTING = "csv-columns:"
_HEAD_BYTES = 256 * 1024  # enough for the header and the first rows of any spreadsheet


def _setting(header: Sequence[str]) -> str:
    # Keyed like the reader matches names: case and spaces make no other header.
    joined = "\x1f".join(column_key(cell) for cell in header)
    return _SETTING + hashlib.sha256(joined.encode("utf-8")).hexdigest()


def preview_csv_file(path: Path | str, format_name: str | None = None) -> CsvPreview | None:
    """The header and first rows of a CSV file, and the layout quizapp recognises in it;
    None if the file is not CSV or cannot be read (importing it will say why)."""
    from quizapp.packs.csv_format import preview_csv

    name = str(path)
    try:
        with Path(path).open("rb") as f:
            data = f.read(_HEAD_BYTES + 1)
    except OSError:
        return None
    if len(data) > _HEAD_BYTES:  # whole lines only, so that no character is cut in two
        data = data[: data.rfind(b"\n", 0, _HEAD_BYTES) + 1] or data[:_HEAD_BYTES]
    if (format_name or registry.detect(name, data)) != "csv":
        return None
    try:
        return preview_csv(data, name)
    except PackInvalid:
        return None


def remembered_columns(bank: Bank, header: Sequence[str]) -> ColumnMapping | None:
    """The mapping chosen last for a file with this header, if it still fits it."""
    with bank.read() as db:
        spec = settings.get(db, _setting(header))
    if spec is None:
        return None
    try:
        mapping = ColumnMapping.parse(spec)
        mapping.resolve(header)
    except MappingError:
        return None
    return mapping


def remember_columns(bank: Bank, header: Sequence[str], mapping: ColumnMapping) -> None:
    """Keep ``mapping`` for files with this header."""
    with bank.transaction() as db:
        settings.put(db, _setting(header), mapping.spec())
