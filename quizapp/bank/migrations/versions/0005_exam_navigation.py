"""exam navigation and marking: answers that can change, flags, position, marks, history

Revision ID: 0005_exam_navigation
Revises: 0004_one_data_layer
Create Date: 2026-12-02 10:30:00

- ``attempts`` gets ``marking`` (standard, penalty, certainty), ``navigation`` (free,
  sequential) and ``position``, the question on screen, so that an exam resumes where it was.
- ``attempt_questions`` gets ``flagged``.
- ``responses`` gets ``certainty`` and ``marks`` (old answers: their credit, the standard
  scheme), and the current answer may now change until the attempt ends.
- ``response_changes`` keeps every answer given, in order; old answers are its first rows.
- ``choices`` gets ``penalty``: a wrong choice's own cost under the penalty scheme.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_exam_navigation"
down_revision: str | None = "0004_one_data_layer"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CERTAINTY = "certainty IS NULL OR certainty IN (1, 2, 3)"


def upgrade() -> None:
    with op.batch_alter_table("choices") as batch:
        batch.add_column(sa.Column("penalty", sa.Double(), nullable=True))
    with op.batch_alter_table("attempts") as batch:
        batch.add_column(
            sa.Column("marking", sa.String(length=16), server_default="standard", nullable=False)
        )
        batch.add_column(
            sa.Column("navigation", sa.String(length=16), server_default="free", nullable=False)
        )
        batch.add_column(sa.Column("position", sa.Integer(), server_default="0", nullable=False))
        batch.create_check_constraint(
            "attempt_marking", "marking IN ('standard', 'penalty', 'certainty')"
        )
        batch.create_check_constraint("attempt_navigation", "navigation IN ('free', 'sequential')")
    with op.batch_alter_table("attempt_questions") as batch:
        batch.add_column(
            sa.Column("flagged", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("responses") as batch:
        batch.add_column(sa.Column("certainty", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("marks", sa.Double(), server_default="0", nullable=False))
        batch.create_check_constraint("response_certainty", CERTAINTY)
        batch.create_check_constraint("response_marks", "marks >= -6 AND marks <= 3")
    op.execute("UPDATE responses SET marks = credit")
    op.create_table(
        "response_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("chosen_index", sa.Integer(), nullable=True),
        sa.Column("picks", sa.Text(), nullable=True),
        sa.Column("certainty", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(CERTAINTY, name="response_change_certainty"),
        sa.ForeignKeyConstraint(
            ["attempt_id", "position"],
            ["attempt_questions.attempt_id", "attempt_questions.position"],
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_response_changes_attempt", "response_changes", ["attempt_id", "position"], unique=False
    )
    op.execute(
        "INSERT INTO response_changes (attempt_id, position, chosen_index, picks, certainty, "
        "changed_at) SELECT attempt_id, position, chosen_index, picks, NULL, answered_at "
        "FROM responses ORDER BY id"
    )


def downgrade() -> None:
    raise NotImplementedError("a bank cannot go back to before revision 0005; restore a backup")
