"""Which column of a spreadsheet holds what: the column mapping a teacher gives for a header."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fnmatch import fnmatchcase


class Role(StrEnum):
    """What one column of a spreadsheet holds."""

    PROMPT = "prompt"
    CHOICES = "choices"
    CORRECT = "correct"
    EXPLANATION = "explanation"
    TAGS = "tags"
    ID = "id"
    IGNORE = "ignore"


class AnswerKey(StrEnum):
    """How the correct-answer cells name the right choices."""

    AUTO = "auto"  # a choice's text, else letters (A, C or ACD), else numbers (1, 3)
    LETTERS = "letters"
    NUMBERS = "numbers"
    TEXT = "text"


class MappingError(ValueError):
    """A column mapping that cannot be used; the message says why in plain words."""


# What a header cell says after its name: "Answer 1 - max 75 characters", "Correct answer(s)".
_COMMENT = re.compile(r"\s+[-–—]\s+|\(")
_NOT_NAME = re.compile(r"[\W_]+")
_NOT_PATTERN = re.compile(r"(?:[^\w*?\[\]]|_)+")


def column_name(cell: str) -> str:
    """A header cell without the comment after its name: "Time limit (sec) – 5" -> "Time limit"."""
    return _COMMENT.split(cell.strip(), maxsplit=1)[0].strip()


def column_key(cell: str) -> str:
    """The name a header cell is matched by: "Correct answer(s) - choose" -> "correct_answer".

    Case, spaces, "-" and punctuation do not count, nor what follows " - " or "(".
    """
    return _NOT_NAME.sub("_", column_name(cell).lower()).strip("_")


def _pattern_key(pattern: str) -> str:
    return _NOT_PATTERN.sub("_", column_name(pattern).lower()).strip("_")


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index: 0 -> A, 26 -> AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


# Separators that cannot be written as themselves inside --columns text.
_SEPARATOR_WORDS = {"comma": ",", "tab": "\t", "newline": "\n", "space": " "}
_SINGLE_ROLES = (Role.PROMPT, Role.EXPLANATION, Role.TAGS, Role.ID)
_NEEDED = {
    Role.PROMPT: "the column of the question",
    Role.CHOICES: "the columns of the choices",
    Role.CORRECT: "the column of the answer",
}


@dataclass(frozen=True, slots=True)
class ResolvedColumns:
    """A mapping applied to one header: the index of each column (0-based)."""

    prompt: int
    choices: tuple[int, ...]
    correct: tuple[int, ...]
    explanation: int | None
    tags: int | None
    id: int | None
    separator: str
    keys: AnswerKey

    def used(self) -> set[int]:
        singles = (self.prompt, self.explanation, self.tags, self.id)
        return {i for i in (*singles, *self.choices, *self.correct) if i is not None}


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which columns of a spreadsheet hold what; every other column is ignored.

    Columns are named as in the header, matched by ``column_key`` (no case, spaces or
    punctuation); in ``choices`` and ``correct``, ``*`` and ``?`` match any characters.

    Attributes:
        prompt: the column of the question.
        choices: the columns of the choices, in order. With a ``separator``, each cell may
            hold several choices joined by it (one column "a|b|c").
        correct: the column(s) naming the right choice(s), as ``keys`` says.
        separator: what joins several choices in one cell ("" if each has its column).
        explanation, tags, id: optional columns ("" if none).
        keys: how the correct cells name the right choices.
    """

    prompt: str
    choices: tuple[str, ...]
    correct: tuple[str, ...]
    separator: str = ""
    explanation: str = ""
    tags: str = ""
    id: str = ""
    keys: AnswerKey = AnswerKey.AUTO

    # -- as text: ``--columns`` and the mappings remembered in the bank -------------------------
    @classmethod
    def parse(cls, spec: str) -> ColumnMapping:
        """A mapping from ``prompt=question,choices=option_*,correct=answer,…``."""
        found: dict[str, list[str]] = {}
        for entry in (e.strip() for e in spec.split(",")):
            if not entry:
                continue
            role, equals, value = (p.strip() for p in entry.partition("="))
            role = role.lower()
            if role not in {*Role, "separator", "keys"}:
                raise MappingError(
                    f'--columns: unknown role "{role}" (use prompt, choices, correct, '
                    "explanation, tags, id, ignore, separator or keys)"
                )
            if not equals or (not value and role != "separator"):
                raise MappingError(f'--columns: "{role}" needs a column: write {role}=COLUMN')
            found.setdefault(role, []).append(value)
        for role, needed in _NEEDED.items():
            if role not in found:
                raise MappingError(f"--columns has no {role}=COLUMN: name {needed}")
        for role in (*_SINGLE_ROLES, "separator", "keys"):
            values = found.get(role, [])
            if len(values) > 1:
                raise MappingError(
                    f'--columns names {role} twice ("{values[0]}" and "{values[1]}")'
                )
        keys = found.get("keys", ["auto"])[0].lower()
        if keys not in set(AnswerKey):
            raise MappingError(
                f"--columns: keys={keys} is not one of {', '.join(k.value for k in AnswerKey)}"
            )
        separator = found.get("separator", [""])[0]
        return cls(
            prompt=found[Role.PROMPT][0],
            choices=tuple(found[Role.CHOICES]),
            correct=tuple(found[Role.CORRECT]),
            separator=_SEPARATOR_WORDS.get(separator.lower(), separator),
            explanation=found.get(Role.EXPLANATION, [""])[0],
            tags=found.get(Role.TAGS, [""])[0],
            id=found.get(Role.ID, [""])[0],
            keys=AnswerKey(keys),
        )

    def spec(self) -> str:
        """The mapping as ``--columns`` text; ``parse`` reads it back."""
        words = {v: k for k, v in _SEPARATOR_WORDS.items()}
        parts = [f"prompt={self.prompt}"]
        parts += [f"choices={c}" for c in self.choices]
        parts += [f"correct={c}" for c in self.correct]
        if self.separator:
            parts.append(f"separator={words.get(self.separator, self.separator)}")
        for role in ("explanation", "tags", "id"):
            if getattr(self, role):
                parts.append(f"{role}={getattr(self, role)}")
        if self.keys is not AnswerKey.AUTO:
            parts.append(f"keys={self.keys.value}")
        return ",".join(parts)

    # -- applied to a header -------------------------------------------------------------------
    def resolve(self, header: Sequence[str]) -> ResolvedColumns:
        """The columns of ``header`` this mapping names; MappingError if one is missing."""
        keys = [column_key(cell) for cell in header]
        taken: dict[int, str] = {}

        def single(role: str, name: str) -> int | None:
            if not name:
                return None
            (index,) = _matches(name, keys, header, glob=False) or (None,)
            if index is None:
                raise MappingError(_no_column(name, header))
            _take(taken, index, role, header)
            return index

        singles = {role: single(role, getattr(self, role)) for role in _SINGLE_ROLES}
        prompt = singles[Role.PROMPT]
        assert prompt is not None  # parse and from_roles always name a prompt

        def several(role: str, names: Iterable[str]) -> tuple[int, ...]:
            out: list[int] = []
            for name in names:
                glob = any(ch in name for ch in "*?[")
                found = _matches(name, keys, header, glob=True)
                if glob:  # a pattern leaves out the columns other roles have
                    found = [i for i in found if taken.get(i, role) == role]
                if not found:
                    if glob:
                        raise MappingError(f'--columns: no other column matches "{name}"')
                    raise MappingError(_no_column(name, header))
                for index in found:
                    if index not in out:
                        _take(taken, index, role, header)
                        out.append(index)
            return tuple(out)

        correct = several(Role.CORRECT, self.correct)
        choices = several(Role.CHOICES, self.choices)
        return ResolvedColumns(
            prompt=prompt,
            choices=choices,
            correct=correct,
            explanation=singles[Role.EXPLANATION],
            tags=singles[Role.TAGS],
            id=singles[Role.ID],
            separator=self.separator,
            keys=self.keys,
        )

    # -- the import dialog: one role per column -------------------------------------------------
    @classmethod
    def from_roles(
        cls,
        header: Sequence[str],
        roles: Sequence[Role],
        separator: str = "",
        keys: AnswerKey = AnswerKey.AUTO,
    ) -> ColumnMapping:
        """The mapping the import dialog shows: ``roles[i]`` is what column ``i`` holds."""
        names: dict[Role, list[int]] = {}
        keys_of = [column_key(cell) for cell in header]
        for index, role in enumerate(roles):
            if role is Role.IGNORE:
                continue
            if not keys_of[index]:
                raise MappingError(
                    f"Column {column_letter(index)} has no name in the header, so it can only "
                    "be ignored."
                )
            if keys_of.count(keys_of[index]) > 1:
                raise MappingError(
                    f"Two columns are called “{header[index].strip()}”: rename one in the "
                    "spreadsheet, or ignore them."
                )
            names.setdefault(role, []).append(index)
        labels = {
            Role.PROMPT: "the column that holds the question (Prompt)",
            Role.CHOICES: "the columns that hold the choices (Choices)",
            Role.CORRECT: "the column that says which choices are right (Correct answer)",
        }
        for role, label in labels.items():
            if role not in names:
                raise MappingError(f"Choose {label}.")
        for role in _SINGLE_ROLES:
            chosen = names.get(role, [])
            if len(chosen) > 1:
                first, second = (header[i].strip() for i in chosen[:2])
                raise MappingError(
                    f"Only one column can be {_ROLE_TITLES[role]}: “{first}” and “{second}” "
                    "both are."
                )
        if len(names[Role.CHOICES]) == 1 and not separator:
            raise MappingError(
                "One column of choices needs a separator (like | or ;) to split its cells into "
                "choices; or choose more columns of choices."
            )

        def name(role: Role) -> str:
            return keys_of[names[role][0]] if role in names else ""

        return cls(
            prompt=name(Role.PROMPT),
            choices=tuple(keys_of[i] for i in names[Role.CHOICES]),
            correct=tuple(keys_of[i] for i in names[Role.CORRECT]),
            separator=separator,
            explanation=name(Role.EXPLANATION),
            tags=name(Role.TAGS),
            id=name(Role.ID),
            keys=keys,
        )

    def roles(self, header: Sequence[str]) -> list[Role]:
        """What each column of ``header`` holds under this mapping (MappingError if it does
        not fit the header)."""
        resolved = self.resolve(header)
        out = [Role.IGNORE] * len(header)
        for role in _SINGLE_ROLES:
            index = getattr(resolved, role.value)
            if index is not None:
                out[index] = role
        for index in resolved.choices:
            out[index] = Role.CHOICES
        for index in resolved.correct:
            out[index] = Role.CORRECT
        return out


_ROLE_TITLES = {
    Role.PROMPT: "Prompt",
    Role.EXPLANATION: "Explanation",
    Role.TAGS: "Tags",
    Role.ID: "Id",
}


def _matches(name: str, keys: Sequence[str], header: Sequence[str], *, glob: bool) -> list[int]:
    key = _pattern_key(name) if glob else column_key(name)
    if not key:
        return []
    if glob and any(ch in key for ch in "*?["):
        return [i for i, k in enumerate(keys) if k and fnmatchcase(k, key)]
    found = [i for i, k in enumerate(keys) if k == key]
    if len(found) > 1:
        raise MappingError(
            f'--columns: {len(found)} columns are called "{header[found[0]].strip()}" '
            f"(columns {', '.join(column_letter(i) for i in found)}): rename one in the "
            "spreadsheet"
        )
    return found


def _take(taken: dict[int, str], index: int, role: str, header: Sequence[str]) -> None:
    if index in taken and taken[index] != role:
        raise MappingError(
            f'--columns: the column "{header[index].strip()}" is both {taken[index]} and {role}'
        )
    taken[index] = role


def _no_column(name: str, header: Sequence[str]) -> str:
    keys = [column_key(c) for c in header]
    close = difflib.get_close_matches(column_key(name), [k for k in keys if k], n=1, cutoff=0.6)
    hint = f' (did you mean "{close[0]}"?)' if close else ""
    names = ", ".join(f'"{c.strip()}"' for c in header if c.strip())
    return f'--columns: no column is called "{name}"{hint}; the header has {names}'


@dataclass(frozen=True, slots=True)
class CsvPreview:
    """The start of a spreadsheet, for the teacher to say which column holds what.

    Attributes:
        header: the cells of the header row, as written.
        rows: the first rows below it (each as long as it is in the file).
        layout: the layout quizapp recognised ("Kahoot spreadsheet", …), or "" if the
            teacher has to map the columns.
        header_line: the line of the file the header is on.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    layout: str
    header_line: int


# -- guesses for the import dialog ----------------------------------------------------------------
_GUESSES: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (Role.ID, re.compile(r"(question_?)?id|qid")),
    (Role.PROMPT, re.compile(r"prompt|question(_?text)?|stem|q")),
    (
        Role.CHOICES,
        re.compile(r"(choice|option|answer|alternative|distractor)s?(_?([a-h]|\d+))?"),
    ),
    (Role.CORRECT, re.compile(r"correct(_?answers?)?|answer(_?key)?|key|solution|right_answer")),
    (Role.EXPLANATION, re.compile(r"explanation|rationale|(general_?)?feedback|reason")),
    (Role.TAGS, re.compile(r"tags?|topics?|categor(y|ies)")),
)


def guess_roles(header: Sequence[str]) -> list[Role]:
    """What each column probably holds, from its name (the first column of each role but
    Choices gets it); the rest ignored. "Answer" alone is the correct answer."""
    keys = [column_key(cell) for cell in header]
    out: list[Role] = []
    for key in keys:
        role = next((r for r, p in _GUESSES if key and p.fullmatch(key)), Role.IGNORE)
        if key == "answer":
            role = Role.CORRECT
        if role is not Role.CHOICES and role in out:
            role = Role.IGNORE
        out.append(role)
    return out


_JOINERS = ("|", "\n", ";")


def guess_separator(cells: Sequence[str]) -> str:
    """What joins the choices in these cells of one column: "|", a line break or ";" (the
    first found in at least half of the filled cells), or "" if none is."""
    filled = [c for c in cells if c.strip()]
    for joiner in _JOINERS:
        if filled and sum(joiner in c for c in filled) * 2 >= len(filled):
            return joiner
    return ""
