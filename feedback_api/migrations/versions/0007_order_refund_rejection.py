"""why an order's refund was refused, so the bot can say it

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 13:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("orders") as batch:
        batch.add_column(
            sa.Column(
                "refund_rejection",
                sa.Enum(
                    "return_window_passed",
                    "item_not_returned",
                    "item_used",
                    "not_returnable",
                    name="refund_rejection",
                    native_enum=False,
                ),
                nullable=True,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("orders") as batch:
        batch.drop_column("refund_rejection")
