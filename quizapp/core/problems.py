"""Problems found in a file, each pointing at the line a teacher has to fix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in a file.

    Attributes:
        file: the file's name as the user gave it.
        line: 1-based line, or None when the problem concerns the whole file.
        message: plain words, starting with what the problem is about.
        path: the field path inside the pack (``questions[3].choices``), or "".
        column: 1-based column when known (syntax errors).
        severity: "error" or "warning".
    """

    file: str
    line: int | None
    message: str
    path: str = ""
    column: int | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.message}"
        if self.severity == "warning":
            text = f"{where}: warning: {self.message}"
        if self.path:
            text += f" ({self.path})"
        return text


class PackInvalid(Exception):
    """A pack file has problems; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
