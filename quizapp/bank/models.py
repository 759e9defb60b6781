"""The bank's schema: SQLAlchemy 2 typed models, the one definition for SQLite and PostgreSQL.

Alembic migrates banks to it, and a test checks that a bank migrated from the first revision
has exactly these tables, on both engines. The app reads and writes the tables with SQL of
its own (``bank.engine``), so these models are loaded only to create or upgrade a bank.

Naming: ``pack_id`` is always the pack's own id (the string in its file, such as
``nato-eastward-expansion``), which is also the primary key of ``packs``; every other
``…_id`` column is an integer row key. Questions are never deleted by a pack update, only
retired, so that anything recorded against them keeps pointing at a real row.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from quizapp.core.marking import (
    CERTAINTY_LEVELS,
    CERTAINTY_RIGHT,
    CERTAINTY_WRONG,
    Marking,
    Navigation,
)
from quizapp.core.quiz import AttemptKind, AttemptStatus, Mode, Outcome
from quizapp.core.study import MAX_NEW_PER_DAY, MAX_RETENTION, MIN_RETENTION, CardState, Rating

PACK_ID = String(64)


_CERTAINTY = f"certainty IS NULL OR certainty IN ({', '.join(map(str, CERTAINTY_LEVELS))})"


_MARKS = f"marks >= {min(CERTAINTY_WRONG.values())} AND marks <= {max(CERTAINTY_RIGHT.values())}"


def _values(members: Iterable[StrEnum]) -> str:
    """An enum's values as an SQL list, for a CHECK constraint."""
    return ", ".join(f"'{m.value}'" for m in members)


class Base(DeclarativeBase):
    """Base class of every table in the bank."""


class PackRow(Base):
    """A pack as imported: its details and where it came from."""

    __tablename__ = "packs"

    id: Mapped[str] = mapped_column(PACK_ID, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    version: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(35))
    authors: Mapped[str] = mapped_column(Text)  # one per line
    license: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(Text)  # file, "editor" or "bundled:<name>"
    source_format: Mapped[str] = mapped_column(String(16))
    bundled: Mapped[bool] = mapped_column(Boolean)
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # Kept up to date by every import, so that the start screen never counts 100,000 rows.
    question_count: Mapped[int] = mapped_column(Integer, server_default="0")
    type_counts: Mapped[str] = mapped_column(Text, server_default="{}")  # JSON
    unit_count: Mapped[int] = mapped_column(Integer, server_default="0")  # facts to study


class SourceRow(Base):
    """A document cited by a pack. ``position`` -1: kept only for retired questions."""

    __tablename__ = "sources"
    __table_args__ = (UniqueConstraint("pack_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[str] = mapped_column(ForeignKey("packs.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(Text)
    publisher: Mapped[str] = mapped_column(Text)
    date: Mapped[str] = mapped_column(String(10))
    url: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)


class FactRow(Base):
    """A sourced statement that questions are built from."""

    __tablename__ = "facts"
    __table_args__ = (UniqueConstraint("pack_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[str] = mapped_column(ForeignKey("packs.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    statement: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)


question_tags = Table(
    "question_tags",
    Base.metadata,
    Column("question_id", ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, nullable=False),
    Index("ix_question_tags_tag_id", "tag_id", "question_id"),
)


class QuestionRow(Base):
    """A question. ``retired`` questions are kept for history but no longer asked."""

    __tablename__ = "questions"
    __table_args__ = (
        UniqueConstraint("pack_id", "key"),
        Index("ix_questions_pack_active", "pack_id", "retired"),
        Index("ix_questions_fact", "fact_id"),
        CheckConstraint(
            "difficulty IS NULL OR difficulty BETWEEN 1 AND 5", name="difficulty_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[str] = mapped_column(ForeignKey("packs.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(32))
    prompt: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text)
    fact_id: Mapped[int | None] = mapped_column(ForeignKey("facts.id", ondelete="SET NULL"))
    difficulty: Mapped[int | None] = mapped_column(Integer)
    shuffle: Mapped[bool] = mapped_column(Boolean)
    position: Mapped[int] = mapped_column(Integer)
    retired: Mapped[bool] = mapped_column(Boolean)
    content_hash: Mapped[str] = mapped_column(String(64))
    image_path: Mapped[str | None] = mapped_column(String(200))
    image_alt: Mapped[str | None] = mapped_column(Text)


class ChoiceRow(Base):
    """One choice of a question (true/false questions have "True" and "False")."""

    __tablename__ = "choices"
    __table_args__ = (UniqueConstraint("question_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    correct: Mapped[bool] = mapped_column(Boolean)
    feedback: Mapped[str] = mapped_column(Text)
    image_path: Mapped[str | None] = mapped_column(String(200))
    image_alt: Mapped[str | None] = mapped_column(Text)
    penalty: Mapped[float | None] = mapped_column()  # a wrong choice's own cost (penalty)


class CitationRow(Base):
    """A citation of a source by either a question or a fact (exactly one of them)."""

    __tablename__ = "citations"
    __table_args__ = (
        CheckConstraint(
            "(question_id IS NULL) <> (fact_id IS NULL)", name="citation_has_one_owner"
        ),
        Index("ix_citations_question", "question_id"),
        Index("ix_citations_fact", "fact_id"),
        Index("ix_citations_source", "source_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    fact_id: Mapped[int | None] = mapped_column(ForeignKey("facts.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    locator: Mapped[str] = mapped_column(Text)
    quote: Mapped[str] = mapped_column(Text)


class ImageRow(Base):
    """A picture a pack's questions or choices show, stored with the pack."""

    __tablename__ = "images"
    __table_args__ = (UniqueConstraint("pack_id", "path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[str] = mapped_column(ForeignKey("packs.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(200))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))


class SettingRow(Base):
    """A small named value kept with the bank (which bundled packs were offered, ...)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class TagRow(Base):
    """A tag name, shared by all packs."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)


class LearnerRow(Base):
    """Someone who takes quizzes. On a school bank, ``login`` is their PostgreSQL login.

    ``name_key`` (``core.summaries.learner_key``) makes "Ada" and " ada " one learner on
    every engine alike.
    """

    __tablename__ = "learners"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(100), unique=True)
    login: Mapped[str | None] = mapped_column(String(63), unique=True)
    class_name: Mapped[str] = mapped_column(String(100), server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime)


class AttemptRow(Base):
    """One quiz taken by one learner.

    The pack's id, title and version are copied (no foreign key), so that the history
    survives the pack's removal. The score is not stored: it is the sum of the credit of
    the answers (``responses``), worked out by one query in ``bank.attempts``.
    """

    __tablename__ = "attempts"
    __table_args__ = (
        Index("ix_attempts_learner_status", "learner_id", "status"),
        Index("ix_attempts_learner_pack", "learner_id", "pack_id", "finished_at"),
        Index("ix_attempts_class_code", "class_code"),
        CheckConstraint(f"status IN ({_values(AttemptStatus)})", name="attempt_status"),
        CheckConstraint(f"mode IN ({_values(Mode)})", name="attempt_mode"),
        CheckConstraint(f"kind IN ({_values(AttemptKind)})", name="attempt_kind"),
        CheckConstraint(f"marking IN ({_values(Marking)})", name="attempt_marking"),
        CheckConstraint(f"navigation IN ({_values(Navigation)})", name="attempt_navigation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    pack_id: Mapped[str] = mapped_column(PACK_ID)
    pack_title: Mapped[str] = mapped_column(Text)
    pack_version: Mapped[str] = mapped_column(String(64))
    mode: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    settings: Mapped[str] = mapped_column(Text)  # JSON: count, tags, facts, seed, shuffle...
    time_limit_seconds: Mapped[int | None] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    deadline_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16))
    total: Mapped[int] = mapped_column(Integer)  # questions shown
    marking: Mapped[str] = mapped_column(String(16), server_default=Marking.STANDARD.value)
    navigation: Mapped[str] = mapped_column(String(16), server_default=Navigation.FREE.value)
    position: Mapped[int] = mapped_column(Integer, server_default="0")  # the question on screen
    class_code: Mapped[str | None] = mapped_column(String(64))  # joined with (core.classcode)


class AttemptQuestionRow(Base):
    """One question of an attempt exactly as it was shown: written once, when it starts.

    The prompt, the choices in their shown order (with feedback and pictures, as JSON) and
    the question's picture are copied, so the record stays true after the pack changes.
    ``bank.snapshots`` is the one place that writes and reads it.
    """

    __tablename__ = "attempt_questions"

    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempts.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="SET NULL"))
    question_key: Mapped[str] = mapped_column(String(64))
    question_type: Mapped[str] = mapped_column(String(32))
    prompt: Mapped[str] = mapped_column(Text)
    choices: Mapped[str] = mapped_column(Text)  # JSON list: text, correct, feedback, image
    image_path: Mapped[str | None] = mapped_column(String(200))
    image_alt: Mapped[str | None] = mapped_column(Text)
    flagged: Mapped[bool] = mapped_column(Boolean, server_default=false())  # for review


Index("ix_attempt_questions_question", AttemptQuestionRow.question_id)


class ResponseRow(Base):
    """The current answer to one question of an attempt, committed the moment it is given.

    One per question (the unique key); a question with no row is not answered. A practice
    answer is final; an exam answer can be changed or cleared until the exam is submitted,
    every change also written to ``response_changes`` (on a school bank the database refuses
    any change once the attempt has ended). ``marks`` is what the answer earns under the
    attempt's marking scheme (``core.marking``); ``credit`` its share of right, 0-1. The CHECKs
    keep what a row can say within what a question allows.
    """

    __tablename__ = "responses"
    __table_args__ = (
        ForeignKeyConstraint(
            ["attempt_id", "position"],
            ["attempt_questions.attempt_id", "attempt_questions.position"],
            ondelete="CASCADE",
        ),
        UniqueConstraint("attempt_id", "position"),
        CheckConstraint(
            f"outcome IN ({_values(o for o in Outcome if o is not Outcome.UNANSWERED)})",
            name="response_outcome",
        ),
        CheckConstraint("credit >= 0 AND credit <= 1", name="response_credit"),
        CheckConstraint("seconds >= 0", name="response_seconds"),
        CheckConstraint("chosen_index IS NULL OR chosen_index >= 0", name="response_chosen"),
        CheckConstraint(_CERTAINTY, name="response_certainty"),
        CheckConstraint(_MARKS, name="response_marks"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    chosen_index: Mapped[int | None] = mapped_column(Integer)
    picks: Mapped[str | None] = mapped_column(Text)  # JSON list: multiple_response answers
    credit: Mapped[float] = mapped_column()  # 1 right, 0 wrong, in between: partial
    outcome: Mapped[str] = mapped_column(String(16))
    answered_at: Mapped[datetime] = mapped_column(DateTime)
    seconds: Mapped[float] = mapped_column()
    certainty: Mapped[int | None] = mapped_column(Integer)  # 1-3, certainty-based marking
    marks: Mapped[float] = mapped_column(server_default="0")


class ResponseChangeRow(Base):
    """Every answer given to a question of an attempt, in order: "B, then C", for reports.

    Written with each answer and each change; never changed. A row with neither
    ``chosen_index`` nor ``picks`` is an answer taken back.
    """

    __tablename__ = "response_changes"
    __table_args__ = (
        ForeignKeyConstraint(
            ["attempt_id", "position"],
            ["attempt_questions.attempt_id", "attempt_questions.position"],
            ondelete="CASCADE",
        ),
        Index("ix_response_changes_attempt", "attempt_id", "position"),
        CheckConstraint(_CERTAINTY, name="response_change_certainty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    chosen_index: Mapped[int | None] = mapped_column(Integer)
    picks: Mapped[str | None] = mapped_column(Text)
    certainty: Mapped[int | None] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(DateTime)


UNIT = String(80)  # "fact:KEY" or "question:KEY" (core.study)


class StudyUnitRow(Base):
    """What a pack can be studied as: its facts, and its questions without a fact.

    Written by every pack import (``bank.study.sync_units``), never deleted: a unit the pack
    no longer has (its fact was dropped, its questions retired) stays with ``live`` false, so
    that learners' cards for it stop being due but keep their history. No foreign key to
    ``packs``, so removing a pack and adding it again keeps every learner's schedule.
    """

    __tablename__ = "study_units"
    __table_args__ = (Index("ix_study_units_live", "pack_id", "live", "position"),)

    pack_id: Mapped[str] = mapped_column(PACK_ID, primary_key=True)
    unit: Mapped[str] = mapped_column(UNIT, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)  # of its first question: new facts in order
    live: Mapped[bool] = mapped_column(Boolean)


class StudyCardRow(Base):
    """One learner's FSRS card for one unit of a pack (``core.study.StudyCard``)."""

    __tablename__ = "study_cards"
    __table_args__ = (
        UniqueConstraint("learner_id", "pack_id", "unit"),
        # The queue and the start screen's counts read index ranges only.
        Index("ix_study_cards_due", "learner_id", "pack_id", "due", "state"),
        Index("ix_study_cards_started", "learner_id", "pack_id", "created_at"),
        CheckConstraint(
            f"state IN ({', '.join(str(int(s)) for s in CardState)})", name="study_card_state"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    pack_id: Mapped[str] = mapped_column(PACK_ID)
    unit: Mapped[str] = mapped_column(UNIT)
    state: Mapped[int] = mapped_column(Integer)
    step: Mapped[int | None] = mapped_column(Integer)
    stability: Mapped[float | None] = mapped_column()
    difficulty: Mapped[float | None] = mapped_column()
    due: Mapped[datetime] = mapped_column(DateTime)
    last_review: Mapped[datetime | None] = mapped_column(DateTime)
    last_question: Mapped[str | None] = mapped_column(String(64))  # the key that asked it last
    reps: Mapped[int] = mapped_column(Integer)
    lapses: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)  # its first review


class StudyReviewRow(Base):
    """Every review of a card, as FSRS's optimizer and the progress screen read them."""

    __tablename__ = "study_reviews"
    __table_args__ = (
        Index("ix_study_reviews_card", "card_id", "reviewed_at"),
        CheckConstraint(
            f"rating IN ({', '.join(str(int(r)) for r in Rating)})", name="study_review_rating"
        ),
        CheckConstraint(f"outcome IN ({_values(o for o in Outcome)})", name="study_review_outcome"),
        CheckConstraint(_CERTAINTY, name="study_review_certainty"),
        CheckConstraint("duration_ms IS NULL OR duration_ms >= 0", name="study_review_duration"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("study_cards.id", ondelete="CASCADE"))
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("attempts.id", ondelete="SET NULL"))
    question_key: Mapped[str] = mapped_column(String(64))
    rating: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(16))
    certainty: Mapped[int | None] = mapped_column(Integer)
    reviewed_at: Mapped[datetime] = mapped_column(DateTime)
    duration_ms: Mapped[int | None] = mapped_column(Integer)


class StudySettingsRow(Base):
    """A learner's study settings (``core.study.StudySettings``)."""

    __tablename__ = "study_settings"
    __table_args__ = (
        CheckConstraint(
            f"desired_retention >= {MIN_RETENTION} AND desired_retention <= {MAX_RETENTION}",
            name="study_retention",
        ),
        CheckConstraint(
            f"new_per_day >= 0 AND new_per_day <= {MAX_NEW_PER_DAY}", name="study_new_per_day"
        ),
    )

    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True
    )
    desired_retention: Mapped[float] = mapped_column()
    new_per_day: Mapped[int] = mapped_column(Integer)
    parameters: Mapped[str | None] = mapped_column(Text)  # JSON list: optimised FSRS weights
    optimised_at: Mapped[datetime | None] = mapped_column(DateTime)
