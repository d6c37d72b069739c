"""NPS and CSAT results, computed in SQL, following docs/conventions.md.

Every count is one query over the rollups (:mod:`feedback_api.storage.rollups`): the whole
UTC days and hours of the window come from ``response_counts`` / ``offer_counts``, the
minutes at its edges from the answers themselves, and the two are added in SQL (``UNION
ALL``, then grouped by period or dimension), so the result is exactly what a scan of the
answers gives. Python only turns the counts into percentages. Every filter is in the
rollups' key except one: offers record no segment, so the response rate of a CSAT report
filtered by segment counts the offers themselves (by the customer's current segment).

NPS bands come from the score itself with the fixed bands of :mod:`feedback_api.policy`
(9-10, 7-8, 0-6), so the published score compares with other tools; the filters and
counts are the value types of :mod:`feedback_api.schemas.metrics`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Date,
    Label,
    Select,
    SQLColumnExpression,
    and_,
    cast,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from feedback_api.db import period_start
from feedback_api.models import (
    NPS_SCORES,
    Customer,
    OfferCount,
    ResponseCount,
    SurveyOffer,
    SurveyResponse,
)
from feedback_api.policy import (
    CSAT_SCORES,
    DETRACTOR_MAX,
    PROMOTER_MIN,
    SurveyKind,
)
from feedback_api.schemas.metrics import CsatCounts, MetricFilters, NpsCounts, Unit
from feedback_api.storage import rollups


def response_conditions(
    filters: MetricFilters, kind: SurveyKind | None, *, window: bool = True
) -> list[ColumnElement[bool]]:
    """WHERE clauses on survey_responses for a window and its filters (shared by the export)."""
    conditions = (
        [SurveyResponse.created_at >= filters.start, SurveyResponse.created_at < filters.end]
        if window
        else []
    )
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


def _offer_conditions(
    filters: MetricFilters, kind: SurveyKind, *, window: bool = True
) -> list[ColumnElement[bool]]:
    conditions = [SurveyOffer.kind == kind]
    if window:
        conditions += [
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


def score_counts(
    score: SQLColumnExpression[int | None], dismissed: SQLColumnExpression[bool]
) -> list[Label[int]]:
    """``n0``..``n10`` (answers per score, dismissals excepted) and ``dismissed``, over answers."""
    # count(*) FILTER (WHERE ...): one pass, no CASE per row (SQLite has FILTER too).
    answered = dismissed.is_(False)
    return [
        *(func.count().filter(and_(answered, score == s)).label(f"n{s}") for s in NPS_SCORES),
        func.count().filter(dismissed.is_(True)).label("dismissed"),
    ]


def _rollup_filters(filters: MetricFilters) -> list[ColumnElement[bool]]:
    return [
        getattr(ResponseCount, name) == value
        for name in ("channel", "language", "campaign", "segment")
        if (value := getattr(filters, name)) is not None
    ]


def answer_counts(
    session: Session,
    *,
    filters: MetricFilters,
    kind: SurveyKind,
    key: Callable[[SQLColumnExpression[datetime], Any], ColumnElement[Any]] | None = None,
    unit: Unit | None = None,
) -> Select[*tuple[Any, ...]]:
    """``n0``..``n10`` and ``dismissed`` for the window, per ``key`` when given.

    ``key(moment, table)`` is the grouping expression (a period, a dimension) over either
    source: the rollups (``moment`` is the bucket's start) or the answers. With a ``unit``
    the plan keeps every rollup bucket inside one local period, so grouping a bucket by the
    period of its start is exact.
    """
    cut = rollups.plan(filters.start, filters.end, tz=filters.tz, unit=unit and unit.value)
    parts: list[Select[*tuple[Any, ...]]] = []
    if cut.days or cut.hours:
        rc = ResponseCount
        where = [
            rc.kind == kind,
            or_(
                and_(rc.hours == 24, rollups.in_ranges(rc.bucket, cut.days)),
                and_(rc.hours == 1, rollups.in_ranges(rc.bucket, cut.hours)),
            ),
            *_rollup_filters(filters),
        ]
        sums = [func.sum(getattr(rc, c)).label(c) for c in rollups.COUNT_COLUMNS]
        parts.append(_grouped(key(rc.bucket, rc) if key else None, sums, where))
    if cut.raw:
        r = SurveyResponse
        where = [
            *response_conditions(filters, kind, window=False),
            rollups.in_ranges(r.created_at, cut.raw),
        ]
        counts = score_counts(r.score, r.dismissed)
        parts.append(_grouped(key(r.created_at, r) if key else None, counts, where))
    if not parts:
        parts.append(_grouped(None, [literal(0).label(c) for c in rollups.COUNT_COLUMNS], []))
    both = union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()
    total = [
        cast(func.coalesce(func.sum(both.c[c]), 0), BigInteger).label(c)
        for c in rollups.COUNT_COLUMNS
    ]
    if key is None:
        return select(*total)
    return select(both.c.key, *total).group_by(both.c.key)


def _grouped(
    key: ColumnElement[Any] | None, columns: list[Label[Any]], where: list[ColumnElement[bool]]
) -> Select[*tuple[Any, ...]]:
    if key is None:
        return select(*columns).where(*where)
    return select(key.label("key"), *columns).where(*where).group_by(key)


def nps_from_row(row: Any) -> NpsCounts:
    """NPS counts from a row of ``n0``..``n10`` and ``dismissed``, with the fixed bands."""
    n = [getattr(row, f"n{s}") for s in NPS_SCORES]
    return NpsCounts(
        promoters=sum(n[PROMOTER_MIN:]),
        passives=sum(n[DETRACTOR_MAX + 1 : PROMOTER_MIN]),
        detractors=sum(n[: DETRACTOR_MAX + 1]),
        dismissed=row.dismissed,
    )


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
    """``aggregates(*columns)`` grouped by period over one table: one row per period.

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


def _period_key(
    session: Session, unit: Unit, tz: str
) -> Callable[[SQLColumnExpression[datetime], Any], ColumnElement[date]]:
    return lambda moment, _table: _period(session, moment, unit, tz)


def nps_counts(session: Session, *, filters: MetricFilters) -> NpsCounts:
    """The NPS counts for the whole window."""
    stmt = answer_counts(session, filters=filters, kind=SurveyKind.NPS)
    return nps_from_row(session.execute(stmt).one())


def nps_trend(
    session: Session, *, filters: MetricFilters, unit: Unit
) -> list[tuple[date, NpsCounts]]:
    """NPS counts per period; every period of the window is listed, empty ones with n = 0."""
    stmt = answer_counts(
        session,
        filters=filters,
        kind=SurveyKind.NPS,
        key=_period_key(session, unit, filters.tz),
        unit=unit,
    )
    found = {row.key: nps_from_row(row) for row in session.execute(stmt)}
    return [(p, found.get(p, NpsCounts())) for p in periods(filters, unit)]


def _csat(row: Any, offers: int) -> CsatCounts:
    return CsatCounts(
        distribution={s: getattr(row, f"n{s}") if row else 0 for s in CSAT_SCORES},
        dismissed=row.dismissed if row else 0,
        offers=offers,
    )


def offer_counts(session: Session, *, filters: MetricFilters, unit: Unit | None) -> dict[Any, int]:
    """CSAT offers in the window (key None), or per period with a ``unit``.

    Offers record no segment: with a segment filter they are counted from the offers
    themselves (the customer's current segment), not from the rollup.
    """
    if filters.segment is not None:
        if unit is None:
            stmt = select(func.count(SurveyOffer.id)).where(
                *_offer_conditions(filters, SurveyKind.CSAT)
            )
            return {None: session.scalar(stmt) or 0}
        found = _by_period(
            session,
            moment=SurveyOffer.offered_at,
            columns=[SurveyOffer.id],
            where=_offer_conditions(filters, SurveyKind.CSAT),
            aggregates=lambda offer_id: [func.count(offer_id).label("offers")],
            unit=unit,
            tz=filters.tz,
        )
        return {p: row["offers"] for p, row in found.items()}
    cut = rollups.plan(filters.start, filters.end, tz=filters.tz, unit=unit and unit.value)

    def key(moment: SQLColumnExpression[datetime]) -> ColumnElement[Any]:
        return _period(session, moment, unit, filters.tz) if unit else literal(None)

    parts: list[Select[*tuple[Any, ...]]] = []
    if cut.days or cut.hours:
        oc = OfferCount
        where = [
            oc.kind == SurveyKind.CSAT,
            or_(
                and_(oc.hours == 24, rollups.in_ranges(oc.bucket, cut.days)),
                and_(oc.hours == 1, rollups.in_ranges(oc.bucket, cut.hours)),
            ),
            *(
                getattr(oc, name) == value
                for name in ("channel", "language", "campaign")
                if (value := getattr(filters, name)) is not None
            ),
        ]
        k = key(oc.bucket).label("key")
        parts.append(select(k, func.sum(oc.offers).label("n")).where(*where).group_by(k))
    if cut.raw:
        o = SurveyOffer
        where = [
            *_offer_conditions(filters, SurveyKind.CSAT, window=False),
            rollups.in_ranges(o.offered_at, cut.raw),
        ]
        k = key(o.offered_at).label("key")
        parts.append(select(k, func.count().label("n")).where(*where).group_by(k))
    if not parts:
        return {}
    both = union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()
    total = cast(func.sum(both.c.n), BigInteger).label("n")
    stmt = select(both.c.key, total).group_by(both.c.key)
    return {row.key: row.n for row in session.execute(stmt)}


def csat_counts(session: Session, *, filters: MetricFilters) -> CsatCounts:
    """The CSAT distribution for the whole window, and the CSAT surveys offered in it."""
    row = session.execute(answer_counts(session, filters=filters, kind=SurveyKind.CSAT)).one()
    return _csat(row, offer_counts(session, filters=filters, unit=None).get(None, 0))


def csat_trend(
    session: Session, *, filters: MetricFilters, unit: Unit
) -> list[tuple[date, CsatCounts]]:
    """CSAT counts and offers per period; every period of the window is listed."""
    stmt = answer_counts(
        session,
        filters=filters,
        kind=SurveyKind.CSAT,
        key=_period_key(session, unit, filters.tz),
        unit=unit,
    )
    answers = {row.key: row for row in session.execute(stmt)}
    offers = offer_counts(session, filters=filters, unit=unit)
    return [(p, _csat(answers.get(p), offers.get(p, 0))) for p in periods(filters, unit)]
