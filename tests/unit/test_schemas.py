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
        ({"kind": "nps", "score": 5, "phone": "555-12"}, "phone is not a valid phone number"),
        ({"kind": "nps", "score": 5, "phone": "x" * 33}, "at most 32"),
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


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("+995 555 12-34-56", "+995555123456"),
        ("(555) 123-4567", "5551234567"),
        (" +374.10.123456 ", "+37410123456"),
        ("0911 22 33 44", "0911223344"),
        ("1234567", "1234567"),  # 7 digits, the fewest
        ("+123456789012345", "+123456789012345"),  # 15, E.164's most
    ],
)
def test_phone_is_stored_as_digits_with_an_optional_plus(given: str, stored: str) -> None:
    assert ResponseCreate(kind="nps", score=3, phone=given).phone == stored


@pytest.mark.parametrize(
    "phone",
    [
        "123456",  # 6 digits
        "+1234567890123456",  # 16
        "555 CALL ME",
        "+",
        "++995555123456",
        "995+555123456",
        "555/123/4567",
        "",
        "٠٩٢٢٣٣٤٤٥٥",  # digits, but not ASCII ones: an agent could not dial them
    ],
)
def test_invalid_phone_is_refused(phone: str) -> None:
    with pytest.raises(ValidationError, match="phone is not a valid phone number"):
        ResponseCreate(kind="nps", score=3, phone=phone)
