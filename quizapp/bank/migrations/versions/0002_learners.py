"""learners, attempts and responses; pack question counts

Revision ID: 0002_learners
Revises: 0001_initial
Create Date: 2026-11-28 03:44:11.994544
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_learners"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL banks begin at 0004, which creates their whole schema
    op.create_table(
        "learners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100, collation="NOCASE"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("pack_id", sa.Integer(), nullable=True),
        sa.Column("pack_slug", sa.String(length=64), nullable=False),
        sa.Column("pack_title", sa.Text(), nullable=False),
        sa.Column("pack_version", sa.String(length=64), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.Column("time_limit_seconds", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("deadline_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Double(), nullable=False),
        sa.CheckConstraint("mode IN ('practice', 'exam')", name="attempt_mode"),
        sa.CheckConstraint(
            "status IN ('in_progress', 'finished', 'expired', 'abandoned')", name="attempt_status"
        ),
        sa.ForeignKeyConstraint(["learner_id"], ["learners.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["pack_id"], ["packs.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_attempts_learner_pack", ["learner_id", "pack_slug", "finished_at"], unique=False
        )
        batch_op.create_index("ix_attempts_learner_status", ["learner_id", "status"], unique=False)

    op.create_table(
        "responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("question_key", sa.String(length=64), nullable=False),
        sa.Column("question_type", sa.String(length=32), nullable=False),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("choices", sa.Text(), nullable=False),
        sa.Column("chosen_index", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("seconds", sa.Double(), nullable=True),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('correct', 'wrong', 'unanswered')",
            name="response_outcome",
        ),
        sa.ForeignKeyConstraint(["attempt_id"], ["attempts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["question_id"], ["questions.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("attempt_id", "position"),
    )
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.create_index("ix_responses_question", ["question_id"], unique=False)

    with op.batch_alter_table("packs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("question_count", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("type_counts", sa.Text(), server_default="{}", nullable=False)
        )

    # Fill the new counts for the packs already in the bank.
    op.execute(
        """
        UPDATE packs SET
          question_count = (
            SELECT count(*) FROM questions q WHERE q.pack_id = packs.id AND NOT q.retired),
          type_counts = coalesce((
            SELECT json_group_object(type, n) FROM (
              SELECT type, count(*) AS n FROM questions q
              WHERE q.pack_id = packs.id AND NOT q.retired GROUP BY type)), '{}')
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("packs", schema=None) as batch_op:
        batch_op.drop_column("type_counts")
        batch_op.drop_column("question_count")

    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_index("ix_responses_question")

    op.drop_table("responses")
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_attempts_learner_status")
        batch_op.drop_index("ix_attempts_learner_pack")

    op.drop_table("attempts")
    op.drop_table("learners")
