"""The database tables: customers, conversations, survey answers, sentiment and follow-up.

Times are stored as naive UTC (``UTCDateTime``) on every dialect, so the SQL that groups
answers by period behaves the same on SQLite and PostgreSQL; Python always sees aware UTC.
Columns that reports filter on are copied onto ``survey_responses`` at write time (channel,
language, campaign, segment): a report then reads one table, and a customer who later
changes segment does not rewrite history.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Dialect,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Text,
    TypeDecorator,
    event,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from feedback_api.policy import CaseStatus, NpsCategory, SurveyKind


def utcnow() -> datetime:
    """Now, as an aware UTC datetime."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in Python, naive UTC in the database."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; pass an aware (UTC) datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


class Base(DeclarativeBase):
    """Declarative base with our type map."""

    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class Role(enum.StrEnum):
    AGENT = "agent"
    MARKETER = "marketer"
    ADMIN = "admin"
    SERVICE = "service"  # a machine that only posts survey answers


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    # Stored as plain strings (no native ENUM type) so adding a value needs no DDL.
    return Enum(cls, name=name, native_enum=False, values_callable=lambda e: [m.value for m in e])


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(255), unique=True)
    email: Mapped[str | None] = mapped_column(String(320))
    email_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str | None] = mapped_column(String(16))
    segment: Mapped[str | None] = mapped_column(String(64))
    tags: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_surveyed_at: Mapped[datetime | None] = mapped_column()


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(255), unique=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    channel: Mapped[str] = mapped_column(String(32), default="web")
    language: Mapped[str | None] = mapped_column(String(16))
    campaign: Mapped[str | None] = mapped_column(String(64))
    transcript: Mapped[list[Any]] = mapped_column(default=list)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column()

    customer: Mapped[Customer | None] = relationship()


# Columns the rollups count by have ``active_history``: a change loads the old value first,
# so the rollup hook can take the answer out of its old bucket (feedback_api.storage.rollups).


class SurveyOffer(Base):
    """A survey the bot offered; the denominator of the response rate."""

    __tablename__ = "survey_offers"
    __table_args__ = (
        Index(
            "ix_survey_offers_kind_offered",
            "kind",
            "offered_at",
            postgresql_include=["channel", "language", "campaign", "customer_id"],
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[SurveyKind] = mapped_column(_enum(SurveyKind, "survey_kind"), active_history=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"))
    channel: Mapped[str] = mapped_column(String(32), default="web", active_history=True)
    language: Mapped[str] = mapped_column(String(16), default="en", active_history=True)
    campaign: Mapped[str | None] = mapped_column(String(64), active_history=True)
    offered_at: Mapped[datetime] = mapped_column(default=utcnow, active_history=True)


class SurveyResponse(Base):
    """One answer to an NPS or CSAT question, or a dismissed survey (``dismissed``)."""

    __tablename__ = "survey_responses"
    __table_args__ = (
        # Covering (PostgreSQL): an NPS/CSAT report with any filter reads only this index.
        Index(
            "ix_responses_kind_created",
            "kind",
            "created_at",
            postgresql_include=["score", "dismissed", "channel", "language", "campaign", "segment"],
        ),
        Index("ix_responses_customer_created", "customer_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[SurveyKind] = mapped_column(_enum(SurveyKind, "survey_kind"), active_history=True)
    score: Mapped[int | None] = mapped_column(Integer, active_history=True)
    category: Mapped[NpsCategory | None] = mapped_column(_enum(NpsCategory, "nps_category"))
    comment: Mapped[str | None] = mapped_column(Text)
    dismissed: Mapped[bool] = mapped_column(Boolean, default=False, active_history=True)
    language: Mapped[str] = mapped_column(String(16), default="en", active_history=True)
    channel: Mapped[str] = mapped_column(String(32), default="web", active_history=True)
    campaign: Mapped[str | None] = mapped_column(String(64), active_history=True)
    segment: Mapped[str | None] = mapped_column(String(64), active_history=True)
    source: Mapped[str] = mapped_column(String(16), default="chat")
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"))
    # Namespaced per API key (feedback_api.storage.responses.scoped_idempotency_key).
    idempotency_key: Mapped[str | None] = mapped_column(String(255), unique=True)
    # SHA-256 of the request an API idempotency key was first used with: a reuse with
    # another body is refused instead of answered with this answer.
    request_hash: Mapped[str | None] = mapped_column(String(64))
    # The address given with this answer; it does not replace the customer's stored one.
    contact_email: Mapped[str | None] = mapped_column(String(320))
    # The phone number given with this answer (digits, maybe a leading "+"); never the
    # customer's: customers have no phone column.
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, active_history=True)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)

    customer: Mapped[Customer | None] = relationship()
    conversation: Mapped[Conversation | None] = relationship()
    sentiment: Mapped[SentimentRecord | None] = relationship(
        back_populates="response", uselist=False
    )
    case: Mapped[FollowUpCase | None] = relationship(back_populates="response", uselist=False)


# A rollup bucket is one UTC hour or one UTC day (``hours`` = 1 or 24): days answer most
# reports, hours the edges of a window or of a local period that does not start at UTC
# midnight. An absent campaign or segment is stored as '' (a key column cannot be NULL).
ROLLUP_SPANS = (24, 1)
NPS_SCORES = range(11)  # one count column per possible score, n0..n10 (CSAT uses n1..n5)


class ResponseCount(Base):
    """Answers per bucket, kind, channel, language, campaign and segment: the reports' source.

    Kept in step with ``survey_responses`` in the same transaction by
    :mod:`feedback_api.storage.rollups` (an atomic ``INSERT ... ON CONFLICT DO UPDATE``
    adding deltas), so a report sums a few hundred rows instead of scanning every answer.
    ``n<score>`` counts answers that were not dismissed; ``dismissed`` counts dismissals.
    """

    __tablename__ = "response_counts"
    __table_args__ = (
        PrimaryKeyConstraint(
            "kind", "hours", "bucket", "channel", "language", "campaign", "segment"
        ),
    )

    kind: Mapped[SurveyKind] = mapped_column(_enum(SurveyKind, "survey_kind"))
    hours: Mapped[int] = mapped_column(Integer)
    bucket: Mapped[datetime] = mapped_column()
    channel: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(16))
    campaign: Mapped[str] = mapped_column(String(64))
    segment: Mapped[str] = mapped_column(String(64))
    n0: Mapped[int] = mapped_column(Integer, default=0)
    n1: Mapped[int] = mapped_column(Integer, default=0)
    n2: Mapped[int] = mapped_column(Integer, default=0)
    n3: Mapped[int] = mapped_column(Integer, default=0)
    n4: Mapped[int] = mapped_column(Integer, default=0)
    n5: Mapped[int] = mapped_column(Integer, default=0)
    n6: Mapped[int] = mapped_column(Integer, default=0)
    n7: Mapped[int] = mapped_column(Integer, default=0)
    n8: Mapped[int] = mapped_column(Integer, default=0)
    n9: Mapped[int] = mapped_column(Integer, default=0)
    n10: Mapped[int] = mapped_column(Integer, default=0)
    dismissed: Mapped[int] = mapped_column(Integer, default=0)


class OfferCount(Base):
    """Survey offers per bucket, kind, channel, language and campaign (CSAT's denominator)."""

    __tablename__ = "offer_counts"
    __table_args__ = (
        PrimaryKeyConstraint("kind", "hours", "bucket", "channel", "language", "campaign"),
    )

    kind: Mapped[SurveyKind] = mapped_column(_enum(SurveyKind, "survey_kind"))
    hours: Mapped[int] = mapped_column(Integer)
    bucket: Mapped[datetime] = mapped_column()
    channel: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(16))
    campaign: Mapped[str] = mapped_column(String(64))
    offers: Mapped[int] = mapped_column(Integer, default=0)


class SentimentRecord(Base):
    """The sentiment of a response's comment, and which analyzer said so."""

    __tablename__ = "sentiment_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("survey_responses.id", ondelete="CASCADE"), unique=True
    )
    label: Mapped[str] = mapped_column(String(16))
    polarity: Mapped[float] = mapped_column(Float)
    confidence: Mapped[float] = mapped_column(Float)
    backend: Mapped[str] = mapped_column(String(255))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    response: Mapped[SurveyResponse] = relationship(back_populates="sentiment")


# The open queue (policy.OPEN_STATUSES); the statuses are stored as their string values.
_OPEN_CASE = text("status IN ('open', 'in_progress')")


class FollowUpCase(Base):
    """Flagged feedback an agent follows up: the closed loop.

    ``priority`` is 1 (most urgent) to 4 (lowest). ``due_at`` is when the first contact is
    expected (48 hours after a detractor answer by default). ``reported_at`` is the queue's
    sort key: the answer's time, or the case's own for a conversation case (filled on
    insert); the two partial indexes serve the first page of the open queue, newest or most
    urgent first, without sorting every open case.
    """

    __tablename__ = "follow_up_cases"
    __table_args__ = (
        Index("ix_cases_status_created", "status", "created_at", "id"),
        Index("ix_cases_priority_created", "priority", "created_at", "id"),
        Index(
            "ix_cases_open_reported",
            "reported_at",
            "id",
            postgresql_where=_OPEN_CASE,
            sqlite_where=_OPEN_CASE,
        ),
        Index(
            "ix_cases_open_priority_reported",
            "priority",
            text("reported_at DESC"),
            text("id DESC"),
            postgresql_where=_OPEN_CASE,
            sqlite_where=_OPEN_CASE,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int | None] = mapped_column(ForeignKey("survey_responses.id"), unique=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    status: Mapped[CaseStatus] = mapped_column(
        _enum(CaseStatus, "case_status"), default=CaseStatus.OPEN
    )
    priority: Mapped[int] = mapped_column(Integer, default=3)
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    assignee: Mapped[str | None] = mapped_column(String(255), index=True)
    channel: Mapped[str] = mapped_column(String(32), default="web")
    language: Mapped[str] = mapped_column(String(16), default="en")
    campaign: Mapped[str | None] = mapped_column(String(64))
    due_at: Mapped[datetime | None] = mapped_column()
    first_contact_at: Mapped[datetime | None] = mapped_column()
    resolved_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    reported_at: Mapped[datetime] = mapped_column()

    response: Mapped[SurveyResponse | None] = relationship(back_populates="case")
    conversation: Mapped[Conversation | None] = relationship()
    customer: Mapped[Customer | None] = relationship()
    notes: Mapped[list[CaseNote]] = relationship(order_by="CaseNote.id")
    events: Mapped[list[CaseEvent]] = relationship(order_by="CaseEvent.id")


@event.listens_for(FollowUpCase, "before_insert")
def _set_reported_at(_mapper: object, _connection: object, case: FollowUpCase) -> None:
    """Fill the queue's sort key once, from the answer when the case has one.

    Cases are inserted with their answer in the same flush (``response.case = ...``), so the
    answer is in memory; a case without one sorts by its own creation time.
    """
    if case.created_at is None:
        case.created_at = utcnow()
    if case.reported_at is None:
        response = case.__dict__.get("response")  # never a lazy load inside a flush
        case.reported_at = response.created_at if response is not None else case.created_at


class CaseNote(Base):
    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("follow_up_cases.id"), index=True)
    author: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseEvent(Base):
    """One change to a case (status, assignee, priority): the case's history."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("follow_up_cases.id"), index=True)
    actor: Mapped[str] = mapped_column(String(255))
    field: Mapped[str] = mapped_column(String(32))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiKey(Base):
    """A machine credential. Only an HMAC of the key is stored; the prefix identifies it."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(_enum(Role, "role"))
    prefix: Mapped[str] = mapped_column(String(16), index=True)
    key_hash: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()


class User(Base):
    """A person who signs in to the agent console or the dashboard (argon2id password hash)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(_enum(Role, "role"))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column()
    disabled_at: Mapped[datetime | None] = mapped_column()
    # Signed cookies carry this number; signing out or disabling the user raises it, which
    # ends every session issued before (a copied cookie stops working at once).
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class SignInFailures(Base):
    """Failed sign-ins per scope (address, or address and username) in a fixed window.

    In the database so every API worker counts the same attempts.
    """

    __tablename__ = "sign_in_failures"

    scope: Mapped[str] = mapped_column(String(400), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    window_started_at: Mapped[datetime] = mapped_column()


class ReadinessProbe(Base):
    """One row that ``/readyz`` rewrites: readiness proves the database takes writes."""

    __tablename__ = "readiness_probes"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    checked_at: Mapped[datetime] = mapped_column()


class OrderStatus(enum.StrEnum):
    PLACED = "placed"
    PROCESSING = "processing"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


class RefundStatus(enum.StrEnum):
    NONE = "none"
    REQUESTED = "requested"
    APPROVED = "approved"
    PAID = "paid"
    REJECTED = "rejected"


class RefundRejection(enum.StrEnum):
    """Why a refund was refused, in words the bot can say in every language.

    A code, not free text: the shop's back office writes in one language, the customer may
    read another, and "why was my refund rejected?" deserves the reason, not "we emailed you".
    """

    RETURN_WINDOW_PASSED = "return_window_passed"
    ITEM_NOT_RETURNED = "item_not_returned"
    ITEM_USED = "item_used"
    NOT_RETURNABLE = "not_returnable"


class Order(Base):
    """Orders the bot can look up. A demo table by default; shops plug in their own backend.

    See ``bot/actions/orders.py`` for the lookup interface; this table backs its default.
    """

    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_number: Mapped[str] = mapped_column(String(32), unique=True)
    customer_external_id: Mapped[str | None] = mapped_column(String(255), index=True)
    status: Mapped[OrderStatus] = mapped_column(_enum(OrderStatus, "order_status"))
    carrier: Mapped[str | None] = mapped_column(String(64))
    tracking_number: Mapped[str | None] = mapped_column(String(64))
    total_amount: Mapped[float] = mapped_column(Float, default=0.0)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    placed_at: Mapped[datetime] = mapped_column(default=utcnow)
    estimated_delivery: Mapped[datetime | None] = mapped_column()
    delivered_at: Mapped[datetime | None] = mapped_column()
    refund_status: Mapped[RefundStatus] = mapped_column(
        _enum(RefundStatus, "refund_status"), default=RefundStatus.NONE
    )
    refund_amount: Mapped[float | None] = mapped_column(Float)
    refund_updated_at: Mapped[datetime | None] = mapped_column()
    refund_rejection: Mapped[RefundRejection | None] = mapped_column(
        _enum(RefundRejection, "refund_rejection")
    )
