"""Aiken files, Moodle's one-line multiple-choice format: reading (as Moodle does) and writing."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from quizapp.core.model import (
    Choice,
    Pack,
    Question,
    QuestionType,
    true_false_choices,
)
from quizapp.core.problems import PackInvalid, Problem
from quizapp.core.words import plural
from quizapp.packs import schema
from quizapp.packs.formats import (
    IMPORTED_FILE_SOURCE,
    ReadResult,
    WriteResult,
    imported_file_source,
    imported_pack_info,
    line_citation,
)
from quizapp.packs.textfile import decode_text

FORMAT_NAME = "Aiken"
MAX_OPTIONS = 26  # the letters A to Z
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# Moodle's own patterns (question/format/aiken/format.php): an option is a capital letter, then
# ")" or ".", and the answer line starts with "ANSWER:" in capitals.
_OPTION = re.compile(r"[A-Z][).]")
_ANSWER = "ANSWER:"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_FLATTEN = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t\r\n]*")
# What PHP's trim() removes; Python's str.strip() would also eat non-breaking and other spaces.
_PHP_TRIM = " \t\n\r\0\x0b"
_TRUE_FALSE = ("true", "false")
_HOW = (
    'an Aiken question is one line of text, then options like "A) ..." on their own lines, '
    'then a line like "ANSWER: A"'
)


# -- reading ---------------------------------------------------------------------------------


@dataclass
class _Draft:
    """A question being read: where it starts, its text and its options."""

    line: int
    text: str
    options: list[tuple[int, str]] = field(default_factory=list)

    @property
    def label(self) -> str:
        shown = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        return f'"{shown}"'


class _Parser:
    """Moodle's line-by-line state machine, keeping quizapp's questions and Moodle's messages."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.draft: _Draft | None = None
        self.questions: list[Question] = []
        self.warnings: list[Problem] = []
        self.ids: set[str] = set()

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Problem(self.name, line, message, severity="warning"))

    def skip(self, draft: _Draft, line: int, message: str) -> None:
        self.warn(line, f"{message}: the question {draft.label} was skipped")

    def feed(self, number: int, raw: str) -> None:
        line = raw.strip(_PHP_TRIM)
        # Moodle skips lines shorter than 2 *bytes* (PHP's strlen), so "é" alone is a line.
        if len(line.encode("utf-8", "surrogatepass")) < 2:
            return
        if _OPTION.match(line):
            if self.draft is None:
                self.warn(number, f"Question not started on line {number}: the option was ignored")
                return
            self.draft.options.append((number, line[2:].strip(_PHP_TRIM)))
        elif line.startswith(_ANSWER):
            if self.draft is None:
                self.warn(number, f"Question not started on line {number}: the line was ignored")
                return
            self.complete(self.draft, number, line)
            self.draft = None
        else:
            if self.draft is not None:
                self.skip(
                    self.draft,
                    number,
                    f"Question not completed before next question start on line {number}",
                )
            self.draft = _Draft(number, line)

    def finish(self) -> None:
        if self.draft is not None:
            # Moodle drops an unfinished last question without a word; a teacher should know.
            self.skip(
                self.draft,
                self.draft.line,
                f"Question not completed before the end of the file (it starts on line "
                f"{self.draft.line} and has no ANSWER line)",
            )
            self.draft = None

    def complete(self, draft: _Draft, number: int, line: str) -> None:
        options = draft.options
        if len(options) < 2:
            self.skip(draft, number, f"Question must have at least 2 answers on line {number}")
            return
        # Only the first character after the colon counts, as in Moodle ("B, D" means "B").
        letter = line[len(_ANSWER) :].strip(_PHP_TRIM)[:1]
        index = _LETTERS.find(letter) if letter else -1
        if not 0 <= index < len(options):
            # Moodle saves such a question with no correct answer; quizapp cannot ask it.
            shown = f'"{letter}"' if letter else "nothing"
            self.skip(
                draft,
                number,
                f"ANSWER on line {number} gives {shown}, which is not one of the options "
                f"(A to {_LETTERS[len(options) - 1]})",
            )
            return
        for option_line, text in options:
            if not text:
                self.skip(draft, option_line, f"Option on line {option_line} has no text")
                return
            if len(text) > schema.LIMITS["choice"]:
                self.skip(
                    draft,
                    option_line,
                    f"Option on line {option_line} is {len(text):,} characters long "
                    f"(quizapp's limit is {schema.LIMITS['choice']:,})",
                )
                return
        if len(options) > schema.MAX_CHOICES:
            self.skip(
                draft,
                draft.line,
                f"Question on line {draft.line} has {len(options)} options "
                f"(quizapp allows at most {schema.MAX_CHOICES})",
            )
            return
        if len(draft.text) > schema.LIMITS["prompt"]:
            self.skip(
                draft,
                draft.line,
                f"Question text on line {draft.line} is {len(draft.text):,} characters long "
                f"(quizapp's limit is {schema.LIMITS['prompt']:,})",
            )
            return
        self.questions.append(_question(self.question_id(draft), draft, index))

    def question_id(self, draft: _Draft) -> str:
        """The question text as a slug, as the GIFT reader makes them; unique in the pack."""
        ascii_text = unicodedata.normalize("NFKD", draft.text).encode("ascii", "ignore").decode()
        slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
        base = slug[: schema.LIMITS["id"]].strip("-") or f"q-line-{draft.line}"
        ident, n = base, 1
        while ident in self.ids:
            n += 1
            suffix = f"-{n}"
            ident = base[: schema.LIMITS["id"] - len(suffix)] + suffix
        self.ids.add(ident)
        return ident


def _question(ident: str, draft: _Draft, correct: int) -> Question:
    texts = [text for _, text in draft.options]
    if sorted(t.casefold() for t in texts) == sorted(_TRUE_FALSE):
        # Two options True and False (in any order or case) are a true/false question.
        answer = texts[correct].casefold() == "true"
        qtype = QuestionType.TRUE_FALSE
        choices: tuple[Choice, ...] = true_false_choices(answer)
    else:
        qtype = QuestionType.MULTIPLE_CHOICE
        choices = tuple(Choice(text, i == correct) for i, text in enumerate(texts))
    return Question(
        id=ident,
        type=qtype,
        prompt=draft.text,
        choices=choices,
        explanation="",
        citations=(line_citation(draft.line),),
    )


def read_aiken(data: bytes, name: str) -> ReadResult:
    """Read an Aiken file. Bad questions are skipped with Moodle's warning; the rest import.

    Raises PackInvalid when the file cannot be read as text or holds no good question.
    """
    text = decode_text(data, name, schema.MAX_FILE_BYTES, "an Aiken file")
    parser = _Parser(name)
    for number, raw in enumerate(_LINE_BREAK.split(text), start=1):
        parser.feed(number, raw)
    parser.finish()
    if not parser.questions:
        raise PackInvalid(
            [
                Problem(name, None, f"has no question that could be imported: {_HOW}"),
                *(replace(w, severity="error") for w in parser.warnings),
            ]
        )
    pack = Pack(
        info=imported_pack_info(name, "Aiken"),
        sources=(imported_file_source(name, FORMAT_NAME),),
        questions=tuple(parser.questions),
    )
    return ReadResult(pack, tuple(parser.warnings))


# -- writing ---------------------------------------------------------------------------------


def _flatten(text: str) -> str:
    return _FLATTEN.sub(" ", text).strip(_PHP_TRIM)


def _has_break(text: str) -> bool:
    return _LINE_BREAK.search(text.strip(_PHP_TRIM)) is not None


def _block(q: Question) -> tuple[list[str], list[str]]:
    """The lines of one question in Aiken, and what was changed or why it was skipped.

    An empty list of lines means the question cannot be written.
    """
    skipped = f'question "{q.id}" skipped'
    if q.type is QuestionType.MULTIPLE_RESPONSE:
        reason = "Aiken has no multiple-response questions (it marks exactly one answer correct)"
        return [], [f"{skipped}: {reason}"]
    if len(q.choices) > MAX_OPTIONS:
        return [], [f"{skipped}: it has {len(q.choices)} choices and Aiken allows at most 26"]
    if len(q.choices) < 2:
        return [], [f"{skipped}: Aiken questions need at least 2 choices"]
    if len(q.correct_indexes) != 1:
        return [], [f"{skipped}: Aiken questions need exactly one correct choice"]
    notes = []
    prompt = _flatten(q.prompt)
    if _has_break(q.prompt):
        notes.append(
            f'question "{q.id}": the line breaks in its prompt were replaced by spaces '
            "(an Aiken question is one line)"
        )
    if len(prompt.encode("utf-8", "surrogatepass")) < 2:
        return [], [f"{skipped}: its prompt is shorter than the 2 characters Aiken needs"]
    if _OPTION.match(prompt) or prompt.startswith(_ANSWER):
        answer = prompt.startswith(_ANSWER)
        start, kind = (_ANSWER, "the answer line") if answer else (prompt[:2], "an option")
        return [], [f'{skipped}: its prompt starts with "{start}", which Aiken reads as {kind}']
    texts = [_flatten(c.text) for c in q.choices]
    if any(not t for t in texts):
        return [], [f"{skipped}: one of its choices is empty"]
    if any(_has_break(c.text) for c in q.choices):
        notes.append(
            f'question "{q.id}": the line breaks in its choices were replaced by spaces '
            "(an Aiken option is one line)"
        )
    lines = [prompt]
    lines += [f"{_LETTERS[i]}) {text}" for i, text in enumerate(texts)]
    lines.append(f"ANSWER: {_LETTERS[q.correct_indexes[0]]}")
    return lines, notes


def _losses(questions: list[Question]) -> list[str]:
    """One sentence for each kind of content Aiken has no place for."""
    kinds = {
        "explanations": sum(1 for q in questions if q.explanation.strip()),
        "feedback": sum(1 for q in questions if any(c.feedback.strip() for c in q.choices)),
        "sources": sum(
            1 for q in questions if any(c.source != IMPORTED_FILE_SOURCE for c in q.citations)
        ),
        "images": sum(
            1
            for q in questions
            if q.image is not None or any(c.image is not None for c in q.choices)
        ),
        "tags": sum(1 for q in questions if q.tags),
        "difficulty": sum(1 for q in questions if q.difficulty is not None),
    }
    return [
        f"{kind} of {plural(n, 'question')} left out: Aiken has no place for "
        + ("it" if kind in ("feedback", "difficulty") else "them")
        for kind, n in kinds.items()
        if n
    ]


def write_aiken(pack: Pack, images: dict[str, bytes]) -> WriteResult:
    """Write a pack as an Aiken file (UTF-8, one blank line between questions).

    Multiple-choice and true/false questions are written; what Aiken cannot hold is listed
    in the warnings: skipped questions one by one, lost content once per kind.
    """
    blocks: list[str] = []
    warnings: list[str] = []
    written: list[Question] = []
    for q in pack.questions:
        lines, notes = _block(q)
        warnings += notes
        if lines:
            blocks.append("\n".join(lines))
            written.append(q)
    warnings += _losses(written)
    if not blocks:
        warnings.append("no question could be written in Aiken")
        return WriteResult(b"", tuple(warnings))
    return WriteResult(("\n\n".join(blocks) + "\n").encode("utf-8"), tuple(warnings))
