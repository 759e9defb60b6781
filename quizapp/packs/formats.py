"""Every pack format quizapp reads or writes, behind one interface.

A reader turns a file's bytes into a core ``Pack`` plus warnings (questions skipped, things
to complete), or raises ``PackInvalid`` listing every error with its line. A writer turns a
``Pack`` into bytes. ``detect`` picks the format from the file's extension and content.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from quizapp.core.model import Citation, Pack, PackInfo, Source, SourceKind
from quizapp.core.problems import Problem


@dataclass(frozen=True, slots=True)
class ReadResult:
    """A pack read from a file, and what the teacher should know about it.

    Attributes:
        pack: the questions that could be read.
        warnings: problems that did not stop the import (each a Problem with severity
            "warning"), e.g. "line 12: essay question skipped: quizapp has no essay questions".
        images: for .quizpack files, image bytes by their path inside the archive.
        lines: the line of the file each question starts on, by question id, so that the one
            validation every reader's result goes through (``packs.validate``) can name it.
    """

    pack: Pack
    warnings: tuple[Problem, ...] = ()
    images: dict[str, bytes] = field(default_factory=dict)
    format: str = ""  # the format it was read in (set by the registry)
    lines: dict[str, int] = field(default_factory=dict)
    # How the pack's language was settled: "" (the file says it), "given" (--language),
    # "detected" (from the text), "undetermined" ("und": the text was not clear).
    language: str = ""


@dataclass(frozen=True, slots=True)
class WriteResult:
    """A pack written in some format, and what could not be written in it.

    Attributes:
        data: the file's bytes.
        warnings: plain sentences, e.g. 'question "q7" skipped: Aiken has no true/false questions'.
    """

    data: bytes
    warnings: tuple[str, ...] = ()


Reader = Callable[[bytes, str], ReadResult]
# A writer gets the pack and the bytes of the images its questions use (by path).
Writer = Callable[[Pack, dict[str, bytes]], WriteResult]


@dataclass(frozen=True, slots=True)
class Format:
    """A pack format: its name, file extensions, and how to read and write it.

    An export-only format (Anki's .apkg) has no reader; a format quizapp only reads, no writer.
    """

    name: str
    extensions: tuple[str, ...]
    description: str
    reader: Reader | None
    writer: Writer | None = None


def pack_id_from_name(name: str) -> str:
    """A pack id (lowercase slug) made from a file name: "My Quiz (2).gift" -> "my-quiz-2"."""
    stem = Path(name).stem.lower()
    slug = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")
    return slug[:64].strip("-") or "imported"


IMPORTED_FILE_SOURCE = "imported-file"


def imported_file_source(name: str, format_name: str) -> Source:
    """The source that questions without one of their own cite: the file they came from."""
    return Source(
        id=IMPORTED_FILE_SOURCE,
        title=Path(name).name,
        kind=SourceKind.OTHER,
        note=(
            f"Imported from the {format_name} file {Path(name).name}, which gives no sources. "
            "Replace this with the real sources of each question."
        ),
    )


def line_citation(line: int) -> Citation:
    """A citation of the imported file at ``line``."""
    return Citation(IMPORTED_FILE_SOURCE, f"line {line}")


class _TextExtractor(HTMLParser):
    BLOCKS = frozenset({"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre"})
    HIDDEN = frozenset({"script", "style", "template"})  # never shown, never kept

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        if self.hidden:
            return  # nothing inside script, style or template is shown
        if tag in self.BLOCKS or tag == "br":
            self.parts.append("\n")
        if tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(f"[{alt}]")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":  # <br/> is one line break, not a start and an end
            self.parts.append("\n")
        elif tag not in self.HIDDEN:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(self.hidden - 1, 0)
        if tag in self.BLOCKS and not self.hidden:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


_TAG = re.compile(r"<[^>]*>")


def html_to_text(html: str) -> str:
    """Readable plain text from an HTML fragment (quizapp shows plain text)."""
    extractor = _TextExtractor()
    try:
        extractor.feed(html)
        extractor.close()
    except AssertionError:  # html.parser gives up on some broken markup, e.g. "<![if x]>"
        return " ".join(unescape(_TAG.sub(" ", html)).split())
    text = "".join(extractor.parts).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def imported_pack_info(name: str, format_name: str) -> PackInfo:
    """The details of a pack imported from a file that has none: id and title from its name."""
    file = Path(name)
    title = file.stem.strip() or "Imported questions"
    return PackInfo(
        id=pack_id_from_name(name),
        title=title[:200],
        version="1.0.0",
        language="en",
        description=f"Imported from the {format_name} file {file.name}.",
    )
