"""The classroom: class codes, joining one, handing in, the class report, the live view.

- A teacher makes a code (``make_code``) for a pack and quiz settings; learners join it
  (``plan`` says what it is, ``join`` starts it). The code is ``core.classcode``; the draw is
  seeded by the code and made over the questions in key order, so every bank that holds the
  same pack shows the same questions with the same choices in the same order.
- A learner hands a finished coded attempt in (``hand_in``): one ``.quizresult`` file
  (``packs.quizresult``) in a folder, remembered for next time.
- The teacher reads hand-ins (``report_from_files``) or, on a school bank, the class's
  attempts (``report_from_bank``) into a ``ClassReport``; the statistics are
  ``core.item_analysis``; ``report_json`` and ``report_csv`` write it (the PDF is drawn by
  ``ui.report_pdf``, with Qt). ``live`` lists who has started and finished.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from quizapp.bank import attempts, packs, questions, settings
from quizapp.bank.database import Bank
from quizapp.bank.engine import Db
from quizapp.core import classcode
from quizapp.core.classcode import ClassCode, ClassSettings, CodeError, SettingNotCoded
from quizapp.core.classroom import (
    ClassReport,
    FactStats,
    HandIn,
    HandInChoice,
    HandInResponse,
    Rejected,
    RosterRow,
    SourceRef,
)
from quizapp.core.item_analysis import Item, analyse
from quizapp.core.marking import Marking, Navigation
from quizapp.core.quiz import Clock, Mode, Outcome, system_clock
from quizapp.core.summaries import (
    AttemptRecord,
    AttemptSummary,
    BankAccess,
    FilterOption,
    PackSummary,
    learner_key,
)
from quizapp.services import PackNotFound, ServiceError
from quizapp.services.quiz import (
    DEFAULT_COUNT,
    NoQuestions,
    QuizRequest,
    QuizSession,
    as_shown,
)
from quizapp.services.results import neutralise

HAND_IN_SUFFIX = ".quizresult"  # packs.quizresult.SUFFIX; that module (pydantic) loads on use
HAND_IN_SETTING = "hand_in_folder"
MAX_FILES = 5000  # hand-ins read for one report
SCHOOL_BANK = "school bank"


class CodeProblem(ServiceError):
    """The code cannot be joined: a typo, or not a code at all. The message is for the learner."""


class PackMissing(ServiceError):
    """The bank lacks the code's pack, or holds another version of it."""


@dataclass(frozen=True, slots=True)
class CodeRequest:
    """What the teacher sets up for the class."""

    pack_id: str
    mode: Mode = Mode.EXAM
    count: int | None = DEFAULT_COUNT
    tags: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    time_limit_minutes: int | None = None
    marking: Marking = Marking.STANDARD
    navigation: Navigation = Navigation.FREE
    seed: int | None = None  # None: a random one


@dataclass(frozen=True, slots=True)
class JoinPlan:
    """What a code will start, for the learner to see before starting.

    Attributes:
        questions: how many questions the quiz will have.
    """

    code: str
    pack: PackSummary
    settings: ClassSettings
    tags: tuple[str, ...]
    facts: tuple[str, ...]
    fingerprint: str
    questions: int

    @property
    def description(self) -> str:
        """One line: "NATO … 1.0.0 · exam · 10 questions · 20 minutes · standard marking"."""
        s = self.settings
        parts = [
            f"{self.pack.title} {self.pack.version}",
            s.mode.value,
            f"{self.questions} question{'s' if self.questions != 1 else ''}",
        ]
        if s.time_limit_minutes:
            parts.append(f"{s.time_limit_minutes} minutes")
        parts.append(f"{s.marking.value} marking")
        if s.navigation is Navigation.SEQUENTIAL:
            parts.append("no going back")
        if self.tags or self.facts:
            parts.append("limited to " + ", ".join((*self.facts, *self.tags)))
        return " · ".join(parts)


# -- the pack a code stands for ----------------------------------------------------------------


def _pack_fingerprint(db: Db, pack: PackSummary) -> tuple[str, list[FilterOption]]:
    """The pack's fingerprint (``core.classcode.fingerprint``) and its filter options."""
    options = questions.filter_options(db, pack.id)
    lines = [
        classcode.question_line(
            q.id,
            q.type.value,
            q.prompt,
            q.shuffle,
            q.fact or "",
            q.tags,
            [(c.text, c.correct) for c in q.choices],
        )
        for q in sorted(questions.of_pack(db, pack.id), key=lambda q: q.id)
    ]
    lines += [f"{o.kind}:{o.value}" for o in options]
    return classcode.fingerprint(pack.id, pack.version, lines), options


def pack_fingerprint(bank: Bank, pack_id: str) -> str:
    """The fingerprint of a pack as this bank holds it."""
    with bank.read() as db:
        found = packs.summary(db, pack_id)
        if found is None:
            raise PackNotFound(pack_id)
        return _pack_fingerprint(db, found)[0]


def split_filter(
    bank: Bank, pack_id: str, values: Sequence[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Filter values as typed (a fact's key or a tag's name) sorted into (tags, facts)."""
    if not values:
        return (), ()
    with bank.read() as db:
        if packs.summary(db, pack_id) is None:
            raise PackNotFound(pack_id)
        options = questions.filter_options(db, pack_id)
    tags: list[str] = []
    facts: list[str] = []
    for value in values:
        kinds = {o.kind for o in options if o.value == value}
        if not kinds:
            known = ", ".join(o.value for o in options) or "none"
            raise ServiceError(
                f'the pack "{pack_id}" has no fact or tag "{value}" (it has: {known})'
            )
        (facts if "fact" in kinds else tags).append(value)
    return tuple(tags), tuple(facts)


def make_code(bank: Bank, request: CodeRequest) -> str:
    """A class code for this quiz. Raises ServiceError for settings a code cannot carry."""
    if request.count is not None and request.count < 1:
        raise ServiceError("a class quiz needs at least one question")
    with bank.read() as db:
        pack = packs.summary(db, request.pack_id)
        if pack is None:
            raise PackNotFound(request.pack_id)
        full, options = _pack_fingerprint(db, pack)
        known = {(o.kind, o.value) for o in options}
        for kind, values in (("tag", request.tags), ("fact", request.facts)):
            for value in values:
                if (kind, value) not in known:
                    raise ServiceError(f'the pack "{pack.id}" has no {kind} "{value}"')
        if not questions.count_candidates(db, pack.id, request.tags, request.facts):
            raise NoQuestions(
                "this pack has no questions"
                + (" with the chosen filter" if request.tags or request.facts else "")
            )
    mask = tuple(
        (o.kind == "tag" and o.value in request.tags)
        or (o.kind == "fact" and o.value in request.facts)
        for o in options
    )
    seed = random.randrange(classcode.MAX_SEED + 1) if request.seed is None else request.seed
    code_settings = ClassSettings(
        mode=request.mode,
        count=request.count,
        marking=request.marking,
        navigation=request.navigation if request.mode is Mode.EXAM else Navigation.FREE,
        time_limit_minutes=request.time_limit_minutes,
        filter=mask if any(mask) else (),
        seed=seed,
    )
    try:
        return classcode.encode(pack.id, full, pack.version, code_settings)
    except SettingNotCoded as error:
        raise ServiceError(str(error)) from None


def read_code(text: str) -> ClassCode:
    """A code as typed, read. Raises CodeProblem with the sentence to show."""
    try:
        return classcode.decode(text)
    except CodeError as error:
        raise CodeProblem(str(error)) from None


def _as_made(code: ClassCode, pack_id: str) -> str:
    """The code as the teacher's app wrote it: the pack's own prefix (SOLA, not S0LA as a
    learner may type it), so that every attempt and hand-in of a class carries one text."""
    return classcode.prefix_for(pack_id) + code.text[len(code.prefix) :]


def normal_code(bank: Bank, text: str) -> str:
    """A code as typed, in the form attempts and hand-ins keep (see ``_as_made``)."""
    code = read_code(text)
    with bank.read() as db:
        for pack in packs.list_packs(db):
            prefix = classcode.prefix_for(pack.id)
            if classcode.same_prefix(prefix, code.prefix):
                return _as_made(code, pack.id)
    return code.text


def _needs(code: ClassCode) -> str:
    return f"version {code.version} of " if code.version else "a version of "


def plan(bank: Bank, text: str) -> JoinPlan:
    """What a code starts on this bank. Raises CodeProblem or PackMissing, saying what to do."""
    code = read_code(text)
    share = (
        "Ask your teacher for the pack's .quizpack file, import it (Packs…, or "
        "quizapp pack import FILE), then join again."
    )
    with bank.read() as db:
        same = [p for p in packs.list_packs(db) if classcode.same_prefix(
            classcode.prefix_for(p.id), code.prefix)]  # fmt: skip
        for pack in same:
            if code.version and pack.version != code.version:
                continue
            full, options = _pack_fingerprint(db, pack)
            if classcode.fingerprint_bits(full) != code.fingerprint:
                continue
            if not classcode.filter_matches(code.settings.filter, len(options)):
                continue
            chosen = [o for o, on in zip(options, code.settings.filter, strict=False) if on]
            tags = tuple(o.value for o in chosen if o.kind == "tag")
            facts = tuple(o.value for o in chosen if o.kind == "fact")
            available = questions.count_candidates(db, pack.id, tags, facts)
            count = code.settings.count
            wanted = available if count is None else min(count, available)
            return JoinPlan(_as_made(code, pack.id), pack, code.settings, tags, facts, full,
                            wanted)  # fmt: skip
    if not same:
        raise PackMissing(
            f"This code is for {_needs(code)}a pack this bank does not have (its id begins "
            f"“{code.prefix.lower()}”). {share}"
        )
    held = ", ".join(f"“{p.title}” {p.version}" for p in same)
    raise PackMissing(
        f"This code was made with {_needs(code)}the pack, but this bank holds {held}"
        + (" with different questions" if any(p.version == code.version for p in same) else "")
        + f". {share}"
    )


def join(bank: Bank, text: str, learner: str, clock: Clock = system_clock) -> QuizSession:
    """Start the quiz a code stands for, as ``learner``."""
    return start(bank, plan(bank, text), learner, clock)


def start(bank: Bank, found: JoinPlan, learner: str, clock: Clock = system_clock) -> QuizSession:
    """Start a quiz already planned (``plan``): the pack is not read and fingerprinted again."""
    s = found.settings
    request = QuizRequest(
        pack_id=found.pack.id,
        learner=learner,
        mode=s.mode,
        count=s.count,
        tags=found.tags,
        facts=found.facts,
        time_limit_minutes=s.time_limit_minutes,
        marking=s.marking,
        navigation=s.navigation,
        class_code=found.code,
        fingerprint=found.fingerprint,
    )
    return QuizSession.start(bank, request, clock)


# -- handing in --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JoinRequest:
    """``quizapp join CODE [--learner NAME] [--hand-in DIR]``: open the window into it.

    Attributes:
        hand_in: hand the result in to this folder as soon as the quiz is finished.
    """

    code: str
    learner: str = ""
    hand_in: str = ""


def remember_hand_in_folder(bank: Bank, folder: str | Path) -> None:
    """Remember where hand-ins go on this computer (a school login keeps nothing here)."""
    if bank.access is BankAccess.OWNER:
        with bank.transaction() as db:
            settings.put(db, HAND_IN_SETTING, str(Path(folder).expanduser()))


def hand_in_folder(bank: Bank) -> str:
    """The folder hand-ins were last written to on this computer ("" if none yet)."""
    with bank.read() as db:
        return settings.get(db, HAND_IN_SETTING) or ""


def _hand_in_of(record: AttemptRecord, shown: Sequence[Any], changes: dict[int, Any],
                version: str, source: str) -> HandIn:  # fmt: skip
    a = record.summary
    responses = []
    for question in shown:
        answer = record.answers.get(question.position)
        responses.append(
            HandInResponse(
                position=question.position,
                question_key=question.key,
                type=question.type,
                prompt=question.prompt,
                choices=tuple(HandInChoice(c.text, c.correct) for c in question.choices),
                selected=answer.selected if answer else (),
                outcome=answer.outcome if answer else Outcome.UNANSWERED,
                credit=answer.credit if answer else 0.0,
                marks=answer.marks if answer else 0.0,
                certainty=answer.certainty if answer else None,
                seconds=answer.seconds if answer else 0.0,
                changes=tuple(picked for picked, _ in changes.get(question.position, [])),
                flagged=question.position in record.flags,
                fact=question.fact,
            )
        )
    return HandIn(
        learner=a.learner,
        code=str(record.settings.get("code") or ""),
        pack_id=a.pack_id,
        pack_title=a.pack_title,
        pack_version=str(record.settings.get("version") or version),
        fingerprint=str(record.settings.get("fingerprint") or ""),
        mode=a.mode,
        marking=a.marking,
        navigation=a.navigation,
        status=a.status,
        started_at=a.started_at,
        finished_at=a.finished_at,
        seconds=a.seconds,
        score=a.score,
        max_score=a.max_score,
        responses=tuple(responses),
        source=source,
    )


def attempt_code(bank: Bank, attempt_id: int) -> str:
    """The class code an attempt was joined with ("" if it was not)."""
    with bank.read() as db:
        found = attempts.record(db, attempt_id)
    return str(found.settings.get("code") or "") if found else ""


def hand_in(bank: Bank, attempt_id: int, folder: str | Path) -> Path:
    """Write a finished coded attempt to ``folder`` as NAME-CODE.quizresult; returns the file.

    The folder is remembered. Written to a temporary file first, so a full disk or a pulled
    USB stick leaves no half-written hand-in.
    """
    with bank.read() as db:
        found = attempts.record(db, attempt_id)
        if found is None:
            raise ServiceError("that quiz no longer exists")
        if not found.settings.get("code"):
            raise ServiceError(
                "only a quiz joined with a class code can be handed in (Join with a code)"
            )
        if not found.summary.status.scored:
            raise ServiceError("only a finished quiz can be handed in: finish it first")
        shown = as_shown(db, found)
        changes = attempts.changes(db, attempt_id)
        version = str(found.settings.get("version") or "")
    from quizapp.packs import quizresult

    data = quizresult.dumps(_hand_in_of(found, shown, changes, version, ""))
    target_dir = Path(folder).expanduser()
    if not target_dir.is_dir():
        raise ServiceError(f"the folder {target_dir} does not exist (or is not a folder)")
    target = target_dir / quizresult.file_name(found.summary.learner, str(found.settings["code"]))
    try:
        handle, temporary = tempfile.mkstemp(
            dir=target_dir, prefix=".handing-in-", suffix=quizresult.SUFFIX
        )
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except OSError as error:
        raise ServiceError(
            f"could not write the hand-in to {target_dir}: {error.strerror or error}"
        ) from None
    remember_hand_in_folder(bank, target_dir)
    return target


# -- reading hand-ins ---------------------------------------------------------------------------


def hand_in_files(paths: Iterable[str | Path]) -> list[Path]:
    """The hand-in files named, and those in the folders named (and their subfolders)."""
    found: list[Path] = []
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            found += sorted(
                p for p in path.rglob(f"*{HAND_IN_SUFFIX}")
                if p.is_file() and not p.name.startswith(".")
            )  # fmt: skip
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def read_hand_ins(paths: Iterable[str | Path]) -> tuple[list[HandIn], list[Rejected]]:
    """Every hand-in that can be read, and every file that cannot, with why."""
    from quizapp.packs import quizresult

    good: list[HandIn] = []
    bad: list[Rejected] = []
    files = hand_in_files(paths)
    if len(files) > MAX_FILES:
        raise ServiceError(f"{len(files)} files is more than a report reads ({MAX_FILES})")
    for path in files:
        name = str(path)
        try:
            size = path.stat().st_size
            if size > quizresult.MAX_BYTES:
                raise quizresult.HandInProblem(
                    name, "is larger than 5 MB; a hand-in is a few kilobytes"
                )
            data = path.read_bytes()
        except FileNotFoundError:
            bad.append(Rejected(name, "does not exist"))
            continue
        except quizresult.HandInProblem as problem:
            bad.append(Rejected(name, problem.reason))
            continue
        except OSError as error:
            bad.append(Rejected(name, f"cannot be read ({error.strerror or error})"))
            continue
        try:
            good.append(quizresult.loads(data, name))
        except quizresult.HandInProblem as problem:
            bad.append(Rejected(name, problem.reason))
    return good, bad


# -- the report ---------------------------------------------------------------------------------


def _shape(hand_in: HandIn) -> tuple[Any, ...]:
    """What every hand-in of one code shares: the questions and choices, in order."""
    return tuple(
        (r.question_key, tuple((c.text, c.correct) for c in r.choices)) for r in hand_in.responses
    )


def _moment(hand_in: HandIn) -> datetime:
    return hand_in.finished_at or hand_in.started_at


@dataclass(frozen=True, slots=True)
class _PackInfo:
    facts: dict[str, tuple[str, tuple[SourceRef, ...]]]
    fingerprint: str = ""


def _pack_info(db: Db, pack_id: str) -> _PackInfo | None:
    pack = packs.summary(db, pack_id)
    if pack is None:
        return None
    sources = {s.id: s for s in questions.sources_of_pack(db, pack_id)}
    facts = {}
    for fact in questions.facts_of_pack(db, pack_id):
        refs = tuple(
            SourceRef(s.title, s.author, s.date, s.url, c.locator)
            for c in fact.citations
            if (s := sources.get(c.source)) is not None
        )
        facts[fact.id] = (fact.statement, refs)
    return _PackInfo(facts, _pack_fingerprint(db, pack)[0])


def build_report(
    hand_ins: Sequence[HandIn],
    rejected: Sequence[Rejected] = (),
    code: str | None = None,
    pack: _PackInfo | None = None,
    now: datetime | None = None,
) -> ClassReport:
    """The class report from hand-ins already read. Those that do not belong are listed in
    ``rejected`` with the reason: another code, another pack version or other questions,
    not finished, or a learner's earlier hand-in (the latest counts)."""
    left_out = list(rejected)
    notes: list[str] = []
    if code is None:
        counted = Counter(h.code for h in hand_ins)
        if not counted:
            raise ServiceError("there is no hand-in to report on" + (
                f" ({len(left_out)} file{'s' if len(left_out) != 1 else ''} could not be used)"
                if left_out else ""))  # fmt: skip
        code = counted.most_common(1)[0][0]
    else:
        code = read_code(code).text
    same_code = classcode.canonical(code.replace("-", ""))
    kept: list[HandIn] = []
    for h in hand_ins:
        if classcode.canonical(h.code.replace("-", "")) != same_code:
            left_out.append(Rejected(h.source, f"belongs to another code ({h.code})", h.learner))
        elif not h.status.scored:
            left_out.append(Rejected(h.source, "is of a quiz that was not finished", h.learner))
        else:
            kept.append(h)
    if kept:
        code = kept[0].code  # as the class's files write it
    if pack is not None and pack.fingerprint:
        same = [h for h in kept if h.fingerprint == pack.fingerprint]
        for h in kept:
            if h.fingerprint != pack.fingerprint:
                left_out.append(Rejected(
                    h.source, f"was taken on another version of the pack ({h.pack_version})",
                    h.learner))  # fmt: skip
        kept = same
    if kept:
        shape = Counter(_shape(h) for h in kept).most_common(1)[0][0]
        fingerprints = Counter(h.fingerprint for h in kept).most_common(1)[0][0]
        odd = [h for h in kept if _shape(h) != shape or h.fingerprint != fingerprints]
        for h in odd:
            left_out.append(Rejected(
                h.source, "shows other questions than the rest of the class (it was edited, or "
                "taken on another version of the pack)", h.learner))  # fmt: skip
        kept = [h for h in kept if h not in odd]
    latest: dict[str, HandIn] = {}
    for h in sorted(kept, key=_moment):
        key = learner_key(h.learner)
        if key in latest:
            earlier = latest[key]
            left_out.append(Rejected(
                earlier.source, f"is an earlier hand-in of {earlier.learner}: the latest counts",
                earlier.learner))  # fmt: skip
            notes.append(
                f"{h.learner} handed in more than once; the latest "
                f"({_moment(h):%Y-%m-%d %H:%M}) counts."
            )
        latest[key] = h
    chosen = sorted(latest.values(), key=lambda h: (learner_key(h.learner), h.learner))
    first = chosen[0] if chosen else None
    items = []
    if first is not None:
        items = [
            Item(r.position, r.question_key, r.prompt, r.fact, r.choices, first.marking.max_mark)
            for r in first.responses
        ]
    marks = [[r.marks for r in h.responses] for h in chosen]
    picks = [[r.selected for r in h.responses] for h in chosen]
    max_score = first.max_score if first else 0.0
    question_stats, test = analyse(items, marks, picks, max_score or None)
    if chosen and test.indicative:
        notes.append(
            f"Only {len(chosen)} learner{'s' if len(chosen) != 1 else ''}: the figures are "
            "indicative (they need about 20 to say much)."
        )
    if left_out:
        notes.append(
            f"{len(left_out)} file{'s were' if len(left_out) != 1 else ' was'} left out: "
            "see the list and the reasons."
        )
    roster = tuple(
        RosterRow(
            h.learner,
            h.score,
            h.max_score,
            100.0 * h.score / h.max_score if h.max_score else 0.0,
            h.seconds,
            h.status,
            h.source,
        )
        for h in chosen
    )
    facts = _facts(question_stats, pack)
    return ClassReport(
        code=code,
        pack_id=first.pack_id if first else "",
        pack_title=first.pack_title if first else "",
        pack_version=first.pack_version if first else "",
        marking=first.marking if first else Marking.STANDARD,
        roster=roster,
        questions=question_stats,
        test=test,
        facts=facts,
        rejected=tuple(left_out),
        notes=tuple(dict.fromkeys(notes)),
        generated_at=now,
    )


def _facts(question_stats: Sequence[Any], pack: _PackInfo | None) -> tuple[FactStats, ...]:
    """The facts tested, worst first, with where to read up (when this bank has the pack)."""
    by_fact: dict[str, list[float]] = {}
    for q in question_stats:
        if q.fact and q.facility is not None:
            by_fact.setdefault(q.fact, []).append(q.facility)
    out = []
    for fact, values in by_fact.items():
        statement, refs = pack.facts.get(fact, ("", ())) if pack else ("", ())
        out.append(FactStats(fact, statement, sum(values) / len(values), len(values), refs))
    return tuple(sorted(out, key=lambda f: (f.facility, f.fact)))


def report_from_files(
    bank: Bank | None,
    paths: Iterable[str | Path],
    code: str | None = None,
    clock: Clock = system_clock,
) -> ClassReport:
    """A class report from hand-in files and folders. With a bank that holds the pack, the
    facts come with their sources and a hand-in on another version of the pack is left out."""
    hand_ins, rejected = read_hand_ins(paths)
    if not hand_ins and not rejected:
        raise ServiceError(f"there are no {HAND_IN_SUFFIX} files there")
    pack = None
    if bank is not None and hand_ins:
        wanted = code or Counter(h.code for h in hand_ins).most_common(1)[0][0]
        pack_ids = Counter(h.pack_id for h in hand_ins if h.code == wanted)
        if pack_ids:
            with bank.read() as db:
                pack = _pack_info(db, pack_ids.most_common(1)[0][0])
    return build_report(hand_ins, rejected, code, pack, clock())


def report_from_bank(bank: Bank, code: str, clock: Clock = system_clock) -> ClassReport:
    """A class report from a (school) bank's attempts joined with ``code``."""
    normal = normal_code(bank, code)
    with bank.read() as db:
        records = attempts.class_records(db, normal)
        if not records:
            raise ServiceError(f"no one has finished a quiz with the code {normal} on this bank")
        ids = {s.question_id for r, _ in records for s in r.shown if s.question_id is not None}
        now = questions.by_ids(db, sorted(ids))  # read once for the whole class
        hand_ins = []
        for record, version in records:
            shown = as_shown(db, record, now)
            hand_ins.append(_hand_in_of(record, shown, {}, version, SCHOOL_BANK))
        pack = _pack_info(db, hand_ins[0].pack_id)
    return build_report(hand_ins, (), normal, pack, clock())


def live(bank: Bank, code: str) -> list[AttemptSummary]:
    """Who has joined ``code`` on this bank: each attempt, how far it is, whether finished;
    by learner (a learner's attempts in the order started)."""
    normal = normal_code(bank, code)
    with bank.read() as db:
        found = attempts.class_attempts(db, normal)
    return sorted(found, key=lambda a: learner_key(a.learner))


def class_codes_in_bank(bank: Bank) -> list[str]:
    """The codes this bank's attempts were joined with, most recent first."""
    with bank.read() as db:
        return attempts.class_codes(db)


# -- writing the report -------------------------------------------------------------------------


def _rounded(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def report_data(report: ClassReport) -> dict[str, Any]:
    """The report as JSON data, in the documented shape (docs/classroom.md)."""
    t = report.test
    return {
        "code": report.code,
        "pack": {"id": report.pack_id, "title": report.pack_title, "version": report.pack_version},
        "marking": report.marking.value,
        "generated_at": report.generated_at.isoformat() if report.generated_at else None,
        "notes": list(report.notes),
        "learners": [
            {
                "learner": r.learner,
                "score": _rounded(r.score),
                "max": r.max,
                "percent": _rounded(r.percent, 2),
                "seconds": round(r.seconds, 1),
                "status": r.status.value,
            }
            for r in report.roster
        ],
        "questions": [
            {
                "number": q.position + 1,
                "question_id": q.question_key,
                "prompt": q.prompt,
                "fact": q.fact,
                "learners": q.learners,
                "facility": _rounded(q.facility),
                "sd": _rounded(q.sd),
                "discrimination": _rounded(q.discrimination),
                "efficiency": _rounded(q.efficiency),
                "flags": list(q.flags),
                "choices": [
                    {
                        "text": c.text,
                        "correct": c.correct,
                        "count": c.count,
                        "share": _rounded(c.share),
                        "discrimination": _rounded(c.discrimination),
                    }
                    for c in q.choices
                ],
            }
            for q in report.questions
        ],
        "test": {
            "learners": t.learners,
            "questions": t.questions,
            "max": t.max_score,
            "mean": _rounded(t.mean),
            "median": _rounded(t.median),
            "sd": _rounded(t.sd),
            "alpha": _rounded(t.alpha),
            "sem": _rounded(t.sem),
            "indicative": t.indicative,
            "histogram": [{"low": b.low, "high": b.high, "count": b.count} for b in t.histogram],
        },
        "facts": [
            {
                "fact": f.fact,
                "statement": f.statement,
                "facility": _rounded(f.facility),
                "questions": f.questions,
                "sources": [
                    {
                        "title": s.title,
                        "author": s.author,
                        "date": s.date,
                        "url": s.url,
                        "locator": s.locator,
                    }
                    for s in f.sources
                ],
            }
            for f in report.facts
        ],
        "rejected": [
            {"file": r.source, "learner": r.learner, "reason": r.reason} for r in report.rejected
        ],
    }


def report_json(report: ClassReport) -> str:
    return json.dumps(report_data(report), ensure_ascii=False, indent=2) + "\n"


def _blank(value: Any) -> Any:
    return "" if value is None else neutralise(value)


def report_csv(report: ClassReport) -> str:
    """The report as CSV for a spreadsheet: four tables one under the other (learners,
    questions, choices, the test), each with its header row. Formula-safe, like results
    export: a cell starting with = + - @ gets a leading '."""
    data = report_data(report)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")

    def rows(header: Sequence[str], body: Iterable[Sequence[Any]]) -> None:
        w.writerow(header)
        for row in body:
            w.writerow([_blank(v) for v in row])
        w.writerow([])

    rows(("learner", "score", "max", "percent", "seconds", "status"),
         ([r["learner"], r["score"], r["max"], r["percent"], r["seconds"], r["status"]]
          for r in data["learners"]))  # fmt: skip
    rows(("number", "question_id", "prompt", "facility", "sd", "discrimination", "efficiency",
          "flags"),
         ([q["number"], q["question_id"], q["prompt"], q["facility"], q["sd"],
           q["discrimination"], q["efficiency"], "; ".join(q["flags"])]
          for q in data["questions"]))  # fmt: skip
    rows(("number", "question_id", "choice", "correct", "count", "share", "discrimination"),
         ([q["number"], q["question_id"], c["text"], "yes" if c["correct"] else "no",
           c["count"], c["share"], c["discrimination"]]
          for q in data["questions"] for c in q["choices"]))  # fmt: skip
    t = data["test"]
    rows(("learners", "questions", "max", "mean", "median", "sd", "alpha", "sem"),
         [[t["learners"], t["questions"], t["max"], t["mean"], t["median"], t["sd"], t["alpha"],
           t["sem"]]])  # fmt: skip
    if data["rejected"]:
        rows(("left out", "learner", "reason"),
             ([r["file"], r["learner"], r["reason"]] for r in data["rejected"]))  # fmt: skip
    return out.getvalue()
