"""Which bundled packs need importing: a cheap check that runs at every start."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from quizapp.bank import settings
from quizapp.bank.database import Bank
from quizapp.core.summaries import BankAccess


def bundled_pack_dir() -> Path | None:
    """Where the packs shipped with quizapp are: inside the package once installed.

    ``$QUIZAPP_BUNDLED_DIR`` points elsewhere (for packagers, and for tests that want a bank
    without the bundled packs: an empty value means none).
    """
    env = os.environ.get("QUIZAPP_BUNDLED_DIR")
    if env is not None:
        return Path(env) if env else None
    here = Path(__file__).resolve().parent.parent
    inside = here / "questions"
    return inside if inside.is_dir() else here.parent / "questions"


@dataclass(frozen=True, slots=True)
class BundledFile:
    """A bundled pack file whose content the bank has not seen yet."""

    path: Path
    data: bytes
    digest: str

    @property
    def setting(self) -> str:
        return f"bundled:{self.path.name}"


def stale_bundled_packs(bank: Bank, folder: Path | None = None) -> list[BundledFile]:
    """Bundled pack files that changed since the bank last saw them (hashes only, no parsing)."""
    folder = folder if folder is not None else bundled_pack_dir()
    if folder is None or not folder.is_dir() or bank.access is BankAccess.LEARNER:
        return []  # on a school bank, a learner's start never adds packs
    stale = []
    with bank.read() as db:
        for path in sorted(folder.glob("*.toml")):
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            if settings.get(db, f"bundled:{path.name}") != digest:
                stale.append(BundledFile(path, data, digest))
    return stale
