"""Query parameters and results of the marketer endpoints (NPS, CSAT, CSV export).

Query parameters are pydantic models with ``extra="forbid"``: a misspelt filter
(``?chanel=web``) is a 422 rather than silently ignored, because a report that quietly
drops a filter shows marketers the wrong number.

Dates: ``YYYY-MM-DD`` is a calendar day in the asked time zone and ``date_to`` includes
that whole day; a date-time is an instant (UTC when it has no offset) and ``date_to`` is
then exclusive. Either way the window is the half-open ``[date_from, date_to)``.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Annotated
from zoneinfo import ZoneInfo, available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    PrivateAttr,
    field_validator,
    model_validator,
)

from feedback_api.models import utcnow
from feedback_api.policy import CSAT_SATISFIED_MIN, CSAT_SCORES, SurveyKind
from feedback_api.schemas.common import Slug, language_code


class Unit(enum.StrEnum):
    DAY = "day"
    WEEK = "week"  # ISO weeks, starting on Monday
    MONTH = "month"


@dataclass(frozen=True)
class MetricFilters:
    """Which answers a report counts: the half-open window ``[start, end)`` plus filters."""

    start: datetime
    end: datetime
    tz: str = "UTC"
    channel: str | None = None
    language: str | None = None
    campaign: str | None = None
    segment: str | None = None


@dataclass(frozen=True)
class NpsCounts:
    promoters: int = 0
    passives: int = 0
    detractors: int = 0
    dismissed: int = 0

    @property
    def responses(self) -> int:
        """n: the answers that count (dismissed surveys do not)."""
        return self.promoters + self.passives + self.detractors

    def pct(self, count: int) -> float | None:
        return count * 100 / self.responses if self.responses else None

    @property
    def score(self) -> float | None:
        """%promoters − %detractors; None (not 0) when nobody answered."""
        if not self.responses:
            return None
        return (self.promoters - self.detractors) * 100 / self.responses

    @property
    def margin_of_error(self) -> float | None:
        """95% margin in points: 1.96 × √((p + d − (p − d)²) / n) × 100."""
        n = self.responses
        if not n:
            return None
        p, d = self.promoters / n, self.detractors / n
        # Clamped: rounding can leave -1e-17 where the exact variance is 0 (all one band).
        variance = max(0.0, (p + d - (p - d) ** 2) / n)
        return 1.96 * math.sqrt(variance) * 100


@dataclass(frozen=True)
class CsatCounts:
    distribution: dict[int, int] = field(default_factory=lambda: dict.fromkeys(CSAT_SCORES, 0))
    dismissed: int = 0
    offers: int = 0

    @property
    def responses(self) -> int:
        return sum(self.distribution.values())

    @property
    def satisfied(self) -> int:
        return sum(self.distribution[s] for s in CSAT_SCORES if s >= CSAT_SATISFIED_MIN)

    @property
    def satisfaction_pct(self) -> float | None:
        return self.satisfied * 100 / self.responses if self.responses else None

    @property
    def response_rate_pct(self) -> float | None:
        """Answers ÷ offers. Can pass 100 when answers arrive by API without a recorded offer."""
        return self.responses * 100 / self.offers if self.offers else None


DEFAULT_WINDOW = timedelta(days=90)
MAX_PERIODS = 1000
_UNIT_DAYS = {Unit.DAY: 1, Unit.WEEK: 7, Unit.MONTH: 28}
_YEARS = (1970, 2999)


def _parse_when(value: object) -> date | datetime:
    """``YYYY-MM-DD`` -> date, an ISO 8601 date-time -> datetime; ValueError otherwise."""
    if isinstance(value, date):
        parsed: date | datetime = value
    else:
        text = str(value).strip()
        try:
            parsed = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(
                f"'{text[:40]}' is not a date (YYYY-MM-DD) or an ISO 8601 date-time"
            ) from None
    if not _YEARS[0] <= parsed.year <= _YEARS[1]:
        raise ValueError(f"year must be between {_YEARS[0]} and {_YEARS[1]}")
    return parsed


QueryDate = Annotated[date | datetime, PlainValidator(_parse_when, json_schema_input_type=str)]
"""A date or date-time query parameter (see the module docstring for what each means)."""

Language = Annotated[str, Field(max_length=35), AfterValidator(language_code)]


@lru_cache
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def to_instant(value: date | datetime, tz: str, *, end: bool) -> datetime:
    """An aware UTC instant: a date starts (or, as an end, ends) at local midnight in ``tz``."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    day = value + timedelta(days=1) if end else value
    return datetime.combine(day, time(), tzinfo=ZoneInfo(tz)).astimezone(UTC)


class WindowQuery(BaseModel):
    """The time window and the filters every marketer endpoint takes."""

    model_config = ConfigDict(extra="forbid")

    date_from: QueryDate | None = Field(
        default=None, description="Start (inclusive); default 90 days before date_to"
    )
    date_to: QueryDate | None = Field(
        default=None, description="End: a date includes that day; default now"
    )
    tz: str = Field(default="UTC", max_length=64, description="IANA time zone, e.g. Asia/Tbilisi")
    channel: Slug | None = None
    language: Language | None = None
    campaign: Slug | None = None
    segment: Slug | None = None

    _start: datetime = PrivateAttr()
    _end: datetime = PrivateAttr()

    @field_validator("tz")
    @classmethod
    def _tz(cls, value: str) -> str:
        if value not in _known_zones():
            raise ValueError(
                f"unknown time zone '{value}': use an IANA name such as 'UTC' or 'Asia/Tbilisi'"
            )
        return value

    @model_validator(mode="after")
    def _window(self) -> WindowQuery:
        # Resolved once here, so the echo and the query use the same "now".
        end = to_instant(self.date_to, self.tz, end=True) if self.date_to is not None else utcnow()
        start = (
            to_instant(self.date_from, self.tz, end=False)
            if self.date_from is not None
            else end - DEFAULT_WINDOW
        )
        if start > end:
            raise ValueError("date_from is after date_to")
        self._start, self._end = start, end
        return self

    def filters(self) -> MetricFilters:
        return MetricFilters(
            start=self._start,
            end=self._end,
            tz=self.tz,
            channel=self.channel,
            language=self.language,
            campaign=self.campaign,
            segment=self.segment,
        )


class MetricsQuery(WindowQuery):
    group_by: Unit | None = Field(default=None, description="Add a trend: day, week or month")

    @model_validator(mode="after")
    def _not_too_many_periods(self) -> MetricsQuery:
        if self.group_by is not None:
            span = (self._end - self._start).days
            if span / _UNIT_DAYS[self.group_by] > MAX_PERIODS:
                raise ValueError(
                    f"the window spans more than {MAX_PERIODS} {self.group_by.value}s: "
                    "shorten it or group by a longer period"
                )
        return self


class ExportQuery(WindowQuery):
    kind: SurveyKind | None = Field(default=None, description="nps or csat; default both")


def _pct(value: float | None) -> float | None:
    # Shown to one decimal; "+ 0.0" turns a rounded -0.0 into 0.0.
    return None if value is None else round(value, 1) + 0.0


class Echo(BaseModel):
    """The window and filters a report was computed for, as the server understood them."""

    date_from: datetime
    date_to: datetime = Field(description="Exclusive end of the window")
    tz: str
    group_by: Unit | None
    channel: str | None
    language: str | None
    campaign: str | None
    segment: str | None


def _echo(query: MetricsQuery) -> dict[str, object]:
    filters = query.filters()
    return {
        "date_from": filters.start,
        "date_to": filters.end,
        "tz": filters.tz,
        "group_by": query.group_by,
        "channel": filters.channel,
        "language": filters.language,
        "campaign": filters.campaign,
        "segment": filters.segment,
    }


class NpsStats(BaseModel):
    """NPS for a set of answers; percentages, score and margin are null when n = 0."""

    responses: int
    promoters: int
    passives: int
    detractors: int
    promoters_pct: float | None
    passives_pct: float | None
    detractors_pct: float | None
    score: float | None = Field(description="%promoters − %detractors, −100..100")
    margin_of_error: float | None = Field(description="95% margin of error, in points")
    dismissed: int = Field(description="Dismissed NPS surveys; not part of responses")

    @staticmethod
    def fields_of(counts: NpsCounts) -> dict[str, object]:
        return {
            "responses": counts.responses,
            "promoters": counts.promoters,
            "passives": counts.passives,
            "detractors": counts.detractors,
            "promoters_pct": _pct(counts.pct(counts.promoters)),
            "passives_pct": _pct(counts.pct(counts.passives)),
            "detractors_pct": _pct(counts.pct(counts.detractors)),
            "score": _pct(counts.score),
            "margin_of_error": _pct(counts.margin_of_error),
            "dismissed": counts.dismissed,
        }


class NpsPeriod(NpsStats):
    period: date = Field(description="First day of the period, in the report's time zone")


class NpsReport(NpsStats, Echo):
    series: list[NpsPeriod] | None = Field(description="Only with group_by; every period listed")

    @classmethod
    def build(
        cls,
        query: MetricsQuery,
        total: NpsCounts,
        trend: list[tuple[date, NpsCounts]] | None,
    ) -> NpsReport:
        series = (
            [NpsPeriod(period=p, **NpsStats.fields_of(c)) for p, c in trend]
            if trend is not None
            else None
        )
        return cls(**_echo(query), **NpsStats.fields_of(total), series=series)


class CsatStats(BaseModel):
    """CSAT for a set of answers; percentages are null when there is nothing to divide by."""

    responses: int
    distribution: dict[str, int] = Field(description='Answers per score, "1" to "5"')
    satisfied: int = Field(description="Answers of 4 or 5")
    satisfaction_pct: float | None
    offers: int = Field(description="CSAT surveys offered in the window")
    response_rate_pct: float | None = Field(description="responses ÷ offers × 100")
    dismissed: int

    @staticmethod
    def fields_of(counts: CsatCounts) -> dict[str, object]:
        return {
            "responses": counts.responses,
            "distribution": {str(s): counts.distribution[s] for s in CSAT_SCORES},
            "satisfied": counts.satisfied,
            "satisfaction_pct": _pct(counts.satisfaction_pct),
            "offers": counts.offers,
            "response_rate_pct": _pct(counts.response_rate_pct),
            "dismissed": counts.dismissed,
        }


class CsatPeriod(CsatStats):
    period: date = Field(description="First day of the period, in the report's time zone")


class CsatReport(CsatStats, Echo):
    series: list[CsatPeriod] | None = Field(description="Only with group_by; every period listed")

    @classmethod
    def build(
        cls,
        query: MetricsQuery,
        total: CsatCounts,
        trend: list[tuple[date, CsatCounts]] | None,
    ) -> CsatReport:
        series = (
            [CsatPeriod(period=p, **CsatStats.fields_of(c)) for p, c in trend]
            if trend is not None
            else None
        )
        return cls(**_echo(query), **CsatStats.fields_of(total), series=series)
