"""Where each key and value of a TOML document starts, so validation errors can name a line.

``tomllib`` gives values without positions. This scanner walks a document that ``tomllib``
has already accepted and records the line of every table header, key and array element,
keyed by the same paths that pydantic reports (``("questions", 2, "choices", 0, "correct")``,
indexes from 0). It is only run when a pack has problems, so it costs nothing on the
happy path.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right

Path = tuple[str | int, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR_END = re.compile(r"[,\]}\n#]")
# (quote, multi-line) -> a pattern matching the whole string, escapes included.
_STRINGS = {
    ('"', False): re.compile(r'"(?:[^"\\\n]|\\.)*"?'),
    ('"', True): re.compile(r'"""(?:[^"\\]|\\.|\\\n|"(?!""))*""""{0,2}', re.DOTALL),
    ("'", False): re.compile(r"'[^'\n]*'?"),
    ("'", True): re.compile(r"\'\'\'(?:[^']|'(?!''))*\'\'\''{0,2}", re.DOTALL),
}


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        self.i = 0
        self.newlines = [m.end() for m in re.finditer("\n", text)]
        self.positions: dict[Path, int] = {}
        self.aot_index: dict[Path, int] = {}
        self.aot_count: dict[Path, int] = {}

    # -- helpers -----------------------------------------------------------------------
    def line(self, offset: int) -> int:
        return bisect_right(self.newlines, offset) + 1

    def record(self, path: Path, offset: int) -> None:
        self.positions.setdefault(path, self.line(offset))

    def skip_space(self, newlines: bool) -> None:
        text, n = self.text, self.n
        while self.i < n:
            c = text[self.i]
            if c in " \t\r" or (newlines and c == "\n"):
                self.i += 1
            elif c == "#":
                end = text.find("\n", self.i)
                self.i = n if end < 0 else end
            else:
                return

    def skip_line(self) -> None:
        end = self.text.find("\n", self.i)
        self.i = self.n if end < 0 else end + 1

    # -- keys ----------------------------------------------------------------------------
    def simple_key(self) -> str:
        text, i = self.text, self.i
        if i < self.n and text[i] == '"':
            j = i + 1
            while j < self.n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            raw = text[i + 1 : j]
            self.i = j + 1
            try:
                return str(json.loads('"' + raw + '"'))
            except ValueError:
                return raw
        if i < self.n and text[i] == "'":
            j = text.find("'", i + 1)
            j = self.n if j < 0 else j
            self.i = j + 1
            return text[i + 1 : j]
        m = _BARE_KEY.match(text, i)
        if m is None:
            raise ValueError("key expected")
        self.i = m.end()
        return m.group()

    def dotted_key(self) -> list[str]:
        keys = [self.simple_key()]
        while True:
            self.skip_space(newlines=False)
            if self.i < self.n and self.text[self.i] == ".":
                self.i += 1
                self.skip_space(newlines=False)
                keys.append(self.simple_key())
            else:
                return keys

    def resolve(self, keys: list[str]) -> Path:
        path: Path = ()
        for k in keys:
            path = (*path, k)
            if path in self.aot_index:
                path = (*path, self.aot_index[path])
        return path

    # -- values --------------------------------------------------------------------------
    def string(self, quote: str) -> None:
        pattern = _STRINGS[quote, self.text.startswith(quote * 3, self.i)]
        m = pattern.match(self.text, self.i)
        self.i = m.end() if m else self.n

    def value(self, path: Path) -> None:
        c = self.text[self.i] if self.i < self.n else ""
        if c in "\"'":
            self.string(c)
        elif c == "[":
            self.i += 1
            index = 0
            while self.i < self.n:
                self.skip_space(newlines=True)
                if self.i >= self.n or self.text[self.i] == "]":
                    self.i += 1
                    return
                element = (*path, index)
                self.record(element, self.i)
                self.value(element)
                index += 1
                self.skip_space(newlines=True)
                if self.i < self.n and self.text[self.i] == ",":
                    self.i += 1
        elif c == "{":
            self.i += 1
            while self.i < self.n:
                self.skip_space(newlines=True)
                if self.i >= self.n or self.text[self.i] == "}":
                    self.i += 1
                    return
                self.key_value(path)
                self.skip_space(newlines=True)
                if self.i < self.n and self.text[self.i] == ",":
                    self.i += 1
        else:
            m = _SCALAR_END.search(self.text, self.i)
            self.i = self.n if m is None else max(m.start(), self.i + 1)

    def key_value(self, table: Path) -> None:
        """``a.b = value`` inside ``table``: record the key (and its parents), then the value."""
        start = self.i
        keys = self.dotted_key()
        for k in range(1, len(keys) + 1):
            self.record((*table, *keys[:k]), start)
        self.skip_space(newlines=False)
        self.i += 1  # '='
        self.skip_space(newlines=False)
        self.value((*table, *keys))

    # -- document ------------------------------------------------------------------------
    def header(self) -> Path:
        start = self.i
        is_array = self.text.startswith("[[", self.i)
        self.i += 2 if is_array else 1
        self.skip_space(newlines=False)
        keys = self.dotted_key()
        self.skip_line()
        if not is_array:
            path = self.resolve(keys)
            self.record(path, start)
            return path
        parent = self.resolve(keys[:-1])
        array = (*parent, keys[-1])
        index = self.aot_count.get(array, 0)
        self.aot_count[array] = index + 1
        self.aot_index[array] = index
        self.record(array, start)
        path = (*array, index)
        self.record(path, start)
        return path

    def document(self) -> dict[Path, int]:
        table: Path = ()
        while True:
            self.skip_space(newlines=True)
            if self.i >= self.n:
                return self.positions
            before = self.i
            if self.text[self.i] == "[":
                table = self.header()
            else:
                self.key_value(table)
            if self.i <= before:  # never loop on text we do not understand
                self.skip_line()


def key_lines(text: str) -> dict[Path, int]:
    """Map each key path of a valid TOML document to its 1-based line number.

    On text the scanner cannot follow it returns what it found so far; callers fall back
    to the nearest enclosing path, or to no line at all.
    """
    scanner = _Scanner(text)
    try:
        return scanner.document()
    except (ValueError, IndexError):
        return scanner.positions


def line_for(positions: dict[Path, int], path: Path) -> int | None:
    """The line of ``path``, or of its nearest recorded ancestor."""
    while True:
        if path in positions:
            return positions[path]
        if not path:
            return None
        path = path[:-1]
