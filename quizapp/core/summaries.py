"""Read-only views of what is in the bank, as handed to the CLI and the UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from quizapp.core.problems import Problem


@dataclass(frozen=True, slots=True)
class PackSummary:
    """One pack in the bank, with its question counts (retired questions not counted)."""

    id: str
    title: str
    version: str
    language: str
    questions: int
    multiple_choice: int
    true_false: int
    authors: tuple[str, ...] = ()
    license: str = ""
    description: str = ""
    origin: str = ""
    source_format: str = "toml"
    bundled: bool = False
    imported_at: datetime | None = None
    updated_at: datetime | None = None


class ImportStatus(StrEnum):
    """What importing one pack file did."""

    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REFUSED = "refused"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The outcome of importing one pack into the bank."""

    status: ImportStatus
    pack_id: str = ""
    title: str = ""
    version: str = ""
    previous_version: str = ""
    added: int = 0
    changed: int = 0
    retired: int = 0
    unchanged: int = 0
    message: str = ""
    problems: tuple[Problem, ...] = field(default=())
