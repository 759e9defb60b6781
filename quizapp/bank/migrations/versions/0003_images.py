"""images, multiple-response answers and partial credit

Revision ID: 0003_images
Revises: 0002_learners
Create Date: 2026-11-28 04:08:58.415005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_images"
down_revision: str | None = "0002_learners"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL banks begin at 0004, which creates their whole schema
    op.create_table(
        "images",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pack_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=200), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["pack_id"], ["packs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("pack_id", "path"),
    )
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("points", sa.Double(), server_default="0", nullable=False))

    with op.batch_alter_table("choices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("image_path", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("image_alt", sa.Text(), nullable=True))

    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("image_path", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("image_alt", sa.Text(), nullable=True))

    with op.batch_alter_table("responses", schema=None, recreate="always") as batch_op:
        batch_op.add_column(sa.Column("picks", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("credit", sa.Double(), nullable=True))
        # A multiple-response answer can be partly right.
        batch_op.drop_constraint("response_outcome", type_="check")
        batch_op.create_check_constraint(
            "response_outcome",
            "outcome IS NULL OR outcome IN ('correct', 'partial', 'wrong', 'unanswered')",
        )

    # Answers given before partial credit existed: right is 1 point, anything else 0.
    op.execute(
        "UPDATE responses SET credit = CASE outcome WHEN 'correct' THEN 1.0 ELSE 0.0 END "
        "WHERE outcome IS NOT NULL"
    )
    op.execute("UPDATE attempts SET points = score")


def downgrade() -> None:
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_column("credit")
        batch_op.drop_column("picks")

    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_column("image_alt")
        batch_op.drop_column("image_path")

    with op.batch_alter_table("choices", schema=None) as batch_op:
        batch_op.drop_column("image_alt")
        batch_op.drop_column("image_path")

    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.drop_column("points")

    op.drop_table("images")
