"""Opaque keyset cursors for the detractor queue.

Offset paging skips or repeats rows when new cases arrive between two page loads, which
is exactly when agents page through the queue. A keyset cursor instead carries the sort
key of the last row shown (``created_at`` and ``id``, plus ``priority`` for the priority
sort) and the next page starts strictly after it.

The cursor is URL-safe base64 of a small JSON object. It is opaque to clients but not a
secret: an edited cursor only moves where a page starts, filters and authorization still
apply, so it is validated strictly and rejected (:class:`InvalidCursor`) rather than signed.
"""

from __future__ import annotations

import base64
import binascii
import enum
from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, field_validator

from feedback_api.schemas.common import as_utc

MAX_CURSOR_CHARS = 512


class SortOrder(enum.StrEnum):
    NEWEST = "newest"  # created_at desc, id desc
    PRIORITY = "priority"  # priority asc (1 = most urgent), created_at desc, id desc


class InvalidCursor(ValueError):
    """The cursor was not made by us for this sort order."""


class Cursor(BaseModel):
    """Where the next page starts: the sort key of the last row of the previous page."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    sort: SortOrder
    created_at: AwareDatetime
    id: int = Field(ge=1, le=2**31 - 1)  # a larger id would overflow the column type
    priority: int | None = Field(default=None, ge=1, le=4)

    @field_validator("created_at")
    @classmethod
    def _in_range(cls, value: datetime) -> datetime:
        # A forged cursor may carry a time UTC cannot hold; refuse it before the query.
        return as_utc(value)


def encode_cursor(cursor: Cursor) -> str:
    """The opaque string a client sends back as ``cursor``."""
    payload = cursor.model_dump_json(exclude_none=True).encode()
    return base64.urlsafe_b64encode(payload).decode().rstrip("=")


def decode_cursor(token: str, *, sort: SortOrder) -> Cursor:
    """Parse a cursor made by :func:`encode_cursor` for ``sort``; :class:`InvalidCursor` else."""
    if not token or len(token) > MAX_CURSOR_CHARS:
        raise InvalidCursor("cursor is not valid: send back next_cursor unchanged")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        cursor = Cursor.model_validate_json(raw)
    except (binascii.Error, ValueError, ValidationError) as exc:
        raise InvalidCursor("cursor is not valid: send back next_cursor unchanged") from exc
    if cursor.sort is not sort:
        raise InvalidCursor(f"cursor was made for sort={cursor.sort.value}, not sort={sort.value}")
    if (cursor.priority is None) is (sort is SortOrder.PRIORITY):
        raise InvalidCursor("cursor is not valid: send back next_cursor unchanged")
    return cursor
