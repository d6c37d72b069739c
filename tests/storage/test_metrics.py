"""NPS and CSAT maths against hand-computed values, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from feedback_api.schemas.metrics import CsatCounts, MetricFilters, NpsCounts, NpsStats, Unit
from feedback_api.storage.metrics import csat_counts, csat_trend, nps_counts, nps_trend, periods
from tests.storage.factories import Data

T0 = datetime(2024, 3, 10, 12, 0, tzinfo=UTC)


def window(start: datetime, end: datetime, **filters: str) -> MetricFilters:
    return MetricFilters(start=start, end=end, **filters)


MARCH = window(datetime(2024, 3, 1, tzinfo=UTC), datetime(2024, 4, 1, tzinfo=UTC))


def add_nps(data: Data, scores: list[int], *, at: datetime = T0, **fields: str) -> None:
    for score in scores:
        data.answer("nps", score, at=at, **fields)


def test_nps_hand_computed(data: Data, session: Session) -> None:
    add_nps(data, [9, 10, 9, 10, 9, 7, 8, 7, 0, 6])  # 5 promoters, 3 passives, 2 detractors

    counts = nps_counts(session, filters=MARCH)

    assert (counts.promoters, counts.passives, counts.detractors) == (5, 3, 2)
    assert counts.responses == 10
    assert counts.score == pytest.approx(30.0)
    # p = .5, d = .2: variance = (0.7 - 0.3**2) / 10 = 0.061; 1.96 * sqrt(0.061) * 100
    assert counts.margin_of_error == pytest.approx(48.41, abs=0.01)
    shown = NpsStats.fields_of(counts)
    assert shown["score"] == 30.0
    assert shown["margin_of_error"] == 48.4
    assert (shown["promoters_pct"], shown["passives_pct"], shown["detractors_pct"]) == (
        50.0,
        30.0,
        20.0,
    )


def test_all_promoters_scores_100_with_no_margin(data: Data, session: Session) -> None:
    add_nps(data, [9, 10, 10])

    counts = nps_counts(session, filters=MARCH)

    assert counts.score == 100.0
    assert counts.margin_of_error == 0.0


def test_all_detractors_scores_minus_100(session: Session, data: Data) -> None:
    add_nps(data, [0, 3, 6])

    shown = NpsStats.fields_of(nps_counts(session, filters=MARCH))

    assert shown["score"] == -100.0
    assert shown["margin_of_error"] == 0.0


def test_no_answers_has_no_score(session: Session) -> None:
    counts = nps_counts(session, filters=MARCH)

    assert counts == NpsCounts()
    assert counts.score is None
    assert counts.margin_of_error is None
    assert NpsStats.fields_of(counts)["promoters_pct"] is None


def test_dismissed_surveys_are_counted_apart(data: Data, session: Session) -> None:
    add_nps(data, [10, 2])
    for _ in range(3):
        data.answer("nps", None, at=T0, dismissed=True)
    data.answer("csat", None, at=T0, dismissed=True)  # another survey kind

    counts = nps_counts(session, filters=MARCH)

    assert counts.responses == 2
    assert counts.dismissed == 3
    assert counts.score == 0.0


def test_bands_are_the_standard_ones_whatever_the_follow_up_threshold(
    data: Data, session: Session
) -> None:
    # A stricter follow-up rule stores 6 as "passive"; the published NPS still counts it
    # as a detractor, so our number compares with other tools.
    data.settings = data.settings.model_copy(update={"follow_up_max_nps_score": 5})
    add_nps(data, [6, 9])

    counts = nps_counts(session, filters=MARCH)

    assert (counts.promoters, counts.passives, counts.detractors) == (1, 0, 1)


def test_window_is_half_open(data: Data, session: Session) -> None:
    start, end = datetime(2024, 3, 10, tzinfo=UTC), datetime(2024, 3, 11, tzinfo=UTC)
    data.answer("nps", 10, at=start)
    data.answer("nps", 0, at=end)
    data.answer("nps", 0, at=start - timedelta(microseconds=1))

    counts = nps_counts(session, filters=window(start, end))

    assert (counts.promoters, counts.detractors) == (1, 0)


def test_filters(data: Data, session: Session) -> None:
    data.answer("nps", 10, at=T0, channel="web", language="en", campaign="spring", segment="smb")
    data.answer("nps", 0, at=T0, channel="whatsapp", language="ka", segment="enterprise")

    def n(**filters: str) -> int:
        return nps_counts(session, filters=window(MARCH.start, MARCH.end, **filters)).responses

    assert n(channel="web") == 1
    assert n(language="ka") == 1
    assert n(campaign="spring") == 1
    assert n(segment="enterprise") == 1
    assert n(channel="web", segment="enterprise") == 0


def test_daily_trend_lists_empty_days_without_a_score(data: Data, session: Session) -> None:
    data.answer("nps", 10, at=datetime(2024, 3, 1, 9, tzinfo=UTC))
    data.answer("nps", 0, at=datetime(2024, 3, 3, 9, tzinfo=UTC))
    data.answer("nps", 9, at=datetime(2024, 3, 3, 18, tzinfo=UTC))

    trend = nps_trend(
        session,
        filters=window(datetime(2024, 3, 1, tzinfo=UTC), datetime(2024, 3, 4, tzinfo=UTC)),
        unit=Unit.DAY,
    )

    assert [p for p, _ in trend] == [date(2024, 3, 1), date(2024, 3, 2), date(2024, 3, 3)]
    scores = [c.score for _, c in trend]
    assert scores == [100.0, None, 0.0]
    assert trend[1][1].responses == 0


def test_weekly_trend_starts_on_monday(data: Data, session: Session) -> None:
    data.answer("nps", 10, at=datetime(2024, 3, 3, 12, tzinfo=UTC))  # a Sunday
    data.answer("nps", 0, at=datetime(2024, 3, 4, 12, tzinfo=UTC))  # the Monday after

    trend = nps_trend(session, filters=MARCH, unit=Unit.WEEK)

    by_week = dict(trend)
    assert by_week[date(2024, 2, 26)].promoters == 1
    assert by_week[date(2024, 3, 4)].detractors == 1
    assert all(p.weekday() == 0 for p in by_week)


def test_monthly_trend_has_no_zero_score_for_a_silent_month(data: Data, session: Session) -> None:
    data.answer("nps", 10, at=datetime(2024, 1, 15, tzinfo=UTC))
    data.answer("nps", 3, at=datetime(2024, 3, 15, tzinfo=UTC))

    trend = nps_trend(
        session,
        filters=window(datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 4, 1, tzinfo=UTC)),
        unit=Unit.MONTH,
    )

    assert [(p, c.responses, c.score) for p, c in trend] == [
        (date(2024, 1, 1), 1, 100.0),
        (date(2024, 2, 1), 0, None),
        (date(2024, 3, 1), 1, -100.0),
    ]


def test_trend_groups_by_the_local_day_of_the_time_zone(data: Data, session: Session) -> None:
    late = datetime(2024, 3, 10, 23, 30, tzinfo=UTC)  # 03:30 on the 11th in Tbilisi (UTC+4)
    data.answer("nps", 10, at=late)
    start = datetime(2024, 3, 9, tzinfo=UTC)
    end = datetime(2024, 3, 13, tzinfo=UTC)

    utc = dict(nps_trend(session, filters=window(start, end), unit=Unit.DAY))
    tbilisi = dict(
        nps_trend(
            session,
            filters=MetricFilters(start=start, end=end, tz="Asia/Tbilisi"),
            unit=Unit.DAY,
        )
    )

    assert utc[date(2024, 3, 10)].responses == 1
    assert tbilisi[date(2024, 3, 10)].responses == 0
    assert tbilisi[date(2024, 3, 11)].responses == 1


def test_month_boundary_in_a_time_zone(data: Data, session: Session) -> None:
    data.answer("nps", 10, at=datetime(2024, 1, 31, 22, 0, tzinfo=UTC))  # Feb 1st in Tbilisi
    filters = MetricFilters(
        start=datetime(2024, 1, 1, tzinfo=UTC),
        end=datetime(2024, 3, 1, tzinfo=UTC),
        tz="Asia/Tbilisi",
    )

    trend = dict(nps_trend(session, filters=filters, unit=Unit.MONTH))

    assert trend[date(2024, 2, 1)].responses == 1
    assert trend[date(2024, 1, 1)].responses == 0


def test_periods_cover_the_window() -> None:
    filters = window(datetime(2024, 1, 30, tzinfo=UTC), datetime(2024, 3, 1, tzinfo=UTC))

    assert periods(filters, Unit.MONTH) == [date(2024, 1, 1), date(2024, 2, 1)]
    assert len(periods(filters, Unit.DAY)) == 31
    december = window(datetime(2023, 12, 5, tzinfo=UTC), datetime(2024, 1, 2, tzinfo=UTC))
    assert periods(december, Unit.MONTH) == [date(2023, 12, 1), date(2024, 1, 1)]


def test_csat_distribution_and_satisfaction(data: Data, session: Session) -> None:
    for score in [5, 5, 4, 3, 1]:
        data.answer("csat", score, at=T0)
    data.answer("csat", None, at=T0, dismissed=True)
    data.answer("nps", 10, at=T0)

    counts = csat_counts(session, filters=MARCH)

    assert counts.distribution == {1: 1, 2: 0, 3: 1, 4: 1, 5: 2}
    assert counts.responses == 5
    assert counts.satisfied == 3
    assert counts.satisfaction_pct == pytest.approx(60.0)
    assert counts.dismissed == 1
    assert counts.offers == 0
    assert counts.response_rate_pct is None


def test_csat_response_rate_counts_offers_in_the_window(data: Data, session: Session) -> None:
    for _ in range(8):
        data.offer("csat", at=T0)
    data.offer("csat", at=datetime(2024, 5, 1, tzinfo=UTC))  # outside the window
    data.offer("nps", at=T0)  # another survey
    for score in [5, 4]:
        data.answer("csat", score, at=T0)

    counts = csat_counts(session, filters=MARCH)

    assert counts.offers == 8
    assert counts.response_rate_pct == pytest.approx(25.0)


def test_csat_offers_follow_the_filters(data: Data, session: Session) -> None:
    data.offer("csat", at=T0, channel="web", customer_id="c1")
    data.offer("csat", at=T0, channel="whatsapp", customer_id="c2")
    data.answer("csat", 5, at=T0, channel="web", customer_id="c1", segment="smb")

    def offers(**filters: str) -> int:
        return csat_counts(session, filters=window(MARCH.start, MARCH.end, **filters)).offers

    assert offers(channel="web") == 1
    assert offers(segment="smb") == 1  # the customer's segment
    assert offers(segment="enterprise") == 0


def test_csat_trend(data: Data, session: Session) -> None:
    data.offer("csat", at=datetime(2024, 3, 1, 10, tzinfo=UTC))
    data.offer("csat", at=datetime(2024, 3, 1, 11, tzinfo=UTC))
    data.answer("csat", 5, at=datetime(2024, 3, 1, 12, tzinfo=UTC))
    data.offer("csat", at=datetime(2024, 3, 3, 10, tzinfo=UTC))

    trend = csat_trend(
        session,
        filters=window(datetime(2024, 3, 1, tzinfo=UTC), datetime(2024, 3, 4, tzinfo=UTC)),
        unit=Unit.DAY,
    )

    assert [(p.day, c.responses, c.offers, c.satisfaction_pct) for p, c in trend] == [
        (1, 1, 2, 100.0),
        (2, 0, 0, None),
        (3, 0, 1, None),
    ]
    assert trend[0][1].response_rate_pct == 50.0
    assert trend[1][1] == CsatCounts()
