"""Banks the benchmarks share: one with the bundled pack, one with 100,000 more questions."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synth import pack_text

from quizapp.bank.db import open_bank
from quizapp.services import packs

PACKS = 10
PER_PACK = 10_000
CACHE = Path(tempfile.gettempdir()) / "quizapp-bench"


def small_bank(folder: Path) -> Path:
    """A fresh bank holding only the bundled packs."""
    path = folder / "small.db"
    bank = open_bank(path)
    packs.ensure_bundled_packs(bank)
    bank.close()
    return path


def big_bank(folder: Path) -> Path:
    """A copy of a bank with the bundled packs plus 10 x 10,000 synthetic questions.

    The original is built once and cached in the temp folder (about 40 s).
    """
    cached = CACHE / "big-100k.db"
    if not cached.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        print(f"building a bank of {PACKS * PER_PACK} questions at {cached} ...", flush=True)
        building = CACHE / "building.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(building) + suffix).unlink(missing_ok=True)
        bank = open_bank(building)
        packs.ensure_bundled_packs(bank)
        with tempfile.TemporaryDirectory() as tmp:
            for i in range(PACKS):
                pack = Path(tmp) / f"p{i}.toml"
                pack.write_text(pack_text(PER_PACK, pack_id=f"bench-{i}", seed=i), encoding="utf-8")
                [result] = packs.import_files(bank, [str(pack)])
                assert result.status.value == "added", result
        with bank.connection() as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        bank.close()
        building.rename(cached)
    target = folder / "big.db"
    shutil.copy(cached, target)
    return target
