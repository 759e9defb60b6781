"""Taking a quiz: the start screen's data, starting, answering (saved at once), resuming."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from quizapp.bank import attempts, images, learners, packs, questions, settings
from quizapp.bank.database import Bank
from quizapp.bank.engine import Db
from quizapp.core.marking import CalibrationRow, Marking, Navigation, calibration
from quizapp.core.quiz import (
    Answer,
    AttemptKind,
    AttemptStatus,
    BankQuestion,
    Clock,
    Mode,
    Outcome,
    QuizQuestion,
    QuizRun,
    system_clock,
)
from quizapp.core.study import PackStudy
from quizapp.core.summaries import (
    AttemptRecord,
    AttemptSummary,
    BankAccess,
    FilterOption,
    Learner,
    PackStats,
    PackSummary,
    learner_key,
)
from quizapp.services import PackNotFound, ServiceError

LEARNER_SETTING = "learner"
DEFAULT_COUNT = 10
MAX_NAME = 100


class NoQuestions(ServiceError):
    """The pack (with the chosen filter) has no question to ask."""


@dataclass(frozen=True, slots=True)
class QuizRequest:
    """What the learner asked for on the start screen (or on the command line)."""

    pack_id: str
    learner: str
    mode: Mode = Mode.PRACTICE
    count: int | None = DEFAULT_COUNT  # None: all questions
    tags: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    shuffle: bool = True
    seed: int | None = None
    time_limit_minutes: float | None = None
    marking: Marking = Marking.STANDARD
    navigation: Navigation = Navigation.FREE  # exams only
    class_code: str = ""  # joined with a class code (services.classroom): the draw follows it
    fingerprint: str = ""  # of the pack, when joined with a code


@dataclass(frozen=True, slots=True)
class StartScreen:
    """Everything the start screen shows.

    Attributes:
        learner_fixed: on a school bank, the learner is the login; the name cannot be changed.
        access: what the login in use may do (an SQLite file: everything).
    """

    packs: list[PackSummary]
    learners: list[str]
    learner: str
    stats: dict[str, PackStats] = field(default_factory=dict)
    unfinished: AttemptSummary | None = None
    learner_fixed: bool = False
    access: BankAccess = BankAccess.OWNER
    study: dict[str, PackStudy] = field(default_factory=dict)  # facts due and new, per pack


def clean_name(name: str) -> str:
    """A learner name as stored: trimmed, inner whitespace collapsed, at most 100 characters."""
    cleaned = " ".join(name.split())[:MAX_NAME]
    if not cleaned:
        raise ServiceError("please type your name first")
    return cleaned


def _login_learner(db: Db, bank: Bank) -> Learner | None:
    """On a school bank, the learner (or teacher) the login stands for; else None.

    Raises ServiceError if a school login has no learner: it cannot take quizzes.
    """
    if bank.access is BankAccess.OWNER:
        return None
    found = learners.by_login(db, bank.login)
    if found is None:
        raise ServiceError(
            f"the login {bank.login} has no learner on this school bank; a teacher can add it "
            "with: quizapp school add-learners (or add-teacher)"
        )
    return found


def start_screen(
    bank: Bank, learner: str | None = None, clock: Clock = system_clock
) -> StartScreen:
    """Packs, learners and (for ``learner``, else the remembered one) scores, facts to study
    and the unfinished quiz."""
    from quizapp.services import study

    now = clock()
    with bank.read() as db:
        pack_list = packs.list_packs(db)
        units = {p.id: p.study_units for p in pack_list}
        mine = _login_learner(db, bank)
        if mine is not None:
            return StartScreen(
                pack_list, [mine.name], mine.name, attempts.pack_stats(db, mine.id),
                attempts.unfinished(db, mine.id), learner_fixed=True, access=bank.access,
                study=study.figures(db, mine.id, units, now, study.study_day(now)),
            )  # fmt: skip
        names = learners.names(db)
        name = learner if learner is not None else (settings.get(db, LEARNER_SETTING) or "")
        found = learners.find(db, name) if name else None
        if found is None:
            return StartScreen(
                pack_list, names, name, study=study.figures(db, 0, units, now, study.study_day(now))
            )
        return StartScreen(
            pack_list,
            names,
            name,
            attempts.pack_stats(db, found.id),
            attempts.unfinished(db, found.id),
            study=study.figures(db, found.id, units, now, study.study_day(now)),
        )


def filter_options(bank: Bank, pack_id: str) -> list[FilterOption]:
    """The facts and tags a quiz on ``pack_id`` can be limited to."""
    with bank.read() as db:
        return questions.filter_options(db, pack_id)


def available_questions(
    bank: Bank, pack_id: str, tags: Sequence[str] = (), facts: Sequence[str] = ()
) -> int:
    """How many questions a quiz with this filter can draw from."""
    with bank.read() as db:
        return questions.count_candidates(db, pack_id, tags, facts)


def _draw(
    found: dict[int, BankQuestion], ids: Sequence[int], shuffle: bool, rng: random.Random
) -> tuple[QuizQuestion, ...]:
    """The questions with these ids (those that exist), in this order, as the quiz shows them."""
    present = [i for i in ids if i in found]
    return tuple(QuizQuestion.draw(n, found[i], shuffle, rng) for n, i in enumerate(present))


@dataclass(frozen=True, slots=True)
class QuizResults:
    """A finished (or reviewed) attempt: the score and every question with its answer."""

    attempt: AttemptSummary
    questions: tuple[QuizQuestion, ...]
    answers: dict[int, Answer]
    flags: frozenset[int] = frozenset()
    class_code: str = ""  # joined with a class code: it can be handed in

    @property
    def mistakes(self) -> list[QuizQuestion]:
        return [q for q in self.questions if not self.answers[q.position].correct]

    def calibration(self) -> list[CalibrationRow]:
        """Under certainty-based marking: how well each level of certainty was judged."""
        return calibration(
            (a.certainty, a.correct, a.marks) for a in self.answers.values() if a.selected
        )


@dataclass(frozen=True, slots=True)
class _Header:
    """The pack an attempt is drawn from, as the attempt keeps it."""

    pack_id: str
    title: str
    version: str = ""


def _header(db: Db, pack_id: str) -> _Header:
    found = packs.summary(db, pack_id)
    if found is None:
        raise PackNotFound(pack_id)
    return _Header(found.id, found.title, found.version)


def _closed_elsewhere() -> ServiceError:
    return ServiceError(
        "this answer was not saved: the quiz was answered or closed in another window "
        "meanwhile; open it again from the start screen"
    )


class QuizSession:
    """One quiz being taken. Each answer is committed to the bank the moment it is given.

    Attributes:
        run: the toolkit-independent state of the quiz.
        pack_id: the pack it is drawn from ("mistakes" for a review across packs).
        pack_title: shown in the window.
    """

    def __init__(
        self, bank: Bank, run: QuizRun, pack_id: str, pack_title: str, class_code: str = ""
    ) -> None:
        self.bank = bank
        self.run = run
        self.pack_id = pack_id
        self.pack_title = pack_title
        self.class_code = class_code
        # Study mode (services.study.attach): each final answer is also a review of its fact,
        # written in the same unit of work as the answer.
        self.after_answer: Callable[[Db, int, QuizQuestion, Answer, datetime], None] | None = None

    # -- starting --------------------------------------------------------------------------
    @classmethod
    def start(cls, bank: Bank, request: QuizRequest, clock: Clock = system_clock) -> QuizSession:
        """Draw the questions, record the attempt with what will be shown, and begin."""
        if request.mode is Mode.STUDY:  # the scheduler chooses the questions
            from quizapp.services import study

            return study.start(
                bank, request.learner, request.pack_id, clock, request.marking, request.seed
            )
        rng = random.Random(request.class_code or request.seed)
        with bank.transaction() as db:
            learner = cls._learner(db, bank, request.learner)
            header = _header(db, request.pack_id)
            if request.class_code:  # the same draw on every learner's bank
                pool = questions.candidates_by_key(db, request.pack_id, request.tags, request.facts)
                wanted = len(pool) if request.count is None else min(request.count, len(pool))
                ids = rng.sample(pool, wanted)
            else:
                ids = questions.draw_ids(
                    db, request.pack_id, request.count, rng, request.tags, request.facts
                )
            if not ids:
                raise NoQuestions(
                    "this pack has no questions"
                    + (" with the chosen filter" if request.tags or request.facts else "")
                )
            drawn = _draw(questions.by_ids(db, ids), ids, request.shuffle, rng)
            quiz_settings: dict[str, Any] = {
                "count": request.count,
                "tags": list(request.tags),
                "facts": list(request.facts),
                "shuffle": request.shuffle,
                "seed": request.seed,
            }
            if request.class_code:
                quiz_settings.update(
                    code=request.class_code, fingerprint=request.fingerprint, version=header.version
                )
            return cls._begin(
                db, bank, learner, header, request.mode, AttemptKind.QUIZ, quiz_settings,
                request.time_limit_minutes, drawn, clock, request.marking, request.navigation,
                request.class_code or None,
            )  # fmt: skip

    @classmethod
    def mistakes(
        cls,
        bank: Bank,
        learner: str,
        pack_id: str | None = None,
        count: int = DEFAULT_COUNT,
        mode: Mode = Mode.PRACTICE,
        seed: int | None = None,
        clock: Clock = system_clock,
    ) -> QuizSession:
        """A quiz of the questions this learner got wrong most recently and most often."""
        rng = random.Random(seed)
        with bank.transaction() as db:
            person = cls._learner(db, bank, learner)
            ids = attempts.mistakes(db, person.id, pack_id, count) if person.id else []
            if not ids:
                raise NoQuestions(f"{person.name} has no mistakes to review yet")
            drawn = _draw(questions.by_ids(db, ids), ids, True, rng)
            header = _Header("mistakes", "Review of my mistakes")
            if pack_id is not None:
                header = _header(db, pack_id)
            quiz_settings = {"count": count, "seed": seed, "mistakes": True}
            return cls._begin(
                db, bank, person, header, mode, AttemptKind.MISTAKES, quiz_settings, None,
                drawn, clock,
            )  # fmt: skip

    @classmethod
    def retry(
        cls, bank: Bank, results: QuizResults, seed: int | None = None, clock: Clock = system_clock
    ) -> QuizSession:
        """A new quiz (practice) of the questions answered wrongly in ``results``."""
        ids = [q.question_id for q in results.mistakes if q.question_id is not None]
        rng = random.Random(seed)
        rng.shuffle(ids)
        a = results.attempt
        with bank.transaction() as db:
            drawn = _draw(questions.by_ids(db, ids), ids, True, rng)
            if not drawn:
                raise NoQuestions("there are no mistakes to retry")
            found = packs.summary(db, a.pack_id)
            header = (
                _Header(a.pack_id, found.title, found.version)
                if found
                else _Header(a.pack_id, a.pack_title)
            )
            learner = cls._learner(db, bank, a.learner)
            quiz_settings = {"retry_of": a.id, "seed": seed}
            return cls._begin(
                db, bank, learner, header, Mode.PRACTICE, AttemptKind.MISTAKES, quiz_settings,
                None, drawn, clock,
            )  # fmt: skip

    @staticmethod
    def _learner(db: Db, bank: Bank, name: str) -> Learner:
        """Who is taking the quiz. On a school bank, always the login's own learner."""
        mine = _login_learner(db, bank)
        if mine is None:
            cleaned = clean_name(name)
            return learners.find(db, cleaned) or Learner(0, cleaned)
        if name.strip() and learner_key(name) != learner_key(mine.name):
            raise ServiceError(
                f"on this school bank you answer as {mine.name} (the login {bank.login})"
            )
        return mine

    @staticmethod
    def _added(db: Db, learner: Learner, now: datetime) -> Learner:
        """The learner, added to the bank if new."""
        if learner.id:
            return learner
        db.lock(f"learner:{learner_key(learner.name)}")  # another computer may be adding them
        return learners.find(db, learner.name) or learners.add(db, learner.name, now)

    @classmethod
    def _begin(
        cls,
        db: Db,
        bank: Bank,
        learner: Learner,
        header: _Header,
        mode: Mode,
        kind: AttemptKind,
        quiz_settings: dict[str, Any],
        time_limit_minutes: float | None,
        drawn: tuple[QuizQuestion, ...],
        clock: Clock,
        marking: Marking = Marking.STANDARD,
        navigation: Navigation = Navigation.FREE,
        class_code: str | None = None,
    ) -> QuizSession:
        now = clock()
        if mode is not Mode.EXAM:
            navigation = Navigation.FREE  # practice goes question by question anyway
        limit = None
        deadline = None
        if time_limit_minutes:
            limit = round(time_limit_minutes * 60)
            deadline = now + timedelta(seconds=limit)
        learner = cls._added(db, learner, now)
        learners.seen(db, learner.id, now)
        if bank.access is BankAccess.OWNER:
            settings.put(db, LEARNER_SETTING, learner.name)
        attempt = attempts.create(
            db,
            learner_id=learner.id,
            pack_id=header.pack_id,
            pack_title=header.title,
            pack_version=header.version,
            mode=mode,
            kind=kind,
            settings=quiz_settings,
            time_limit_seconds=limit,
            started_at=now,
            deadline_at=deadline,
            questions=[q.shown for q in drawn],
            marking=marking,
            navigation=navigation,
            class_code=class_code,
        )
        run = QuizRun(
            attempt, drawn, mode, clock, now, deadline, marking=marking, navigation=navigation
        )
        return cls(bank, run, header.pack_id, header.title, class_code or "")

    @classmethod
    def resume(cls, bank: Bank, attempt_id: int, clock: Clock = system_clock) -> QuizSession:
        """Carry on with an unfinished attempt, exactly as it was shown."""
        with bank.read() as db:
            found = attempts.record(db, attempt_id)
            if found is None:
                raise ServiceError("that quiz no longer exists")
            shown = as_shown(db, found)
        a = found.summary
        run = QuizRun(
            attempt_id, shown, a.mode, clock, a.started_at, found.deadline_at,
            dict(found.answers), index=found.position if a.mode is Mode.EXAM else -1,
            marking=a.marking, navigation=a.navigation, flags=set(found.flags),
        )  # fmt: skip
        session = cls(bank, run, a.pack_id, a.pack_title, str(found.settings.get("code") or ""))
        if a.mode is Mode.STUDY:
            from quizapp.services import study

            study.attach(session, [str(u) for u in found.settings.get("units") or ()])
        if a.status is AttemptStatus.IN_PROGRESS:
            session.check_time()
        return session

    # -- taking ----------------------------------------------------------------------------
    @property
    def current(self) -> QuizQuestion | None:
        return self.run.current

    def choose(self, choice: int, certainty: int | None = None) -> Answer:
        """Answer the current question (an exam: or change its answer); committed at once."""
        return self._save(lambda: self.run.choose(choice, certainty))

    def choose_many(self, picks: Sequence[int], certainty: int | None = None) -> Answer:
        """Answer the current select-all-that-apply question; committed before returning."""
        return self._save(lambda: self.run.choose_many(picks, certainty))

    def set_certainty(self, certainty: int) -> Answer:
        """Say how sure the learner is of the current exam answer; committed at once."""
        return self._save(lambda: self.run.set_certainty(certainty))

    def clear(self) -> None:
        """Take back the current exam question's answer; committed at once."""
        question = self.run.current
        before = self.run.answers.get(question.position) if question else None
        position = self.run.clear()
        if before is None:
            return
        try:
            with self.bank.transaction() as db:
                kept = attempts.clear_answer(db, self.run.attempt_id, position, self.run.clock())
        except BaseException:
            self.run.answers[position] = before
            raise
        if not kept:
            self.run.answers[position] = before
            raise _closed_elsewhere()

    def _save(self, give: Callable[[], Answer]) -> Answer:
        question = self.run.current
        before = self.run.answers.get(question.position) if question is not None else None
        final = not self.run.deferred
        if final and before is not None:
            return give()  # a practice answer is final: the same one again
        answer = give()
        if before is not None and (answer.selected, answer.certainty) == (
            before.selected,
            before.certainty,
        ):
            self.run.answers[answer.position] = before  # the same answer again: nothing to keep
            return before
        try:
            with self.bank.transaction() as db:
                write = attempts.record_answer if final else attempts.save_answer
                when = self.run.clock()
                kept = write(db, self.run.attempt_id, answer, when)
                if kept and final and self.after_answer is not None and question is not None:
                    self.after_answer(db, self.run.attempt_id, question, answer, when)
        except BaseException:
            # Not saved, so not given: the learner can answer again once the bank is back.
            self._restore(answer.position, before)
            raise
        if not kept:
            self._restore(answer.position, before)
            raise _closed_elsewhere()
        return answer

    def _restore(self, position: int, before: Answer | None) -> None:
        if before is None:
            self.run.answers.pop(position, None)
        else:
            self.run.answers[position] = before

    def toggle_flag(self, position: int | None = None) -> bool:
        """Flag or unflag a question for review (the current one); committed. True if flagged."""
        where = self.run.index if position is None else position
        flagged = self.run.toggle_flag(where)
        try:
            with self.bank.transaction() as db:
                kept = attempts.set_flag(db, self.run.attempt_id, where, flagged)
        except BaseException:
            self.run.toggle_flag(where)
            raise
        if not kept:
            self.run.toggle_flag(where)
            raise _closed_elsewhere()
        return flagged

    def image(self, question: QuizQuestion, path: str) -> bytes | None:
        """The bytes of an image the question (or one of its choices) shows."""
        if question.question_id is None:
            return None
        with self.bank.read() as db:
            return images.for_question(db, question.question_id, path)

    def next(self) -> QuizQuestion | None:
        """Practice: the next unanswered question, None when all are. Exam: the next question,
        None at the last (the learner finishes from there)."""
        return self._move(self.run.advance)

    def back(self) -> QuizQuestion | None:
        """The question before, in an exam that allows going back; None at the first."""
        return self._move(self.run.back)

    def go_to(self, position: int) -> QuizQuestion:
        """Show the exam question at ``position`` (the navigator)."""
        shown = self._move(lambda: self.run.go_to(position))
        assert shown is not None
        return shown

    def _move(self, move: Callable[[], QuizQuestion | None]) -> QuizQuestion | None:
        """Move, and in an exam remember where (a sequential exam: before showing it)."""
        before = self.run.index
        shown = move()
        if not self.run.deferred or self.run.index == before:
            return shown
        try:
            with self.bank.transaction() as db:
                attempts.set_position(db, self.run.attempt_id, self.run.index)
        except BaseException:
            self.run.index = before
            raise
        return shown

    def check_time(self) -> bool:
        """If the time limit has run out, end the quiz (unanswered count as wrong). True if so."""
        if self.run.expired or not self.run.out_of_time():
            return self.run.expired
        self.run.expire()
        with self.bank.transaction() as db:
            attempts.finish(db, self.run.attempt_id, AttemptStatus.EXPIRED, self.run.clock())
        return True

    def finish(self) -> QuizResults:
        """Close the attempt (if not already) and return the results."""
        if not self.run.expired:
            status = AttemptStatus.FINISHED
            if self.run.out_of_time():
                self.run.expire()
                status = AttemptStatus.EXPIRED
            else:
                self.run.submit()  # the rest count as unanswered
            with self.bank.transaction() as db:
                attempts.finish(db, self.run.attempt_id, status, self.run.clock())
        return self.results()

    def results(self) -> QuizResults:
        with self.bank.read() as db:
            summary = attempts.summary(db, self.run.attempt_id)
        assert summary is not None
        return QuizResults(
            summary, self.run.questions, dict(self.run.answers), frozenset(self.run.flags),
            self.class_code,
        )  # fmt: skip


def as_shown(
    db: Db, found: AttemptRecord, now: dict[int, BankQuestion] | None = None
) -> tuple[QuizQuestion, ...]:
    """The attempt's questions as they were shown, with today's explanations and sources.

    ``now``: the questions already read (a class's attempts share them), else read here.
    """
    if now is None:
        now = questions.by_ids(db, [s.question_id for s in found.shown if s.question_id])
    return tuple(
        QuizQuestion.from_shown(s, now.get(s.question_id) if s.question_id is not None else None)
        for s in found.shown
    )


def review(bank: Bank, attempt_id: int) -> QuizResults:
    """A past attempt with every question, the answer given, and the explanations."""
    with bank.read() as db:
        found = attempts.record(db, attempt_id)
        if found is None:
            raise ServiceError("that quiz no longer exists")
        shown = as_shown(db, found)
    answers = dict(found.answers)
    for q in shown:
        answers.setdefault(q.position, Answer(q.position, None, Outcome.UNANSWERED))
    return QuizResults(
        found.summary, shown, answers, found.flags, str(found.settings.get("code") or "")
    )


def discard(bank: Bank, attempt_id: int, clock: Clock = system_clock) -> None:
    """Give up an unfinished attempt (its answers stay in the history)."""
    with bank.transaction() as db:
        attempts.finish(db, attempt_id, AttemptStatus.ABANDONED, clock())


def remember_learner(bank: Bank, name: str) -> None:
    """Remember the name typed on this computer (a school login is remembered by itself)."""
    cleaned = clean_name(name)
    if bank.access is not BankAccess.OWNER:
        return
    with bank.transaction() as db:
        settings.put(db, LEARNER_SETTING, cleaned)
