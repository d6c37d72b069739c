"""NPS broken down by channel, language or campaign, for the marketer dashboard.

One grouped aggregate query per dimension, with the same bands and window filters as
:func:`feedback_api.storage.metrics.nps_counts`, so a breakdown's rows add up to the total.
"""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import ColumnElement, func, literal, select
from sqlalchemy.orm import Session

from feedback_api.models import NPS_SCORES, ResponseCount
from feedback_api.policy import SurveyKind
from feedback_api.schemas.metrics import MetricFilters, NpsCounts
from feedback_api.storage.metrics import answer_counts, nps_from_row

MAX_GROUPS = 50


class Dimension(enum.StrEnum):
    CHANNEL = "channel"
    LANGUAGE = "language"
    CAMPAIGN = "campaign"


def nps_breakdown(
    session: Session, *, filters: MetricFilters, by: Dimension, limit: int = MAX_GROUPS
) -> list[tuple[str | None, NpsCounts]]:
    """NPS counts per value of ``by`` (None: no campaign), most answers first.

    Groups where every survey was dismissed are kept (n = 0, so no score), because the
    dismissals are reported too. Read from the rollups like every report (storage.metrics).
    """

    def value(_moment: object, table: Any) -> ColumnElement[Any]:
        column = getattr(table, by.value)
        # The rollups store "no campaign" as '' (a key cannot be NULL); answers as NULL.
        return func.nullif(column, "") if table is ResponseCount else column

    counts = answer_counts(session, filters=filters, kind=SurveyKind.NPS, key=value).subquery()
    answered = sum((counts.c[f"n{s}"] for s in NPS_SCORES), start=literal(0))
    stmt = select(counts).order_by(answered.desc(), counts.c.key).limit(limit)
    return [(row.key, nps_from_row(row)) for row in session.execute(stmt)]
