"""Pack management: validate, import, list, export, remove; the bundled packs."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from quizapp.bank import live, repo
from quizapp.bank.db import Bank
from quizapp.core.model import Pack
from quizapp.core.problems import PackInvalid, Problem
from quizapp.core.summaries import ImportResult, ImportStatus, PackSummary
from quizapp.core.versions import compare_versions
from quizapp.packs import toml_pack
from quizapp.services import PackNotFound, ServiceError
from quizapp.services.bundled import stale_bundled_packs


@dataclass(frozen=True, slots=True)
class FileCheck:
    """The result of validating one pack file."""

    file: str
    problems: tuple[Problem, ...] = ()
    pack_id: str = ""
    title: str = ""
    version: str = ""
    questions: int = 0

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def read_pack(path: Path | str, name: str | None = None) -> Pack:
    """Read and validate a pack file. Raises PackInvalid with every problem."""
    return toml_pack.load_pack_file(path, name)


def validate_files(paths: Sequence[str]) -> list[FileCheck]:
    """Validate pack files without touching the bank."""
    out = []
    for name in paths:
        try:
            pack = read_pack(Path(name), name)
        except PackInvalid as e:
            out.append(FileCheck(name, tuple(e.problems)))
        else:
            info = pack.info
            out.append(FileCheck(name, (), info.id, info.title, info.version, len(pack.questions)))
    return out


def import_files(
    bank: Bank,
    paths: Sequence[str],
    *,
    force: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[ImportResult]:
    """Import pack files, each in its own transaction: a file imports completely or not at all."""
    results = []
    for i, name in enumerate(paths):
        if progress is not None:
            progress(i, len(paths), name)
        try:
            pack = read_pack(Path(name), name)
        except PackInvalid as e:
            results.append(
                ImportResult(
                    ImportStatus.FAILED,
                    message=f"{len(e.problems)} problem(s); nothing was imported",
                    problems=tuple(e.problems),
                )
            )
            continue
        with bank.transaction() as session:
            results.append(
                repo.import_pack(session, pack, origin=str(Path(name).resolve()), force=force)
            )
    if progress is not None:
        progress(len(paths), len(paths), "")
    return results


def list_packs(bank: Bank) -> list[PackSummary]:
    """Every pack in the bank."""
    with bank.connection() as conn:
        return live.list_packs(conn)


def load_pack(bank: Bank, pack_id: str) -> Pack:
    """A pack from the bank, as core objects."""
    with bank.transaction() as session:
        pack = repo.load_pack(session, pack_id)
    if pack is None:
        raise PackNotFound(pack_id)
    return pack


def write_text_file(dest: Path, text: str) -> None:
    """Write a text file atomically, with a plain error if it cannot be written."""
    try:
        _write_atomically(dest, text)
    except OSError as e:
        raise ServiceError(f"cannot write {dest}: {e.strerror or e}") from None


def _write_atomically(dest: Path, text: str) -> None:
    """Write ``text`` to ``dest`` so that a failure never leaves a half-written file."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export_pack(bank: Bank, pack_id: str, dest: Path) -> Pack:
    """Write the pack ``pack_id`` to ``dest`` as a TOML pack; returns what was written."""
    pack = load_pack(bank, pack_id)
    write_text_file(dest, toml_pack.dump_pack(pack))
    return pack


def remove_pack(bank: Bank, pack_id: str) -> None:
    """Remove a pack and its questions; learners' attempts keep their copy of what was asked."""
    with bank.transaction() as session:
        if not repo.remove_pack(session, pack_id):
            raise PackNotFound(pack_id)


def ensure_bundled_packs(bank: Bank, folder: Path | None = None) -> list[ImportResult]:
    """Import bundled packs that are new, or newer than the ones offered before.

    A bundled pack the user removed does not come back until a newer version ships. Files
    that have not changed since the last start are not even parsed.
    """
    results: list[ImportResult] = []
    for stale in stale_bundled_packs(bank, folder):
        try:
            pack = toml_pack.load_pack_bytes(stale.data, stale.path.name)
        except PackInvalid as e:  # a bug in a shipped pack: report it, never crash start-up
            results.append(
                ImportResult(ImportStatus.FAILED, message=str(e), problems=tuple(e.problems))
            )
            continue
        with bank.transaction() as session:
            seen = repo.get_setting(session, stale.setting + ":version")
            if seen is None or _newer(pack.info.version, seen):
                origin = f"bundled:{stale.path.name}"
                results.append(repo.import_pack(session, pack, origin=origin, bundled=True))
                repo.set_setting(session, stale.setting + ":version", pack.info.version)
            repo.set_setting(session, stale.setting, stale.digest)
    return results


def _newer(version: str, than: str) -> bool:
    try:
        return compare_versions(version, than) > 0
    except ValueError:
        return True
