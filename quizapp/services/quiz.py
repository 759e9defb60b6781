"""Taking a quiz: the start screen's data, starting, answering (saved at once), resuming."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from quizapp.bank import live
from quizapp.bank.db import Bank
from quizapp.core.model import Choice, Image, QuestionType
from quizapp.core.quiz import (
    Answer,
    Clock,
    Mode,
    Outcome,
    QuizQuestion,
    QuizRun,
    shown_choices,
    system_clock,
)
from quizapp.core.summaries import AttemptSummary, FilterOption, PackStats, PackSummary
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


@dataclass(frozen=True, slots=True)
class StartScreen:
    """Everything the start screen shows."""

    packs: list[PackSummary]
    learners: list[str]
    learner: str
    stats: dict[str, PackStats] = field(default_factory=dict)
    unfinished: AttemptSummary | None = None


def clean_name(name: str) -> str:
    """A learner name as stored: trimmed, inner whitespace collapsed, at most 100 characters."""
    cleaned = " ".join(name.split())[:MAX_NAME]
    if not cleaned:
        raise ServiceError("please type your name first")
    return cleaned


def start_screen(bank: Bank, learner: str | None = None) -> StartScreen:
    """Packs, learners and (for ``learner``, else the remembered one) scores and unfinished quiz."""
    with bank.connection() as conn:
        packs = live.list_packs(conn)
        names = live.learner_names(conn)
        name = learner if learner is not None else (live.get_setting(conn, LEARNER_SETTING) or "")
        learner_id = live.learner_id(conn, name) if name else None
        if learner_id is None:
            return StartScreen(packs, names, name)
        return StartScreen(
            packs,
            names,
            name,
            live.pack_stats(conn, learner_id),
            live.unfinished_attempt(conn, learner_id),
        )


def filter_options(bank: Bank, pack_id: str) -> list[FilterOption]:
    """The facts and tags a quiz on ``pack_id`` can be limited to."""
    with bank.connection() as conn:
        return live.filter_options(conn, pack_id)


def available_questions(
    bank: Bank, pack_id: str, tags: Sequence[str] = (), facts: Sequence[str] = ()
) -> int:
    """How many questions a quiz with this filter can draw from."""
    with bank.connection() as conn:
        return live.count_candidates(conn, pack_id, tags, facts)


def _quiz_questions(
    rows: dict[int, dict[str, Any]], ids: Sequence[int], shuffle: bool, rng: random.Random
) -> tuple[QuizQuestion, ...]:
    questions = []
    for position, qid in enumerate(i for i in ids if i in rows):
        r = rows[qid]
        questions.append(
            QuizQuestion(
                position=position,
                question_id=qid,
                key=r["key"],
                type=r["type"],
                prompt=r["prompt"],
                choices=shown_choices(r["choices"], r["type"], shuffle and r["shuffle"], rng),
                explanation=r["explanation"],
                sources=r["sources"],
                fact=r["fact"],
                fact_sources=r["fact_sources"],
                image=r["image"],
            )
        )
    return tuple(questions)


@dataclass(frozen=True, slots=True)
class QuizResults:
    """A finished (or reviewed) attempt: the score and every question with its answer."""

    attempt: AttemptSummary
    questions: tuple[QuizQuestion, ...]
    answers: dict[int, Answer]

    @property
    def mistakes(self) -> list[QuizQuestion]:
        return [q for q in self.questions if not self.answers[q.position].correct]


class QuizSession:
    """One quiz being taken. Each answer is committed to the bank the moment it is given.

    Attributes:
        run: the toolkit-independent state of the quiz.
        pack_title: shown in the window.
    """

    def __init__(self, bank: Bank, run: QuizRun, pack_id: str, pack_title: str) -> None:
        self.bank = bank
        self.run = run
        self.pack_id = pack_id
        self.pack_title = pack_title

    # -- starting --------------------------------------------------------------------------
    @classmethod
    def start(cls, bank: Bank, request: QuizRequest, clock: Clock = system_clock) -> QuizSession:
        """Draw the questions, record the attempt with what will be shown, and begin."""
        learner = clean_name(request.learner)
        rng = random.Random(request.seed)
        with bank.connection() as conn:
            header = live.pack_header(conn, request.pack_id)
            if header is None:
                raise PackNotFound(request.pack_id)
            ids = live.draw_ids(
                conn, request.pack_id, request.count, rng, request.tags, request.facts
            )
            if not ids:
                raise NoQuestions(
                    "this pack has no questions"
                    + (" with the chosen filter" if request.tags or request.facts else "")
                )
            questions = _quiz_questions(live.load_questions(conn, ids), ids, request.shuffle, rng)
            settings = {
                "count": request.count,
                "tags": list(request.tags),
                "facts": list(request.facts),
                "shuffle": request.shuffle,
                "seed": request.seed,
            }
            return cls._begin(
                conn, bank, learner, header, request.pack_id, request.mode, "quiz", settings,
                request.time_limit_minutes, questions, clock,
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
        learner = clean_name(learner)
        rng = random.Random(seed)
        with bank.connection() as conn:
            learner_id = live.learner_id(conn, learner)
            ids = live.mistakes(conn, learner_id, pack_id, count) if learner_id else []
            if not ids:
                raise NoQuestions(f"{learner} has no mistakes to review yet")
            rows = live.load_questions(conn, ids)
            questions = _quiz_questions(rows, ids, True, rng)
            header: tuple[int | None, str, str] = (None, "Review of my mistakes", "")
            slug = "mistakes"
            if pack_id is not None:
                found = live.pack_header(conn, pack_id)
                if found is None:
                    raise PackNotFound(pack_id)
                header, slug = found, pack_id
            settings = {"count": count, "seed": seed, "mistakes": True}
            return cls._begin(
                conn, bank, learner, header, slug, mode, "mistakes", settings, None, questions,
                clock,
            )  # fmt: skip

    @classmethod
    def retry(
        cls, bank: Bank, results: QuizResults, seed: int | None = None, clock: Clock = system_clock
    ) -> QuizSession:
        """A new quiz (practice) of the questions answered wrongly in ``results``."""
        ids = [q.question_id for q in results.mistakes if q.question_id is not None]
        rng = random.Random(seed)
        rng.shuffle(ids)
        with bank.connection() as conn:
            questions = _quiz_questions(live.load_questions(conn, ids), ids, True, rng)
            if not questions:
                raise NoQuestions("there are no mistakes to retry")
            a = results.attempt
            header: tuple[int | None, str, str] = live.pack_header(conn, a.pack_id) or (
                None,
                a.pack_title,
                "",
            )
            settings = {"retry_of": a.id, "seed": seed}
            return cls._begin(
                conn, bank, a.learner, header, a.pack_id, Mode.PRACTICE, "mistakes", settings,
                None, questions, clock,
            )  # fmt: skip

    @classmethod
    def _begin(
        cls,
        conn: Any,
        bank: Bank,
        learner: str,
        header: tuple[int | None, str, str],
        slug: str,
        mode: Mode,
        kind: str,
        settings: dict[str, Any],
        time_limit_minutes: float | None,
        questions: tuple[QuizQuestion, ...],
        clock: Clock,
    ) -> QuizSession:
        now = clock()
        limit = None
        deadline = None
        if time_limit_minutes:
            limit = round(time_limit_minutes * 60)
            deadline = now + timedelta(seconds=limit)
        learner_id = live.ensure_learner(conn, learner, now)
        live.set_setting(conn, LEARNER_SETTING, learner)
        attempt = live.create_attempt(
            conn,
            learner=learner_id,
            pack_row_id=header[0],
            pack_slug=slug,
            pack_title=header[1],
            pack_version=header[2],
            mode=mode.value,
            kind=kind,
            settings=settings,
            time_limit_seconds=limit,
            started_at=now,
            deadline_at=deadline,
            questions=questions,
        )
        run = QuizRun(attempt, questions, mode, clock, now, deadline)
        return cls(bank, run, slug, header[1])

    @classmethod
    def resume(cls, bank: Bank, attempt_id: int, clock: Clock = system_clock) -> QuizSession:
        """Carry on with an unfinished attempt, exactly as it was shown."""
        with bank.connection() as conn:
            detail = live.attempt_detail(conn, attempt_id)
            summary = live.attempt_summary(conn, attempt_id)
            if detail is None or summary is None:
                raise ServiceError("that quiz no longer exists")
            questions, answers = _rebuild(conn, detail)
        run = QuizRun(
            attempt_id,
            questions,
            Mode(detail["mode"]),
            clock,
            detail["started_at"],
            detail["deadline_at"],
            answers,
        )
        session = cls(bank, run, summary.pack_id, summary.pack_title)
        if detail["status"] == "in_progress":
            session.check_time()
        return session

    # -- taking ----------------------------------------------------------------------------
    @property
    def current(self) -> QuizQuestion | None:
        return self.run.current

    def choose(self, choice: int) -> Answer:
        """Answer the current question and commit the answer before returning it."""
        return self._save(lambda: self.run.choose(choice))

    def choose_many(self, picks: Sequence[int]) -> Answer:
        """Answer the current select-all-that-apply question; committed before returning."""
        return self._save(lambda: self.run.choose_many(picks))

    def _save(self, give: Callable[[], Answer]) -> Answer:
        question = self.run.current
        already = question is not None and question.position in self.run.answers
        answer = give()
        if already:
            return answer
        try:
            with self.bank.connection() as conn:
                live.record_answer(conn, self.run.attempt_id, answer, self.run.clock())
        except BaseException:
            # Not saved, so not given: the learner can answer again once the bank is back.
            self.run.answers.pop(answer.position, None)
            raise
        return answer

    def image(self, question: QuizQuestion, path: str) -> bytes | None:
        """The bytes of an image the question (or one of its choices) shows."""
        if question.question_id is None:
            return None
        with self.bank.connection() as conn:
            return live.image_data(conn, question.question_id, path)

    def next(self) -> QuizQuestion | None:
        """The next unanswered question, or None when all are answered."""
        return self.run.advance()

    def check_time(self) -> bool:
        """If the time limit has run out, end the quiz (unanswered count as wrong). True if so."""
        if self.run.expired or not self.run.out_of_time():
            return self.run.expired
        self.run.expire()
        with self.bank.connection() as conn:
            live.finish_attempt(conn, self.run.attempt_id, "expired", self.run.clock())
        return True

    def finish(self) -> QuizResults:
        """Close the attempt (if not already) and return the results."""
        if not self.run.expired:
            if len(self.run.answers) < self.run.total:
                self.run.expire()  # finishing early: the rest count as unanswered
                status = "expired" if self.run.out_of_time() else "finished"
            else:
                status = "finished"
            with self.bank.connection() as conn:
                live.finish_attempt(conn, self.run.attempt_id, status, self.run.clock())
        return self.results()

    def results(self) -> QuizResults:
        with self.bank.connection() as conn:
            summary = live.attempt_summary(conn, self.run.attempt_id)
        assert summary is not None
        return QuizResults(summary, self.run.questions, dict(self.run.answers))


def _rebuild(
    conn: Any, detail: dict[str, Any]
) -> tuple[tuple[QuizQuestion, ...], dict[int, Answer]]:
    """Questions as they were shown (from the attempt's own copy) plus today's explanations."""
    ids = [r["question_id"] for r in detail["responses"] if r["question_id"] is not None]
    rows = live.load_questions(conn, ids)
    questions = []
    answers: dict[int, Answer] = {}
    for r in detail["responses"]:
        current = rows.get(r["question_id"]) if r["question_id"] is not None else None
        choices = tuple(
            Choice(
                c["text"],
                bool(c["correct"]),
                c.get("feedback", ""),
                Image(c["image"]["path"], c["image"]["alt"]) if c.get("image") else None,
            )
            for c in r["choices"]
        )
        questions.append(
            QuizQuestion(
                position=r["position"],
                question_id=r["question_id"],
                key=r["key"],
                type=QuestionType(r["type"]),
                prompt=r["prompt"],
                choices=choices,
                explanation=current["explanation"] if current else "",
                sources=current["sources"] if current else (),
                fact=current["fact"] if current else "",
                fact_sources=current["fact_sources"] if current else (),
                image=current["image"] if current else None,
            )
        )
        if r["outcome"] is not None:
            answers[r["position"]] = Answer(
                r["position"],
                r["chosen"],
                Outcome(r["outcome"]),
                r["seconds"],
                r["picks"],
                r["credit"],
            )
    return tuple(questions), answers


def review(bank: Bank, attempt_id: int) -> QuizResults:
    """A past attempt with every question, the answer given, and the explanations."""
    with bank.connection() as conn:
        summary = live.attempt_summary(conn, attempt_id)
        detail = live.attempt_detail(conn, attempt_id)
        if summary is None or detail is None:
            raise ServiceError("that quiz no longer exists")
        questions, answers = _rebuild(conn, detail)
    for q in questions:
        answers.setdefault(q.position, Answer(q.position, None, Outcome.UNANSWERED))
    return QuizResults(summary, questions, answers)


def discard(bank: Bank, attempt_id: int, clock: Clock = system_clock) -> None:
    """Give up an unfinished attempt (its answers stay in the history)."""
    with bank.connection() as conn:
        live.finish_attempt(conn, attempt_id, "abandoned", clock())


def remember_learner(bank: Bank, name: str) -> None:
    with bank.connection() as conn:
        live.set_setting(conn, LEARNER_SETTING, clean_name(name))
