"""NPS broken down by channel, language or campaign, for the marketer dashboard.

One grouped aggregate query per dimension, with the same bands and window filters as
:func:`feedback_api.storage.metrics.nps_counts`, so a breakdown's rows add up to the total.
"""

from __future__ import annotations

import enum

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from feedback_api.models import SurveyResponse
from feedback_api.policy import SurveyKind
from feedback_api.schemas.metrics import MetricFilters, NpsCounts
from feedback_api.storage.metrics import (
    _nps_aggregates,  # the one definition of the NPS bands in SQL
    response_conditions,
)

MAX_GROUPS = 50


class Dimension(enum.StrEnum):
    CHANNEL = "channel"
    LANGUAGE = "language"
    CAMPAIGN = "campaign"


_COLUMNS = {
    Dimension.CHANNEL: SurveyResponse.channel,
    Dimension.LANGUAGE: SurveyResponse.language,
    Dimension.CAMPAIGN: SurveyResponse.campaign,
}


def nps_breakdown(
    session: Session, *, filters: MetricFilters, by: Dimension, limit: int = MAX_GROUPS
) -> list[tuple[str | None, NpsCounts]]:
    """NPS counts per value of ``by`` (None: no campaign), most answers first.

    Groups where every survey was dismissed are kept (n = 0, so no score), because the
    dismissals are reported too.
    """
    column = _COLUMNS[by]
    aggregates = _nps_aggregates(SurveyResponse.score, SurveyResponse.dismissed)
    answered = func.count(
        case((and_(SurveyResponse.dismissed.is_(False), SurveyResponse.score.is_not(None)), 1))
    )
    stmt = (
        select(column.label("value"), *aggregates)
        .where(*response_conditions(filters, SurveyKind.NPS))
        .group_by(column)
        .order_by(answered.desc(), column)
        .limit(limit)
    )
    rows = session.execute(stmt).mappings()
    return [
        (row["value"], NpsCounts(**{k: v for k, v in row.items() if k != "value"})) for row in rows
    ]
