"""Moodle GIFT files: a Moodle-compatible parser, and reading and writing quizapp packs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import Enum
from typing import Literal

from quizapp.core.model import (
    Choice,
    Pack,
    Question,
    QuestionType,
    true_false_choices,
)
from quizapp.core.problems import PackInvalid, Problem
from quizapp.packs import formats, ids, moodle_grades, schema
from quizapp.packs.textfile import decode_text

TextFormat = Literal["moodle", "html", "plain", "markdown"]
ItemKind = Literal[
    "multichoice",
    "truefalse",
    "shortanswer",
    "numerical",
    "match",
    "essay",
    "description",
    "category",
]


class Reading(Enum):
    """Whose reading of a GIFT file: Moodle's exactly, or quizapp's (see ``parse_gift``).

    quizapp reads a file that Moodle reads well as Moodle does; where Moodle would garble a
    question (or might: braces besides the answers'), quizapp reads it as the teacher meant
    or skips it, and says so at the line.
    """

    MOODLE = "moodle"
    QUIZAPP = "quizapp"


# -- what Moodle sees in a GIFT file ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GiftAnswer:
    """One answer of a GIFT question, as Moodle reads it.

    Attributes:
        text: the answer (for matching questions, the sub-question on the left of ``->``).
        format: the answer's text format.
        fraction: the credit it gives, 1.0 for 100 % (0.0 for matching questions).
        feedback: what a learner who gives this answer is told.
        feedback_format: the feedback's text format.
        tolerance: numerical questions: the accepted error (None for the catch-all ``*``).
        match: matching questions: the answer on the right of ``->``.
    """

    text: str
    format: TextFormat = "moodle"
    fraction: float = 0.0
    feedback: str = ""
    feedback_format: TextFormat = "moodle"
    tolerance: float | None = None
    match: str = ""


@dataclass(frozen=True, slots=True)
class GiftItem:
    """A question (or a ``$CATEGORY:`` line) of a GIFT file, as Moodle reads it.

    Attributes:
        line: the block's first line that is not a ``//`` comment (1-based).
        kind: Moodle's question type, or "category".
        name: the name given as ``::name::``, or "" (Moodle then names it after its text,
            see ``moodle_name``).
        text: the question text, escapes resolved, format tag removed; a missing-word
            question has ``_____`` where its answers were.
        text_format: the format tag of the question text ("moodle" when there is none).
        answers: multichoice, shortanswer, numerical and match answers, in file order.
        single: multichoice: True when one answer is to be picked (an unescaped ``=``).
        correct: truefalse: the correct answer.
        feedback_true: truefalse: shown to a learner who answers True.
        feedback_false: truefalse: shown to a learner who answers False.
        general_feedback: the text after ``####``, shown to every learner.
        category: for a "category" item, the category path.
        idnumber: from a ``// [id:...]`` comment, or None.
        tags: from ``// [tag:...]`` comments.
    """

    line: int
    kind: ItemKind
    name: str = ""
    text: str = ""
    text_format: TextFormat = "moodle"
    answers: tuple[GiftAnswer, ...] = ()
    single: bool = False
    correct: bool = False
    feedback_true: str = ""
    feedback_true_format: TextFormat = "moodle"
    feedback_false: str = ""
    feedback_false_format: TextFormat = "moodle"
    general_feedback: str = ""
    general_feedback_format: TextFormat = "moodle"
    category: str = ""
    idnumber: str | None = None
    tags: tuple[str, ...] = ()

    @property
    def moodle_name(self) -> str:
        """The name Moodle gives the question: its own, else the start of its text."""
        if self.name:
            return self.name
        text = _visible(self.text)
        if len(text) > 80:
            text = text[:77].rstrip() + "..."
        return text or "Question name"


@dataclass(frozen=True, slots=True)
class GiftError:
    """A block Moodle refuses, with Moodle's message; or, among ``GiftParse.notes``, what
    the teacher should know where quizapp reads the file otherwise than Moodle.

    Attributes:
        line: the line it is about (1-based).
        message: Moodle's message (or the note).
        hint: quizapp's reading only: what in the file causes the error, and how to fix it.
    """

    line: int
    message: str
    hint: str = ""


@dataclass(frozen=True, slots=True)
class GiftParse:
    """Everything in a GIFT file.

    Attributes:
        items: questions and categories in file order, including questions whose
            grades fail Moodle's check (their error is in ``errors``).
        errors: parse and grade errors; Moodle imports nothing when there is any.
        notes: quizapp's reading only: where it reads the file otherwise than Moodle (a
            question skipped rather than garbled, TeX read as written...), one note a line.
    """

    items: tuple[GiftItem, ...] = ()
    errors: tuple[GiftError, ...] = ()
    notes: tuple[GiftError, ...] = ()


# Moodle's messages (lang/en/qformat_gift.php, lang/en/question.php).
BRACE_ERROR = "Could not find {...} around answers"
NOT_ENOUGH_ANSWERS = (
    "There is an error in the question. There are not enough answers for this question type"
)
NO_NUMERICAL_ANSWERS = "No answers found for numerical question"
# Moodle 4.5 looks this string up in the wrong component and shows "[[errornotnumbers]]";
# this is the text it means (mod_quiz's errornotnumbers).
NOT_NUMBERS = "Error - answers must be numeric"
BAD_MATCHING = "Matching question answers are improperly formatted"
NOT_UTF8 = (
    "The file you selected does not use UTF-8 character encoding. GIFT format files must use UTF-8."
)

# PHP's trim() removes exactly these; Python's strip() would also eat \f, \x1c-\x1f, \x85...
_PHP_SPACE = " \t\n\r\0\x0b"
_FORMATS: dict[str, TextFormat] = {
    "moodle": "moodle",
    "html": "html",
    "plain": "plain",
    "markdown": "markdown",
}
# Escapes Moodle resolves; any other backslash stays as it is.
_ESCAPE = re.compile(r"\\[\\:#={}~n]")
_UNESCAPED = {"\\" + c: c for c in "\\:#={}~"} | {"\\n": "\n"}
# An escape is hidden behind two characters that mean nothing to GIFT and are not space.
_MASK = "\x01\x01"
# quizapp's reading hides what is inside TeX behind this (escapes there stay _MASK when
# they are to be resolved); see _tex_text.
_LITERAL = "\x02"
_WEIGHT = re.compile(r"%-*[0-9]{1,2}\.?[0-9]*%")
_ID_TOKEN = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")
_TAG_TOKEN = re.compile(r"\[tag:((?:\\\]|[^\]<>`\x00-\x1f\x7f])+)\]")
_HTML_TAG = re.compile(r"<[^>]*>")
_PHP_NUMBER = r"[ \t\n\r\v\f]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_NUMERIC = re.compile(_PHP_NUMBER + r"[ \t\n\r\v\f]*")
_LEADING_NUMBER = re.compile(_PHP_NUMBER)
_EXACT_GRADES = frozenset((*moodle_grades.GRADES, *(-g for g in moodle_grades.GRADES)))
_GRADED_KINDS = frozenset({"multichoice", "shortanswer", "numerical"})


class _Text:
    """A piece of a block as written (``raw``) and with its escapes blanked out (``masked``).

    Both have the same length, so a position found in ``masked``, where an escaped ``\\{``
    can never pass for syntax, cuts ``raw`` at the same place; no cut ever splits an escape.
    ``at`` is where the piece starts in its block, so that a position can be given a line.
    Never changed once made (a plain class: a file makes hundreds of thousands of them).
    """

    __slots__ = ("at", "masked", "raw")

    def __init__(self, raw: str, masked: str, at: int = 0) -> None:
        self.raw = raw
        self.masked = masked
        self.at = at

    @classmethod
    def of(cls, raw: str) -> _Text:
        return cls(raw, _ESCAPE.sub(_MASK, raw))

    @classmethod
    def join(cls, separator: str, parts: list[_Text]) -> _Text:
        return cls(separator.join(p.raw for p in parts), separator.join(p.masked for p in parts))

    def __getitem__(self, index: slice) -> _Text:
        start = index.start or 0
        if start < 0:
            start = max(0, len(self.raw) + start)
        return _Text(self.raw[index], self.masked[index], self.at + min(start, len(self.raw)))

    def __add__(self, other: _Text) -> _Text:
        return _Text(self.raw + other.raw, self.masked + other.masked)

    def find(self, sub: str) -> int:
        return self.masked.find(sub)

    def strip(self) -> _Text:
        masked = self.masked
        if not masked or (masked[0] not in _PHP_SPACE and masked[-1] not in _PHP_SPACE):
            return self
        left = masked.lstrip(_PHP_SPACE)
        start = len(self.masked) - len(left)
        return self[start : start + len(left.rstrip(_PHP_SPACE))]

    def split(self, separator: str, maxsplit: int = -1) -> list[_Text]:
        out = []
        at = 0
        for part in self.masked.split(separator, maxsplit):
            out.append(_Text(self.raw[at : at + len(part)], part, self.at + at))
            at += len(part) + len(separator)
        return out

    def replace(self, old: str, new: str) -> _Text:
        return _Text.join(new, self.split(old))

    @property
    def empty(self) -> bool:
        """PHP's empty(): "" and "0" are empty."""
        return self.masked in ("", "0")

    @property
    def value(self) -> str:
        """The text with its escapes resolved (but those in TeX that is taken as written)."""
        if "\\" not in self.raw:
            return self.raw
        if _LITERAL not in self.masked:
            return _ESCAPE.sub(lambda m: _UNESCAPED[m.group()], self.raw)
        return _ESCAPE.sub(self._resolve, self.raw)

    def _resolve(self, escape: re.Match[str]) -> str:
        if self.masked[escape.start()] == _LITERAL:
            return escape.group()
        return _UNESCAPED[escape.group()]


_NOTHING = _Text("", "")
_BLANK = _Text("_____", "_____")
_CATEGORY = "$CATEGORY:"


class _Refused(Exception):
    """Moodle refuses the block being read; the message is Moodle's."""


class _Unbalanced(_Refused):
    """A ``{`` without its ``}`` (``opening``), or a ``}`` without its ``{``, at ``brace_line``."""

    def __init__(self, opening: bool, brace_line: int) -> None:
        super().__init__(BRACE_ERROR)
        self.opening = opening
        self.brace_line = brace_line


class _Skipped(Exception):
    """quizapp's reading skips the block being read, which Moodle would garble; the message
    says why."""


# A GIFT file as Moodle 4.5 reads it (question/format/gift/format.php):
#   file    = block { blank-line block }       a blank line is empty after trimming, or "0"
#   block   = { "//" comment-line } ( "$CATEGORY:" path | [ "::" name "::" ] text [ answers ] )
#   answers = the first "{" ... the first "}", then more text (a missing-word question);
#             inside, the last "####" starts the general feedback and the rest decides the
#             question's type, each type splitting its answers its own way.
# Escapes (\\ \: \# \= \{ \} \~ \n) are resolved last: _Text keeps them out of the way.
#
# quizapp's reading (Reading.QUIZAPP) differs only where Moodle would garble a question, and
# notes each difference at its line:
#   - a "$CATEGORY:" line is the whole category; the lines after it are the next block.
#   - TeX between $ $, $$ $$, \( \) or \[ \] (on one line, with its braces in pairs and no
#     ~ or #) is text: its { } and = are not GIFT syntax. A teacher who leaves TeX braces
#     unescaped writes plain TeX, so in such a question TeX is taken exactly as written
#     (\\ is TeX's line break, \neq its "not equal"), except TeX that uses GIFT's escapes.
#   - other braces besides the answers' skip the question (Moodle would garble it).
#   - a weight under -100 % is a penalty of a whole mark, not a grade error.
#   - a "{...} around answers" error caused by a blank line inside the braces names it.


def parse_gift(text: str, reading: Reading = Reading.MOODLE) -> GiftParse:
    """Read GIFT text as Moodle 4.5 does (or as quizapp does, see above); never raises.

    Blocks are separated by blank lines (a line that is just ``0`` counts as blank, as
    PHP's empty() says); each block is a category, a question, or an error.
    """
    lines = _lines(text)
    items: list[GiftItem] = []
    errors: list[GiftError] = []
    notes: list[GiftError] = []
    braces: list[_Braces] = []
    blocks = _blocks(lines)
    if reading is Reading.QUIZAPP:
        blocks = _one_line_categories(blocks, notes)
    for first, block in blocks:
        last = first + len(block) - 1
        try:
            item, tex = _read_block(first, block, reading)
        except _Unbalanced as e:
            errors.append(GiftError(_first_content_line(first, block), str(e)))
            braces.append(_Braces(first, last, e.opening, e.brace_line, len(errors) - 1))
            continue
        except (_Refused, _Skipped) as e:
            problem = GiftError(_first_content_line(first, block), str(e))
            (notes if isinstance(e, _Skipped) else errors).append(problem)
            braces.append(_Braces(first, last))
            continue
        if item is not None:
            items.append(item)
            if item.kind not in ("category", "description"):
                braces.append(_Braces(first, last))
            if tex:
                notes.append(GiftError(item.line, _tex_note(item, tex)))
    errors.extend(_grade_errors(items, reading))
    if reading is Reading.QUIZAPP:
        _hint_blank_lines(errors, braces, lines)
    errors.sort(key=lambda e: e.line)
    notes.sort(key=lambda n: n.line)
    return GiftParse(tuple(items), tuple(errors), tuple(notes))


def _visible(text: str) -> str:
    """Text without HTML tags, on one line."""
    return " ".join(_HTML_TAG.sub(" ", text).split())


def _lines(text: str) -> list[str]:
    if text.startswith("\ufeff"):
        text = text[1:]
    # A file with old Mac line ends (CR only) reaches Moodle as a single line.
    if "\n" not in text and "\r" in text:
        return text.split("\r")
    return text.split("\n")


def _blocks(lines: list[str]) -> Iterator[tuple[int, list[str]]]:
    """Each block's first line number and its trimmed lines."""
    block: list[str] = []
    first = 0
    for number, line in enumerate(lines, 1):
        line = line.strip(_PHP_SPACE)
        if line in ("", "0"):
            if block:
                yield first, block
                block = []
        else:
            if not block:
                first = number
            block.append(line)
    if block:
        yield first, block


def _one_line_categories(
    blocks: Iterator[tuple[int, list[str]]], notes: list[GiftError]
) -> Iterator[tuple[int, list[str]]]:
    """The blocks with each ``$CATEGORY:`` line ending its own, noting where Moodle would
    take the lines after it for part of the category's name."""
    for first, lines in blocks:
        while True:
            at = next((i for i, line in enumerate(lines) if not line.startswith("//")), None)
            if at is None or not lines[at].startswith(_CATEGORY) or at + 1 == len(lines):
                yield first, lines
                break
            yield first, lines[: at + 1]
            rest = [i for i, line in enumerate(lines) if i > at and not line.startswith("//")]
            if rest:
                after = lines[rest[0]]
                read_as = "a category" if after.startswith(_CATEGORY) else "a question"
                notes.append(
                    GiftError(
                        first + at,
                        "add a blank line after this category line: quizapp reads line "
                        f"{first + rest[0]} as {read_as}, but Moodle would take it for part of "
                        "the category's name",
                    )
                )
            first, lines = first + at + 1, lines[at + 1 :]


def _first_content_line(first: int, lines: list[str]) -> int:
    for offset, line in enumerate(lines):
        if not line.startswith("//"):
            return first + offset
    return first


def _read_block(
    first: int, lines: list[str], reading: Reading
) -> tuple[GiftItem | None, list[_Tex]]:
    """The block's item, and (quizapp's reading) the TeX in it that Moodle reads otherwise."""
    # Comment lines leave a blank in place; they are kept only for [id:] and [tag:].
    comments = "\n".join(line for line in lines if line.startswith("//"))
    body = "\n".join(" " if line.startswith("//") else line for line in lines)
    whole = _Text.of(body)
    block = whole.strip()
    if not block.raw:
        return None, []
    line = _first_content_line(first, lines)
    if block.masked.startswith(_CATEGORY):
        category = block[len(_CATEGORY) :].value.strip(_PHP_SPACE)
        return GiftItem(line, "category", category=category), []
    idnumber, tags = _id_and_tags(comments)
    tex: list[_Tex] = []
    if reading is Reading.QUIZAPP:
        with_tex, tex = _tex_text(whole)
        block = with_tex.strip()

    def line_of(position: int) -> int:
        return first + body.count("\n", 0, block.at + position)

    name = ""
    if block.masked.startswith("::"):
        block = block[2:]
        end = block.find("::")
        if end >= 0:
            name = block[:end].value.strip(_PHP_SPACE)
            block = block[end + 2 :].strip()
        # Without the closing "::" only the opening one goes, and Moodle names the
        # question after its text.

    start, end = block.find("{"), block.find("}")
    if start < 0 and end < 0:
        text, text_format = _with_format(block, "moodle")
        item = GiftItem(line, "description", name, text, text_format, idnumber=idnumber, tags=tags)
        return item, []
    if start < 0 or end < start:
        # When the first "}" comes before the first "{", Moodle cuts the question out of
        # the wrong places; quizapp refuses it as a missing brace.
        raise _Unbalanced(end < 0, line_of(start if end < 0 else end))
    if reading is Reading.QUIZAPP and (block.masked.count("{") > 1 or block.masked.count("}") > 1):
        where = sorted({line_of(i) for i, c in enumerate(block.masked) if c in "{}"})
        label = _label(GiftItem(line, "description", name, _visible(block.value)))
        raise _Skipped(
            f"question {label} skipped: it has braces besides those around its answers "
            f"({_lines_named(where)}), which would garble it: write a brace that is text as "
            "\\{ or \\}, and TeX between $ $ or \\( \\) with its braces in pairs; if these are "
            "two questions, put a blank line between them"
        )
    answer = block[start + 1 : end].strip()
    # Text after the answers makes a missing-word question: the answers leave a blank.
    filler = _NOTHING if block.masked.endswith("}") else _BLANK
    text, text_format = _with_format(block[:start] + filler + block[end + 1 :], "moodle")

    general = _NOTHING
    gf_at = answer.masked.rfind("####")
    if gf_at >= 0:
        general = answer[gf_at + 4 :]
        answer = answer[:gf_at].strip()
    general_text, general_format = _with_format(general, text_format)

    item = GiftItem(
        line,
        _kind(answer),
        name,
        text,
        text_format,
        general_feedback=general_text,
        general_feedback_format=general_format,
        idnumber=idnumber,
        tags=tags,
    )
    read_answers = _ANSWER_READERS.get(item.kind)
    item = read_answers(item, answer) if read_answers else item
    return item, _misread(tex, (block.at + start, answer.at + len(answer.raw)))


def _lines_named(numbers: list[int]) -> str:
    """``line 4``, ``lines 1 and 4``, ``lines 1, 4 and 5``."""
    if len(numbers) == 1:
        return f"line {numbers[0]}"
    return "lines " + _listed([str(n) for n in numbers])


def _listed(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


# -- TeX (quizapp's reading) -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Tex:
    """A TeX span of a block: its text as written, where it is, and what Moodle sees in it.

    Attributes:
        start, end: where it is in the block, delimiters included.
        syntax: the GIFT characters among ``{ } =`` it holds unescaped.
        kept: the escapes Moodle would resolve in it are kept as written (plain TeX).
    """

    text: str
    start: int
    end: int
    syntax: str
    kept: bool


_TEX_SPACE = frozenset(_PHP_SPACE + "\f")
_TEX_START = re.compile(r"\$|\\[(\[]")
# Escapes a teacher writing for Moodle uses in TeX (\\neq is Moodle's way to write \neq).
_FOR_MOODLE = re.compile(r"\\[{}=~#]|\\\\[A-Za-z]")


def _tex_text(text: _Text) -> tuple[_Text, list[_Tex]]:
    """The block with what is inside its TeX hidden from GIFT's syntax, and its TeX."""
    body = text.raw
    spans = _tex_spans(text.masked)
    if not spans:
        return text, []
    masked = list(text.masked)
    plain_tex = any("{" in syntax for _, _, _, _, syntax in spans)
    found = []
    for start, inner, inner_end, end, syntax in spans:
        written = body[inner:inner_end]
        as_written = bool(syntax) or (plain_tex and not _FOR_MOODLE.search(written))
        for i in range(inner, inner_end):
            if as_written or masked[i] != _MASK[0]:
                masked[i] = _LITERAL
        kept = as_written and _ESCAPE.search(written) is not None
        found.append(_Tex(body[start:end], start, end, syntax, kept))
    return _Text(body, "".join(masked)), found


def _tex_spans(masked: str) -> list[tuple[int, int, int, int, str]]:
    """(start, inside, inside end, end, syntax) of each TeX span, left to right."""
    spans = []
    i = 0
    while (start := _TEX_START.search(masked, i)) is not None:
        i = inner = start.start()
        close = None
        if masked.startswith("$$", i):
            inner = i + 2
            found = masked.find("$$", inner)
            close = (found, found + 2) if found > inner else None
        elif masked[i] == "$" and (i == 0 or masked[i - 1] != "\\"):
            inner = i + 1
            dollar = _dollar_close(masked, inner)
            close = (dollar, dollar + 1) if dollar is not None else None
        elif masked.startswith(("\\(", "\\["), i):
            inner = i + 2
            found = masked.find("\\)" if masked[i + 1] == "(" else "\\]", inner)
            close = (found, found + 2) if found > inner else None
        if close and _is_tex(inside := masked[inner : close[0]]):
            syntax = "".join(c for c in "{}=" if c in inside)
            spans.append((i, inner, close[0], close[1], syntax))
            i = close[1]
        else:
            i += 2 if masked.startswith("$$", i) else 1
    return spans


def _dollar_close(masked: str, inner: int) -> int | None:
    """Where a ``$`` TeX span opened before ``inner`` closes on its line, or None.

    As in Pandoc, so that amounts ("$5 or $10") are not TeX: the opening ``$`` has no space
    after it, the closing one none before it and no digit after it.
    """
    if inner >= len(masked) or masked[inner] in _TEX_SPACE or masked[inner] == "$":
        return None
    line_end = masked.find("\n", inner)
    if line_end < 0:
        line_end = len(masked)
    at = inner
    while (at := masked.find("$", at + 1, line_end)) >= 0:
        before, after = masked[at - 1], masked[at + 1 : at + 2]
        if before not in _TEX_SPACE and before != "\\" and not after.isdigit():
            return at
    return None


def _is_tex(inside: str) -> bool:
    """TeX is on one line, holds no ``~`` or ``#`` (answer and feedback marks) and has its
    braces in pairs; anything else is not taken for TeX."""
    if not inside.strip(_PHP_SPACE) or "\n" in inside or "~" in inside or "#" in inside:
        return False
    depth = 0
    for c in inside:
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _misread(tex: list[_Tex], answers: tuple[int, int]) -> list[_Tex]:
    """The TeX Moodle would read otherwise: with braces, with escapes kept as written, or
    with an ``=`` among the answers (``answers``: where they are in the block)."""
    return [
        t
        for t in tex
        if "{" in t.syntax or t.kept or ("=" in t.syntax and answers[0] <= t.start < answers[1])
    ]


def _tex_note(item: GiftItem, tex: list[_Tex]) -> str:
    shown = [t.text for t in tex[:3]]
    if len(tex) > 3:
        shown.append(f"{len(tex) - 3} more")
    chars = []
    if any("{" in t.syntax for t in tex):
        chars += ["{", "}"]
    if any("=" in t.syntax for t in tex):
        chars.append("=")
    if any(t.kept for t in tex):
        chars.append("\\")
    braces = ", braces included" if "{" in chars else ""
    return (
        f"question {_label(item)}: its TeX {_listed(shown)} is read as written{braces}; "
        f"Moodle would read the {' '.join(chars)} in it as GIFT syntax and garble the question "
        "(for Moodle, put a backslash before each)"
    )


# -- a blank line inside braces (quizapp's reading) ------------------------------------------


@dataclass(frozen=True, slots=True)
class _Braces:
    """The braces of a block: a question's answers (``error`` None), or a brace alone.

    Attributes:
        first, last: the block's first and last lines.
        opening: a "{" without its "}" (else a "}" without its "{").
        brace_line: the line of that brace.
        error: the index of the block's error.
    """

    first: int
    last: int
    opening: bool = False
    brace_line: int = 0
    error: int | None = None


def _hint_blank_lines(errors: list[GiftError], braces: list[_Braces], lines: list[str]) -> None:
    """Adds to a lone "{" and the lone "}" after it, with only blank lines and blocks without
    braces between them, a hint that names the blank lines."""
    opened: _Braces | None = None
    for block in braces:
        if opened is not None and block.error is not None and not block.opening:
            blank = [
                n
                for n in range(opened.last + 1, block.first)
                if lines[n - 1].strip(_PHP_SPACE) in ("", "0")
            ]
            if blank:
                hint = _blank_lines_hint(blank, opened.brace_line, block.brace_line, lines)
                for index in (opened.error, block.error):
                    assert index is not None
                    errors[index] = replace(errors[index], hint=hint)
        opened = block if block.error is not None and block.opening else None


def _blank_lines_hint(blank: list[int], opening: int, closing: int, lines: list[str]) -> str:
    zero = any(lines[n - 1].strip(_PHP_SPACE) == "0" for n in blank)
    many = len(blank) > 1
    return (
        "a blank line ends a GIFT question, even inside braces: "
        f"{_lines_named(blank)}, between the {{ on line {opening} and the }} on line "
        f"{closing}, {'are' if many else 'is'} blank{' or just 0' if zero else ''}; "
        f"remove {'them' if many else 'it'}"
    )


def _kind(answer: _Text) -> ItemKind:
    """Moodle's type detection, in Moodle's order."""
    masked = answer.masked
    if masked == "":
        return "essay"
    if masked.startswith("#"):
        return "numerical"
    if "~" in masked:
        return "multichoice"
    if "=" in masked and "->" in masked:
        return "match"
    hash_at = masked.find("#")
    check = masked[:hash_at].strip(_PHP_SPACE) if hash_at > 0 else masked
    if check in ("T", "TRUE", "F", "FALSE"):
        return "truefalse"
    return "shortanswer"


def _with_format(text: _Text, default: TextFormat) -> tuple[str, TextFormat]:
    """The text without a leading format tag, and its format."""
    if text.masked.startswith("["):
        close = text.masked.find("]")
        fmt = _FORMATS.get(text.masked[1:close]) if close > 0 else None
        if fmt is not None:
            return text[close + 1 :].value.strip(_PHP_SPACE), fmt
    return text.value.strip(_PHP_SPACE), default


def _id_and_tags(comments: str) -> tuple[str | None, tuple[str, ...]]:
    found = _ID_TOKEN.search(comments)
    idnumber = found.group(1).strip(_PHP_SPACE).replace("\\]", "]") if found else None
    tags = tuple(
        m.group(1).strip(_PHP_SPACE).replace("\\]", "]") for m in _TAG_TOKEN.finditer(comments)
    )
    return idnumber, tags


def _answer_list(answer: _Text, separator: str, minimum: int) -> list[_Text]:
    """The answers between separators; an empty (or "0") first part is dropped, as Moodle does."""
    parts = answer.split(separator)
    parts[0] = parts[0].strip()
    if parts[0].empty:
        parts.pop(0)
    if len(parts) < minimum:
        raise _Refused(NOT_ENOUGH_ANSWERS)
    return [p.strip() for p in parts]


def _weight(answer: _Text) -> tuple[float, _Text] | None:
    """A leading ``%w%`` weight as a fraction, and the rest of the answer."""
    found = _WEIGHT.match(answer.masked)
    if found is None:
        return None
    weight = answer.masked[1 : found.end() - 1]
    try:
        fraction = float(weight) / 100
    except ValueError:  # "%--50%": PHP 8 stops with a TypeError
        raise _Refused(f"The answer weight %{weight}% is not a number") from None
    return fraction, answer[found.end() :]


def _answer(answer: _Text, fraction: float, default: TextFormat) -> GiftAnswer:
    """An answer with its ``#feedback``; each part may start with a format tag."""
    bits = answer.split("#", 1)
    text, text_format = _with_format(bits[0].strip(), default)
    feedback, feedback_format = "", default
    if len(bits) > 1:
        feedback, feedback_format = _with_format(bits[1].strip(), default)
    return GiftAnswer(text, text_format, fraction, feedback, feedback_format)


def _multichoice(item: GiftItem, answer: _Text) -> GiftItem:
    answers = []
    # Every "=" starts an answer too, and it is always worth 100 %.
    for part in _answer_list(answer.replace("=", "~="), "~", 2):
        if part.masked.startswith("="):
            answers.append(_answer(part[1:], 1.0, item.text_format))
            continue
        fraction, rest = _weight(part) or (0.0, part)
        answers.append(_answer(rest, fraction, item.text_format))
    return replace(item, answers=tuple(answers), single="=" in answer.masked)


def _truefalse(item: GiftItem, answer: _Text) -> GiftItem:
    # {T#a#b}: a is shown for the wrong answer, b for the right one.
    bits = [*answer.split("#", 2), _NOTHING, _NOTHING]
    correct = bits[0].strip().masked in ("T", "TRUE")
    wrong = _with_format(bits[1].strip(), item.text_format)
    right = _with_format(bits[2].strip(), item.text_format)
    when_true, when_false = (right, wrong) if correct else (wrong, right)
    return replace(
        item,
        correct=correct,
        feedback_true=when_true[0],
        feedback_true_format=when_true[1],
        feedback_false=when_false[0],
        feedback_false_format=when_false[1],
    )


def _shortanswer(item: GiftItem, answer: _Text) -> GiftItem:
    answers = []
    for part in _answer_list(answer, "=", 1):
        fraction, rest = _weight(part) or (1.0, part)
        answers.append(_answer(rest, fraction, item.text_format))
    return replace(item, answers=tuple(answers))


def _numerical(item: GiftItem, answer: _Text) -> GiftItem:
    body = answer[1:]
    wrong_at = body.find("~")
    wrong = body[wrong_at:] if wrong_at >= 0 else None
    if wrong is not None:
        body = body[:wrong_at]
    try:
        parts = _answer_list(body, "=", 1)
    except _Refused:
        raise _Refused(NO_NUMERICAL_ANSWERS) from None
    answers = []
    for part in parts:
        fraction, rest = _weight(part) or (1.0, part)
        parsed = _answer(rest, fraction, item.text_format)
        value, tolerance = _number_and_tolerance(parsed.text)
        answers.append(replace(parsed, text=value, tolerance=tolerance))
    if wrong is not None:
        # "~#feedback" answers every other response: a "*" answer worth nothing.
        catch_all = _answer(wrong, 0.0, item.text_format)
        answers.append(replace(catch_all, text="*", format=item.text_format))
    return replace(item, answers=tuple(answers))


def _number_and_tolerance(text: str) -> tuple[str, float]:
    """``min..max``, ``value:tolerance`` or ``value``, as Moodle reads them."""
    dots = text.find("..")
    if dots > 0:
        low = _leading_number(text[:dots])
        high = _leading_number(text[dots + 2 :])
        if low is None or high is None:
            raise _Refused(NOT_NUMBERS)
        middle = (low + high) / 2
        return _php_number(middle), high - middle
    colon = text.find(":")
    if colon > 0:
        value = text[:colon].strip(_PHP_SPACE)
        tolerance = text[colon + 1 :].strip(_PHP_SPACE)
    else:
        value, tolerance = text.strip(_PHP_SPACE), "0"
    if not _NUMERIC.fullmatch(tolerance):
        raise _Refused(NOT_NUMBERS)
    # Moodle 4.5 assigns where it means to compare ($ans = '*'), so an answer that is not
    # a number becomes "*", which accepts any response.
    if not _NUMERIC.fullmatch(value):
        value = "*"
    return value, float(tolerance)


def _leading_number(text: str) -> float | None:
    """PHP 8 arithmetic on a string: its leading number, or None (a TypeError in PHP)."""
    found = _LEADING_NUMBER.match(text.strip(_PHP_SPACE))
    return float(found.group()) if found else None


def _php_number(value: float) -> str:
    """A float as PHP prints it (precision 14)."""
    return f"{value:.14G}"


def _match(item: GiftItem, answer: _Text) -> GiftItem:
    answers = []
    for part in _answer_list(answer, "=", 2):
        arrow = part.find("->")
        if arrow < 0:
            raise _Refused(BAD_MATCHING)
        left, left_format = _with_format(part[:arrow], item.text_format)
        right = part[arrow + 2 :].value.strip(_PHP_SPACE)
        answers.append(GiftAnswer(left, left_format, match=right))
    return replace(item, answers=tuple(answers))


_ANSWER_READERS = {
    "multichoice": _multichoice,
    "truefalse": _truefalse,
    "shortanswer": _shortanswer,
    "numerical": _numerical,
    "match": _match,
}


def _grade_errors(items: list[GiftItem], reading: Reading) -> Iterator[GiftError]:
    """Moodle's check, after parsing, that every fraction is one of its grade options.

    quizapp's reading lets a multiple-choice weight under -100 % through: its import makes
    it a penalty of a whole mark.
    """
    for item in items:
        if item.kind not in _GRADED_KINDS:
            continue
        heavy = reading is Reading.QUIZAPP and item.kind == "multichoice"
        bad = [
            a.fraction
            for a in item.answers
            if not _is_grade(a.fraction) and not (heavy and a.fraction < -1)
        ]
        if bad:
            grades = ", ".join(_php_number(f) for f in bad)
            yield GiftError(
                item.line,
                f"Grades ({grades}) do not match grade options - question "
                f"'{item.moodle_name}' skipped.",
            )


def _is_grade(fraction: float) -> bool:
    if fraction in _EXACT_GRADES:
        return True
    return any(
        abs(abs(fraction) - grade) < moodle_grades.GRADE_TOLERANCE for grade in moodle_grades.GRADES
    )


# -- GIFT -> quizapp -------------------------------------------------------------------------

_SKIPPED_KINDS = {
    "essay": "essay",
    "numerical": "numerical",
    "shortanswer": "short answer",
    "match": "matching",
}
# A question needs these to be asked at all; every other limit (lengths, tags, ids) is
# checked once for every format, after reading (registry.read).
_MIN_CHOICES, _MAX_CHOICES = schema.MIN_CHOICES, schema.MAX_CHOICES
# Only to make ids and category tags that fit.


def read_gift(data: bytes, name: str) -> formats.ReadResult:
    """A pack of the multiple-choice and true/false questions of a GIFT file, read as
    quizapp reads GIFT (``Reading.QUIZAPP``).

    Raises PackInvalid listing every error when Moodle would refuse the file (Moodle then
    imports nothing). Questions of types quizapp does not have are skipped with a warning,
    and so is every place where quizapp reads the file otherwise than Moodle.
    """
    parsed = parse_gift(_decode(data, name), Reading.QUIZAPP)
    if parsed.errors:
        raise PackInvalid([Problem(name, e.line, _with_hint(e)) for e in parsed.errors])
    importer = _Importer(name)
    for note in parsed.notes:
        importer.warnings.append(Problem(name, note.line, note.message, severity="warning"))
    for item in parsed.items:
        importer.add(item)
    return importer.result()


def _with_hint(error: GiftError) -> str:
    return f"{error.message} ({error.hint})" if error.hint else error.message


def _decode(data: bytes, name: str) -> str:
    try:
        return decode_text(data, name, schema.MAX_FILE_BYTES, "a GIFT file")
    except PackInvalid as e:
        # Of decode_text's problems only the encoding one has a line; say it as Moodle does.
        problem = e.problems[0]
        if problem.line is None:
            raise
        raise PackInvalid([Problem(name, problem.line, NOT_UTF8, column=problem.column)]) from None


class _Importer:
    """Turns parsed GIFT items into quizapp questions, noting what the teacher should know."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.category = ""
        self.questions: list[Question] = []
        self.lines: dict[str, int] = {}
        self.warnings: list[Problem] = []
        self.ids = ids.UniqueIds()

    def warn(self, item: GiftItem, message: str) -> None:
        self.warnings.append(Problem(self.name, item.line, message, severity="warning"))

    def add(self, item: GiftItem) -> None:
        if item.kind == "category":
            self.category = ids.category_tag(item.category)
        elif item.kind not in ("multichoice", "truefalse"):
            self.warn(item, _not_imported(item))
        elif (question := self.question(item)) is not None:
            self.questions.append(question)
            self.lines[question.id] = item.line

    def question(self, item: GiftItem) -> Question | None:
        prompt = _plain(item.text, item.text_format)
        if not prompt:
            self.warn(item, f"question {_label(item)} skipped: it has no question text")
            return None
        if item.kind == "truefalse":
            qtype = QuestionType.TRUE_FALSE
            choices: tuple[Choice, ...] = true_false_choices(
                item.correct,
                _plain(item.feedback_true, item.feedback_true_format),
                _plain(item.feedback_false, item.feedback_false_format),
            )
        else:
            read = self.multichoice(item)
            if read is None:
                return None
            qtype, choices = read
        if _shows_a_picture(item):
            self.warn(
                item,
                f"question {_label(item)}: its picture is left out (GIFT files do not carry "
                "pictures)",
            )
        return Question(
            id=self.question_id(item),
            type=qtype,
            prompt=prompt,
            choices=choices,
            explanation=_plain(item.general_feedback, item.general_feedback_format),
            citations=(formats.line_citation(item.line),),
            tags=self.tags(item),
        )

    def multichoice(self, item: GiftItem) -> tuple[QuestionType, tuple[Choice, ...]] | None:
        # Moodle ignores answers left blank; so does quizapp.
        answers = [(a, text) for a in item.answers if (text := _plain(a.text, a.format))]
        label = _label(item)
        if not _MIN_CHOICES <= len(answers) <= _MAX_CHOICES:
            self.warn(
                item,
                f"question {label} skipped: it has {len(answers)} choices; quizapp needs "
                f"{_MIN_CHOICES} to {_MAX_CHOICES}",
            )
            return None
        if item.single:
            right = [abs(a.fraction - 1) < 1e-5 for a, _ in answers]
            partial = [a.fraction for a, _ in answers if 0 < a.fraction < 1 - 1e-5]
        else:
            right = [a.fraction > 0 for a, _ in answers]
            partial = []
        if not any(right):
            self.warn(
                item,
                f"question {label} skipped: no choice is marked correct, and quizapp needs one",
            )
            return None
        qtype = QuestionType.MULTIPLE_CHOICE
        if not item.single:
            qtype = QuestionType.MULTIPLE_RESPONSE
        elif sum(right) > 1:
            qtype = QuestionType.MULTIPLE_RESPONSE
            self.warn(
                item,
                f"question {label}: Moodle accepts any one of its {sum(right)} correct choices; "
                "quizapp asks for all of them",
            )
        if partial:
            shown = ", ".join(f"{_php_number(f * 100)}%" for f in partial)
            self.warn(
                item,
                f"question {label}: the partial credit ({shown}) is dropped; quizapp counts "
                "only the correct choice as right",
            )
        wrong = len(answers) - sum(right)
        for (a, text), ok in zip(answers, right, strict=True):
            if not ok and a.fraction < -1 - moodle_grades.GRADE_TOLERANCE:
                self.warn(
                    item,
                    f"question {label}: the weight {_php_number(a.fraction * 100)}% of choice "
                    f'"{_visible(text)}" costs more than a whole mark; its penalty is a whole '
                    "mark (1)",
                )
        choices = tuple(
            Choice(
                text,
                ok,
                _plain(a.feedback, a.feedback_format),
                penalty=None if ok else moodle_grades.penalty(a.fraction, item.single, wrong),
            )
            for (a, text), ok in zip(answers, right, strict=True)
        )
        return qtype, choices

    def question_id(self, item: GiftItem) -> str:
        """The [id:] given, else the name as a slug, else the line; unique in the pack."""
        base = _clean_id(item.idnumber or "") or ids.slug(item.name) or f"q-line-{item.line}"
        return self.ids.take(base)

    def tags(self, item: GiftItem) -> tuple[str, ...]:
        return ids.tags(self.category, *item.tags)

    def result(self) -> formats.ReadResult:
        if not self.questions:
            raise PackInvalid(
                [
                    Problem(
                        self.name, None, "no multiple-choice or true/false questions to import"
                    ),
                    *sorted(self.warnings, key=lambda w: w.line or 0),
                ]
            )
        info = formats.imported_pack_info(self.name, "GIFT (Moodle)")
        pack = Pack(
            info,
            sources=(formats.imported_file_source(self.name, "GIFT"),),
            questions=tuple(self.questions),
        )
        warnings = sorted(self.warnings, key=lambda w: w.line or 0)
        return formats.ReadResult(pack, tuple(warnings), lines=self.lines)


def _not_imported(item: GiftItem) -> str:
    if item.kind == "description":
        label = _label(item)
        return f"description {label} skipped: quizapp has no descriptions (text without answers)"
    kind = _SKIPPED_KINDS[item.kind]
    return f"{kind} question {_label(item)} skipped: quizapp has no {kind} questions"


def _label(item: GiftItem) -> str:
    """How a warning names a question: its name, else the start of its text."""
    if item.name:
        return f'"{item.name}"'
    text = _visible(item.text)
    return f'"{text[:40]}…"' if len(text) > 40 else f'"{text}"'


def _shows_a_picture(item: GiftItem) -> bool:
    texts = [(item.text, item.text_format), *((a.text, a.format) for a in item.answers)]
    return any(fmt == "html" and "<img" in text.lower() for text, fmt in texts)


def _plain(text: str, text_format: TextFormat) -> str:
    """quizapp shows plain text: HTML is rendered down to it, other formats stay as written."""
    if text_format != "html" or not text:
        return text
    return formats.html_to_text(text)


def _clean_id(text: str) -> str:
    """An [id:] made into a quizapp id: letters, digits, ".", "_" and "-"."""
    ident = re.sub(r"[^A-Za-z0-9._-]+", "-", ids.ascii_fold(text)).lstrip("._-")
    return ident[: ids.ID_LIMIT]


# -- quizapp -> GIFT -------------------------------------------------------------------------

_FORMAT_TAG = re.compile(r"\[(?:moodle|html|plain|markdown)\]")
_SPECIALS = str.maketrans(
    {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:"}
)
# What Moodle's [id:...] and [tag:...] tokens cannot hold.
_ID_UNWRITABLE = re.compile(r"[\x00-\x1f\x7f]")
_TAG_UNWRITABLE = re.compile(r"[<>`\x00-\x1f\x7f]")


def write_gift(pack: Pack, images: dict[str, bytes]) -> formats.WriteResult:
    """The pack as a GIFT file for Moodle's question import, and what GIFT cannot hold.

    Multiple-response questions are written with Moodle's weights: each correct choice
    ``100/k %``, each wrong one ``-100/m %``. A wrong choice with its own penalty gets it as
    a negative weight, the nearest of Moodle's grades (0.25: ``~%-25%``). A text's line
    breaks stay line breaks where Moodle keeps them (elsewhere, as for blank lines, they are
    written as ``\\n``).
    """
    writer = _Writer()
    blocks = [_header(pack), *(writer.question(q) for q in pack.questions)]
    warnings = [*writer.warnings, *_left_out(pack)]
    return formats.WriteResult(("\n\n".join(blocks) + "\n").encode("utf-8"), tuple(warnings))


def _header(pack: Pack) -> str:
    # A block of comments only: Moodle skips it.
    info = pack.info
    return (
        f"// {' '.join(info.title.split())}\n"
        f"// quizapp pack {' '.join(info.id.split())} {' '.join(info.version.split())}, "
        "written as GIFT for Moodle's question import"
    )


class _Writer:
    """Writes questions as GIFT blocks, noting what cannot be written."""

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def question(self, q: Question) -> str:
        head = f"::{_escape(' '.join(q.id.split()))}::{_gift_text(q.prompt)}"
        if q.image is not None or any(c.image is not None for c in q.choices):
            self.warnings.append(f'question "{q.id}": its pictures cannot be written in GIFT')
        if q.type is QuestionType.TRUE_FALSE:
            body = "{" + self.truefalse(q) + _general_feedback(q) + "}"
        else:
            lines = [*self.choices(q)]
            if q.explanation.strip(_PHP_SPACE):
                lines.append("\t" + _general_feedback(q))
            body = "{\n" + "\n".join(lines) + "\n}"
        return self.metadata(q) + head + body

    def metadata(self, q: Question) -> str:
        """``// [id:...]`` and ``// [tag:...]`` comment lines, one token a line.

        Moodle's tag token may contain "[", so a tag ending in a backslash would swallow
        the next token on its line; alone on a line it cannot.
        """
        lines = []
        if not _ID_UNWRITABLE.search(q.id):
            lines.append(f"// [id:{_bracketed(q.id)}]\n")
        for tag in q.tags:
            tag = tag.strip(_PHP_SPACE)
            if tag and not _TAG_UNWRITABLE.search(tag):
                lines.append(f"// [tag:{_bracketed(tag)}]\n")
            elif tag:
                self.warnings.append(
                    f'question "{q.id}": its tag "{tag}" cannot be written in GIFT '
                    "(tags there cannot hold <, >, ` or control characters)"
                )
        return "".join(lines)

    def truefalse(self, q: Question) -> str:
        # Moodle's order: {TRUE#feedback for the wrong answer#feedback for the right one}.
        answer = bool(q.answer)
        right = q.choices[0 if answer else 1].feedback
        wrong = q.choices[1 if answer else 0].feedback
        out = "TRUE" if answer else "FALSE"
        if wrong.strip(_PHP_SPACE) or right.strip(_PHP_SPACE):
            out += "#" + _gift_text(wrong)
        if right.strip(_PHP_SPACE):
            out += "#" + _gift_text(right)
        return out

    def choices(self, q: Question) -> Iterator[str]:
        right = sum(c.correct for c in q.choices)
        wrong = len(q.choices) - right
        weighted = q.type is QuestionType.MULTIPLE_RESPONSE or right != 1
        if q.type is QuestionType.MULTIPLE_CHOICE and right != 1:
            self.warnings.append(
                f'question "{q.id}" is multiple choice with {right} correct choices; '
                "it is written as multiple response"
            )
        if right == 0:
            self.warnings.append(f'question "{q.id}" has no correct choice')
        for c in q.choices:
            text = _gift_text(c.text)
            penalty = None if c.correct else self.penalty(q, c)
            if weighted:
                if c.correct:
                    percent = 100 / right
                else:
                    percent = -100 / wrong if penalty is None else -penalty * 100
                mark = f"~%{_moodle_weight(percent)}%"
            elif c.correct:
                mark = "="  # Moodle reads no weight after "="
            elif penalty:
                mark = f"~%{_moodle_weight(-penalty * 100)}%"
            else:
                # A wrong choice that starts like a weight ("%50% of them") gets an explicit
                # zero weight so that its own stays text.
                mark = "~%0%" if _WEIGHT.match(text) else "~"
            line = f"\t{mark}{text}"
            if c.feedback.strip(_PHP_SPACE):
                line += "#" + _gift_text(c.feedback)
            yield line

    def penalty(self, q: Question, c: Choice) -> float | None:
        """A wrong choice's own penalty as the nearest of Moodle's grades, or None."""
        if c.penalty is None:
            return None
        grade = moodle_grades.nearest_grade(c.penalty)
        if abs(grade - c.penalty) >= moodle_grades.GRADE_TOLERANCE:
            shown = _php_number(c.penalty * 100)
            if grade:
                self.warnings.append(
                    f'question "{q.id}": the penalty of choice "{_visible(c.text)}" ({shown}%) '
                    f"is written as Moodle's nearest grade, -{_moodle_weight(grade * 100)}%"
                )
            else:
                self.warnings.append(
                    f'question "{q.id}": the penalty of choice "{_visible(c.text)}" ({shown}%) '
                    "is too small for Moodle's grades; it is left out"
                )
        elif not grade:
            self.warnings.append(
                f'question "{q.id}": the penalty 0 of choice "{_visible(c.text)}" cannot be '
                "written in GIFT (a weight of 0 means no penalty of its own); it is left out"
            )
        return grade or None


def _bracketed(text: str) -> str:
    """Text for inside ``[id:...]`` or ``[tag:...]``, where only "]" is escaped."""
    return text.replace("]", "\\]")


def _general_feedback(q: Question) -> str:
    explanation = q.explanation.strip(_PHP_SPACE)
    return "####" + _gift_text(explanation) if explanation else ""


def _moodle_weight(percent: float) -> str:
    """A weight as Moodle writes it: 50, 33.33333, -14.28571."""
    return f"{percent:.5f}".rstrip("0").rstrip(".")


def _escape(text: str) -> str:
    return text.translate(_SPECIALS)


def _gift_text(text: str) -> str:
    """``text`` written so that Moodle reads it back exactly (but for spaces around it).

    A line break stays one unless Moodle would lose something there: spaces at the end or
    start of a line (Moodle trims every line), a blank line or a line ``0`` (they end the
    question), or a line starting ``//`` (a comment). Those breaks are written ``\\n``.
    """
    text = text.strip(_PHP_SPACE)
    pieces: list[str] = []
    open_end = False  # the text so far ends in a space that a real line break would lose
    for i, line in enumerate(text.split("\n")):
        if i:
            keep_break = not open_end and _may_start_a_line(line)
            pieces.append("\n" if keep_break else "\\n")
            open_end = False
        pieces.append(_escape(line))
        if line:
            open_end = line[-1] in _PHP_SPACE
    written = "".join(pieces)
    # Text that starts like a format tag gets the default one in front, so it stays text.
    return "[moodle]" + written if _FORMAT_TAG.match(text) else written


def _may_start_a_line(line: str) -> bool:
    return line not in ("", "0") and line == line.strip(_PHP_SPACE) and not line.startswith("//")


def _left_out(pack: Pack) -> Iterator[str]:
    cited = {c.source for q in pack.questions for c in q.citations}
    cited |= {c.source for f in pack.facts for c in f.citations}
    own = {s.id for s in pack.sources} | cited
    own.discard(formats.IMPORTED_FILE_SOURCE)
    if own or pack.facts:
        yield (
            "GIFT has no place for sources, citations or facts: they are left out, and "
            "only the questions' explanations say where the answers come from"
        )
    if any(q.difficulty is not None for q in pack.questions):
        yield "GIFT has no place for difficulty levels: they are left out"
    if any(not q.shuffle for q in pack.questions):
        yield (
            "GIFT cannot say that choices keep their order: Moodle's quiz setting decides "
            "whether they are shuffled"
        )
