"""Shared fixtures: an isolated environment, a fresh bank, and the test packs."""

from __future__ import annotations

import os

# Before any QApplication exists: the tests never need a display.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from collections.abc import Iterator
from pathlib import Path

import pytest

from quizapp.services import Bank, open_bank

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Nothing a test does touches the real user folders; no bundled packs unless asked."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("QUIZAPP_LOG_DIR", str(home / "log"))
    monkeypatch.setenv("QUIZAPP_DB", str(home / "bank.sqlite3"))
    monkeypatch.setenv("QUIZAPP_BUNDLED_DIR", "")
    return home


@pytest.fixture
def bank_path(tmp_path: Path) -> Path:
    return tmp_path / "bank.sqlite3"


@pytest.fixture
def bank(bank_path: Path) -> Iterator[Bank]:
    """A fresh, empty bank in a temporary folder."""
    b = open_bank(bank_path)
    yield b
    b.close()


@pytest.fixture
def mini_pack_path() -> Path:
    return DATA / "mini.toml"
