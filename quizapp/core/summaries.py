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
    multiple_response: int = 0
    missing_explanations: int = 0  # questions the teacher still has to explain
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
    warnings: tuple[Problem, ...] = field(default=())
    file: str = ""


@dataclass(frozen=True, slots=True)
class PackStats:
    """A learner's record on one pack (percentages of finished attempts)."""

    best_percent: float | None = None
    last_percent: float | None = None
    last_score: float = 0.0
    last_total: int = 0
    attempts: int = 0


@dataclass(frozen=True, slots=True)
class AttemptSummary:
    """One attempt as listed in the history and offered for resuming."""

    id: int
    learner: str
    pack_id: str
    pack_title: str
    mode: str
    kind: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    score: float  # points: one per right answer, part of one for partial credit
    total: int
    answered: int
    seconds: float

    @property
    def percent(self) -> float:
        return 100.0 * self.score / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class FilterOption:
    """A tag or fact a quiz can be limited to, with how many questions have it."""

    kind: str  # "tag" or "fact"
    value: str
    label: str
    questions: int
