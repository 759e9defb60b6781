"""class codes: an attempt remembers the code it was joined with

Revision ID: 0006_class_codes
Revises: 0005_exam_navigation
Create Date: 2026-12-02 19:20:00

- ``attempts`` gets ``class_code``: the class code (``core.classcode``) a learner joined the
  quiz with, normalised (``NATO-7KQ3-PX9M-2RTB``); NULL for a quiz started any other way. The
  school bank's class report and live view read a class's attempts by it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_class_codes"
down_revision: str | None = "0005_exam_navigation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("attempts") as batch:
        batch.add_column(sa.Column("class_code", sa.String(length=64), nullable=True))
    op.create_index("ix_attempts_class_code", "attempts", ["class_code"])


def downgrade() -> None:
    op.drop_index("ix_attempts_class_code", table_name="attempts")
    with op.batch_alter_table("attempts") as batch:
        batch.drop_column("class_code")
