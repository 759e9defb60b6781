"""Banks the benchmarks share: one with the bundled pack, one with 100,000 more questions,
and fresh ones with the bundled pack and a synthetic pack of a given size."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

PACKS = 10
PER_PACK = 10_000
CACHE = Path(tempfile.gettempdir()) / "quizapp-bench"


def small_bank(folder: Path) -> Path:
    """A fresh bank holding only the bundled packs (made in another process, so that the
    process measuring does not load what importing needs)."""
    path = folder / "small.db"
    subprocess.run([sys.executable, __file__, "small", str(path)], check=True)
    return path


def synth_bank(target: Path | str, questions: int, pack_id: str = "synthetic") -> Path | str:
    """A fresh bank (an SQLite file, or the URL of an empty PostgreSQL database) holding the
    bundled packs and one synthetic pack of ``questions`` questions, made in another process."""
    subprocess.run(
        [sys.executable, __file__, "synth", str(target), str(questions), pack_id], check=True
    )
    return target


def big_bank(folder: Path) -> Path:
    """A copy of a bank with the bundled packs plus 10 x 10,000 synthetic questions.

    The original is built once and cached in the temp folder (about 40 s).
    """
    from quizapp.bank.schema import SCHEMA_HEAD, check_bank_file

    cached = CACHE / "big-100k.db"
    if not cached.exists():
        subprocess.run([sys.executable, __file__, "big", str(cached)], check=True)
    elif check_bank_file(cached) != SCHEMA_HEAD:
        # Built by an older quizapp: bring it up to date once, outside the measuring process.
        subprocess.run([sys.executable, __file__, "upgrade", str(cached)], check=True)
    target = folder / "big.db"
    shutil.copy(cached, target)
    return target


@contextlib.contextmanager
def postgres_bank() -> Iterator[str]:
    """The URL of a bank holding the bundled packs on a PostgreSQL server of the benchmark's
    own (durable: fsync on), built in another process; the server stops at the end."""
    sys.path.insert(0, str(Path(__file__).parent.parent))
    from tests.postgres import TempServer

    server = TempServer.start(durable=True)
    try:
        server.create_database("bench")
        url = server.url("bench")
        subprocess.run([sys.executable, __file__, "small", url], check=True)
        yield url
    finally:
        server.stop()


def _build_small(path: Path | str) -> None:
    from quizapp.services import open_bank, packs

    bank = open_bank(path)
    packs.ensure_bundled_packs(bank)
    bank.close()


def _build_big(cached: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from synth import pack_text

    from quizapp.services import open_bank, packs

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
    bank.close()
    con = sqlite3.connect(building)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    building.rename(cached)


def _build_synth(target: Path | str, questions: int, pack_id: str) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from synth import pack_text

    from quizapp.services import open_bank, packs

    bank = open_bank(target)
    packs.ensure_bundled_packs(bank)
    with tempfile.TemporaryDirectory() as tmp:
        pack = Path(tmp) / f"{pack_id}.toml"
        pack.write_text(pack_text(questions, pack_id=pack_id), encoding="utf-8")
        [result] = packs.import_files(bank, [str(pack)])
        assert result.status.value == "added", result
    bank.close()


def _upgrade(path: Path) -> None:
    from quizapp.services import open_bank

    open_bank(path).close()


if __name__ == "__main__":
    target = sys.argv[2]
    if sys.argv[1] == "small":
        _build_small(target if "://" in target else Path(target))
    elif sys.argv[1] == "synth":
        _build_synth(target if "://" in target else Path(target), int(sys.argv[3]), sys.argv[4])
    else:
        {"big": _build_big, "upgrade": _upgrade}[sys.argv[1]](Path(target))
