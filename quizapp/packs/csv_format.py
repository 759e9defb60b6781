"""CSV spreadsheets, one question per row: reading, writing, and a template to start from."""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from quizapp.core.columns import (
    AnswerKey,
    ColumnMapping,
    CsvPreview,
    MappingError,
    ResolvedColumns,
    column_key,
    column_letter,
    column_name,
    guess_separator,
)
from quizapp.core.model import (
    Choice,
    Citation,
    Pack,
    Question,
    QuestionType,
    Source,
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

FORMAT_NAME = "CSV"
CHOICE_LETTERS = "abcdefgh"  # one column per choice, up to schema.MAX_CHOICES
CHOICE_COLUMNS = tuple(f"choice_{letter}" for letter in CHOICE_LETTERS)
FEEDBACK_COLUMNS = tuple(f"feedback_{letter}" for letter in CHOICE_LETTERS)
SOURCE_COLUMNS = (
    "source_title",
    "source_author",
    "source_date",
    "source_url",
    "source_locator",
    "source_quote",
)
COLUMNS: tuple[str, ...] = (
    "id",
    "type",
    "prompt",
    *CHOICE_COLUMNS,
    "correct",
    *FEEDBACK_COLUMNS,
    "explanation",
    *SOURCE_COLUMNS,
    "tags",
    "difficulty",
)
REQUIRED_COLUMNS = ("prompt", "correct")
DELIMITERS = (",", ";", "\t")

# What a true/false row may write in `correct`. Besides English, the words Excel itself writes
# for TRUE and FALSE in German, French, Spanish, Italian, Portuguese and Dutch.
TRUE_WORDS = frozenset(
    {"true", "t", "yes", "wahr", "vrai", "verdadero", "vero", "verdadeiro", "waar"}
)
FALSE_WORDS = frozenset({"false", "f", "no", "falsch", "faux", "falso", "onwaar"})
# "F" is also the letter of choice_f, so a one-letter answer never makes a row true/false on
# its own: only the words do, or an explicit type.
_INFERRED_TRUE_FALSE = (TRUE_WORDS | FALSE_WORDS) - {"t", "f"}

_TYPES = {t.value: t for t in QuestionType}
_SAVE_AS = (
    "in your spreadsheet choose Save As → CSV UTF-8 (in LibreOffice: Text CSV with the "
    "character set Unicode (UTF-8)) and import that file"
)
# A spreadsheet runs a cell that starts with one of these as a formula ("CSV injection"), so
# the writer puts a ' in front; the reader removes exactly that one ' again.
_FORMULA_START = "=+-@\t\r"
_NEEDS_QUOTE = re.compile(f"'*[{re.escape(_FORMULA_START)}]")
_QUOTED = re.compile(f"'+[{re.escape(_FORMULA_START)}]")
_LETTER_SPLIT = re.compile(r"[\s,;]+")
_TAG_SPLIT = re.compile(r"[;,]")
_WHOLE_NUMBER = re.compile(r"[0-9]+(?:\.0*)?")


# -- cells -----------------------------------------------------------------------------------


def escape_cell(value: str) -> str:
    """A cell value a spreadsheet shows as text and never runs as a formula."""
    return "'" + value if _NEEDS_QUOTE.match(value) else value


def unescape_cell(value: str) -> str:
    """The value ``escape_cell`` was given back (a hand-typed "'hello" stays as it is)."""
    return value[1:] if _QUOTED.match(value) else value


def _clean(raw: str) -> str:
    # Spreadsheets store line breaks inside a cell as LF or CRLF; quizapp keeps LF.
    text = unescape_cell(raw).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def _normalise_header(cell: str) -> str:
    return re.sub(r"[\s-]+", "_", cell.strip().lower())


# -- reading: text, delimiter and records ----------------------------------------------------


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PackInvalid([Problem(name, None, f"is UTF-16 text, not UTF-8: {_SAVE_AS}")])
    if data.startswith(b"PK\x03\x04"):
        raise PackInvalid(
            [
                Problem(
                    name,
                    None,
                    f"is a zip archive (an Excel .xlsx workbook?), not a CSV file: {_SAVE_AS}",
                )
            ]
        )
    try:
        return decode_text(data, name, schema.MAX_FILE_BYTES, "a CSV file")
    except PackInvalid as e:
        first = e.problems[0]
        if first.message.startswith("is not UTF-8"):
            raise PackInvalid(
                [replace(first, message=f"is not UTF-8: {_SAVE_AS}", column=None)]
            ) from None
        raise


def _detect_delimiter(text: str) -> str:
    """The delimiter that makes the most known column names of the first line."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    best, best_score = ",", (-1, -1)
    for delimiter in DELIMITERS:
        try:
            cells = next(csv.reader([first], delimiter=delimiter), [])
        except csv.Error:
            continue
        known = sum(column_key(c) in _KNOWN_KEYS for c in cells)
        score = (known, len(cells))
        if score > best_score:
            best, best_score = delimiter, score
    return best


@dataclass(frozen=True, slots=True)
class _Record:
    """One row of the spreadsheet: its number there, the line where it starts, its cells."""

    number: int
    line: int
    cells: list[str]

    @property
    def blank(self) -> bool:
        return not any(c.strip() for c in self.cells)


def _csv_error(error: csv.Error) -> str:
    text = str(error)
    if "unexpected end of data" in text:
        return 'a cell that starts with a double quote (") is never closed: add the closing quote'
    if "expected after" in text:
        return (
            "a quoted cell has text after its closing quote: inside a quoted cell, write a "
            'double quote as two ("")'
        )
    if "field larger than field limit" in text:
        return f"a cell is longer than {csv.field_size_limit():,} characters"
    return f"cannot be read as CSV ({text})"


def _records(text: str, name: str, delimiter: str, limit: int | None = None) -> list[_Record]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[_Record] = []
    start = 1
    while limit is None or len(records) < limit:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            number = len(records) + 1
            raise PackInvalid([Problem(name, start, _csv_error(e), path=f"row {number}")]) from None
        records.append(_Record(len(records) + 1, start, cells))
        # line_num counts the physical lines read so far, so a row with line breaks inside
        # its cells ends several lines after it starts.
        start = reader.line_num + 1
    return records


# -- reading: rows into questions ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Header:
    """The header row: how many cells it has, and where each known column is."""

    record: _Record
    columns: dict[str, int]

    @property
    def width(self) -> int:
        return len(self.record.cells)


def _is_true_false(cells: dict[str, str]) -> bool:
    qtype = _normalise_header(cells.get("type", ""))
    if qtype:
        return qtype == QuestionType.TRUE_FALSE.value
    return cells.get("correct", "").lower() in _INFERRED_TRUE_FALSE


class _Reader:
    """Turns a CSV file's records into questions, collecting every problem on the way."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []
        self.ids: dict[str, int] = {}
        self.sources: dict[tuple[str, str, str, str], Source] = {}
        self.source_order: list[Source] = []
        self.cites_file = False
        self.lines: dict[str, int] = {}  # question id -> the line its row starts on

    def add(
        self, record: _Record, column: str | None, message: str, severity: str = "error"
    ) -> None:
        path = f"row {record.number}" + (f", column {column}" if column else "")
        self.problems.append(Problem(self.name, record.line, message, path, severity=severity))

    def warn(self, record: _Record, column: str | None, message: str) -> None:
        self.add(record, column, message, "warning")

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    # -- header ------------------------------------------------------------------------
    def header(self, record: _Record, rows: list[_Record]) -> _Header:
        """The columns the header names; raises PackInvalid if it names none or one twice."""
        columns: dict[str, int] = {}
        unknown: list[tuple[int, str]] = []
        for index, cell in enumerate(record.cells):
            column = column_key(cell)
            if not column:
                if any(index < len(r.cells) and r.cells[index].strip() for r in rows):
                    self.warn(
                        record,
                        None,
                        f"column {column_letter(index)} has no name in the header, "
                        "so its cells were ignored",
                    )
                continue
            if column in columns:
                self.add(
                    record,
                    column,
                    f'the column "{column}" appears twice in the header (columns '
                    f"{column_letter(columns[column])} and {column_letter(index)})",
                )
            elif column in COLUMNS:
                columns[column] = index
            else:
                unknown.append((index, cell.strip()))
        for index, cell in unknown:
            close = difflib.get_close_matches(column_key(cell), COLUMNS, n=1, cutoff=0.6)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            self.warn(
                record,
                None,
                f'unknown column "{cell}" (column {column_letter(index)}) was ignored{hint}',
            )
        if self.errors:
            raise PackInvalid(self.problems)
        return _Header(record, columns)

    def require_columns(self, header: _Header, rows: list[_Record]) -> None:
        """Raise PackInvalid naming the columns the rows need and the header lacks."""
        columns = header.columns
        missing = [c for c in REQUIRED_COLUMNS if c not in columns]
        if any(c not in columns for c in CHOICE_COLUMNS[:2]) and not all(
            _is_true_false(self.cells(r, columns)) for r in rows
        ):
            missing += [c for c in CHOICE_COLUMNS[:2] if c not in columns]
        if missing:
            names = ", ".join(f'"{c}"' for c in missing)
            self.add(
                header.record,
                None,
                f"the header has no column {names}: add "
                + ("it" if len(missing) == 1 else "them")
                + " (see the CSV template for every column)",
            )
            raise PackInvalid(self.problems)

    @staticmethod
    def cells(record: _Record, columns: dict[str, int]) -> dict[str, str]:
        return {
            column: _clean(record.cells[index]) if index < len(record.cells) else ""
            for column, index in columns.items()
        }

    # -- one row -----------------------------------------------------------------------
    def row(self, record: _Record, header: _Header) -> Question | None:
        if any(c.strip() for c in record.cells[header.width :]):
            self.warn(
                record,
                None,
                f"has {len(record.cells)} cells but the header has {header.width} columns; "
                "the cells past the last column were ignored (is a quote or delimiter missing?)",
            )
        cells = self.cells(record, header.columns)
        before = len(self.errors)
        qid = self.question_id(record, cells.get("id", ""))
        prompt = cells.get("prompt", "")
        if not prompt:
            self.add(record, "prompt", "prompt is empty: write the question")
        qtype = self.question_type(record, cells)
        choices: tuple[Choice, ...] = ()
        if qtype is QuestionType.TRUE_FALSE:
            choices = self.true_false(record, cells)
        elif qtype is not None:
            choices = self.choices(record, cells, qtype)
        tags = _tags(cells.get("tags", ""))
        difficulty = self.difficulty(record, cells)
        citation = self.citation(record, cells)
        if len(self.errors) > before or qtype is None or citation is None:
            return None
        self.lines[qid] = record.line
        return Question(
            id=qid,
            type=qtype,
            prompt=prompt,
            choices=choices,
            explanation=cells.get("explanation", ""),
            citations=(citation,),
            tags=tags,
            difficulty=difficulty,
        )

    def question_id(self, record: _Record, qid: str, column: str = "id") -> str:
        # The id's length and spelling are the common validation's (packs.validate), which
        # skips such a question with a warning; only a repeat is this reader's to find.
        qid = qid or f"row-{record.number}"
        if qid in self.ids:
            self.add(record, column, f'id "{qid}" is used twice (first on row {self.ids[qid]})')
        else:
            self.ids[qid] = record.number
        return qid

    def question_type(self, record: _Record, cells: dict[str, str]) -> QuestionType | None:
        written = cells.get("type", "")
        correct = cells.get("correct", "")
        if written:
            qtype = _TYPES.get(_normalise_header(written))
            if qtype is None:
                self.add(
                    record,
                    "type",
                    f'unknown type "{written}": write multiple_choice, true_false or '
                    "multiple_response (or leave it empty)",
                )
            return qtype
        if not correct:
            self.add(
                record,
                "correct",
                "correct is empty: write the letter of the right choice (B), several letters "
                "for multiple_response (A;C), or true/false",
            )
            return None
        if correct.lower() in _INFERRED_TRUE_FALSE:
            return QuestionType.TRUE_FALSE
        letters = self.letters(record, correct)
        if letters is None:
            return None
        return QuestionType.MULTIPLE_RESPONSE if len(letters) > 1 else QuestionType.MULTIPLE_CHOICE

    def letters(self, record: _Record, correct: str) -> list[int] | None:
        """Indexes of the choices `correct` names, or None (with an error) if it is not letters."""
        tokens = [t for t in _LETTER_SPLIT.split(correct) if t]
        indexes: list[int] = []
        for token in tokens:
            index = CHOICE_LETTERS.find(token.lower()) if len(token) == 1 else -1
            if index < 0:
                self.add(
                    record,
                    "correct",
                    f'correct "{correct}" is not a choice letter: write A to '
                    f"{CHOICE_LETTERS[-1].upper()}, several letters separated by ; for "
                    "multiple_response (A;C), or true/false for true_false",
                )
                return None
            if index not in indexes:
                indexes.append(index)
        if not indexes:
            self.add(record, "correct", "correct is empty: write the letter of the right choice")
            return None
        return sorted(indexes)

    def choices(
        self, record: _Record, cells: dict[str, str], qtype: QuestionType
    ) -> tuple[Choice, ...]:
        correct = cells.get("correct", "")
        if correct.lower() in _INFERRED_TRUE_FALSE:
            self.add(
                record,
                "correct",
                f'correct is "{correct}", but a {qtype.value} question needs the letter of a '
                "choice (like B); for a true/false question set type to true_false",
            )
            return ()
        letters = self.letters(record, correct) if correct else None
        if not correct:
            self.add(
                record,
                "correct",
                "correct is empty: write the letter of the right choice (like B)",
            )
        if letters is not None and qtype is QuestionType.MULTIPLE_CHOICE and len(letters) > 1:
            self.add(
                record,
                "correct",
                f"a multiple_choice question has exactly one correct choice, but correct is "
                f'"{correct}"; for several correct answers set type to multiple_response',
            )
        out: list[Choice] = []
        for index, (column, feedback_column) in enumerate(
            zip(CHOICE_COLUMNS, FEEDBACK_COLUMNS, strict=True)
        ):
            text = cells.get(column, "")
            feedback = cells.get(feedback_column, "")
            if not text:
                if letters is not None and index in letters:
                    self.add(
                        record,
                        "correct",
                        f"correct names choice {CHOICE_LETTERS[index].upper()}, but {column} "
                        "is empty",
                    )
                if feedback:
                    self.warn(
                        record,
                        feedback_column,
                        f"{feedback_column} was ignored because {column} is empty",
                    )
                continue
            out.append(Choice(text, letters is not None and index in letters, feedback))
        return tuple(out)

    def true_false(self, record: _Record, cells: dict[str, str]) -> tuple[Choice, ...]:
        correct = cells.get("correct", "")
        word = correct.lower()
        if word not in TRUE_WORDS | FALSE_WORDS:
            self.add(
                record,
                "correct",
                f'a true_false question needs correct to be true or false (it is "{correct}")'
                if correct
                else "correct is empty: write true or false",
            )
            return ()
        a, b = cells.get("choice_a", ""), cells.get("choice_b", "")
        labels_only = a.lower() in ("", "true") and b.lower() in ("", "false")
        if not labels_only or any(cells.get(c) for c in CHOICE_COLUMNS[2:]):
            self.warn(
                record,
                "choice_a",
                "the choice columns were ignored: a true_false question always offers "
                "True and False",
            )
        for column in FEEDBACK_COLUMNS[2:]:
            if cells.get(column):
                self.warn(
                    record,
                    column,
                    f"{column} was ignored: a true_false question uses feedback_a (shown "
                    "after True) and feedback_b (shown after False)",
                )
        return true_false_choices(
            word in TRUE_WORDS, cells.get("feedback_a", ""), cells.get("feedback_b", "")
        )

    def difficulty(self, record: _Record, cells: dict[str, str]) -> int | None:
        text = cells.get("difficulty", "")
        if not text:
            return None
        # Spreadsheets may write the number 3 as "3.0".
        value = int(float(text)) if _WHOLE_NUMBER.fullmatch(text) and len(text) < 10 else None
        if value is None or not 1 <= value <= 5:
            self.add(
                record,
                "difficulty",
                f'difficulty must be a whole number from 1 to 5 (it is "{text[:20]}")',
            )
            return None
        return value

    def citation(self, record: _Record, cells: dict[str, str]) -> Citation | None:
        title = cells.get("source_title", "")
        given = [c for c in SOURCE_COLUMNS[1:] if cells.get(c)]
        if not title:
            if given:
                self.add(
                    record,
                    "source_title",
                    f"{given[0]} is filled in but source_title is empty: give the source a title",
                )
                return None
            self.cites_file = True
            return line_citation(record.line)
        ok = True
        author, when, url = (cells.get(c, "") for c in SOURCE_COLUMNS[1:4])
        if when and not _is_partial_date(when):
            ok = False
            self.add(
                record,
                "source_date",
                f'source_date "{when[:30]}" is not a date written like 1990, 1990-09 or '
                "1990-09-12 (format the column as text so the spreadsheet keeps it)",
            )
        if url and not schema.URL_RE.match(url):
            ok = False
            self.add(
                record,
                "source_url",
                f'source_url "{url[:60]}" is not a web address starting with http:// or https://',
            )
        if not ok:
            return None
        key = (title, author, when, url)
        source = self.sources.get(key)
        if source is None:
            source = Source(
                id=f"src-{len(self.sources) + 1}", title=title, author=author, date=when, url=url
            )
            self.sources[key] = source
            self.source_order.append(source)
        return Citation(source.id, cells.get("source_locator", ""), cells.get("source_quote", ""))


def _is_partial_date(text: str) -> bool:
    m = schema.PARTIAL_DATE_RE.match(text)
    if m is None:
        return False
    try:
        date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return False
    return True


def _is_comment(record: _Record, index: int | None) -> bool:
    # Ids never start with "#", so a "#" there marks a note for people, like the template's.
    return index is not None and index < len(record.cells) and record.cells[index].startswith("#")


def _tags(text: str) -> tuple[str, ...]:
    # How many and how long is the common validation's (packs.validate).
    tags: list[str] = []
    for tag in (t.strip() for t in _TAG_SPLIT.split(text)):
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


# -- reading: the layouts of other tools, and column mappings ---------------------------------


def _first(keys: Sequence[str], *names: str) -> str:
    return next((n for n in names if n in keys), "")


def _kahoot(keys: Sequence[str], rows: Sequence[_Record]) -> ColumnMapping | None:
    # Kahoot's quiz template: "Question - max 120 characters", "Answer 1 - max 75 characters"
    # …, "Time limit (sec)", "Correct answer(s) - choose at least one" (numbers, "1,3").
    correct = _first(keys, "correct_answer", "correct_answers")
    if not ({"question", "answer_1", "answer_2"} <= set(keys) and correct):
        return None
    return ColumnMapping("question", ("answer_*",), (correct,), keys=AnswerKey.NUMBERS)


def _moodle(keys: Sequence[str], rows: Sequence[_Record]) -> ColumnMapping | None:
    # Moodle's qformat_csv plugin: "questionname,questiontext,A,B,C,D,Answer 1,Answer 2[,…]",
    # or its variant "multichoicename,questiontext,choices,answer,generalfeedback,…" whose
    # choices are joined by ";" and whose answer is letters run together ("ACD").
    if "questiontext" not in keys:
        return None
    explanation = _first(keys, "generalfeedback")
    if {"choices", "answer"} <= set(keys):
        return ColumnMapping(
            "questiontext",
            ("choices",),
            ("answer",),
            ";",
            explanation=explanation,
            keys=AnswerKey.LETTERS,
        )
    letters = tuple(x for x in CHOICE_LETTERS if x in keys)
    if len(letters) >= 2 and "answer_1" in keys:
        correct = tuple(c for c in ("answer_1", "answer_2") if c in keys)
        return ColumnMapping(
            "questiontext", letters, correct, explanation=explanation, keys=AnswerKey.LETTERS
        )
    return None


def _options(keys: Sequence[str], rows: Sequence[_Record]) -> ColumnMapping | None:
    # question, option_a … option_d (or option_1 …), correct_answer, explanation.
    correct = _first(keys, "correct_answer", "correct_answers", "correct", "answer")
    if "question" not in keys or not correct or not _first(keys, "option_a", "option_1"):
        return None
    return ColumnMapping(
        "question", ("option_*",), (correct,), explanation=_first(keys, "explanation")
    )


def _joined(keys: Sequence[str], rows: Sequence[_Record]) -> ColumnMapping | None:
    # Question, Choices (joined with "|"), Correct, Explanation.
    choices = _first(keys, "choices", "options", "answers")
    correct = _first(keys, "correct", "correct_answer", "correct_answers", "answer")
    if "question" not in keys or not choices or not correct:
        return None
    index = list(keys).index(choices)
    cells = [r.cells[index] for r in rows if index < len(r.cells)]
    return ColumnMapping(
        "question",
        (choices,),
        (correct,),
        guess_separator(cells) or "|",
        explanation=_first(keys, "explanation"),
    )


@dataclass(frozen=True, slots=True)
class _Layout:
    """A spreadsheet layout quizapp recognises by the names in its header row.

    ``mapping`` gives its columns, or None if the header is not this layout's; quizapp's own
    layout has no mapping (its reader knows every column).
    """

    label: str
    described: str
    mapping: Callable[[Sequence[str], Sequence[_Record]], ColumnMapping | None] | None


OWN = _Layout("quizapp CSV", "quizapp's CSV template", None)
LAYOUTS = (
    _Layout("Kahoot spreadsheet", "a Kahoot spreadsheet", _kahoot),
    _Layout("Moodle CSV file", "a Moodle CSV file", _moodle),
    _Layout("question, option_a…, correct_answer", "a question/option spreadsheet", _options),
    _Layout("Question, Choices, Correct", "a Question/Choices/Correct spreadsheet", _joined),
)
_KNOWN_KEYS = frozenset(
    {
        *COLUMNS,
        *(f"option_{x}" for x in CHOICE_LETTERS),
        *(f"answer_{n}" for n in range(1, 7)),
        *("question", "questiontext", "choices", "options", "answer", "answers"),
        *("correct_answer", "correct_answers", "generalfeedback"),
    }
)
_HEADER_SEARCH = 20  # Kahoot's template has instructions above its header row


def _recognise(
    record: _Record, rows: Sequence[_Record], *, first: bool
) -> tuple[_Layout, ColumnMapping | None] | None:
    """The layout whose header ``record`` is, and its mapping; None if it is no layout's."""
    keys = [column_key(c) for c in record.cells]
    for layout in LAYOUTS:
        assert layout.mapping is not None
        mapping = layout.mapping(keys, rows)
        if mapping is not None:
            return layout, mapping
    named = [k for k in keys if k]
    # A header of quizapp's own columns; below the first row only one that names a prompt.
    if "prompt" in named or (first and named and all(k in COLUMNS for k in named)):
        return OWN, None
    return None


def _find_header(
    records: Sequence[_Record],
) -> tuple[int, tuple[_Layout, ColumnMapping | None] | None]:
    """Which record is the header (the first, unless a layout's header is a few rows down)."""
    for index, record in enumerate(records[:_HEADER_SEARCH]):
        found = _recognise(record, records[index + 1 : index + 51], first=index == 0)
        if found is not None:
            return index, found
    return 0, None


def _unknown_header(name: str, record: _Record) -> PackInvalid:
    unknown = [c.strip() for c in record.cells if c.strip() and column_key(c) not in COLUMNS]
    shown = ", ".join(f'"{c}"' for c in unknown[:10]) + (", …" if len(unknown) > 10 else "")
    one = len(unknown) == 1
    example = column_key(unknown[0]) if unknown else "COLUMN"
    message = (
        f"unknown column{'' if one else 's'} {shown}: map {'it' if one else 'them'} with "
        f'--columns "prompt={example or "COLUMN"},…" or in the import dialog (if the first '
        "row is a question, add a header row above it)"
    )
    return PackInvalid([Problem(name, record.line, message, f"row {record.number}")])


class _MappedReader:
    """Turns rows into questions by a column mapping (a layout's, or the teacher's)."""

    def __init__(self, reader: _Reader, header: _Record, columns: ResolvedColumns) -> None:
        self.reader = reader
        self.columns = columns
        self.names = [column_name(c) or column_letter(i) for i, c in enumerate(header.cells)]

    def filled(self, record: _Record) -> bool:
        """Whether the row has something in a mapped column (Kahoot's template numbers rows
        that are not filled in)."""
        cells = record.cells
        return any(i < len(cells) and cells[i].strip() for i in self.columns.used())

    def row(self, record: _Record) -> Question | None:
        columns, reader = self.columns, self.reader

        def cell(index: int | None) -> str:
            if index is None or index >= len(record.cells):
                return ""
            return _clean(record.cells[index])

        before = len(reader.errors)
        id_column = self.names[columns.id] if columns.id is not None else "id"
        qid = reader.question_id(record, cell(columns.id), id_column)
        prompt = cell(columns.prompt)
        if not prompt:
            reader.add(record, self.names[columns.prompt], "the question is empty: write it")
        choices: list[str] = []
        for index in columns.choices:
            text = cell(index)
            parts = text.split(columns.separator) if columns.separator else [text]
            choices += [part.strip() for part in parts if part.strip()]
        right = self.right_choices(record, [cell(i) for i in columns.correct], choices)
        if len(reader.errors) > before or right is None:
            return None
        reader.cites_file = True
        reader.lines[qid] = record.line
        return Question(
            id=qid,
            type=QuestionType.MULTIPLE_RESPONSE if len(right) > 1 else QuestionType.MULTIPLE_CHOICE,
            prompt=prompt,
            choices=tuple(Choice(text, i in right) for i, text in enumerate(choices)),
            explanation=cell(columns.explanation),
            citations=(line_citation(record.line),),
            tags=_tags(cell(columns.tags)),
        )

    def right_choices(
        self, record: _Record, cells: list[str], choices: list[str]
    ) -> set[int] | None:
        """The indexes of the choices the correct cells name (None, with an error, if a cell
        names none of them)."""
        column = self.names[self.columns.correct[0]]
        filled = [c for c in cells if c]
        if not filled:
            self.reader.add(record, column, "the correct answer is empty: name the right choice")
            return None
        right: set[int] = set()
        for text in filled:
            found = _answer_indexes(text, choices, self.columns.keys)
            if isinstance(found, str):
                self.reader.add(record, column, _names_no_choice(found, choices, self.columns.keys))
                return None
            right.update(found)
        return right


_KEY_SPLIT = re.compile(r"[,;|]")


def _answer_indexes(cell: str, choices: Sequence[str], keys: AnswerKey) -> list[int] | str:
    """The choices a correct cell names, or the part of it that names none.

    A cell may be one choice's text; else its parts (split on "," ";" "|" or spaces) are each
    a choice's text, a letter or a number; "ACD" is three letters.
    """
    texts = [c.casefold() for c in choices]

    def one(token: str) -> int | None:
        if keys in (AnswerKey.AUTO, AnswerKey.TEXT) and token.casefold() in texts:
            return texts.index(token.casefold())
        letter = len(token) == 1 and token.isascii() and token.isalpha()
        if keys in (AnswerKey.AUTO, AnswerKey.LETTERS) and letter:
            index = ord(token.lower()) - ord("a")
            return index if index < len(choices) else None
        numbers = keys in (AnswerKey.AUTO, AnswerKey.NUMBERS)
        if numbers and len(token) < 10 and _WHOLE_NUMBER.fullmatch(token):
            index = int(float(token)) - 1
            return index if 0 <= index < len(choices) else None
        return None

    whole = one(cell.strip())
    if whole is not None:
        return [whole]
    out: list[int] = []
    for token in (t.strip() for t in _KEY_SPLIT.split(cell)):
        if not token:
            continue
        found = [one(token)]
        if found[0] is None and len(token.split()) > 1:
            found = [one(piece) for piece in token.split()]
        # "ACD": letters run together, as Moodle writes them (in capitals, so that a
        # misspelt answer like "bad" is not read as B, A, D).
        run = token.isalpha() and (keys is AnswerKey.LETTERS or token.isupper())
        if None in found and keys in (AnswerKey.AUTO, AnswerKey.LETTERS) and run:
            found = [one(letter) for letter in token]
        if None in found:
            return token
        out += [i for i in found if i is not None]
    return out or cell


def _names_no_choice(token: str, choices: Sequence[str], keys: AnswerKey) -> str:
    n = len(choices)
    if not n:
        return f'the correct answer "{token[:40]}" names no choice: this row has no choices'
    last = chr(ord("A") + min(n, 26) - 1)
    how = {
        AnswerKey.AUTO: f"a letter (A to {last}), a number (1 to {n}) or the text of a choice",
        AnswerKey.LETTERS: f"a letter (A to {last})",
        AnswerKey.NUMBERS: f"a number (1 to {n})",
        AnswerKey.TEXT: "the text of a choice",
    }[keys]
    return (
        f'the correct answer "{token[:40]}" names no choice: this row has '
        f"{plural(n, 'choice')}; write {how}"
    )


def _ignored(layout: _Layout, header: _Record, rows: Sequence[_Record], used: set[int]) -> str:
    """What a recognised layout leaves out: its named columns quizapp has no place for."""
    names = [
        column_name(cell)
        for index, cell in enumerate(header.cells)
        if index not in used
        and column_key(cell)
        and any(index < len(r.cells) and r.cells[index].strip() for r in rows)
    ]
    if not names:
        return ""
    shown = ", ".join(f'"{n}"' for n in names)
    if len(names) == 1:
        return (
            f"the column {shown} was ignored: quizapp has no place for it (read as "
            f"{layout.described})"
        )
    return (
        f"the columns {shown} were ignored: quizapp has no place for them (read as "
        f"{layout.described})"
    )


# -- reading: the whole file ---------------------------------------------------------------------


def _table(data: bytes, name: str, limit: int | None = None) -> list[_Record]:
    text = _decode(data, name)
    records = [r for r in _records(text, name, _detect_delimiter(text), limit) if not r.blank]
    if not records:
        raise PackInvalid([Problem(name, None, "has no rows: there is nothing to import")])
    return records


def preview_csv(data: bytes, name: str, rows: int = 5) -> CsvPreview:
    """The header and first rows of a CSV file, and the layout quizapp sees in it ("" if the
    teacher has to say which column holds what). Raises PackInvalid if it cannot be read."""
    records = _table(data, name, _HEADER_SEARCH + rows + 50)
    index, found = _find_header(records)
    header = records[index]
    return CsvPreview(
        tuple(c.strip() for c in header.cells),
        tuple(tuple(_clean(c) for c in r.cells) for r in records[index + 1 : index + 1 + rows]),
        found[0].label if found is not None else "",
        header.line,
    )


def read_csv(data: bytes, name: str, columns: ColumnMapping | None = None) -> ReadResult:
    """Read a CSV file of questions, one per row below a header row that names the columns.

    The header is quizapp's own (see ``COLUMNS``) or the layout of another tool quizapp
    recognises (``LAYOUTS``); ``columns`` says which column holds what for any other header.
    Raises PackInvalid listing every problem of every row if any row has an error: either the
    whole file imports or nothing does. The limits every format is held to (lengths, tags,
    ids, number of choices) are the common validation's (``packs.validate``).
    """
    records = _table(data, name)
    if columns is not None:
        start, found = 0, None
    else:
        start, found = _find_header(records)
        if found is None:
            raise _unknown_header(name, records[0])
    reader = _Reader(name)
    first, rest = records[start], records[start + 1 :]
    mapping = columns if found is None else found[1]
    if mapping is None:
        questions = _own_rows(reader, first, rest)
    else:
        questions = _mapped_rows(reader, first, rest, mapping, found[0] if found else None)
    problems = sorted(reader.problems, key=lambda p: p.line or 0)
    if reader.errors:
        raise PackInvalid(problems)
    sources = list(reader.source_order)
    if reader.cites_file:
        sources.append(imported_file_source(name, FORMAT_NAME))
    pack = Pack(imported_pack_info(name, "CSV"), tuple(sources), (), tuple(questions))
    return ReadResult(pack, tuple(problems), lines=reader.lines)


def _no_rows(reader: _Reader) -> PackInvalid:
    return PackInvalid(
        [*reader.problems, Problem(reader.name, None, "has a header but no question rows")]
    )


def _own_rows(reader: _Reader, first: _Record, rest: list[_Record]) -> list[Question]:
    header = reader.header(first, rest)
    rows = [r for r in rest if not _is_comment(r, header.columns.get("id"))]
    if not rows:
        raise _no_rows(reader)
    reader.require_columns(header, rows)
    return [q for q in (reader.row(r, header) for r in rows) if q is not None]


def _mapped_rows(
    reader: _Reader,
    first: _Record,
    rest: list[_Record],
    mapping: ColumnMapping,
    layout: _Layout | None,
) -> list[Question]:
    try:
        columns = mapping.resolve(first.cells)
    except MappingError as e:
        raise PackInvalid(
            [Problem(reader.name, first.line, str(e), f"row {first.number}")]
        ) from None
    mapped = _MappedReader(reader, first, columns)
    rows = [r for r in rest if not _is_comment(r, columns.id) and mapped.filled(r)]
    if not rows:
        raise _no_rows(reader)
    if layout is not None:
        ignored = _ignored(layout, first, rows, columns.used())
        if ignored:
            reader.warn(first, None, ignored)
    return [q for q in (mapped.row(r) for r in rows) if q is not None]


# -- writing ---------------------------------------------------------------------------------


def _writer(out: io.StringIO) -> csv.DictWriter[str]:
    # CRLF is what RFC 4180 and Excel use; every cell goes through escape_cell.
    return csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")


def _row_cells(q: Question, pack: Pack) -> tuple[dict[str, str] | None, list[str]]:
    """The cells of one question, or None if it cannot be written, and what was lost."""
    notes: list[str] = []
    cells = dict.fromkeys(COLUMNS, "")
    cells |= {"id": q.id, "type": q.type.value, "prompt": q.prompt}
    if q.type is QuestionType.TRUE_FALSE:
        cells["correct"] = "true" if q.answer else "false"
        cells["feedback_a"] = q.choices[0].feedback
        cells["feedback_b"] = q.choices[1].feedback
    else:
        if len(q.choices) > len(CHOICE_COLUMNS):
            return None, [
                f'question "{q.id}" skipped: it has {len(q.choices)} choices and the CSV '
                f"columns hold at most {len(CHOICE_COLUMNS)}"
            ]
        if any(not c.text.strip() for c in q.choices):
            return None, [f'question "{q.id}" skipped: one of its choices is empty']
        for letter, choice in zip(CHOICE_LETTERS, q.choices, strict=False):
            cells[f"choice_{letter}"] = choice.text
            cells[f"feedback_{letter}"] = choice.feedback
        cells["correct"] = ";".join(CHOICE_LETTERS[i].upper() for i in q.correct_indexes)
    cells["explanation"] = q.explanation
    citations = q.citations
    if not citations and q.fact is not None:
        fact = pack.fact_map().get(q.fact)
        citations = fact.citations if fact else ()
    # A citation of the file a pack was imported from points at a line of that file only.
    citations = tuple(c for c in citations if c.source != IMPORTED_FILE_SOURCE)
    if citations:
        first = citations[0]
        source = pack.source_map().get(first.source) or Source(first.source, first.source)
        cells |= {
            "source_title": source.title,
            "source_author": source.author,
            "source_date": source.date,
            "source_url": source.url,
            "source_locator": first.locator,
            "source_quote": first.quote,
        }
        if len(citations) > 1:
            notes.append(
                f'question "{q.id}": only its first source fits in the CSV columns; '
                f"{plural(len(citations) - 1, 'more citation')} left out"
            )
    if any(_TAG_SPLIT.search(t) for t in q.tags):
        notes.append(
            f'question "{q.id}": a tag contains "," or ";", so it will read back as several tags'
        )
    cells["tags"] = "; ".join(q.tags)
    cells["difficulty"] = "" if q.difficulty is None else str(q.difficulty)
    return {k: escape_cell(v) for k, v in cells.items()}, notes


def _losses(pack: Pack, written: list[Question]) -> list[str]:
    """One sentence for each kind of content the CSV columns have no place for."""
    out = []
    used = {c.source for q in written for c in q.citations}
    details = [
        field
        for field in ("publisher", "kind", "note")
        if any(
            getattr(s, field) and not (field == "kind" and s.kind == "other")
            for s in pack.sources
            if s.id in used
        )
    ]
    if details:
        out.append(f"the sources' {', '.join(details)} left out: CSV has no columns for them")
    images = sum(1 for q in written if q.image is not None or any(c.image for c in q.choices))
    if images:
        out.append(
            f"images of {plural(images, 'question')} left out: share the pack as a "
            ".quizpack to keep them"
        )
    facts = sum(1 for q in written if q.fact is not None)
    if facts:
        out.append(
            f"the links to facts of {plural(facts, 'question')} left out (their explanations "
            "are kept)"
        )
    penalties = sum(1 for q in written if any(c.penalty is not None for c in q.choices))
    if penalties:
        out.append(
            f"the choices' own penalties of {plural(penalties, 'question')} left out: CSV has "
            "no column for them"
        )
    fixed = sum(1 for q in written if not q.shuffle)
    if fixed:
        out.append(
            f"the fixed choice order (shuffle = false) of {plural(fixed, 'question')} left out"
        )
    info = pack.info
    if info.authors or info.license or info.description:
        out.append(
            "the pack's authors, licence and description left out: a CSV file holds questions only"
        )
    return out


def write_csv(pack: Pack, images: dict[str, bytes]) -> WriteResult:
    """Write a pack as a CSV file with the columns of ``COLUMNS``.

    The file is UTF-8 with a byte-order mark, so that Excel opens accents correctly, and CRLF
    line ends. What the columns cannot hold is listed in the warnings.
    """
    out = io.StringIO(newline="")
    writer = _writer(out)
    writer.writeheader()
    warnings: list[str] = []
    written: list[Question] = []
    for q in pack.questions:
        cells, notes = _row_cells(q, pack)
        warnings += notes
        if cells is not None:
            writer.writerow(cells)
            written.append(q)
    warnings += _losses(pack, written)
    return WriteResult(("\ufeff" + out.getvalue()).encode("utf-8"), tuple(warnings))


_TEMPLATE_ROWS: tuple[dict[str, str], ...] = (
    {
        "id": "# Example rows: replace them with your own questions, one per row. A row whose id "
        "starts with # is a note and is not imported. Columns may be left empty; see "
        "docs/formats.md for each one.",
    },
    {
        "id": "what-drives-evaporation",
        "type": "multiple_choice",
        "prompt": "What mainly drives evaporation from the oceans?",
        "choice_a": "Heat from the sun",
        "choice_b": "The Moon's gravity",
        "choice_c": "Wind alone",
        "correct": "A",
        "feedback_a": "Yes: solar energy heats the surface water.",
        "feedback_b": "Gravity causes tides, not evaporation.",
        "feedback_c": "Wind helps, but the energy comes from the sun.",
        "explanation": "Evaporation needs energy. Most of it comes from sunlight warming the "
        "surface of the sea.",
        "source_title": "The Water Cycle for Schools",
        "source_author": "Howard Perlman",
        "source_date": "2019-06",
        "source_url": "https://www.usgs.gov/water-science-school",
        "source_locator": "p. 3",
        "source_quote": "Evaporation is the process by which water changes from a liquid to a gas",
        "tags": "evaporation; energy",
        "difficulty": "2",
    },
    {
        "id": "# A true/false question: correct is true or false, feedback_a is shown after the "
        "answer True and feedback_b after False; the choice columns stay empty.",
    },
    {
        "id": "rain-is-fresh",
        "type": "true_false",
        "prompt": "Rain that falls on the sea is salt water.",
        "correct": "false",
        "feedback_a": "No: evaporation leaves the salt behind, so rain is fresh water.",
        "feedback_b": "Right: the salt stays in the sea.",
        "explanation": "When seawater evaporates the salt stays behind, so the vapour that "
        "forms clouds and rain is fresh water.",
        "source_title": "The Water Cycle for Schools",
        "source_author": "Howard Perlman",
        "source_date": "2019-06",
        "source_url": "https://www.usgs.gov/water-science-school",
        "tags": "evaporation",
        "difficulty": "1",
    },
)


def template_csv() -> str:
    """A CSV file to start from: the header, then two example rows, each after a note."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n", restval="")
    writer.writeheader()
    for row in _TEMPLATE_ROWS:
        writer.writerow({k: escape_cell(v) for k, v in row.items()})
    return out.getvalue()
