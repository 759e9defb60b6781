"""Aiken files, Moodle's one-line multiple-choice format: reading (as Moodle does) and writing."""

from __future__ import annotations

import re
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
from quizapp.packs import ids, schema
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
# Some files write options as "A Jupiter". Moodle reads such a line as a new question, so quizapp
# only takes it for an option when the whole file is unambiguous (see _lettering).
_BARE_OPTION = re.compile(r"[A-Z][ \t]")
_ANSWER = "ANSWER:"
_ANSWER_LETTER = re.compile(r"ANSWER:[ \t]*[A-Z]")
# "ANSWER: A, C", "A C", "A;C", "A and C": several letters, for a select-all-that-apply question.
_SEPARATOR = r"(?:[ \t]*[,;&][ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+|[ \t]+)"
_SEVERAL_LETTERS = re.compile(rf"[A-Z](?:{_SEPARATOR}[A-Z])+")
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


def _content_lines(text: str) -> list[tuple[int, str]]:
    """The lines Moodle reads, trimmed, with their numbers (as an editor counts them)."""
    lines = []
    for number, raw in enumerate(_LINE_BREAK.split(text), start=1):
        line = raw.strip(_PHP_TRIM)
        # Moodle skips lines shorter than 2 *bytes* (PHP's strlen), so "é" alone is a line.
        if len(line.encode("utf-8", "surrogatepass")) >= 2:
            lines.append((number, line))
    return lines


def _is_bare_option(line: str) -> bool:
    return _BARE_OPTION.match(line) is not None


@dataclass(frozen=True, slots=True)
class _Lettering:
    """How a file writes its options, found before reading it.

    Attributes:
        bare: read "A Jupiter" as an option: the file writes some options that way, and every
            question is one line, then options lettered A, B, C… in order, then an ANSWER line.
        example: the first option written "A Jupiter" right after a question (line, text),
            so that the teacher is told what to change; None if there is none.
        complete_example: whether such an option is in a question that has its ANSWER line.
        unclear: where the first question that is not written that way starts (or its ANSWER
            line, if nothing comes before it), which is why ``bare`` is False.
    """

    bare: bool = False
    example: tuple[int, str] | None = None
    complete_example: bool = False
    unclear: int | None = None


def _writes_bare_options(lines: list[tuple[int, str]]) -> bool:
    """Whether a line that is not the first of a question starts like "A Jupiter"."""
    previous = _ANSWER
    for _, line in lines:
        if _BARE_OPTION.match(line) and not previous.startswith(_ANSWER):
            return True
        previous = line
    return False


def _is_clear(group: list[tuple[int, str]]) -> bool:
    """Whether a question's lines (before its ANSWER) are its text, then options A, B, C…"""
    options = [line for _, line in group[1:]]
    return (
        len(options) >= 2
        and not _OPTION.match(group[0][1])
        and all(
            i < len(_LETTERS) and (_OPTION.match(o) or _is_bare_option(o)) and o[0] == _LETTERS[i]
            for i, o in enumerate(options)
        )
    )


def _lettering(lines: list[tuple[int, str]]) -> _Lettering:
    if not _writes_bare_options(lines):  # most files: no need to look at each question
        return _Lettering()
    # Each question: the lines before its ANSWER line, and that line's number (None: no ANSWER).
    questions: list[tuple[list[tuple[int, str]], int | None]] = []
    group: list[tuple[int, str]] = []
    for number, line in lines:
        if line.startswith(_ANSWER):
            questions.append((group, number))
            group = []
        else:
            group.append((number, line))
    if group:
        questions.append((group, None))
    example: tuple[int, str] | None = None
    complete_example = False
    unclear: int | None = None
    for group, answer in questions:
        if unclear is None and (answer is None or not _is_clear(group)):
            unclear = group[0][0] if group else answer
        options = [line for _, line in group[1:3]]
        opens_bare = (
            [o[0] for o in options] == ["A", "B"]
            and all(_is_bare_option(o) for o in options)
            and not _OPTION.match(group[0][1])
        )
        if opens_bare:
            example = example or group[1]
            complete_example = complete_example or answer is not None
    return _Lettering(unclear is None, example, complete_example, unclear)


def looks_like_aiken(data: bytes) -> bool:
    """Whether a file's start (e.g. its first 64 KiB) reads as Aiken rather than GIFT: it has an
    ANSWER line and options "A) …"/"A. …", or a question with options written "A …", "B …"
    and its ANSWER line."""
    lines = _content_lines(data.decode("utf-8", "replace").removeprefix("\ufeff"))
    if not any(_ANSWER_LETTER.match(line) for _, line in lines):
        return False
    if any(_OPTION.match(line) for _, line in lines):
        return True
    return _lettering(lines).complete_example


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _lettering_fix(example: tuple[int, str]) -> str:
    """What to change in a file that writes its options "A Jupiter"."""
    written = example[1]
    letter, text = written[0], _clip(written[2:].strip(_PHP_TRIM))
    return (
        f'options must be written "{letter}) {text}" or "{letter}. {text}"; '
        f'this file writes "{_clip(written)}"'
    )


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


def _answer_letters(answer: str) -> list[str]:
    """The letters an ANSWER line gives (what follows "ANSWER:", trimmed), in order, once each.

    One letter, as in Moodle, is the first character whatever follows it ("B (Paris)" is B);
    a list of letters ("A, C", "A C", "A and C") gives them all.
    """
    listed = answer.rstrip(" .")
    if _SEVERAL_LETTERS.fullmatch(listed):
        return list(dict.fromkeys(re.findall("[A-Z]", listed)))
    return [answer[:1]] if answer else []


class _Parser:
    """Moodle's line-by-line state machine, keeping quizapp's questions and Moodle's messages."""

    def __init__(self, name: str, *, bare: bool = False) -> None:
        self.name = name
        self.bare = bare  # read "A Jupiter" as an option (see _Lettering)
        self.draft: _Draft | None = None
        self.questions: list[Question] = []
        self.lines: dict[str, int] = {}
        self.warnings: list[Problem] = []
        self.ids = ids.UniqueIds()

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Problem(self.name, line, message, severity="warning"))

    def skip(self, draft: _Draft, line: int, message: str) -> None:
        self.warn(line, f"{message}: the question {draft.label} was skipped")

    def is_option(self, line: str) -> bool:
        if _OPTION.match(line):
            return True
        draft = self.draft
        return (
            self.bare
            and draft is not None
            and len(draft.options) < len(_LETTERS)
            and _is_bare_option(line)
            and line[0] == _LETTERS[len(draft.options)]
        )

    def feed(self, number: int, line: str) -> None:
        """Read one trimmed line of at least 2 bytes."""
        if self.is_option(line):
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
        """The question ``draft`` with the answer line ``line`` (line ``number``)."""
        # quizapp's limits (length of texts, number of choices) are checked for every format
        # at once by packs.validate, which names the line given in self.lines.
        options = draft.options
        if len(options) < 2:
            self.skip(draft, number, f"Question must have at least 2 answers on line {number}")
            return
        letters = _answer_letters(line[len(_ANSWER) :].strip(_PHP_TRIM))
        wrong = [a for a in letters if not 0 <= _LETTERS.find(a) < len(options)]
        if wrong or not letters:
            # Moodle saves such a question with no correct answer; quizapp cannot ask it.
            shown = ", ".join(f'"{a}"' for a in wrong) or "nothing"
            which = "which is not one of" if len(wrong) < 2 else "which are not among"
            self.skip(
                draft,
                number,
                f"ANSWER on line {number} gives {shown}, {which} the options "
                f"(A to {_LETTERS[min(len(options), 26) - 1]})",
            )
            return
        for option_line, text in options:
            if not text:
                self.skip(draft, option_line, f"Option on line {option_line} has no text")
                return
        if len(letters) > 1:
            self.warn(
                number,
                f"ANSWER on line {number} gives {plural(len(letters), 'letter')} "
                f"({', '.join(letters)}): the question {draft.label} was imported as a "
                f"select-all-that-apply question (Moodle would mark only {letters[0]} correct)",
            )
        ident = self.question_id(draft)
        self.questions.append(_question(ident, draft, {_LETTERS.index(a) for a in letters}))
        self.lines[ident] = draft.line

    def question_id(self, draft: _Draft) -> str:
        """The question text as a slug, as the GIFT reader makes them; unique in the pack.

        A repeat gets the next number after its text's last one ("-2", "-3"…), so that a file
        of thousands of repeats takes no longer than one of different questions.
        """
        return self.ids.take(ids.slug(draft.text) or f"q-line-{draft.line}")


def _question(ident: str, draft: _Draft, correct: set[int]) -> Question:
    texts = [text for _, text in draft.options]
    if len(correct) > 1:
        qtype = QuestionType.MULTIPLE_RESPONSE
        choices: tuple[Choice, ...] = tuple(
            Choice(text, i in correct) for i, text in enumerate(texts)
        )
    elif len(texts) == 2 and sorted(t.casefold() for t in texts) == sorted(_TRUE_FALSE):
        # Two options True and False (in any order or case) are a true/false question.
        answer = texts[min(correct)].casefold() == "true"
        qtype = QuestionType.TRUE_FALSE
        choices = true_false_choices(answer)
    else:
        qtype = QuestionType.MULTIPLE_CHOICE
        choices = tuple(Choice(text, i in correct) for i, text in enumerate(texts))
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

    Options written "A Jupiter" (no ")" or ".") are read when every question of the file is
    unambiguous, with one warning that says how to write them for Moodle; otherwise the file is
    read as Moodle reads it, and the same sentence comes first among the warnings.

    Raises PackInvalid when the file cannot be read as text or holds no good question.
    """
    text = decode_text(data, name, schema.MAX_FILE_BYTES, "an Aiken file")
    lines = _content_lines(text)
    lettering = _lettering(lines)
    parser = _Parser(name, bare=lettering.bare)
    for number, line in lines:
        parser.feed(number, line)
    parser.finish()
    warnings = parser.warnings
    if lettering.example is not None:
        fix = _lettering_fix(lettering.example)
        if lettering.bare:
            fix += (
                ": quizapp read such lines as options, but Moodle would not import them "
                '(it needs ")" or "." after the letter)'
            )
        else:
            fix += (
                " (quizapp reads options written that way only when every question is one "
                "line, then its options lettered A, B, C… in order, then an ANSWER line; "
                f"the question on line {lettering.unclear} is not)"
            )
        warnings.insert(0, Problem(name, lettering.example[0], fix, severity="warning"))
    if not parser.questions:
        raise PackInvalid(
            [
                Problem(name, None, f"has no question that could be imported: {_HOW}"),
                *(replace(w, severity="error") for w in warnings),
            ]
        )
    pack = Pack(
        info=imported_pack_info(name, "Aiken"),
        sources=(imported_file_source(name, FORMAT_NAME),),
        questions=tuple(parser.questions),
    )
    return ReadResult(pack, tuple(warnings), lines=parser.lines)


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
