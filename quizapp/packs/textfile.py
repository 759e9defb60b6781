"""Reading a pack file as text: size limit, empty and binary files, UTF-8 with a clear message."""

from __future__ import annotations

from pathlib import Path

from quizapp.core.problems import PackInvalid, Problem

# Control characters that never appear in a text pack (tab, newline, CR and form feed can).
_BINARY_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def read_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    """The file's bytes, or PackInvalid with one plain sentence if it cannot be read."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise PackInvalid([_too_big(name, size, max_bytes)])
        with path.open("rb") as f:
            return f.read(max_bytes + 1)
    except FileNotFoundError:
        raise PackInvalid([Problem(name, None, "no such file")]) from None
    except IsADirectoryError:
        raise PackInvalid([Problem(name, None, "is a folder, not a pack file")]) from None
    except PermissionError:
        raise PackInvalid([Problem(name, None, "cannot be read: permission denied")]) from None
    except OSError as e:
        raise PackInvalid([Problem(name, None, f"cannot be read ({e.strerror or e})")]) from None


def _too_big(name: str, size: int, max_bytes: int) -> Problem:
    return Problem(
        name,
        None,
        f"is too large to be a pack ({size / 1_048_576:.1f} MB; the limit is "
        f"{max_bytes // 1_048_576} MB) — split it into several packs",
    )


def decode_text(data: bytes, name: str, max_bytes: int, what: str = "a pack") -> str:
    """Decode a pack file's bytes as UTF-8 text (a BOM is allowed), checking size and content.

    Raises PackInvalid with a single, plain problem for an empty, oversized, binary or
    non-UTF-8 file.
    """
    if len(data) > max_bytes:
        raise PackInvalid([_too_big(name, len(data), max_bytes)])
    if not data.strip():
        raise PackInvalid([Problem(name, None, f"is empty: there is nothing to read as {what}")])
    sample = data[:65536]
    if sample.startswith(b"PK\x03\x04"):
        raise PackInvalid([Problem(name, None, f"is a zip archive, not {what} in text form")])
    if (
        b"\x00" in sample
        or sum(sample.count(bytes([b])) for b in _BINARY_BYTES) > len(sample) // 100
    ):
        raise PackInvalid(
            [Problem(name, None, f"looks like a binary file, not {what} in text form")]
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise PackInvalid(
            [
                Problem(
                    name,
                    line,
                    f"is not UTF-8 text (byte 0x{data[e.start]:02X} cannot be read); save the "
                    "file with the UTF-8 encoding and try again",
                    column=column,
                )
            ]
        ) from None
