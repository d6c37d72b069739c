"""The bot's one gateway to its data: answers, offers, the survey throttle, cases, orders,
and the sentiment of a comment (the analyzer the answers are stored with).

Dialogue code never opens a database session: it asks :func:`get_store` for a
:class:`FeedbackStore` and calls plain methods that take what the conversation knows (its
:class:`~bot.actions.context.ConversationContext`, the transcript) and return small frozen
results, never ORM objects. That keeps the storage behind one seam: :class:`DatabaseStore`
is the store today; pointing the bot at the HTTP API instead is a second class with the
same methods, and no action changes (``tests/bot/test_store_seam.py`` runs the dialogue on
another store to keep it so).

Every method is synchronous (SQLAlchemy sessions, each in its own transaction); actions
call them through ``asyncio.to_thread`` so a slow database never blocks the event loop.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from bot.actions.context import ConversationContext
from bot.actions.orders import OrderInfo
from bot.actions.services import Services, get_services
from feedback_api.db import session_scope
from feedback_api.policy import CaseReason, SurveyKind
from feedback_api.schemas.responses import ResponseCreate
from feedback_api.storage.handoff import (
    add_bot_note,
    add_contact_note,
    add_contact_withdrawn_note,
    add_withdrawal_note,
    open_handoff_case,
)
from feedback_api.storage.orders import find_order
from feedback_api.storage.outbox import FlushResult, Outbox, OutboxRecord, database_deliverer
from feedback_api.storage.responses import (
    CHAT_SOURCE,
    recently_surveyed,
    record_offer,
    store_response,
)
from sentiment import SentimentResult

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredAnswer:
    """What the actions need to know about a stored answer (the ORM object stays here)."""

    response_id: int
    created: bool
    flagged: bool


@dataclass(frozen=True)
class HandoffRequest:
    """Everything a handoff case needs, gathered on the event loop before the write."""

    sender_id: str
    reason: CaseReason
    context: ConversationContext
    transcript: list[dict[str, Any]]
    comment: str | None
    due_at: datetime
    sentiment: SentimentResult | None = None
    """The comment's sentiment, when the action read it already (not read a second time)."""


def _state(data: ResponseCreate) -> dict[str, Any]:
    """What an answer says, whenever it was sent (each delivery fixes its own time)."""
    return data.model_dump(exclude={"created_at"})


class WaitsInOutbox(Exception):
    """An answer whose earlier state is still queued: it must be queued behind it."""


class FeedbackStore(Protocol):
    """What the bot reads and writes; each method blocks (call it in a worker thread)."""

    def save_answer(
        self, data: ResponseCreate, *, transcript: list[dict[str, Any]]
    ) -> StoredAnswer: ...
    def queue_answer(self, record: OutboxRecord) -> None: ...
    def flush_outbox(self) -> FlushResult: ...
    def save_offer(
        self, kind: SurveyKind, *, sender_id: str, context: ConversationContext
    ) -> None: ...
    def recently_surveyed(self, customer_id: str) -> bool: ...
    def open_handoff(self, request: HandoffRequest) -> int: ...
    def find_order(self, order_number: str, customer_id: str | None) -> OrderInfo | None: ...
    def read_sentiment(self, text: str, language: str) -> SentimentResult: ...
    def save_handoff_contact(
        self, case_id: int, contact: str, *, words: str | None = None
    ) -> None: ...
    def withdraw_complaint(self, case_id: int, words: str) -> None: ...
    def withdraw_handoff(self, case_id: int, words: str) -> None: ...
    def withdraw_handoff_contact(self, case_id: int) -> None: ...


class DatabaseStore:
    """The :class:`FeedbackStore` on the database and analyzer of ``services``."""

    def __init__(self, services: Services) -> None:
        self.services = services

    @property
    def outbox(self) -> Outbox:
        """Where answers wait while the database is unreachable."""
        return Outbox(self.services.settings.outbox_path)

    def save_answer(
        self, data: ResponseCreate, *, transcript: list[dict[str, Any]]
    ) -> StoredAnswer:
        """Store one chat answer (idempotent on ``data.idempotency_key``; a later state of an
        answer stored earlier in its survey brings it up to date).

        Raises :class:`WaitsInOutbox` while an earlier state of the same answer waits in the
        outbox: written now, it would be overwritten by that older state when the outbox is
        replayed, so the caller queues it behind (replays keep their order).
        """
        if self.outbox.has_pending() and any(
            record.key == data.idempotency_key and _state(record.response) != _state(data)
            for record in self.outbox.records()
        ):
            raise WaitsInOutbox("an earlier state of this answer waits in the outbox")
        with session_scope(self.services.engine) as session:
            response, created = store_response(
                session,
                data,
                analyzer=self.services.analyzer,
                settings=self.services.settings,
                source=CHAT_SOURCE,
                transcript=transcript,
            )
            return StoredAnswer(
                response_id=response.id, created=created, flagged=response.case is not None
            )

    def queue_answer(self, record: OutboxRecord) -> None:
        """Keep an answer durably in the outbox until the database is back."""
        self.outbox.append(record)

    def flush_outbox(self) -> FlushResult:
        """Write the answers waiting in the outbox to the database (blocking)."""
        outbox = self.outbox
        if not outbox.has_pending():
            return FlushResult()
        services = self.services
        return outbox.flush(
            database_deliverer(services.engine, services.settings, services.analyzer)
        )

    def save_offer(self, kind: SurveyKind, *, sender_id: str, context: ConversationContext) -> None:
        """Note that the bot offered a survey (the denominator of the response rate)."""
        with session_scope(self.services.engine) as session:
            record_offer(
                session,
                kind=kind,
                customer_id=context.customer_id,
                sender_id=sender_id,
                channel=context.channel,
                language=context.language,
                campaign=context.campaign,
            )

    def recently_surveyed(self, customer_id: str) -> bool:
        """Whether the survey throttle says not to ask this customer again yet."""
        with session_scope(self.services.engine) as session:
            return recently_surveyed(
                session,
                customer_id,
                days=self.services.settings.survey_throttle_days,
                now=datetime.now(UTC),
            )

    def open_handoff(self, request: HandoffRequest) -> int:
        """Open (or reuse) the conversation's case; returns its id."""
        with session_scope(self.services.engine) as session:
            case, created = open_handoff_case(
                session,
                sender_id=request.sender_id,
                reason=request.reason,
                transcript=request.transcript,
                customer_id=request.context.customer_id,
                channel=request.context.channel,
                language=request.context.language,
                campaign=request.context.campaign,
                comment=request.comment,
                sentiment=request.sentiment,
                # The analyzer is built on first use; a handoff without words does not need it,
                # nor one whose words the action has read already.
                analyzer=self.services.analyzer
                if request.comment and request.sentiment is None
                else None,
                settings=self.services.settings,
                due_at=request.due_at,
            )
            logger.info(
                "%s case %s %s for conversation %s",
                request.reason.value,
                case.id,
                "opened" if created else "updated",
                request.sender_id,
            )
            return case.id

    def save_handoff_contact(self, case_id: int, contact: str, *, words: str | None = None) -> None:
        """Note the visitor's email or phone on their handoff case, and the ``words`` they
        wrote with it, if they said more than the contact."""
        with session_scope(self.services.engine) as session:
            if not add_contact_note(session, case_id, contact):
                logger.warning("no case %s to note a contact on", case_id)
            elif words:
                add_bot_note(session, case_id, f"Customer's words with the contact: {words}")

    def withdraw_complaint(self, case_id: int, words: str) -> None:
        """Note on the complaint's case that the customer withdrew it, and how they said so."""
        with session_scope(self.services.engine) as session:
            if not add_withdrawal_note(session, case_id, words):
                logger.warning("no case %s to note a withdrawal on", case_id)

    def withdraw_handoff(self, case_id: int, words: str) -> None:
        """Note on the handoff case that the customer no longer wants a person, and how they
        said so ("actually never mind"); a case that was only that request is resolved, any
        other is no longer urgent (:func:`~feedback_api.storage.handoff.add_withdrawal_note`)."""
        with session_scope(self.services.engine) as session:
            if not add_withdrawal_note(session, case_id, words, what="request for a person"):
                logger.warning("no case %s to note a withdrawal on", case_id)

    def withdraw_handoff_contact(self, case_id: int) -> None:
        """Note on the handoff case that the visitor no longer wants to be contacted."""
        with session_scope(self.services.engine) as session:
            if not add_contact_withdrawn_note(session, case_id):
                logger.warning("no case %s to note a withdrawn contact on", case_id)

    def find_order(self, order_number: str, customer_id: str | None) -> OrderInfo | None:
        """The order from our ``orders`` table, if this customer may see it."""
        with session_scope(self.services.engine) as session:
            order = find_order(session, order_number, customer_id=customer_id)
            return OrderInfo.model_validate(order) if order is not None else None

    def read_sentiment(self, text: str, language: str) -> SentimentResult:
        """The sentiment of a comment before it is stored (the survey checks its score)."""
        return self.services.analyzer.analyze(text, language)


_override: FeedbackStore | None = None


def get_store() -> FeedbackStore:
    """The store for this process: the database of :func:`get_services`, unless a test
    put another in place with :func:`use_store`."""
    return _override if _override is not None else DatabaseStore(get_services())


@contextmanager
def use_store(store: FeedbackStore) -> Iterator[FeedbackStore]:
    """Make the actions use ``store`` inside the ``with`` block (tests)."""
    global _override
    previous, _override = _override, store
    try:
        yield store
    finally:
        _override = previous
