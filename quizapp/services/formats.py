"""The pack formats as the command line and the file dialogs offer them (light to import)."""

from __future__ import annotations

from dataclasses import dataclass

from quizapp.packs import registry


@dataclass(frozen=True, slots=True)
class FormatInfo:
    """A pack format as the command line and the file dialogs offer it.

    Attributes:
        readable: quizapp can import it (Anki's .apkg is export-only).
        writable: quizapp can export to it.
    """

    name: str
    extensions: tuple[str, ...]
    description: str
    readable: bool = True
    writable: bool = True


def formats() -> dict[str, FormatInfo]:
    """Every format quizapp reads or writes, in the order the dialogs list them."""
    return {
        f.name: FormatInfo(
            f.name, f.extensions, f.description, f.reader is not None, f.writer is not None
        )
        for f in registry.FORMATS.values()
    }


def format_for_path(path: str) -> str | None:
    """The export format an output file name asks for, if its extension says."""
    return registry.format_for_path(path)
