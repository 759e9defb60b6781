""".quizresult files: one learner's finished attempt at a coded quiz, handed in to a teacher.

A learner's app writes one file, ``NAME-CODE.quizresult``, per finished attempt into a folder
the class shares; the teacher's app reads them all into a class report. The file is UTF-8
JSON with a checksum (HMAC-SHA256 keyed with the class code) that catches a file edited by
hand or by a spreadsheet; it does not stop a learner who reads docs/results-format.md, since
every learner knows the code. Reading is untrusted input: every failure is a HandInProblem
with one plain sentence. The format is described in docs/results-format.md.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
)
from pydantic_core import PydanticCustomError

from quizapp import __version__
from quizapp.core.classroom import HandIn, HandInChoice, HandInResponse
from quizapp.core.marking import CERTAINTY_LEVELS, Marking, Navigation
from quizapp.core.model import QuestionType
from quizapp.core.quiz import AttemptStatus, Mode, Outcome

SUFFIX = ".quizresult"
FORMAT = "quizapp-result"
VERSION = 1
MAX_BYTES = 5 * 1024 * 1024  # a hand-in larger than this is refused unread

# Limits: far above any real hand-in, small enough that a crafted file is refused early.
MAX_TEXT = 10_000  # characters, for every string
MAX_LEARNER = 100  # characters, after trimming
MAX_RESPONSES = 1_000
MAX_CHOICES = 26
MAX_CHANGES = 1_000  # answers given to one question before it was submitted
MAX_POSITION = 1_000_000
MAX_FILE_NAME_BYTES = 150  # the NAME part of a file name, in UTF-8 (file systems allow 255)
MAX_FILE_CODE_BYTES = 60  # the CODE part, in UTF-8

EDITED = "was changed after it was handed in (its checksum does not match)"

_WINDOWS_FORBIDDEN = frozenset('<>:"/\\|?*')
_WINDOWS_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"COM{i}" for i in range(10)}
    | {f"LPT{i}" for i in range(10)}
)


class HandInProblem(Exception):
    """A hand-in that cannot be read; ``str(e)`` is one plain sentence naming the file.

    Attributes:
        source: the file, as the caller named it.
        reason: why, as the rest of the sentence ("is not a quizapp hand-in").
    """

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source} {reason}")
        self.source = source
        self.reason = reason


class Edited(HandInProblem):
    """The checksum does not match: the file, or the class code inside it, was changed."""

    def __init__(self, source: str, reason: str = EDITED) -> None:
        super().__init__(source, reason)


# -- the schema --------------------------------------------------------------------------------


def _fail(message: str) -> PydanticCustomError:
    # The "quizapp" error type is shown as it is by _describe.
    return PydanticCustomError("quizapp", message)


def _is_control(c: str) -> bool:
    return unicodedata.category(c) == "Cc"


def clean_learner(name: str) -> str:
    """The learner's name as read: control characters (but newline and tab) out, trimmed."""
    return "".join(c for c in name if c in "\n\t" or not _is_control(c)).strip()


def _check_learner(value: str) -> str:
    name = clean_learner(value)
    if not name:
        raise _fail("must not be empty")
    if len(name) > MAX_LEARNER:
        raise _fail(f"is longer than {MAX_LEARNER} characters")
    return name


_TIME_HINT = "must be a date and time like 2025-03-01T09:30:00"


def _time(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _fail(_TIME_HINT)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _fail(_TIME_HINT) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _check_certainty(value: int | None) -> int | None:
    if value is not None and value not in CERTAINTY_LEVELS:
        raise _fail("must be 1, 2, 3 or null")
    return value


# Enums are written as their values; strict mode would accept only enum instances.
_Lax = Field(strict=False)
LaxType = Annotated[QuestionType, _Lax]
LaxOutcome = Annotated[Outcome, _Lax]


def _hand_in_mode(value: Any) -> Any:
    # A class code carries only Practice or Exam; study sessions are never handed in.
    if value not in (Mode.PRACTICE.value, Mode.EXAM.value, Mode.PRACTICE, Mode.EXAM):
        raise _fail("must be one of 'practice' or 'exam'")
    return value


HandInMode = Annotated[Mode, _Lax, BeforeValidator(_hand_in_mode)]
LaxMarking = Annotated[Marking, _Lax]
LaxNavigation = Annotated[Navigation, _Lax]
LaxStatus = Annotated[AttemptStatus, _Lax]
Time = Annotated[datetime, BeforeValidator(_time)]
OptionalTime = Annotated[datetime | None, BeforeValidator(_time)]
Seconds = Annotated[float, Field(ge=0)]
Picks = Annotated[list[int], Field(max_length=MAX_CHOICES)]


class _Model(BaseModel):
    # Unknown keys are ignored: a later quizapp may add fields without a new version.
    model_config = ConfigDict(
        strict=True,
        extra="ignore",
        frozen=True,
        allow_inf_nan=False,
        str_max_length=MAX_TEXT,
    )


class _Choice(_Model):
    text: str
    correct: bool


class _Response(_Model):
    position: Annotated[int, Field(ge=0, le=MAX_POSITION)]
    question: str
    type: LaxType
    prompt: str
    choices: Annotated[list[_Choice], Field(max_length=MAX_CHOICES)]
    selected: Picks
    outcome: LaxOutcome
    credit: Annotated[float, Field(ge=0, le=1)]
    marks: float
    certainty: Annotated[int | None, AfterValidator(_check_certainty)]
    seconds: Seconds
    changes: Annotated[list[Picks], Field(max_length=MAX_CHANGES)]
    flagged: bool
    fact: str


class _Pack(_Model):
    id: str
    title: str
    version: str
    fingerprint: str


class _Attempt(_Model):
    mode: HandInMode
    marking: LaxMarking
    navigation: LaxNavigation
    status: LaxStatus
    started_at: Time
    finished_at: OptionalTime
    seconds: Seconds
    score: float
    max_score: Annotated[float, Field(ge=0)]


class _HandInFile(_Model):
    format: str
    version: int
    app: str
    learner: Annotated[str, AfterValidator(_check_learner)]
    code: Annotated[str, Field(min_length=1)]
    pack: _Pack
    attempt: _Attempt
    responses: Annotated[list[_Response], Field(max_length=MAX_RESPONSES)]
    checksum: str


# -- writing -----------------------------------------------------------------------------------


def _key(code: str) -> bytes:
    """The checksum's key: the class code upper-cased, without spaces and dashes, in UTF-8."""
    return code.upper().replace(" ", "").replace("-", "").encode("utf-8")


def _canonical(obj: dict[str, Any]) -> bytes:
    rest = {k: v for k, v in obj.items() if k != "checksum"}
    return json.dumps(rest, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def checksum(obj: dict[str, Any], code: str) -> str:
    """The checksum of a hand-in's JSON object (its "checksum" key left out), in hex."""
    return hmac.new(_key(code), _canonical(obj), hashlib.sha256).hexdigest()


def _when(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat()


def _response(r: HandInResponse) -> dict[str, Any]:
    return {
        "position": int(r.position),
        "question": r.question_key,
        "type": QuestionType(r.type).value,
        "prompt": r.prompt,
        "choices": [{"text": c.text, "correct": bool(c.correct)} for c in r.choices],
        "selected": [int(i) for i in r.selected],
        "outcome": Outcome(r.outcome).value,
        "credit": float(r.credit),
        "marks": float(r.marks),
        "certainty": None if r.certainty is None else int(r.certainty),
        "seconds": float(r.seconds),
        "changes": [[int(i) for i in picked] for picked in r.changes],
        "flagged": bool(r.flagged),
        "fact": r.fact,
    }


def dumps(hand_in: HandIn) -> bytes:
    """The .quizresult file of a hand-in: UTF-8 JSON, indented, with its checksum.

    Times are written in UTC without a time zone suffix. Raises ValueError if a number is
    not finite (NaN or infinity), which no real attempt has.
    """
    obj: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "app": __version__,
        "learner": hand_in.learner,
        "code": hand_in.code,
        "pack": {
            "id": hand_in.pack_id,
            "title": hand_in.pack_title,
            "version": hand_in.pack_version,
            "fingerprint": hand_in.fingerprint,
        },
        "attempt": {
            "mode": Mode(hand_in.mode).value,
            "marking": Marking(hand_in.marking).value,
            "navigation": Navigation(hand_in.navigation).value,
            "status": AttemptStatus(hand_in.status).value,
            "started_at": _when(hand_in.started_at),
            "finished_at": _when(hand_in.finished_at),
            "seconds": float(hand_in.seconds),
            "score": float(hand_in.score),
            "max_score": float(hand_in.max_score),
        },
        "responses": [_response(r) for r in hand_in.responses],
    }
    try:
        obj["checksum"] = checksum(obj, hand_in.code)
        text = json.dumps(obj, indent=1, ensure_ascii=False, allow_nan=False)
    except ValueError:
        raise ValueError("a hand-in cannot hold a number that is not finite (NaN)") from None
    return (text + "\n").encode("utf-8")


# -- reading -----------------------------------------------------------------------------------


class _Duplicate(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class _NotFinite(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise _Duplicate(key)
        obj[key] = value
    return obj


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NotFinite(text)
    return value


def _not_a_number(text: str) -> float:
    raise _NotFinite(text)


def _shown(text: str, limit: int = 40) -> str:
    text = text if len(text) <= limit else text[: limit - 3] + "..."
    return json.dumps(text, ensure_ascii=True)


def _parse(data: bytes, source: str) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise HandInProblem(
            source, "is not UTF-8 text, so it is not a quizapp hand-in (or it is damaged)"
        ) from None
    try:
        return json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_float=_finite,
            parse_constant=_not_a_number,
        )
    except _Duplicate as e:
        raise HandInProblem(
            source, f"has the key {_shown(e.key)} twice in one object, so it was edited"
        ) from None
    except _NotFinite:
        raise HandInProblem(
            source, "holds a number that is not finite (NaN or infinity), which a hand-in never has"
        ) from None
    except json.JSONDecodeError as e:
        raise HandInProblem(
            source, f"is not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})"
        ) from None
    except ValueError:  # an integer of thousands of digits
        raise HandInProblem(source, "holds a number too long to read, so it was edited") from None
    except RecursionError:
        raise HandInProblem(source, "is nested too deeply to be a quizapp hand-in") from None


def _check_header(obj: Any, source: str) -> None:
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        raise HandInProblem(source, "is not a quizapp hand-in")
    version = obj.get("version")
    if "version" not in obj:
        raise HandInProblem(source, "is not a valid hand-in: version is missing")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise HandInProblem(source, "is not a valid hand-in: version must be a whole number from 1")
    if version > VERSION:
        shown = str(version) if version < 1_000_000 else "unknown"
        raise HandInProblem(
            source,
            f"was written by a newer quizapp (format {shown}); update quizapp to read it",
        )


def _verify(obj: dict[str, Any], source: str) -> bool:
    """False if there is no checksum (or no code) to check; raises Edited if it is wrong."""
    code, given = obj.get("code"), obj.get("checksum")
    if not isinstance(code, str) or not isinstance(given, str):
        return False
    try:
        expected = checksum(obj, code)
    except UnicodeEncodeError:
        raise HandInProblem(
            source, "holds broken text (an unpaired \\ud800-\\udfff escape), so it was edited"
        ) from None
    except (ValueError, RecursionError):
        raise HandInProblem(source, "is not a quizapp hand-in") from None
    if not hmac.compare_digest(expected.encode("ascii"), given.encode("utf-8", "surrogatepass")):
        raise Edited(source)
    return True


def _path(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, int | float) else str(value)


_WHAT: dict[str, Callable[[dict[str, Any]], str]] = {
    "missing": lambda ctx: "is missing",
    "int_type": lambda ctx: "must be a whole number",
    "int_from_float": lambda ctx: "must be a whole number",
    "float_type": lambda ctx: "must be a number",
    "finite_number": lambda ctx: "must be a finite number",
    "bool_type": lambda ctx: "must be true or false",
    "string_type": lambda ctx: "must be text",
    "list_type": lambda ctx: "must be a list",
    "model_type": lambda ctx: "must be an object",
    "model_attributes_type": lambda ctx: "must be an object",
    "dict_type": lambda ctx: "must be an object",
    "none_required": lambda ctx: "must be null",
    "enum": lambda ctx: f"must be one of {ctx.get('expected', '')}",
    "string_too_short": lambda ctx: "must not be empty",
    "string_too_long": lambda ctx: f"is longer than {ctx.get('max_length', MAX_TEXT):,} characters",
    "too_long": lambda ctx: f"has more than {ctx.get('max_length', 0):,} items",
    "greater_than_equal": lambda ctx: f"must be at least {_number(ctx.get('ge'))}",
    "less_than_equal": lambda ctx: f"must be at most {_number(ctx.get('le'))}",
}


def _describe(error: ValidationError) -> str:
    first = error.errors(include_url=False)[0]
    path = _path(tuple(first["loc"])) or "the hand-in"
    kind = first["type"]
    if kind == "quizapp":
        what = first["msg"]
    elif kind in _WHAT:
        what = _WHAT[kind](first.get("ctx") or {})
    else:
        message = str(first["msg"])
        what = "is wrong: " + message[:1].lower() + message[1:]
    return f"is not a valid hand-in: {path} {what}"


def _picks_problem(picks: list[int], count: int) -> str | None:
    if any(i < 0 or i >= count for i in picks):
        return f"names a choice that is not there (it has {count} choices, numbered from 0)"
    if len(set(picks)) != len(picks):
        return "names the same choice twice"
    return None


def _check_answers(model: _HandInFile, source: str) -> None:
    seen: set[int] = set()
    for n, r in enumerate(model.responses):
        if r.position in seen:
            raise HandInProblem(
                source,
                f"is not a valid hand-in: responses[{n}].position {r.position} appears twice",
            )
        seen.add(r.position)
        problem = _picks_problem(r.selected, len(r.choices))
        if problem:
            raise HandInProblem(
                source, f"is not a valid hand-in: responses[{n}].selected {problem}"
            )
        for m, picked in enumerate(r.changes):
            problem = _picks_problem(picked, len(r.choices))
            if problem:
                raise HandInProblem(
                    source, f"is not a valid hand-in: responses[{n}].changes[{m}] {problem}"
                )


def _hand_in(model: _HandInFile, source: str) -> HandIn:
    a = model.attempt
    return HandIn(
        learner=model.learner,
        code=model.code,
        pack_id=model.pack.id,
        pack_title=model.pack.title,
        pack_version=model.pack.version,
        fingerprint=model.pack.fingerprint,
        mode=a.mode,
        marking=a.marking,
        navigation=a.navigation,
        status=a.status,
        started_at=a.started_at,
        finished_at=a.finished_at,
        seconds=a.seconds,
        score=a.score,
        max_score=a.max_score,
        responses=tuple(
            HandInResponse(
                position=r.position,
                question_key=r.question,
                type=r.type,
                prompt=r.prompt,
                choices=tuple(HandInChoice(c.text, c.correct) for c in r.choices),
                selected=tuple(r.selected),
                outcome=r.outcome,
                credit=r.credit,
                marks=r.marks,
                certainty=r.certainty,
                seconds=r.seconds,
                changes=tuple(tuple(picked) for picked in r.changes),
                flagged=r.flagged,
                fact=r.fact,
            )
            for r in model.responses
        ),
        source=source,
    )


def loads(data: bytes, source: str) -> HandIn:
    """Read a .quizresult file; ``source`` names it in messages and becomes ``HandIn.source``.

    Raises HandInProblem (Edited if the checksum does not match) with one plain sentence.
    """
    if len(data) > MAX_BYTES:
        raise HandInProblem(source, "is larger than 5 MB; a hand-in is a few kilobytes")
    obj = _parse(data, source)
    _check_header(obj, source)
    try:
        model: _HandInFile | None = _HandInFile.model_validate(obj)
        wrong = None
    except ValidationError as e:
        model, wrong = None, _describe(e)
    # A wrong checksum says more than a wrong field: it was edited, whatever else is wrong.
    checked = _verify(obj, source)
    if model is None or not checked:  # the model requires both code and checksum
        raise HandInProblem(source, wrong or "has no checksum")
    _check_answers(model, source)
    return _hand_in(model, source)


# -- file names --------------------------------------------------------------------------------


def _safe(text: str) -> str:
    # Lone surrogates (which no file system can name) go too.
    text = unicodedata.normalize("NFC", text)
    return "".join(
        "_" if c in _WINDOWS_FORBIDDEN or unicodedata.category(c) in ("Cc", "Cs") else c
        for c in text
    )


def _trim_bytes(text: str, limit: int) -> str:
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")


def file_name(learner: str, code: str) -> str:
    """``NAME-CODE.quizresult``, safe on every system: "Zoë Smith-NATO-7KQ3-PX9M.quizresult".

    Path separators, the characters Windows forbids (``<>:"/\\|?*``) and control characters
    become "_"; spaces are kept; leading and trailing dots and spaces go (a leading dot hides
    a file); a Windows device name ("CON") gets a "_"; an empty name becomes "learner".
    """
    name = _trim_bytes(_safe(learner.strip()).strip(" ."), MAX_FILE_NAME_BYTES).strip(" .")
    if not name:
        name = "learner"
    if name.split(".")[0].strip().upper() in _WINDOWS_DEVICES:
        name += "_"
    shown_code = _safe(code.strip()).strip(" .").upper()
    shown_code = _trim_bytes(shown_code, MAX_FILE_CODE_BYTES).strip(" .") or "CODE"
    return f"{name}-{shown_code}{SUFFIX}"
