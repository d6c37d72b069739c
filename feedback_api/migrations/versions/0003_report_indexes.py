"""report indexes: covering indexes for NPS/CSAT, the queue's sort key on cases

Reports over a million answers read only an index: ``ix_responses_kind_created`` and
``ix_survey_offers_kind_offered`` carry the filtered and counted columns (PostgreSQL
``INCLUDE``; SQLite keeps the plain index). ``follow_up_cases.reported_at`` is the queue's
sort key (the answer's time, or the case's own for a conversation case), stored on the case
so the first page of the queue is read from an index instead of sorting every open case.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 16:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RESPONSE_INCLUDE = ["score", "dismissed", "channel", "language", "campaign", "segment"]
OFFER_INCLUDE = ["channel", "language", "campaign", "customer_id"]
OPEN = sa.text("status IN ('open', 'in_progress')")


def upgrade() -> None:
    op.drop_index("ix_responses_kind_created", table_name="survey_responses")
    op.create_index(
        "ix_responses_kind_created",
        "survey_responses",
        ["kind", "created_at"],
        postgresql_include=RESPONSE_INCLUDE,
    )
    op.drop_index("ix_survey_offers_kind_offered", table_name="survey_offers")
    op.create_index(
        "ix_survey_offers_kind_offered",
        "survey_offers",
        ["kind", "offered_at"],
        postgresql_include=OFFER_INCLUDE,
    )
    with op.batch_alter_table("follow_up_cases") as batch:
        batch.add_column(sa.Column("reported_at", sa.DateTime(), nullable=True))
    op.execute(
        "UPDATE follow_up_cases SET reported_at = COALESCE("
        "(SELECT created_at FROM survey_responses "
        "WHERE survey_responses.id = follow_up_cases.response_id), created_at)"
    )
    with op.batch_alter_table("follow_up_cases") as batch:
        batch.alter_column("reported_at", existing_type=sa.DateTime(), nullable=False)
    # Newest first: read backwards. Most urgent first: priority up, then newest, so the
    # index is built in exactly that order (a mixed-direction ORDER BY cannot read it backwards).
    op.create_index(
        "ix_cases_open_reported",
        "follow_up_cases",
        ["reported_at", "id"],
        postgresql_where=OPEN,
        sqlite_where=OPEN,
    )
    op.create_index(
        "ix_cases_open_priority_reported",
        "follow_up_cases",
        ["priority", sa.text("reported_at DESC"), sa.text("id DESC")],
        postgresql_where=OPEN,
        sqlite_where=OPEN,
    )


def downgrade() -> None:
    op.drop_index("ix_cases_open_priority_reported", table_name="follow_up_cases")
    op.drop_index("ix_cases_open_reported", table_name="follow_up_cases")
    with op.batch_alter_table("follow_up_cases") as batch:
        batch.drop_column("reported_at")
    op.drop_index("ix_survey_offers_kind_offered", table_name="survey_offers")
    op.create_index("ix_survey_offers_kind_offered", "survey_offers", ["kind", "offered_at"])
    op.drop_index("ix_responses_kind_created", table_name="survey_responses")
    op.create_index("ix_responses_kind_created", "survey_responses", ["kind", "created_at"])
