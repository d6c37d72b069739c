"""The CSV export of survey answers, streamed in chunks.

An export can cover millions of answers, so rows are fetched with ``yield_per`` (a
server-side cursor on PostgreSQL) and written out one chunk at a time: memory stays flat
however large the window. The generator opens its own session because it runs after the
route has returned and the request's session is closed.

Speed (50,000+ rows/s is the goal): the columns are read as their plain database types
(no enum or time-zone conversion per cell by SQLAlchemy), and each column has its one
converter chosen up front, so a row costs a few calls before the C ``csv`` writer.

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

from sqlalchemy import DateTime, Select, String, case, select, type_coerce
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


def export_query(
    *, filters: MetricFilters, kind: SurveyKind | None, include_email: bool
) -> Select[*tuple[Any, ...]]:
    """The rows of the export, oldest first; ``email`` only for customers who consented."""
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
    ]
    if include_email:
        columns.append(case((Customer.email_consent.is_(True), Customer.email)))
    return (
        select(*columns)
        .outerjoin(Customer, Customer.id == SurveyResponse.customer_id)
        .outerjoin(SentimentRecord, SentimentRecord.response_id == SurveyResponse.id)
        .outerjoin(FollowUpCase, FollowUpCase.response_id == SurveyResponse.id)
        .where(*response_conditions(filters, kind))
        .order_by(SurveyResponse.created_at, SurveyResponse.id)
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
    writer.writerow((*COLUMNS, "email") if include_email else COLUMNS)
    yield buffer.getvalue()
    stmt = export_query(filters=filters, kind=kind, include_email=include_email)
    with session_factory() as session:
        result = session.execute(stmt.execution_options(yield_per=CHUNK_ROWS))
        for rows in result.partitions():
            buffer.seek(0)
            buffer.truncate()
            writer.writerows(
                [cell(value) for cell, value in zip(_CELLS, row, strict=False)] for row in rows
            )
            yield buffer.getvalue()
