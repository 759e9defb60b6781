"""The bank tests run on both engines: ``bank`` is SQLite once and PostgreSQL once."""

from __future__ import annotations

import pytest

from quizapp.services import Bank


@pytest.fixture
def bank(any_bank: Bank) -> Bank:
    return any_bank
