"""study: FSRS cards per learner and fact, every review, study settings, a third mode

Revision ID: 0007_study
Revises: 0006_class_codes
Create Date: 2026-12-02 23:00:00

- ``study_units``: what each pack can be studied as (its facts, and its questions without a
  fact), kept by every pack import; filled here for the packs already in the bank.
- ``study_cards``: one FSRS card per learner and unit; ``study_reviews``: every review.
- ``study_settings``: a learner's desired retention, new facts per day, optimised weights.
- ``attempts.mode`` may now be ``study``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_study"
down_revision: str | None = "0006_class_codes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CERTAINTY = "certainty IS NULL OR certainty IN (1, 2, 3)"
OUTCOMES = "outcome IN ('correct', 'partial', 'wrong', 'unanswered')"


def upgrade() -> None:
    with op.batch_alter_table("attempts") as batch:
        batch.drop_constraint("attempt_mode", type_="check")
        batch.create_check_constraint("attempt_mode", "mode IN ('practice', 'exam', 'study')")
    op.create_table(
        "study_units",
        sa.Column("pack_id", sa.String(length=64), nullable=False),
        sa.Column("unit", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("live", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("pack_id", "unit"),
    )
    op.create_index("ix_study_units_live", "study_units", ["pack_id", "live", "position"])
    op.create_table(
        "study_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("pack_id", sa.String(length=64), nullable=False),
        sa.Column("unit", sa.String(length=80), nullable=False),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column("stability", sa.Double(), nullable=True),
        sa.Column("difficulty", sa.Double(), nullable=True),
        sa.Column("due", sa.DateTime(), nullable=False),
        sa.Column("last_review", sa.DateTime(), nullable=True),
        sa.Column("last_question", sa.String(length=64), nullable=True),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("lapses", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("state IN (1, 2, 3)", name="study_card_state"),
        sa.ForeignKeyConstraint(["learner_id"], ["learners.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("learner_id", "pack_id", "unit"),
    )
    op.create_index("ix_study_cards_due", "study_cards", ["learner_id", "pack_id", "due", "state"])
    op.create_index(
        "ix_study_cards_started", "study_cards", ["learner_id", "pack_id", "created_at"]
    )
    op.create_table(
        "study_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=True),
        sa.Column("question_key", sa.String(length=64), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("certainty", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.CheckConstraint("rating IN (1, 2, 3, 4)", name="study_review_rating"),
        sa.CheckConstraint(OUTCOMES, name="study_review_outcome"),
        sa.CheckConstraint(CERTAINTY, name="study_review_certainty"),
        sa.CheckConstraint("duration_ms IS NULL OR duration_ms >= 0", name="study_review_duration"),
        sa.ForeignKeyConstraint(["card_id"], ["study_cards.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["attempt_id"], ["attempts.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_study_reviews_card", "study_reviews", ["card_id", "reviewed_at"])
    op.create_table(
        "study_settings",
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("desired_retention", sa.Double(), nullable=False),
        sa.Column("new_per_day", sa.Integer(), nullable=False),
        sa.Column("parameters", sa.Text(), nullable=True),
        sa.Column("optimised_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "desired_retention >= 0.7 AND desired_retention <= 0.99", name="study_retention"
        ),
        sa.CheckConstraint("new_per_day >= 0 AND new_per_day <= 999", name="study_new_per_day"),
        sa.ForeignKeyConstraint(["learner_id"], ["learners.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("learner_id"),
    )
    with op.batch_alter_table("packs") as batch:
        batch.add_column(sa.Column("unit_count", sa.Integer(), server_default="0", nullable=False))
    # The packs already in the bank: the same units a pack import writes (bank.study).
    op.execute(
        "INSERT INTO study_units (pack_id, unit, position, live) "
        "SELECT f.pack_id, 'fact:' || f.key, min(q.position), TRUE FROM facts f "
        "JOIN questions q ON q.fact_id = f.id WHERE NOT q.retired GROUP BY f.pack_id, f.key "
        "UNION ALL SELECT q.pack_id, 'question:' || q.key, q.position, TRUE FROM questions q "
        "WHERE q.fact_id IS NULL AND NOT q.retired"
    )
    op.execute(
        "UPDATE packs SET unit_count = (SELECT count(*) FROM study_units u "
        "WHERE u.pack_id = packs.id AND u.live)"
    )


def downgrade() -> None:
    op.drop_table("study_settings")
    op.drop_index("ix_study_reviews_card", table_name="study_reviews")
    op.drop_table("study_reviews")
    op.drop_index("ix_study_cards_started", table_name="study_cards")
    op.drop_index("ix_study_cards_due", table_name="study_cards")
    op.drop_table("study_cards")
    op.drop_index("ix_study_units_live", table_name="study_units")
    op.drop_table("study_units")
    with op.batch_alter_table("packs") as batch:
        batch.drop_column("unit_count")
    op.execute("DELETE FROM attempts WHERE mode = 'study'")
    with op.batch_alter_table("attempts") as batch:
        batch.drop_constraint("attempt_mode", type_="check")
        batch.create_check_constraint("attempt_mode", "mode IN ('practice', 'exam')")
