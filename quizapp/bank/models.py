"""SQLAlchemy 2 typed models of the question bank.

Rows never leave their session: repository functions map them to ``quizapp.core`` dataclasses.
Questions are never deleted by a pack update, only retired, so that anything recorded
against them (attempts, responses) keeps pointing at a real row.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Base class of every table in the bank."""


class PackRow(Base):
    """A pack as imported: its details and where it came from."""

    __tablename__ = "packs"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    version: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(35), default="en")
    authors: Mapped[str] = mapped_column(Text, default="")  # one per line
    license: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(Text, default="")  # file or "bundled:<name>"
    source_format: Mapped[str] = mapped_column(String(16), default="toml")
    bundled: Mapped[bool] = mapped_column(Boolean, default=False)
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # Kept up to date by every import, so that the start screen never counts 100,000 rows.
    question_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    type_counts: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")  # JSON

    sources: Mapped[list[SourceRow]] = relationship(
        back_populates="pack", cascade="all, delete-orphan", passive_deletes=True
    )
    facts: Mapped[list[FactRow]] = relationship(
        back_populates="pack", cascade="all, delete-orphan", passive_deletes=True
    )
    questions: Mapped[list[QuestionRow]] = relationship(
        back_populates="pack", cascade="all, delete-orphan", passive_deletes=True
    )


class SourceRow(Base):
    """A document cited by a pack."""

    __tablename__ = "sources"
    __table_args__ = (UniqueConstraint("pack_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[int] = mapped_column(ForeignKey("packs.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(Text, default="")
    publisher: Mapped[str] = mapped_column(Text, default="")
    date: Mapped[str] = mapped_column(String(10), default="")
    url: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16), default="other")
    note: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    pack: Mapped[PackRow] = relationship(back_populates="sources")


class FactRow(Base):
    """A sourced statement that questions are built from."""

    __tablename__ = "facts"
    __table_args__ = (UniqueConstraint("pack_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[int] = mapped_column(ForeignKey("packs.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    statement: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)

    pack: Mapped[PackRow] = relationship(back_populates="facts")


question_tags = Table(
    "question_tags",
    Base.metadata,
    Column("question_id", ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, nullable=False, default=0),
    Index("ix_question_tags_tag_id", "tag_id", "question_id"),
)


class QuestionRow(Base):
    """A question. ``retired`` questions are kept for history but no longer asked."""

    __tablename__ = "questions"
    __table_args__ = (
        UniqueConstraint("pack_id", "key"),
        Index("ix_questions_pack_active", "pack_id", "retired"),
        CheckConstraint(
            "difficulty IS NULL OR difficulty BETWEEN 1 AND 5", name="difficulty_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[int] = mapped_column(ForeignKey("packs.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(32))
    prompt: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text, default="")
    fact_id: Mapped[int | None] = mapped_column(ForeignKey("facts.id", ondelete="SET NULL"))
    difficulty: Mapped[int | None] = mapped_column(Integer)
    shuffle: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    image_path: Mapped[str | None] = mapped_column(String(200))
    image_alt: Mapped[str | None] = mapped_column(Text)

    pack: Mapped[PackRow] = relationship(back_populates="questions")
    choices: Mapped[list[ChoiceRow]] = relationship(
        order_by="ChoiceRow.position", cascade="all, delete-orphan", passive_deletes=True
    )


class ChoiceRow(Base):
    """One choice of a question (true/false questions have "True" and "False")."""

    __tablename__ = "choices"
    __table_args__ = (UniqueConstraint("question_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    correct: Mapped[bool] = mapped_column(Boolean)
    feedback: Mapped[str] = mapped_column(Text, default="")
    image_path: Mapped[str | None] = mapped_column(String(200))
    image_alt: Mapped[str | None] = mapped_column(Text)


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
    position: Mapped[int] = mapped_column(Integer, default=0)
    locator: Mapped[str] = mapped_column(Text, default="")
    quote: Mapped[str] = mapped_column(Text, default="")


class ImageRow(Base):
    """A picture a pack's questions or choices show, stored with the pack."""

    __tablename__ = "images"
    __table_args__ = (UniqueConstraint("pack_id", "path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[int] = mapped_column(ForeignKey("packs.id", ondelete="CASCADE"))
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
    """Someone who takes quizzes on this computer."""

    __tablename__ = "learners"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100, collation="NOCASE"), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime)


class AttemptRow(Base):
    """One quiz taken by one learner. Pack details are copied so history survives removal."""

    __tablename__ = "attempts"
    __table_args__ = (
        Index("ix_attempts_learner_status", "learner_id", "status"),
        Index("ix_attempts_learner_pack", "learner_id", "pack_slug", "finished_at"),
        CheckConstraint(
            "status IN ('in_progress', 'finished', 'expired', 'abandoned')", name="attempt_status"
        ),
        CheckConstraint("mode IN ('practice', 'exam')", name="attempt_mode"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    pack_id: Mapped[int | None] = mapped_column(ForeignKey("packs.id", ondelete="SET NULL"))
    pack_slug: Mapped[str] = mapped_column(String(64))
    pack_title: Mapped[str] = mapped_column(Text)
    pack_version: Mapped[str] = mapped_column(String(64))
    mode: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16), default="quiz")  # quiz | mistakes
    settings: Mapped[str] = mapped_column(Text, default="{}")  # JSON: count, tags, seed, shuffle
    time_limit_seconds: Mapped[int | None] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    deadline_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16), default="in_progress")
    total: Mapped[int] = mapped_column(Integer)
    score: Mapped[int] = mapped_column(Integer, default=0)  # questions fully right
    points: Mapped[float] = mapped_column(default=0.0, server_default="0")  # with partial credit
    seconds: Mapped[float] = mapped_column(default=0.0)


class ResponseRow(Base):
    """One question of an attempt: what was shown, and (once given) the answer.

    Rows are written when the attempt starts, and each answer is committed the moment it is
    given. The prompt and the choices as shown are copied, so the record stays true after the
    pack changes.
    """

    __tablename__ = "responses"
    __table_args__ = (
        UniqueConstraint("attempt_id", "position"),
        Index("ix_responses_question", "question_id"),
        CheckConstraint(
            "outcome IS NULL OR outcome IN ('correct', 'partial', 'wrong', 'unanswered')",
            name="response_outcome",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="SET NULL"))
    question_key: Mapped[str] = mapped_column(String(64))
    question_type: Mapped[str] = mapped_column(String(32))
    prompt: Mapped[str] = mapped_column(Text)
    choices: Mapped[str] = mapped_column(Text)  # JSON list of {text, correct} in shown order
    chosen_index: Mapped[int | None] = mapped_column(Integer)
    picks: Mapped[str | None] = mapped_column(Text)  # JSON list: multiple_response answers
    credit: Mapped[float | None] = mapped_column()  # 1 right, 0 wrong, in between: partial
    outcome: Mapped[str | None] = mapped_column(String(16))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    seconds: Mapped[float | None] = mapped_column()
