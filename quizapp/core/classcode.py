"""Class codes: one short code that sets up the same quiz for a whole class.

A code such as ``NATO-7KQ3-PX9M-2RTB`` is read aloud and typed by learners. It carries:

- a prefix, the first four letters or digits of the pack's id (``nato-eastward-expansion``:
  ``NATO``), so that people see which pack it is;
- a 12-bit fingerprint of the pack's id, version and content (``fingerprint``): the
  learner's pack must be the teacher's, question for question;
- the pack's version (``MAJOR.MINOR.PATCH`` up to 15.31.30; beyond that it is not carried
  and only the fingerprint tells versions apart);
- the settings: mode, marking, navigation, number of questions (1-127, or all), time limit
  (1-90 minutes by the minute, then by 15 minutes up to 645), a filter (a bit per fact and
  tag of the pack, appended only when there is a filter) and a seed (0-511) so that two
  codes for the same settings draw different questions;
- a check character (Luhn mod 32 over the prefix and the payload):
  any single mistyped character, and most swaps of neighbours, give "That code has a typo".

The payload is written in Crockford's base 32 (digits and letters without I, L, O, U), so
that 0/O and 1/I/L are read the same way; the code is case-insensitive, and dashes and
spaces are optional. The same code always yields the same questions, choices and order: the
service seeds the draw with the normalised code (``services.classroom``).
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quizapp.core.marking import Marking, Navigation
from quizapp.core.quiz import Mode

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_READ_AS = {"O": "0", "I": "1", "L": "1", "U": "V"}
PREFIX_LENGTH = 4
FORMAT = 0  # the first payload bit; a later format sets it and reads the rest its own way
MAX_COUNT = 127
MAX_SEED = 511
_MINUTE_STEPS = 90  # 1-90 minutes by the minute, then 15-minute steps
_LONG_STEP = 15
MAX_TIME_LIMIT = _MINUTE_STEPS + _LONG_STEP * (127 - _MINUTE_STEPS)  # 645 minutes
_NO_VERSION = (1 << 14) - 1
_PAYLOAD_CHARS = 11  # 55 bits

# (name, bits) in the order written, most significant first.
_LAYOUT = (
    ("format", 1),
    ("fingerprint", 12),
    ("version", 14),
    ("mode", 1),
    ("marking", 2),
    ("navigation", 1),
    ("count", 7),
    ("time", 7),
    ("seed", 9),
    ("filter", 1),
)
assert sum(bits for _, bits in _LAYOUT) == _PAYLOAD_CHARS * 5
_MARKINGS = (Marking.STANDARD, Marking.PENALTY, Marking.CERTAINTY)


class CodeError(ValueError):
    """A code that cannot be read; ``str()`` is a sentence for the learner."""


class CodeTypo(CodeError):
    """The check character does not match, or the code has characters a code never has."""

    def __init__(self) -> None:
        super().__init__(
            "That code has a typo: check it letter by letter with the one your teacher gave."
        )


class SettingNotCoded(ValueError):
    """A quiz setting a class code cannot carry (too many questions, too long a time)."""


@dataclass(frozen=True, slots=True)
class ClassSettings:
    """What every learner who joins the code gets.

    Attributes:
        count: questions to draw, None for all of them.
        time_limit_minutes: None for no limit.
        filter: for each of the pack's filter options (facts, then tags, as
            ``bank.questions.filter_options`` lists them), whether the quiz is limited to it.
            Empty: no filter.
        seed: which draw of these settings (0-511).
    """

    mode: Mode = Mode.EXAM
    count: int | None = None
    marking: Marking = Marking.STANDARD
    navigation: Navigation = Navigation.FREE
    time_limit_minutes: int | None = None
    filter: tuple[bool, ...] = ()
    seed: int = 0


@dataclass(frozen=True, slots=True)
class ClassCode:
    """A decoded class code.

    Attributes:
        text: the code written out in its normal form (``NATO-7KQ3-PX9M-2RTB``).
        prefix: the pack id's first letters, upper case.
        fingerprint: 12 bits of the pack's fingerprint (``fingerprint_bits``).
        version: the pack version the code was made with, or "" if it could not be carried.
    """

    text: str
    prefix: str
    fingerprint: int
    version: str
    settings: ClassSettings


def prefix_for(pack_id: str) -> str:
    """The code's prefix for a pack: its id's first four letters or digits, upper case."""
    letters = "".join(c for c in pack_id.upper() if c.isascii() and c.isalnum())
    return letters[:PREFIX_LENGTH] or "QUIZ"


def fingerprint(pack_id: str, version: str, lines: Iterable[str]) -> str:
    """A fingerprint of a pack as a quiz draws from it: id, version, then one line per
    active question in key order (``question_line``) and one per filter option. Hex."""
    digest = hashlib.sha256()
    digest.update(f"{pack_id}\n{version}\n".encode())
    for line in lines:
        digest.update(line.encode())
        digest.update(b"\n")
    return digest.hexdigest()


def question_line(
    key: str,
    qtype: str,
    prompt: str,
    shuffle: bool,
    fact: str,
    tags: Sequence[str],
    choices: Sequence[tuple[str, bool]],
) -> str:
    """What of a question decides what a class is shown, as one line for ``fingerprint``."""
    parts = [key, qtype, prompt, "1" if shuffle else "0", fact, ",".join(sorted(tags))]
    parts += [("+" if correct else "-") + text for text, correct in choices]
    return repr(parts)


def fingerprint_bits(full: str) -> int:
    """The 12 bits of a fingerprint a code carries."""
    return int(full[:3], 16)


def _version_value(version: str) -> int:
    found = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", version)
    if not found:
        return _NO_VERSION
    major, minor, patch = (int(g) for g in found.groups())
    if major > 15 or minor > 31 or patch > 31:
        return _NO_VERSION
    value = major << 10 | minor << 5 | patch
    return _NO_VERSION if value == _NO_VERSION else value


def _version_text(value: int) -> str:
    if value == _NO_VERSION:
        return ""
    return f"{value >> 10}.{value >> 5 & 31}.{value & 31}"


def _time_value(minutes: int | None) -> int:
    if not minutes:
        return 0
    if 0 < minutes <= _MINUTE_STEPS:
        return minutes
    steps, rest = divmod(minutes - _MINUTE_STEPS, _LONG_STEP)
    if minutes < 0 or rest or minutes > MAX_TIME_LIMIT:
        raise SettingNotCoded(
            f"a class code's time limit is 1-{_MINUTE_STEPS} minutes, or up to "
            f"{MAX_TIME_LIMIT} in steps of {_LONG_STEP} (for example 105 or 120)"
        )
    return _MINUTE_STEPS + steps


def _time_minutes(value: int) -> int | None:
    if value == 0:
        return None
    if value <= _MINUTE_STEPS:
        return value
    return _MINUTE_STEPS + _LONG_STEP * (value - _MINUTE_STEPS)


def canonical(text: str) -> str:
    """A code's characters as they count: upper case, O read as 0, I and L as 1, U as V."""
    return "".join(_READ_AS.get(c, c) for c in text.upper())


def same_prefix(a: str, b: str) -> bool:
    """Whether two prefixes are the same once read as a code reads them (O as 0, …)."""
    return canonical(a) == canonical(b)


def _luhn_check(values: Sequence[int]) -> int:
    """Luhn mod 32: the check value that makes the weighted sum a multiple of 32."""
    total = 0
    factor = 2
    for value in reversed(values):
        addend = factor * value
        total += addend // 32 + addend % 32
        factor = 3 - factor
    return (32 - total % 32) % 32


def _check(prefix: str, values: Sequence[int]) -> int:
    """The prefix counts too (its letters read as payload characters), so a typo there is
    caught like any other."""
    return _luhn_check([_VALUE[c] for c in canonical(prefix)] + list(values))


def encode(pack_id: str, full_fingerprint: str, version: str, settings: ClassSettings) -> str:
    """The code for a quiz on this pack with these settings.

    Raises SettingNotCoded for settings a code cannot carry.
    """
    s = settings
    if s.count is not None and not 1 <= s.count <= MAX_COUNT:
        raise SettingNotCoded(f"a class code asks 1-{MAX_COUNT} questions, or all of them")
    if not 0 <= s.seed <= MAX_SEED:
        raise SettingNotCoded(f"a class code's seed is 0-{MAX_SEED}")
    if s.mode is Mode.STUDY:
        raise SettingNotCoded(
            "a class code starts a practice or an exam: study follows each learner's own schedule"
        )
    if s.mode is not Mode.EXAM and s.navigation is not Navigation.FREE:
        raise SettingNotCoded("only an exam can be sequential")
    fields = {
        "format": FORMAT,
        "fingerprint": fingerprint_bits(full_fingerprint),
        "version": _version_value(version),
        "mode": 1 if s.mode is Mode.EXAM else 0,
        "marking": _MARKINGS.index(s.marking),
        "navigation": 1 if s.navigation is Navigation.SEQUENTIAL else 0,
        "count": s.count or 0,
        "time": _time_value(s.time_limit_minutes),
        "seed": s.seed,
        "filter": 1 if any(s.filter) else 0,
    }
    number = 0
    for name, bits in _LAYOUT:
        number = number << bits | fields[name]
    values = [number >> (5 * i) & 31 for i in reversed(range(_PAYLOAD_CHARS))]
    if any(s.filter):
        mask = list(s.filter)
        while len(mask) % 5:
            mask.append(False)
        for i in range(0, len(mask), 5):
            values.append(sum(1 << (4 - j) for j, on in enumerate(mask[i : i + 5]) if on))
        while values[-1] == 0:  # options past the last one chosen are off anyway
            values.pop()
    prefix = prefix_for(pack_id)
    values.append(_check(prefix, values))
    body = "".join(ALPHABET[v] for v in values)
    return prefix + "-" + "-".join(body[i : i + 4] for i in range(0, len(body), 4))


def _values(text: str) -> list[int] | None:
    try:
        return [_VALUE[_READ_AS.get(c, c)] for c in text]
    except KeyError:
        return None


def decode(text: str) -> ClassCode:
    """Read a code as typed (any case, dashes and spaces optional).

    Raises CodeTypo if it has a typo, CodeError if it is not a class code at all.
    """
    upper = text.upper()
    cleaned = re.sub(r"\s+", "", upper)
    if not cleaned:
        raise CodeError("Type the class code your teacher gave you, like NATO-7KQ3-PX9M-2RTB.")
    parts = [p for p in cleaned.split("-") if p]
    if len(parts) >= 2 and len(parts[0]) <= PREFIX_LENGTH:
        candidates = [(parts[0], "".join(parts[1:]))]
    else:
        # No dash ends the prefix, and the check cannot (it runs over the prefix and the
        # payload alike): a space 1-4 characters in ends it, else the longest prefix that reads.
        pieces = [p for p in re.split(r"[\s-]+", upper) if p]
        joined = "".join(pieces)
        ends = set(itertools.accumulate(len(p) for p in pieces))
        lengths = sorted(range(1, PREFIX_LENGTH + 1), key=lambda n: (n not in ends, -n))
        candidates = [(joined[:n], joined[n:]) for n in lengths]
    error: CodeError | None = None
    for prefix, body in candidates:
        if not (1 <= len(prefix) <= PREFIX_LENGTH and prefix.isascii() and prefix.isalnum()):
            continue
        values = _values(body)
        if values is None or len(values) < _PAYLOAD_CHARS + 1:
            continue
        if _check(prefix, values[:-1]) != values[-1]:
            continue
        try:
            return _read(prefix, values[:-1])
        except CodeError as e:
            error = error or e
    if error is not None:
        raise error
    if len(parts) >= 2 or len(cleaned) >= _PAYLOAD_CHARS + 2:
        raise CodeTypo()
    raise CodeError(
        "That is not a class code: a code looks like NATO-7KQ3-PX9M-2RTB (ask your teacher)."
    )


def _read(prefix: str, values: list[int]) -> ClassCode:
    number = 0
    for value in values[:_PAYLOAD_CHARS]:
        number = number << 5 | value
    fields: dict[str, int] = {}
    for name, bits in reversed(_LAYOUT):
        fields[name] = number & ((1 << bits) - 1)
        number >>= bits
    if fields["format"] != FORMAT:
        raise CodeError("That code was made by a newer quizapp: update quizapp to join it.")
    if fields["marking"] >= len(_MARKINGS):
        raise CodeTypo()
    mask: list[bool] = []
    for value in values[_PAYLOAD_CHARS:]:
        mask += [bool(value >> (4 - j) & 1) for j in range(5)]
    if fields["filter"] != bool(mask) or (mask and not any(mask)):
        raise CodeTypo()
    mode = Mode.EXAM if fields["mode"] else Mode.PRACTICE
    navigation = Navigation.SEQUENTIAL if fields["navigation"] else Navigation.FREE
    if mode is Mode.PRACTICE and navigation is Navigation.SEQUENTIAL:
        raise CodeTypo()
    settings = ClassSettings(
        mode=mode,
        count=fields["count"] or None,
        marking=_MARKINGS[fields["marking"]],
        navigation=navigation,
        time_limit_minutes=_time_minutes(fields["time"]),
        filter=tuple(mask),
        seed=fields["seed"],
    )
    body = "".join(ALPHABET[v] for v in values)
    check = ALPHABET[_check(prefix, values)]
    body += check
    text = prefix + "-" + "-".join(body[i : i + 4] for i in range(0, len(body), 4))
    return ClassCode(
        text, prefix, fields["fingerprint"], _version_text(fields["version"]), settings
    )


def filter_matches(mask: Sequence[bool], options: int) -> bool:
    """Whether a code's filter fits a pack with this many filter options."""
    return not any(mask[options:])
