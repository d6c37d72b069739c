"""Handing a chat to a person: a follow-up case opened from a conversation, not an answer.

When a customer asks for a person, complains, or the bot keeps failing, agents need the
same things as for a detractor: a case in their queue, with the transcript. There is no
survey answer behind it, so the case has no ``response_id``; the queue lists it by its case
id (``GET /v1/cases/{id}``, see :mod:`feedback_api.storage.cases`). Where a survey answer
of the same chat already opened a case, the request joins that one.

:func:`open_handoff_case` is idempotent per conversation and reason while the case is open:
Rasa retries slow actions and customers ask twice, and agents should see one case (with the
latest transcript and every complaint text), not a pile of duplicates.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from feedback_api.models import CaseNote, FollowUpCase, utcnow
from feedback_api.policy import (
    HANDOFF_PRIORITY,
    OPEN_STATUSES,
    CaseReason,
    CaseStatus,
    FollowUpPolicy,
    is_clearly_negative,
)
from feedback_api.schemas.cases import CaseUpdate
from feedback_api.settings import Settings
from feedback_api.storage.cases import (
    SYSTEM_ACTOR,
    new_case,
    open_case_of_conversation,
    update_case,
)
from feedback_api.storage.responses import (
    Analyzer,
    get_or_create_conversation,
    get_or_create_customer,
)
from sentiment import SentimentResult

BOT_AUTHOR = "bot"


def describe_sentiment(sentiment: SentimentResult) -> str:
    """One line for the agent, e.g. "negative (polarity -0.70, confidence 0.85, textblob)"."""
    detail = f"polarity {sentiment.polarity:+.2f}, confidence {sentiment.confidence:.2f}"
    why = f"; {sentiment.reason}" if sentiment.reason else ""
    return f"{sentiment.label} ({detail}, {sentiment.backend}{why})"


def open_handoff_case(
    session: Session,
    *,
    sender_id: str,
    reason: CaseReason,
    transcript: list[dict[str, Any]],
    customer_id: str | None = None,
    channel: str = "web",
    language: str = "en",
    campaign: str | None = None,
    comment: str | None = None,
    sentiment: SentimentResult | None = None,
    analyzer: Analyzer | None = None,
    settings: Settings | None = None,
    due_at: datetime | None = None,
    now: datetime | None = None,
) -> tuple[FollowUpCase, bool]:
    """Flag the conversation for agents; returns ``(case, created)``. The caller commits.

    ``comment`` is what the customer said (a complaint's text). Its ``sentiment`` (read by
    the caller, else computed with an ``analyzer``) is, like the text, kept as a note on the
    case so the agent reads both; a clearly negative one (thresholds from ``settings``) adds
    ``negative_comment`` to the reasons. An open chat case of the same conversation is
    reused, whatever its reason, and so is a survey answer's open case of the same chat
    (:func:`~feedback_api.storage.cases.open_case_of_conversation`): it gets the new
    reason, the higher priority of the two, the new transcript and the new comment as
    another note.
    """
    now = now or utcnow()
    customer = (
        get_or_create_customer(session, customer_id, language=language) if customer_id else None
    )
    conversation = get_or_create_conversation(
        session,
        sender_id,
        customer=customer,
        channel=channel,
        language=language,
        campaign=campaign,
    )
    conversation.transcript = transcript

    note = None
    reasons = [reason.value]
    if comment:
        note = f"Customer's words: {comment}"
        if sentiment is None and analyzer is not None:
            sentiment = analyzer.analyze(comment, language)
        if sentiment is not None:
            note += f"\nSentiment: {describe_sentiment(sentiment)}"
            if settings is not None and is_clearly_negative(
                sentiment, FollowUpPolicy.from_settings(settings)
            ):
                reasons.append(CaseReason.NEGATIVE_COMMENT.value)

    case = open_case_of_conversation(session, conversation.id)
    created = case is None
    if case is None:
        case = new_case(
            conversation_id=conversation.id,
            customer_id=customer.id if customer else None,
            priority=HANDOFF_PRIORITY[reason],
            reasons=reasons,
            channel=channel,
            language=language,
            campaign=campaign,
            due_at=due_at,
            now=now,
        )
        session.add(case)
    else:
        # JSON columns are replaced, not mutated in place, so the change is saved.
        case.reasons = list(dict.fromkeys([*case.reasons, *reasons]))
        case.priority = min(case.priority, HANDOFF_PRIORITY[reason])  # a complaint: sooner
        if due_at is not None and (case.due_at is None or due_at < case.due_at):
            # The customer is promised a person by then (round 14: an answer's case kept
            # its 48 hours while the chat said "tomorrow at 9:00").
            case.due_at = due_at
        case.updated_at = now
    if note is not None:
        case.notes.append(CaseNote(author=BOT_AUTHOR, body=note, created_at=now))
    session.flush()
    return case, created


def add_contact_note(
    session: Session, case_id: int, contact: str, *, now: datetime | None = None
) -> bool:
    """Keep how to reach an anonymous visitor on their case, for the agent who calls back.

    The visitor typed it in answer to "may we contact you?", so the note says consent was
    given. Returns ``False`` when there is no such case. The caller commits.
    """
    body = f"Contact the customer at {contact} (given, with consent, in the chat)"
    case = session.get(FollowUpCase, case_id)
    if case is not None and any(note.body == body for note in case.notes):
        return True  # said again ("when will you call me?"): noted once
    if case is not None and any(note.body.startswith(_CONTACT_NOTE) for note in case.notes):
        # A second contact (a corrected address, or one more way to reach them): the agent
        # must know which came last; a shopper's case showed both alike.
        body = (
            f"Contact the customer at {contact} (given, with consent, in the chat, after "
            "the one above)"
        )
    return add_bot_note(session, case_id, body, now=now)


_CONTACT_NOTE = "Contact the customer at "


HANDOFF_CONTACT_WITHDRAWN = (
    "The customer withdrew consent to be contacted in the chat: do not use the contact noted "
    "above; answer in the chat if they come back"
)


def add_contact_withdrawn_note(
    session: Session, case_id: int, *, now: datetime | None = None
) -> bool:
    """Note that the visitor took back the contact they gave ("please don't contact me after
    all"): the earlier note stays as history, this one tells the agent not to use it.
    Returns ``False`` when there is no such case. The caller commits."""
    case = session.get(FollowUpCase, case_id)
    if case is not None and any(note.body == HANDOFF_CONTACT_WITHDRAWN for note in case.notes):
        return True
    return add_bot_note(session, case_id, HANDOFF_CONTACT_WITHDRAWN, now=now)


def add_withdrawal_note(
    session: Session,
    case_id: int,
    words: str,
    *,
    what: str = "complaint",
    now: datetime | None = None,
) -> bool:
    """Note that the customer withdrew their complaint (or ``what`` else: their request for a
    person) in the chat, in their words.

    A case that was only that request (its one reason :attr:`CaseReason.HANDOFF`) is
    resolved: nobody is waiting for a person any more ("actually never mind, I found it"),
    and agents had found such cases open in their queue (round 22, three languages). Any
    other case stays for an agent to close: a complaint was opened as urgent, and only a
    person decides that nothing is left to do. It is no longer urgent, though: its priority
    drops to the normal one (its history says the chat did it), so it leaves the top of the
    queue (round 11: withdrawn complaints stayed at priority 1). Returns ``False`` when
    there is no such case.
    """
    body = f"The customer withdrew the {what} in the chat: {words}"
    case = session.get(FollowUpCase, case_id)
    if case is not None and case.status in OPEN_STATUSES and only_a_request_for_a_person(case):
        update_case(
            case,
            changes=CaseUpdate(status=CaseStatus.RESOLVED),
            actor=SYSTEM_ACTOR,
            now=now,
        )
    elif case is not None and case.priority < WITHDRAWN_PRIORITY:
        update_case(
            case,
            changes=CaseUpdate(priority=WITHDRAWN_PRIORITY),
            actor=SYSTEM_ACTOR,
            now=now,
        )
    return add_bot_note(session, case_id, body, now=now)


def only_a_request_for_a_person(case: FollowUpCase) -> bool:
    """Whether ``case`` was opened only because the customer asked for a person: no survey
    answer, complaint or negative words behind it."""
    return case.response_id is None and list(case.reasons or []) == [CaseReason.HANDOFF]


WITHDRAWN_PRIORITY = 3
"""The priority of a case whose complaint was withdrawn: the normal one, as a survey
answer's without a low score."""


def add_bot_note(session: Session, case_id: int, body: str, *, now: datetime | None = None) -> bool:
    """A note by the bot on a case; ``False`` when there is no such case. The caller commits."""
    case = session.get(FollowUpCase, case_id)
    if case is None:
        return False
    now = now or utcnow()
    case.notes.append(CaseNote(author=BOT_AUTHOR, body=body, created_at=now))
    case.updated_at = now
    session.flush()
    return True
