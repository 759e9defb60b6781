"""Pack management: validate, import, list, export, remove; the bundled packs."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from quizapp.bank import images as image_rows
from quizapp.bank import pack_import, settings
from quizapp.bank import packs as pack_rows
from quizapp.bank.database import Bank
from quizapp.core.columns import ColumnMapping
from quizapp.core.model import Pack
from quizapp.core.problems import PackInvalid, Problem
from quizapp.core.summaries import ImportResult, ImportStatus, PackSummary
from quizapp.core.versions import compare_versions
from quizapp.packs import hints, registry, schema, toml_pack
from quizapp.packs.formats import ReadResult
from quizapp.packs.textfile import read_bytes
from quizapp.packs.toml_positions import key_lines, line_for
from quizapp.services import BankAccess, PackNotFound, ServiceError, import_report
from quizapp.services.bundled import stale_bundled_packs

MAX_IMAGE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class FileCheck:
    """The result of validating one pack file."""

    file: str
    problems: tuple[Problem, ...] = ()
    pack_id: str = ""
    title: str = ""
    version: str = ""
    questions: int = 0
    types: tuple[tuple[str, int], ...] = ()  # questions per type, as in ImportResult
    language: str = ""
    language_how: str = ""
    read_warnings: tuple[Problem, ...] = ()  # the reader's (skipped questions…), not the hints

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


class ImportCancelled(ServiceError):
    """The user cancelled an import; nothing of that file was kept."""

    def __init__(self) -> None:
        super().__init__("import cancelled; nothing was imported from that file")


# progress(done, total, message); it may raise ImportCancelled to stop (and roll back).
Progress = Callable[[int, int, str], None]


def read_pack_file(
    path: Path | str,
    name: str | None = None,
    format_name: str | None = None,
    columns: ColumnMapping | None = None,
    language: str | None = None,
) -> ReadResult:
    """Read any supported pack file (format from ``format_name``, else detected).

    Images a TOML pack refers to are read from the folder the file is in. ``columns``: which
    column of a CSV file holds what; ``language``: the language of a file that cannot say it.
    Raises PackInvalid with every problem.
    """
    path = Path(path)
    name = name or str(path)
    data = read_bytes(path, name, schema.MAX_FILE_BYTES)
    return _read(data, path, name, format_name, columns, language)


def _read(
    data: bytes,
    path: Path,
    name: str,
    format_name: str | None,
    columns: ColumnMapping | None = None,
    language: str | None = None,
) -> ReadResult:
    result = registry.read(data, name, format_name, columns=columns, language=language)
    missing = sorted(result.pack.image_paths() - result.images.keys())
    if not missing:
        return result
    images = dict(result.images)
    problems = []
    for image in missing:
        file = path.parent / image
        try:
            if file.stat().st_size > MAX_IMAGE_BYTES:
                problems.append(Problem(name, None, f'image "{image}" is larger than 10 MB'))
                continue
            images[image] = file.read_bytes()
        except OSError:
            problems.append(
                Problem(name, None, f'image "{image}" was not found next to the pack ({file})')
            )
    if problems:
        raise PackInvalid(problems)
    return replace(result, images=images)


def validate_files(
    paths: Sequence[str],
    format_name: str | None = None,
    columns: ColumnMapping | None = None,
    language: str | None = None,
) -> list[FileCheck]:
    """Validate pack files without touching the bank (errors, then warnings and hints)."""
    out = []
    for name in paths:
        try:
            data = read_bytes(Path(name), name, schema.MAX_FILE_BYTES)
            result = _read(data, Path(name), name, format_name, columns, language)
        except PackInvalid as e:
            out.append(FileCheck(name, tuple(e.problems)))
        else:
            info = result.pack.info
            lines = _toml_lines(data) if result.format == "toml" else None
            notes = (*result.warnings, *hints.pack_hints(result.pack, name, lines))
            out.append(
                FileCheck(
                    name,
                    notes,
                    info.id,
                    info.title,
                    info.version,
                    len(result.pack.questions),
                    import_report.type_counts(result.pack),
                    info.language,
                    result.language,
                    result.warnings,
                )
            )
    return out


def _toml_lines(data: bytes) -> hints.LineOf:
    """Where keys are in a (valid) TOML pack, so that hints can name their lines."""
    positions = key_lines(data.decode("utf-8-sig"))
    return lambda path: line_for(positions, path)


def import_files(
    bank: Bank,
    paths: Sequence[str],
    *,
    force: bool = False,
    format_name: str | None = None,
    progress: Progress | None = None,
    columns: ColumnMapping | None = None,
    language: str | None = None,
) -> list[ImportResult]:
    """Import pack files, each in its own transaction: a file imports completely or not at all.

    ``progress`` is told about each step; if it raises ImportCancelled, the file being
    imported is rolled back and the import stops there. ``columns``: which column of a CSV
    file holds what.
    """
    results = []
    steps = 3 * len(paths)
    for i, name in enumerate(paths):
        if progress is not None:
            progress(3 * i, steps, f"Reading {Path(name).name}…")
        try:
            read = read_pack_file(Path(name), name, format_name, columns, language)
        except PackInvalid as e:
            # Counted as validate counts them: the errors (the warnings are listed too).
            errors = sum(1 for p in e.problems if p.severity == "error")
            results.append(
                ImportResult(
                    ImportStatus.FAILED,
                    message=f"{errors} problem(s); nothing was imported",
                    problems=tuple(e.problems),
                    file=name,
                )
            )
            continue
        if progress is not None:
            progress(3 * i + 1, steps, f"Saving {len(read.pack.questions)} questions…")
        with bank.transaction() as db:
            result = pack_import.import_pack(
                db,
                read.pack,
                origin=str(Path(name).resolve()),
                source_format=read.format or format_name or "toml",
                force=force,
            )
            if result.status in (ImportStatus.ADDED, ImportStatus.UPDATED):
                image_rows.replace(db, read.pack.info.id, read.images)
            if progress is not None:
                # Last chance to cancel: raising here rolls the whole file back.
                progress(3 * i + 2, steps, "Finishing…")
        results.append(
            replace(
                result,
                warnings=read.warnings,
                file=name,
                types=import_report.type_counts(read.pack),
                language=read.pack.info.language,
                language_how=read.language,
            )
        )
    if progress is not None:
        progress(steps, steps, "Done")
    return results


def list_packs(bank: Bank) -> list[PackSummary]:
    """Every pack in the bank."""
    with bank.read() as db:
        return pack_rows.list_packs(db)


def load_pack(bank: Bank, pack_id: str) -> Pack:
    """A pack from the bank, as core objects (without reading its pictures)."""
    with bank.read() as db:
        pack = pack_rows.load(db, pack_id)
    if pack is None:
        raise PackNotFound(pack_id)
    return pack


def load_pack_and_images(bank: Bank, pack_id: str) -> tuple[Pack, dict[str, bytes]]:
    """A pack from the bank with the pictures it shows, in one unit of work."""
    with bank.read() as db:
        pack = pack_rows.load(db, pack_id)
        images = image_rows.of_pack(db, pack_id) if pack is not None else {}
    if pack is None:
        raise PackNotFound(pack_id)
    return pack, images


def write_text_file(dest: Path, text: str) -> None:
    """Write a text file atomically, with a plain error if it cannot be written."""
    write_bytes_file(dest, text.encode("utf-8"))


def write_bytes_file(dest: Path, data: bytes) -> None:
    """Write ``data`` to ``dest`` so that a failure never leaves a half-written file."""
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, dest)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as e:
        raise ServiceError(f"cannot write {dest}: {e.strerror or e}") from None


@dataclass(frozen=True, slots=True)
class Exported:
    """What an export wrote, and what the format could not hold."""

    pack: Pack
    path: Path
    format: str
    warnings: tuple[str, ...] = ()


def export_pack(bank: Bank, pack_id: str, dest: Path, format_name: str | None = None) -> Exported:
    """Write the pack ``pack_id`` to ``dest`` (format from ``format_name`` or the extension)."""
    fmt = format_name or registry.format_for_path(str(dest)) or "toml"
    pack, images = load_pack_and_images(bank, pack_id)
    try:
        written = registry.write(pack, images, fmt)
    except ValueError as e:
        raise ServiceError(str(e)) from None
    write_bytes_file(dest, written.data)
    return Exported(pack, dest, fmt, written.warnings)


def remove_pack(bank: Bank, pack_id: str) -> None:
    """Remove a pack and its questions; learners' attempts keep their copy of what was asked."""
    with bank.transaction() as db:
        if not pack_rows.remove(db, pack_id):
            raise PackNotFound(pack_id)


def ensure_bundled_packs(bank: Bank, folder: Path | None = None) -> list[ImportResult]:
    """Import bundled packs that are new, or newer than the ones offered before.

    A bundled pack the user removed does not come back until a newer version ships. Files
    that have not changed since the last start are not even parsed. On a school bank only
    the owner and teachers add packs; a learner's start does nothing here.
    """
    results: list[ImportResult] = []
    if bank.access is BankAccess.LEARNER:
        return results
    for stale in stale_bundled_packs(bank, folder):
        try:
            pack = toml_pack.load_pack_bytes(stale.data, stale.path.name)
        except PackInvalid as e:  # a bug in a shipped pack: report it, never crash start-up
            results.append(
                ImportResult(ImportStatus.FAILED, message=str(e), problems=tuple(e.problems))
            )
            continue
        with bank.transaction() as db:
            seen = settings.get(db, stale.setting + ":version")
            if seen is None or _newer(pack.info.version, seen):
                origin = f"bundled:{stale.path.name}"
                results.append(pack_import.import_pack(db, pack, origin=origin, bundled=True))
                settings.put(db, stale.setting + ":version", pack.info.version)
            settings.put(db, stale.setting, stale.digest)
    return results


def template_text(csv: bool = False) -> str:
    """A template to write questions in: a spreadsheet (CSV) or a commented TOML pack."""
    if csv:
        from quizapp.packs.csv_format import template_csv

        return template_csv()
    return starter_text("my-pack")


def starter_text(pack_id: str) -> str:
    """A commented starter pack with this id; raises ServiceError for an id that is not valid."""
    from quizapp.packs.starter import InvalidPackId, starter_pack

    try:
        return starter_pack(pack_id)
    except InvalidPackId as e:
        raise ServiceError(str(e)) from None


def json_schema_text() -> str:
    """The JSON Schema of the TOML pack format, for editors."""
    from quizapp.packs.json_schema import pack_json_schema

    return pack_json_schema()


def _newer(version: str, than: str) -> bool:
    try:
        return compare_versions(version, than) > 0
    except ValueError:
        return True
