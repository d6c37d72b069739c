"""Rollups: answer and offer counts per UTC hour and day, kept exact on every write.

Reports over a year of answers would otherwise scan every answer in it. Instead each answer
is also counted in ``response_counts`` (and each offer in ``offer_counts``) under its UTC
day and its UTC hour, its kind, channel, language, campaign and segment, with one count
column per score. The counts change in the same transaction as the answers, by an atomic
``INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n`` (safe with many writers):

* every ORM write goes through the session hook below: a new answer adds one, a changed
  one (kind, score, dismissal, channel, language, campaign, segment or time) moves from its
  old bucket to its new one, a deleted one takes one away;
* bulk writers that bypass the ORM (the demo seeder's ``COPY``) call :func:`add_counts`
  once their rows are in (or :class:`Tally` for deltas they counted themselves);
* :func:`rebuild` recomputes everything from the answers (the migration's backfill and
  ``closedloop rollups --rebuild``) and :func:`verify` compares the two.

A report's window is split by :func:`plan` into whole UTC days and hours, read from the
rollups, and the minutes at its edges, read from the answers (see storage.metrics).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Select,
    SQLColumnExpression,
    and_,
    delete,
    except_,
    false,
    func,
    insert,
    inspect,
    literal,
    literal_column,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, UOWTransaction

from feedback_api.db import period_start
from feedback_api.models import (
    NPS_SCORES,
    ROLLUP_SPANS,
    OfferCount,
    ResponseCount,
    SurveyOffer,
    SurveyResponse,
)
from feedback_api.policy import SurveyKind

COUNT_COLUMNS = (*(f"n{s}" for s in NPS_SCORES), "dismissed")
_RESPONSE_KEY = ("kind", "hours", "bucket", "channel", "language", "campaign", "segment")
_OFFER_KEY = ("kind", "hours", "bucket", "channel", "language", "campaign")
_RESPONSE_FIELDS = ("kind", "score", "dismissed", "channel", "language", "campaign", "segment")
_OFFER_FIELDS = ("kind", "channel", "language", "campaign")

MAX_RANGES = 64  # more separate hour and minute ranges than this: read the answers instead
ResponseKey = tuple[str, int, datetime, str, str, str, str]
OfferKey = tuple[str, int, datetime, str, str, str]


def floor(moment: datetime, hours: int) -> datetime:
    """The start of the UTC hour (``hours`` = 1) or day (24) holding ``moment`` (naive: UTC)."""
    utc = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    utc = utc.replace(minute=0, second=0, microsecond=0)
    return utc.replace(hour=0) if hours == 24 else utc


@dataclass
class Tally:
    """Count deltas to add to the rollups, written with one upsert per table."""

    responses: dict[ResponseKey, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: dict.fromkeys(COUNT_COLUMNS, 0))
    )
    offers: dict[OfferKey, int] = field(default_factory=lambda: defaultdict(int))

    def answer(
        self,
        *,
        kind: SurveyKind | str,
        score: int | None,
        dismissed: bool,
        channel: str,
        language: str,
        campaign: str | None,
        segment: str | None,
        at: datetime,
        delta: int = 1,
    ) -> None:
        """Count one answer (``delta`` = -1 takes it away)."""
        if dismissed:
            column = "dismissed"
        elif score is not None and score in NPS_SCORES:
            column = f"n{score}"
        else:
            return  # counted by no report (validation never lets such an answer in)
        for hours in ROLLUP_SPANS:
            key = (
                SurveyKind(kind).value,
                hours,
                floor(at, hours),
                channel,
                language,
                campaign or "",
                segment or "",
            )
            self.responses[key][column] += delta

    def offer(
        self,
        *,
        kind: SurveyKind | str,
        channel: str,
        language: str,
        campaign: str | None,
        at: datetime,
        delta: int = 1,
    ) -> None:
        """Count one survey offer (``delta`` = -1 takes it away)."""
        for hours in ROLLUP_SPANS:
            key = (
                SurveyKind(kind).value,
                hours,
                floor(at, hours),
                channel,
                language,
                campaign or "",
            )
            self.offers[key] += delta

    def write(self, connection: Connection) -> None:
        """Add the deltas to the rollups (in the caller's transaction), then forget them.

        Rows go in key order, so two writers touching the same buckets lock them in the
        same order and never deadlock.
        """
        responses = [
            (*key, *(counts[c] for c in COUNT_COLUMNS))
            for key, counts in sorted(self.responses.items())
            if any(counts.values())
        ]
        offers = [(*key, n) for key, n in sorted(self.offers.items()) if n]
        for model, rows in ((ResponseCount, responses), (OfferCount, offers)):
            if rows:
                # One statement, many parameter sets: compiled once and cached (a multi-row
                # VALUES was compiled anew for every answer), rows sent in key order.
                names = (*_KEYS[model], *_COUNTED[model])
                connection.execute(
                    _upsert(model, connection.dialect.name),
                    [dict(zip(names, row, strict=True)) for row in rows],
                )
        self.responses.clear()
        self.offers.clear()


_KEYS: dict[type[ResponseCount] | type[OfferCount], tuple[str, ...]] = {
    ResponseCount: _RESPONSE_KEY,
    OfferCount: _OFFER_KEY,
}
_COUNTED: dict[type[ResponseCount] | type[OfferCount], tuple[str, ...]] = {
    ResponseCount: COUNT_COLUMNS,
    OfferCount: ("offers",),
}


@cache
def _upsert(model: type[ResponseCount] | type[OfferCount], dialect: str) -> Any:
    """``INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n`` for ``model``, built once."""
    stmt = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)
    return stmt.on_conflict_do_update(
        index_elements=list(_KEYS[model]),
        set_={c: getattr(model, c) + stmt.excluded[c] for c in _COUNTED[model]},
    )


# --- the session hook: every ORM write keeps the rollups exact ---------------------------


def _old_values(obj: object, names: Sequence[str]) -> dict[str, object]:
    """The values ``obj`` had when loaded (or last flushed), from the attribute history."""
    state = inspect(obj)
    values: dict[str, object] = {}
    for name in names:
        history = state.attrs[name].history
        if history.deleted:
            values[name] = history.deleted[0]
        elif history.unchanged:
            values[name] = history.unchanged[0]
        else:
            values[name] = getattr(obj, name)
    return values


def _answer_into(tally: Tally, values: dict[str, object], at: object, delta: int) -> None:
    tally.answer(
        kind=values["kind"],  # type: ignore[arg-type]
        score=values["score"],  # type: ignore[arg-type]
        dismissed=bool(values["dismissed"]),
        channel=values["channel"],  # type: ignore[arg-type]
        language=values["language"],  # type: ignore[arg-type]
        campaign=values["campaign"],  # type: ignore[arg-type]
        segment=values["segment"],  # type: ignore[arg-type]
        at=at,  # type: ignore[arg-type]
        delta=delta,
    )


def _offer_into(tally: Tally, values: dict[str, object], at: object, delta: int) -> None:
    tally.offer(
        kind=values["kind"],  # type: ignore[arg-type]
        channel=values["channel"],  # type: ignore[arg-type]
        language=values["language"],  # type: ignore[arg-type]
        campaign=values["campaign"],  # type: ignore[arg-type]
        at=at,  # type: ignore[arg-type]
        delta=delta,
    )


def _load_deleted(session: Session, _context: UOWTransaction, _instances: object) -> None:
    """Before the rows go, make sure a deleted answer's counted fields are in memory."""
    for obj in session.deleted:
        if isinstance(obj, SurveyResponse):
            _old_values(obj, (*_RESPONSE_FIELDS, "created_at"))
        elif isinstance(obj, SurveyOffer):
            _old_values(obj, (*_OFFER_FIELDS, "offered_at"))


def _count_flush(session: Session, _context: UOWTransaction) -> None:
    """Apply this flush's inserts, changes and deletes of answers and offers to the rollups."""
    tally = Tally()
    for obj in session.new:
        if isinstance(obj, SurveyResponse):
            current = {name: getattr(obj, name) for name in _RESPONSE_FIELDS}
            _answer_into(tally, current, obj.created_at, 1)
        elif isinstance(obj, SurveyOffer):
            current = {name: getattr(obj, name) for name in _OFFER_FIELDS}
            _offer_into(tally, current, obj.offered_at, 1)
    for obj in session.dirty:
        if isinstance(obj, SurveyResponse):
            names: tuple[str, ...] = (*_RESPONSE_FIELDS, "created_at")
            old = _old_values(obj, names)
            if old != {name: getattr(obj, name) for name in names}:
                _answer_into(tally, old, old["created_at"], -1)
                _answer_into(tally, {n: getattr(obj, n) for n in names}, obj.created_at, 1)
        elif isinstance(obj, SurveyOffer):
            names = (*_OFFER_FIELDS, "offered_at")
            old = _old_values(obj, names)
            if old != {name: getattr(obj, name) for name in names}:
                _offer_into(tally, old, old["offered_at"], -1)
                _offer_into(tally, {n: getattr(obj, n) for n in names}, obj.offered_at, 1)
    for obj in session.deleted:
        if isinstance(obj, SurveyResponse):
            old = _old_values(obj, (*_RESPONSE_FIELDS, "created_at"))
            _answer_into(tally, old, old["created_at"], -1)
        elif isinstance(obj, SurveyOffer):
            old = _old_values(obj, (*_OFFER_FIELDS, "offered_at"))
            _offer_into(tally, old, old["offered_at"], -1)
    if tally.responses or tally.offers:
        tally.write(session.connection())


def install_hooks() -> None:
    """Keep the rollups in step with every ORM session (idempotent)."""
    from sqlalchemy import event

    if not event.contains(Session, "after_flush", _count_flush):
        event.listen(Session, "before_flush", _load_deleted)
        event.listen(Session, "after_flush", _count_flush)


install_hooks()


# --- rebuilding and verifying from the answers -------------------------------------------


def _truncate(
    connection: Connection, moment: SQLColumnExpression[datetime], hours: int
) -> ColumnElement[datetime]:
    unit = "day" if hours == 24 else "hour"
    if connection.dialect.name == "postgresql":
        # Literals, not bound parameters: PostgreSQL must see the GROUP BY expression and
        # the selected one as the same.
        return func.date_trunc(literal_column(f"'{unit}'"), moment)
    # SQLite keeps times as text in SQLAlchemy's format: 'YYYY-MM-DD HH:MM:SS.ffffff'.
    pattern = "%Y-%m-%d 00:00:00.000000" if hours == 24 else "%Y-%m-%d %H:00:00.000000"
    return func.strftime(literal_column(f"'{pattern}'"), moment)


def _blank(column: SQLColumnExpression[str | None]) -> ColumnElement[str]:
    """NULL as '' (the rollups' key), written as a literal for the same reason as above."""
    return func.coalesce(column, literal_column("''"))


def _expected_responses(connection: Connection, hours: int) -> Select[*tuple[Any, ...]]:
    r = SurveyResponse
    scored = r.dismissed.is_(False)
    return select(
        r.kind,
        literal(hours).label("hours"),
        _truncate(connection, r.created_at, hours).label("bucket"),
        r.channel,
        r.language,
        _blank(r.campaign).label("campaign"),
        _blank(r.segment).label("segment"),
        *(func.count().filter(and_(scored, r.score == s)).label(f"n{s}") for s in NPS_SCORES),
        func.count().filter(r.dismissed.is_(True)).label("dismissed"),
    ).group_by(
        r.kind,
        _truncate(connection, r.created_at, hours),
        r.channel,
        r.language,
        _blank(r.campaign),
        _blank(r.segment),
    )


def _expected_offers(connection: Connection, hours: int) -> Select[*tuple[Any, ...]]:
    o = SurveyOffer
    return select(
        o.kind,
        literal(hours).label("hours"),
        _truncate(connection, o.offered_at, hours).label("bucket"),
        o.channel,
        o.language,
        _blank(o.campaign).label("campaign"),
        func.count().label("offers"),
    ).group_by(
        o.kind,
        _truncate(connection, o.offered_at, hours),
        o.channel,
        o.language,
        _blank(o.campaign),
    )


def add_counts(
    connection: Connection, *, responses: ColumnElement[bool], offers: ColumnElement[bool]
) -> None:
    """Count the answers and offers matching ``responses`` / ``offers`` into the rollups.

    For bulk writers that bypass the ORM hook (the demo seeder's ``COPY``): one grouped
    ``INSERT ... SELECT ... ON CONFLICT DO UPDATE`` per table and span, in the caller's
    transaction, so the database counts its own rows once at the end of a load instead of
    Python tallying every chunk. The same grouping as :func:`rebuild`, so the counts agree
    with a fresh count by construction. Rows go in key order (no deadlock with writers).
    """
    upsert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    for model, key, columns, expected, condition in (
        (ResponseCount, _RESPONSE_KEY, COUNT_COLUMNS, _expected_responses, responses),
        (OfferCount, _OFFER_KEY, ("offers",), _expected_offers, offers),
    ):
        for hours in ROLLUP_SPANS:
            query = expected(connection, hours).where(condition)
            query = query.order_by(*(query.selected_columns[k] for k in key))
            stmt = upsert(model).from_select([*key, *columns], query)
            connection.execute(
                stmt.on_conflict_do_update(
                    index_elements=list(key),
                    set_={c: getattr(model, c) + stmt.excluded[c] for c in columns},
                )
            )


def _lock(connection: Connection) -> None:
    """Hold writers off while the rollups are rebuilt (PostgreSQL; SQLite has one writer).

    A writer that stored an answer but has not yet counted it waits here; it commits after
    the rebuild, whose snapshot did not see its answer, so it is counted exactly once.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("LOCK TABLE response_counts, offer_counts IN EXCLUSIVE MODE"))


def rebuild(connection: Connection) -> tuple[int, int]:
    """Recompute both rollups from the answers and offers; returns the rows written."""
    _lock(connection)
    connection.execute(delete(ResponseCount))
    connection.execute(delete(OfferCount))
    for hours in ROLLUP_SPANS:
        connection.execute(
            insert(ResponseCount).from_select(
                [*_RESPONSE_KEY, *COUNT_COLUMNS], _expected_responses(connection, hours)
            )
        )
        connection.execute(
            insert(OfferCount).from_select(
                [*_OFFER_KEY, "offers"], _expected_offers(connection, hours)
            )
        )
    # Counted afterwards: the driver's rowcount of INSERT ... SELECT is not reliable (-1).
    count = select(func.count())
    return (
        connection.scalar(count.select_from(ResponseCount)) or 0,
        connection.scalar(count.select_from(OfferCount)) or 0,
    )


def verify(connection: Connection) -> tuple[int, int]:
    """How many rollup rows differ from a fresh count (responses, offers); (0, 0) is exact.

    Each comparison is one statement, so it sees one snapshot: answers and their counts
    change in the same transaction, and a busy database verifies exactly.
    """
    rc = inspect(ResponseCount).local_table
    stored = select(*(rc.c[c] for c in (*_RESPONSE_KEY, *COUNT_COLUMNS))).where(
        sum((rc.c[c] for c in COUNT_COLUMNS), start=literal(0)) != 0
    )
    expected = union_all(*(_expected_responses(connection, h) for h in ROLLUP_SPANS))
    responses = _symmetric_difference(connection, stored, expected)
    oc = inspect(OfferCount).local_table
    stored_offers = select(*(oc.c[c] for c in (*_OFFER_KEY, "offers"))).where(oc.c.offers != 0)
    expected_offers = union_all(*(_expected_offers(connection, h) for h in ROLLUP_SPANS))
    return responses, _symmetric_difference(connection, stored_offers, expected_offers)


def _symmetric_difference(
    connection: Connection,
    stored: Select[*tuple[Any, ...]],
    expected: Select[*tuple[Any, ...]] | CompoundSelect[*tuple[Any, ...]],
) -> int:
    ours, theirs = select(*stored.subquery().c), select(*expected.subquery().c)
    differ = 0
    for a, b in ((ours, theirs), (theirs, ours)):
        differ += connection.scalar(select(func.count()).select_from(except_(a, b).subquery())) or 0
    return differ


# --- planning a report: which parts of a window the rollups can answer ------------------


@dataclass
class Plan:
    """A window cut into ranges of UTC days, UTC hours, and minutes read from the answers."""

    days: list[tuple[datetime, datetime]] = field(default_factory=list)
    hours: list[tuple[datetime, datetime]] = field(default_factory=list)
    raw: list[tuple[datetime, datetime]] = field(default_factory=list)


def _extend(ranges: list[tuple[datetime, datetime]], start: datetime, end: datetime) -> None:
    if ranges and ranges[-1][1] == start:
        ranges[-1] = (ranges[-1][0], end)
    else:
        ranges.append((start, end))


def _local(moment: datetime, unit: str, tz: str) -> str | None:
    return period_start(moment.replace(tzinfo=None).isoformat(), unit, tz)


def _one_period(start: datetime, end: datetime, unit: str | None, zone: ZoneInfo) -> bool:
    """True when every instant of ``[start, end)`` falls in the same local period."""
    if unit is None:
        return True
    last = end - timedelta(microseconds=1)
    middle = start + (end - start) / 2
    offset = start.astimezone(zone).utcoffset()
    if middle.astimezone(zone).utcoffset() != offset or last.astimezone(zone).utcoffset() != offset:
        return False  # a clock change inside: local time is not monotonic here
    return _local(start, unit, zone.key) == _local(last, unit, zone.key)


def plan(start: datetime, end: datetime, *, tz: str = "UTC", unit: str | None = None) -> Plan:
    """Cut ``[start, end)`` (aware) into rollup buckets that each lie in one local period.

    With a trend (``unit``) a bucket is used only if all of it falls in one period of the
    report's time zone, so periods add up from whole buckets. What is left (a window that
    starts mid-hour, the hour holding a period boundary in a zone whose offset is not whole
    hours) is read from the answers, which group themselves by period.
    """
    zone = ZoneInfo(tz)
    result = Plan()
    cursor = start.astimezone(UTC)
    end = end.astimezone(UTC)
    day, hour = timedelta(days=1), timedelta(hours=1)
    while cursor < end:
        if floor(cursor, 24) == cursor and cursor + day <= end:
            if _one_period(cursor, cursor + day, unit, zone):
                _extend(result.days, cursor, cursor + day)
                cursor += day
                continue
            boundary = _boundary(cursor, cursor + day, unit, zone)
            if boundary is not None:
                # One local midnight inside the day: hours either side, minutes around it.
                before, after = (
                    floor(boundary, 1),
                    floor(boundary - timedelta(microseconds=1), 1) + hour,
                )
                if cursor < before:
                    _extend(result.hours, cursor, before)
                if before < after:
                    _extend(result.raw, before, after)
                if after < cursor + day:
                    _extend(result.hours, after, cursor + day)
                cursor += day
                continue
        if (
            floor(cursor, 1) == cursor
            and cursor + hour <= end
            and _one_period(cursor, cursor + hour, unit, zone)
        ):
            _extend(result.hours, cursor, cursor + hour)
            cursor += hour
        else:
            step = min(floor(cursor, 1) + hour, end)
            _extend(result.raw, cursor, step)
            cursor = step
    if len(result.hours) + len(result.raw) > MAX_RANGES:
        # A daily trend in a zone whose midnight is not on the hour (Asia/Kolkata) cuts every
        # day: hundreds of ranges cost more than one pass over the answers, so read them.
        return Plan(raw=[(start.astimezone(UTC), end)])
    return result


def _boundary(start: datetime, end: datetime, unit: str | None, zone: ZoneInfo) -> datetime | None:
    """The one instant in ``(start, end)`` where the local period changes, if the offset is
    the same all day (no clock change); None otherwise (the caller then goes hour by hour)."""
    last = end - timedelta(microseconds=1)
    if unit is None or start.astimezone(zone).utcoffset() != last.astimezone(zone).utcoffset():
        return None
    local = _local(last, unit, zone.key) or ""
    moment = datetime.combine(date.fromisoformat(local), time(), zone).astimezone(UTC)
    return moment if start < moment < end else None


def in_ranges(
    column: SQLColumnExpression[datetime], ranges: Iterable[tuple[datetime, datetime]]
) -> ColumnElement[bool]:
    """``column`` inside any of the half-open ``ranges``."""
    return or_(false(), *(and_(column >= a, column < b) for a, b in ranges))
