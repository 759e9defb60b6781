"""Moodle XML question files: read with a hardened parser (untrusted input), and written."""

from __future__ import annotations

import base64
import binascii
import html
import math
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from urllib.parse import quote, unquote
from xml.etree import ElementTree as ET

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import DefusedXMLParser

from quizapp.core.model import (
    Choice,
    Citation,
    Image,
    Pack,
    Question,
    QuestionType,
    true_false_choices,
)
from quizapp.core.problems import PackInvalid, Problem
from quizapp.packs import formats, ids, moodle_grades, schema
from quizapp.packs.quizpack import MAX_ENTRY_BYTES, MAX_TOTAL_BYTES, image_kind

# A Moodle XML file carries its pictures in base64, a third larger than the pictures
# themselves: room for a .quizpack's worth of pictures (MAX_TOTAL_BYTES), and the text.
MAX_XML_BYTES = MAX_TOTAL_BYTES * 3 // 2
# Moodle nests five levels (quiz/question/answer/feedback/text); far deeper is a crafted file.
MAX_DEPTH = 100

_FORMAT_NAME = "Moodle XML"
_PLUGINFILE = "@@PLUGINFILE@@"
_IMAGE_FOLDER = "images/"
_EXTENSIONS = {"PNG": ".png", "JPEG": ".jpg", "GIF": ".gif", "WebP": ".webp"}
_IMPORTED = frozenset({"multichoice", "truefalse"})
# Moodle's names for the question types quizapp skips (as its question bank shows them).
_TYPE_NAMES = {
    "shortanswer": "short answer",
    "essay": "essay",
    "matching": "matching",
    "numerical": "numerical",
    "cloze": "embedded answers (Cloze)",
    "calculated": "calculated",
    "calculatedsimple": "simple calculated",
    "calculatedmulti": "calculated multichoice",
    "ddwtos": "drag and drop into text",
    "ddimageortext": "drag and drop onto image",
    "ddmarker": "drag and drop markers",
    "gapselect": "select missing words",
    "randomsamatch": "random short-answer matching",
    "ordering": "ordering",
    "random": "random",
}
# Script and style are code, never text: they are dropped before HTML becomes plain text.
_CODE = re.compile(r"<(script|style|template)\b.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL)
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
# What XML 1.0 cannot hold: most control characters, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']""")


# -- parsing: untrusted XML ------------------------------------------------------------------


class _TooDeep(Exception):
    """The document nests deeper than MAX_DEPTH."""


class _Builder(ET.TreeBuilder):
    """Builds the element tree and notes the line each <question> starts on.

    Attributes:
        lines: the line of each <question> element, by the element's id().
        line_now: the parser's current line (set once the parser exists).
    """

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[int, int] = {}
        self.line_now: Callable[[], int] = lambda: 0
        self.depth = 0

    def start(self, tag: str, attrs: dict[str, str], /) -> ET.Element:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _TooDeep
        element = super().start(tag, attrs)
        if tag == "question":
            self.lines[id(element)] = self.line_now()
        return element

    def end(self, tag: str, /) -> ET.Element:
        self.depth -= 1
        return super().end(tag)


def _refuse(name: str, line: int | None, message: str) -> PackInvalid:
    return PackInvalid([Problem(name, line, message)])


def _parse(data: bytes, name: str) -> tuple[ET.Element, dict[int, int]]:
    """The document's root and the lines of its questions; PackInvalid if it cannot be read.

    defusedxml's parser refuses any document type declaration, so no entity is ever declared
    or expanded (the "billion laughs") and nothing outside the file is ever opened (external
    entities and DTDs).
    """
    if len(data) > MAX_XML_BYTES:
        raise _refuse(
            name,
            None,
            f"is {len(data) / 1_048_576:.1f} MB; a Moodle XML file may be at most "
            f"{MAX_XML_BYTES // 1_048_576} MB",
        )
    if not data.strip():
        raise _refuse(name, None, "is empty: there is nothing to read as a Moodle XML file")
    builder = _Builder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    expat = parser.parser
    builder.line_now = lambda: int(expat.CurrentLineNumber)
    try:
        parser.feed(data)
        root: ET.Element = parser.close()
    except DTDForbidden as e:
        where = f' and names the file "{e.sysid}"' if e.sysid else ""
        raise _refuse(
            name,
            expat.CurrentLineNumber,
            f"has a document type declaration (<!DOCTYPE …>){where}, which a Moodle XML file "
            "never has: quizapp refuses it, so that no entity it declares is expanded and no "
            "file or address it names is opened",
        ) from None
    except DefusedXmlException:
        # Not reached while every DTD is refused; kept in case that ever changes.
        raise _refuse(
            name,
            expat.CurrentLineNumber,
            "declares or uses an entity, which quizapp never expands in a file from elsewhere",
        ) from None
    except _TooDeep:
        raise _refuse(
            name,
            expat.CurrentLineNumber,
            f"nests its elements more than {MAX_DEPTH} levels deep, which no Moodle XML file does",
        ) from None
    except ET.ParseError as e:
        line, column = e.position
        reason = str(e).split(": line ")[0]
        reason = re.sub(r"^not well-formed \((.*)\)$", r"\1", reason)  # expat's wording
        raise PackInvalid(
            [
                Problem(
                    name,
                    line,
                    f"is not well-formed XML ({reason}), so it cannot be read; the file may be "
                    "damaged, or not an XML file",
                    column=column + 1,
                )
            ]
        ) from None
    except (ValueError, LookupError):  # an unknown encoding, or a multi-byte one expat lacks
        declared = _ENCODING.search(data[:200])
        encoding = f'the "{declared[1].decode()}" encoding' if declared else "an encoding"
        raise _refuse(
            name,
            1,
            f"is written in {encoding} that quizapp cannot read: save it as UTF-8 (as Moodle "
            "writes its exports) and try again",
        ) from None
    if root.tag != "quiz":
        tag = _shown(str(root.tag), 40)
        raise _refuse(
            name,
            1,
            f"is XML, but not a Moodle XML question file: its top element is <{tag}>, "
            "where Moodle's is <quiz>",
        )
    return root, builder.lines


# -- Moodle XML -> quizapp -------------------------------------------------------------------


def read_xml(data: bytes, name: str) -> formats.ReadResult:
    """A pack of the multiple-choice and true/false questions of a Moodle XML file.

    Raises PackInvalid with a plain sentence when the file cannot be read at all (not XML,
    a document type declaration, nested absurdly deep, too large) or has no question quizapp
    can ask. Questions of other types are skipped with one warning per type.
    """
    root, lines = _parse(data, name)
    importer = _Importer(name)
    for element in root.iterfind("question"):
        importer.add(element, lines.get(id(element), 1))
    return importer.result()


class _ImgTag(HTMLParser):
    """Reads the attributes of one <img> tag (entities resolved, any quoting)."""

    def __init__(self, tag: str) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: dict[str, str] = {}
        try:
            self.feed(tag)
            self.close()
        except AssertionError:  # html.parser gives up on some broken markup
            self.attrs = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs = {k: v or "" for k, v in attrs}

    handle_startendtag = handle_starttag


class _Importer:
    """Turns <question> elements into quizapp questions, noting what the teacher should know."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.category = ""
        self.questions: list[Question] = []
        self.lines: dict[str, int] = {}
        self.warnings: list[Problem] = []
        self.ids = ids.UniqueIds()
        self.skipped: dict[str, list[int]] = {}
        self.images: dict[str, bytes] = {}
        self.image_bytes = 0
        self.undescribed: list[int] = []  # lines of questions with a picture without alt text
        self.overall_feedback: list[int] = []
        self.hints: list[int] = []
        self.line = 0
        self.label = ""
        self.question_name = ""

    def warn(self, message: str) -> None:
        self.warnings.append(Problem(self.name, self.line, message, severity="warning"))

    def add(self, element: ET.Element, line: int) -> None:
        kind = element.get("type", "")
        self.line = line
        if kind == "category":
            self.category = ids.category_tag(_text(element.find("category")))
            return
        if kind not in _IMPORTED:
            self.skipped.setdefault(kind, []).append(line)
            return
        self.question_name = _name(element)
        self.label = _label(self.question_name, element)
        question = self.question(element, kind)
        if question is None:  # what it would have shown is not worth a warning of its own
            self.undescribed = [n for n in self.undescribed if n != line]
            return
        self.questions.append(question)
        self.lines[question.id] = line

    def question(self, element: ET.Element, kind: str) -> Question | None:
        text = element.find("questiontext")
        prompt, picture = self.rich_text(text, "question text", pictures=True)
        if not prompt:
            self.warn(f"question {self.label} skipped: it has no question text")
            return None
        read = self.truefalse(element) if kind == "truefalse" else self.multichoice(element)
        if read is None:
            return None
        qtype, choices = read
        explanation, _ = self.rich_text(element.find("generalfeedback"), "general feedback")
        self.note_left_out(element)
        return Question(
            id=self.question_id(element),
            type=qtype,
            prompt=prompt,
            choices=choices,
            explanation=explanation,
            citations=(formats.line_citation(self.line),),
            tags=self.tags(element),
            shuffle=_flag(_text(element.find("shuffleanswers")), default=True),
            image=picture,
        )

    def note_left_out(self, element: ET.Element) -> None:
        combined = ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback")
        if any(_plain_of(element.find(tag)) for tag in combined):
            self.overall_feedback.append(self.line)
        if any(_plain_of(hint) for hint in element.iterfind("hint")):
            self.hints.append(self.line)

    # -- text and pictures

    def rich_text(
        self, element: ET.Element | None, where: str, *, pictures: bool = False
    ) -> tuple[str, Image | None]:
        """The plain text of a Moodle text element, and the picture it shows (if ``pictures``).

        HTML becomes plain text with its line breaks; scripts and styles are dropped. The
        first embedded picture becomes the image; any other is left out with a warning.
        """
        if element is None:
            return "", None
        raw = _raw_text(element.find("text"))
        if not raw.strip():
            return "", None
        fmt = element.get("format", "moodle_auto_format")
        if fmt in ("plain_text", "markdown"):
            return raw.strip(), None
        if fmt != "html":  # moodle_auto_format: Moodle turns its line breaks into <br>
            raw = raw.replace("\n", "<br>")
        chosen: Image | None = None
        files = {_file_key(f): f for f in element.iterfind("file")}

        def picture(match: re.Match[str]) -> str:
            nonlocal chosen
            tag = match.group()
            attrs = _ImgTag(tag).attrs
            src = attrs.get("src", "")
            shown = _shown(src.removeprefix(_PLUGINFILE + "/"), 60)
            if not pictures:
                self.warn(
                    f'question {self.label}: the picture "{shown}" in its {where} is left out '
                    "(quizapp shows pictures only with the question and its choices)"
                )
                return tag
            if chosen is not None:
                self.warn(
                    f'question {self.label}: the picture "{shown}" in its {where} is left out '
                    "(quizapp shows one picture there)"
                )
                return tag
            got = self.embedded(src, files, attrs.get("alt", "") or attrs.get("title", ""))
            if isinstance(got, str):
                self.warn(
                    f'question {self.label}: the picture "{shown}" in its {where} is left out: '
                    + got
                )
                return tag
            chosen = got
            return " "  # shown as the picture, not as its description in brackets

        raw = _IMG.sub(picture, _CODE.sub(" ", raw))
        return formats.html_to_text(raw), chosen

    def embedded(self, src: str, files: dict[str, ET.Element], alt: str) -> Image | str:
        """The picture an <img src="@@PLUGINFILE@@/..."> shows, or why it cannot be used."""
        if not src.startswith(_PLUGINFILE + "/"):
            return "it is not in the file (only pictures embedded in it are imported)"
        key = unquote(src[len(_PLUGINFILE) :].split("?", 1)[0])
        file = files.get(key) or next(
            (f for k, f in files.items() if k.rsplit("/", 1)[-1] == key.rsplit("/", 1)[-1]),
            None,
        )
        if file is None:
            return "it is not among the pictures embedded in the file"
        data = self.decoded(file)
        if isinstance(data, str):
            return data
        kind = image_kind(data)
        if kind is None:
            return "quizapp shows PNG, JPEG, GIF and WebP pictures, and this is none of them"
        path = self.store(file.get("name", ""), _EXTENSIONS[kind], data)
        description = " ".join(alt.split())
        if not description:
            if self.line not in self.undescribed:
                self.undescribed.append(self.line)
            description = f"Picture {path.removeprefix(_IMAGE_FOLDER)}"
        return Image(path, description)

    def decoded(self, file: ET.Element) -> bytes | str:
        """The bytes of a <file>, held to a .quizpack's limits before it is decoded."""
        if file.get("encoding", "base64") != "base64":
            return "it is not stored in base64, the only encoding Moodle uses"
        text = "".join((file.text or "").split())
        size = len(text) * 3 // 4
        if size > MAX_ENTRY_BYTES + 2:
            return (
                f"it is {size:,} bytes, and a picture may be at most "
                f"{MAX_ENTRY_BYTES // 1_048_576} MB (as in a .quizpack)"
            )
        if self.image_bytes + size > MAX_TOTAL_BYTES + 2:
            return (
                f"the file's pictures come to more than {MAX_TOTAL_BYTES // 1_048_576} MB, "
                "the most a pack may hold (as in a .quizpack)"
            )
        try:
            data = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            return "its data is not valid base64"
        if len(data) > MAX_ENTRY_BYTES:  # the estimate above allows for padding
            return f"a picture may be at most {MAX_ENTRY_BYTES // 1_048_576} MB"
        return data

    def store(self, file_name: str, extension: str, data: bytes) -> str:
        """The picture's path in the pack: images/<its name>, made unique; the same picture
        twice is stored once."""
        stem = file_name.rsplit(".", 1)[0] if "." in file_name else file_name
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", ids.ascii_fold(stem)).strip("-._")[:80] or "picture"
        path = f"{_IMAGE_FOLDER}{stem}{extension}"
        n = 1
        while path in self.images and self.images[path] != data:
            n += 1
            path = f"{_IMAGE_FOLDER}{stem}-{n}{extension}"
        if path not in self.images:
            self.images[path] = data
            self.image_bytes += len(data)
        return path

    # -- answers

    def choice_parts(self, answer: ET.Element) -> tuple[str, Image | None, str, float] | None:
        """(text, picture, feedback, fraction) of an <answer>, or None after a warning."""
        text, picture = self.rich_text(answer, "choices", pictures=True)
        if not text and picture is not None:
            text = picture.alt  # a choice that is only a picture is named by its description
        feedback, _ = self.rich_text(answer.find("feedback"), "feedback")
        fraction = _fraction(answer.get("fraction", "0"))
        if fraction is None:
            shown = _shown(answer.get("fraction", ""), 20)
            self.warn(
                f'question {self.label} skipped: the fraction "{shown}" of an answer is not a '
                "number"
            )
            return None
        return text, picture, feedback, fraction

    def multichoice(self, element: ET.Element) -> tuple[QuestionType, tuple[Choice, ...]] | None:
        single = _single(_text(element.find("single"), "true"))
        read = []
        for answer in element.iterfind("answer"):
            parts = self.choice_parts(answer)
            if parts is None:
                return None
            if parts[0]:  # Moodle ignores answers left blank; so does quizapp
                read.append(parts)
        if not read:
            self.warn(f"question {self.label} skipped: it has no answers")
            return None
        if single:
            right = [f > 1 - moodle_grades.GRADE_TOLERANCE for *_, f in read]
            partial = [f for *_, f in read if 0 < f < 1 - moodle_grades.GRADE_TOLERANCE]
        else:
            right = [f > 0 for *_, f in read]
            partial = []
        if not any(right):
            self.warn(
                f"question {self.label} skipped: no choice is fully right (a fraction of 100), "
                "and quizapp needs one"
            )
            return None
        qtype = QuestionType.MULTIPLE_RESPONSE if not single else QuestionType.MULTIPLE_CHOICE
        if single and sum(right) > 1:
            qtype = QuestionType.MULTIPLE_RESPONSE
            self.warn(
                f"question {self.label}: Moodle accepts any one of its {sum(right)} right "
                "choices; quizapp imports it as select-all-that-apply, which asks for all of them"
            )
        if partial:
            shown = ", ".join(f"{_number(f * 100)}%" for f in partial)
            self.warn(
                f"question {self.label}: the partial credit ({shown}) is dropped; quizapp counts "
                "only the fully right choice as right"
            )
        wrong = len(read) - sum(right)
        choices = tuple(
            Choice(
                text,
                ok,
                feedback,
                picture,
                penalty=None if ok else moodle_grades.penalty(fraction, single, wrong),
            )
            for (text, picture, feedback, fraction), ok in zip(read, right, strict=True)
        )
        return qtype, choices

    def truefalse(self, element: ET.Element) -> tuple[QuestionType, tuple[Choice, ...]] | None:
        said: dict[bool, tuple[str, float]] = {}
        answers = list(element.iterfind("answer"))
        for i, answer in enumerate(answers):
            parts = self.choice_parts(answer)
            if parts is None:
                return None
            text, _, feedback, fraction = parts
            # Moodle exports "true" and "false"; an answer that says neither goes by its place.
            word = text.strip().lower()
            value = word == "true" if word in ("true", "false") else i == 0
            said.setdefault(value, (feedback, fraction))
        if len(said) != 2:
            self.warn(
                f'question {self.label} skipped: a true/false question needs a "true" and a '
                f'"false" answer, and it has {len(answers)} answers'
            )
            return None
        right = [value for value, (_, fraction) in said.items() if fraction > 0]
        if len(right) != 1:
            self.warn(
                f"question {self.label} skipped: exactly one of its answers, true or false, must "
                "be right (a fraction of 100)"
            )
            return None
        return QuestionType.TRUE_FALSE, true_false_choices(right[0], said[True][0], said[False][0])

    # -- ids and tags

    def question_id(self, element: ET.Element) -> str:
        """The idnumber if it is a valid quizapp id, else the name as a slug, else the line;
        unique in the pack."""
        idnumber = _text(element.find("idnumber")).strip()
        if schema.ID_RE.match(idnumber) and len(idnumber) <= ids.ID_LIMIT:
            base = idnumber
        else:
            base = ids.slug(self.question_name) or f"q-line-{self.line}"
        return self.ids.take(base)

    def tags(self, element: ET.Element) -> tuple[str, ...]:
        own = [_text(t.find("text")) for t in element.iterfind("tags/tag")]
        out = ids.tags(self.category, *own)
        if len(out) > schema.MAX_TAGS:
            self.warn(
                f"question {self.label}: only its first {schema.MAX_TAGS} tags are kept "
                f"(it has {len(out)})"
            )
        return tuple(out[: schema.MAX_TAGS])

    # -- the result

    def summary(self) -> Iterator[Problem]:
        """One warning for each kind of thing left out across the file."""
        for kind, lines in self.skipped.items():
            yield self.aggregate(lines, _skipped_message(kind, len(lines)))
        if self.undescribed:
            yield self.aggregate(
                self.undescribed,
                f"{_count(len(self.undescribed), 'question')} "
                f"{'shows' if len(self.undescribed) == 1 else 'show'} a picture without a "
                "description (alt text): each is described by its file name until you describe "
                "it in the editor",
            )
        if self.overall_feedback:
            yield self.aggregate(
                self.overall_feedback,
                f"the overall feedback of {_count(len(self.overall_feedback), 'question')} (for "
                "a right, partly right or wrong answer) is left out: quizapp shows each choice's "
                "feedback and the explanation",
            )
        if self.hints:
            yield self.aggregate(
                self.hints,
                f"the hints of {_count(len(self.hints), 'question')} are left out: quizapp has "
                "no hints",
            )

    def aggregate(self, lines: list[int], message: str) -> Problem:
        return Problem(self.name, lines[0], f"{message} ({_lines(lines)})", severity="warning")

    def result(self) -> formats.ReadResult:
        warnings = sorted([*self.warnings, *self.summary()], key=lambda p: p.line or 0)
        if not self.questions:
            raise PackInvalid(
                [
                    Problem(
                        self.name, None, "no multiple-choice or true/false questions to import"
                    ),
                    *warnings,
                ]
            )
        pack = Pack(
            formats.imported_pack_info(self.name, _FORMAT_NAME),
            sources=(formats.imported_file_source(self.name, _FORMAT_NAME),),
            questions=tuple(self.questions),
        )
        used = pack.image_paths()
        images = {path: data for path, data in self.images.items() if path in used}
        return formats.ReadResult(pack, tuple(warnings), images, lines=self.lines)


def _skipped_message(kind: str, count: int) -> str:
    if kind == "description":
        noun = "description" if count == 1 else "descriptions"
        return f"{count} {noun} skipped: quizapp has no descriptions (text without a question)"
    if kind in _TYPE_NAMES:
        readable = _TYPE_NAMES[kind]
        return (
            f'{_count(count, f"{readable} question")} (Moodle type "{kind}") skipped: quizapp '
            f"has no {readable} questions"
        )
    shown = _shown(kind, 40) if kind else "(none)"
    return (
        f'{_count(count, "question")} of the type "{shown}" skipped: quizapp knows only '
        "multiple-choice, multiple-response and true/false questions"
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _lines(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:10])
    more = f" and {len(lines) - 10} more" if len(lines) > 10 else ""
    return f"line {shown}" if len(lines) == 1 else f"lines {shown}{more}"


def _label(name: str, element: ET.Element) -> str:
    """How a warning names a question: its name, else the start of its text."""
    name = name or formats.html_to_text(_text(element.find("questiontext/text")))
    return f'"{_shown(name, 40)}"'


def _name(element: ET.Element) -> str:
    """The question's <name>, as plain text (Moodle allows a little HTML there)."""
    return formats.html_to_text(_text(element.find("name")))


def _shown(text: str, limit: int) -> str:
    text = " ".join(text.split())
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(element: ET.Element | None, default: str = "") -> str:
    """The text directly inside an element (Moodle's <text>, <single>…)."""
    if element is None:
        return default
    if element.tag != "text" and element.find("text") is not None:
        element = element.find("text")
    return (element.text if element is not None else None) or default


def _raw_text(element: ET.Element | None) -> str:
    """A <text> element's content as written: HTML written as XML elements is kept as HTML."""
    if element is None:
        return ""
    inner = [ET.tostring(child, encoding="unicode") for child in element]
    return (element.text or "") + "".join(inner)


def _plain_of(element: ET.Element | None) -> str:
    """The visible text of a text element, without its pictures (for "is it empty?")."""
    if element is None:
        return ""
    return formats.html_to_text(_raw_text(element.find("text")))


def _file_key(file: ET.Element) -> str:
    path = file.get("path", "/") or "/"
    if not path.endswith("/"):
        path += "/"
    return path + file.get("name", "")


def _flag(text: str, *, default: bool) -> bool:
    word = text.strip().lower()
    if word in ("true", "1", "yes"):
        return True
    if word in ("false", "0", "no"):
        return False
    return default


def _single(text: str) -> bool:
    """Moodle's reading of <single>: "false", "0" and nothing mean several answers."""
    return text.strip().lower() not in ("false", "0", "")


def _fraction(text: str) -> float | None:
    """A fraction attribute (a percentage) as a share of a mark, or None if not a number."""
    try:
        value = float(text.strip() or "0")
    except ValueError:
        return None
    return value / 100 if math.isfinite(value) else None


def _number(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


# -- quizapp -> Moodle XML -------------------------------------------------------------------


def write_xml(pack: Pack, images: dict[str, bytes]) -> formats.WriteResult:
    """The pack as a Moodle XML file for Moodle's question import, and what it cannot hold.

    Texts are written as HTML (line breaks as <br>); pictures are embedded in base64. A
    multiple-response question gets Moodle's fractions: each right choice ``100/k``, each
    wrong one ``-100/m`` or its own penalty (the nearest of Moodle's grades).
    """
    writer = _Writer(pack, images)
    root = ET.Element("quiz")
    title = " ".join(pack.info.title.split())
    about = f" {title}: quizapp pack {pack.info.id} {pack.info.version} "
    root.append(ET.Comment(_xml_safe(about).replace("--", "- -")))
    for q in pack.questions:
        root.append(writer.question(q))
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    data = ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")
    return formats.WriteResult(data, tuple([*writer.warnings, *writer.left_out()]))


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


class _Writer:
    """Writes questions as <question> elements, noting what Moodle XML cannot hold."""

    def __init__(self, pack: Pack, images: dict[str, bytes]) -> None:
        self.pack = pack
        self.images = images
        self.sources = pack.source_map()
        self.facts = pack.fact_map()
        self.warnings: list[str] = []
        self.flattened = False
        self.cleaned: set[str] = set()

    def question(self, q: Question) -> ET.Element:
        tf = q.type is QuestionType.TRUE_FALSE
        element = ET.Element("question", type="truefalse" if tf else "multichoice")
        name = _sub(element, "name")
        _sub(name, "text", self.clean(q, q.id))
        self.text(_sub(element, "questiontext", format="html"), q, q.prompt, q.image)
        feedback = self.general_feedback(q)
        self.text(_sub(element, "generalfeedback", format="html"), q, feedback, is_html=True)
        _sub(element, "defaultgrade", "1")
        _sub(element, "penalty", "1" if tf else "0.3333333")  # Moodle's defaults
        _sub(element, "hidden", "0")
        _sub(element, "idnumber", self.clean(q, q.id))
        if tf:
            self.truefalse(element, q)
        else:
            self.multichoice(element, q)
        if q.tags:
            tags = _sub(element, "tags")
            for tag in q.tags:
                _sub(_sub(tags, "tag"), "text", self.clean(q, tag))
        return element

    def clean(self, q: Question, text: str) -> str:
        cleaned = _xml_safe(text.replace("\r\n", "\n").replace("\r", "\n"))
        if cleaned != text.replace("\r\n", "\n").replace("\r", "\n") and q.id not in self.cleaned:
            self.cleaned.add(q.id)
            self.warnings.append(
                f'question "{q.id}": control characters that XML cannot hold are left out'
            )
        return cleaned

    def text(
        self,
        element: ET.Element,
        q: Question,
        text: str,
        picture: Image | None = None,
        *,
        is_html: bool = False,
    ) -> None:
        """``text`` (or HTML) in <text>, and its picture as a base64 <file> that it shows."""
        body = text if is_html else _html(self.clean(q, text))
        file: ET.Element | None = None
        if picture is not None:
            data = self.images.get(picture.path)
            if data is None:
                self.warnings.append(
                    f'question "{q.id}": its picture "{picture.path}" is missing, so it is left out'
                )
            else:
                file_name = picture.path.rsplit("/", 1)[-1]
                alt = html.escape(" ".join(self.clean(q, picture.alt).split()))
                img = f'<img src="{_PLUGINFILE}/{quote(file_name)}" alt="{alt}">'
                body = f"{body}<p>{img}</p>" if body else f"<p>{img}</p>"
                file = ET.Element("file", name=file_name, path="/", encoding="base64")
                file.text = base64.b64encode(data).decode("ascii")
        _sub(element, "text", body)
        if file is not None:
            element.append(file)

    def general_feedback(self, q: Question) -> str:
        """The explanation, then the question's sources as text: Moodle has no place for them."""
        out = _html(self.clean(q, q.explanation)) if q.explanation.strip() else ""
        cited = list(q.citations)
        if q.fact is not None and q.fact in self.facts:
            cited += [c for c in self.facts[q.fact].citations if c not in cited]
        lines = [self.citation(q, c) for c in cited if c.source != formats.IMPORTED_FILE_SOURCE]
        if lines:
            self.flattened = True
            out += "<p>Sources:<br>" + "<br>".join(lines) + "</p>"
        return out

    def citation(self, q: Question, c: Citation) -> str:
        source = self.sources.get(c.source)
        parts = [source.title if source else c.source]
        if source is not None:
            parts += [p for p in (source.author, source.publisher, source.date) if p]
        if c.locator:
            parts.append(c.locator)
        line = ", ".join(" ".join(p.split()) for p in parts)
        if c.quote:
            line += f": “{' '.join(c.quote.split())}”"
        if source is not None and source.url:
            line += f" {source.url}"
        return html.escape(self.clean(q, line), quote=False)

    def multichoice(self, element: ET.Element, q: Question) -> None:
        right = sum(c.correct for c in q.choices)
        wrong = len(q.choices) - right
        single = q.type is QuestionType.MULTIPLE_CHOICE and right == 1
        if q.type is QuestionType.MULTIPLE_CHOICE and right != 1:
            self.warnings.append(
                f'question "{q.id}" is multiple choice with {right} correct choices; '
                "it is written as multiple response"
            )
        if right == 0:
            self.warnings.append(f'question "{q.id}" has no correct choice')
        _sub(element, "single", "true" if single else "false")
        _sub(element, "shuffleanswers", "true" if q.shuffle else "false")
        _sub(element, "answernumbering", "abc")
        for c in q.choices:
            penalty = None if c.correct else self.penalty(q, c)
            if c.correct:
                percent = 100.0 if single else 100 / right
            elif penalty is not None:
                percent = -penalty * 100
            else:
                percent = 0.0 if single else -100 / wrong
            answer = _sub(element, "answer", fraction=_number(percent), format="html")
            self.text(answer, q, c.text, c.image)
            self.text(_sub(answer, "feedback", format="html"), q, c.feedback)

    def truefalse(self, element: ET.Element, q: Question) -> None:
        for value, choice in zip(("true", "false"), q.choices, strict=False):
            fraction = "100" if choice.correct else "0"
            answer = _sub(element, "answer", fraction=fraction, format="moodle_auto_format")
            _sub(answer, "text", value)
            self.text(_sub(answer, "feedback", format="html"), q, choice.feedback)

    def penalty(self, q: Question, c: Choice) -> float | None:
        """A wrong choice's own penalty as the nearest of Moodle's grades, or None."""
        if c.penalty is None:
            return None
        own = c.penalty
        grade = min(moodle_grades.GRADES, key=lambda g: abs(g - own))
        shown = _number(own * 100)
        text = _shown(c.text, 40)
        if abs(grade - own) >= moodle_grades.GRADE_TOLERANCE:
            if grade:
                self.warnings.append(
                    f'question "{q.id}": the penalty of choice "{text}" ({shown}%) is written '
                    f"as Moodle's nearest grade, -{_number(grade * 100)}%"
                )
            else:
                self.warnings.append(
                    f'question "{q.id}": the penalty of choice "{text}" ({shown}%) is too small '
                    "for Moodle's grades; it is left out"
                )
        elif not grade:
            self.warnings.append(
                f'question "{q.id}": the penalty 0 of choice "{text}" cannot be written in '
                "Moodle XML (a fraction of 0 means no penalty of its own); it is left out"
            )
        return grade or None

    def left_out(self) -> Iterator[str]:
        if self.flattened:
            yield (
                "Moodle XML has no place for sources and citations: each question's are written "
                "as text at the end of its general feedback, after the explanation"
            )
        if self.pack.facts:
            yield "Moodle XML has no place for facts: their statements are left out"
        if any(q.difficulty is not None for q in self.pack.questions):
            yield "Moodle XML has no place for difficulty levels: they are left out"


def _html(text: str) -> str:
    """Plain text as HTML that shows it: escaped, with its line breaks as <br>."""
    text = text.strip()
    if not text:
        return ""
    return "<p>" + "<br>".join(html.escape(line, quote=False) for line in text.split("\n")) + "</p>"
