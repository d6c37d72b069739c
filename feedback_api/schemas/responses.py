"""Survey answers in and out, shared by the HTTP API and the Rasa actions.

Both ways in (the chat and ``POST /v1/responses``) validate with :class:`ResponseCreate`,
so a survey answer is held to the same rules wherever it comes from.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    field_validator,
    model_validator,
)

from feedback_api.policy import SCORE_RANGES, CaseStatus, NpsCategory, SurveyKind
from feedback_api.schemas.common import (
    MAX_COMMENT_CHARS,
    PlainText,
    Slug,
    as_utc,
    clean_text,
    language_code,
)

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
# A phone number once blanks, dots, dashes and brackets are gone: an optional "+", then
# 7-15 digits (E.164 allows at most 15), as the chat's parse_phone keeps it.
_PHONE_SEPARATORS = re.compile(r"[\s.()\-]")
_PHONE = re.compile(r"^\+?[0-9]{7,15}$")


class ResponseCreate(BaseModel):
    """A survey answer as it arrives from the chat or the ingest endpoint."""

    model_config = ConfigDict(extra="forbid", str_max_length=MAX_COMMENT_CHARS * 4)

    kind: SurveyKind
    score: StrictInt | None = Field(
        default=None,
        description='NPS 0-10 or CSAT 1-5 as a JSON integer (not true, "5" or 5.0); '
        "null if dismissed",
    )
    comment: str | None = Field(default=None, max_length=MAX_COMMENT_CHARS)
    customer_id: PlainText | None = Field(default=None, min_length=1, max_length=255)
    channel: Slug = "api"
    language: str = Field(default="en", max_length=35)
    campaign: Slug | None = None
    segment: Slug | None = None
    created_at: datetime | None = None
    dismissed: bool = False
    complaint: bool = Field(default=False, description="The customer complained; opens a case")
    email: PlainText | None = Field(default=None, max_length=320)
    phone: PlainText | None = Field(
        default=None,
        max_length=32,
        description='Stored as an optional "+" and 7-15 digits ("+995 555 12-34-56" is '
        '"+995555123456"); kept, like email, only with contact_consent',
    )
    contact_consent: bool | None = None
    conversation_id: PlainText | None = Field(default=None, min_length=1, max_length=255)
    idempotency_key: PlainText | None = Field(default=None, min_length=1, max_length=255)

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        return language_code(value)

    @field_validator("comment")
    @classmethod
    def _comment(cls, value: str | None) -> str | None:
        if value is None:
            return None
        cleaned = clean_text(value)
        return cleaned or None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if not _EMAIL.match(value):
            raise ValueError("email is not a valid address")
        return value.lower()

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = _PHONE_SEPARATORS.sub("", value)
        if not _PHONE.match(value):
            raise ValueError("phone is not a valid phone number")
        return value

    @field_validator("created_at")
    @classmethod
    def _created_at(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        value = as_utc(value)
        if value > datetime.now(UTC) + timedelta(minutes=5):
            raise ValueError("created_at is in the future")
        return value

    @model_validator(mode="after")
    def _score_fits_kind(self) -> ResponseCreate:
        if self.dismissed:
            if self.score is not None:
                raise ValueError("a dismissed survey has no score")
            return self
        if self.score is None:
            raise ValueError("score is required unless the survey was dismissed")
        low, high = SCORE_RANGES[self.kind]
        if not low <= self.score <= high:
            raise ValueError(f"{self.kind.value} score must be between {low} and {high}")
        return self


class SentimentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    label: str
    polarity: float
    confidence: float
    backend: str
    reason: str | None = None


class ResponseOut(BaseModel):
    """A stored answer, as returned to whoever recorded it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: SurveyKind
    score: int | None
    category: NpsCategory | None
    comment: str | None
    dismissed: bool
    language: str
    channel: str
    campaign: str | None
    segment: str | None
    created_at: datetime
    sentiment: SentimentOut | None
    flagged: bool
    case_id: int | None
    case_status: CaseStatus | None = None
    priority: int | None = None
