"""rollups for reports: answers and offers counted per UTC hour and day, backfilled

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 18:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from feedback_api.storage import rollups

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KIND = sa.Enum("nps", "csat", name="survey_kind", native_enum=False)


def _key(*, segment: bool) -> list[sa.Column[object]]:
    columns = [
        sa.Column("kind", _KIND, nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.Column("bucket", sa.DateTime(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("campaign", sa.String(length=64), nullable=False),
    ]
    if segment:
        columns.append(sa.Column("segment", sa.String(length=64), nullable=False))
    return columns


def upgrade() -> None:
    op.create_table(
        "response_counts",
        *_key(segment=True),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in rollups.COUNT_COLUMNS),
        sa.PrimaryKeyConstraint(
            "kind", "hours", "bucket", "channel", "language", "campaign", "segment"
        ),
    )
    op.create_table(
        "offer_counts",
        *_key(segment=False),
        sa.Column("offers", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "hours", "bucket", "channel", "language", "campaign"),
    )
    # Backfill from the answers already stored (one grouped INSERT ... SELECT per table).
    rollups.rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_table("offer_counts")
    op.drop_table("response_counts")
