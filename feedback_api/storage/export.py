"""The CSV export of survey answers, streamed in chunks.

An export can cover millions of answers, so rows are fetched with ``yield_per`` (a
server-side cursor on PostgreSQL) and written out one chunk at a time: memory stays flat
however large the window. The generator opens its own session because it runs after the
route has returned and the request's session is closed.

Speed (50,000+ rows/s is the goal): on PostgreSQL the database writes each row's CSV text
itself (:func:`_sql_line`: the same defusing, quoting and spelling of times and booleans as
below, checked byte for byte against it by the tests), so Python only joins strings; the
one exception is the sentiment polarity, a float whose spelling (``repr``) SQL does not
share, formatted here. Elsewhere (SQLite) the columns are read as their plain database
types and each column has its one converter chosen up front before the C ``csv`` writer.

Cells that start with ``= + - @`` (or a tab / carriage return) are prefixed with ``'`` so a
spreadsheet shows a customer's comment instead of running it as a formula (CSV injection).
Numbers are written as numbers, so a negative polarity is not mangled.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Select,
    SQLColumnExpression,
    String,
    Text,
    case,
    cast,
    func,
    select,
    type_coerce,
)
from sqlalchemy import text as text_clause
from sqlalchemy.orm import Session, sessionmaker

from feedback_api.models import Customer, FollowUpCase, SentimentRecord, SurveyResponse
from feedback_api.policy import SurveyKind
from feedback_api.schemas.metrics import MetricFilters
from feedback_api.storage.metrics import response_conditions

CHUNK_ROWS = 5000  # rows per fetch and per piece of the response (~1 MB)
COLUMNS = (
    "id",
    "created_at",
    "kind",
    "score",
    "category",
    "dismissed",
    "comment",
    "language",
    "channel",
    "campaign",
    "segment",
    "customer_id",
    "sentiment_label",
    "sentiment_polarity",
    "flagged",
    "case_status",
)
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


CONTACT_COLUMNS = ("email", "phone")  # only for admins (include_email)


def _email(include_email: bool) -> list[SQLColumnExpression[str | None]]:
    """The ``email`` and ``phone`` columns (:data:`CONTACT_COLUMNS`): only for admins. The
    email: a known customer's while they consent (else the one given with the answer), an
    anonymous visitor's the one given with the answer; the phone number the one given with
    the answer. Both are kept on the answer only with consent.

    Why the answer's e-mail: a visitor who typed their address in the chat had none in
    the export (round 14, every language), while a phone number given the same way was
    there."""
    if not include_email:
        return []
    known = Customer.id.is_not(None)
    consents = Customer.email_consent.is_(True)
    return [
        case(
            (~known, SurveyResponse.contact_email),
            (consents, func.coalesce(Customer.email, SurveyResponse.contact_email)),
        ),
        SurveyResponse.contact_phone,
    ]


def _rows(
    columns: list[Any], *, filters: MetricFilters, kind: SurveyKind | None
) -> Select[*tuple[Any, ...]]:
    """``columns`` over each exported answer and its customer, sentiment and case, oldest first."""
    return (
        select(*columns)
        .outerjoin(Customer, Customer.id == SurveyResponse.customer_id)
        .outerjoin(SentimentRecord, SentimentRecord.response_id == SurveyResponse.id)
        .outerjoin(FollowUpCase, FollowUpCase.response_id == SurveyResponse.id)
        .where(*response_conditions(filters, kind))
        .order_by(SurveyResponse.created_at, SurveyResponse.id)
    )


def export_query(
    *, filters: MetricFilters, kind: SurveyKind | None, include_email: bool
) -> Select[*tuple[Any, ...]]:
    """The rows of the export, typed; ``email`` only for customers who consented, ``phone``
    only where given with consent."""
    columns = [
        SurveyResponse.id,
        # Plain types: naive UTC times and enum values as strings (see _CELLS).
        type_coerce(SurveyResponse.created_at, DateTime),
        type_coerce(SurveyResponse.kind, String),
        SurveyResponse.score,
        type_coerce(SurveyResponse.category, String),
        SurveyResponse.dismissed,
        SurveyResponse.comment,
        SurveyResponse.language,
        SurveyResponse.channel,
        SurveyResponse.campaign,
        SurveyResponse.segment,
        Customer.external_id,
        SentimentRecord.label,
        SentimentRecord.polarity,
        FollowUpCase.id.is_not(None),
        type_coerce(FollowUpCase.status, String),
        *_email(include_email),
    ]
    return _rows(columns, filters=filters, kind=kind)


# --- PostgreSQL: the database writes the CSV text of each row ----------------------------


# safe_cell's test as one pattern: a formula prefix first, or after blanks and line breaks.
_SQL_FORMULA = "^([\t\r\n]|[ \t\r\n]*[-=+@])"
_SQL_NEEDS_QUOTES = '[",\r\n]'  # what makes the csv module quote a cell


def _sql_text(value: SQLColumnExpression[Any]) -> ColumnElement[str]:
    """A text cell as safe_cell and the csv writer write it: '' for NULL, formulas
    prefixed with ``'``, quoted (``"`` doubled) when it holds ``,`` ``"`` CR or LF."""
    text = cast(value, Text)
    prefix = case((text.regexp_match(_SQL_FORMULA), "'"), else_="")
    quoted = '"' + prefix + func.replace(text, '"', '""', type_=Text) + '"'
    return func.coalesce(
        case((text.regexp_match(_SQL_NEEDS_QUOTES), quoted), else_=prefix + text), ""
    )


def _sql_enum(value: SQLColumnExpression[Any]) -> ColumnElement[str]:
    """An enum's stored value: plain lowercase words, which need neither defusing nor
    quoting (a test checks every member), so the database skips those checks."""
    return func.coalesce(cast(value, Text), "")


def _sql_flag(value: SQLColumnExpression[bool]) -> ColumnElement[str]:
    return case((value.is_(True), "true"), (value.is_(False), "false"), else_="")


def _sql_line(include_email: bool) -> tuple[ColumnElement[str], ColumnElement[str]]:
    """A row's CSV text before and after the polarity cell (which Python spells)."""
    r = SurveyResponse
    # isoformat(): microseconds only when there are any, then the UTC offset.
    created = func.replace(
        func.to_char(r.created_at, 'YYYY-MM-DD"T"HH24:MI:SS.US'), ".000000", "", type_=Text
    )
    before = [
        cast(r.id, Text),
        created + "+00:00",
        _sql_enum(r.kind),
        func.coalesce(cast(r.score, Text), ""),
        _sql_enum(r.category),
        _sql_flag(r.dismissed),
        *(_sql_text(c) for c in (r.comment, r.language, r.channel, r.campaign, r.segment)),
        _sql_text(Customer.external_id),
        _sql_text(SentimentRecord.label),
    ]
    after = [
        case((FollowUpCase.id.is_not(None), "true"), else_="false"),
        _sql_enum(FollowUpCase.status),
        *(_sql_text(c) for c in _email(include_email)),
    ]
    return func.concat_ws(",", *before, ""), func.concat(",", func.concat_ws(",", *after), "\r\n")


def _postgres_chunks(
    session: Session, *, filters: MetricFilters, kind: SurveyKind | None, include_email: bool
) -> Iterator[str]:
    """The rows as CSV text written by PostgreSQL (all but the polarity, see _sql_line)."""
    before, after = _sql_line(include_email)
    stmt = _rows(
        [before, SentimentRecord.polarity, after], filters=filters, kind=kind
    ).execution_options(yield_per=CHUNK_ROWS)
    # A cursor is planned for fast first rows (cursor_tuple_fraction 0.1); the export reads
    # them all, so let the planner choose for the whole result.
    session.execute(text_clause("SET LOCAL cursor_tuple_fraction = 1.0"))
    for rows in session.execute(stmt).partitions():
        yield "".join(
            [
                head + ("" if polarity is None else repr(polarity)) + tail
                for head, polarity, tail in rows
            ]
        )


def safe_cell(value: object) -> object:
    """A value as a CSV cell: formulas defused, booleans and times spelled out."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, int | float):
        return value
    text = str(value)
    # Spreadsheets skip leading blanks and line breaks before a formula: look past them.
    formula = text.startswith(_FORMULA_PREFIXES) or text.lstrip(" \t\r\n").startswith(
        _FORMULA_PREFIXES
    )
    return "'" + text if formula else text


def _utc(value: datetime | None) -> str:
    # Naive UTC from the database, written as the aware time safe_cell writes.
    return "" if value is None else value.isoformat() + "+00:00"


def _number(value: object) -> object:
    return "" if value is None else value


def _flag(value: bool | None) -> str:
    return "" if value is None else "true" if value else "false"


# One converter per column of export_query, in order; text columns all go through
# safe_cell (a campaign may start with "-", a comment with "=").
_CELLS: tuple[Callable[[Any], object], ...] = (
    _number,  # id
    _utc,  # created_at
    safe_cell,  # kind
    _number,  # score
    safe_cell,  # category
    _flag,  # dismissed
    *(safe_cell,) * 6,  # comment, language, channel, campaign, segment, customer_id
    safe_cell,  # sentiment_label
    _number,  # sentiment_polarity
    _flag,  # flagged
    safe_cell,  # case_status
    safe_cell,  # email
    safe_cell,  # phone
)


def stream_csv(
    session_factory: sessionmaker[Session],
    *,
    filters: MetricFilters,
    kind: SurveyKind | None,
    include_email: bool,
) -> Iterator[str]:
    """The CSV text, header first, in chunks of :data:`CHUNK_ROWS` rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow((*COLUMNS, *CONTACT_COLUMNS) if include_email else COLUMNS)
    yield buffer.getvalue()
    with session_factory() as session:
        postgres = session.get_bind().dialect.name == "postgresql"
        chunks = _postgres_chunks if postgres else _python_chunks
        yield from chunks(session, filters=filters, kind=kind, include_email=include_email)


def _python_chunks(
    session: Session, *, filters: MetricFilters, kind: SurveyKind | None, include_email: bool
) -> Iterator[str]:
    """The rows as CSV text, typed values converted in Python (any database)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    stmt = export_query(filters=filters, kind=kind, include_email=include_email)
    for rows in session.execute(stmt.execution_options(yield_per=CHUNK_ROWS)).partitions():
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(
            [cell(value) for cell, value in zip(_CELLS, row, strict=False)] for row in rows
        )
        yield buffer.getvalue()
