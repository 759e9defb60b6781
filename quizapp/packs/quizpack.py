""".quizpack files: a zip of pack.toml and its images, read as untrusted input."""

from __future__ import annotations

import io
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator

from quizapp.core.model import Pack
from quizapp.core.problems import PackInvalid, Problem
from quizapp.packs import schema
from quizapp.packs.formats import ReadResult, WriteResult
from quizapp.packs.toml_pack import dump_pack, format_path, load_pack_bytes, load_pack_text
from quizapp.packs.toml_positions import key_lines, line_for

PACK_FILE = "pack.toml"
IMAGE_EXTENSIONS: tuple[str, ...] = schema.IMAGE_EXTENSIONS
MAX_ENTRIES = 1_000
MAX_ENTRY_BYTES = 10 * 1024 * 1024  # one file, unpacked
MAX_TOTAL_BYTES = 100 * 1024 * 1024  # all files, unpacked
MAX_ARCHIVE_BYTES = MAX_TOTAL_BYTES  # the .quizpack itself
MAX_RATIO = 200  # unpacked : packed, for entries over RATIO_CHECKED_ABOVE
RATIO_CHECKED_ABOVE = 1024 * 1024
# Small files (a blank pack.toml, a one-colour PNG) legitimately compress very well.

_CHUNK = 64 * 1024
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold: same pack, same bytes
_LOCAL_HEADER = b"PK\x03\x04"
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Files that macOS's "Compress" adds next to what the user chose; never read.
_MACOS_EXTRAS = ("__MACOSX/",)
_MACOS_NAMES = (".DS_Store",)

_JPEG = "JPEG"
_KINDS = {".png": "PNG", ".jpg": _JPEG, ".jpeg": _JPEG, ".gif": "GIF", ".webp": "WebP"}

# What zipfile may raise on a damaged archive, besides BadZipFile.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    struct.error,
    KeyError,
    IndexError,
    OverflowError,
    zlib.error,
)


def _mb(size: int) -> str:
    if size < 100 * 1024:
        return f"{size:,} bytes"
    return f"{size / 1_048_576:.1f} MB"


def image_kind(data: bytes) -> str | None:
    """What kind of image the bytes hold, from their first bytes ("PNG", "JPEG"...), or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return _JPEG
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    return None


def _extension(path: str) -> str:
    dot = path.rfind(".")
    return path[dot:].lower() if dot > path.rfind("/") else ""


def path_problem(path: str) -> str | None:
    """Why ``path`` cannot be the name of a file inside a .quizpack, or None if it can."""
    if _CONTROL.search(path):
        return "has a control character in its name"
    if "\\" in path:
        return 'uses backslashes in its path (zip paths use "/")'
    if path.startswith("/"):
        return 'has an absolute path (paths in a .quizpack are relative, like "images/map.png")'
    if _DRIVE.match(path):
        return f'starts with a drive letter ("{path[:2]}"); paths in a .quizpack are relative'
    parts = path.rstrip("/").split("/")
    if ".." in parts:
        return 'points outside the archive (its path contains "..")'
    if any(part in ("", ".") for part in parts):
        return 'has an empty or "." folder in its path'
    return None


# -- reading ---------------------------------------------------------------------------------


def _refuse(name: str, message: str) -> PackInvalid:
    return PackInvalid([Problem(name, None, message)])


def _open(data: bytes, name: str) -> zipfile.ZipFile:
    if len(data) > MAX_ARCHIVE_BYTES:
        raise _refuse(
            name, f"is {_mb(len(data))}; a .quizpack may be at most {_mb(MAX_ARCHIVE_BYTES)}"
        )
    if not data.startswith(b"PK"):
        raise _refuse(name, "is not a .quizpack: a .quizpack is a zip archive, and this is not")
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS:
        raise _refuse(
            name, "is a damaged zip archive and cannot be read: share or export it again"
        ) from None


def _is_macos_extra(entry: str) -> bool:
    return entry.startswith(_MACOS_EXTRAS) or entry.rsplit("/", 1)[-1] in _MACOS_NAMES


def _entry_problem(info: zipfile.ZipInfo) -> str | None:
    """Why the archive is refused because of this one entry, or None."""
    entry = info.orig_filename
    problem = path_problem(entry)
    if problem:
        return problem
    if info.flag_bits & 0x1:
        return "is encrypted (password-protected), and quizapp cannot read it"
    kind = stat.S_IFMT(info.external_attr >> 16)
    if kind == stat.S_IFLNK:
        return "is a symbolic link, which a .quizpack may not contain"
    if entry.endswith("/"):
        if kind not in (0, stat.S_IFDIR) or info.file_size or info.compress_size:
            return "is a folder entry that is not a plain folder"
        return None
    if kind not in (0, stat.S_IFREG):
        return "is not an ordinary file (a folder, device, pipe or socket)"
    if not _is_macos_extra(entry):
        if entry.rsplit("/", 1)[-1] == PACK_FILE and entry != PACK_FILE:
            return "is a pack.toml inside a folder; it must be at the top of the archive"
        if entry != PACK_FILE and _extension(entry) not in IMAGE_EXTENSIONS:
            return "is not pack.toml or an image (.png, .jpg, .jpeg, .gif or .webp)"
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return 'is compressed with a method quizapp does not read (only "store" and "deflate")'
    if info.file_size > MAX_ENTRY_BYTES:
        return f"is {_mb(info.file_size)} unpacked; one file may be at most {_mb(MAX_ENTRY_BYTES)}"
    if info.file_size > RATIO_CHECKED_ABOVE and info.file_size > MAX_RATIO * max(
        info.compress_size, 1
    ):
        ratio = info.file_size // max(info.compress_size, 1)
        return (
            f"is compressed {ratio:,} to 1, far more than a real file (at most {MAX_RATIO} to 1):"
            " the archive looks like a zip bomb"
        )
    return None


def _check_directory(archive: zipfile.ZipFile, name: str) -> tuple[list[zipfile.ZipInfo], bool]:
    """Check every entry as the central directory declares it, before anything is unpacked.

    Returns the files to read and whether macOS extras were skipped; raises PackInvalid.
    """
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _refuse(
            name, f"has {len(infos):,} entries; a .quizpack may hold at most {MAX_ENTRIES:,}"
        )
    problems: list[Problem] = []
    seen: set[str] = set()
    files: list[zipfile.ZipInfo] = []
    macos = False
    total = 0
    for info in infos:
        entry = info.orig_filename
        shown = entry if len(entry) <= 80 else entry[:77] + "..."
        shown = shown.encode("unicode_escape").decode("ascii") if _CONTROL.search(shown) else shown
        if entry in seen:
            problems.append(
                Problem(name, None, f'the entry "{shown}" appears twice in the archive')
            )
            continue
        seen.add(entry)
        problem = _entry_problem(info)
        if problem:
            problems.append(Problem(name, None, f'the entry "{shown}" {problem}'))
            continue
        total += info.file_size
        if entry.endswith("/"):
            continue
        if _is_macos_extra(entry):
            macos = True
            continue
        files.append(info)
    if total > MAX_TOTAL_BYTES:
        problems.append(
            Problem(
                name,
                None,
                f"holds {_mb(total)} once unpacked; a .quizpack may hold at most "
                f"{_mb(MAX_TOTAL_BYTES)}",
            )
        )
    problems += _overlaps(infos, name)
    if not problems and PACK_FILE not in seen:
        problems.append(
            Problem(name, None, "has no pack.toml at its top level, so it is not a quizapp pack")
        )
    if problems:
        raise PackInvalid(problems)
    return files, macos


def _overlaps(infos: list[zipfile.ZipInfo], name: str) -> list[Problem]:
    # Entries that share compressed data multiply a small archive into a huge one.
    spans = sorted((i.header_offset, i.header_offset + 30 + i.compress_size) for i in infos)
    reach = 0
    for start, end in spans:
        if start < reach:
            return [
                Problem(
                    name,
                    None,
                    "has entries that share the same data, which only a crafted archive does "
                    "(a zip bomb?)",
                )
            ]
        reach = max(reach, end)
    return []


def _chunks(raw: memoryview) -> Iterator[memoryview]:
    for start in range(0, len(raw), _CHUNK):
        yield raw[start : start + _CHUNK]


def _unpack(data: bytes, info: zipfile.ZipInfo, name: str, room: int) -> bytes:
    """The bytes of one entry, inflated a chunk at a time.

    Stops as soon as the output passes what the central directory declared, the size limits
    or the ratio limit, so that an archive which lies about its sizes is never inflated.
    """
    entry = info.orig_filename

    def damaged(why: str) -> PackInvalid:
        return _refuse(name, f'the entry "{entry}" {why}: the archive is damaged or crafted')

    offset = info.header_offset
    header = data[offset : offset + 30]
    if len(header) < 30 or not header.startswith(_LOCAL_HEADER):
        raise damaged("has no valid header")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    start = offset + 30 + name_length + extra_length
    raw = memoryview(data)[start : start + info.compress_size]
    if len(raw) != info.compress_size:
        raise damaged("is cut short")
    limit = min(info.file_size, MAX_ENTRY_BYTES, room)
    if info.compress_type == zipfile.ZIP_STORED:
        if len(raw) > limit:
            raise damaged("holds more data than the archive declares")
        out = bytearray(raw)
    else:
        out = bytearray()
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        consumed = 0
        try:
            for chunk in _chunks(raw):
                consumed += len(chunk)
                pending = bytes(chunk)
                while pending and not inflater.eof:
                    out += inflater.decompress(pending, _CHUNK)
                    pending = inflater.unconsumed_tail
                    if len(out) > limit:
                        raise damaged("holds more data than the archive declares (a zip bomb?)")
                    if len(out) > RATIO_CHECKED_ABOVE and len(out) > MAX_RATIO * (
                        consumed - len(pending)
                    ):
                        raise damaged(f"is compressed more than {MAX_RATIO} to 1 (a zip bomb?)")
                if inflater.eof:
                    break
            if not inflater.eof:
                out += inflater.flush()
        except zlib.error:
            raise damaged("cannot be unpacked") from None
        if not inflater.eof or len(out) > limit:
            raise damaged("ends before its data does")
    if len(out) != info.file_size:
        raise damaged("is not the size the archive declares")
    if zlib.crc32(out) != info.CRC:
        raise damaged("does not match its checksum")
    return bytes(out)


def _image_uses(pack: Pack) -> list[tuple[str, str, tuple[str | int, ...]]]:
    """Every image the pack shows: (path, what shows it, where in pack.toml)."""
    uses: list[tuple[str, str, tuple[str | int, ...]]] = []
    for i, q in enumerate(pack.questions):
        if q.image is not None:
            uses.append((q.image.path, f'question "{q.id}"', ("questions", i, "image", "path")))
        for j, c in enumerate(q.choices):
            if c.image is not None:
                where: tuple[str | int, ...] = ("questions", i, "choices", j, "image", "path")
                uses.append((c.image.path, f'choice {j + 1} of question "{q.id}"', where))
    return uses


def read_quizpack(data: bytes, name: str) -> ReadResult:
    """Read a .quizpack, refusing anything unsafe before unpacking a single byte of it.

    Raises PackInvalid with one plain sentence per problem: the archive's, then pack.toml's
    (with their lines), then the images'.
    """
    with _open(data, name) as archive:
        files, macos = _check_directory(archive, name)
    by_name = {info.orig_filename: info for info in files}
    room = MAX_TOTAL_BYTES
    toml_bytes = _unpack(data, by_name[PACK_FILE], name, room)
    room -= len(toml_bytes)
    toml_name = f"{name}:{PACK_FILE}"
    pack = load_pack_bytes(toml_bytes, toml_name)
    uses = _image_uses(pack)
    problems: list[Problem] = []
    images: dict[str, bytes] = {}
    unpacked: set[str] = set()
    positions: dict[tuple[str | int, ...], int] | None = None
    for path, user, where in uses:
        if path in unpacked:
            continue
        info = by_name.get(path)
        if info is None or path == PACK_FILE:
            if positions is None:
                positions = key_lines(toml_bytes.decode("utf-8-sig", "replace"))
            problems.append(
                Problem(
                    toml_name,
                    line_for(positions, where),
                    f'{user} shows the image "{path}", which is not in the archive',
                    format_path(where),
                )
            )
            continue
        content = _unpack(data, info, name, room)
        unpacked.add(path)
        room -= len(content)
        expected, found = _KINDS.get(_extension(path)), image_kind(content)
        if found != expected:
            what = f"a {found} image" if found else "not an image quizapp can show"
            problems.append(
                Problem(
                    name,
                    None,
                    f'the entry "{path}" is named like a {expected} image, but it is {what}',
                )
            )
            continue
        images[path] = content
    if problems:
        raise PackInvalid(problems)
    used = {path for path, _, _ in uses}
    warnings = [
        Problem(
            name,
            None,
            f'the image "{entry}" is not used by any question, so it was left out',
            severity="warning",
        )
        for entry in sorted(by_name)
        if entry != PACK_FILE and entry not in used
    ]
    if macos:
        warnings.append(
            Problem(
                name,
                None,
                "the macOS files in the archive (__MACOSX, .DS_Store) were ignored",
                severity="warning",
            )
        )
    return ReadResult(pack, tuple(warnings), images)


# -- writing ---------------------------------------------------------------------------------


def _validation_warning(toml_text: str) -> list[str]:
    try:
        load_pack_text(toml_text, PACK_FILE)
    except PackInvalid as e:
        n = len(e.problems)
        return [
            f"this .quizpack will not import until its pack.toml is fixed ({n} "
            f"{'problem' if n == 1 else 'problems'}, the first: {e.problems[0]})"
        ]
    return []


def write_quizpack(pack: Pack, images: dict[str, bytes]) -> WriteResult:
    """Write a pack and the images it shows as a .quizpack (deflated, byte-for-byte repeatable).

    Raises ValueError with a plain message if an image the pack shows is not in ``images``,
    has a path a .quizpack cannot hold, or is too large.
    """
    toml_text = dump_pack(pack)
    entries: dict[str, bytes] = {}
    for path, user, _ in _image_uses(pack):
        if path in entries:
            continue
        problem = path_problem(path)
        if problem is None and _extension(path) not in IMAGE_EXTENSIONS:
            problem = "is not a .png, .jpg, .jpeg, .gif or .webp file"
        if problem:
            raise ValueError(f'the image "{path}" of {user} {problem}')
        content = images.get(path)
        if content is None:
            raise ValueError(
                f'the image "{path}" of {user} is missing, so the .quizpack cannot be written'
            )
        entries[path] = content
    toml_bytes = toml_text.encode("utf-8")
    for path, content in [(PACK_FILE, toml_bytes), *entries.items()]:
        if len(content) > MAX_ENTRY_BYTES:
            raise ValueError(
                f'"{path}" is {_mb(len(content))}; a .quizpack allows {_mb(MAX_ENTRY_BYTES)} '
                "per file"
            )
    total = len(toml_bytes) + sum(len(c) for c in entries.values())
    if total > MAX_TOTAL_BYTES:
        raise ValueError(
            f"the pack and its images come to {_mb(total)}; a .quizpack allows "
            f"{_mb(MAX_TOTAL_BYTES)}"
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        # pack.toml first, like the mimetype of an EPUB: it says what the archive is.
        for path, content in [(PACK_FILE, toml_bytes), *sorted(entries.items())]:
            info = zipfile.ZipInfo(path, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever system writes it
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, content)
    return WriteResult(buffer.getvalue(), tuple(_validation_warning(toml_text)))
