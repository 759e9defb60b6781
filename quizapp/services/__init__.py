"""Use cases: one unit of work per call. The CLI and the UI reach the bank only through here.

The package stays light to import: ``quiz`` and ``results`` need only the bank's SQL layer,
and ``packs`` (pack management, which loads pydantic and the pack formats) is imported by
the code that needs it.
"""

from __future__ import annotations

from quizapp.bank.database import Bank, open_bank, upgrade_pending
from quizapp.bank.errors import BankError
from quizapp.core.summaries import BankAccess

__all__ = [
    "Bank",
    "BankAccess",
    "BankError",
    "PackNotFound",
    "ServiceError",
    "open_bank",
    "upgrade_pending",
]


class ServiceError(Exception):
    """Something the user asked for cannot be done; the message says why in plain words."""


class PackNotFound(ServiceError):
    """No pack with that id in the bank."""

    def __init__(self, pack_id: str) -> None:
        super().__init__(f'there is no pack "{pack_id}" in the bank (see: quizapp pack list)')
        self.pack_id = pack_id
