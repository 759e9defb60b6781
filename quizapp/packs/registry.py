"""The pack formats quizapp knows, and how to tell which one a file is in."""

from __future__ import annotations

import importlib
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from quizapp.core.columns import ColumnMapping
from quizapp.core.model import Pack
from quizapp.core.problems import PackInvalid, Problem
from quizapp.packs.formats import Format, Reader, ReadResult, WriteResult

# The table of formats is read when the command line builds its options, so nothing here
# imports a format's code (the TOML one loads pydantic) before it is used.


def _read_toml(data: bytes, name: str) -> ReadResult:
    from quizapp.packs import toml_pack

    return ReadResult(toml_pack.load_pack_bytes(data, name))


def _write_toml(pack: Pack, images: dict[str, bytes]) -> WriteResult:
    from quizapp.packs import toml_pack

    return WriteResult(toml_pack.dump_pack(pack).encode("utf-8"))


def _from_module(
    name: str, extensions: tuple[str, ...], description: str, module: str, *, readable: bool = True
) -> Format:
    """A format whose ``read_<name>``/``write_<name>`` live in quizapp.packs.<module>,
    imported on first use so that start-up does not load every format. An export-only
    format (``readable=False``) has no reader."""

    def load(function: str) -> Any:
        return getattr(importlib.import_module(f"quizapp.packs.{module}"), function)

    return Format(
        name,
        extensions,
        description,
        (lambda data, file: load(f"read_{name}")(data, file)) if readable else None,
        lambda pack, images: load(f"write_{name}")(pack, images),
    )


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("toml", (".toml",), "quizapp pack (TOML)", _read_toml, _write_toml),
        _from_module("gift", (".gift", ".txt"), "Moodle GIFT", "gift"),
        _from_module("aiken", (".txt", ".aiken"), "Aiken (Moodle)", "aiken"),
        _from_module("csv", (".csv",), "Spreadsheet (CSV)", "csv_format"),
        _from_module("xml", (".xml",), "Moodle XML", "moodle_xml"),
        _from_module(
            "quizpack", (".quizpack",), "quizapp pack with images (.quizpack)", "quizpack"
        ),
        _from_module("apkg", (".apkg",), "Anki package", "apkg", readable=False),
    )
}

_GIFT_BLOCK = re.compile(rb"\{[^{}]*\}")
_TOML_HEAD = re.compile(rb"^\s*(format\s*=|\[pack\])", re.MULTILINE)


def detect(name: str, data: bytes) -> str:
    """The format of a file, from its extension and, when that is not enough, its content."""
    suffix = Path(name).suffix.lower()
    if suffix == ".apkg":  # a zip too, but an Anki one: read() says it cannot be imported
        return "apkg"
    if data.startswith(b"PK\x03\x04") or suffix in (".quizpack", ".zip"):
        return "quizpack"
    if suffix == ".toml":
        return "toml"
    if suffix == ".gift":
        return "gift"
    if suffix == ".aiken":
        return "aiken"
    if suffix == ".csv":
        return "csv"
    if suffix == ".xml":
        return "xml"
    head = data[:65536]
    if head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith((b"<?xml", b"<quiz")):
        return "xml"
    if _TOML_HEAD.search(head):
        return "toml"
    # Aiken and GIFT both come as .txt: Aiken has ANSWER: lines and lettered options.
    if importlib.import_module("quizapp.packs.aiken").looks_like_aiken(head):
        return "aiken"
    if _GIFT_BLOCK.search(head):
        return "gift"
    first = head.split(b"\n", 1)[0].lower()
    if b"prompt" in first and (b"," in first or b";" in first or b"\t" in first):
        return "csv"
    return "gift" if suffix == ".txt" else "toml"


def read(
    data: bytes,
    name: str,
    format_name: str | None = None,
    *,
    language: str | None = None,
    columns: ColumnMapping | None = None,
) -> ReadResult:
    """Read a pack in the given format (or the detected one). Raises PackInvalid.

    ``language``: the language of a file whose format cannot say it (GIFT, Aiken, CSV, Moodle
    XML); without it, it is told from the questions' text when that is clear."""
    name_of_format = format_name or detect(name, data)
    fmt = FORMATS.get(name_of_format)
    if fmt is None:
        known = ", ".join(n for n, f in FORMATS.items() if f.reader is not None)
        raise PackInvalid([Problem(name, None, f'unknown format "{format_name}" (known: {known})')])
    if fmt.reader is None:
        files = " ".join(fmt.extensions)
        raise PackInvalid(
            [
                Problem(
                    name,
                    None,
                    f"quizapp cannot import {fmt.description} files ({files}); "
                    "it can only export them",
                )
            ]
        )
    reader = fmt.reader if columns is None else _csv_reader(name_of_format, name, columns)
    result = replace(reader(data, name), format=name_of_format)
    if name_of_format in _VALIDATED_AS_READ:
        return result
    from quizapp.packs import validate  # loads pydantic: only when a file is read

    return _language(validate.check(result, name), name, language)


def _language(result: ReadResult, name: str, given: str | None) -> ReadResult:
    """The pack's language: the one given, else the one its text is clearly written in."""
    from quizapp.packs import language as languages
    from quizapp.packs import schema

    pack = result.pack
    if given is not None:
        code = given.strip().lower()
        if not schema.LANGUAGE_RE.match(code):
            raise PackInvalid(
                [Problem(name, None, f'"{given}" is not a language code like "en", "es" or "zh"')]
            )
        told, how = code, "given"
    else:
        texts = (t for q in pack.questions for t in (q.prompt, *(c.text for c in q.choices)))
        found = languages.detect(texts)
        told, how = (found, "detected") if found else (languages.UNDETERMINED, "undetermined")
    info = replace(pack.info, language=told)
    # The import's report says which (languages.report_line): never a silent language.
    return replace(result, pack=replace(pack, info=info), language=how)


# TOML is validated as it is parsed, and a .quizpack holds a TOML pack: every other reader's
# result goes through packs.validate, the same rules and limits in one call.
_VALIDATED_AS_READ = frozenset({"toml", "quizpack"})


def write(pack: Pack, images: dict[str, bytes], format_name: str) -> WriteResult:
    """Write a pack in ``format_name``."""
    fmt = FORMATS[format_name]
    assert fmt.writer is not None
    return fmt.writer(pack, images)


def format_for_path(path: str) -> str | None:
    """The export format an output file name asks for, if its extension says."""
    suffix = Path(path).suffix.lower()
    for name, fmt in FORMATS.items():
        if suffix in fmt.extensions and not (suffix == ".txt" and name == "aiken"):
            return name
    return None


def _csv_reader(format_name: str, name: str, columns: ColumnMapping) -> Reader:
    """The CSV reader with the teacher's column mapping (``--columns``, the import dialog)."""
    if format_name != "csv":
        raise PackInvalid(
            [
                Problem(
                    name,
                    None,
                    f"--columns is for CSV files; this file was read as {format_name} "
                    "(add --format csv if it is one)",
                )
            ]
        )
    from quizapp.packs import csv_format

    return lambda data, file: csv_format.read_csv(data, file, columns)
