"""The pack formats quizapp knows, and how to tell which one a file is in."""

from __future__ import annotations

import importlib
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from quizapp.core.model import Pack
from quizapp.core.problems import PackInvalid, Problem
from quizapp.packs.formats import Format, ReadResult, WriteResult

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
        _from_module(
            "quizpack", (".quizpack",), "quizapp pack with images (.quizpack)", "quizpack"
        ),
        _from_module("apkg", (".apkg",), "Anki package", "apkg", readable=False),
    )
}

_AIKEN_ANSWER = re.compile(rb"^ANSWER:\s*[A-Z]", re.MULTILINE)
_AIKEN_OPTION = re.compile(rb"^[A-Z][).]", re.MULTILINE)
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
    head = data[:65536]
    if _TOML_HEAD.search(head):
        return "toml"
    # Aiken and GIFT both come as .txt: Aiken has ANSWER: lines and lettered options.
    if _AIKEN_ANSWER.search(head) and _AIKEN_OPTION.search(head):
        return "aiken"
    if _GIFT_BLOCK.search(head):
        return "gift"
    first = head.split(b"\n", 1)[0].lower()
    if b"prompt" in first and (b"," in first or b";" in first or b"\t" in first):
        return "csv"
    return "gift" if suffix == ".txt" else "toml"


def read(data: bytes, name: str, format_name: str | None = None) -> ReadResult:
    """Read a pack in the given format (or the detected one). Raises PackInvalid."""
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
    return replace(fmt.reader(data, name), format=name_of_format)


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
