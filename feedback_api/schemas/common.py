"""Field types and cleaners every schema shares: one normaliser per thing.

The language code, the tag ("slug") and free text are checked and cleaned here once, so
the chat, the ingest endpoint and the report filters accept exactly the same values.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

from sentiment import normalize_language

MAX_COMMENT_CHARS = 5000
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Years a stored time may have: the sentinels either side keep every time zone shift of
# a stored value inside what datetime (and both databases) can represent.
EARLIEST_YEAR = 2000
LATEST_YEAR = 9998

Slug = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$"
    ),
]


def no_control(value: str) -> str:
    """Refuse control characters (NUL above all) in ids, emails and names.

    PostgreSQL cannot store NUL in text at all, and a line break inside an id only
    hides it in logs and exports; refusing them here makes both databases answer 422.
    """
    if _ANY_CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value


PlainText = Annotated[str, AfterValidator(no_control)]


def as_utc(value: datetime) -> datetime:
    """An aware datetime in UTC (naive means UTC), refusing what UTC cannot hold.

    ``0001-01-01T00:00:00+14:00`` is a valid ISO time but lies before year 1 in UTC;
    ``astimezone`` then raises OverflowError, which must be a validation error, not a 500.
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        value = value.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError("time is out of range") from exc
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"time must lie between the years {EARLIEST_YEAR} and {LATEST_YEAR}")
    return value


def language_code(value: str) -> str:
    """``en-US`` -> ``en``: the code an answer is stored and reported under; ``ValueError``
    for what is no language tag.

    Reports group by the primary language subtag. The validation is ours; the reduction is
    the analyzers' own :func:`sentiment.normalize_language`, so stored answers and sentiment
    agree on a code.
    """
    if not _LANGUAGE.match(value):
        raise ValueError("language must be a language code such as 'en', 'ka', 'hy' or 'am'")
    return normalize_language(value)


def clean_text(value: str) -> str:
    """Drop control characters (kept: newline, tab) and surrounding whitespace."""
    return _CONTROL.sub("", value).strip()
