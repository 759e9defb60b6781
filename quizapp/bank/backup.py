"""Backups of an SQLite bank: consistent while quizapp runs, one a day, the last seven kept.

SQLite's online backup copies the bank page by page through SQLite itself, so a backup
taken while the app answers questions is still a consistent bank. A backup is written to
a temporary name and renamed when complete: a backup cut short (the app quit) never looks
like a good one. A PostgreSQL bank is backed up with the server's pg_dump (docs/school.md).
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from datetime import date, datetime
from pathlib import Path

FOLDER = "backups"
KEEP = 7
_DAILY = re.compile(r"^(?P<stem>.+)-(?P<day>\d{4}-\d{2}-\d{2})\.sqlite3$")


def folder_of(bank: Path) -> Path:
    """Where a bank's backups go: ``backups/`` beside it."""
    return bank.parent / FOLDER


def copy_to(bank: Path, target: Path) -> Path:
    """A consistent copy of the bank at ``target`` (written whole, or not at all)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(f"{bank.resolve().as_uri()}?mode=ro", uri=True)
    dest = sqlite3.connect(partial)
    try:
        source.backup(dest, pages=256)
    finally:
        dest.close()
        source.close()
    os.replace(partial, target)
    return target


def daily(bank: Path, today: date, keep: int = KEEP) -> Path | None:
    """Today's backup, unless there is one; the oldest beyond ``keep`` are deleted.

    Returns the new backup, or None if today's was already there.
    """
    folder = folder_of(bank)
    target = folder / f"{bank.stem}-{today.isoformat()}.sqlite3"
    if target.exists():
        return None
    for stale in folder.glob(f".{bank.stem}-*.partial"):  # left by a start cut short
        stale.unlink(missing_ok=True)
    copy_to(bank, target)
    ours = sorted(
        p for p in folder.iterdir() if (m := _DAILY.match(p.name)) and m["stem"] == bank.stem
    )
    for old in ours[:-keep]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


def restore(bank: Path, source: Path, now: datetime) -> Path:
    """Put ``source`` in the bank's place; the bank as it was is kept as a backup first.

    The caller checked that ``source`` is a quizapp bank. Returns the kept copy.
    """
    kept = copy_to(
        bank, folder_of(bank) / f"{bank.stem}-before-restore-{now:%Y%m%d-%H%M%S}.sqlite3"
    )
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(bank)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return kept
