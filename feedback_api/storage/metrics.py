"""NPS and CSAT results, computed in SQL, following docs/conventions.md.

Every count is one aggregate query (``count(*) FILTER (WHERE …)``, grouped by period for
a trend) that PostgreSQL answers from the covering index ``ix_responses_kind_created``
alone (no table reads); Python only turns the counts into percentages.

NPS bands come from the score itself with the fixed bands of :mod:`feedback_api.policy`
(9-10, 7-8, 0-6), so the published score compares with other tools; the filters and
counts are the value types of :mod:`feedback_api.schemas.metrics`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Label,
    SQLColumnExpression,
    and_,
    cast,
    func,
    select,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from feedback_api.db import period_start
from feedback_api.models import Customer, SurveyOffer, SurveyResponse
from feedback_api.policy import (
    CSAT_SCORES,
    DETRACTOR_MAX,
    PROMOTER_MIN,
    SurveyKind,
)
from feedback_api.schemas.metrics import CsatCounts, MetricFilters, NpsCounts, Unit


def response_conditions(
    filters: MetricFilters, kind: SurveyKind | None
) -> list[ColumnElement[bool]]:
    """WHERE clauses on survey_responses for a window and its filters (shared by the export)."""
    conditions = [
        SurveyResponse.created_at >= filters.start,
        SurveyResponse.created_at < filters.end,
    ]
    if kind is not None:
        conditions.append(SurveyResponse.kind == kind)
    for column, value in (
        (SurveyResponse.channel, filters.channel),
        (SurveyResponse.language, filters.language),
        (SurveyResponse.campaign, filters.campaign),
        (SurveyResponse.segment, filters.segment),
    ):
        if value is not None:
            conditions.append(column == value)
    return conditions


def _offer_conditions(filters: MetricFilters, kind: SurveyKind) -> list[ColumnElement[bool]]:
    conditions = [
        SurveyOffer.kind == kind,
        SurveyOffer.offered_at >= filters.start,
        SurveyOffer.offered_at < filters.end,
    ]
    for column, value in (
        (SurveyOffer.channel, filters.channel),
        (SurveyOffer.language, filters.language),
        (SurveyOffer.campaign, filters.campaign),
    ):
        if value is not None:
            conditions.append(column == value)
    if filters.segment is not None:
        # Offers record no segment; the customer's current one is the best we have.
        conditions.append(
            SurveyOffer.customer_id.in_(
                select(Customer.id).where(Customer.segment == filters.segment)
            )
        )
    return conditions


def _period(
    session: Session, moment: SQLColumnExpression[datetime], unit: Unit, tz: str
) -> ColumnElement[date]:
    """The local date starting the day/week/month of ``moment`` (naive UTC) in ``tz``."""
    if session.get_bind().dialect.name == "postgresql":
        # In UTC the stored time is already local: skip two conversions per row (a year's
        # trend converts every answer in it).
        local = moment if tz == "UTC" else func.timezone(tz, func.timezone("UTC", moment))
        return cast(func.date_trunc(unit.value, local), Date)
    # SQLite has no time zones; db.py registers cl_period, which uses the same rules.
    return func.cl_period(moment, unit.value, tz, type_=Date)


def _nps_aggregates(
    score: SQLColumnExpression[int | None], dismissed: SQLColumnExpression[bool]
) -> list[Label[int]]:
    # count(*) FILTER (WHERE ...): one pass, no CASE per row (SQLite has FILTER too).
    answered = and_(dismissed.is_(False), score.is_not(None))
    return [
        func.count().filter(and_(answered, score >= PROMOTER_MIN)).label("promoters"),
        func.count()
        .filter(and_(answered, score.between(DETRACTOR_MAX + 1, PROMOTER_MIN - 1)))
        .label("passives"),
        func.count().filter(and_(answered, score <= DETRACTOR_MAX)).label("detractors"),
        func.count().filter(dismissed.is_(True)).label("dismissed"),
    ]


def _csat_aggregates(
    score: SQLColumnExpression[int | None], dismissed: SQLColumnExpression[bool]
) -> list[Label[int]]:
    answered = and_(dismissed.is_(False), score.is_not(None))
    return [
        *(func.count().filter(and_(answered, score == s)).label(f"s{s}") for s in CSAT_SCORES),
        func.count().filter(dismissed.is_(True)).label("dismissed"),
    ]


def _by_period(
    session: Session,
    *,
    moment: SQLColumnExpression[datetime],
    columns: Sequence[InstrumentedAttribute[Any]],
    where: Sequence[ColumnElement[bool]],
    aggregates: Callable[..., list[Label[int]]],
    unit: Unit,
    tz: str,
) -> dict[date, dict[str, int]]:
    """``aggregates(*columns)`` grouped by period: one row per period that has data.

    The period is computed in a subquery and grouped on by name, so PostgreSQL sees one
    expression rather than two copies whose bound parameters it cannot tell are equal.
    """
    inner = (
        select(_period(session, moment, unit, tz).label("period"), *columns)
        .where(*where)
        .subquery()
    )
    inner_columns = [inner.c[column.key] for column in columns]
    stmt = select(inner.c.period, *aggregates(*inner_columns)).group_by(inner.c.period)
    return {
        row["period"]: {k: v for k, v in row.items() if k != "period"}
        for row in session.execute(stmt).mappings()
    }


def periods(filters: MetricFilters, unit: Unit) -> list[date]:
    """Every period start (local date in ``filters.tz``) that the window touches, in order."""
    first = _local_period(filters.start, unit, filters.tz)
    last = _local_period(filters.end - timedelta(microseconds=1), unit, filters.tz)
    result = []
    current = first
    while current <= last:
        result.append(current)
        current = _next_period(current, unit)
    return result


def _local_period(moment: datetime, unit: Unit, tz: str) -> date:
    # The same function SQLite runs as cl_period, so both sides agree on boundaries.
    naive_utc = moment.astimezone(UTC).replace(tzinfo=None).isoformat()
    return date.fromisoformat(period_start(naive_utc, unit.value, tz) or "")


def _next_period(day: date, unit: Unit) -> date:
    if unit is Unit.DAY:
        return day + timedelta(days=1)
    if unit is Unit.WEEK:
        return day + timedelta(weeks=1)
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def nps_counts(session: Session, *, filters: MetricFilters) -> NpsCounts:
    """The NPS counts for the whole window."""
    stmt = select(*_nps_aggregates(SurveyResponse.score, SurveyResponse.dismissed)).where(
        *response_conditions(filters, SurveyKind.NPS)
    )
    return NpsCounts(**session.execute(stmt).one()._asdict())


def nps_trend(
    session: Session, *, filters: MetricFilters, unit: Unit
) -> list[tuple[date, NpsCounts]]:
    """NPS counts per period; every period of the window is listed, empty ones with n = 0."""
    found = _by_period(
        session,
        moment=SurveyResponse.created_at,
        columns=[SurveyResponse.score, SurveyResponse.dismissed],
        where=response_conditions(filters, SurveyKind.NPS),
        aggregates=_nps_aggregates,
        unit=unit,
        tz=filters.tz,
    )
    return [(p, NpsCounts(**found.get(p, {}))) for p in periods(filters, unit)]


def _csat(row: dict[str, int], offers: int) -> CsatCounts:
    return CsatCounts(
        distribution={s: row.get(f"s{s}", 0) for s in CSAT_SCORES},
        dismissed=row.get("dismissed", 0),
        offers=offers,
    )


def csat_counts(session: Session, *, filters: MetricFilters) -> CsatCounts:
    """The CSAT distribution for the whole window, and the CSAT surveys offered in it."""
    stmt = select(*_csat_aggregates(SurveyResponse.score, SurveyResponse.dismissed)).where(
        *response_conditions(filters, SurveyKind.CSAT)
    )
    offers = select(func.count(SurveyOffer.id)).where(*_offer_conditions(filters, SurveyKind.CSAT))
    return _csat(session.execute(stmt).one()._asdict(), session.scalar(offers) or 0)


def csat_trend(
    session: Session, *, filters: MetricFilters, unit: Unit
) -> list[tuple[date, CsatCounts]]:
    """CSAT counts and offers per period; every period of the window is listed."""
    answers = _by_period(
        session,
        moment=SurveyResponse.created_at,
        columns=[SurveyResponse.score, SurveyResponse.dismissed],
        where=response_conditions(filters, SurveyKind.CSAT),
        aggregates=_csat_aggregates,
        unit=unit,
        tz=filters.tz,
    )
    offers = _by_period(
        session,
        moment=SurveyOffer.offered_at,
        columns=[SurveyOffer.id],
        where=_offer_conditions(filters, SurveyKind.CSAT),
        aggregates=lambda offer_id: [func.count(offer_id).label("offers")],
        unit=unit,
        tz=filters.tz,
    )
    return [
        (p, _csat(answers.get(p, {}), offers.get(p, {}).get("offers", 0)))
        for p in periods(filters, unit)
    ]
