"""The one validation every survey answer passes, from the chat or the API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from feedback_api.schemas.common import MAX_COMMENT_CHARS
from feedback_api.schemas.responses import ResponseCreate


def test_valid_answer_is_normalised() -> None:
    answer = ResponseCreate(
        kind="nps",
        score=9,
        comment="  great\x00 service\x07 \n",
        language="en-US",
        channel="web",
        email=" Ana@Example.COM ",
        contact_consent=True,
        created_at=datetime(2026, 1, 5, 12, 0),
    )
    assert answer.language == "en"
    assert answer.comment == "great service"
    assert answer.email == "ana@example.com"
    assert answer.created_at == datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "nps", "score": 11}, "between 0 and 10"),
        ({"kind": "nps", "score": -1}, "between 0 and 10"),
        ({"kind": "csat", "score": 0}, "between 1 and 5"),
        ({"kind": "csat", "score": 6}, "between 1 and 5"),
        ({"kind": "nps"}, "score is required"),
        ({"kind": "nps", "score": 5, "dismissed": True}, "dismissed survey has no score"),
        ({"kind": "nps", "score": 5, "language": "english!"}, "language code"),
        ({"kind": "nps", "score": 5, "email": "not-an-email"}, "valid address"),
        ({"kind": "nps", "score": 5, "unknown": 1}, "Extra inputs"),
        ({"kind": "nps", "score": 5, "comment": "x" * (MAX_COMMENT_CHARS + 1)}, "at most"),
        ({"kind": "nps", "score": 5, "channel": "web site"}, "pattern"),
        ({"kind": "rating", "score": 5}, "nps"),
    ],
)
def test_invalid_answers_are_refused_with_a_reason(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        ResponseCreate(**fields)


def test_future_and_ancient_dates_are_refused() -> None:
    with pytest.raises(ValidationError, match="future"):
        ResponseCreate(kind="nps", score=5, created_at=datetime.now(UTC) + timedelta(days=1))
    with pytest.raises(ValidationError, match="2000"):
        ResponseCreate(kind="nps", score=5, created_at=datetime(1999, 12, 31, tzinfo=UTC))


def test_blank_comment_becomes_none_and_dismissal_needs_no_score() -> None:
    assert ResponseCreate(kind="nps", score=3, comment=" \t ").comment is None
    assert ResponseCreate(kind="nps", dismissed=True).score is None
