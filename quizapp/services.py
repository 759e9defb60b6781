"""Use cases: one unit of work per call. The CLI and the UI talk to the bank only through here."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from quizapp.bank import repo
from quizapp.bank.db import Bank, BankError, open_bank
from quizapp.core.model import Pack
from quizapp.core.problems import PackInvalid, Problem
from quizapp.core.summaries import ImportResult, ImportStatus, PackSummary
from quizapp.packs import toml_pack

__all__ = [
    "Bank",
    "BankError",
    "FileCheck",
    "ImportResult",
    "ImportStatus",
    "PackNotFound",
    "PackSummary",
    "ServiceError",
    "bundled_pack_dir",
    "ensure_bundled_packs",
    "export_pack",
    "import_files",
    "list_packs",
    "open_bank",
    "remove_pack",
    "validate_files",
]


class ServiceError(Exception):
    """Something the user asked for cannot be done; the message says why in plain words."""


class PackNotFound(ServiceError):
    """No pack with that id in the bank."""

    def __init__(self, pack_id: str) -> None:
        super().__init__(f'there is no pack "{pack_id}" in the bank (see: quizapp pack list)')
        self.pack_id = pack_id


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
            out.append(
                FileCheck(
                    name, (), pack.info.id, pack.info.title, pack.info.version, len(pack.questions)
                )
            )
    return out


def _import_one(
    bank: Bank, pack: Pack, origin: str, force: bool, bundled: bool = False
) -> ImportResult:
    with bank.transaction() as session:
        return repo.import_pack(session, pack, origin=origin, force=force, bundled=bundled)


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
        origin = str(Path(name).resolve())
        results.append(_import_one(bank, pack, origin, force))
    if progress is not None:
        progress(len(paths), len(paths), "")
    return results


def list_packs(bank: Bank) -> list[PackSummary]:
    """Every pack in the bank."""
    with bank.transaction() as session:
        return repo.list_packs(session)


def load_pack(bank: Bank, pack_id: str) -> Pack:
    """A pack from the bank, as core objects."""
    with bank.transaction() as session:
        pack = repo.load_pack(session, pack_id)
    if pack is None:
        raise PackNotFound(pack_id)
    return pack


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
    try:
        _write_atomically(dest, toml_pack.dump_pack(pack))
    except OSError as e:
        raise ServiceError(f"cannot write {dest}: {e.strerror or e}") from None
    return pack


def remove_pack(bank: Bank, pack_id: str) -> None:
    """Remove a pack and its questions from the bank."""
    with bank.transaction() as session:
        if not repo.remove_pack(session, pack_id):
            raise PackNotFound(pack_id)


def bundled_pack_dir() -> Path | None:
    """Where the packs shipped with quizapp are: inside the package once installed.

    ``$QUIZAPP_BUNDLED_DIR`` points elsewhere (for packagers, and for tests that want a bank
    without the bundled packs: an empty value means none).
    """
    env = os.environ.get("QUIZAPP_BUNDLED_DIR")
    if env is not None:
        return Path(env) if env else None
    here = Path(__file__).resolve().parent
    inside = here / "questions"
    return inside if inside.is_dir() else here.parent / "questions"


def ensure_bundled_packs(bank: Bank, folder: Path | None = None) -> list[ImportResult]:
    """Import bundled packs that are new, or newer than the ones offered before.

    A bundled pack the user removed does not come back until a newer version ships. Files
    that have not changed since the last start are not even parsed.
    """
    folder = folder or bundled_pack_dir()
    results: list[ImportResult] = []
    if folder is None or not folder.is_dir():
        return results
    for path in sorted(folder.glob("*.toml")):
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        key = f"bundled:{path.name}"
        with bank.transaction() as session:
            if repo.get_setting(session, key) == digest:
                continue
        try:
            pack = toml_pack.load_pack_bytes(data, path.name)
        except PackInvalid as e:  # a bug in a shipped pack: report it, never crash start-up
            results.append(
                ImportResult(ImportStatus.FAILED, message=str(e), problems=tuple(e.problems))
            )
            continue
        with bank.transaction() as session:
            seen = repo.get_setting(session, key + ":version")
            if seen is not None and not _newer(pack.info.version, seen):
                repo.set_setting(session, key, digest)
                continue
            result = repo.import_pack(session, pack, origin=f"bundled:{path.name}", bundled=True)
            repo.set_setting(session, key, digest)
            repo.set_setting(session, key + ":version", pack.info.version)
        results.append(result)
    return results


def _newer(version: str, than: str) -> bool:
    from quizapp.core.versions import compare_versions

    try:
        return compare_versions(version, than) > 0
    except ValueError:
        return True
