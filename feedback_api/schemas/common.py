"""Field types and cleaners every schema shares: one normaliser per thing.

The language code, the tag ("slug") and free text are checked and cleaned here once, so
the chat, the ingest endpoint and the report filters accept exactly the same values.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import StringConstraints

from sentiment import normalize_language

MAX_COMMENT_CHARS = 5000
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Slug = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[\w.\-]+$"),
]


def normalise_language(value: str) -> str:
    """``en-US`` -> ``en``: reports group by the primary language subtag.

    Checks that ``value`` is a language tag at all, then reduces it with the analyzers' own
    :func:`sentiment.normalize_language`, so stored answers and sentiment agree on a code.
    """
    if not _LANGUAGE.match(value):
        raise ValueError("language must be a language code such as 'en', 'ka', 'hy' or 'am'")
    return normalize_language(value)


def clean_text(value: str) -> str:
    """Drop control characters (kept: newline, tab) and surrounding whitespace."""
    return _CONTROL.sub("", value).strip()
