"""The pack formats quizapp knows, and how to tell which one a file is in."""

from __future__ import annotations

import importlib
import re
from dataclasses import replace
from pathlib import Path

from quizapp.core.model import Pack
from quizapp.core.problems import PackInvalid, Problem
from quizapp.packs import toml_pack
from quizapp.packs.formats import Format, ReadResult, WriteResult


def _read_toml(data: bytes, name: str) -> ReadResult:
    return ReadResult(toml_pack.load_pack_bytes(data, name))


def _write_toml(pack: Pack, images: dict[str, bytes]) -> WriteResult:
    return WriteResult(toml_pack.dump_pack(pack).encode("utf-8"))


def _lazy(module: str, function: str) -> object:
    """A reader or writer imported on first use (each format is its own module)."""

    def call(*args: object) -> object:
        return getattr(importlib.import_module(f"quizapp.packs.{module}"), function)(*args)

    return call


FORMATS: dict[str, Format] = {
    "toml": Format("toml", (".toml",), "quizapp pack (TOML)", _read_toml, _write_toml),
    "gift": Format(
        "gift",
        (".gift", ".txt"),
        "Moodle GIFT",
        _lazy("gift", "read_gift"),  # type: ignore[arg-type]
        _lazy("gift", "write_gift"),  # type: ignore[arg-type]
    ),
    "aiken": Format(
        "aiken",
        (".txt", ".aiken"),
        "Aiken (Moodle)",
        _lazy("aiken", "read_aiken"),  # type: ignore[arg-type]
        _lazy("aiken", "write_aiken"),  # type: ignore[arg-type]
    ),
    "csv": Format(
        "csv",
        (".csv",),
        "Spreadsheet (CSV)",
        _lazy("csv_format", "read_csv"),  # type: ignore[arg-type]
        _lazy("csv_format", "write_csv"),  # type: ignore[arg-type]
    ),
    "quizpack": Format(
        "quizpack",
        (".quizpack",),
        "quizapp pack with images (.quizpack)",
        _lazy("quizpack", "read_quizpack"),  # type: ignore[arg-type]
        _lazy("quizpack", "write_quizpack"),  # type: ignore[arg-type]
    ),
}

_AIKEN_ANSWER = re.compile(rb"^ANSWER:\s*[A-Z]", re.MULTILINE)
_AIKEN_OPTION = re.compile(rb"^[A-Z][).]", re.MULTILINE)
_GIFT_BLOCK = re.compile(rb"\{[^{}]*\}")
_TOML_HEAD = re.compile(rb"^\s*(format\s*=|\[pack\])", re.MULTILINE)


def detect(name: str, data: bytes) -> str:
    """The format of a file, from its extension and, when that is not enough, its content."""
    suffix = Path(name).suffix.lower()
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
        known = ", ".join(FORMATS)
        raise PackInvalid([Problem(name, None, f'unknown format "{format_name}" (known: {known})')])
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
