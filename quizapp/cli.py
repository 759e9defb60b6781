"""The ``quizapp`` command: headless subcommands; the window is imported only when opened."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from quizapp import __version__

if TYPE_CHECKING:
    from quizapp.core.columns import ColumnMapping
    from quizapp.services import Bank

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse with quizapp's wording: usage errors exit 2 with one plain line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"quizapp: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    db_help = (
        "the question bank: an SQLite file, or a PostgreSQL URL "
        "postgresql+psycopg://USER@HOST[:PORT]/DATABASE (default: $QUIZAPP_DB, else a file in "
        "your user data folder)"
    )
    common = _Parser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, metavar="PATH|URL", help=db_help)

    parser = _Parser(
        prog="quizapp",
        description="A desktop quiz app where every answer comes with its sources. "
        "Without a command, opens the window.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"quizapp {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    pack = commands.add_parser(
        "pack", help="validate, import, list, export and remove packs", parents=[common]
    )
    pack_commands = pack.add_subparsers(
        dest="pack_command", metavar="ACTION", required=True, parser_class=_Parser
    )

    from quizapp.services.formats import formats

    known = formats().values()
    readable = [f.name for f in known if f.readable]
    writable = [f.name for f in known if f.writable]
    format_help = "the file format (default: from the extension and the content)"
    language_help = (
        "the language of the questions, e.g. es, for a format that cannot say it "
        "(default: told from the text when it is clear, else und)"
    )
    columns_help = (
        "which column of a CSV file holds what, for a header quizapp does not know: "
        '"prompt=question,choices=option_*,correct=correct_answer,explanation=explanation" '
        "(also tags=, id=, separator= for choices joined in one cell, keys=letters|numbers|text)"
    )
    p = pack_commands.add_parser(
        "validate", help="check pack files; exit 1 if any has problems", parents=[common]
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=readable, help=format_help)
    p.add_argument("--columns", type=_columns, metavar="MAPPING", help=columns_help)
    p.add_argument("--language", metavar="CODE", help=language_help)

    p = pack_commands.add_parser(
        "import",
        help="import pack files into the bank (each file all or nothing)",
        parents=[common],
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=readable, help=format_help)
    p.add_argument("--columns", type=_columns, metavar="MAPPING", help=columns_help)
    p.add_argument("--language", metavar="CODE", help=language_help)
    p.add_argument(
        "--force", action="store_true", help="replace a newer version already in the bank"
    )

    p = pack_commands.add_parser("list", help="list the packs in the bank", parents=[common])
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")

    p = pack_commands.add_parser(
        "export", help="write a pack from the bank to a file", parents=[common]
    )
    p.add_argument("pack_id", metavar="ID")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    p.add_argument(
        "--format", choices=writable, help="default: from the output's extension, else toml"
    )

    p = pack_commands.add_parser(
        "template", help="print a template to write questions in", parents=[common]
    )
    p.add_argument("--csv", action="store_true", help="a spreadsheet (CSV) template")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: standard output")

    p = pack_commands.add_parser(
        "schema", help="print the JSON Schema of the TOML pack format", parents=[common]
    )
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: standard output")

    p = pack_commands.add_parser("new", help="write a commented starter pack", parents=[common])
    p.add_argument("new_id", metavar="ID", help="the new pack's id, like world-history-1")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: ID.toml")

    p = pack_commands.add_parser("remove", help="remove a pack from the bank", parents=[common])
    p.add_argument("pack_id", metavar="ID")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    p = commands.add_parser(
        "start",
        help="open the window straight into a quiz (one command for a whole class)",
        parents=[common],
    )
    p.add_argument("pack_id", metavar="PACK_ID")
    p.add_argument("--mode", choices=["practice", "exam"], default="practice")
    p.add_argument("--count", type=_count, default=10, metavar="N", help='questions (or "all")')
    p.add_argument("--seed", type=int, metavar="N", help="the same seed gives the same quiz")
    p.add_argument(
        "--learner", metavar="NAME", help="default: the last learner here, else the window asks"
    )
    p.add_argument("--time-limit", type=_minutes, metavar="MINUTES")
    p.add_argument(
        "--marking",
        choices=["standard", "penalty", "certainty"],
        default="standard",
        help="standard: 1 per right answer; penalty: wrong answers cost, so guessing scores 0; "
        "certainty: learners say how sure they are (1-3), scored +1/0, +2/-2, +3/-6",
    )
    p.add_argument(
        "--navigation",
        choices=["free", "sequential"],
        default="free",
        help="exams: free (any question, any order) or sequential (no going back)",
    )

    p = commands.add_parser(
        "join",
        help="open the window into the quiz a class code stands for",
        parents=[common],
    )
    p.add_argument("code", metavar="CODE", help="the class code, like NATO-7KQ3-PX9M-2RTB")
    p.add_argument("--learner", metavar="NAME", help="default: the window asks")
    p.add_argument(
        "--hand-in", metavar="DIR",
        help="hand the result in to this folder when the quiz is finished (remembered)",
    )  # fmt: skip

    p = commands.add_parser(
        "study",
        help="study: the facts due now, then new ones (or: study status)",
        description="quizapp study PACK_ID opens the window straight into Study on that pack; "
        "quizapp study status prints, per pack, the facts due now, new today, learning and in "
        "review, and the due facts of the next 30 days.",
        parents=[common],
    )
    p.add_argument("target", metavar="PACK_ID|status", help='a pack id, or "status"')
    p.add_argument("--learner", metavar="NAME", help="default: the last learner here")
    p.add_argument("--json", action="store_true", help="status: print JSON (docs/study.md)")
    p.add_argument(
        "--marking", choices=["standard", "certainty"], default="standard",
        help="certainty: say how sure you are (1-3); sure and right makes the fact wait longer",
    )  # fmt: skip

    classes = commands.add_parser(
        "class", help="class codes and the class report (see docs/classroom.md)", parents=[common]
    )
    class_commands = classes.add_subparsers(
        dest="class_command", metavar="ACTION", required=True, parser_class=_Parser
    )
    p = class_commands.add_parser(
        "code",
        help="make one short code that gives every learner the same quiz",
        parents=[common],
    )
    p.add_argument("pack_id", metavar="PACK_ID")
    p.add_argument("--mode", choices=["practice", "exam"], default="exam")
    p.add_argument(
        "--count", type=_count, default=10, metavar="N", help='questions, 1-127 (or "all")'
    )
    p.add_argument(
        "--filter", action="append", default=[], metavar="FACT_OR_TAG",
        help="limit to a fact (its key) or a tag; repeat for several",
    )  # fmt: skip
    p.add_argument(
        "--time-limit", type=_whole_minutes, metavar="MINUTES",
        help="1-90, or up to 645 in steps of 15",
    )  # fmt: skip
    p.add_argument("--marking", choices=["standard", "penalty", "certainty"], default="standard")
    p.add_argument("--navigation", choices=["free", "sequential"], default="free")
    p.add_argument("--seed", type=int, metavar="N", help="0-511; default: a random one")
    p = class_commands.add_parser(
        "report",
        help="the class report from hand-in files and folders, or from a school bank",
        parents=[common],
    )
    p.add_argument("paths", nargs="*", metavar="FILES_OR_FOLDERS")
    p.add_argument(
        "--code", metavar="CODE",
        help="report on this code (without files: read the bank's attempts)",
    )  # fmt: skip
    p.add_argument(
        "--format", choices=["pdf", "csv", "json"],
        help="default: from the output's extension, else pdf",
    )  # fmt: skip
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="csv/json: default stdout")
    p = class_commands.add_parser(
        "live", help="who has started and finished a code (a school bank)", parents=[common]
    )
    p.add_argument("code", metavar="CODE")

    results = commands.add_parser("results", help="learners' results", parents=[common])
    results_commands = results.add_subparsers(
        dest="results_command", metavar="ACTION", required=True, parser_class=_Parser
    )
    p = results_commands.add_parser(
        "export", help="one row per answer, as CSV or JSON", parents=[common]
    )
    p.add_argument("--learner", metavar="NAME")
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: standard output")

    banks = commands.add_parser(
        "bank", help="copy a bank, back it up, restore a backup", parents=[common]
    )
    bank_commands = banks.add_subparsers(
        dest="bank_command", metavar="ACTION", required=True, parser_class=_Parser
    )
    p = bank_commands.add_parser(
        "copy",
        help="copy a whole bank into an empty one (a file or a PostgreSQL URL), then check it",
        parents=[common],
    )
    p.add_argument("source", metavar="SOURCE")
    p.add_argument("dest", metavar="DEST")
    p = bank_commands.add_parser(
        "backup", help="a consistent copy of an SQLite bank, even while in use", parents=[common]
    )
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: in backups/")
    p = bank_commands.add_parser(
        "restore",
        help="put a backup in the bank's place (the current bank is kept as a backup)",
        parents=[common],
    )
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    school = commands.add_parser(
        "school", help="set up a school bank on PostgreSQL (see docs/school.md)", parents=[common]
    )
    school_commands = school.add_subparsers(
        dest="school_command", metavar="ACTION", required=True, parser_class=_Parser
    )
    school_commands.add_parser(
        "init",
        help="create the schema, the roles quizapp_teacher and quizapp_learner, and their rights",
        parents=[common],
    )
    p = school_commands.add_parser(
        "add-learners",
        help="one login per learner of a roster (CSV: name, and optionally class)",
        parents=[common],
    )
    p.add_argument("roster", type=Path, metavar="ROSTER.csv")
    p.add_argument(
        "-o", "--output", type=Path, required=True, metavar="LOGINS.csv",
        help="where to write the new logins and their passwords (a new file)",
    )  # fmt: skip
    p = school_commands.add_parser(
        "add-teacher", help="make a login a teacher (created if new)", parents=[common]
    )
    p.add_argument("login", metavar="LOGIN")
    return parser


def _count(text: str) -> int | None:
    if text.lower() == "all":
        return None
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'expected a number or "all", got {text!r}') from None
    if value < 1:
        raise argparse.ArgumentTypeError("the count must be at least 1")
    return value


def _columns(text: str) -> ColumnMapping:
    from quizapp.core.columns import ColumnMapping, MappingError

    try:
        return ColumnMapping.parse(text)
    except MappingError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _whole_minutes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected whole minutes, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("the time limit must be at least 1 minute")
    return value


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected minutes, got {text!r}") from None
    if not 0 < value <= 24 * 60:
        raise argparse.ArgumentTypeError("the time limit must be between 0 and 1440 minutes")
    return value


class _Out:
    """Where a command writes, and the banks it opened (closed when the command ends)."""

    def __init__(self, out: TextIO, err: TextIO) -> None:
        self.out = out
        self.err = err
        self.banks: list[Bank] = []

    def open_bank(self, args: argparse.Namespace, target: str | None = None) -> Bank:
        from quizapp.services import open_bank

        bank = open_bank(target if target is not None else getattr(args, "db", None))
        self.banks.append(bank)
        return bank

    def close(self) -> None:
        for bank in self.banks:
            bank.close()
        self.banks.clear()

    def say(self, text: str = "") -> None:
        print(text, file=self.out)

    def warn(self, text: str) -> None:
        print(text, file=self.err)


def _open(args: argparse.Namespace, io: _Out) -> Bank:
    from quizapp.services import packs

    bank = io.open_bank(args)
    for result in packs.ensure_bundled_packs(bank):
        if result.problems:
            print(
                f"quizapp: a bundled pack could not be imported:\n{result.message}", file=sys.stderr
            )
    return bank


def cmd_validate(args: argparse.Namespace, io: _Out) -> int:
    from quizapp.services import import_report, packs

    checks = packs.validate_files(args.files, args.format, args.columns, args.language)
    for check in checks:
        for problem in import_report.in_line_order(check.problems):
            io.warn(str(problem))
        if check.ok:
            io.say(
                f"{check.file}: OK — {check.pack_id} {check.version}, {check.questions} questions"
            )
            notes = import_report.notes(
                check.types, check.read_warnings, check.language, check.language_how
            )
            for note in notes:
                io.say(f"  {note}")
    bad = [c for c in checks if not c.ok]
    if bad:
        n = sum(1 for c in bad for p in c.problems if p.severity == "error")
        io.warn(f"{n} problem(s) in {len(bad)} of {len(checks)} file(s)")
        return EXIT_PROBLEMS
    return EXIT_OK


def cmd_import(args: argparse.Namespace, io: _Out) -> int:
    from quizapp.core.summaries import ImportStatus
    from quizapp.services import import_report, packs

    bank = _open(args, io)
    results = packs.import_files(
        bank,
        args.files,
        force=args.force,
        format_name=args.format,
        columns=args.columns,
        language=args.language,
    )
    failed = 0
    for name, r in zip(args.files, results, strict=True):
        for warning in import_report.in_line_order(r.warnings):
            io.warn(str(warning))
        if r.status is ImportStatus.FAILED:
            failed += 1
            for problem in r.problems:
                io.warn(str(problem))
            io.warn(f"{name}: not imported ({r.message})")
        elif r.status is ImportStatus.REFUSED:
            failed += 1
            io.warn(f"{name}: not imported: {r.message}")
        elif r.status is ImportStatus.UNCHANGED:
            io.say(f'{name}: unchanged — "{r.title}" {r.message}')
        elif r.status is ImportStatus.ADDED:
            io.say(f'{name}: added "{r.title}" ({r.pack_id} {r.version}, {r.added} questions)')
        else:
            io.say(
                f'{name}: updated "{r.title}" ({r.pack_id} {r.previous_version} → {r.version}): '
                f"{r.added} added, {r.changed} changed, {r.retired} retired, "
                f"{r.unchanged} unchanged"
            )
        if r.status is not ImportStatus.FAILED:
            for note in import_report.notes(r.types, r.warnings, r.language, r.language_how):
                io.say(f"  {note}")
    return EXIT_PROBLEMS if failed else EXIT_OK


def cmd_list(args: argparse.Namespace, io: _Out) -> int:
    from quizapp.services import packs as pack_service

    packs = pack_service.list_packs(_open(args, io))
    if args.json:
        rows = [
            {
                "id": p.id,
                "title": p.title,
                "version": p.version,
                "language": p.language,
                "questions": p.questions,
                "multiple_choice": p.multiple_choice,
                "true_false": p.true_false,
                "multiple_response": p.multiple_response,
            }
            for p in packs
        ]
        io.say(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not packs:
        io.say("The bank has no packs yet. Import one with: quizapp pack import FILE")
        return EXIT_OK
    width = max(len(p.id) for p in packs)
    io.say(f"{'ID':<{width}}  {'VERSION':<9} {'LANG':<5} {'QUESTIONS':>9}  TITLE")
    for p in packs:
        io.say(f"{p.id:<{width}}  {p.version:<9} {p.language:<5} {p.questions:>9}  {p.title}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace, io: _Out) -> int:
    from quizapp.services import packs

    done = packs.export_pack(_open(args, io), args.pack_id, args.output, args.format)
    for warning in done.warnings:
        io.warn(f"{args.output}: warning: {warning}")
    pack = done.pack
    io.say(
        f"{args.output}: wrote {pack.info.id} {pack.info.version} "
        f"({len(pack.questions)} questions, {done.format})"
    )
    return EXIT_OK


def _emit(args: argparse.Namespace, io: _Out, text: str, what: str) -> int:
    if args.output is None:
        io.out.write(text)
        return EXIT_OK
    from quizapp.services.packs import write_text_file

    write_text_file(args.output, text)
    io.say(f"{args.output}: wrote {what}")
    return EXIT_OK


def cmd_template(args: argparse.Namespace, io: _Out) -> int:
    from quizapp.services.packs import template_text

    what = "a CSV template" if args.csv else "a TOML template"
    return _emit(args, io, template_text(csv=args.csv), what)


def cmd_schema(args: argparse.Namespace, io: _Out) -> int:
    from quizapp.services.packs import json_schema_text

    return _emit(args, io, json_schema_text(), "the JSON Schema of the pack format")


def cmd_new(args: argparse.Namespace, io: _Out) -> int:
    from quizapp.services import ServiceError
    from quizapp.services.packs import starter_text, write_text_file

    try:
        text = starter_text(args.new_id)
    except ServiceError as e:
        io.warn(f"quizapp: {e}")
        return EXIT_USAGE
    target = args.output or Path(f"{args.new_id}.toml")
    if target.exists():
        io.warn(f"quizapp: {target} already exists; choose another name with -o FILE")
        return EXIT_PROBLEMS
    write_text_file(target, text)
    io.say(f"{target}: wrote a starter pack; edit it, then: quizapp pack validate {target}")
    return EXIT_OK


def cmd_remove(args: argparse.Namespace, io: _Out) -> int:
    from quizapp.services import PackNotFound, packs

    bank = _open(args, io)
    pack = {p.id: p for p in packs.list_packs(bank)}.get(args.pack_id)
    if pack is None:
        raise PackNotFound(args.pack_id)
    if not args.yes:
        if not sys.stdin.isatty():
            io.warn("quizapp: not removing without confirmation; add --yes to remove it")
            return EXIT_USAGE
        answer = input(f'Remove "{pack.title}" ({pack.questions} questions) from the bank? [y/N] ')
        if answer.strip().lower() not in ("y", "yes"):
            io.say("Nothing removed.")
            return EXIT_OK
    packs.remove_pack(bank, args.pack_id)
    io.say(f'Removed "{pack.title}" ({args.pack_id}).')
    return EXIT_OK


def cmd_window(args: argparse.Namespace, io: _Out) -> int:
    from quizapp.ui.app import run

    return run(db=getattr(args, "db", None))


def cmd_start(args: argparse.Namespace, io: _Out) -> int:
    from quizapp.core.marking import Marking, Navigation
    from quizapp.core.quiz import Mode
    from quizapp.services import PackNotFound, open_bank
    from quizapp.services.bundled import stale_bundled_packs
    from quizapp.services.quiz import QuizRequest, start_screen

    if args.navigation == "sequential" and args.mode != "exam":
        io.warn("quizapp: --navigation sequential is for exams: add --mode exam")
        return EXIT_USAGE
    bank = open_bank(getattr(args, "db", None))
    screen = start_screen(bank)
    known = any(p.id == args.pack_id for p in screen.packs)
    if not known and not stale_bundled_packs(bank):
        raise PackNotFound(args.pack_id)
    # Without --learner, the last learner on this computer; if none, the window asks.
    learner = args.learner or screen.learner
    bank.close()
    request = QuizRequest(
        pack_id=args.pack_id,
        learner=learner,
        mode=Mode(args.mode),
        count=args.count,
        seed=args.seed,
        time_limit_minutes=args.time_limit,
        marking=Marking(args.marking),
        navigation=Navigation(args.navigation),
    )
    from quizapp.ui.app import run

    return run(db=getattr(args, "db", None), start=request)


def cmd_study(args: argparse.Namespace, io: _Out) -> int:
    if args.target == "status":
        return cmd_study_status(args, io)
    from quizapp.core.marking import Marking
    from quizapp.core.quiz import Mode
    from quizapp.services import PackNotFound, open_bank
    from quizapp.services.bundled import stale_bundled_packs
    from quizapp.services.quiz import QuizRequest, start_screen

    bank = open_bank(getattr(args, "db", None))
    screen = start_screen(bank)
    if not any(p.id == args.target for p in screen.packs) and not stale_bundled_packs(bank):
        raise PackNotFound(args.target)
    learner = args.learner or screen.learner
    bank.close()
    request = QuizRequest(
        pack_id=args.target, learner=learner, mode=Mode.STUDY, marking=Marking(args.marking)
    )
    from quizapp.ui.app import run

    return run(db=getattr(args, "db", None), start=request)


def cmd_study_status(args: argparse.Namespace, io: _Out) -> int:
    from quizapp.services import study
    from quizapp.services.quiz import start_screen

    bank = _open(args, io)
    learner = args.learner or start_screen(bank).learner
    if not learner.strip():
        io.warn("quizapp: whose status? add --learner NAME")
        return EXIT_USAGE
    found = study.status(bank, learner)
    if args.json:
        io.say(json.dumps(found.as_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    if not found.packs:
        io.say("There are no packs in the bank yet.")
        return EXIT_OK
    io.say(f"Study status of {found.learner}")
    width = max(len(p.pack) for p in found.packs)
    io.say(f"{'PACK':<{width}}  {'DUE NOW':>7}  {'NEW':>4}  {'LEARNING':>8}  {'REVIEW':>6}  "
           "DUE IN THE NEXT 7 DAYS")  # fmt: skip
    for p in found.packs:
        f = p.figures
        week = " ".join(str(n) for _, n in p.forecast[:7])
        io.say(
            f"{p.pack:<{width}}  {f.due_now:>7}  {f.new:>4}  {f.learning:>8}  {f.review:>6}  {week}"
        )
    return EXIT_OK


def cmd_join(args: argparse.Namespace, io: _Out) -> int:
    from quizapp.services import classroom

    bank = _open(args, io)
    found = classroom.plan(bank, args.code)  # a typo is told here, before any window
    if args.hand_in:
        folder = Path(args.hand_in).expanduser()
        if not folder.is_dir():
            io.warn(f"quizapp: the hand-in folder {folder} does not exist")
            return EXIT_PROBLEMS
        classroom.remember_hand_in_folder(bank, folder)
    bank.close()
    io.banks.remove(bank)
    request = classroom.JoinRequest(found.code, args.learner or "", args.hand_in or "")
    from quizapp.ui.app import run

    return run(db=getattr(args, "db", None), join_code=request)


def cmd_class_code(args: argparse.Namespace, io: _Out) -> int:
    from quizapp.core.marking import Marking, Navigation
    from quizapp.core.quiz import Mode
    from quizapp.services import classroom

    if args.navigation == "sequential" and args.mode != "exam":
        io.warn("quizapp: --navigation sequential is for exams: add --mode exam")
        return EXIT_USAGE
    bank = _open(args, io)
    tags, facts = classroom.split_filter(bank, args.pack_id, args.filter)
    code = classroom.make_code(
        bank,
        classroom.CodeRequest(
            pack_id=args.pack_id,
            mode=Mode(args.mode),
            count=args.count,
            tags=tags,
            facts=facts,
            time_limit_minutes=args.time_limit,
            marking=Marking(args.marking),
            navigation=Navigation(args.navigation),
            seed=args.seed,
        ),
    )
    found = classroom.plan(bank, code)
    io.say(found.description)
    io.say("Learners type it on the start screen (Join with a code), or run: quizapp join CODE")
    io.say(code)
    return EXIT_OK


def cmd_class_report(args: argparse.Namespace, io: _Out) -> int:
    from quizapp.services import classroom

    fmt = args.format
    if fmt is None:
        suffix = args.output.suffix.lower().lstrip(".") if args.output else ""
        fmt = suffix if suffix in ("pdf", "csv", "json") else "pdf"
    if fmt == "pdf" and args.output is None:
        io.warn("quizapp: a PDF report needs -o FILE.pdf")
        return EXIT_USAGE
    if not args.paths and not args.code:
        io.warn("quizapp: name hand-in files or folders, or a --code to read from the bank")
        return EXIT_USAGE
    bank = io.open_bank(args)
    if args.paths:
        report = classroom.report_from_files(bank, args.paths, args.code)
    else:
        report = classroom.report_from_bank(bank, args.code)
    for rejected in report.rejected:
        io.warn(f"{rejected.source}: left out: {rejected.reason}")
    if fmt == "pdf":
        from quizapp.ui.report_pdf import write_pdf

        write_pdf(report, args.output)
        text = None
    else:
        text = classroom.report_json(report) if fmt == "json" else classroom.report_csv(report)
    t = report.test
    summary = f"{t.learners} learner(s), {t.questions} question(s), code {report.code}"
    if text is None:
        io.say(f"{args.output}: wrote the class report ({summary})")
    elif args.output is None:
        io.out.write(text)
    else:
        from quizapp.services.packs import write_text_file

        write_text_file(args.output, text)
        io.say(f"{args.output}: wrote the class report ({summary})")
    return EXIT_OK


def cmd_class_live(args: argparse.Namespace, io: _Out) -> int:
    from quizapp.core.quiz import format_points
    from quizapp.services import classroom

    rows = classroom.live(io.open_bank(args), args.code)
    if not rows:
        io.say("No one has joined this code on this bank yet.")
        return EXIT_OK
    width = max(len(r.learner) for r in rows)
    io.say(f"{'LEARNER':<{width}}  {'STATUS':<11} {'ANSWERED':>8}  SCORE")
    for r in rows:
        score = f"{format_points(r.score)} / {format_points(r.max_score)}" if r.status.ended else ""
        io.say(
            f"{r.learner:<{width}}  {r.status.value:<11} {f'{r.answered}/{r.total}':>8}  {score}"
        )
    done = sum(1 for r in rows if r.status.ended)
    io.say(f"{len(rows)} joined, {done} finished.")
    return EXIT_OK


def cmd_results_export(args: argparse.Namespace, io: _Out) -> int:
    from quizapp.services.packs import write_text_file
    from quizapp.services.results import export_results

    text = export_results(io.open_bank(args), args.learner, args.format)
    if args.output is None:
        io.out.write(text)
    else:
        write_text_file(args.output, text)
        io.say(f"{args.output}: wrote the results ({args.format})")
    return EXIT_OK


def cmd_bank_copy(args: argparse.Namespace, io: _Out) -> int:
    from quizapp.services.banks import bank_name, copy_bank

    def step(table: str, rows: int) -> None:
        io.say(f"  {table}: {rows} row(s)")

    io.say(f"Copying {bank_name(args.source)} into {bank_name(args.dest)}:")
    done = copy_bank(args.source, args.dest, step)
    io.say(
        f"Copied {done.rows} rows in {len(done.tables)} tables, checked before keeping them: every "
        f"table of {done.dest} holds the same rows as {done.source} (counts and SHA-256)."
    )
    return EXIT_OK


def cmd_bank_backup(args: argparse.Namespace, io: _Out) -> int:
    from quizapp.services.banks import backup_bank

    target = backup_bank(io.open_bank(args), args.output)
    io.say(f"{target}: wrote a backup of the bank")
    return EXIT_OK


def cmd_bank_restore(args: argparse.Namespace, io: _Out) -> int:
    from quizapp.services.banks import check_restorable, restore_bank

    bank = io.open_bank(args)
    check_restorable(bank, args.file)
    if not args.yes:
        if not sys.stdin.isatty():
            io.warn("quizapp: not restoring without confirmation; add --yes to restore it")
            return EXIT_USAGE
        answer = input(
            f"Replace everything in {bank.where} with {args.file}? The bank as it is now is "
            "kept as a backup first. [y/N] "
        )
        if answer.strip().lower() not in ("y", "yes"):
            io.say("Nothing restored.")
            return EXIT_OK
    kept = restore_bank(bank, args.file)
    io.say(f"Restored {args.file} into {bank.where}; the bank as it was is kept in {kept}.")
    return EXIT_OK


def cmd_school_init(args: argparse.Namespace, io: _Out) -> int:
    from quizapp.services import packs, school

    bank = io.open_bank(args)
    for line in school.init(bank):
        io.say(line[0].upper() + line[1:] + ".")
    packs.ensure_bundled_packs(bank)
    io.say(f"The school bank {bank.where} is ready. Next: quizapp --db URL school add-learners")
    return EXIT_OK


def cmd_school_add_learners(args: argparse.Namespace, io: _Out) -> int:
    from quizapp.services import school

    done = school.add_learners(io.open_bank(args), args.roster, args.output)
    for n in done.created:
        in_class = f" ({n.learner.class_name})" if n.learner.class_name else ""
        io.say(f"added {n.learner.name}{in_class}: login {n.learner.login}")
    for n in done.unchanged:
        io.say(f"{n.learner.name} already has the login {n.learner.login}; unchanged")
    if not done.created:
        io.say(f"Nothing changed: every learner in {args.roster} already has a login.")
        return EXIT_OK
    io.say(
        f"{len(done.created)} login(s) created, {len(done.unchanged)} unchanged. The passwords "
        f"are in {done.logins_file} (only you can read it): hand each learner their line, "
        "then keep the file safe or delete it."
    )
    return EXIT_OK


def cmd_school_add_teacher(args: argparse.Namespace, io: _Out) -> int:
    from quizapp.services import school

    done = school.add_teacher(io.open_bank(args), args.login)
    if not done.created:
        io.say(f"{args.login} is already a teacher; unchanged.")
    elif done.password:
        io.say(f"Created the teacher login {args.login} with the password: {done.password}")
        io.say("It is shown only now; the teacher can change it in psql with \\password.")
    else:
        io.say(f"{args.login} is now a teacher.")
    return EXIT_OK


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command line; returns the exit status."""
    io = _Out(out or sys.stdout, err or sys.stderr)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return int(e.code) if isinstance(e.code, int) else EXIT_USAGE
    handlers = {
        "validate": cmd_validate,
        "import": cmd_import,
        "list": cmd_list,
        "export": cmd_export,
        "remove": cmd_remove,
        "template": cmd_template,
        "schema": cmd_schema,
        "new": cmd_new,
    }
    if args.command == "pack":
        handler = handlers[args.pack_command]
    elif args.command == "start":
        handler = cmd_start
    elif args.command == "results":
        handler = cmd_results_export
    elif args.command == "join":
        handler = cmd_join
    elif args.command == "study":
        handler = cmd_study
    elif args.command == "class":
        handler = {
            "code": cmd_class_code,
            "report": cmd_class_report,
            "live": cmd_class_live,
        }[args.class_command]
    elif args.command == "bank":
        handler = {
            "copy": cmd_bank_copy,
            "backup": cmd_bank_backup,
            "restore": cmd_bank_restore,
        }[args.bank_command]
    elif args.command == "school":
        handler = {
            "init": cmd_school_init,
            "add-learners": cmd_school_add_learners,
            "add-teacher": cmd_school_add_teacher,
        }[args.school_command]
    else:
        handler = cmd_window
    from quizapp.services import BankError, ServiceError

    try:
        return handler(args, io)
    except (BankError, ServiceError) as e:
        io.warn(f"quizapp: {e}")
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        io.warn("quizapp: interrupted")
        return 130
    except Exception as e:  # the last line of defence: never a traceback
        from quizapp.logs import crash_message

        io.warn(crash_message(e))
        return EXIT_PROBLEMS
    finally:
        io.close()
