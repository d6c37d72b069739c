"""Query parameters, bodies and results of the agent endpoints (the detractor queue).

List items never carry an email or a phone number: the queue is browsed, shared and
screenshotted. The detail view shows the email of a customer who consented to be contacted,
and the phone number given with consent with the answer, because the agent's job is to
contact them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from feedback_api.policy import OPEN_STATUSES, CaseStatus, NpsCategory, SurveyKind
from feedback_api.schemas.common import MAX_COMMENT_CHARS, Slug, clean_text, no_control
from feedback_api.schemas.metrics import Language, QueryDate, to_instant
from feedback_api.schemas.pagination import SortOrder
from feedback_api.schemas.responses import ResponseOut, SentimentOut

UNASSIGNED = "none"


@dataclass(frozen=True)
class DetractorFilters:
    statuses: tuple[CaseStatus, ...] = OPEN_STATUSES
    start: datetime | None = None  # inclusive, on the answer's created_at
    end: datetime | None = None  # exclusive
    channel: str | None = None
    language: str | None = None
    campaign: str | None = None
    assignee: str | None = None
    unassigned: bool = False
    # Cases without a survey answer (handoffs, complaints). Off by default, for a caller
    # that shows every row as an answer; the API and the agent console set it.
    include_conversation_cases: bool = False


def _split_commas(value: object) -> object:
    """``?status=open,resolved`` and ``?status=open&status=resolved`` mean the same.

    A ``?status=`` given empty is refused, as an empty ``?cursor=`` is: leave it out instead.
    """
    if isinstance(value, list):
        parts = [part.strip() for item in value for part in str(item).split(",") if part.strip()]
        if value and not parts:
            raise ValueError("status is empty: name a status, or leave the parameter out")
        return parts
    return value


Assignee = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=255),
    AfterValidator(no_control),
]


class DetractorQuery(BaseModel):
    """Filters, order and page of ``GET /v1/detractors``."""

    model_config = ConfigDict(extra="forbid")

    status: Annotated[list[CaseStatus], BeforeValidator(_split_commas)] = Field(
        default_factory=list, description="Repeat or comma-separate; default open,in_progress"
    )
    date_from: QueryDate | None = Field(default=None, description="On the answer's created_at")
    date_to: QueryDate | None = Field(default=None, description="A date includes that day")
    channel: Slug | None = None
    language: Language | None = None
    campaign: Slug | None = None
    assignee: Assignee | None = Field(default=None, description="'none' for unassigned cases")
    sort: SortOrder = SortOrder.NEWEST
    limit: int = Field(default=50, ge=1, le=200)
    cursor: str | None = Field(default=None, description="next_cursor of the previous page")

    def _bounds(self) -> tuple[datetime | None, datetime | None]:
        """``[start, end)`` in UTC; the queue has no time zone parameter, so dates are UTC days."""
        start = to_instant(self.date_from, "UTC", end=False) if self.date_from is not None else None
        end = to_instant(self.date_to, "UTC", end=True) if self.date_to is not None else None
        return start, end

    @model_validator(mode="after")
    def _ordered(self) -> DetractorQuery:
        start, end = self._bounds()
        if start is not None and end is not None and start > end:
            raise ValueError("date_from is after date_to")
        return self

    def filters(self) -> DetractorFilters:
        unassigned = self.assignee is not None and self.assignee.lower() == UNASSIGNED
        start, end = self._bounds()
        return DetractorFilters(
            statuses=tuple(dict.fromkeys(self.status)) or OPEN_STATUSES,
            start=start,
            end=end,
            channel=self.channel,
            language=self.language,
            campaign=self.campaign,
            assignee=None if unassigned else self.assignee,
            unassigned=unassigned,
        )


class DetractorItem(BaseModel):
    """One flagged answer in the queue (no email or phone, ever), or a case opened from a
    chat."""

    id: int | None = Field(
        description="The survey response id; use it with /v1/feedback/{id}. Null for a case "
        "opened from a conversation (handoff, complaint): use /v1/cases/{case_id}"
    )
    case_id: int
    kind: SurveyKind | None = Field(description="Null for a case opened from a conversation")
    score: int | None
    category: NpsCategory | None
    comment: str | None
    sentiment: SentimentOut | None
    status: CaseStatus
    priority: int = Field(description="1 (most urgent) to 4")
    reasons: list[str]
    assignee: str | None
    channel: str
    language: str
    campaign: str | None
    customer_id: str | None = Field(description="The customer's external id")
    created_at: datetime
    due_at: datetime | None
    overdue: bool = Field(description="Past due_at with no first contact and not resolved")


class DetractorPage(BaseModel):
    items: list[DetractorItem]
    next_cursor: str | None = Field(description="Pass as cursor for the next page; null at end")


class CustomerOut(BaseModel):
    external_id: str
    language: str | None
    segment: str | None
    email: str | None = Field(description="Only when the customer consented to be contacted")
    phone: str | None = Field(
        default=None,
        description="The phone number given with this answer, only when it was given with "
        "consent to be contacted",
    )
    email_consent: bool


class ConversationOut(BaseModel):
    sender_id: str
    channel: str
    language: str | None
    campaign: str | None
    transcript: list[Any]
    started_at: datetime
    ended_at: datetime | None


class CaseOut(BaseModel):
    id: int
    status: CaseStatus
    priority: int
    reasons: list[str]
    assignee: str | None
    due_at: datetime | None
    first_contact_at: datetime | None
    resolved_at: datetime | None
    overdue: bool
    created_at: datetime
    updated_at: datetime


class NoteOut(BaseModel):
    author: str
    body: str
    created_at: datetime


class EventOut(BaseModel):
    actor: str
    field: str
    old: str | None
    new: str | None
    created_at: datetime


class FeedbackDetail(BaseModel):
    """Everything an agent needs to follow one answer (or one conversation's case) up."""

    response: ResponseOut | None = Field(
        description="Null for a case opened from a conversation (handoff, complaint)"
    )
    customer: CustomerOut | None
    conversation: ConversationOut | None
    case: CaseOut | None
    notes: list[NoteOut]
    history: list[EventOut]


class CaseUpdate(BaseModel):
    """``PATCH /v1/feedback/{id}``: only the fields sent change; ``assignee: null`` unassigns."""

    model_config = ConfigDict(extra="forbid")

    status: CaseStatus | None = None
    assignee: Assignee | None = None
    priority: int | None = Field(default=None, ge=1, le=4)
    note: str | None = Field(default=None, max_length=MAX_COMMENT_CHARS)

    @field_validator("status", "priority", "note")
    @classmethod
    def _not_null(cls, value: object) -> object:
        # Validators see only values that were sent, so None here is an explicit null.
        if value is None:
            raise ValueError("may not be null")
        return value

    @field_validator("note")
    @classmethod
    def _note(cls, value: str) -> str:
        cleaned = clean_text(value)
        if not cleaned:
            raise ValueError("note is empty")
        return cleaned

    @field_validator("assignee")
    @classmethod
    def _assignee(cls, value: str | None) -> str | None:
        if value is not None and value.lower() == UNASSIGNED:
            raise ValueError("'none' is reserved for filtering; send null to unassign")
        return value

    @model_validator(mode="after")
    def _something(self) -> CaseUpdate:
        if not self.model_fields_set:
            raise ValueError("nothing to update: send status, assignee, priority or note")
        return self
