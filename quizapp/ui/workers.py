"""Background work for the UI: importing pack files in a thread, with progress and cancel."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from quizapp.core.columns import ColumnMapping
from quizapp.core.summaries import ImportResult
from quizapp.services import BankError, ServiceError, open_bank, packs
from quizapp.services.packs import ImportCancelled

CANCELLED = "cancelled; nothing was imported from that file"


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import of several files did.

    Attributes:
        results: one per file imported (or refused, or failed), in the order given.
        cancelled: the file whose import was cancelled (nothing of it was kept), or "".
        not_started: the files after a cancelled (or failed) one, never looked at.
        error: a plain sentence when something stopped the import, else "".
        force: whether older versions were allowed to replace newer ones.
        format_name: the format the files were read as (None: detected).
        columns: the column mapping each CSV file was read with, by file (if it had one).
    """

    results: tuple[ImportResult, ...] = ()
    cancelled: str = ""
    not_started: tuple[str, ...] = ()
    error: str = ""
    force: bool = False
    format_name: str | None = None
    columns: Mapping[str, ColumnMapping] = field(default_factory=dict)


class ImportWorker(QThread):
    """Imports pack files in a background thread, on its own connection to the bank.

    The UI thread's bank connection is never used here: the thread opens the same bank
    (file or server) with ``open_bank`` and closes it when done.

    Attributes:
        paths: the files to import, in order.
        bank_location: the bank to open in the thread.
        force: let an older version replace a newer one.
        format_name: the format of every file, or None to detect each one.
        columns: which column holds what, for the CSV files that need it (by file).
        report: the ImportReport, once ``done`` has been emitted.

    Signals:
        progress(int, int, str): steps done, steps in all, what is happening now.
        failed(str): something stopped the import; a plain sentence (emitted before ``done``).
        done(ImportReport): always emitted last, even after a cancel or a failure.
        finished(): QThread's own, once the thread has ended.
    """

    progress = Signal(int, int, str)
    failed = Signal(str)
    done = Signal(object)

    def __init__(
        self,
        bank_location: Any,
        paths: Sequence[str],
        *,
        force: bool = False,
        format_name: str | None = None,
        columns: Mapping[str, ColumnMapping] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.bank_location = bank_location
        self.paths = tuple(paths)
        self.force = force
        self.format_name = format_name
        self.columns = dict(columns or {})
        self.report: ImportReport | None = None
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Stop at the next step; the file being imported is rolled back. Thread-safe."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        # Nothing may escape this method: an exception in a QThread would only be printed.
        try:
            report = self._import()
        except Exception as error:  # pragma: no cover - _import already catches everything
            report = ImportReport(error=_plain(error), force=self.force)
        if report.error:
            self.failed.emit(report.error)
        self.report = report
        self.done.emit(report)

    def _import(self) -> ImportReport:
        results: list[ImportResult] = []
        total = 3 * len(self.paths)
        current = 0

        def step(done: int, steps: int, message: str) -> None:
            # import_files counts the steps of one file; the bar shows all the files.
            # The last step (done == steps) comes after the commit: too late to cancel.
            if self._cancel.is_set() and done < steps:
                raise ImportCancelled()
            overall = round(total * (current + done / steps) / len(self.paths))
            self.progress.emit(overall, total, f"{Path(self.paths[current]).name}: {message}")

        try:
            bank = open_bank(self.bank_location)
        except Exception as error:
            return ImportReport(not_started=self.paths, error=_plain(error), force=self.force)
        try:
            for current, name in enumerate(self.paths):
                if self._cancel.is_set():
                    return self._stopped(results, name, current)
                try:
                    # One call per file, so that the results of the files before a cancelled
                    # one are kept and reported.
                    results += packs.import_files(
                        bank,
                        [name],
                        force=self.force,
                        format_name=self.format_name,
                        progress=step,
                        columns=self.columns.get(name),
                    )
                except ImportCancelled:
                    return self._stopped(results, name, current)
                except Exception as error:
                    return ImportReport(
                        tuple(results),
                        not_started=self.paths[current + 1 :],
                        error=f"{Path(name).name}: {_plain(error)}",
                        force=self.force,
                        format_name=self.format_name,
                    )
        finally:
            bank.close()
        self.progress.emit(total, total, "Done")
        return ImportReport(
            tuple(results), force=self.force, format_name=self.format_name, columns=self.columns
        )

    def _stopped(self, results: list[ImportResult], name: str, index: int) -> ImportReport:
        return ImportReport(
            tuple(results),
            cancelled=name,
            not_started=self.paths[index + 1 :],
            force=self.force,
            format_name=self.format_name,
            columns=self.columns,
        )


def _plain(error: BaseException) -> str:
    """A sentence for the user: the message of an error they can act on, else a bug report."""
    if isinstance(error, BankError):
        return error.message
    if isinstance(error, ServiceError):
        text = str(error)
        return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
    if isinstance(error, OSError):
        return f"{error.strerror or error}."
    from quizapp.logs import crash_message

    return crash_message(error)
