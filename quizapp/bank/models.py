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
