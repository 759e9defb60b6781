"""What can be wrong with a bank, as kinds of error the user can act on.

Each kind names the bank (a file, or a database on a server, never with its password) and
says what to do, in one plain sentence or two. The UI and the CLI show ``message``; code
that must react to a kind catches its class.
"""

from __future__ import annotations


class BankError(Exception):
    """A problem with the bank that the user can act on.

    Attributes:
        where: the bank as the user knows it: a file path, or "DATABASE on HOST:PORT".
        detail: what the file or the server said, if it helps.
    """

    what = "cannot be used"
    advice = ""

    def __init__(self, where: object, detail: str = "") -> None:
        self.where = str(where)
        self.detail = detail
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = f"The question bank {self.where} {self.what}"
        if self.detail:
            text += f" ({self.detail})"
        text += "."
        if self.advice:
            text += " " + self.advice
        return text


class BankMissing(BankError):
    """The bank's folder does not exist."""

    what = "cannot be created because its folder does not exist"
    advice = "Create the folder, or choose another file with --db."


class NotABank(BankError):
    """The file or database holds something else."""

    what = "is not a quizapp question bank"
    advice = (
        "quizapp will not change it. Choose another file or database with --db (or "
        "QUIZAPP_DB), or move this one away."
    )


class BankCorrupt(BankError):
    """SQLite reports the file as damaged."""

    what = "is damaged"
    advice = (
        "quizapp will not change it. Restore it from a backup (quizapp bank restore FILE), "
        "or start a new bank with --db NEWFILE and import your packs again."
    )


class BankLocked(BankError):
    """Another program holds a lock on the file."""

    what = "is in use by another program"
    advice = "Close the other program (perhaps another quizapp) and try again."


class BankReadOnly(BankError):
    """The file or its folder cannot be written."""

    what = "is read-only"
    advice = (
        "quizapp needs to write to it and to its folder. Make them writable, or choose "
        "another file with --db."
    )


class SqliteTooOld(BankError):
    """This Python's SQLite library is older than quizapp needs (3.35)."""

    what = "cannot be opened with this Python"
    advice = (
        "quizapp needs SQLite 3.35 or newer, which comes with Python 3.11 from python.org and "
        "with current Linux distributions; install such a Python, or use a PostgreSQL bank."
    )


class BankTooNew(BankError):
    """The bank was written by a newer quizapp."""

    what = "was made by a newer version of quizapp"
    advice = "Update quizapp to open it; quizapp will not change it."


class BankNeedsUpgrade(BankError):
    """A school bank is older than this quizapp, and this login may not upgrade it."""

    what = "was made by an older version of quizapp and must be upgraded first"
    advice = (
        "Only its owner can do that: ask whoever runs the school's server to run "
        "quizapp --db URL school init once with the owner's login."
    )


class UnsupportedBank(BankError):
    """The --db value names an engine quizapp does not speak."""

    what = "is of a kind quizapp cannot use"
    advice = (
        "Give a file path for an SQLite bank, or a PostgreSQL URL such as "
        "postgresql+psycopg://USER@HOST:5432/DATABASE."
    )


class ServerUnreachable(BankError):
    """The PostgreSQL server did not answer."""

    what = "cannot be reached: the server does not answer"
    advice = (
        "Check that the PostgreSQL server is running, that this computer can reach it (the "
        "address and port in --db, the network, a firewall) and that it listens on that "
        "address (listen_addresses in postgresql.conf)."
    )


class LoginRefused(BankError):
    """The server refused the login (wrong password, or not allowed from here)."""

    what = "refused the login"
    advice = (
        "Check the user name and the password (typed in the URL, or in PGPASSWORD or "
        "~/.pgpass), and that pg_hba.conf lets this login connect from this computer."
    )


class DatabaseMissing(BankError):
    """The server has no database of that name."""

    what = "does not exist on the server"
    advice = (
        "Create it first (for example: createdb -O quizapp_admin quizapp; see docs/school.md), "
        "or check the name at the end of the URL."
    )


class ConnectionLost(BankError):
    """The connection to the server broke in the middle of something."""

    what = "stopped answering in the middle of a change, which was not saved"
    advice = "Check the network and the server, then try again."


class ChangedMeanwhile(BankError):
    """Someone else changed the same thing at the same moment (a school bank)."""

    what = "was changed by someone else at the same moment, so nothing was saved"
    advice = "Try again."


class NotAllowed(BankError):
    """The login may not do this on a school bank (PostgreSQL refused it)."""

    what = "does not let this login do that"
    advice = (
        "On a school bank, only teachers may change packs or see other learners' results; "
        "ask a teacher."
    )


class DriverMissing(BankError):
    """A PostgreSQL URL was given, but psycopg is not installed."""

    what = "needs the PostgreSQL driver, which is not installed"
    advice = "Install it with: pip install 'psycopg[binary]'"
